"""From articles to their event and figure tables: the stage order, nothing else.

1. sentences of the article (:mod:`events.article`) are parsed in batches (:mod:`.nlp`);
2. dictionary mentions of actors and places (:mod:`events.extraction.mentions`), kept as places only where
   the NER or a locative construction marks a place; dates (:mod:`events.extraction.timexes`); figures
   (:mod:`events.extraction.figures`); who asserts the sentence (:mod:`events.extraction.attribution`);
3. triggers by lemma and sense (:mod:`.triggers`), kept when the parse asserts them
   (:mod:`.factuality`);
4. roles from the parse (:mod:`.roles`), named by the dictionary or the NER (:mod:`.actors`);
5. the place attached to the trigger, else the sentence's, the dateline's, the article's
   (:mod:`.places`); the date attached to the trigger (:mod:`.dates`); who says so (:mod:`.speakers`);
6. mentions of one event merged (:mod:`events.extraction.record`), ACLED's coding rules (:mod:`events.extraction.acled_rules`),
   rows (:mod:`.rows`).
"""

from __future__ import annotations

import re
from dataclasses import replace

import pandas as pd

from ..article import Article
from .attribution import link_sources, parse_attribution
from .acled_rules import PROTEST_POLICING, code_event
from .timexes import Timex, parse_timexes
from .figure_subjects import figure_records
from .figures import parse_figures
from .location import article_context, article_place, fallback_place, link_places
from .mentions import find_mentions, find_surnames, tokenize
from ..reference.gazetteer import country_places
from .record import EventRecord, SentenceParts, Trigger, merge_records
from .coreference import distribute_forces, read_loyal_forces, resolve_attackers, resolve_mentions
from ..schema import EVENT_COLUMNS, FIGURE_COLUMNS, from_records, validate_events, validate_figures
from .actors import (GROUP_PRONOUNS, PERSONAL_PRONOUNS, collect_people, country_of_word, implied_state_actor,
                     is_commentator, name_argument, persons_before, subject_person)
from .fatalities import attach_fatalities
from .dates import (anchored_timex, is_anchor_of, pick_timex, reanchor_timex, reference_timex, speech_timex,
                    statement_timex)
from .factuality import assess, perfect_aspect
from .nlp import parse_texts
from .places import keep_named_places, places_for
from .roles import find_roles
from .rows import doc_hash, event_rows
from .speakers import event_certainty, find_speaker
from .triggers import AGREEMENT_KEEPING_VERBS, find_triggers, pick_sense

ACTOR_BOUND_TYPES = frozenset({"CONSULT", "SUPPORT", "ACCUSE", "REQUEST", "REJECT", "THREATEN",
                               "COOPERATE", "SANCTION", "AID"})
"""Political acts, which are events only when the text names who acts or whom they concern."""
OPINION_TYPES = frozenset({"SUPPORT", "ACCUSE", "REJECT", "REQUEST", "THREATEN"})
"""Speech acts, which are events only when a political actor makes them (not an analyst)."""

PHOTO_CAPTION = re.compile(r"^\s*FILE\s*[-\u2013\u2014]|\((?:AP|AFP|Reuters|EPA|Getty)(?: Images)?\s*(?:Photo)?/|"
                           r"\(AP Photo\b|\bPhoto(?:graph)?:\s|\bPhoto credit\b|/(?:AFP|Reuters|AP|EPA|Getty Images)\)",
                           re.I)
"""Marks of a photo caption or a file-photo line ("FILE - ...", "(AP Photo/...)", "Photo: ..."):
not a report of a new event."""


def _token_index(tokens, char: int) -> int:
    """The index of the dictionary token that holds article offset ``char`` (or the next one)."""
    for k, t in enumerate(tokens):
        if t.end > char:
            return k
    return len(tokens)


def _sentence_parts(article: Article, docs) -> list[SentenceParts]:
    out = []
    token_lists = [tokenize(sent.text, sent.start) for sent in article.sentences]
    surnames = find_surnames(token_lists)
    for sent, tokens, doc in zip(article.sentences, token_lists, docs):
        mentions = find_mentions(tokens, article.text, sent.start, surnames)
        mentions = keep_named_places(mentions, doc[:], sent.start)
        link_places(mentions, tokens)
        timexes = parse_timexes(sent.text, article.published, sent.start)
        implausible: list[str] = []
        figures = parse_figures(sent.text, sent.start, doc=doc[:], notes=implausible)
        s = SentenceParts(sent.index, sent.text, sent.start, tokens, mentions, [], timexes, figures, None, doc[:],
                          implausible)
        read_loyal_forces(s)
        distribute_forces(s)
        out.append(s)
    return out


DEFINITE = frozenset({"the", "this", "that", "these", "those"})
DISTINCT_MODIFIERS = frozenset({"separate", "another", "second", "third", "new", "different", "further", "fresh",
                                "subsequent", "later", "earlier", "previous"})


def _triggers(s: SentenceParts, headline: bool = False) -> list[tuple[Trigger, object, object]]:
    """The sentence's asserted triggers: (Trigger, spaCy token, Factuality)."""
    if PHOTO_CAPTION.search(s.text):
        return []
    out = []
    dated = bool(s.timexes)
    found = find_triggers(s.doc)
    tokens_of = {tok.i for tok, _ in found}
    for tok, sense in found:
        fact = assess(tok, sentence_has_date=dated, headline=headline)
        if not fact.event and (fact.reason or "").startswith("negated") and sense.plover_type in YIELDING_TYPES \
                and tok.pos_ in ("VERB", "AUX") and not any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children):
            # "will not succumb to pressure", "refused to agree": a refusal (PLOVER REJECT), made now;
            # "has not agreed to the ceasefire" is not yet, no refusal
            sense = replace(sense, plover_type="REJECT", event_type=None, sub_event_type=None)
            fact = replace(fact, event=True, planned=False, reason=None)
        if not fact.event:
            continue
        if sense.plover_type == "AGREE" and tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and \
                tok.head.lemma_.lower() in AGREEMENT_KEEPING_VERBS:
            continue  # "threatened to break their cease-fire", "implement the deal": an agreement made before
        head = tok.head.head if tok.dep_ == "pobj" else tok.head
        governing = [x for t, x in found if t.i in (head.i, tok.head.i) and t.i != tok.i]
        light_object = tok.pos_ == "NOUN" and tok.dep_ in ("dobj", "obj") and tok.head.pos_ in ("VERB", "AUX") \
            and sense.plover_type != "ASSAULT"
        if tok.pos_ == "NOUN" and not light_object and any(x.plover_type == sense.plover_type for x in governing):
            continue  # "killed in an airstrike": one event, coded at the verb
        light = sense.plover_type != "ASSAULT" and sense.requires and any(key == "obj" for key, _ in sense.requires)
        if light and tok.pos_ in ("VERB", "AUX") and any(
                t.head.i == tok.i and t.dep_ in ("dobj", "obj") and x.plover_type == sense.plover_type
                and assess(t, sentence_has_date=dated, headline=headline).event for t, x in found):
            continue  # "held a meeting with X": one event, coded at the noun, which has the arguments
        start = s.start + tok.idx
        k = _token_index(s.tokens, start)
        det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), None) if tok.pos_ == "NOUN" else None
        if tok.pos_ == "NOUN" and any(c.lower_ in DISTINCT_MODIFIERS for c in tok.children if c.dep_ in ("amod", "det")):
            det = "another"  # "a separate meeting", "another attack": not the event told before
        trig = Trigger(k, k + 1, start, start + len(tok.text), tok.text, sense.plover_type, sense.event_type,
                       sense.sub_event_type, sense.subject_role, (), (), det, sense.implied_actor1, sense.lemma)
        # a noun under this verb may name the weapon: "killed in an airstrike" is remote violence
        for child in tok.subtree:
            if child is tok or child.i not in tokens_of or not (
                    child.head is tok or (child.head.dep_ == "prep" and child.head.head is tok)):
                continue  # only the trigger's own object or adjunct names its weapon
            other = next(x for t, x in found if t.i == child.i)
            if other.plover_type == sense.plover_type and other.event_type == "Explosions/Remote violence":
                trig = replace(trig, event_type=other.event_type, sub_event_type=other.sub_event_type)
            definite = next((c.lower_ for c in child.children if c.dep_ == "det" and c.lower_ in DEFINITE), None)
            if other.plover_type == sense.plover_type and definite and trig.determiner is None:
                trig = replace(trig, determiner=definite)  # "was killed during the gunfight": the one told before
        if tok.dep_ == "pobj" and tok.head.lower_ == "from" and tok.head.head.lemma_.lower() in TOLL_VERBS:
            trig = replace(trig, determiner="the")  # "the toll rose to 63 from Saturday's blasts": the blasts told before
        if (tok.dep_ == "acl" and tok.tag_ == "VBN" or tok.dep_ == "relcl") and trig.determiner is None:
            # "the girls kidnapped in Zamfara", "the militants who attacked a hotel": an act that
            # describes a participant, most often one told elsewhere
            trig = replace(trig, determiner="the")
        clause = tok if tok.pos_ in ("VERB", "AUX") else tok.head
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("after", "before") for c in clause.children):
            trig = replace(trig, sequenced=True)  # "came after IS killed 10 soldiers": another act than the one it answers
        out.append((trig, tok, fact))
    return out


YIELDING_TYPES = frozenset({"CONCEDE", "AGREE"})
"""Acts whose negation is a refusal ("will not yield", "did not agree to the terms")."""
TOLL_VERBS = frozenset({"rise", "climb", "increase", "jump", "reach", "grow", "mount", "soar"})
"""Verbs of a rising toll, whose "from X" is the event counted ("the death toll rose to 63 from the blasts")."""
VERBAL_CLASH_NOUNS = frozenset({"clash", "confrontation", "showdown", "spat", "quarrel", "altercation"})
"""Nouns of a clash that, between persons holding an office, is a clash of words (PLOVER ACCUSE)."""
OFFICE_TITLES = frozenset({"president", "minister", "chancellor", "premier", "king", "queen", "prince", "senator",
                           "governor", "mayor", "secretary", "speaker", "leader", "ambassador", "envoy", "lawmaker"})
"""Words of an office whose holders clash in words (:data:`VERBAL_CLASH_NOUNS`)."""


def _between_sides(tok) -> list:
    """The tokens of "between X and Y" on a trigger (X, Y and any further conjuncts)."""
    prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    sides = [g for g in prep.children if g.dep_ == "pobj"] if prep is not None else []
    return [x for side in sides for x in (side, *side.conjuncts)]


def _between_persons(tok) -> bool:
    """Whether one clash ("the clash", not "clashes", not "armed") is "between" persons named with
    an office ("President Donald Trump and Ukrainian President Volodymyr Zelenskyy")."""
    if tok.tag_ == "NNS" or any(c.lower_ in ("armed", "deadly", "violent", "fierce") for c in tok.children):
        return False
    sides = _between_sides(tok)
    return len(sides) >= 2 and all(
        x.lemma_.lower() in OFFICE_TITLES or (x.ent_type_ == "PERSON" and any(t.lemma_.lower() in OFFICE_TITLES
                                                                          for t in x.subtree))
        for x in sides)


COERCIVE_TYPES = frozenset({"SANCTION", "ASSAULT", "COERCE"})
"""Acts whose announcement on a condition is a threat (PLOVER THREATEN: "threaten to attack or
sanction unless ...")."""


def _conditional(tok) -> bool:
    """Whether the trigger's clause holds an "if" or "unless" condition."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for v in (verb, verb.head):
        if any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children)
               for c in v.children):
            return True
    return False


REMIT_NOUNS = frozenset({"envoy", "representative", "coordinator", "mediator", "rapporteur"})
"""Titles whose "for/to X" names the country the holder acts on ("the U.N. special envoy for Syria")."""


def _forces_moved(tok, government):
    """The armed forces of ``government``'s country when the trigger moves forces of no named country
    ("the withdrawal of forces by America", "the deployment of troops by France"), else None."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for obj in prep.children:
                if obj.dep_ == "pobj" and not any(c.dep_ in ("amod", "compound", "poss") and c.pos_ in ("PROPN", "ADJ")
                                                  and c.ent_type_ for c in obj.children):
                    actor = implied_state_actor(obj.lemma_.lower(), government.iso3)
                    if actor is not None and actor.kind == "state forces":
                        return actor
    return None


def _remit(subject) -> str | None:
    """The ISO3 of the country an envoy-like subject acts for, else None."""
    if subject is None or subject.lemma_.lower() not in REMIT_NOUNS:
        return None
    for c in subject.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "to", "on"):
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return country_of_word(" ".join(t.text for t in obj.subtree if t.ent_type_ == "GPE") or obj.text)
    return None


def _present_progressive(tok) -> bool:
    """Whether a verb trigger is in the present progressive ("is calling for", "are pleading with")."""
    if tok.tag_ != "VBG" or tok.dep_ not in ("ROOT", "ccomp", "conj"):
        return False
    return any(c.dep_ == "aux" and c.lower_ in ("is", "are", "am", "'s", "'re") for c in tok.children)


def _country_name(context) -> str | None:
    top = context.countries.most_common(1)
    return country_places()[top[0][0]].country if top and top[0][0] in country_places() else None


def _resolve_pronoun(token, s: SentenceParts, people: dict, last_person, speaker, last_group=None):
    """"he"/"she": the last person named before it; "they"/"we" under a speech verb: the speaker;
    "I"/"we" in a quotation: the one quoted."""
    if token is None:
        return None
    word = token.lower_
    if word in PERSONAL_PRONOUNS:
        here = persons_before(s.doc, token.i - s.doc.start, s.start, s.mentions, people)
        return here[-1] if here else last_person  # the previous main subject, else the last name
    if word in GROUP_PRONOUNS and speaker is not None and speaker.actor is not None:
        return speaker.actor
    quoted = speaker or s.attribution  # "I encourage the police to ...," said X: the one quoted
    if word in ("i", "we") and quoted is not None and getattr(quoted, "actor", None) is not None:
        return quoted.actor
    source = (getattr(quoted, "source", None) or "").strip().lower()
    if word in ("i", "we") and source in PERSONAL_PRONOUNS:
        return last_person  # '"We condemn the jailbreak," he tweeted': the person "he" stands for
    if word == "they" and token.dep_ == "nsubj" and speaker is None and last_group is not None:
        return last_group  # "G7 ministers discussed China. They called on Beijing to ...": the group acting before
    return None


STATE_KINDS = frozenset({"state", "state forces"})


def _party_speaks(att, actor1) -> bool:
    """Whether the source of a report is the actor that did it, or its own state (a claim, in
    the schema's terms: "a party to the event says so")."""
    speaker = getattr(att, "actor", None) if att is not None else None
    if speaker is None or actor1 is None:
        return False
    if speaker == actor1:
        return True
    return (speaker.kind in STATE_KINDS and actor1.kind in STATE_KINDS and speaker.iso3 is not None
            and (speaker.iso3 == actor1.iso3 or actor1.generic))  # "the army chief said his forces killed"


def _named_speaker(att, s: SentenceParts, people: dict, last_person):
    """The attribution with a pronoun speaker ("he said") replaced by the person it stands for:
    the last person the sentence names before it, else the previous sentences' (as for actors)."""
    if att is None or not att.source or att.source.strip().lower() not in PERSONAL_PRONOUNS | {"they", "we"}:
        return att
    if att.source.strip().lower() in ("they", "we"):
        return att if att.actor is None else replace(att, source=att.actor.name)
    position = min(att.source_tokens, default=len(s.doc)) if getattr(att, "source_tokens", None) else len(s.doc)
    here = persons_before(s.doc, position, s.start, s.mentions, people)
    person = here[-1] if here else last_person
    return replace(att, source=person.name, actor=person) if person is not None else att


def _records_for_sentence(s: SentenceParts, context, country: str | None, people: dict,
                          last_person=None, published=None, all_sentences=None, last_group=None) -> list[EventRecord]:
    out = []
    forward = None
    for trig, tok, fact in _triggers(s):
        if trig.plover_type == "ASSAULT" and PROTEST_POLICING.search(s.text):
            if trig.event_type == "Violence against civilians":  # protesters killed: ACLED's excessive force
                trig = replace(trig, event_type="Protests", sub_event_type="Excessive force against protesters")
            else:
                trig = replace(trig, plover_type="PROTEST", event_type="Protests", sub_event_type="Protest with intervention")
        if fact.planned and trig.plover_type in COERCIVE_TYPES and _conditional(tok):
            # "if Europe goes ahead, he will impose a 200% tariff": a conditional coercion is a threat, made now
            trig = replace(trig, plover_type="THREATEN", event_type=None, sub_event_type=None)
            fact = replace(fact, planned=False)
        roles = find_roles(tok, trig.subject_role)
        if trig.plover_type in OPINION_TYPES and is_commentator(roles.actor1):
            continue
        if roles.actor1 is not None and roles.actor1.pos_ == "NOUN" and pick_sense(roles.actor1) is not None:
            roles.actor1 = find_roles(roles.actor1).actor1  # "strikes that killed 100": whoever struck
        speaker = find_speaker(s, tok, country, people)
        a1 = name_argument(roles.actor1, s.start, s.mentions, country, people) or \
            _resolve_pronoun(roles.actor1, s, people, last_person, speaker, last_group)
        a2 = name_argument(roles.actor2, s.start, s.mentions, country, people) or \
            _resolve_pronoun(roles.actor2, s, people, last_person, None)
        if a2 is None and roles.target is not None and roles.target is not roles.actor2:
            a2 = name_argument(roles.target, s.start, s.mentions, country, people)  # "fired small arms at X"
        assoc = [a for a in (name_argument(t, s.start, s.mentions, country, people) for t in roles.assoc1)
                 if a and a != a1]
        if a2 is not None and a2 == a1:
            a2 = None
        if a1 is not None and a1.kind == "state" and trig.plover_type in ("RETREAT", "MOBILIZE"):
            a1 = _forces_moved(tok, a1) or a1  # "the withdrawal of forces by America": its military moves
        if trig.plover_type == "ASSAULT" and tok.lemma_.lower() in VERBAL_CLASH_NOUNS and _between_persons(tok):
            # "the Oval Office clash between Trump and Zelenskyy": two persons clash in words, not arms
            trig = replace(trig, plover_type="ACCUSE", event_type=None, sub_event_type=None)
            fact = replace(fact, planned=False)  # a clash of words is told once it happened
            sides = [name_argument(x, s.start, s.mentions, country, people) for x in _between_sides(tok)]
            if a1 is None and len(sides) >= 2:
                a1, a2 = sides[0], sides[1]
        if a1 is None and a2 is None and trig.plover_type in ACTOR_BOUND_TYPES:
            continue  # "many tourists visited the museums": a visit, a statement or a deal needs a political actor
        timex = pick_timex(s, tok)
        anchored = anchored_timex(s, all_sentences) if all_sentences else None
        if anchored is not None and is_anchor_of(s, tok, anchored):
            anchored = None  # "visited them the day after the 40 were deported": the deporting is the anchor
        if anchored is not None and published is not None and anchored.date_start > published:
            anchored = None  # after publication: no story tells that as done
        if anchored is not None and (timex is None or timex.start < anchored.end and anchored.start < timex.end
                                     or timex.text.lower().startswith("the following")):
            timex = anchored  # "the day before": from the story's previous date, not the publication date
        if timex is None and trig.plover_type in ("REJECT", "THREATEN"):
            timex = statement_timex(s, tok)  # "said last week it will not succumb": the refusal is the saying
        speech = None if fact.planned else speech_timex(s, tok)
        if speech is not None and timex is not None:  # "said on Saturday they killed 1,000 in the past week"
            timex = reanchor_timex(timex, speech, published)
        if fact.planned:  # "will travel to Canada on Wednesday": the coming Wednesday
            forward = forward if forward is not None else parse_timexes(s.text, published, s.start, forward=True)
            ahead = pick_timex(s, tok, forward)
            if ahead is not None and (published is None or ahead.date_end is None or ahead.date_end >= published):
                timex = ahead  # a past date ("last week") stays in the past
                if published is not None and ahead.date_start is not None and ahead.date_start >= published:
                    timex = replace(ahead, future=True)  # "will meet on Thursday", told on a Thursday: today
        certainty = event_certainty(s, trig, timex, fact.planned, speaker)
        said_by = _named_speaker(speaker or s.attribution, s, people, last_person)
        if certainty == "confirmed" and trig.plover_type in ("ASSAULT", "COERCE", "MOBILIZE") and \
                _party_speaks(said_by, a1):
            certainty = "claimed"  # "the army said it killed 20 militants": a party's own account
        base = EventRecord(
            notes=list(s.figure_notes),
            sentence=s.index, trigger=trig, plover_type=trig.plover_type, event_type=trig.event_type,
            sub_event_type=trig.sub_event_type, actor1=a1, actor2=a2, assoc1=assoc, timex=timex,
            certainty=certainty, attribution=said_by, sentences=[s.text],
            perfect=perfect_aspect(tok),
            ongoing=_present_progressive(tok),
            remit=_remit(roles.actor1),
            reported_on=speech.date_start if speech is not None and timex is None else None,
            named_victim=roles.actor2 is not None and roles.actor2.ent_type_ == "PERSON" and roles.actor2.tag_ == "NNP",
        )
        places = places_for(s, trig, tok, context)
        if not places:
            out.append(base)
            continue
        for place, precision, d in places:
            out.append(replace(base, place=place, place_precision=precision, place_distance=d,
                               sentences=list(base.sentences), notes=list(base.notes), assoc1=list(base.assoc1),
                               fatality_figures=set()))
    return out


def _locate_before_merging(records: list[EventRecord], article: Article, first_place) -> None:
    """Give a physical event without a place of its own the place of the physical event just before
    it (one sentence back at most), so that mentions of one attack in one town can merge."""
    previous = None
    for r in records:
        if r.place is None and r.plover_type in ("ASSAULT", "PROTEST") and previous is not None \
                and 0 <= r.sentence - previous.sentence <= 1 and previous.place.feature != "country":
            fallback_place(r, article, previous.place, "the place of the event before it")
        if r.place is not None and r.plover_type in ("ASSAULT", "PROTEST"):
            previous = r


def _carry_quotes(sentences: list[SentenceParts]) -> None:
    """A sentence inside a quotation takes the attribution of the sentence that closes it."""
    pending: list[SentenceParts] = []
    for s in sentences:
        quotes = s.text.count('"') + s.text.count("\u201c") + s.text.count("\u201d")
        if pending or (quotes % 2 == 1 and s.text.lstrip()[:1] in '"\u201c'):
            pending.append(s)
            if s.attribution is not None or (len(pending) > 1 and quotes % 2 == 1):
                for p in pending:
                    if p.attribution is None:
                        p.attribution = s.attribution
                pending = []


def _article_rows(article: Article, docs) -> tuple[list[dict], list[dict]]:
    sentences = _sentence_parts(article, docs)
    for s in sentences:
        s.attribution = parse_attribution(s.tokens, s.mentions, s.text, s.start)
    _carry_quotes(sentences)
    link_sources([s.attribution for s in sentences])
    resolve_mentions(sentences)
    context = article_context(sentences, article)
    country = _country_name(context)
    people = collect_people([s.doc for s in sentences])
    records = []
    last_person = None
    last_group = None
    for s in sentences:
        found = _records_for_sentence(s, context, country, people, last_person, article.published, sentences, last_group)
        records.extend(found)
        groups = [r.actor1 for r in found if r.actor1 is not None and r.actor1.kind != "person"]
        last_group = groups[0] if groups else (last_group if not found else None)
        named = persons_before(s.doc, len(s.doc), s.start, s.mentions, people)
        last_person = subject_person(s.doc, people) or (named[-1] if named else last_person)
    resolve_attackers(records, sentences)
    figure_ids = {(s.index, f.start): f"{article.doc_id}-f{doc_hash(article.doc_id, s.index, f.start)}"
                  for s in sentences for f in s.figures}
    attach_fatalities(records, sentences, figure_ids)
    mentions = list(records)
    records = merge_records(records)
    for r in records:
        if r.timex is None and r.ongoing and r.certainty != "planned" and article.published is not None:
            pub = article.published  # "the envoy is calling for an end to the violence": today, as published
            r.timex = Timex(-1, -1, "(present progressive)", pub.isoformat(), pub, pub, 1)
            r.notes.append("no date in its sentence: told as happening now, dated to publication")
        if r.timex is None and r.certainty != "planned" and r.perfect != "present":
            ref = reference_timex(sentences, r.sentence, article.published)
            if ref is not None and r.reported_on is not None and r.reported_on < article.published:
                # "officials said Thursday troops were deployed", "Tuesday's announcement that Ukraine had
                # agreed" (a past perfect in reported speech is the speaker's past)
                start = min(ref.date_start, r.reported_on)
                r.timex = Timex(-1, -1, ref.text, None, start, r.reported_on, 2)
                r.notes.append(f"no date in its sentence: between the story's last date ('{ref.text}') and the "
                               "day of the statement that tells it")
            elif ref is not None and r.perfect == "past":  # "had sent": some time before the reference day
                r.timex = Timex(-1, -1, ref.text, None, None, ref.date_start, 3)
                r.notes.append(f"no date in its sentence: before the story's reference date ('{ref.text}')")
            elif ref is not None:
                r.timex = ref
                r.notes.append(f"no date in its sentence: between the story's last date ('{ref.text}') and publication")
    first_place = article_place(sentences, context)
    top = context.countries.most_common(1)
    main_iso3 = top[0][0] if top and top[0][0] in country_places() else None
    starts = sorted({r.sentence for r in records if r.plover_type == "ASSAULT"})
    previous: EventRecord | None = None
    venues = [r for r in records if r.plover_type == "CONSULT" and r.place is not None and r.place.feature != "country"
              and r.certainty != "planned"]  # nothing is said at a meeting still to come
    for r in records:
        near = previous.place if previous is not None and previous.place and r.sentence - previous.sentence <= 1 else None
        fallback_place(r, article, near or first_place,
                       "the place of the event before it" if near else "the article's first named place", venues)
        if r.place is None and main_iso3 is not None:
            r.place, r.place_precision = country_places()[main_iso3], 3
            r.notes.append(f"no place in the text: the country the story is about ({r.place.location})")
        if r.place is not None and r.plover_type in ("ASSAULT", "PROTEST", "COERCE", "MOBILIZE", "RETREAT"):
            previous = r
        if r.actor1 is None and r.trigger.implied_actor1 and r.place is not None:
            r.actor1 = implied_state_actor(r.trigger.implied_actor1, r.place.iso3)
            if r.actor1 is not None:
                r.notes.append(f"no one named who did it: {r.actor1.name}, as only a state does this")
        until = next((x for x in starts if x > r.sentence), len(sentences))
        code_event(r, sentences, [x.text for x in sentences[r.sentence + 1:until]])
    events = event_rows(records, article, country)
    return events, figure_records(sentences, mentions, article, figure_ids)


def extract_rows(article: Article) -> tuple[list[dict], list[dict]]:
    """Extract one article's events and figures as row dicts (keys of the two schemas).

    Parameters
    ----------
    article : Article

    Returns
    -------
    (list of dict, list of dict)
        Event rows and figure rows, not yet validated (see :func:`extract_batch`).
    """
    docs = list(parse_texts([s.text for s in article.sentences]))
    return _article_rows(article, docs)


def extract_batch(articles, n_process: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract several articles into one event table and one figure table.

    Parameters
    ----------
    articles : iterable of Article
    n_process : int
        Processes that parse sentences (spaCy's ``nlp.pipe``); 1 parses here. The rest of the
        extraction runs in this process.

    Returns
    -------
    events, figures : pandas.DataFrame
        Columns and dtypes of :data:`events.schema.EVENT_COLUMNS` and
        :data:`events.schema.FIGURE_COLUMNS`, for all articles.

    Raises
    ------
    SchemaError
        If the result does not match the schema (a bug, not bad input).
    """
    seen: set[str] = set()  # the same article twice is one article: its rows once
    articles = [a for a in articles if not (a.doc_id in seen or seen.add(a.doc_id))]
    texts = [s.text for a in articles for s in a.sentences]
    docs = iter(parse_texts(texts, n_process=n_process))
    event_rows_, figure_rows = [], []
    for article in articles:
        ev, fig = _article_rows(article, [next(docs) for _ in article.sentences])
        event_rows_ += ev
        figure_rows += fig
    return (validate_events(from_records(event_rows_, EVENT_COLUMNS)),
            validate_figures(from_records(figure_rows, FIGURE_COLUMNS)))


def extract_events(article: Article) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Extract the events and figures of one article.

    Parameters
    ----------
    article : Article
        From :func:`events.read_article` or :func:`events.article.parse_article`.

    Returns
    -------
    events : pandas.DataFrame
        Columns and dtypes of :data:`events.schema.EVENT_COLUMNS`; one row per
        who-did-what-to-whom-where-when, ``dataset`` = "article".
    figures : pandas.DataFrame
        Columns and dtypes of :data:`events.schema.FIGURE_COLUMNS`.

    Raises
    ------
    SchemaError
        If the result does not match the schema (a bug, not bad input).

    Notes
    -----
    Ids are stable: ``event_id`` is a hash of the doc_id and the event's position and content,
    so extracting the same article twice gives the same ids.
    """
    return extract_batch([article])
