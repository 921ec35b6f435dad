"""From an article to its event table and figure table (see :mod:`events.extraction.pipeline`)."""

from .extraction.pipeline import extract_batch, extract_events, extract_rows
from .record import FatalityCount, fatality_total

__all__ = ["extract_events", "extract_batch", "extract_rows", "FatalityCount", "fatality_total"]
