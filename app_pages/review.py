"""The Review view: rows by status, selected in the table; actions on a selection; a row's history."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

import events
from events import charts, review, sources, summaries
from events.markup import escape_markdown as md
from events.overlay import STATUSES
from events.query import expressions as q

from .common import Latest, act, current_reviewer, request, show_message, show_pending, store_version

EVENT_FIELDS = ("actor1", "actor2", "plover_type", "event_type", "sub_event_type", "place", "date_start", "date_end",
                "event_date", "fatalities", "certainty", "notes")
FIGURE_FIELDS = ("subject", "metric", "value", "unit", "qualifier", "location", "date_start", "date_end", "certainty")
REVIEW_TABLE = {
    "event": ("plover_type", "event_type", "actor1", "actor2", "location", "date_start", "date_end", "fatalities",
              "certainty"),
    "figure": ("subject", "metric", "value", "unit", "qualifier", "location", "certainty"),
}
REVIEW_ROWS = 1_000
"""Rows the review table lists at once (by id; a status filter narrows them)."""
CHOICES = {name: [""] + sorted(map(str, values)) for name, values in review.ALLOWED_VALUES.items()}


@st.cache_data(show_spinner=False, max_entries=2)
def orphans_for(store: str, version: tuple):
    return review.orphaned_reviews(store)


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
            request("Corrected", len(ids), review.correct, store, list(ids), Latest("reviewer"), reason=reason or None,
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
              on_click=request, args=("Place set", count, review.correct, store, Latest(f"rv_ids_{kind}"),
                                      Latest("reviewer")),
              kwargs=review.place_values(place, kind))


def _table_picked(kind: str, ids: list[str]) -> None:
    """Table selection → the row picker (a callback of the table's ``on_select``)."""
    rows = st.session_state.get("rv_table", {}).get("selection", {}).get("rows", [])
    st.session_state[f"rv_ids_{kind}"] = [ids[i] for i in rows if i < len(ids)]


def show_actions(store: Path, kind: str, ids: list[str], first) -> None:
    """Buttons for the selected rows; a bulk action asks once more, naming the count."""
    selected, reviewer, count = Latest(f"rv_ids_{kind}"), Latest("reviewer"), len(ids)
    if not current_reviewer():
        st.warning("Give your name in “Reviewer name” (sidebar): every review action records who made it.")
    accept_col, reject_col, merge_col, reopen_col, revert_col = st.columns(5)
    accept_col.button("Accept", key="rv_accept", on_click=request,
                      args=("Accepted", count, review.accept, store, selected, reviewer))
    reject_col.text_input("Reason to reject", key="rv_reason")
    reject_col.button("Reject", key="rv_reject", on_click=request,
                      args=("Rejected", count, review.reject, store, selected, reviewer, Latest("rv_reason")))
    merge_col.button("Merge into the first", key="rv_merge", disabled=count < 2,
                     on_click=request, args=("Merged", count, review.merge, store, selected, reviewer))
    reopen_col.button("Reopen (undo reject, merge, split)", key="rv_reopen", on_click=request,
                      args=("Reopened", count, review.reopen, store, selected, reviewer, Latest("rv_reason")))
    revert_col.button("Revert corrections (machine values back)", key="rv_revert", on_click=request,
                      args=("Reverted", count, review.revert, store, selected, reviewer, Latest("rv_reason")))


def _event_rows(store: Path, statuses: list[str]):
    """Reviewed events as an ibis query, the counts per status, and the first REVIEW_ROWS rows of ``statuses``."""
    table = q.reviewed_table(q.connect(), store)
    counts = table.group_by("review_status").aggregate(n=table.count()).to_pyarrow().to_pandas()
    rows = table.filter(table.review_status.isin(statuses)) if statuses else table
    listed = q.to_frame(rows.order_by("event_id").limit(REVIEW_ROWS))
    return table, dict(zip(counts["review_status"], counts["n"])), int(rows.count().to_pyarrow().as_py()), listed


def show(store: Path) -> None:
    """The Review view: rows by status, actions on a selection, a row's history."""
    st.title("Review")
    kind = st.radio("Rows", ["event", "figure"], horizontal=True, key="rv_kind",
                    format_func={"event": "Events", "figure": "Figures"}.get)
    key = "event_id" if kind == "event" else "figure_id"
    statuses = st.multiselect("Status", STATUSES, key="rv_status", placeholder="any status")
    try:
        if kind == "event":
            table, counts, n_rows, rows = _event_rows(store, statuses)
        else:
            figures = q.figures_frame(store)
            counts = figures["review_status"].value_counts().to_dict()
            rows = figures[figures["review_status"].isin(statuses)] if statuses else figures
            n_rows, rows = len(rows), rows.head(REVIEW_ROWS)
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    st.caption(" · ".join(f"{s}: {int(counts.get(s, 0)):,}" for s in STATUSES))
    show_message()
    pending = show_pending()
    changed = rows["machine_changes"].notna()
    if changed.any():
        st.warning(f"{int(changed.sum())} corrected row(s) where the extractor now says something else; "
                   "your corrections are kept — see the machine_changes column.")
    orphans = orphans_for(str(store), store_version(store))
    if len(orphans):
        st.warning(f"{len(orphans)} review(s) belong to rows a re-extraction no longer produces; they are kept:")
        st.dataframe(orphans, hide_index=True, key="rv_orphans")
    labels = sources.source_labels(rows.assign(**{c: rows.get(c) for c in ("source", "source_url", "dataset")
                                                 if c not in rows}), store)
    shown = rows[["review_status", key, *REVIEW_TABLE[kind], "merged_into", "machine_changes", "sentence"]].copy()
    shown["source"] = rows["doc_id"].map(labels).fillna(rows["doc_id"]).astype(object)
    shown = summaries.display_cells(shown)  # an unknown value is an empty cell, not the word "None"
    all_ids = rows[key].tolist()
    if n_rows > len(rows):
        st.caption(f"The first {len(rows):,} of {n_rows:,} rows by id; choose a status to narrow them.")
    st.caption("Tick rows in the table (or pick them below) to review them; an action on several rows asks once more.")
    st.dataframe(shown, hide_index=True, key="rv_table", on_select=lambda: _table_picked(kind, all_ids),
                 selection_mode="multi-row")
    row_labels = {rid: f"{rid} · {status}" for rid, status in zip(rows[key], rows["review_status"])}
    for rid in st.session_state.get(f"rv_ids_{kind}") or []:
        row_labels.setdefault(rid, rid)
    ids = st.multiselect("Selected rows (bulk actions apply to all; merge keeps the first)", list(row_labels),
                         key=f"rv_ids_{kind}", format_func=row_labels.get)
    if not ids:
        st.info("Select one or more rows to accept, reject, correct, merge, split or revert them, and to see their "
                "history.")
        return
    if pending:
        return
    if kind == "event":
        found = q.to_frame(table.filter(table.event_id == ids[0]))
    else:
        found = figures[figures["figure_id"] == ids[0]]
    if found.empty:
        st.warning(f"{md(ids[0])} is no longer in the store.")
        return
    first = found.iloc[0].copy()
    show_actions(store, kind, ids, first)
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
