"""Start the dashboard on localhost for browser tests and benchmarks; stop it afterwards."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
START_TIMEOUT_S = 120.0
LAST_PID: int | None = None
"""Process id of the server :func:`streamlit_server` started last (for memory measurements)."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(store: Path, log: Path, **env: str):
    """Run ``streamlit run app.py`` on the store at ``store``; yield its URL once it answers.

    Raises
    ------
    RuntimeError
        If the server exits or does not answer within :data:`START_TIMEOUT_S` (with its log).
    """
    port = free_port()
    with open(log, "w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env={**os.environ, "EVENTS_STORE": str(store), **env}, stdout=out, stderr=subprocess.STDOUT,
        )
    global LAST_PID
    LAST_PID = proc.pid
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start:\n{log.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def fixture_store_server(tmp_path_factory, **env: str):
    """Yield ``(url, store, log)`` of a server on a new store holding the test fixtures.

    For module-scoped pytest fixtures of the browser tests; a server that does not start fails the
    test with its log (``pytest.fail``) instead of erroring every test of the module.
    """
    import pytest
    from fixtures import fixture_events, fixture_figures

    from events import save_events

    store = tmp_path_factory.mktemp("store")
    save_events(fixture_events(), fixture_figures(), store=store)
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    try:
        with streamlit_server(store, log, **env) as url:
            yield url, store, log
    except RuntimeError as exc:
        pytest.fail(str(exc))


IDLE_JS = "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'notRunning'"
"""True in the page once Streamlit's script run has finished (the app's ``data-test-script-state``).

Not the status widget's text: in this Streamlit version it reads "Stop" while a run goes, never "Running"."""


def wait_until_idle(page, timeout: int = 90_000) -> None:
    """Wait until the page's Streamlit script run has finished (a click during a run may be dropped)."""
    page.wait_for_function(IDLE_JS, timeout=timeout, polling=100)


def settle(page, proof, timeout: int = 90_000) -> None:
    """Wait until ``proof`` (a locator of the element that shows the new state) is there and the run is over.

    The proof comes first: right after a click the run it starts may not have begun, so "idle" alone
    would be the state before the click.
    """
    proof.first.wait_for(timeout=timeout)
    wait_until_idle(page, timeout)


def plotly_has_a_selected_point(page, scope: str = "") -> bool:
    """Whether a plotly chart under the CSS selector ``scope`` has a point selected (``selectedpoints``)."""
    return page.evaluate("""(scope) => Array.from(document.querySelectorAll(scope + ' .js-plotly-plot')).some(
        gd => (gd._fullData || []).some(t => Array.isArray(t.selectedpoints) && t.selectedpoints.length > 0))""",
                         scope)


def click_point_until(page, points, proof, scope: str = "", tries: int = 4, timeout: int = 30_000) -> None:
    """Click the first drawn mark of the locator ``points`` until ``proof`` appears (see :func:`settle`).

    Clicks only while no point of a chart under ``scope`` is selected: a click on a selected point
    would unselect it again. Each try waits for the run to finish first: a click while the run that
    draws the chart is still going can be lost when the chart is replaced.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(tries):
        wait_until_idle(page)
        if not plotly_has_a_selected_point(page, scope):
            points.first.scroll_into_view_if_needed()
            boxes = (points.nth(i).bounding_box() for i in range(points.count()))
            box = next(b for b in boxes if b and b["width"] > 0)
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        try:
            settle(page, proof, timeout)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise
