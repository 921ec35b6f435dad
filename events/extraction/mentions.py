"""Mentions in one sentence: actors, places, pronoun-like references and event triggers.

Mentions are found by looking up every token n-gram (longest first) in the actor dictionary,
the gazetteer, the anaphor list and the trigger lexicon. A name that is both an actor and a
place ("North Korea", "Moscow") is read by its syntax: after a locative preposition ("in",
"into", "near", "the city of") it is a place; otherwise it names the state as an actor. Places
after "from" are origins ("volunteers from Sweden"), never event locations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..reference.actors import Actor, actor_case, actor_index, actors_by_name, anaphor_index
from ..reference.lexicon import ARABIC_ARTICLES, normalize_key, read_table, split_list, strip_arabic_article
from ..reference.gazetteer import PlaceContext, gazetteer, is_curated_name, is_minor_place, is_only_towns, rank_candidates

MAX_TOKENS = 8
_HYPHENED_ARTICLE = re.compile(r"(?i)(?:al|el|ad|ar|as|ash|at|az|an)-\w")
LOCATIVE = {"in", "at", "near", "into", "inside", "outside", "across", "throughout", "around",
            "within", "toward", "towards", "on", "over", "outskirts", "entered", "north", "south",
            "east", "west", "northeast", "northwest", "southeast", "southwest", "parts", "part"}
ORIGIN = {"from"}
POSSESSIVE_LOCATIVE = {"in", "at", "near", "inside", "outside", "around", "across", "throughout", "within"}
"""Prepositions before which a possessive name is a place ("in Beirut's Bachoura district"), not an
owner ("sanctions on Russia's Wagner Group")."""
PLACE_NOUNS = {"city", "town", "village", "region", "province", "district", "capital", "area",
               "governorate", "oblast", "state", "county", "municipality", "port", "outskirts",
               "zones", "zone", "countries", "regions", "areas", "cities", "towns", "villages", "center", "centre",
               "commune", "subdivision", "department", "locality", "township", "sector", "neighbourhood",
               "neighborhood", "parish", "upazila"}
PART_NOUNS = frozenset({"vicinity", "outskirts", "area", "centre", "center", "square", "street", "road", "front",
                        "neighbourhood", "neighborhood", "part", "parts", "suburb", "suburbs", "side", "edge",
                        "environs", "countryside", "surroundings", "heart", "north", "south", "east", "west"})
"""Nouns of a part of a place, whose "of" names the place ("in the vicinity of Bar-Sanguun")."""
FIRST_LEVEL_SUFFIXES = {"province", "region", "oblast", "governorate", "state"}
ADMIN_SUFFIXES = {"province", "region", "oblast", "governorate", "state", "district", "prefecture", "county"}
_SKIP_BACK = {"the", "a", "an", "of", "suspected", "alleged", "presumed", "reportedly", "allegedly", "unidentified",
              "unknown", "armed", "local", "several", "two", "three", "some", "eastern", "western", "northern", "southern", "central",
              "town", "city", "village", "region", "province",
              "capital", "area", "northeastern", "northwestern", "southeastern", "southwestern", "parts", "part", "outskirts"}
DIRECTIONS = frozenset({"north", "south", "east", "west", "central", "eastern", "western", "northern", "southern",
                        "northeast", "northwest", "southeast", "southwest", "new"})


@cache
def _stop_places() -> frozenset:
    """Capitalised words that are never a place on their own: month and weekday names
    (:data:`events.extraction.timexes.MONTHS`, :data:`events.extraction.timexes.WEEKDAYS`), compass words, and the nouns that
    name actors (``data/actor_nouns.csv``: "Police", "Government", "President")."""
    from .timexes import MONTHS, WEEKDAYS

    nouns = set(read_table("actor_nouns.csv")["noun"])
    plurals = {n + "s" for n in nouns} | {n + "es" for n in nouns}
    return frozenset(set(MONTHS) | set(WEEKDAYS) | DIRECTIONS | nouns | plurals | {"ministry", "state", "republic",
                                                                                  "union", "council"})


@dataclass
class Token:
    """A token of a sentence: its text and character offsets in the article."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The token in lower case."""
        return self.text.lower()


@dataclass
class Mention:
    """A name found in a sentence.

    Attributes
    ----------
    start, end : int
        Character offsets in the article text.
    tok_start, tok_end : int
        Token range in the sentence (``tok_end`` exclusive).
    text : str
    actors : tuple of Actor
        Actor readings (empty if it cannot name an actor).
    place_key : str or None
        Gazetteer key if it can name a place.
    place_features : tuple of str or None
        Restricts the place reading ("Deir ez-Zor province" → admin1 only).
    anaphor : tuple of str or None
        Actor kinds a pronoun-like reference can take.
    prep : str or None
        The preposition governing the mention, if any.
    possessive : bool
        Followed by "'s".
    role : str
        "actor", "place", "origin" or "anaphor".
    """

    start: int
    end: int
    tok_start: int
    tok_end: int
    text: str
    actors: tuple[Actor, ...] = ()
    place_key: str | None = None
    place_features: tuple[str, ...] | None = None
    anaphor: tuple[str, ...] | None = None
    prep: str | None = None
    possessive: bool = False
    role: str = "actor"
    resolved: Actor | None = None
    qualified: bool = False  # followed by its region or country ("Manaus, Amazonas")
    head: "Mention | None" = None  # for a qualifier: the place it qualifies
    qualifier: "Mention | None" = None  # for a qualified place: its region or country
    near: "Mention | None" = None  # a district in brackets after the place ("Shahpur (Poonch district)")


@cache
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split a sentence into tokens with offsets (spaCy's English tokenizer rules)."""
    return [Token(t.text, offset + t.idx, offset + t.idx + len(t.text)) for t in _tokenizer()(text)]


@cache
def demonym_index() -> dict[str, str]:
    """Return normalised demonym or adjective → ISO3 (``data/countries.csv``)."""
    out = {}
    for row in read_table("countries.csv").to_dict("records"):
        for d in split_list(row["demonyms"]):
            out.setdefault(normalize_key(d), row["iso3"])
    return out


def _capitalised(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


def _governing_prep(tokens: list[Token], i: int) -> str | None:
    """Return the preposition that governs the phrase starting at token ``i``, if any.

    "the city of X" and "the countryside of X" (:data:`PART_NOUNS`) are "in X"; a lower-case
    hyphenated Arabic article before the name is skipped ("in al-Hasakeh").
    """
    for j in range(i - 1, max(-1, i - 6), -1):
        low = tokens[j].lower
        if (low == "-" and j > 0 and tokens[j - 1].lower in ARABIC_ARTICLES) or (
                low in ARABIC_ARTICLES and j + 1 < i and tokens[j + 1].text == "-"):
            continue
        if low in LOCATIVE or low in ORIGIN or low in ("to", "for", "against", "with", "by", "of"):
            if low == "of" and j > 0 and tokens[j - 1].lower in PLACE_NOUNS | PART_NOUNS:
                return "in"
            return low
        if low == "including" and j > 0 and tokens[j - 1].lower in PLACE_NOUNS:
            return "in"
        if low not in _SKIP_BACK and not (tokens[j].text[:1].isupper() and j > 0):
            return None
    return None


@cache
def _lowercase_starts() -> frozenset:
    """First words of every actor alias and anaphor (a lower-case phrase can only start there)."""
    keys = list(actor_index()) + list(anaphor_index())
    return frozenset(k.split(" ", 1)[0] for k in keys)


@cache
def _stop_words() -> frozenset:
    """English function words (spaCy's list): never a place on their own ("On", "In", "May")."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _proper(token: Token) -> bool:
    return token.text[:1].isupper() and token.text[:1].isalpha()


STREET_NOUNS = {"square", "street", "st", "road", "avenue", "ave", "boulevard", "roundabout", "market", "bridge",
                "neighborhood", "neighbourhood", "park", "stadium", "mosque", "church", "highway"}
"""Nouns after a name that make it a street, square or building rather than the town of that name."""
FACILITY_NOUNS = ADMIN_SUFFIXES | {"airport", "airbase", "base", "port", "prison", "university", "hospital",
                                   "road", "highway", "bridge", "square", "street", "camp", "valley", "city",
                                   "town", "village", "area", "frontline", "front", "sector", "countryside"}


def _inside_longer_name(tokens: list[Token], i: int, j: int, demonyms: dict) -> bool:
    """Whether tokens[i:j] is only part of a longer capitalised name ("Colonia" in "Colonia Libertad")."""
    if j < len(tokens) and _proper(tokens[j]) and tokens[j].lower not in FACILITY_NOUNS:
        return True
    if (j + 1 < len(tokens) and tokens[j].text in ("-", "\u2013") and _proper(tokens[j + 1])
            and tokens[j].start == tokens[j - 1].end):  # "Bir-Hakeim", not "Star Lake - Highway 59"
        return True
    if i > 0 and _proper(tokens[i - 1]) and tokens[i - 1].lower not in demonyms:
        before = tokens[i - 2].text if i > 1 else "."
        return before not in (".", "!", "?", '"', "\u201c", ":", "(", "-", "\u2013") and tokens[i - 1].lower not in _stop_words()
    return False


_DIRECTIONS = {"north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
               "upper", "lower", "greater", "northeast", "northwest", "southeast", "southwest", "new", "old"}


def _after_given_name(tokens: list[Token], i: int, demonyms: dict) -> bool:
    """Whether a one-word name follows another capitalised word mid-sentence ("Juantissa Hill")."""
    if i < 2 or not _proper(tokens[i - 1]):
        return False
    prev = tokens[i - 1].lower
    if prev in demonyms or prev in _stop_words() or prev in _DIRECTIONS or prev in PLACE_NOUNS or prev.endswith("."):
        return False
    return tokens[i - 2].text not in (".", "!", "?", '"', "\u201c", ":", "(", "-", "\u2013", ",")


HEADLINE_CAPITALS = 0.6
"""A line where more than this share of words is capitalised is a title-case headline."""


def find_surnames(token_lists: list[list[Token]]) -> frozenset[str]:
    """Return the keys of one-word names that end a person's name somewhere in an article.

    One sense per discourse: after "Maya Harden" a bare "Harden" is the person, not Hardin,
    Missouri. A name counts when it follows a given name mid-sentence (see
    :func:`_after_given_name`), ends the name and names only towns (not "Education Minnesota");
    title-case headlines are skipped.
    """
    demonyms = demonym_index()
    out = set()
    for tokens in token_lists:
        words = [t for t in tokens if t.text[:1].isalpha()]
        if words and sum(_proper(t) for t in words) > HEADLINE_CAPITALS * len(words):
            continue
        for i, tok in enumerate(tokens):
            if (_proper(tok) and (i + 1 >= len(tokens) or not _proper(tokens[i + 1]))
                    and _after_given_name(tokens, i, demonyms) and is_only_towns(normalize_key(tok.text))):
                out.add(normalize_key(tok.text))
    return frozenset(out)


CURRENCY_NOUNS = frozenset({"dollar", "dollars", "euro", "euros", "pound", "pounds", "ruble", "rubles", "rouble",
                            "roubles", "yuan", "yen", "rupee", "rupees", "lira", "dinar", "dinars", "rial", "riyal",
                            "franc", "francs", "peso", "pesos", "shilling", "shillings", "naira", "cedi", "rand",
                            "hryvnia", "currency"})
"""Nouns after a country name that make it a currency's ("the US dollar", "the Lebanese pound")."""


def _modified_anaphor(tokens: list[Token], text: str, i: int, anaphors: dict) -> Mention | None:
    """Return an anaphor with one or two lower-case modifiers between its article and its noun
    ("the insurgent group" is "the group"), or None."""
    if tokens[i].lower != "the":
        return None
    for k in (i + 2, i + 3):
        if k >= len(tokens):
            return None
        between = tokens[i + 1:k]
        if not all(t.text[:1].islower() and t.text.replace("-", "").isalpha() for t in between):
            return None
        key = normalize_key(f"the {tokens[k].text}")
        if key in anaphors and tokens[k].text[:1].islower():
            return Mention(tokens[i].start, tokens[k].end, i, k + 1, text[tokens[i].start:tokens[k].end],
                           anaphor=anaphors[key], role="anaphor")
    return None


def find_mentions(tokens: list[Token], text: str, offset: int,
                  surnames: frozenset[str] = frozenset()) -> list[Mention]:
    """Find the actor, place and anaphor mentions of one sentence (dictionary look-ups).

    Parameters
    ----------
    tokens : list of Token
        The sentence's tokens (:func:`tokenize`).
    text : str
        The article text the offsets index into.
    offset : int
        Unused; kept for symmetry with :func:`tokenize`.
    surnames : frozenset of str
        Keys of the article's surnames (:func:`find_surnames`): not places unless after a
        locative preposition ("in Harden").

    Returns
    -------
    list of Mention
        Non-overlapping mentions (longest first).
    """
    actors, anaphors = actor_index(), anaphor_index()
    gaz, demonyms = gazetteer(), demonym_index()
    mentions: list[Mention] = []
    n = len(tokens)
    starts = _lowercase_starts()
    i = 0
    while i < n:
        first = tokens[i].text[:1]
        if not first.isalnum() or (first.islower() and normalize_key(tokens[i].text) not in starts):
            i += 1  # only actor and anaphor phrases start in lower case; places never do
            continue
        hit = _modified_anaphor(tokens, text, i, anaphors)  # "the insurgent group" is "the group"
        for j in range(min(n, i + MAX_TOKENS), i, -1) if hit is None else ():
            surface = text[tokens[i].start:tokens[j - 1].end]
            key = normalize_key(surface)
            if key in anaphors and surface.split()[-1][:1].islower():
                hit = Mention(tokens[i].start, tokens[j - 1].end, i, j, surface, anaphor=anaphors[key], role="anaphor")
                break
            capital_ok = _capitalised(surface[4:] if surface[:4].lower() == "the " else surface)
            found_actors = actors.get(key, ())
            if found_actors:
                rule = actor_case(key)
                if not (rule == "any" or (rule == "title" and capital_ok) or (rule == "upper" and surface.replace(".", "").isupper())):
                    found_actors = ()
            acronym = surface.replace(".", "").isupper() and is_curated_name(key)  # "US", "UK", not "us"
            place_ok = capital_ok and (len(key) > 2 or is_curated_name(key)) and not (
                j - i == 1 and not acronym and (key in _stop_places() or key in _stop_words()
                                                or (len(key) <= 4 and surface.isupper())))  # "ARD": an acronym, not Ard
            if place_ok and not found_actors and (
                    (is_minor_place(key) and _inside_longer_name(tokens, i, j, demonyms))
                    or (j - i == 1 and i > 0 and tokens[i - 1].lower == "the" and is_only_towns(key))
                    or (j - i == 1 and _after_given_name(tokens, i, demonyms))
                    or (j - i == 1 and key in surnames and _governing_prep(tokens, i) not in LOCATIVE)):
                place_ok = False
            if (place_ok and j < n and tokens[j].lower in STREET_NOUNS and not is_curated_name(key)
                    and is_minor_place(key)):
                place_ok = False  # "2 de Mayo square", "Kalpi Bridge": a street or a square, not the town
            if place_ok and j - i > 1 and tokens[j - 1].text in PLACE_NOUNS:
                place_ok = False  # "Hays city": a lower-case noun describes the place, the name is "Hays"
            features = None
            if place_ok and j < n and tokens[j].lower in ADMIN_SUFFIXES:
                if gaz.candidates(key):
                    # "Deir ez-Zor province" is the province; "Ballia district" is named after its town
                    features = ("admin1", "region") if tokens[j].lower in FIRST_LEVEL_SUFFIXES else None
                    if features and not rank_candidates(key, PlaceContext.empty(), features):
                        features = None  # "Idleb province": spelt like its capital, not like the province
                    j += 1
                    surface = text[tokens[i].start:tokens[j - 1].end]
            state_like = not found_actors or found_actors[0].kind in ("state", "state forces")
            has_place = place_ok and state_like and bool(gaz.candidates(key))
            if place_ok and state_like and not has_place and _HYPHENED_ARTICLE.match(surface):
                bare = strip_arabic_article(key)  # "al-Hasakeh" where the gazetteer has "Hasakeh"
                if bare and gaz.candidates(bare):
                    key, has_place = bare, True
            if found_actors or has_place:
                hit = Mention(tokens[i].start, tokens[j - 1].end, i, j, surface, tuple(found_actors),
                              key if has_place else None, features)
                break
        if hit is None or (tokens[i].lower == "the" and hit.role != "anaphor"
                           and _longer_actor_from(tokens, text, i + 1, hit.tok_end, actors)):
            i += 1  # "the Donbass People's Militia": the actor's name, not "the Donbass"
            continue
        if hit.tok_end < n and tokens[hit.tok_end].lower in CURRENCY_NOUNS and hit.role != "anaphor":
            i = hit.tok_end  # "the US dollar exchange rate": a currency, neither a place nor an actor
            continue
        hit.possessive = hit.tok_end < n and tokens[hit.tok_end].lower in ("'s", "’s", "'")
        if hit.actors and hit.actors[0].kind == "person" and hit.tok_end < n and tokens[hit.tok_end].lower in ("administration", "government"):
            boss = actors_by_name().get(hit.actors[0].affiliation or "")
            if boss is not None:
                hit.actors, hit.tok_end, hit.end = (boss,), hit.tok_end + 1, tokens[hit.tok_end].end
                hit.text = text[hit.start:hit.end]
        hit.prep = _governing_prep(tokens, hit.tok_start)
        if hit.role != "anaphor":
            hit.role = _role(hit)
            if hit.role == "actor" and hit.place_key and _between_place_marks(tokens, hit):
                hit.role = "place"  # "Mitiga Airport (Tripoli)", "Chahar Asyab district, Kabul."
        mentions.append(hit)
        i = hit.tok_end
    return mentions


def _longer_actor_from(tokens: list[Token], text: str, i: int, beyond: int, actors: dict) -> bool:
    """Whether an actor name starts at token ``i`` and ends after token ``beyond``."""
    for j in range(min(len(tokens), i + MAX_TOKENS), beyond, -1):
        if normalize_key(text[tokens[i].start:tokens[j - 1].end]) in actors:
            return True
    return False


def _between_place_marks(tokens: list[Token], m: Mention) -> bool:
    """Whether a capital's name stands where only a place can: in brackets after a place (first or
    last in them), or after "district," / "province," at the end of a place chain."""
    before = tokens[m.tok_start - 1].text if m.tok_start > 0 else ""
    after = tokens[m.tok_end].text if m.tok_end < len(tokens) else "."
    if before == "(" and after in (")", ","):
        return True
    opened = [j for j in range(max(0, m.tok_start - 8), m.tok_start) if tokens[j].text == "("]
    if opened and before == "," and after == ")" and all(t.text != ")" for t in tokens[opened[-1]:m.tok_start]):
        return True  # "Al Arqoub area (Khwlan, Sanaa)": the last of a bracketed chain of places
    return (before == "," and m.tok_start > 1 and tokens[m.tok_start - 2].lower in ADMIN_SUFFIXES | PLACE_NOUNS
            and after in (".", ",", ")", ";"))


def _role(m: Mention) -> str:
    if m.place_key and not m.actors:
        return "origin" if m.prep in ORIGIN else "place"
    if m.place_key and m.actors:
        if m.possessive:
            return "place" if m.prep in POSSESSIVE_LOCATIVE else "actor"  # "in Beirut's Bachoura district"
        if m.prep in LOCATIVE or m.prep == "in":
            return "place"
        capital = any(a.kind == "state" and a.seat and normalize_key(a.seat) == m.place_key for a in m.actors)
        if capital and m.prep == "to":
            return "place"  # "entrances to Bangui"; a capital as subject stays its government
        return "actor"
    return "actor"
