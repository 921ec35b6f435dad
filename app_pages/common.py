"""What the views share: the reviewer setting, the store's cache key, review-button callbacks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import events
from events.store import events_path, figures_path

FACET_KEYS = ("f_actors", "f_types", "f_countries", "f_certainty", "f_sources", "f_datasets")


def store_version(store: Path) -> tuple:
    """Modification times and sizes of the store's tables and review log: the cache key of what is on disk."""
    files = [events_path(store), figures_path(store), *sorted(Path(store).glob("*.jsonl"))]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files if p.exists())


def current_reviewer() -> str:
    """The reviewer name of the sidebar's field, spaces collapsed.

    "" when blank, which every write refuses (not None: the review functions would take None as
    "use $EVENTS_REVIEWER", and an analyst who emptied the field asked for no name).
    """
    return " ".join(str(st.session_state.get("reviewer") or "").split())


def clear_filters() -> None:
    for key in FACET_KEYS:
        st.session_state[key] = []
    st.session_state["f_from"] = st.session_state["f_to"] = None
    st.session_state["f_reviewed"] = False


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


def request(label: str, count: int, action, *args, **kwargs) -> None:
    """Run a review action on one row at once; for several rows, ask first (see :func:`show_pending`).

    The rows and reason are fixed when the button is pressed; the reviewer is read on confirming.
    """
    args = [a if not isinstance(a, Latest) or a.key == "reviewer" else st.session_state.get(a.key) for a in args]
    if count > 1:
        st.session_state["rv_pending"] = (label, count, action, args, kwargs)
    else:
        act(label, action, *args, **kwargs)


def confirm_pending() -> None:
    label, _, action, args, kwargs = st.session_state.pop("rv_pending")
    act(label, action, *args, **kwargs)


def show_pending() -> bool:
    """Ask once more before a bulk action; return True while a question is open."""
    if "rv_pending" not in st.session_state:
        return False
    label, count, *_ = st.session_state["rv_pending"]
    box = st.container(border=True)
    box.warning(f"{label.rstrip(':')}: this will change **{count} rows** at once. Are you sure?")
    yes, no = box.columns(2)
    yes.button(f"Yes, change all {count} rows", key="rv_confirm", type="primary", on_click=confirm_pending)
    no.button("Cancel", key="rv_cancel", on_click=lambda: st.session_state.pop("rv_pending", None))
    return True


def show_message() -> None:
    """Show the outcome of the last review action, once."""
    if "rv_message" in st.session_state:
        level, text = st.session_state.pop("rv_message")
        (st.success if level == "success" else st.error)(text)
