"""The package's exception family.

Every error the package raises on purpose is an :class:`EventsError`; third-party exceptions
are mapped to one of these at the boundary, so the CLI can print one line and the app can show
it with ``st.error``.
"""


class EventsError(Exception):
    """Base class of every error the package raises on purpose."""


class ArticleError(EventsError):
    """An article file cannot be read: missing, empty, binary or with malformed front matter."""


class SchemaError(EventsError):
    """A table does not have the columns, dtypes or allowed values of the schema."""


class StoreError(EventsError):
    """The event store on disk cannot be read or written."""


class ImportFormatError(EventsError):
    """A dataset file (ACLED, GDELT, UCDP, corpus) is not in a layout we recognise."""


class ReviewError(EventsError):
    """A review action cannot be done: unknown row, empty reviewer, bad field or value."""


class AmbiguousDateError(ImportFormatError):
    """A date column reads as both day/month/year and month/day/year and nothing in the file decides."""
