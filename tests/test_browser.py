"""Real-browser test: a Streamlit server on localhost, driven by Debian's chromium via playwright.

Checks that the map draws country shapes (from the topojson bundled under static/) and event
markers, that clicking a marker narrows the table, that no request leaves localhost (any such
request is recorded and aborted, as on an air-gapped network), and saves a screenshot under
test-artifacts/.
Skips where chromium or playwright is absent.
"""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, fixture_store_server


ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(),
                                reason=f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    for url, _, _ in fixture_store_server(tmp_path_factory):
        yield url


def test_dashboard_draws_offline_in_chromium(server):
    requests, outside = [], []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1800}, service_workers="block")

        def guard(route):
            host = urlsplit(route.request.url).hostname or ""
            if route.request.url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:  # record it, and act as an air-gapped network would
                outside.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("request", lambda r: requests.append(r.url))
        page.goto(f"{server}/?actor=Wagner+Group", wait_until="domcontentloaded")
        page.wait_for_selector(".js-plotly-plot .geo .countries path", state="attached", timeout=60_000)
        page.wait_for_selector(".js-plotly-plot .scattergeo path.point", state="attached", timeout=30_000)
        page.wait_for_timeout(1500)
        page.get_by_text("5 of 8 events involving Wagner Group.").wait_for(timeout=10_000)

        country_path = page.locator(".js-plotly-plot .geo .countries path").first.get_attribute("d") or ""
        markers = page.locator(".js-plotly-plot .scattergeo path.point").count()
        timeline_bars = page.locator(".js-plotly-plot .barlayer path").count()
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / "dashboard.png"
        page.screenshot(path=str(shot), full_page=True)

        # Clicking a marker selects it (plotly selection), which narrows the table to that event.
        box = page.locator(".js-plotly-plot .scattergeo path.point").nth(1).bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.get_by_text("1 event(s) selected on the map").wait_for(timeout=15_000)
        browser.close()

    assert len(country_path) > 10_000, "country shapes were not drawn (topojson not loaded?)"
    assert markers == 5, f"expected the 5 Wagner Group events as markers, found {markers}"
    assert timeline_bars > 0
    assert any(u.endswith("/app/static/world_110m.json") or u.endswith("/app/static/world_50m.json")
               for u in requests), "the map did not load the bundled topojson"
    assert outside == [], f"requests left localhost: {outside}"
    assert not [u for u in requests if (urlsplit(u).hostname or "") not in LOCAL_HOSTS
                and not u.startswith(("data:", "blob:"))]
    assert shot.stat().st_size > 10_000
