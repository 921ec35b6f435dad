"""Geopolitical event tracker: news articles and conflict datasets → one normalized event table.

:func:`extract_events` is imported on first use (PEP 562 module ``__getattr__``): it loads spaCy,
about 0.4 s, which the dashboard's Events and Review views never need.
"""

from .article import Article, parse_article, read_article
from .errors import ArticleError, EventsError, ImportFormatError, ReviewError, SchemaError, StoreError
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, validate_events, validate_figures
from .store import load_events, load_figures, save_events

__all__ = [
    "Article", "parse_article", "read_article", "extract_events",
    "ArticleError", "EventsError", "ImportFormatError", "ReviewError", "SchemaError", "StoreError",
    "EVENT_COLUMNS", "FIGURE_COLUMNS", "validate_events", "validate_figures",
    "load_events", "load_figures", "save_events",
]


def __getattr__(name: str):
    if name == "extract_events":
        from .extraction.pipeline import extract_events

        return extract_events
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
