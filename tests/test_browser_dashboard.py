"""Real-browser tests of the dashboard's evidence, review and revert flows (issue 11's "Done when").

A Streamlit server on localhost, driven by Debian's chromium via playwright (as tests/test_browser.py).
The store holds the fixture events; the article of ``seed-000`` is a real file on disk (written by
the test, with a headline), so the detail panel can show the evidence in its article and name the
source by headline. Screenshots of the events view, the detail panel, the trend chart and the
review view go to ``test-artifacts/``.

Streamlit's tables are drawn on a canvas: a row is selected by clicking its position (header and
row heights of Streamlit's data grid, 35 px each).
"""

from pathlib import Path

import pytest
from fixtures import fixture_events, fixture_figures
from streamlit_server import (CHROMIUM, CHROMIUM_ARGS, click_point_until, plotly_has_a_selected_point, settle,
                              streamlit_server, wait_until_idle)

from events import save_events
from events.review import correct, reviewed_events

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
HEADLINE = "North Korea arms for Wagner, U.S. official says"
ROW_PX = 35

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("articles")
    events = fixture_events()
    seed = events[events["doc_id"] == "seed-000"]
    article = folder / "seed-000.txt"
    body = "\n".join(["The official spoke on condition of anonymity."] + seed["sentence"].dropna().tolist())
    article.write_text(f'---\ntitle: "{HEADLINE}"\npublished: 2022-12-22\npublisher: Reuters\n---\n{body}\n')
    events.loc[events["doc_id"] == "seed-000", "source_url"] = str(article)
    store = tmp_path_factory.mktemp("store")
    save_events(events, fixture_figures(), store=store)
    correct(store, "fx-006", "Setup", actor1="Government of Canada")  # a correction to revert in the browser
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    try:
        with streamlit_server(store, log, EVENTS_REVIEWER="Browser Test") as url:
            yield url, store
    except RuntimeError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def page():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser.new_page(viewport={"width": 1500, "height": 1400})
        browser.close()


def click_row(page, table, row: int, column_px: int = 20) -> None:
    """Click row ``row`` (0-based) of a Streamlit data grid at ``column_px`` from its left edge.

    Waits for the page's script run to finish and for the grid to be drawn (its canvas, tall enough
    to hold the row): the grid's code loads after the run, and until then the element is a 40 px
    placeholder, so a click at the row's height landed below it and was lost.
    """
    wait_until_idle(page)
    table.locator("canvas").first.wait_for(state="attached", timeout=60_000)
    table.scroll_into_view_if_needed()
    for _ in range(240):
        box = table.bounding_box()
        if box and box["height"] >= ROW_PX * (row + 2):
            break
        page.wait_for_timeout(250)
    page.mouse.click(box["x"] + column_px, box["y"] + ROW_PX * (row + 1) + ROW_PX / 2)


def settled_text(page, locator) -> str:
    """The text of ``locator`` once the rerun has left one copy of it (a stale copy can linger for a moment)."""
    for _ in range(60):
        if locator.count() == 1:
            break
        page.wait_for_timeout(250)
    return locator.first.inner_text()  # a copy that vanished between the count and the read is no error


MAP_POINTS = ".st-key-map .js-plotly-plot .scattergeo path.point"


def open_map(page, address: str):
    """Go to ``address`` and return the map's points once the first is drawn."""
    page.goto(address, wait_until="domcontentloaded")
    points = page.locator(MAP_POINTS)
    points.first.wait_for(state="attached", timeout=60_000)
    return points


def evidence_text(page, panel, sentence: str) -> str:
    """The panel's text once its evidence shows ``sentence`` (or after 30 s): the evidence is an st.html block,
    whose code the browser may fetch after the rest of the panel has drawn."""
    try:
        page.wait_for_function("s => [...document.querySelectorAll('.st-key-detail')].some(e => e.innerText.includes(s))",
                               arg=sentence, timeout=30_000)
    except sync_api.TimeoutError:  # the assertion on the returned text reports what the panel shows instead
        pass
    return settled_text(page, panel)


def test_map_point_opens_the_detail_panel_with_the_highlighted_sentence_and_the_headline(server, page):
    url, _ = server
    points = open_map(page, f"{url}/?source=seed-000")
    page.locator(".st-key-trend .js-plotly-plot .barlayer path").first.wait_for(state="attached", timeout=60_000)
    wait_until_idle(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "events_view.png"), full_page=True)
    page.locator(".st-key-trend").screenshot(path=str(ARTIFACTS / "trend_chart.png"))
    panel = page.locator(".st-key-detail")
    click_point_until(page, points, panel.locator("mark"), scope=".st-key-map")
    text = settled_text(page, panel)
    panel.screenshot(path=str(ARTIFACTS / "detail_panel.png"))
    marked = panel.locator("mark").first.inner_text()
    assert HEADLINE in text and "Reuters, 2022-12-22" in text
    assert marked.strip() in set(fixture_events()["sentence"].dropna().str.strip())
    assert "seed-000.txt" in text and panel.locator("a[href^='/']").count() == 0  # a local file is named, not linked
    page.locator(".st-key-map .js-plotly-plot").hover()  # the toolbar shows: no button uploads the chart anywhere
    buttons = page.locator(".st-key-map .modebar-btn")
    titles = [buttons.nth(k).get_attribute("data-title") or "" for k in range(buttons.count())]
    assert titles and not [t for t in titles if "share" in t.lower() or "cloud" in t.lower()]
    assert "art-" not in page.locator("section[data-testid='stSidebar']").inner_text()


def test_table_row_selection_opens_that_event(server, page):
    url, _ = server
    page.goto(f"{url}/?source=d2-bangui", wait_until="domcontentloaded")
    table = page.locator(".st-key-table")
    table.wait_for(timeout=60_000)
    click_row(page, table, 0)
    panel = page.locator(".st-key-detail")
    settle(page, panel.get_by_text("Evidence"))
    sentence = fixture_events().set_index("event_id").loc["fx-006", "sentence"]
    assert sentence in evidence_text(page, panel, sentence)


def test_a_click_on_any_cell_of_a_table_row_opens_that_event(server, page):
    # not only the tick box at the row's left edge: a fresh user clicked the actor's name and nothing opened
    url, _ = server
    page.goto(f"{url}/?source=d2-bangui", wait_until="domcontentloaded")
    table = page.locator(".st-key-table")
    table.wait_for(timeout=60_000)
    click_row(page, table, 0, column_px=400)
    panel = page.locator(".st-key-detail")
    settle(page, panel.get_by_text("Evidence"))
    sentence = fixture_events().set_index("event_id").loc["fx-006", "sentence"]
    assert sentence in evidence_text(page, panel, sentence)


def test_bulk_action_asks_naming_the_count_then_writes(server, page):
    url, store = server
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Review", exact=True).click()
    table = page.locator(".st-key-rv_table")
    table.wait_for(timeout=60_000)
    for row in (0, 1):
        click_row(page, table, row)
        # the proof: the row picker holds the rows ticked so far, and the run that put them there is over
        page.wait_for_function("(n) => document.querySelectorAll(\".st-key-rv_ids_event [data-tag]\")"
                               ".length === n", arg=row + 1, timeout=60_000)
        wait_until_idle(page)
    assert page.get_by_label("Reviewer name", exact=True).and_(page.locator("input")).input_value() == "Browser Test"
    page.get_by_role("button", name="Accept", exact=True).click()
    settle(page, page.get_by_text("this will change 2 rows"))
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review_view.png"), full_page=True)
    assert (reviewed_events(store)["review_status"] != "accepted").all()  # nothing before the answer
    page.get_by_role("button", name="Yes, change all 2 rows").click()
    settle(page, page.get_by_text("Accepted: 2 audit entries"))
    assert (reviewed_events(store)["review_status"] == "accepted").sum() == 2


def test_revert_a_correction_shows_the_machine_value_again(server, page):
    url, store = server
    machine = fixture_events().set_index("event_id").loc["fx-006", "actor1"]
    page.goto(f"{url}/?source=d2-bangui", wait_until="domcontentloaded")
    panel = page.locator(".st-key-detail")
    table = page.locator(".st-key-table")
    table.wait_for(timeout=60_000)
    click_row(page, table, 0)
    settle(page, panel.get_by_text("Government of Canada"))
    panel.get_by_role("button", name="Revert corrections (machine values back)").click()
    settle(page, panel.get_by_text(machine))
    for _ in range(60):  # until the rerun has replaced the panel (a stale copy can linger for a moment)
        # read every copy in one step: counting first and reading after races a copy that goes away
        texts = page.eval_on_selector_all(".st-key-detail", "els => els.map(e => e.innerText)")
        if len(texts) == 1 and machine in texts[0]:
            break
        page.wait_for_timeout(250)
    assert len(texts) == 1 and machine in texts[0] and "Government of Canada" not in texts[0]
    row = reviewed_events(store).set_index("event_id").loc["fx-006"]
    assert row["actor1"] == machine and row["review_status"] == "new"


def test_a_timeline_bar_opens_its_event(server, page):
    url, _ = server
    page.goto(f"{url}/?source=d2-bangui", wait_until="domcontentloaded")
    bars = page.locator(".st-key-timeline .barlayer path")
    bars.first.wait_for(state="attached", timeout=60_000)
    panel = page.locator(".st-key-detail")
    click_point_until(page, bars, panel.get_by_text("Evidence"), scope=".st-key-timeline")
    sentence = fixture_events().set_index("event_id").loc["fx-006", "sentence"]
    assert sentence in evidence_text(page, panel, sentence)


def test_a_one_country_map_draws_the_admin1_borders(server, page):
    url, _ = server
    open_map(page, f"{url}/?country=Ukraine")
    lines = page.locator(".st-key-map .js-plotly-plot .scattergeo path.js-line")
    lines.first.wait_for(state="attached", timeout=15_000)
    assert len(lines.first.get_attribute("d") or "") > 2_000  # Ukraine's oblast borders, not a stub
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(".st-key-map").screenshot(path=str(ARTIFACTS / "map_admin1.png"))
    open_map(page, url)  # the whole fixture spans continents: no borders
    wait_until_idle(page)
    assert page.locator(".st-key-map .js-plotly-plot .scattergeo path.js-line").count() == 0


def test_a_map_selection_can_be_zoomed_into_and_back(server, page):
    url, _ = server
    points = open_map(page, url)
    zoom = page.locator(".st-key-map_zoom button")
    click_point_until(page, points, zoom, scope=".st-key-map")
    zoom.first.click()
    zoomed = page.get_by_text("Map zoomed to").first
    settle(page, zoomed)
    assert "located events" in zoomed.inner_text()
    points.first.wait_for(state="attached", timeout=30_000)
    page.locator(".st-key-map_unzoom button").first.click()
    page.wait_for_function("() => !document.body.innerText.includes('Map zoomed to')", timeout=60_000)
    wait_until_idle(page)
    assert page.locator(".st-key-map_unzoom button").count() == 0


def test_the_page_fetches_the_map_bundle_first_and_the_world_shapes_once(server, page):
    # a first paint in a new browser waited for the trend chart's bundle to download and run before the map's
    # bundle was even requested, and plotly.js asked for the world's shapes only after its bundle had run
    url, _ = server
    open_map(page, url)
    page.locator(".st-key-trend .js-plotly-plot .barlayer path").first.wait_for(state="attached", timeout=60_000)
    fetched = page.evaluate("""() => performance.getEntriesByType('resource').map(e => [e.name.split('/').pop(), e.startTime])""")
    names = [name for name, _ in fetched]
    start = dict(fetched)
    geo, basic = "plotly-geo.min.js.gz", "plotly-basic.min.js.gz"
    assert names.count(geo) == names.count(basic) == names.count("world_110m.json") == 1
    assert start[geo] <= start[basic]
    assert start["world_110m.json"] <= start[geo] + 1_000  # beside the bundle, not after it ran
    # the session's first run waited until the loader had asked for the bundle: Streamlit's code for the sidebar's
    # widgets (one file per widget kind, six downloads at a time) came after it, not before
    widget_code = [t for name, t in fetched if name.split(".")[0] in ("TextInput", "Multiselect", "DateInput")]
    assert widget_code and start[geo] < min(widget_code)
    loader = page.locator(".st-key-plotly_preload")
    assert loader.count() == 1 and not loader.is_visible()  # it takes no room in the sidebar
    wait_until_idle(page)  # a rerun still drawing may hold a transient container in the sidebar
    radio = page.locator("section[data-testid='stSidebar'] [data-testid='stRadio']").first
    radio.wait_for(state="visible", timeout=30_000)  # the view switch is drawn and visible below the loader
    first_in_sidebar = page.locator("section[data-testid='stSidebar'] [data-testid='stElementContainer']").first
    assert "st-key-plotly_preload" in (first_in_sidebar.get_attribute("class") or "")


def detail_title(page) -> str:
    """The detail panel's heading once the run that drew it is over (one copy of the panel)."""
    wait_until_idle(page)
    return settled_text(page, page.locator(".st-key-detail h4"))


def first_drawn(points):
    """Index and box of the first mark of ``points`` that is drawn (has a size)."""
    for i in range(points.count()):
        box = points.nth(i).bounding_box()
        if box and box["width"] > 0:
            return i, box
    raise AssertionError("no drawn mark")


def test_a_click_on_the_selected_map_point_opens_it_again_after_another_event_was_opened(server, page):
    # a fresh user opened an event on the map, then another from the timeline; clicking the first map point again
    # only unselected it (plotly.js toggles a selected point) and the panel kept the other event
    url, _ = server
    points = open_map(page, f"{url}/?source=seed-000")
    page.locator(".st-key-timeline .barlayer path").first.wait_for(state="attached", timeout=60_000)
    marks = page.locator(".st-key-timeline .barlayer path, .st-key-timeline .scatterlayer path.point")
    panel = page.locator(".st-key-detail")
    click_point_until(page, points, panel.get_by_text("Evidence"), scope=".st-key-map")
    first = detail_title(page)
    other = None
    for k in range(marks.count()):  # open another event from the timeline (a bar or a one-day mark)
        marks.nth(k).scroll_into_view_if_needed()
        box = marks.nth(k).bounding_box()
        if not box or box["width"] <= 0:
            continue
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.wait_for_timeout(300)
        if detail_title(page) != first:
            other = detail_title(page)
            break
    assert other is not None and other != first
    assert plotly_has_a_selected_point(page, ".st-key-map")  # the first point is still selected on the map
    points.first.scroll_into_view_if_needed()
    _, box = first_drawn(points)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_function("(t) => [...document.querySelectorAll('.st-key-detail h4')].map(e => e.innerText).join('|') === t",
                           arg=first, timeout=30_000)
    assert detail_title(page) == first
