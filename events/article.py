"""Reading articles: front matter, headline, dateline, boilerplate, sentences.

An article file is UTF-8 (or Windows-1252, read with a warning) plain text or Markdown, with
an optional YAML front-matter block between two ``---`` lines, or an HTML page saved from a
browser (reduced to its main text by :mod:`events.markup`). The body keeps every character
of the file after the front matter, so character offsets of mentions index into
:attr:`Article.text`; boilerplate (a "READ MORE" list of other stories' headlines), the
headline and the dateline are left out of :attr:`Article.sentences`, which is what the
extractor reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from .errors import ArticleError

FRONT_MATTER_KEYS = ("published", "publisher", "url", "title")
MAX_ARTICLE_MB = 2
"""Largest article read, in megabytes, from the command line and the dashboard alike. A long news
article is about 50 kB; a bigger file is a whole site or a data dump, and reading it would take
minutes and gigabytes."""
MAX_ARTICLE_BYTES = MAX_ARTICLE_MB * 1024 * 1024

_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# A dateline: an upper-case place name (optionally ", Country" or "(Agency)") then a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z.\- ]{1,30})?)"
    r"\s*(?:\((?:[A-Za-z]+)\))?\s*[-\u2013\u2014]+\s+(?=\S)"
)
_BOILERPLATE_HEAD = re.compile(
    r"^\s*(read more|related( stories| articles| coverage)?|see also|more from|also read|"
    r"recommended|most read|trending|latest news)\s*:?\s*$",
    re.I,
)
_CREDIT = re.compile(r"^\s*\(?(reporting|writing|editing|additional reporting) by\b", re.I)
_LIST_ITEM = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s+")


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article body.

    Attributes
    ----------
    index : int
        Position among the article's sentences, from 0.
    start, end : int
        Character offsets of the sentence in :attr:`Article.text` (``end`` exclusive).
    text : str
        The sentence, ``Article.text[start:end]``.
    """

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Article:
    """A news article, ready for extraction.

    Attributes
    ----------
    doc_id : str
        Stable id: ``"art-"`` + the first 12 hex digits of the SHA-256 of the body.
    text : str
        The body: the file's text after the front matter (offsets index into it).
    sentences : tuple of Sentence
        The reporting sentences: no headline, dateline, boilerplate or credits.
    published : datetime.date or None
        Publication date; relative dates stay unresolved without it.
    title, publisher, url, path : str or None
        Metadata from the front matter (the title falls back to a headline line).
    dateline : str or None
        Where the story was filed ("BEIRUT"); never an event location.
    warnings : tuple of str
        What was odd while reading (encoding fallback, missing date).
    """

    doc_id: str
    text: str
    sentences: tuple[Sentence, ...]
    published: dt.date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    path: str | None = None
    dateline: str | None = None
    warnings: tuple[str, ...] = field(default_factory=tuple)


@cache
def _sentencizer():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def check_size(size_bytes: int, where: str | None = None) -> None:
    """Refuse an article larger than :data:`MAX_ARTICLE_BYTES`.

    Parameters
    ----------
    size_bytes : int
        The article's size in bytes (UTF-8).
    where : str, optional
        The file, named at the start of the message.

    Raises
    ------
    ArticleError
        With the size and the limit in MB, when ``size_bytes`` is over the limit.
    """
    if size_bytes > MAX_ARTICLE_BYTES:
        raise ArticleError(f"{where + ': ' if where else ''}the article is {size_bytes / 1024 / 1024:.1f} MB; "
                           f"the limit is {MAX_ARTICLE_MB} MB (save just the article's page, or paste its text)")


def _to_date(value, what: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise ArticleError(f"{what}: published date {value!r} is not YYYY-MM-DD") from None


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, except that a date-like value that is no real day stays a string."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.Node):
    """Build a YAML timestamp, or keep its text when it is no real day (``2023-13-45``)."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _split_front_matter(text: str, where: str) -> tuple[dict, str]:
    if not text.lstrip("\ufeff").startswith("---"):
        return {}, text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        raise ArticleError(f"{where}: front matter starts with '---' but has no closing '---' line")
    try:
        meta = yaml.load(match.group(1), Loader=_FrontMatterLoader) or {}  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" (line {mark.line + 2})" if mark else ""
        raise ArticleError(f"{where}: malformed front matter{line}: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise ArticleError(f"{where}: front matter must be 'key: value' lines, got {type(meta).__name__}")
    return meta, text[match.end():]


HARD_WRAP_MIN_CHARS = 50
"""A line at least this long that ends without a full stop, followed by a line in the same block,
was wrapped by the writer's editor: the two are one paragraph ("... killing" then "five soldiers")."""


def _is_hard_wrap(line: str, following: str) -> bool:
    """Whether a single line break between ``line`` and ``following`` is a hard wrap inside a sentence."""
    end, nxt = line.rstrip(), following.lstrip()
    if not nxt or re.search(r"[.!?:\"\u201d]$", end) or _LIST_ITEM.match(following) or _BOILERPLATE_HEAD.match(end):
        return False
    return nxt[:1].islower() or len(end) >= HARD_WRAP_MIN_CHARS


def _paragraphs(body: str):
    """Yield (start, end) of each paragraph: a line, or lines joined across hard wraps."""
    lines = [m for m in re.finditer(r"[^\r\n]+", body) if m.group().strip()]
    k = 0
    while k < len(lines):
        start, end = lines[k].start(), lines[k].end()
        while k + 1 < len(lines) and re.fullmatch(r"\r?\n", body[end:lines[k + 1].start()]) and \
                _is_hard_wrap(body[start:end], lines[k + 1].group()):
            k += 1
            end = lines[k].end()
        yield start, end
        k += 1


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= 25 and not re.search(r"[.!?\"\u201d]\s*$", line.strip())


def _reporting_spans(body: str) -> tuple[list[tuple[int, int]], str | None, str | None]:
    """Return the spans of reporting text, the headline and the dateline."""
    spans: list[tuple[int, int]] = []
    headline = dateline = None
    in_boilerplate = False
    paragraphs = list(_paragraphs(body))
    first = len(paragraphs) > 1  # a lone paragraph is text, never a headline
    for start, end in paragraphs:
        line = body[start:end]
        if _BOILERPLATE_HEAD.match(line):
            in_boilerplate = True
            continue
        if in_boilerplate and _LIST_ITEM.match(line):
            continue
        in_boilerplate = False
        if _CREDIT.match(line) or _LIST_ITEM.match(line) and len(line.split()) < 4:
            continue
        if first and _looks_like_headline(line):
            headline = line.strip()
            first = False
            continue
        first = False
        if dateline is None and not spans:
            match = _DATELINE.match(line)
            if match:
                dateline = match.group("place").strip().title()
                start += match.end()
        spans.append((start, end))
    return spans, headline, dateline


def split_sentences(body: str, spans: list[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Split the given spans of ``body`` into sentences with offsets into ``body``.

    Parameters
    ----------
    body : str
        The article body.
    spans : list of (int, int)
        Character ranges of reporting text (paragraphs).

    Returns
    -------
    tuple of Sentence

    Notes
    -----
    spaCy's rule-based ``sentencizer`` on a blank English pipeline; its tokenizer keeps
    abbreviations such as "U.S." and "Dec." inside a sentence.
    """
    nlp = _sentencizer()
    out: list[Sentence] = []
    for start, end in (w for span in spans for w in _windows(body, *span, MAX_CHUNK_CHARS)):
        doc = nlp(body[start:end])
        for sent in doc.sents:
            s0 = start + sent.start_char
            for a, b in _windows(body, s0, s0 + len(sent.text), MAX_SENTENCE_CHARS):
                text = body[a:b].strip()
                if text:
                    s = a + (len(body[a:b]) - len(body[a:b].lstrip()))
                    heading = _RUN_IN_HEADING.match(text)
                    last = heading.group(1).split()[-1] if heading else ""
                    if heading and last.isalpha() and last.islower() and last not in _NOT_HEADING_ENDS:
                        # "International reaction A U.S. spokesperson said ...": a subheading run into the text
                        cut = heading.end()
                        out.append(Sentence(len(out), s, s + len(heading.group(1)), heading.group(1)))
                        s, text = s + cut, text[cut:]
                    # a hard-wrapped line break reads as a space; the length, and so every offset, stays
                    out.append(Sentence(len(out), s, s + len(text), re.sub(r"[\r\n]", " ", text)))
    return tuple(out)


_RUN_IN_HEADING = re.compile(r"([A-Z][^\s.,;:!?\"\u201c\u201d]*(?:[ \t]+[^\s.,;:!?\"\u201c\u201d]+){0,4})[ \t]+"
                             r"(?=(?:A|An|The|In|On|At|After|Since|When|While|As)[ \t])")
"""A subheading that scraped news runs into the next sentence: up to five words with no punctuation,
the last one lower case, then a capitalised function word that can only start a sentence
("International reaction A U.S. spokesperson ..."). It becomes a sentence of its own."""
_NOT_HEADING_ENDS = frozenset({"in", "at", "on", "of", "to", "from", "by", "with", "for", "near", "into", "and", "or",
                               "but", "said", "says", "told", "called", "named", "visited", "joined", "read", "is",
                               "was", "are", "were", "be", "been", "like", "about", "over", "than", "that"})
"""Words a phrase before a capitalised "The" can end with when it is no heading ("lives in The Hague",
"said The Times")."""


MAX_SENTENCE_CHARS = 1000
"""A "sentence" longer than this (a list, a run-on line with no full stop) is cut at spaces, so
that the work per sentence stays bounded; real news sentences are far shorter."""
MAX_CHUNK_CHARS = 100_000
"""Text is given to spaCy in pieces of at most this many characters (its limit is 1,000,000)."""


def _windows(text: str, start: int, end: int, size: int):
    """Yield (start, end) pieces of text[start:end] of at most ``size`` characters, cut at spaces."""
    while end - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut if cut > start else start + size
        yield start, cut
        start = cut
    yield start, end


_INVISIBLE = re.compile(
    "[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
    "|(?<=[A-Za-z])[\u200c\u200d]|[\u200c\u200d](?=[A-Za-z])"
)
"""Characters that show as nothing: soft hyphen, zero-width space, direction marks and embeddings,
word joiner, byte-order mark; zero-width (non-)joiners only beside Latin letters (Persian and
emoji sequences need them). Text copied from web pages carries them inside names ("Kher\u00adson")."""


def strip_invisible(text: str) -> str:
    """Return ``text`` without invisible formatting characters (:data:`_INVISIBLE`).

    >>> strip_invisible("\u200fRussian forces shelled Kher\u00adson")
    'Russian forces shelled Kherson'
    """
    return _INVISIBLE.sub("", text)


def parse_article(
    text: str,
    published: dt.date | str | None = None,
    doc_id: str | None = None,
    *,
    path: str | None = None,
    meta: dict | None = None,
) -> Article:
    """Build an :class:`Article` from its text (front matter allowed).

    Invisible formatting characters are removed from the body first (:func:`strip_invisible`);
    offsets and evidence sentences refer to the text without them.

    Parameters
    ----------
    text : str
        The whole file's text, or just a body.
    published : datetime.date or str (YYYY-MM-DD), optional
        Overrides the front matter's ``published``.
    doc_id : str, optional
        Overrides the content-hash id.
    path : str, optional
        Where the text came from, for messages and the ``source_url`` fallback.
    meta : dict, optional
        Extra metadata that wins over the front matter (used by importers).

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        If the text is empty, the front matter is malformed, or a date is not YYYY-MM-DD.

    Examples
    --------
    >>> a = parse_article("---\\npublished: 2022-12-22\\n---\\nBEIRUT - Rebels attacked a base on Monday.")
    >>> a.published.isoformat(), a.dateline, a.sentences[0].text
    ('2022-12-22', 'Beirut', 'Rebels attacked a base on Monday.')
    """
    where = path or "<text>"
    if not text.strip():
        raise ArticleError(f"{where}: the article is empty")
    front, body = _split_front_matter(text, where)
    body = strip_invisible(body)
    unknown = sorted(set(front) - set(FRONT_MATTER_KEYS) - {"language", "lang", "source"})
    notes = [f"front matter keys ignored: {', '.join(unknown)}"] if unknown else []
    info = {**front, **(meta or {})}
    for key in ("title", "publisher", "url"):
        value = info.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int, float, dt.date))):
            raise ArticleError(f"{where}: malformed front matter: {key} must be text, got "
                               f"{type(value).__name__} {str(value)[:60]!r}")
    from .markup import http_link

    url = str(info["url"]).strip() if info.get("url") else None
    if url and http_link(url) is None:
        notes.append(f"url {url[:80]!r} is not an http(s) link: not kept")
        url = None
    date = _to_date(published, where) if published is not None else _to_date(info.get("published"), where)
    if not body.strip():
        raise ArticleError(f"{where}: the article has front matter but no text")
    spans, headline, dateline = _reporting_spans(body)
    sentences = split_sentences(body, spans)
    if date is None:
        notes.append("no publication date: relative dates are left unresolved")
    digest = hashlib.sha256(body.strip().encode("utf-8")).hexdigest()[:12]
    return Article(
        doc_id=doc_id or f"art-{digest}",
        text=body,
        sentences=sentences,
        published=date,
        title=str(info["title"]) if info.get("title") else headline,
        publisher=str(info["publisher"]) if info.get("publisher") else None,
        url=url,
        path=path,
        dateline=dateline,
        warnings=tuple(notes),
    )


def parse_document(
    text: str,
    name: str | None = None,
    published: dt.date | str | None = None,
    meta: dict | None = None,
) -> Article:
    """Build an :class:`Article` from plain text, Markdown or an HTML page.

    An HTML page (by ``name``'s ending or its first tag, see :func:`events.markup.looks_like_html`)
    is reduced to its main text first, and its metadata (title, publisher, URL, publication date)
    fills what ``meta`` does not give. Markdown (``.md``, or pasted text with Markdown links,
    headings or bold, :func:`events.markup.looks_like_markdown`) is turned into plain paragraphs
    after its front matter (:func:`events.markup.markdown_to_text`). Plain text goes to
    :func:`parse_article` as it is (YAML front matter allowed).

    Parameters
    ----------
    text : str
        The document.
    name : str, optional
        File name or path, for the kind of document, messages and the ``source_url`` fallback.
    published : datetime.date or str (YYYY-MM-DD), optional
        Overrides the document's publication date.
    meta : dict, optional
        ``title``, ``publisher``, ``url`` that win over the document's own; None values are ignored.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        As :func:`parse_article`, or if an HTML page has no article text.
    """
    from .markup import looks_like_html, looks_like_markdown, markdown_to_text, parse_html

    given = {k: v for k, v in (meta or {}).items() if v not in (None, "")}
    if looks_like_html(text, name):
        body, found = parse_html(text, name or "<html>")
        return parse_article(body, published, path=name, meta={**found, **given})
    if looks_like_markdown(text, name):
        match = _FRONT_MATTER.match(text)
        front, body = (text[:match.end()], text[match.end():]) if match else ("", text)
        if body.strip():
            text = front + markdown_to_text(body)
    return parse_article(text, published, path=name, meta=given)


def _decode(raw: bytes, where: str) -> tuple[str, list[str]]:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its byte-order mark (Windows Notepad's "Unicode")
        try:
            return raw.decode("utf-16"), [f"{where}: read as UTF-16"]
        except UnicodeDecodeError:
            raise ArticleError(f"{where}: starts like UTF-16 text but does not decode as UTF-16") from None
    if b"\x00" in raw[:8192]:
        raise ArticleError(f"{where}: binary file (NUL bytes), not a text article")
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ArticleError(f"{where}: not UTF-8 or Windows-1252 text") from None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\r\n\t\f")
    if controls > max(3, len(text) // 100):
        raise ArticleError(f"{where}: binary file, not a text article")
    return text, [f"{where}: not UTF-8; read as Windows-1252"]


def read_article(path: str | Path, published: dt.date | str | None = None) -> Article:
    """Read an article file: plain text or Markdown (``.txt``, ``.md``) or an HTML page (``.html``).

    Parameters
    ----------
    path : str or pathlib.Path
        The file. UTF-8, or Windows-1252 (read with a :class:`UserWarning`).
    published : datetime.date or str (YYYY-MM-DD), optional
        Publication date; overrides the front matter's ``published``.

    Returns
    -------
    Article

    Raises
    ------
    ArticleError
        If the file does not exist, is a folder, is larger than :data:`MAX_ARTICLE_BYTES`, is
        empty, is binary, has malformed front matter, a date is not YYYY-MM-DD, or an HTML page
        holds no article text.
    """
    p = Path(path)
    if not p.exists():
        raise ArticleError(f"{p}: no such file")
    if not p.is_file():
        raise ArticleError(f"{p}: not a file")
    try:
        check_size(p.stat().st_size, str(p))
        raw = p.read_bytes()
    except OSError as exc:
        raise ArticleError(f"{p}: cannot read: {exc.strerror}") from None
    if not raw.strip():
        raise ArticleError(f"{p}: the article is empty")
    text, notes = _decode(raw, str(p))
    for note in notes:
        warnings.warn(note, UserWarning, stacklevel=2)
    article = parse_document(text, str(p), published)
    if notes:
        article = Article(**{**article.__dict__, "warnings": tuple(notes) + article.warnings})
    return article
