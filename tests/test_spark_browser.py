"""Real-browser test: the dashboard with ``EVENTS_ENGINE=local[2]`` (Spark in local mode) draws the map and follows a filter.

A Streamlit server on localhost over a small store (the fixture events), driven by Debian's
chromium via playwright as in tests/test_browser.py. Every query of the page runs on Spark; the
server's log shows Spark started. Skips where chromium, playwright or a Java runtime is absent.
"""

import shutil
from pathlib import Path

import pytest
from fixtures import fixture_events
import streamlit_server as streamlit_server_module
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, fixture_store_server


ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
MARKS = ".st-key-map .js-plotly-plot .scattergeo path.point"
TIMEOUT_MS = 180_000  # Spark starts in the first rerun (seconds), and each query takes a fraction of a second

sync_api = pytest.importorskip("playwright.sync_api", reason="Python playwright is not installed")
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"Debian chromium not found at {CHROMIUM}"),
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (`java`)"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    for url, _, log in fixture_store_server(tmp_path_factory, EVENTS_ENGINE="local[2]"):
        yield url, log


def test_the_dashboard_on_spark_draws_the_map_and_follows_a_filter(server):
    url, log = server
    located = fixture_events().dropna(subset=["latitude", "longitude"])
    in_ukraine = located[located["country"] == "Ukraine"]
    assert 0 < len(in_ukraine) < len(located)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1400})
        page.goto(url, wait_until="domcontentloaded")
        page.wait_for_selector(MARKS, state="attached", timeout=TIMEOUT_MS)
        page.wait_for_function(f"() => document.querySelectorAll('{MARKS}').length === {len(located)}",
                               timeout=TIMEOUT_MS)
        box = page.locator(".st-key-f_countries input")
        box.click()
        box.fill("Ukraine")
        box.press("Enter")
        page.keyboard.press("Escape")
        page.wait_for_function(
            """([marks, n]) => {
                 const caption = [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
                     .map(e => e.innerText).join(' ');
                 return caption.includes('Ukraine') && !document.querySelector('[data-stale="true"]')
                     && document.querySelectorAll(marks).length === n;
               }""", arg=[MARKS, len(in_ukraine)], timeout=TIMEOUT_MS, polling=250)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard_spark.png"), full_page=True)
        assert page.locator(MARKS).count() == len(in_ukraine)
        assert "Cannot open the event store" not in page.content()
        spark = spark_processes_under(streamlit_server_module.LAST_PID)
        browser.close()
    assert spark, f"the server started no Spark JVM:\n{log.read_text()}"  # the queries ran on Spark


def spark_processes_under(root: int) -> list[int]:
    """Process ids of Spark JVMs (``SparkSubmit``) descended from process ``root``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes()
            pid = int(entry.name)
            while pid > 1 and pid != root:
                pid = int((Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):  # a process that ended meanwhile
            continue
        if pid == root and b"org.apache.spark.deploy.SparkSubmit" in command:
            found.append(int(entry.name))
    return found
