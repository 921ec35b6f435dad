"""The Add-article view: paste or upload, check the metadata, preview, then save (with warnings)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import streamlit as st

import events
from events import intake, sources, summaries
from events.markup import escape_markdown as md
from events.query import expressions as q

from .common import clear_filters, current_reviewer


def article_input() -> tuple[str | None, str | None]:
    """Draw paste/upload; return (text, file name) or (None, None)."""
    how = st.radio("Article", ["Paste text", "Upload a file"], horizontal=True, key="add_how")
    if how == "Paste text":
        text = st.text_area("Article text: plain text, Markdown (front matter allowed) or an HTML page", key="add_text",
                            height=260)
        if text and len(text.encode("utf-8")) > intake.MAX_ARTICLE_BYTES:
            st.error(f"The pasted text is {len(text.encode('utf-8')) / 1024 / 1024:.1f} MB, over the limit of "
                     f"{intake.MAX_UPLOAD_MB} MB: paste just the article's text.")
            return None, None
        return (text, None) if text and text.strip() else (None, None)
    # The size is checked here (intake.decode_upload), not by the uploader: a file the uploader refuses in the
    # browser starts no run, so the page kept the message about the file before it.
    upload = st.file_uploader(f"Article file (.txt, .md, .html; at most {intake.MAX_UPLOAD_MB} MB)", key="add_file",
                              type=["txt", "md", "html", "htm"])
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
    reviewer = current_reviewer()
    if not reviewer:
        st.session_state["add_error"] = "Nothing was saved: give your name in “Reviewer name” (sidebar) first."
        return
    try:
        intake.save_article(preview, store, reviewer)
    except events.EventsError as exc:
        st.session_state["add_error"] = f"Nothing was saved: {exc}"
        return
    st.session_state.pop("add_preview", None)
    clear_filters()
    doc_id = preview.article.doc_id
    label = sources.article_label(preview.article.title, preview.article.publisher, preview.article.published, doc_id)
    st.session_state.update(f_sources=[doc_id], filters_from_url=True, view="Events",
                            add_saved=f"Saved {len(preview.events)} event(s) and {len(preview.figures)} figure(s) "
                                      f"from {label}; they are new rows in the Review view.")


def show_preview(preview: intake.Preview, store: Path) -> None:
    article = preview.article
    st.subheader("Preview (not saved yet)")
    st.caption(md(f"{sources.article_label(article.title, article.publisher, article.published, article.doc_id)}"
                  f" · {len(preview.events)} event(s) · {len(preview.figures)} figure(s)"))
    for warning in sources.save_warnings(article.published, article.doc_id, store_rows(store, article.doc_id)):
        st.warning(warning)
    if len(preview.events):
        st.dataframe(summaries.event_table(preview.events), hide_index=True, key="add_events")
    if len(preview.figures):
        st.dataframe(preview.figures[["subject", "metric", "value", "unit", "qualifier", "label", "sentence"]],
                     hide_index=True, key="add_figures")
    st.markdown("**The article, evidence sentences highlighted**")
    evidence = list(preview.events["sentence"]) + list(preview.figures["sentence"])
    st.html(intake.highlight_evidence(article, evidence))
    reviewer = current_reviewer()
    if not reviewer:
        st.warning("Give your name in “Reviewer name” (sidebar) to save: every write records who made it.")
    st.button("Save to the store", key="add_save", type="primary", on_click=save_preview, args=(store,),
              disabled=(preview.events.empty and preview.figures.empty) or not reviewer)


def store_rows(store: Path, doc_id: str):
    """The reviewed rows the store already holds for ``doc_id`` (none when the store is empty or unreadable)."""
    try:
        table = q.reviewed_table(q.connect(), store)
        return q.to_frame(table.filter(table.doc_id == doc_id).select("event_id", "doc_id", "review_status"))
    except events.EventsError:
        return None


def show(store: Path) -> None:
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
    if st.session_state.get("add_published") is None:
        st.warning(sources.NO_DATE_WARNING)
    if st.button("Extract events", key="add_extract"):
        run_preview(text, name)
    if st.session_state.get("add_preview") is not None:
        show_preview(st.session_state["add_preview"], store)
