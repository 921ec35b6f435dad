"""Event tracker dashboard: ``streamlit run app.py``.

The entry point: page config, the event store, the reviewer setting and the choice of view. Each
view is a module of ``app_pages/`` (:mod:`app_pages.events`, :mod:`app_pages.add_article`,
:mod:`app_pages.review`) that draws widgets and calls tested functions of the ``events`` package.
Caching lives in the views' edge functions only. Works offline: the map's country shapes come from
``static/`` (see ``.streamlit/config.toml``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

import events
from app_pages import events as events_view
from app_pages.plotly_bundle import preload
from events import review
from events.charts import plotly_config
from events.store import resolve_store

# The server answers the browser's requests (Streamlit's scripts, the plotly bundles) in one thread
# while script runs compute in others; a thread that waits for a reply then waits for the GIL, up to
# Python's switch interval (5 ms) at every step, which made each file of the first page wait ~25 ms.
sys.setswitchinterval(0.0005)
SEEDS = Path(__file__).resolve().parent / "seeds"
VIEWS = ("Events", "Add article", "Review")
# Widget values that must survive a visit to another view: Streamlit drops the state of widgets not
# drawn in a run unless the key is assigned again ("Interrupting the widget clean-up process").
# (A comment, not a docstring: Streamlit's "magic" would print a bare string in the page.)
KEPT_KEYS = (*events_view.KEPT_KEYS, "add_how", "add_text", "add_published", "add_publisher", "add_url", "rv_kind",
             "rv_status", "rv_ids_event", "rv_ids_figure")


def sidebar_settings() -> str:
    """Draw the view switch and the reviewer setting; return the chosen view.

    The reviewer field's default is the name it held in the last run (first ``$EVENTS_REVIEWER``),
    so every run sends the name to the browser. Streamlit sends a value written to
    ``st.session_state`` only with the run that wrote it: a browser that missed that run's field (a
    view switched before the sidebar was drawn) showed the field's default, blank, and sent the
    blank back with the next click, as if typed. The widget's identity is its key, so the changing
    default never resets it.
    """
    for key in KEPT_KEYS:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    view = st.sidebar.radio("View", VIEWS, key="view", horizontal=True)
    given = st.session_state.get("reviewer_name")
    name = st.sidebar.text_input(
        "Reviewer name", value=os.environ.get(review.REVIEWER_ENV, "") if given is None else given, key="reviewer",
        help="Required for every change: recorded with each review action and each article you save.")
    st.session_state["reviewer_name"] = name  # a plain key: the next run's default
    if not " ".join(name.split()):
        st.sidebar.caption(":orange[No reviewer name: you can look, but not save or review.]")
    return view


def main() -> None:
    """Draw the page: configuration, store, reviewer, then the chosen view."""
    st.set_page_config(page_title="Event tracker", layout="wide")
    try:
        store = resolve_store()
    except events.EventsError as exc:
        st.error(f"Cannot open the event store: {exc}")
        return
    if st.session_state.get("view", VIEWS[0]) == "Events":  # the map's code first, before any widget or query
        # the store's view is opened while the first run waits for the browser
        preload(plotly_config(st.get_option("server.baseUrlPath") or ""),
                while_waiting=lambda: events_view.prepare(store))
    view = sidebar_settings()
    if view == "Add article":  # imported when chosen: the article intake loads spaCy (0.4 s)
        from app_pages import add_article

        add_article.show(store)
    elif view == "Review":
        from app_pages import review as review_view

        review_view.show(store)
    else:
        events_view.show(store, SEEDS)


main()
