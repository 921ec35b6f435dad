"""Toponyms: every place name of a text, resolved (the geoparsing view of the extractor).

Unlike the event extractor, which keeps only places that locate an event, this returns every
name that the gazetteer resolves — including origins ("volunteers from Sweden") and capitals
used for their governments — so it can be scored against annotated geoparsing corpora (LGL,
GeoVirus).
"""

from __future__ import annotations

from dataclasses import dataclass

from .location import article_context, link_places, resolve_mention_place
from .record import SentenceParts
from ..reference.lexicon import normalize_key
from .mentions import demonym_index, find_mentions, find_surnames, tokenize
from ..reference.gazetteer import PlaceContext, country_places, place_from_row, rank_candidates


@dataclass(frozen=True)
class Toponym:
    """A place name found in a text and its resolution.

    Attributes
    ----------
    start, end : int
        Character offsets in ``article.text`` (``end`` exclusive).
    text : str
        The name as written.
    location, admin1, country, iso3 : str or None
        The resolved place (None when unresolved).
    latitude, longitude : float or None
        WGS84 degrees.
    geonameid : int or None
        GeoNames id of a resolved city.
    geo_precision : int or None
        ACLED geo precision of the resolved place.
    """

    start: int
    end: int
    text: str
    location: str | None
    admin1: str | None
    country: str | None
    iso3: str | None
    latitude: float | None
    longitude: float | None
    geonameid: int | None
    geo_precision: int | None


def find_toponyms(article) -> list[Toponym]:
    """Find and resolve every place name of an article's whole text.

    Parameters
    ----------
    article : events.article.Article
        Offsets refer to ``article.text``; the whole text is read, headline included.

    Returns
    -------
    list of Toponym
        In text order, one per name; candidates are ranked with the article's context.
    """
    text = article.text
    parts = []
    lines = list(_lines(text))
    token_lists = [tokenize(text[start:end], start) for start, end in lines]
    surnames = find_surnames(token_lists)
    for index, ((start, end), tokens) in enumerate(zip(lines, token_lists)):
        mentions = find_mentions(tokens, text, start, surnames)
        link_places(mentions, tokens)  # "Buffalo, New York": the state qualifies the city
        parts.append(SentenceParts(index, text[start:end], start, tokens, mentions, [], [], [], None))
    context = article_context(parts, article)
    out = []
    countries = country_places()
    demonyms = demonym_index()
    for part in parts:
        taken = {t for m in part.mentions if m.place_key for t in range(m.tok_start, m.tok_end)}
        for k, tok in enumerate(part.tokens):
            for width in (2, 1):
                span = part.tokens[k:k + width]
                if len(span) < width or any(x in taken for x in range(k, k + width)) or not tok.text[:1].isupper():
                    continue
                iso3 = demonyms.get(normalize_key(text[span[0].start:span[-1].end]))
                if iso3 and iso3 in countries:
                    p = countries[iso3]
                    out.append(Toponym(span[0].start, span[-1].end, text[span[0].start:span[-1].end], p.location,
                                       None, p.country, p.iso3, p.latitude, p.longitude, None, 3))
                    taken.update(range(k, k + width))
                    break
        for m in part.mentions:
            if not m.place_key:
                named = _country_in_actor(m, part.tokens, text)
                if named is not None:
                    out.append(named)
                continue
            place = resolve_mention_place(m, context)
            out.append(Toponym(
                m.start, m.end, m.text,
                place.location if place else None, place.admin1 if place else None,
                place.country if place else None, place.iso3 if place else None,
                place.latitude if place else None, place.longitude if place else None,
                place.geonameid if place else None, place.geo_precision if place else None,
            ))
    return sorted(out, key=lambda t: t.start)


def _country_in_actor(m, tokens, text: str) -> Toponym | None:
    """The country name that opens a state actor's mention ("Russia officials", "UK government
    officials"): the actor is the state, but the name is still a toponym (metonymy)."""
    if not m.actors or m.actors[0].kind not in ("state", "state forces") or not m.actors[0].iso3:
        return None
    country = country_places().get(m.actors[0].iso3)
    for width in range(min(3, m.tok_end - m.tok_start - 1), 0, -1):
        span = tokens[m.tok_start:m.tok_start + width]
        start, end = span[0].start, span[-1].end
        if country is not None and any(place_from_row(row).iso3 == country.iso3 for _, row in
                                       rank_candidates(normalize_key(text[start:end]), PlaceContext.empty(), ("country",))):
            return Toponym(start, end, text[start:end], country.location, None, country.country, country.iso3,
                           country.latitude, country.longitude, None, 3)
    return None


def _lines(text: str):
    """Yield (start, end) of each non-blank line."""
    pos = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
