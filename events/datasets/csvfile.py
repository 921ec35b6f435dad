"""Reading dataset files as text tables: encoding, header, and CSV cells with line numbers."""

from __future__ import annotations

import codecs
import csv
import re
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import ImportFormatError

ENCODINGS = ("utf-8-sig", "cp1252")
"""Encodings tried in order for a text file: UTF-8 (with or without a byte-order mark), then
Windows-1252, the encoding a spreadsheet on Windows writes when it saves "CSV"."""


def detect_encoding(path: Path) -> str:
    """Return the encoding of a text file: ``"utf-8-sig"`` if it is valid UTF-8, else ``"cp1252"``.

    The whole file is checked once per version (path, modification time and size), in 1 MiB
    blocks with an incremental decoder.

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
        If the file is missing, a folder or empty, holds NUL bytes (a binary file: Parquet, zip,
        Excel), or is neither UTF-8 nor Windows-1252.
    """
    path = Path(path)
    if path.is_dir():
        raise ImportFormatError(f"{path} is a folder, not a data file")
    if not path.is_file():
        raise ImportFormatError(f"{path}: no such file")
    stat = path.stat()
    if stat.st_size == 0:
        raise ImportFormatError(f"{path.name}: empty file (0 bytes)")
    return _detect_encoding(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _detect_encoding(name: str, mtime_ns: int, size: int) -> str:
    """Check the file ``name`` (the other arguments key the cache); see :func:`detect_encoding`."""
    path = Path(name)
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


DELIMITERS = (",", ";")
"""Field separators of a CSV file: the comma, and the semicolon that Excel writes in locales whose
decimal mark is a comma (most of continental Europe)."""


def detect_delimiter(path: Path) -> str:
    r"""Return the field separator of a CSV file: the one of :data:`DELIMITERS` that splits the header most.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = path.write_text('event_id_cnty;event_date;"notes; more"\n')
    >>> detect_delimiter(path)
    ';'
    """
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline()
    counts = {sep: len(next(csv.reader([first], delimiter=sep), [])) for sep in DELIMITERS}
    return max(DELIMITERS, key=lambda sep: counts[sep])  # a tie (one column) keeps the comma


def read_header(path: Path, sep: str | None = None) -> list[str]:
    """Return the column names on the first line of a CSV file (no data is read).

    Parameters
    ----------
    path : pathlib.Path
        The file.
    sep : str, optional
        Field separator; default :func:`detect_delimiter`.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text or is empty.
    """
    encoding = detect_encoding(path)
    sep = sep or detect_delimiter(path)
    try:
        return list(pd.read_csv(path, nrows=0, dtype=str, encoding=encoding, sep=sep).columns)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise ImportFormatError(f"{path.name}, line 1: no header line ({str(exc).strip()})") from exc


def read_csv_file(path: Path, sep: str | None = None,
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
    sep : str, optional
        Field separator; default :func:`detect_delimiter` (comma or semicolon).
    columns : sequence of str, optional
        Read only these header columns (those absent are ignored); default all.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series)
        The cells (dtype ``str``, ``""`` when empty or missing at the end of a short record;
        columns named by the header; blank lines kept as empty records so they are reported) and
        the physical line (int64, 1-based) on which each record starts, counting quoted fields
        that span several lines. The frame's ``attrs["sep"]`` is the separator used, and
        ``attrs["short_rows"]`` (a bool array, or None) marks records that had fewer fields than
        the header (a row cut short), when the file was read by pandas.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text, is empty, or a record has more fields than the
        header ("line N: expected 31 fields, saw 32").
    """
    encoding = detect_encoding(path)
    sep = sep or detect_delimiter(path)
    header = read_header(path, sep)
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
    frame.attrs["sep"] = sep
    return frame, pd.Series(starts, index=frame.index)


def _read_with_pyarrow(path: Path, sep: str, encoding: str, header: list[str],
                       wanted: list[str]) -> pd.DataFrame | None:
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
            read_options=pacsv.ReadOptions(encoding="utf8" if encoding == "utf-8-sig" else encoding,
                                           block_size=1 << 24),
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
            if "EOF inside string" in str(exc):
                line = _unclosed_quote_line(path, encoding)
                raise ImportFormatError(f"{path.name}, line {line}: a quoted field starts here and is never closed "
                                        "(the file is cut short, or the field has a stray quote)") from None
            raise ImportFormatError(f"{path.name}: not a readable table: {str(exc).strip()}") from exc
    overlong = [str(w.message) for w in caught if "expected" in str(w.message).lower()]
    if overlong:
        first = re.search(r"[Ss]kipping line (\d+): (.*)", overlong[0])
        where, why = (first.group(1), first.group(2).strip()) if first else ("?", overlong[0])
        raise ImportFormatError(f"{path.name}, line {where}: {why}")
    frame = frame.fillna("")
    frame.attrs["short_rows"] = _short_records(path, sep, encoding, len(frame))
    return frame


def _short_records(path: Path, sep: str, encoding: str, records: int):
    """Mask of the records with fewer fields than the header (pandas pads them with empty cells).

    Only the pandas path needs it (pyarrow refuses such a file and hands it to pandas); None when
    the records cannot be lined up with pandas' (then the readers' checks of required cells
    remain).
    """
    with open(path, encoding=encoding, newline="") as f:
        rows = csv.reader(f, delimiter=sep)
        width = len(next(rows, []))
        counts = [len(row) for row in rows]
    if len(counts) != records:
        return None
    return np.array([0 < n < width for n in counts], dtype=bool)


def _unclosed_quote_line(path: Path, encoding: str) -> int | str:
    """Return the physical line on which the quoted field that the file ends inside starts ("?" if none).

    A doubled quote inside a quoted field (RFC 4180 ``""``) toggles the state twice, so counting
    quotes per line follows the fields exactly.
    """
    start, inside = "?", False
    with open(path, encoding=encoding, newline="") as f:
        for number, line in enumerate(f, start=1):
            quotes = line.count('"')
            if quotes % 2:
                if not inside:
                    start = number
                inside = not inside
    return start if inside else "?"


def read_tab_file(path: Path, width: int) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Read a headerless tab-separated file without quoting (GDELT's layout), any field count per line.

    Parameters
    ----------
    path : pathlib.Path
        The file (UTF-8 or Windows-1252).
    width : int
        Number of columns to return; longer lines are cut, shorter ones padded with ``""``.

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.Series, pandas.Series)
        The cells (columns ``0 … width-1``, dtype ``str``), each line's field count (int64) and
        its line number (int64, 1-based). A blank line is a record with one empty field.

    Raises
    ------
    ImportFormatError
        If the file cannot be read as text (binary, another encoding, a 0x1F control byte).
    """
    encoding = detect_encoding(path)
    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=["line"], block_size=1 << 24,
                                           encoding="utf8" if encoding == "utf-8-sig" else encoding),
            parse_options=pacsv.ParseOptions(delimiter="\x1f", quote_char=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={"line": pa.string()}, strings_can_be_null=False))
    except (pa.ArrowInvalid, OSError) as exc:
        raise ImportFormatError(f"{path.name}: not a tab-separated text file: {exc}") from exc
    line = pc.utf8_rtrim(table["line"].combine_chunks(), characters="\r")
    n = len(line)
    fields = pc.add(pc.count_substring(line, "\t"), 1).to_numpy(zero_copy_only=False).astype(np.int64)
    cells = pc.list_flatten(pc.list_slice(pc.split_pattern(line, "\t"), 0, width, return_fixed_size_list=True))
    columns = {j: pc.fill_null(cells.take(pa.array(np.arange(j, n * width, width))), "") for j in range(width)}
    frame = pa.table({str(j): c for j, c in columns.items()}).to_pandas()
    frame.columns = range(width)
    return frame, pd.Series(fields), pd.Series(np.arange(1, n + 1, dtype=np.int64))
