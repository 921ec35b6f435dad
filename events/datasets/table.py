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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

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


def read_csv_file(path: Path, sep: str = ",",
                  columns: Sequence[str] | None = None) -> tuple[pd.DataFrame, pd.Series]:
    """Read a CSV file with a header, every cell as a string, and the line each record starts on.

    The file is parsed by pyarrow (multi-threaded); if pyarrow finds a record with the wrong
    number of fields, or cannot parse the file, it is read again by pandas, which names the line
    of an over-long record and pads a short one with empty cells (the readers then report it as
    truncated).

    Parameters
    ----------
    path : pathlib.Path
        The file (UTF-8 or Windows-1252, see :func:`detect_encoding`); fields may be quoted
        (RFC 4180) and span lines.
    sep : str
        Field separator.
    columns : sequence of str, optional
        Read only these header columns (those absent are ignored); default all.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series)
        The cells (dtype ``str``, ``""`` when empty or missing at the end of a short record;
        columns named by the header; blank lines kept as empty records so they are reported) and
        the physical line (int64, 1-based) on which each record starts, counting quoted fields
        that span several lines.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text, is empty, or a record has more fields than the
        header ("line N: expected 31 fields, saw 32").
    """
    encoding = detect_encoding(path)
    header = read_header(path)
    wanted = header if columns is None else [c for c in header if c in set(columns)]
    frame = _read_with_pyarrow(path, sep, encoding, header, wanted)
    if frame is None:
        frame = _read_with_pandas(path, sep, encoding, wanted)
    embedded = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        cells = pa.chunked_array(pa.array(frame[column], type=pa.string(), from_pandas=True))
        if pc.any(pc.match_substring(cells, "\n")).as_py():
            embedded += pc.count_substring(cells, "\n").to_numpy(zero_copy_only=False).astype(np.int64)
    starts = 2 + np.arange(len(frame), dtype=np.int64) + np.concatenate(([0], np.cumsum(embedded)[:-1]))
    return frame, pd.Series(starts, index=frame.index)


def _read_with_pyarrow(path: Path, sep: str, encoding: str, header: list[str], wanted: list[str]) -> pd.DataFrame | None:
    """Parse with pyarrow; None when a record has the wrong field count or the file does not parse."""
    if len(set(header)) != len(header):
        return None  # pandas renames repeated header names; pyarrow would not
    invalid = []

    def on_invalid(row) -> str:
        invalid.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(encoding="utf8" if encoding == "utf-8-sig" else encoding, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=True, ignore_empty_lines=False,
                                             invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(column_types={c: pa.string() for c in header}, include_columns=wanted,
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowKeyError, OSError, UnicodeDecodeError):
        return None
    if invalid or table.column_names != wanted:
        return None
    frame = table.to_pandas()
    return frame


def _read_with_pandas(path: Path, sep: str, encoding: str, wanted: list[str]) -> pd.DataFrame:
    """Parse with pandas' C parser, naming the first over-long record's line."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            frame = pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False, na_filter=False, header=0,
                                skip_blank_lines=False, on_bad_lines="warn", encoding=encoding,
                                usecols=lambda c: c in set(wanted))
        except pd.errors.EmptyDataError as exc:
            raise ImportFormatError(f"{path.name}, line 1: the file is empty") from exc
        except pd.errors.ParserError as exc:
            raise ImportFormatError(f"{path.name}: not a readable table: {str(exc).strip()}") from exc
    overlong = [str(w.message) for w in caught if "expected" in str(w.message).lower()]
    if overlong:
        first = re.search(r"[Ss]kipping line (\d+): (.*)", overlong[0])
        where, why = (first.group(1), first.group(2).strip()) if first else ("?", overlong[0])
        raise ImportFormatError(f"{path.name}, line {where}: {why}")
    return frame.fillna("")


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
    codes, uniques = pd.factorize(values.str.strip())  # dates repeat: parse each distinct text once
    text = pd.Series(uniques, dtype="str")
    present = text != ""
    weights = np.bincount(codes[codes >= 0], minlength=len(text))
    total = int(weights[present.to_numpy()].sum())
    best, best_count, best_family = None, -1, tuple(families[0])
    for family in families:
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        for fmt in family:
            todo = present & parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        count = int(weights[parsed.notna().to_numpy()].sum())
        if count > best_count:
            best, best_count, best_family = parsed, count, tuple(family)
        if count == total:
            break
    days = best.dt.normalize().to_numpy()
    out = np.where(codes >= 0, days[np.maximum(codes, 0)], np.datetime64("NaT"))
    return pd.Series(out, index=values.index, dtype="datetime64[ns]"), best_family


def collect_bad_rows(reasons: pd.Series, lines, name: str, skip: bool) -> tuple[pd.Series, list[SkippedRows]]:
    """Turn per-row reasons into a keep-mask, or an error naming the first bad row.

    Parameters
    ----------
    reasons : pandas.Series of str
        Why each row is bad; ``None`` for a good row (see :func:`add_reason`).
    lines : pandas.Series of int, or a callable returning one
        Each row's line in the file; a callable is only called when a row is bad.
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
    bad = reasons.notna()
    if not bad.any():
        return ~bad, []
    if callable(lines):
        lines = lines()
    if not skip:
        first = bad.idxmax()
        more = int(bad.sum()) - 1
        tail = f" ({more} more bad row{'s' if more != 1 else ''}; --skip-bad-rows imports the good ones)" if more else \
            " (--skip-bad-rows imports the good ones)"
        raise ImportFormatError(f"{name}, line {int(lines[first])}: {reasons[first]}{tail}")
    summary = pd.DataFrame({"reason": reasons[bad], "line": lines[bad]})
    summary = summary.groupby("reason", sort=False)["line"].agg(["size", "min"])
    skipped = [SkippedRows(name, reason, int(row["size"]), int(row["min"])) for reason, row in summary.iterrows()]
    return ~bad, skipped


def no_reasons(index: pd.Index) -> pd.Series:
    """Return an empty reason per row (``None``: the row is good so far), for :func:`add_reason`."""
    return pd.Series(None, index=index, dtype=object)


def add_reason(reasons: pd.Series, mask: pd.Series, template: str, values: pd.Series | None = None) -> pd.Series:
    """Give the rows in ``mask`` that have no reason yet the reason ``template`` (first reason wins).

    ``"{}"`` in ``template`` is replaced by the row's cell of ``values``; the text is built only for
    the rows concerned, so a clean million-row file costs one mask test per check.
    """
    fill = mask.fillna(False).astype(bool) & reasons.isna()
    if not fill.any():
        return reasons
    if values is None:
        return reasons.mask(fill, template)
    left, right = template.split("{}", 1)
    text = left + values[fill].astype(str) + right
    out = reasons.copy()
    out[fill] = text
    return out


def to_int_codes(values: pd.Series) -> pd.Series:
    """Read text cells as nullable integers.

    Parameters
    ----------
    values : pandas.Series of str

    Returns
    -------
    pandas.Series of Int64
        ``<NA>`` for empty cells, non-numbers and fractions (never 0 for unknown).
    """
    numbers = pd.to_numeric(values.str.strip().replace("", None), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    return numbers.where(whole).astype("Int64")


def parse_points(latitude: pd.Series, longitude: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Read coordinate cells as WGS84 degrees.

    Parameters
    ----------
    latitude, longitude : pandas.Series of str
        Decimal degrees as text; ``""`` when unknown.

    Returns
    -------
    tuple of pandas.Series
        ``latitude`` and ``longitude`` (float64, NaN when empty — never 0) and a bad-row mask
        (bool): a non-empty cell that is not a number in [-90, 90] / [-180, 180]. The point
        (0, 0) is read as unknown (NaN, NaN): no event is coded in the open sea there, and it is
        what a tool that writes 0 for "no value" leaves behind.
    """
    out, bad = [], pd.Series(False, index=latitude.index)
    for cells, limit in ((latitude, 90), (longitude, 180)):
        text = cells.str.strip()
        degrees = pd.to_numeric(text.replace("", None), errors="coerce").astype("float64")
        bad |= (text != "") & ~degrees.between(-limit, limit)
        out.append(degrees)
    null_island = (out[0] == 0) & (out[1] == 0)
    return out[0].mask(null_island), out[1].mask(null_island), bad


def empty_to_na(values: pd.Series) -> pd.Series:
    """Strip the blanks around text cells and make empty cells unknown.

    Parameters
    ----------
    values : pandas.Series of str

    Returns
    -------
    pandas.Series of string
        Stripped text; ``<NA>`` where the cell was empty or blank. Works on the Arrow buffers,
        so a large column is copied once.
    """
    text = pc.utf8_trim_whitespace(pa.chunked_array(pa.array(values, type=pa.string(), from_pandas=True)))
    text = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    return pd.Series(pd.arrays.ArrowStringArray(text), index=values.index)


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

    Parameters
    ----------
    names : pandas.Series of str
        Country names as a dataset writes them; case is ignored, and so is a trailing
        parenthesis (UCDP GED's ``"Russia (Soviet Union)"``, ``"Yemen (North Yemen)"``).

    Returns
    -------
    pandas.Series of string
        ISO 3166-1 alpha-3 codes; ``<NA>`` for names the table does not hold.
    """
    key = names.astype("string").str.replace(r"\s*\(.*\)\s*$", "", regex=True).str.strip().str.lower()
    return key.map(_country_keys()).astype("string")


def resolve_iso3_by_number(numbers: pd.Series) -> pd.Series:
    """Return ISO3 codes for ISO 3166-1 numeric codes (ACLED's ``iso`` column).

    Parameters
    ----------
    numbers : pandas.Series of str
        Numeric codes as text, with or without leading zeros (``"804"``, ``"4"``).

    Returns
    -------
    pandas.Series of string
        Alpha-3 codes from ``data/countries.csv`` (``isonum``); ``<NA>`` when unknown.
    """
    countries = read_table("countries.csv")
    table = dict(zip(countries["isonum"], countries["iso3"]))
    return to_int_codes(numbers).astype("string").map(table).astype("string")


def resolve_iso3_by_fips(codes: pd.Series) -> pd.Series:
    """Return ISO3 codes for FIPS 10-4 country codes (GDELT's ``*Geo_CountryCode``).

    Parameters
    ----------
    codes : pandas.Series of str
        Two-letter FIPS 10-4 codes (``"UP"`` Ukraine, ``"RS"`` Russia, ``"RI"`` Serbia).

    Returns
    -------
    pandas.Series of string
        ISO 3166-1 alpha-3 codes; ``<NA>`` for codes that are not countries (``"OS"`` oceans).

    Notes
    -----
    ``data/fips_to_iso3.csv``, generated from GeoNames ``countryInfo`` (see ``data/README.md``).

    Examples
    --------
    >>> resolve_iso3_by_fips(pd.Series(["UP", "RS"])).tolist()
    ['UKR', 'RUS']
    """
    table = read_table("fips_to_iso3.csv")
    return codes.astype("string").str.strip().str.upper().map(dict(zip(table["fips"], table["iso3"]))).astype("string")


def country_names(iso3: pd.Series) -> pd.Series:
    """Return the country name ACLED uses for each ISO3 code.

    Parameters
    ----------
    iso3 : pandas.Series of str
        ISO 3166-1 alpha-3 codes.

    Returns
    -------
    pandas.Series of string
        Names from ``data/countries.csv`` (``Russia``, ``Democratic Republic of Congo``);
        ``<NA>`` for unknown codes.
    """
    countries = read_table("countries.csv")
    return iso3.astype("string").map(dict(zip(countries["iso3"], countries["name"]))).astype("string")
