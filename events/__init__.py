"""Geopolitical event tracker: news articles and conflict datasets → one normalized event table."""

from .article import Article, parse_article, read_article
from .errors import ArticleError, EventsError, ImportFormatError, ReviewError, SchemaError, StoreError
from .extraction.pipeline import extract_events
from .schema import EVENT_COLUMNS, FIGURE_COLUMNS, validate_events, validate_figures
from .store import load_events, load_figures, save_events

__all__ = [
    "Article", "parse_article", "read_article", "extract_events",
    "ArticleError", "EventsError", "ImportFormatError", "ReviewError", "SchemaError", "StoreError",
    "EVENT_COLUMNS", "FIGURE_COLUMNS", "validate_events", "validate_figures",
    "load_events", "load_figures", "save_events",
]
