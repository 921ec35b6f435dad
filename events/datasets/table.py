"""What the dataset readers share: text decoding, CSV reading with line numbers, one date format
per column, bad-row bookkeeping and the reference tables of ``data/``.

Every function here works on whole columns (pandas Series); none builds a Python object per row.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ImportFormatError
from ..lexicon import read_table

ENCODINGS = ("utf-8-sig", "cp1252")
"""Encodings tried in order for a text file: UTF-8 (with or without a byte-order mark), then
Windows-1252, the encoding a spreadsheet on Windows writes when it saves "CSV"."""


@dataclass(frozen=True)
class SkippedRows:
    """Rows of one file left out for one reason (only with ``skip_bad_rows``)."""

    file: str
    reason: str
    rows: int
    first_line: int


def detect_encoding(path: Path) -> str:
    """Return the encoding of a text file: ``"utf-8-sig"`` if it is valid UTF-8, else ``"cp1252"``.

    The whole file is checked in 1 MiB blocks with an incremental decoder (no copy is kept).

    Parameters
    ----------
    path : pathlib.Path
        The file.

    Returns
    -------
    str
        One of :data:`ENCODINGS`.

    Raises
    ------
    ImportFormatError
        If the file is missing or a folder, holds NUL bytes (a binary file: Parquet, zip,
        Excel), or is neither UTF-8 nor Windows-1252.
    """
    if path.is_dir():
        raise ImportFormatError(f"{path} is a folder, not a data file")
    if not path.is_file():
        raise ImportFormatError(f"{path}: no such file")
    name = path.name
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 1
        try:
            with open(path, "rb") as f:
                while block := f.read(1 << 20):
                    if b"\x00" in block:
                        at = lines + block[: block.index(b"\x00")].count(b"\n")
                        raise ImportFormatError(f"{name}, line {at}: a binary file (NUL bytes), not a text table")
                    decoder.decode(block)
                    lines += block.count(b"\n")
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError as exc:
            error, error_line = exc, lines
    raise ImportFormatError(f"{name}, line {error_line}: neither UTF-8 nor Windows-1252 text ({error.reason})")


def read_header(path: Path) -> list[str]:
    """Return the column names on the first line of a comma-separated file (no data is read).

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text or is empty.
    """
    encoding = detect_encoding(path)
    try:
        return list(pd.read_csv(path, nrows=0, dtype=str, encoding=encoding).columns)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise ImportFormatError(f"{path.name}, line 1: no header line ({str(exc).strip()})") from exc


def read_csv_file(path: Path, sep: str = ",", header: bool = True,
                  names: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Read a delimited text file with every cell as a string, and each record's line number.

    Parameters
    ----------
    path : pathlib.Path
        The file (UTF-8 or Windows-1252, see :func:`detect_encoding`).
    sep : str
        Field separator; with ``","`` fields may be quoted (RFC 4180), otherwise quotes are text.
    header : bool
        The first line names the columns.
    names : sequence of str, optional
        Column names when there is no header.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series)
        The cells (dtype ``str``, ``""`` when empty or missing at the end of a short record) and
        the physical line (int64, 1-based) on which each record starts; a quoted field spanning
        several lines is counted. Blank lines are kept as empty records, so they are reported.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text, is empty, or a record has more fields than the
        header ("line N: expected 31 fields, saw 32").
    """
    name = path.name
    encoding = detect_encoding(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_filter=False,
                                header=0 if header else None, names=names, skip_blank_lines=False,
                                on_bad_lines="warn", quoting=0 if sep == "," else 3, encoding=encoding)
        except pd.errors.EmptyDataError as exc:
            raise ImportFormatError(f"{name}, line 1: the file is empty") from exc
        except pd.errors.ParserError as exc:
            raise ImportFormatError(f"{name}: not a readable table: {str(exc).strip()}") from exc
    overlong = [str(w.message) for w in caught if "expected" in str(w.message).lower()]
    if overlong:
        first = re.search(r"[Ss]kipping line (\d+): (.*)", overlong[0])
        where, why = (first.group(1), first.group(2).strip()) if first else ("?", overlong[0])
        raise ImportFormatError(f"{name}, line {where}: {why}")
    frame = frame.fillna("")
    embedded = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        if frame[column].str.contains("\n", regex=False).any():
            embedded += frame[column].str.count("\n").to_numpy(dtype=np.int64)
    first_line = 2 if header else 1
    starts = first_line + np.arange(len(frame), dtype=np.int64) + np.concatenate(([0], np.cumsum(embedded)[:-1]))
    return frame, pd.Series(starts, index=frame.index)


def parse_date_column(values: pd.Series, families: Sequence[Sequence[str]]) -> tuple[pd.Series, tuple[str, ...]]:
    """Parse a date column with one date convention for the whole column.

    A *family* is a tuple of ``strftime`` formats that share one field order and differ only in
    shape (``"%m/%d/%Y %I:%M:%S %p"`` and ``"%m/%d/%Y %H:%M"``), so no value can be read by two
    of them. The first family that parses every non-empty value is used; if none does, the family
    parsing most values, and the others come back as ``NaT`` for the caller to report. A value
    is never tried against a second field order.

    Parameters
    ----------
    values : pandas.Series of str
        The column's cells (``""`` when empty).
    families : sequence of sequence of str
        Candidate families in order of preference.

    Returns
    -------
    tuple of (pandas.Series, tuple of str)
        Days (datetime64[ns], time of day dropped; ``NaT`` where empty or unparsed) and the
        family used.

    Examples
    --------
    >>> days, used = parse_date_column(pd.Series(["5/2/2014 12:00:00 AM", "05/13/2014 00:00"]),
    ...                                [("%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M"),
    ...                                 ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")])
    >>> days.dt.strftime("%Y-%m-%d").tolist(), used[0]
    (['2014-05-02', '2014-05-13'], '%m/%d/%Y %I:%M:%S %p')
    """
    text = values.str.strip()
    present = text != ""
    best, best_count, best_family = None, -1, tuple(families[0])
    for family in families:
        parsed = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
        for fmt in family:
            todo = present & parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        count = int(parsed.notna().sum())
        if count == int(present.sum()):
            return parsed.dt.normalize(), tuple(family)
        if count > best_count:
            best, best_count, best_family = parsed, count, tuple(family)
    return best.dt.normalize(), best_family


def collect_bad_rows(reasons: pd.Series, lines: pd.Series, name: str, skip: bool) -> tuple[pd.Series, list[SkippedRows]]:
    """Turn per-row reasons into a keep-mask, or an error naming the first bad row.

    Parameters
    ----------
    reasons : pandas.Series of str
        Why each row is bad; ``""`` or NA for a good row.
    lines : pandas.Series of int
        Each row's line in the file.
    name : str
        File name for messages.
    skip : bool
        Leave bad rows out (and count them) instead of failing.

    Returns
    -------
    tuple of (pandas.Series of bool, list of SkippedRows)
        True for the rows to keep; one :class:`SkippedRows` per reason.

    Raises
    ------
    ImportFormatError
        If a row is bad and ``skip`` is false: ``"<file>, line <n>: <reason>"``, plus how many
        other rows are bad.
    """
    reasons = reasons.fillna("")
    bad = reasons != ""
    if not bad.any():
        return ~bad, []
    if not skip:
        first = bad.idxmax()
        more = int(bad.sum()) - 1
        tail = f" ({more} more bad row{'s' if more != 1 else ''}; --skip-bad-rows imports the good ones)" if more else \
            " (--skip-bad-rows imports the good ones)"
        raise ImportFormatError(f"{name}, line {int(lines[first])}: {reasons[first]}{tail}")
    summary = pd.DataFrame({"reason": reasons[bad], "line": lines[bad]}).groupby("reason", sort=False)["line"].agg(["size", "min"])
    skipped = [SkippedRows(name, reason, int(row["size"]), int(row["min"])) for reason, row in summary.iterrows()]
    return ~bad, skipped


def add_reason(reasons: pd.Series, mask: pd.Series, text: pd.Series | str) -> pd.Series:
    """Set ``text`` as the reason of the rows in ``mask`` that have none yet (first reason wins)."""
    fill = mask.fillna(False).astype(bool) & (reasons == "")
    if isinstance(text, str):
        return reasons.mask(fill, text)
    return reasons.mask(fill, text.astype(str))


def to_int_codes(values: pd.Series) -> pd.Series:
    """Read text cells as nullable integers; ``""`` and non-integers become ``<NA>``."""
    numbers = pd.to_numeric(values.str.strip().replace("", None), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    return numbers.where(whole).astype("Int64")


def empty_to_na(values: pd.Series) -> pd.Series:
    """Strip text cells and make empty ones ``<NA>`` (dtype ``string``)."""
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def data_table(name: str) -> pd.DataFrame:
    """Return a reference table of ``data/`` (every cell text, ``""`` when empty)."""
    return read_table(name)


@cache
def _country_keys() -> dict[str, str]:
    countries = read_table("countries.csv")
    keys: dict[str, str] = {}
    for iso3, name, aliases in zip(countries["iso3"], countries["name"], countries["aliases"]):
        for key in [name, *aliases.split("|")]:
            if key.strip():
                keys.setdefault(key.strip().lower(), iso3)
    return keys


def resolve_iso3_by_name(names: pd.Series) -> pd.Series:
    """Return ISO3 codes for country names via ``data/countries.csv`` names and aliases.

    A trailing parenthesis (UCDP's ``"Russia (Soviet Union)"``) is ignored. Unknown names give
    ``<NA>`` (dtype ``string``).
    """
    key = names.astype("string").str.replace(r"\s*\(.*\)\s*$", "", regex=True).str.strip().str.lower()
    return key.map(_country_keys()).astype("string")


def resolve_iso3_by_number(numbers: pd.Series) -> pd.Series:
    """Return ISO3 codes for ISO 3166-1 numeric codes (text cells) via ``data/countries.csv``."""
    countries = read_table("countries.csv")
    table = dict(zip(countries["isonum"], countries["iso3"]))
    return to_int_codes(numbers).astype("string").map(table).astype("string")


def resolve_iso3_by_fips(codes: pd.Series) -> pd.Series:
    """Return ISO3 codes for FIPS 10-4 country codes via ``data/fips_to_iso3.csv``; unknown → NA."""
    table = read_table("fips_to_iso3.csv")
    return codes.astype("string").str.strip().str.upper().map(dict(zip(table["fips"], table["iso3"]))).astype("string")


def country_names(iso3: pd.Series) -> pd.Series:
    """Return the ACLED-style country name (``data/countries.csv``) of each ISO3 code; NA if unknown."""
    countries = read_table("countries.csv")
    return iso3.astype("string").map(dict(zip(countries["iso3"], countries["name"]))).astype("string")
