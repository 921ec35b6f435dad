"""Event tracker dashboard: ``streamlit run app.py``.

A thin view over the ``events`` package: the sidebar builds one :class:`events.query.EventFilter`
(kept in the URL's query parameters), and every panel is drawn by a tested function in
``events.query``, ``events.charts``, ``events.summaries`` and ``events.export``. Caching lives here
only. Works offline: the map's country shapes come from ``static/`` (see ``.streamlit/config.toml``).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import events
from events import charts, export, intake, review, summaries
from events.audit import read_entries
from events.markup import escape_markdown as md
from events.markup import escape_markdown_inline as md_inline
from events.overlay import STATUSES, apply_reviews, visible
from events.query import (
    EventFilter,
    describe_filter,
    filter_events,
    filter_figures,
    filter_options,
    from_query_params,
    restrict_to_options,
    to_query_params,
)
from events.store import resolve_store

SEEDS = Path(__file__).resolve().parent / "seeds"
TABLE_ROWS = 10_000
FACETS = {  # EventFilter field → (widget key, sidebar label)
    "actors": ("f_actors", "Actor"),
    "event_types": ("f_types", "Event type (PLOVER or ACLED)"),
    "countries": ("f_countries", "Country"),
    "certainties": ("f_certainty", "Certainty"),
    "sources": ("f_sources", "Source article"),
    "datasets": ("f_datasets", "Dataset"),
}
IMPORT_KINDS = {"acled": "ACLED export (CSV)", "gdelt": "GDELT events / mentions", "ucdp": "UCDP GED (CSV)",
                "events": "Export of this tracker"}


def store_version(store: Path) -> tuple:
    """Modification times and sizes of the store's files and review log: the cache key of what is on disk."""
    files = sorted(store.glob("*.parquet")) + sorted(store.glob("*.jsonl"))
    return tuple((p.stat().st_mtime_ns, p.stat().st_size) for p in files)


@st.cache_data(show_spinner="Loading the event store…")
def load_store(store: str, version: tuple):
    """Events and figures as reviewed: analysts' corrections over the machine rows, with review_status."""
    entries = read_entries(store)
    return (apply_reviews(events.load_events(store), entries, "event"),
            apply_reviews(events.load_figures(store), entries, "figure"))


@st.cache_data(show_spinner=False)
def orphans_for(store: str, version: tuple):
    return review.orphaned_reviews(store)


@st.cache_data(show_spinner=False)
def options_for(_table, version: tuple, store: str, reviewed_only: bool = False) -> dict:
    return filter_options(_table)


def build_store_from_seeds(store: Path) -> None:
    """Fill an empty store from ``seeds/`` with a progress bar."""
    from events.ingest import ingest_articles

    paths = sorted(SEEDS.glob("*.txt")) + sorted(SEEDS.glob("*.md"))
    bar = st.progress(0.0, text=f"Building the event store from {len(paths)} seed article(s)…")

    def on_progress(done: int, total: int, path) -> None:
        bar.progress(done / max(total, 1), text=f"Read {Path(path).name} ({done} of {total})")

    ingest_articles(paths, store=store, on_progress=on_progress)
    bar.empty()


def import_panel(store: Path) -> None:
    """Sidebar form: upload ACLED, GDELT or UCDP files and import them into the store."""
    from events.datasets import import_uploads

    with st.sidebar.expander("Import a dataset"):
        kind = st.selectbox("Kind of file", list(IMPORT_KINDS), format_func=IMPORT_KINDS.get, key="import_kind")
        files = st.file_uploader("Files", accept_multiple_files=True, key="import_files")
        skip = st.checkbox("Skip bad rows (and report them)", key="import_skip")
        order = st.selectbox("Slash dates such as 5/9/2020", [None, "dmy", "mdy"], key="import_date_order",
                             format_func={None: "refuse if ambiguous", "dmy": "day/month/year",
                                          "mdy": "month/day/year"}.get)
        if not st.button("Import", key="import_go", disabled=not files):
            return
        bar = st.progress(0.0, text="Reading…")

        def on_progress(done: int, total: int, name: str) -> None:
            bar.progress(done / max(total, 1), text=f"Read {name} ({done} of {total})")

        try:
            report = import_uploads(kind, [(f.name, f.getvalue()) for f in files], store=store,
                                    skip_bad_rows=skip, on_progress=on_progress, date_order=order)
        except events.EventsError as exc:
            bar.empty()
            st.error(f"Nothing was imported: {exc}")
            return
        bar.empty()
        head, *details = report.summary_lines()
        st.success(head)
        for line in details:
            st.warning(line)


def init_widgets(url_filter: EventFilter) -> None:
    """Give the sidebar widgets the URL's filter, once per session."""
    if st.session_state.get("filters_from_url"):
        return
    for field, (key, _) in FACETS.items():
        st.session_state[key] = list(getattr(url_filter, field))
    st.session_state["f_from"], st.session_state["f_to"] = url_filter.date_from, url_filter.date_to
    st.session_state["f_reviewed"] = st.query_params.get("reviewed") == "1"
    st.session_state["filters_from_url"] = True


def clear_filters() -> None:
    for key, _ in FACETS.values():
        st.session_state[key] = []
    st.session_state["f_from"] = st.session_state["f_to"] = None
    st.session_state["f_reviewed"] = False


def sidebar_filter(options: dict) -> EventFilter:
    """Draw the filter widgets and return their value as an EventFilter."""
    st.sidebar.header("Filter")
    chosen = {field: st.sidebar.multiselect(label, options[field], key=key, placeholder="any")
              for field, (key, label) in FACETS.items()}
    left, right = st.sidebar.columns(2)
    bounds = dict(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
    date_from = left.date_input("From", key="f_from", **bounds)
    date_to = right.date_input("To", key="f_to", **bounds)
    st.sidebar.caption("An event counts when its date window overlaps the range; a range drops undated events.")
    st.sidebar.checkbox("Reviewed rows only (accepted or corrected)", key="f_reviewed")
    st.sidebar.button("Clear filters", on_click=clear_filters)
    if date_from and date_to and date_from > date_to:
        st.sidebar.warning("“From” is after “To”: the dates were swapped.")
        date_from, date_to = date_to, date_from
    return EventFilter(date_from=date_from, date_to=date_to, **chosen)


def show_map(shown, config: dict):
    """Draw the map; return the events picked by a selection on it (or None)."""
    choropleth = st.toggle("Shade countries by number of events", key="choropleth")
    located = int((shown["latitude"].notna() & shown["longitude"].notna()).sum())
    if not located:
        st.info("None of these events has a place to map.")
        return None
    state = st.plotly_chart(charts.map_figure(shown, choropleth=choropleth), key="map", on_select="rerun",
                            selection_mode=("points", "box", "lasso"), config=config)
    unlocated = len(shown) - located
    st.caption("Filled dots: a named place. Hollow rings: country-level points (geo_precision 3), not a precise "
               "place. Dot size grows with fatalities where reported." + (f" {unlocated} event(s) have no place." if unlocated else ""))
    points = state.selection.points if state and state.selection else []
    return shown[charts.selected_mask(shown, points)] if points else None


def _or(value, default: str) -> str:
    """``value`` as text, or ``default`` when it is empty or missing (NA has no truth value)."""
    return default if value is None or pd.isna(value) or value == "" else str(value)


def show_timeline(shown, config: dict) -> None:
    group_by = st.radio("Rows", ["actor", "event_type"], horizontal=True, key="timeline_rows",
                        format_func={"actor": "by actor", "event_type": "by event type"}.get)
    fig, undated = charts.timeline_figure(shown, group_by=group_by)
    chart, side = st.columns([4, 1])
    if fig.layout.meta["drawn"]:
        chart.plotly_chart(fig, key="timeline", config=config)
    else:
        chart.info("None of these events has a date to draw.")
    side.markdown(f"**Undated ({len(undated)})**")
    for row in undated.itertuples():
        side.caption(md(f"{_or(row.actor1, 'unknown actor')} → {_or(row.actor2, '–')} · "
                        f"{_or(row.certainty, 'unknown')}: {_or(row.sentence, '')}") + f" _({md(row.event_id)})_")


def show_card(container, card: summaries.FigureCard) -> None:
    box = container.container(border=True)
    box.metric(md(f"{card.subject} · {card.label or card.metric}"), md_inline(card.headline))
    box.caption(md(" · ".join(p for p in (f"according to {card.attributed_to or 'unattributed'}", card.certainty,
                                          card.place, card.period, card.doc_id) if p)))
    if card.sentence:
        box.markdown(f"> {md(card.sentence)}")
    if card.parts:
        cols = box.columns(len(card.parts))
        for col, part in zip(cols, card.parts):
            col.metric(md(f"of which: {part.label or part.metric}"), md_inline(part.headline))
        box.caption(card.parts_note)


def show_figures(figures) -> None:
    groups = summaries.figure_cards(figures)
    if not groups:
        st.caption("No figures reported for these events.")
    for group in groups:
        if group.conflicting:
            st.markdown(f"**{md_inline(group.title)}** — :orange[sources disagree]")
        for col, card in zip(st.columns(len(group.cards)), group.cards):
            show_card(col, card)


def show_downloads(shown, selection: EventFilter) -> None:
    bom = st.checkbox("Add a byte-order mark (for Excel)", key="csv_bom")
    for column, (fmt, (label, extension, mime)) in zip(st.columns(3), export.EXPORT_FORMATS.items()):
        column.download_button(f"Download {label}", data=lambda fmt=fmt: export.to_export(shown, fmt, bom=bom),
                               on_click="ignore", file_name=export.export_filename(selection, extension), mime=mime)


VIEWS = ("Events", "Add article", "Review")
# Widget values that must survive a visit to another view: Streamlit drops the state of widgets not
# drawn in a run unless the key is assigned again ("Interrupting the widget clean-up process").
# (A comment, not a docstring: Streamlit's "magic" would print a bare string in the page.)
KEPT_KEYS = ("f_actors", "f_types", "f_countries", "f_certainty", "f_sources", "f_datasets", "f_from", "f_to", "f_reviewed",
             "choropleth", "timeline_rows", "csv_bom", "add_how", "add_text", "add_published", "add_publisher",
             "add_url", "rv_kind", "rv_status", "rv_ids_event", "rv_ids_figure")


def sidebar_settings() -> str:
    """Draw the view switch and the reviewer setting; return the chosen view."""
    for key in KEPT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    view = st.sidebar.radio("View", VIEWS, key="view", horizontal=True)
    if "reviewer" not in st.session_state:  # first run, or the widget's state was dropped: the last name given
        st.session_state["reviewer"] = st.session_state.get("reviewer_name", os.environ.get(review.REVIEWER_ENV, ""))
    st.sidebar.text_input("Reviewer name", key="reviewer",
                          help="Recorded with every review action, and with each article you save.")
    st.session_state["reviewer_name"] = st.session_state["reviewer"]  # a plain key Streamlit never drops
    return view


def current_reviewer() -> str | None:
    """The reviewer name of the settings: the sidebar's, else the last one given, else ``$EVENTS_REVIEWER``."""
    return (st.session_state.get("reviewer") or st.session_state.get("reviewer_name")
            or os.environ.get(review.REVIEWER_ENV) or None)


# --- Add article ------------------------------------------------------------------------------

def article_input() -> tuple[str | None, str | None]:
    """Draw paste/upload; return (text, file name) or (None, None)."""
    how = st.radio("Article", ["Paste text", "Upload a file"], horizontal=True, key="add_how")
    if how == "Paste text":
        text = st.text_area("Article text: plain text, Markdown (front matter allowed) or an HTML page", key="add_text",
                            height=260)
        return (text, None) if text and text.strip() else (None, None)
    upload = st.file_uploader(f"Article file (.txt, .md, .html; at most {intake.MAX_UPLOAD_MB} MB)", key="add_file",
                              type=["txt", "md", "html", "htm"], max_upload_size=intake.MAX_UPLOAD_MB)
    if upload is None:
        return None, None
    try:
        return intake.decode_upload(upload.getvalue(), upload.name), upload.name
    except events.EventsError as exc:
        st.error(str(exc))
        return None, None


def prefill_metadata(text: str, name: str | None) -> None:
    """Fill the date, publisher and URL fields from the document, once per new document."""
    signature = (name, len(text), hash(text))
    if st.session_state.get("add_signature") == signature:
        return
    meta = intake.document_metadata(text, name)
    st.session_state.update(add_signature=signature, add_published=meta["published"],
                            add_publisher=meta["publisher"] or "", add_url=meta["url"] or "",
                            add_problem=meta["problem"])
    st.session_state.pop("add_preview", None)


def run_preview(text: str, name: str | None) -> None:
    bar = st.progress(0.0, text="Reading the article…")
    try:
        bar.progress(0.3, text="Finding events and figures…")
        preview = intake.preview_article(text, name, st.session_state["add_published"],
                                         st.session_state["add_publisher"].strip() or None,
                                         st.session_state["add_url"].strip() or None)
        bar.progress(1.0, text="Done")
    except events.EventsError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.empty()
    st.session_state["add_preview"] = preview


def save_preview(store: Path) -> None:
    """Save the previewed article, then show its events on the map (a button callback)."""
    preview = st.session_state.get("add_preview")
    if preview is None:
        return
    try:
        intake.save_article(preview, store, current_reviewer())
    except events.EventsError as exc:
        st.session_state["add_error"] = f"Nothing was saved: {exc}"
        return
    st.session_state.pop("add_preview", None)
    clear_filters()
    doc_id = preview.article.doc_id
    st.session_state.update(f_sources=[doc_id], filters_from_url=True, view="Events",
                            add_saved=f"Saved {len(preview.events)} event(s) and {len(preview.figures)} figure(s) "
                                      f"from article {doc_id}; they are new rows in the Review view.")


def show_preview(preview: intake.Preview, store: Path) -> None:
    st.subheader("Preview (not saved yet)")
    st.caption(md(f"Article {preview.article.doc_id} · {len(preview.events)} event(s) · "
                  f"{len(preview.figures)} figure(s) · published {preview.article.published or 'unknown'} · "
                  f"{preview.article.publisher or 'no publisher'}"))
    if len(preview.events):
        st.dataframe(summaries.event_table(preview.events), hide_index=True, key="add_events")
    if len(preview.figures):
        st.dataframe(preview.figures[["subject", "metric", "value", "unit", "qualifier", "label", "sentence"]],
                     hide_index=True, key="add_figures")
    st.markdown("**The article, evidence sentences highlighted**")
    evidence = list(preview.events["sentence"]) + list(preview.figures["sentence"])
    st.html(intake.highlight_evidence(preview.article, evidence))
    st.button("Save to the store", key="add_save", type="primary", on_click=save_preview, args=(store,),
              disabled=preview.events.empty and preview.figures.empty)


def show_add_article(store: Path) -> None:
    """The Add-article view: paste or upload, check the metadata, preview, then save."""
    st.title("Add an article")
    if "add_error" in st.session_state:
        st.error(st.session_state.pop("add_error"))
    text, name = article_input()
    if text is None:
        st.info("Paste an article or upload a file. Nothing is saved before you have seen the preview.")
        return
    prefill_metadata(text, name)
    if st.session_state.get("add_problem"):
        st.warning(f"The document's metadata cannot be used: {md(st.session_state['add_problem'])}. "
                   "Fix the file, or set the publication date below.")
    left, middle, right = st.columns(3)
    left.date_input("Publication date", key="add_published", min_value=dt.date(1900, 1, 1),
                    max_value=dt.date(2100, 12, 31), format="YYYY-MM-DD")
    middle.text_input("Publisher", key="add_publisher")
    right.text_input("URL", key="add_url")
    if st.button("Extract events", key="add_extract"):
        run_preview(text, name)
    if st.session_state.get("add_preview") is not None:
        show_preview(st.session_state["add_preview"], store)


# --- Review -----------------------------------------------------------------------------------

EVENT_FIELDS = ("actor1", "actor2", "plover_type", "event_type", "sub_event_type", "place", "date_start", "date_end",
                "event_date", "fatalities", "certainty", "notes")
FIGURE_FIELDS = ("subject", "metric", "value", "unit", "qualifier", "location", "date_start", "date_end", "certainty")
REVIEW_TABLE = {
    "event": ("plover_type", "event_type", "actor1", "actor2", "location", "date_start", "date_end", "fatalities",
              "certainty"),
    "figure": ("subject", "metric", "value", "unit", "qualifier", "location", "certainty"),
}
CHOICES = {name: [""] + sorted(map(str, values)) for name, values in review.ALLOWED_VALUES.items()}


@dataclass(frozen=True)
class Latest:
    """A widget value to read when a callback runs (see :func:`act`)."""

    key: str


def act(label: str, action, *args, **kwargs) -> None:
    """Run a review action from a button callback; keep its outcome for the next run to show.

    Arguments given as ``Latest(key)`` are read from the session state when the button is pressed,
    so a reason typed just before the click is not lost to the previous run's value.
    """
    args = [(current_reviewer() if a.key == "reviewer" else st.session_state.get(a.key)) if isinstance(a, Latest) else a
            for a in args]
    try:
        n = action(*args, **kwargs)
        st.session_state["rv_message"] = ("success", f"{label}: {n if isinstance(n, int) else ', '.join(n)}"
                                          f"{' audit entries' if isinstance(n, int) else ''}.")
    except events.EventsError as exc:
        st.session_state["rv_message"] = ("error", str(exc))


def _cell(value) -> str:
    """A cell as the text an input shows: empty when unknown, dates as YYYY-MM-DD."""
    if pd.isna(value):
        return ""
    return value.strftime("%Y-%m-%d") if hasattr(value, "strftime") else str(value)


def split_selected(store: Path, row_id: str) -> None:
    """Split ``row_id`` into the rows typed in the split box, one per line (a button callback)."""
    try:
        lines = st.session_state.get("rv_split", "").splitlines()
        parts = [review.parse_assignments(line) for line in lines if line.strip()]
    except events.EventsError as exc:
        st.session_state["rv_message"] = ("error", str(exc))
        return
    act("Split into", review.split, store, row_id, parts, Latest("reviewer"))


def correction_form(store: Path, kind: str, ids: list[str], first) -> None:
    """Inputs for the fields, prefilled from the first selected row; sends only what changed.

    The inputs' keys name the row and the store's version, so choosing another row or any change
    to the store draws them afresh from the stored values (a keyed widget keeps its old value
    otherwise, which would write one row's values into another).
    """
    names = EVENT_FIELDS if kind == "event" else FIGURE_FIELDS
    current = {n: (_cell(first["location"]) if n == "place" else _cell(first[n])) for n in names}
    suffix = f"{ids[0]}_{abs(hash(store_version(store)))}"
    with st.form(key=f"rv_form_{suffix}"):
        st.caption("Change fields and save; empty a field to mark it unknown. Place: a gazetteer name, e.g. Bakhmut.")
        values = {}
        columns = st.columns(3)
        for i, n in enumerate(names):
            col = columns[i % 3]
            if n in CHOICES:
                options = CHOICES[n] if current[n] in CHOICES[n] else CHOICES[n] + [current[n]]
                values[n] = col.selectbox(n, options, index=options.index(current[n]), key=f"rv_fix_{n}_{suffix}")
            else:
                values[n] = col.text_input(n, value=current[n], key=f"rv_fix_{n}_{suffix}")
        reason = st.text_input("Reason (optional)", key=f"rv_fix_reason_{suffix}")
        submitted = st.form_submit_button("Save corrections")
    if submitted:
        changes = {n: v for n, v in values.items() if v.strip() != current[n]}
        if not changes:
            st.session_state["rv_message"] = ("error", "Nothing changed in the form.")
        else:
            act("Corrected", review.correct, store, ids, current_reviewer(), reason=reason or None,
                **changes)
        st.rerun()


def pick_place(store: Path, kind: str, count: int) -> None:
    """Search the gazetteer; a click on a candidate on the map sets the selected rows' place."""
    query = st.text_input("Place name (add “, Country” to narrow)", key="rv_place_query")
    if not query.strip():
        return
    found = review.find_places(query)
    if not found:
        st.caption("No place of that name in the gazetteer.")
        return
    choices = review.places_table(found)
    st.dataframe(choices[["type", "label"]].rename(columns={"type": "type this in the place field", "label": "place"}),
                 hide_index=True)
    config = charts.plotly_config(st.get_option("server.baseUrlPath") or "")
    state = st.plotly_chart(charts.place_choice_figure(choices), key=f"rv_place_map_{query}", on_select="rerun",
                            selection_mode="points", config=config)
    points = state.selection.points if state and state.selection else []
    if not points:
        st.caption("Click a point on the map to choose that place.")
        return
    custom = points[0]["customdata"]
    place = found[int(custom[0] if isinstance(custom, list) else custom)]
    st.button(f"Set the place of the {count} selected row(s) to {review.place_label(place)}", key="rv_place_set",
              on_click=act, args=("Place set", review.correct, store, Latest(f"rv_ids_{kind}"), Latest("reviewer")),
              kwargs=review.place_values(place, kind))


def show_review(store: Path, table, figures) -> None:
    """The Review view: rows by status, actions on a selection, a row's history."""
    st.title("Review")
    kind = st.radio("Rows", ["event", "figure"], horizontal=True, key="rv_kind",
                    format_func={"event": "Events", "figure": "Figures"}.get)
    rows = table if kind == "event" else figures
    key = "event_id" if kind == "event" else "figure_id"
    statuses = st.multiselect("Status", STATUSES, key="rv_status", placeholder="any status")
    if statuses:
        rows = rows[rows["review_status"].isin(statuses)]
    counts = (table if kind == "event" else figures)["review_status"].value_counts()
    st.caption(" · ".join(f"{s}: {int(counts.get(s, 0))}" for s in STATUSES))
    if "rv_message" in st.session_state:
        level, text = st.session_state.pop("rv_message")
        (st.success if level == "success" else st.error)(text)
    changed = rows["machine_changes"].notna()
    if changed.any():
        st.warning(f"{int(changed.sum())} corrected row(s) where the extractor now says something else; "
                   "your corrections are kept — see the machine_changes column.")
    orphans = orphans_for(str(store), store_version(store))
    if len(orphans):
        st.warning(f"{len(orphans)} review(s) belong to rows a re-extraction no longer produces; they are kept:")
        st.dataframe(orphans, hide_index=True, key="rv_orphans")
    columns = ["review_status", key, *REVIEW_TABLE[kind], "merged_into", "machine_changes", "sentence", "doc_id"]
    st.dataframe(rows[columns], hide_index=True, key="rv_table")
    labels = {rid: f"{rid} · {status}" for rid, status in zip(rows[key], rows["review_status"])}
    ids = st.multiselect("Selected rows (bulk actions apply to all; merge keeps the first)", list(labels),
                         key=f"rv_ids_{kind}", format_func=labels.get)
    if not ids:
        st.info("Select one or more rows to accept, reject, correct, merge or split them, and to see their history.")
        return
    selected, reviewer = Latest(f"rv_ids_{kind}"), Latest("reviewer")
    accept_col, reject_col, merge_col, reopen_col = st.columns(4)
    accept_col.button("Accept", key="rv_accept", on_click=act,
                      args=("Accepted", review.accept, store, selected, reviewer))
    reject_col.text_input("Reason to reject", key="rv_reason")
    reject_col.button("Reject", key="rv_reject", on_click=act,
                      args=("Rejected", review.reject, store, selected, reviewer, Latest("rv_reason")))
    merge_col.button("Merge into the first", key="rv_merge", disabled=len(ids) < 2,
                     on_click=act, args=("Merged", review.merge, store, selected, reviewer))
    reopen_col.button("Reopen (undo reject, merge, split)", key="rv_reopen", on_click=act,
                      args=("Reopened", review.reopen, store, selected, reviewer, Latest("rv_reason")))
    first = (table if kind == "event" else figures).set_index(key).loc[ids[0]]
    first[key] = ids[0]
    st.subheader(f"Correct {'the ' + str(len(ids)) + ' selected rows' if len(ids) > 1 else md(ids[0])}")
    correction_form(store, kind, ids, first)
    with st.expander("Find a place in the gazetteer, or click it on the map"):
        pick_place(store, kind, len(ids))
    with st.expander("Split the first selected row"):
        st.text_area("One line per new row: field=value; field=value (e.g. place=Bakhmut; fatalities=2)",
                     key="rv_split")
        st.button("Split", key="rv_split_go", on_click=split_selected, args=(store, ids[0]))
    st.subheader(f"History of {md(ids[0])}")
    st.dataframe(review.history(store, ids[0]), hide_index=True, key="rv_history")


def main() -> None:
    st.set_page_config(page_title="Event tracker", layout="wide")
    try:
        store = resolve_store()
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    view = sidebar_settings()
    if view == "Add article":
        show_add_article(store)
        return
    import_panel(store)
    try:
        table, figures = load_store(str(store), store_version(store))
        if table.empty and view == "Events":
            build_store_from_seeds(store)
            table, figures = load_store(str(store), store_version(store))
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    if view == "Review":
        show_review(store, table, figures)
        return
    if "add_saved" in st.session_state:
        st.success(st.session_state.pop("add_saved"))
    stored = len(table)
    reviewed_only = (bool(st.session_state.get("f_reviewed")) if st.session_state.get("filters_from_url")
                     else st.query_params.get("reviewed") == "1")
    table, figures = visible(table, reviewed_only), visible(figures, reviewed_only)
    if stored and table.empty:
        st.info(f"None of the {stored} stored events is {'reviewed yet' if reviewed_only else 'left'}"
                ": accept or correct rows in the Review view, or untick “Reviewed rows only”.")
        return
    if table.empty:
        st.info(f"The event store at `{store}` holds no events yet. Add articles (Add article view, or `seeds/`).")
        return
    options = options_for(table, store_version(store), str(store), reviewed_only)
    url_filter, ignored = restrict_to_options(from_query_params({k: st.query_params.get_all(k) for k in st.query_params}), options)
    init_widgets(url_filter)
    selection = sidebar_filter(options)
    reviewed_only = bool(st.session_state.get("f_reviewed"))
    st.query_params.from_dict({**to_query_params(selection), **({"reviewed": ["1"]} if reviewed_only else {})})

    st.title("Event tracker")
    if ignored:
        st.warning("The link asked for values this store does not hold, left out: " + "; ".join(ignored))
    shown = filter_events(table, selection)
    st.caption(describe_filter(selection, len(shown), len(table)) + (" Reviewed rows only." if reviewed_only else ""))
    if shown.empty:
        st.info("No events match this filter. Widen the date range or remove a filter in the sidebar.")
        return
    counts = summaries.count_events(shown)
    for col, (label, value) in zip(st.columns(5), [
            ("Events", counts.events), ("Countries", counts.countries), ("Actors", counts.actors),
            ("Fatalities reported", f"{counts.fatalities:,}"), ("Undated", counts.undated)]):
        col.metric(label, value)
    if counts.fatalities_unknown:
        st.caption(f"Fatalities were not reported for {counts.fatalities_unknown} event(s); they are not counted as 0.")

    config = charts.plotly_config(st.get_option("server.baseUrlPath") or "")
    st.subheader("Map")
    picked = show_map(shown, config)
    st.subheader("Timeline")
    show_timeline(shown, config)
    st.subheader("Reported figures")
    show_figures(filter_figures(figures, selection, shown["event_id"]))

    st.subheader("Events")
    rows = shown if picked is None or picked.empty else picked
    if rows is picked:
        st.caption(f"{len(picked)} event(s) selected on the map; double-click the map to clear the selection.")
    if len(rows) > TABLE_ROWS:
        st.caption(f"The table shows the first {TABLE_ROWS:,} of {len(rows):,} rows; the downloads hold all of them.")
    listed = summaries.event_table(rows.head(TABLE_ROWS))
    listed.insert(1, "review_status", rows["review_status"].head(TABLE_ROWS).fillna("new").astype(object))
    st.dataframe(listed, hide_index=True, key="table", column_config={
        "source_url": st.column_config.LinkColumn("source url"),
        "sentence": st.column_config.TextColumn("evidence sentence", width="large"),
        "doc_id": st.column_config.TextColumn("source article"),
    })
    show_downloads(rows, selection)


main()
