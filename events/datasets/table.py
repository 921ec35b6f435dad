"""What the dataset readers share.

One date format per column, bad-row bookkeeping, cell conversions and the reference tables of
``data/`` (files are read by :mod:`.csvfile`, countries resolved by :mod:`.countries`).

Every function here works on whole columns (pandas Series); none builds a Python object per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import AmbiguousDateError, ImportFormatError
from ..reference.lexicon import read_table


@dataclass(frozen=True)
class SkippedRows:
    """Rows of one file left out for one reason (only with ``skip_bad_rows``)."""

    file: str
    reason: str
    rows: int
    first_line: int


DATE_ORDERS = ("dmy", "mdy")
"""Values of the ``date_order`` option: day/month/year or month/day/year, for date columns whose
values fit both (``5/9/2020``)."""


def date_order(fmt: str) -> str:
    """Return the field order of a ``strftime`` format: ``"dmy"``, ``"mdy"`` or ``"other"``.

    Examples
    --------
    >>> date_order("%d/%m/%Y"), date_order("%m/%d/%Y %H:%M"), date_order("%Y-%m-%d")
    ('dmy', 'mdy', 'other')
    """
    day, month, year = (fmt.find(f) for f in ("%d", "%m", "%Y"))
    year = year if year >= 0 else fmt.find("%y")
    if min(day, month) < 0 or year < max(day, month):
        return "other"
    return "dmy" if day < month else "mdy"


def parse_date_column(values: pd.Series, families: Sequence[Sequence[str]], order: str | None = None,
                      where: str = "the date column") -> tuple[pd.Series, tuple[str, ...]]:
    """Parse a date column with one date convention for the whole column.

    A *family* is a tuple of ``strftime`` formats that share one field order and differ only in
    shape (``"%m/%d/%Y %I:%M:%S %p"`` and ``"%m/%d/%Y %H:%M"``), so no value can be read by two
    of them. The family parsing most values is used (the others come back as ``NaT`` for the
    caller to report); a value is never tried against a second field order. When a day/month/year
    family and a month/day/year family both parse the same values and read some of them as
    different days (no value has a part above 12), the column is ambiguous: ``order`` decides,
    and without it the column is refused rather than guessed.

    Parameters
    ----------
    values : pandas.Series of str
        The column's cells (``""`` when empty).
    families : sequence of sequence of str
        Candidate families in order of preference.
    order : {"dmy", "mdy"}, optional
        Field order of slash dates: families of the other order are not tried.
    where : str
        What the column is, for the error message (``"acled.csv, column event_date"``).

    Returns
    -------
    tuple of (pandas.Series, tuple of str)
        Days (datetime64[ns], time of day dropped; ``NaT`` where empty or unparsed) and the
        family used.

    Raises
    ------
    AmbiguousDateError
        If the column is ambiguous and ``order`` is None: names ``where`` and both readings of
        one value.

    Examples
    --------
    >>> days, used = parse_date_column(pd.Series(["5/2/2014 12:00:00 AM", "05/13/2014 00:00"]),
    ...                                [("%d/%m/%Y %I:%M:%S %p", "%d/%m/%Y %H:%M"),
    ...                                 ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M")])
    >>> days.dt.strftime("%Y-%m-%d").tolist(), used[0]
    (['2014-05-02', '2014-05-13'], '%m/%d/%Y %I:%M:%S %p')
    """
    if order is not None and order not in DATE_ORDERS:
        raise ImportFormatError(f"unknown date order {order!r}; expected one of {', '.join(DATE_ORDERS)}")
    codes, uniques = pd.factorize(values.str.strip())  # dates repeat: parse each distinct text once
    text = pd.Series(uniques, dtype="str")
    present = text != ""
    weights = np.bincount(codes[codes >= 0], minlength=len(text))
    candidates = []
    for family in families:
        if order is not None and date_order(family[0]) not in (order, "other"):
            continue
        parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
        for fmt in family:
            todo = present & parsed.isna()
            if not todo.any():
                break
            parsed[todo] = pd.to_datetime(text[todo], format=fmt, errors="coerce")
        candidates.append((int(weights[parsed.notna().to_numpy()].sum()), tuple(family), parsed))
    if not candidates:
        raise ImportFormatError(f"{where}: no date convention of this kind of file is in {order} order")
    best_count = max(c[0] for c in candidates)
    _, best_family, best = next(c for c in candidates if c[0] == best_count)
    if best_count > 0:
        for count, family, parsed in candidates:
            if count != best_count or date_order(family[0]) in (date_order(best_family[0]), "other"):
                continue
            differs = best.notna() & parsed.notna() & (best.dt.normalize() != parsed.dt.normalize())
            if (parsed.notna() == best.notna()).all() and differs.any():
                first = int(differs.to_numpy().argmax())
                readings = {date_order(f[0]): p[first].strftime("%Y-%m-%d")
                            for f, p in ((best_family, best), (family, parsed))}
                raise AmbiguousDateError(
                    f"{where}: every date fits both day/month/year and month/day/year ('{text[first]}' is "
                    f"{readings['dmy']} or {readings['mdy']}); give the order: --date-order dmy or mdy, "
                    "or 'Slash dates' in the dashboard")
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
        ``<NA>`` for empty cells, non-numbers, fractions and anything but 1–18 digits with an
        optional sign (``1e3``, ``12.0``, ``1,000``: not guessed, as in a review correction; never 0
        for unknown).
    """
    codes, uniques = pd.factorize(values.str.strip())  # codes repeat: convert each distinct text once
    texts = pd.Series(uniques, dtype="str")
    # at most 18 digits: every such number fits Int64 (a 20-digit cell is no count, not a crash)
    numbers = pd.to_numeric(texts.where(texts.str.fullmatch(r"[+-]?\d{1,18}")), errors="coerce")
    whole = numbers.notna() & (numbers == numbers.round())
    table = pd.array(numbers.where(whole), dtype="Int64")
    return pd.Series(table.take(codes, allow_fill=True), index=values.index, dtype="Int64")


def parse_points(latitude: pd.Series, longitude: pd.Series,
                 decimal_comma: bool = False) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Read coordinate cells as WGS84 degrees.

    Parameters
    ----------
    latitude, longitude : pandas.Series of str
        Decimal degrees as text; ``""`` when unknown.
    decimal_comma : bool
        Also read ``48,0159`` as 48.0159 (a ``;``-separated file saved by a spreadsheet in a
        locale whose decimal mark is the comma).

    Returns
    -------
    tuple of pandas.Series
        ``latitude`` and ``longitude`` (float64, NaN when empty — never 0) and a bad-row mask
        (bool): a non-empty cell that is not a number in [-90, 90] / [-180, 180], or one
        coordinate given without the other (both empty is a row without a point). The point
        (0, 0) is read as unknown (NaN, NaN): no event is coded in the open sea there, and it is
        what a tool that writes 0 for "no value" leaves behind.
    """
    out, bad = [], pd.Series(False, index=latitude.index)
    for cells, limit in ((latitude, 90), (longitude, 180)):
        text = cells.str.strip()
        if decimal_comma:
            text = text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)
        degrees = pd.to_numeric(text.replace("", None), errors="coerce").astype("float64")
        bad |= (text != "") & ~degrees.between(-limit, limit)
        out.append(degrees)
    bad |= (latitude.str.strip() == "") != (longitude.str.strip() == "")
    null_island = (out[0] == 0) & (out[1] == 0)
    half = out[0].isna() | out[1].isna()
    return out[0].mask(null_island | half), out[1].mask(null_island | half), bad


def report_null_island(dropped: pd.Series, name: str, on_notice) -> None:
    """Tell ``on_notice`` how many imported rows (``dropped``: bool mask) lost their point because it was (0, 0)."""
    count = int(dropped.sum())
    if on_notice is not None and count:
        on_notice(f"{name}: {count} row(s) at latitude/longitude 0,0 imported without a point (and without "
                  "geo_precision)")


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
