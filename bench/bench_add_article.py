"""Time, in a real browser, how long after saving a 1,000-word article the map shows its events.

Starts the dashboard on a temporary store (the test fixtures plus the seed article) on localhost,
drives Debian's chromium with playwright through the Add-article view (paste, extract, save) and
measures from the click on "Save to the store" until the map holds one marker per located event
of the new article (the Events view opens filtered to it). Each run pastes a different article
(a new ``doc_id``), in a fresh page. The time to extract (click on "Extract events" until the
preview is drawn) is reported too.

Usage: ``python bench/bench_add_article.py [--runs 5]``. Target: the map within 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fixtures import fixture_events, fixture_figures  # noqa: E402
from streamlit_server import CHROMIUM, CHROMIUM_ARGS, streamlit_server  # noqa: E402

from events import save_events  # noqa: E402
from events.ingest import ingest_articles  # noqa: E402
from events.intake import preview_article  # noqa: E402

SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"
PLACES = [("Bakhmut", "Ukrainian"), ("Soledar", "Ukrainian"), ("Bamako", "Malian"), ("Tripoli", "Libyan"),
          ("Bangui", "Central African"), ("Khartoum", "Sudanese"), ("Palmyra", "Syrian"), ("Mopti", "Malian")]


def article_text(run: int, words: int = 1000) -> str:
    """The seed article's body, then event paragraphs until ``words`` words; ``run`` makes it unique."""
    body = SEED.read_text(encoding="utf-8").split("---", 2)[2].strip()
    paragraphs = [body]
    k = 0
    while len(" ".join(paragraphs).split()) < words:
        place, army = PLACES[k % len(PLACES)]
        paragraphs.append(f"Wagner Group fighters attacked positions near {place} on Monday, killing {k + run + 2} "
                          f"soldiers, the {army} military said in a statement on its channel (report {run}-{k}).")
        k += 1
    front = "---\npublished: 2022-12-22\npublisher: Bench Wire\nurl: https://bench.example.org/a\n---\n"
    return front + "\n\n".join(paragraphs) + "\n"


def one_run(browser, url: str, text: str, expected: int) -> tuple[float, float]:
    page = browser.new_page(viewport={"width": 1400, "height": 1600})
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Add article", exact=True).click()
    area = page.locator("textarea").first
    area.wait_for(timeout=30_000)
    area.fill(text)
    area.press("Control+Enter")
    page.get_by_label("Publisher").wait_for(timeout=30_000)
    t0 = time.perf_counter()
    page.get_by_role("button", name="Extract events").click()
    page.locator(".article-preview").wait_for(timeout=60_000)
    extract_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    page.get_by_role("button", name="Save to the store").click()
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .scattergeo path.point').length === n",
        arg=expected, timeout=30_000, polling="raf")
    map_s = time.perf_counter() - t0
    page.close()
    return extract_s, map_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        save_events(fixture_events(), fixture_figures(), store=store)
        ingest_articles([SEED], store=store)
        with streamlit_server(store, Path(tmp) / "streamlit.log", EVENTS_REVIEWER="Bench") as url:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                warm = article_text(99)
                one_run(browser, url, warm,
                        int(preview_article(warm).events["latitude"].notna().sum()))  # warm-up, not counted
                extracts, maps = [], []
                for run in range(args.runs):
                    text = article_text(run)
                    located = int(preview_article(text).events["latitude"].notna().sum())
                    extract_s, map_s = one_run(browser, url, text, located)
                    extracts.append(extract_s)
                    maps.append(map_s)
                    print(f"run {run}: {len(text.split())} words, {located} located events: "
                          f"extract {extract_s:.2f} s, save -> map {map_s:.2f} s", file=sys.stderr)
                browser.close()
    print(f"save_to_map_median_s={statistics.median(maps):.2f} save_to_map_max_s={max(maps):.2f} "
          f"extract_median_s={statistics.median(extracts):.2f} runs={args.runs}")


if __name__ == "__main__":
    main()
