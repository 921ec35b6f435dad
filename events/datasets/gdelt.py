"""GDELT event and mention files → the event table (:func:`read_gdelt`, :func:`attach_mentions`).

Rules follow the GDELT 1.0 and 2.0 Event Codebooks and the GDELT 2.0 Mentions codebook:

* event files are tab-separated without a header: 2.0 rows have 61 fields, 1.0 rows 57 (the
  back-files before April 2013, no ``SOURCEURL``) or 58; the version is told by the first row's
  field count, and every row must have one of that version's counts. A comma-separated copy with
  GDELT's column names as header (as the gdeltPyR library writes it) is read by name.
* mention files (2.0) have 16 tab-separated fields, or a header starting ``GLOBALEVENTID``
  followed by ``EventTimeDate``/``MentionTimeDate``.
* ``SQLDATE`` is the date of the report the event was coded from, not a date the text gives for
  the event: the event is dated to the week up to it (``time_precision`` 2) and ``notes`` says so.
* ``ActionGeo_CountryCode`` is FIPS 10-4 (``UP`` Ukraine, ``RS`` Russia), mapped to ISO3 by
  ``data/fips_to_iso3.csv``; ``ActionGeo_Type`` maps to ``geo_precision`` by
  ``data/gdelt_geo_types.csv``; the CAMEO ``EventCode`` maps to ``plover_type`` by
  ``data/cameo_to_plover.csv`` (full code, else its 3-digit base, else its 2-digit root).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pandas as pd

from ..errors import ImportFormatError
from ..schema import EVENT_COLUMNS, to_schema
from .countries import country_names, resolve_iso3_by_fips
from .csvfile import detect_encoding, read_csv_file, read_tab_file
from .table import (
    SkippedRows, add_reason, collect_bad_rows, data_table, empty_to_na, no_reasons, parse_date_column, parse_points,
    to_int_codes,
)

_ACTOR = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code")
_EVENT = ("IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
          "NumMentions", "NumSources", "NumArticles", "AvgTone")


def _geo(prefix: str, adm2: bool) -> list[str]:
    return [f"{prefix}Geo_{f}" for f in ("Type", "FullName", "CountryCode", "ADM1Code",
                                         *(("ADM2Code",) if adm2 else ()),
                                         "Lat", "Long", "FeatureID")]


def _event_columns(adm2: bool) -> tuple[str, ...]:
    return ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
            *(f"Actor1{f}" for f in _ACTOR), *(f"Actor2{f}" for f in _ACTOR), *_EVENT,
            *_geo("Actor1", adm2), *_geo("Actor2", adm2), *_geo("Action", adm2), "DATEADDED", "SOURCEURL")


EVENT_COLUMNS_V2 = _event_columns(adm2=True)
"""The 61 columns of a GDELT 2.0 event row (GDELT 2.0 Event Codebook)."""
EVENT_COLUMNS_V1 = _event_columns(adm2=False)
"""The 58 columns of a GDELT 1.0 event row; back-file rows stop before ``SOURCEURL`` (57)."""
MENTION_COLUMNS = ("GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
                   "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
                   "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras")
"""The 16 columns of a GDELT 2.0 mention row (GDELT 2.0 Mentions codebook)."""

FIELD_COUNTS = {"2.0": (61,), "1.0": (57, 58)}
REPORT_WEEK_DAYS = 7
"""An event is dated to the ``REPORT_WEEK_DAYS`` days ending on its ``SQLDATE`` (report date)."""


def detect_gdelt_file(path: str | Path) -> str:
    """Return what a GDELT file holds, from its first line.

    Parameters
    ----------
    path : str or pathlib.Path
        A GDELT file.

    Returns
    -------
    str
        ``"events-2.0"``, ``"events-1.0"`` (tab-separated, by field count), ``"events-header"``
        (comma-separated with GDELT column names) or ``"mentions"``.

    Raises
    ------
    ImportFormatError
        If the file is not text or its first line fits none of these ("unknown GDELT layout").
    """
    path = Path(path)
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        first = f.readline().rstrip("\r\n")
        if not first.strip() and not f.read(1 << 16).strip():
            raise ImportFormatError(f"{path.name}: empty file (only blank lines)")
    head = first.lower()
    if head.startswith("globaleventid,") or head.startswith("globaleventid\t"):
        names = head.replace("\t", ",").split(",")
        if "mentiontimedate" in names:
            return "mentions"
        if "sqldate" in names:
            return "events-header"
    fields = first.count("\t") + 1
    if fields == len(MENTION_COLUMNS):
        return "mentions"
    for version, counts in FIELD_COUNTS.items():
        if fields in counts:
            return f"events-{version}"
    raise ImportFormatError(f"{path.name}, line 1: unknown GDELT layout: {fields} tab-separated field(s); GDELT 2.0 "
                            "events have 61, 1.0 events 57 or 58, 2.0 mentions 16")


def _read_tab_rows(path: Path, counts: tuple[int, ...], names: tuple[str, ...],
                   what: str) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Read a headerless tab-separated GDELT file: cells, line numbers, and a reason per bad row."""
    cells, fields, lines = read_tab_file(path, len(names))
    cells.columns = list(names)
    reasons = add_reason(no_reasons(cells.index), ~fields.isin(counts), "truncated or malformed row: {} tab-separated "
                         f"fields, {what} rows have " + " or ".join(map(str, counts)), fields)
    return cells, lines, reasons


@cache
def _crosswalk() -> dict[str, str]:
    table = data_table("cameo_to_plover.csv")
    return dict(zip(table["cameo_code"], table["plover_type"]))


def to_plover_types(event_codes: pd.Series) -> pd.Series:
    """Map CAMEO event codes to PLOVER categories via ``data/cameo_to_plover.csv``.

    Parameters
    ----------
    event_codes : pandas.Series of str
        CAMEO codes as GDELT writes them (``"0834"``, ``"190"``), leading zeros kept.

    Returns
    -------
    pandas.Series of string
        PLOVER category of the most specific code listed (full code, 3-digit base, 2-digit
        root); NA for codes whose root has no PLOVER counterpart (01 statements, 09 investigate).

    Examples
    --------
    >>> to_plover_types(pd.Series(["0834", "057", "190", "010"])).tolist()
    ['CONCEDE', 'AGREE', 'ASSAULT', <NA>]
    """
    table = _crosswalk()
    code = event_codes.astype("string").str.strip()
    found = code.map(table)
    for width in (3, 2):
        found = found.fillna(code.str[:width].map(table))
    return empty_to_na(found.fillna(""))


@cache
def _geo_precision() -> dict[int, int]:
    table = data_table("gdelt_geo_types.csv")
    return {int(t): int(p) for t, p in zip(table["geo_type"], table["geo_precision"])}


def _links_and_names(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Split URL cells into http(s) links (string, NA otherwise) and a mask of non-empty cells that are no link.

    GDELT 1.0 writes a source's name where it has no URL; such text, and any URL of another scheme
    (``javascript:``), is no link (:func:`events.markup.http_link`).
    """
    text = cells.astype("string").str.strip().fillna("")
    link = text.str.fullmatch(r"(?i)https?://[^\s/?#@]+(?:[/?#]\S*)?").fillna(False).astype(bool)
    return text.where(link).astype("string"), (~link & (text != "")).astype(bool)


def read_gdelt(path: str | Path, skip_bad_rows: bool = False,
               date_order: str | None = None,
               on_notice: Callable[[str], None] | None = None) -> tuple[pd.DataFrame, list[SkippedRows], int]:
    """Read a GDELT 1.0 or 2.0 event file into the event table.

    Parameters
    ----------
    path : str or pathlib.Path
        A GDELT event file (see the module notes for the layouts).
    skip_bad_rows : bool
        Leave bad rows out and report them instead of failing.
    date_order : {"dmy", "mdy"}, optional
        Accepted for a uniform reader signature; ``SQLDATE`` is always ``YYYYMMDD``.
    on_notice : callable, optional
        Called with one line per thing worth knowing that does not stop the import (counts of
        odd but kept rows); see :class:`events.datasets.ImportReport`.

    Returns
    -------
    tuple of (pandas.DataFrame, list of SkippedRows, int)
        The events (:data:`events.schema.EVENT_COLUMNS`), the rows left out per reason, and the
        number of rows read. ``event_id`` is ``gdelt:`` + ``GLOBALEVENTID``; ``dataset``
        ``gdelt``; ``event_date`` and ``date_end`` are ``SQLDATE``, ``date_start`` six days
        earlier, ``time_precision`` 2; ``plover_type`` from :func:`to_plover_types`;
        ``actor1``/``actor2`` are ``Actor1Name``/``Actor2Name``; ``country``/``iso3`` from
        ``ActionGeo_CountryCode`` (FIPS 10-4); ``location`` is ``ActionGeo_FullName`` and
        ``admin1`` its first-order division part; ``latitude``/``longitude`` are
        ``ActionGeo_Lat``/``ActionGeo_Long``, empty (never 0, 0) when GDELT gives no action
        place; ``geo_precision`` from ``ActionGeo_Type``; ``source_url`` is ``SOURCEURL``
        when it is an http(s) link (empty in 1.0 back-files), and any other ``SOURCEURL`` text
        (a source's name, a ``javascript:`` URL) goes to ``source`` as text; ``fatalities`` stays
        empty (GDELT does not count deaths).
        A GLOBALEVENTID repeated in the file keeps its last row.

    Raises
    ------
    ImportFormatError
        ``"<file>, line <n>: <reason>"`` if the file is not text, is a mentions file, has an
        unknown layout, or (without ``skip_bad_rows``) has a bad row: a truncated row (wrong
        field count), an id that is not a number, an unparseable ``SQLDATE`` or a point outside
        WGS84.
    """
    path = Path(path)
    kind = detect_gdelt_file(path)
    if kind == "mentions":
        raise ImportFormatError(f"{path.name}, line 1: a GDELT mentions file, not an event file "
                                "(pass it with --mentions)")
    if kind == "events-header":
        raw, lines = read_csv_file(path)
        missing = [c for c in ("GLOBALEVENTID", "SQLDATE", "EventCode", "ActionGeo_Type") if c not in raw.columns]
        if missing:
            raise ImportFormatError(f"{path.name}, line 1: not a GDELT event file: "
                                    f"missing column(s) {', '.join(missing)}")
        version = "2.0" if "ActionGeo_ADM2Code" in raw.columns else "1.0"
        raw = raw.reindex(columns=list(EVENT_COLUMNS_V2 if version == "2.0" else EVENT_COLUMNS_V1), fill_value="")
        reasons = no_reasons(raw.index)
    else:
        version = kind.split("-")[1]
        raw, lines, reasons = _read_tab_rows(path, FIELD_COUNTS[version],
                                             EVENT_COLUMNS_V2 if version == "2.0" else EVENT_COLUMNS_V1,
                                             f"GDELT {version} event")
    ids = raw["GLOBALEVENTID"].str.strip()
    reasons = add_reason(reasons, ~ids.str.fullmatch(r"\d+"), "GLOBALEVENTID '{}' is not a number", ids)
    report_day, _ = parse_date_column(raw["SQLDATE"], (("%Y%m%d",),))
    reasons = add_reason(reasons, report_day.isna(), "unparseable SQLDATE '{}' (expected YYYYMMDD)", raw["SQLDATE"])
    latitude, longitude, bad_point = parse_points(raw["ActionGeo_Lat"], raw["ActionGeo_Long"])
    reasons = add_reason(reasons, bad_point, "ActionGeo_Lat/Long '{}' is not a WGS84 point",
                         raw["ActionGeo_Lat"] + "," + raw["ActionGeo_Long"])
    keep, skipped = collect_bad_rows(reasons, lines, path.name, skip_bad_rows)

    geo_type = to_int_codes(raw["ActionGeo_Type"])
    precision = geo_type.map(_geo_precision()).astype("Int64")
    located = precision.notna() & latitude.notna() & longitude.notna()
    full_name = empty_to_na(raw["ActionGeo_FullName"])
    # FullName is "place, ADM1, country" for cities and "ADM1, country" for states; an ADM1 name
    # may itself hold a comma ("Edinburgh, City of"), the place and the country never do
    in_city = full_name.str.extract(r"^[^,]+, (.+), [^,]+$", expand=False).astype("string")
    in_state = full_name.str.extract(r"^(.+), [^,]+$", expand=False).astype("string")
    admin1 = in_city.where(geo_type.isin([3, 4])).fillna(in_state.where(geo_type.isin([2, 5])))
    fips = empty_to_na(raw["ActionGeo_CountryCode"])
    iso3 = resolve_iso3_by_fips(fips)
    day_text = report_day.dt.strftime("%Y-%m-%d")
    notes = (f"GDELT {version} event, CAMEO " + raw["EventCode"].str.strip() + "; SQLDATE " + day_text.fillna("")
             + " is the date of the report, not of the event, so the event is dated to the week up to it")
    notes = notes + ("; FIPS 10-4 code " + fips + " has no ISO 3166 country in data/fips_to_iso3.csv").where(
        fips.notna() & iso3.isna(), "").fillna("")
    unknown = fips.notna() & iso3.isna() & keep
    if on_notice and unknown.any():
        counts = fips[unknown].value_counts()
        listed = ", ".join(f"{code} ({n})" for code, n in counts.head(10).items()) + (", …" if len(counts) > 10 else "")
        on_notice(f"{path.name}: {int(unknown.sum())} row(s) with a FIPS country code not in data/fips_to_iso3.csv "
                  f"have no country: {listed}")
    not_cameo = ~raw["EventCode"].str.strip().str.fullmatch(r"\d{2,4}") & keep
    if on_notice and not_cameo.any():
        first = raw["EventCode"][not_cameo].iloc[0]
        on_notice(f"{path.name}: {int(not_cameo.sum())} row(s) with an EventCode that is no CAMEO code "
                  f"(first {first!r}) have no plover_type")
    url, named = _links_and_names(raw["SOURCEURL"])
    schemed = named & keep & raw["SOURCEURL"].str.strip().str.match(r"[A-Za-z][A-Za-z0-9+.-]*:").astype(bool)
    if on_notice and schemed.any():
        on_notice(f"{path.name}: {int(schemed.sum())} row(s) have a SOURCEURL that is no http(s) link (first "
                  f"{raw['SOURCEURL'][schemed].iloc[0].strip()[:80]!r}); kept as text in source, not as a link")
    events = pd.DataFrame({
        "event_id": "gdelt:" + ids,
        "event_date": report_day,
        "date_start": report_day - pd.Timedelta(days=REPORT_WEEK_DAYS - 1),
        "date_end": report_day,
        "time_precision": pd.Series(2, index=raw.index, dtype="Int64"),
        "plover_type": to_plover_types(raw["EventCode"]),
        "actor1": empty_to_na(raw["Actor1Name"]),
        "actor2": empty_to_na(raw["Actor2Name"]),
        "country": country_names(iso3),
        "iso3": iso3,
        "admin1": admin1,
        "location": full_name,
        "latitude": latitude.where(located),
        "longitude": longitude.where(located),
        "geo_precision": precision.where(located),
        "source": raw["SOURCEURL"].str.strip().where(named).astype("string"),
        "source_url": url,
        "notes": notes,
        "dataset": "gdelt",
    })[keep.to_numpy()]
    repeated = events["event_id"].duplicated(keep="last")
    if on_notice and repeated.any():
        on_notice(f"{path.name}: {int(repeated.sum())} row(s) repeat a GLOBALEVENTID of the file; the last row of each "
                  "id is kept")
    events = events[~repeated.to_numpy()]
    return to_schema(events, EVENT_COLUMNS), skipped, len(raw)


def read_gdelt_mentions(path: str | Path) -> pd.DataFrame:
    """Read a GDELT 2.0 mentions file.

    Parameters
    ----------
    path : str or pathlib.Path
        16 tab-separated fields per row, or comma-separated with a header of the mention column
        names in any letter case.

    Returns
    -------
    pandas.DataFrame
        Columns ``event_id`` (``gdelt:`` + GLOBALEVENTID), ``mention_time`` (datetime64[ns]),
        ``mention_type`` (Int64; 1 = web URL), ``source`` (MentionSourceName) and ``url``
        (MentionIdentifier), all string but the time and type; rows in file order.

    Raises
    ------
    ImportFormatError
        If the file is not a mentions file, or a row is truncated or has no event id.
    """
    path = Path(path)
    if detect_gdelt_file(path) != "mentions":
        raise ImportFormatError(f"{path.name}, line 1: not a GDELT mentions file")
    with open(path, encoding=detect_encoding(path)) as f:
        headed = f.readline().lower().startswith("globaleventid")
    if headed:
        raw, lines = read_csv_file(path)
        raw.columns = [{c.lower(): c for c in MENTION_COLUMNS}.get(c.lower(), c) for c in raw.columns]
        reasons = no_reasons(raw.index)
    else:
        raw, lines, reasons = _read_tab_rows(path, (len(MENTION_COLUMNS),), MENTION_COLUMNS, "GDELT 2.0 mention")
    ids = raw["GLOBALEVENTID"].str.strip()
    reasons = add_reason(reasons, ~ids.str.fullmatch(r"\d+"), "GLOBALEVENTID '{}' is not a number", ids)
    keep, _ = collect_bad_rows(reasons, lines, path.name, skip=False)
    times = pd.to_datetime(raw["MentionTimeDate"].str.strip(), format="%Y%m%d%H%M%S", errors="coerce")
    return pd.DataFrame({
        "event_id": ("gdelt:" + ids).astype("string"),
        "mention_time": times,
        "mention_type": to_int_codes(raw["MentionType"]),
        "source": empty_to_na(raw["MentionSourceName"]),
        "url": empty_to_na(raw["MentionIdentifier"]),
    })[keep.to_numpy()].reset_index(drop=True)


def attach_mentions(events: pd.DataFrame, mentions: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Add the sources that mention each GDELT event.

    Parameters
    ----------
    events : pandas.DataFrame
        GDELT events (:data:`events.schema.EVENT_COLUMNS`).
    mentions : pandas.DataFrame
        Output of :func:`read_gdelt_mentions`.

    Returns
    -------
    tuple of (pandas.DataFrame, int)
        The events with ``source`` set to the distinct mention source names joined with ``"; "``
        (earliest mention first) and ``source_url``, where the event file had none, set to the
        earliest web mention's URL (MentionType 1); and the number of mentions whose event is
        not among ``events`` (ignored).
    """
    ordered = mentions.sort_values("mention_time", kind="stable")
    matched = ordered["event_id"].isin(events["event_id"])
    ordered = ordered[matched]
    names = ordered.dropna(subset=["source"]).drop_duplicates(["event_id", "source"])
    sources = names.groupby("event_id", sort=False)["source"].agg("; ".join)
    web = ordered[(ordered["mention_type"] == 1) & _links_and_names(ordered["url"].fillna(""))[0].notna()]
    web = web.drop_duplicates("event_id")
    first_url = web.set_index("event_id")["url"]
    out = events.copy()
    out["source"] = out["source"].fillna(out["event_id"].map(sources).astype("string"))
    out["source_url"] = out["source_url"].fillna(out["event_id"].map(first_url).astype("string"))
    return out, int((~matched).sum())
