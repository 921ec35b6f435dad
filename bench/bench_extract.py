"""Extraction benchmark (not a timed test): per-article latency, throughput, CLI cold start.

Run from the repository root: ``python bench/bench_extract.py``. Targets: the seed article in
under 50 ms after warm-up; over 100 articles of ~300 words per second on one core; ``python -m
events extract`` cold start under 3 s.
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import extract_events, parse_article, read_article  # noqa: E402
from events.extract import extract_batch  # noqa: E402

SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"
SHARED_ARTICLES = ROOT.parent / "shared" / "articles"


def bench_seed(n: int = 50) -> float:
    """Median ms to extract the (already read) seed article, after warm-up."""
    article = read_article(SEED)
    for _ in range(5):
        extract_events(article)
    times = []
    for _ in range(n):
        t = time.perf_counter()
        extract_events(article)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def synthetic_articles(n: int = 100, words: int = 300, seed: int = 1) -> list[str]:
    """Articles of ~``words`` words made by recombining sentences of the seed and practice articles."""
    sentences = []
    for path in [SEED, *sorted(SHARED_ARTICLES.glob("*.txt"))]:
        sentences += [s.text for s in read_article(path).sentences]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body, count = [], 0
        while count < words:
            s = rng.choice(sentences)
            body.append(s)
            count += len(s.split())
        out.append(f"---\npublished: 2022-12-22\ntitle: synthetic {i}\n---\n" + "\n".join(body) + "\n")
    return out


def bench_throughput(n: int = 100) -> tuple[float, float]:
    """Articles per second (parse from text + extract as one batch, as the CLI and ingest do) and mean words per article."""
    texts = synthetic_articles(n)
    extract_events(parse_article(texts[0]))
    t = time.perf_counter()
    extract_batch([parse_article(text) for text in texts])
    elapsed = time.perf_counter() - t
    words = statistics.mean(len(x.split("---\n", 2)[2].split()) for x in texts)
    return n / elapsed, words


def bench_cold_start(runs: int = 5) -> float:
    """Median wall-clock seconds of ``python -m events extract SEED --out TMP``."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "events", "extract", str(SEED), "--out", tmp],
                           cwd=ROOT, check=True, capture_output=True)
            times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_largest() -> tuple[float, int]:
    """Seconds to extract one article at the size limit (the seed's body repeated to 2 MB)."""
    from events.article import MAX_ARTICLE_MB

    body = read_article(SEED).text
    text = (body + "\n\n") * (int(MAX_ARTICLE_MB * 1024 * 1024) // (len(body.encode("utf-8")) + 2))
    article = parse_article(text, published="2022-12-22")
    start = time.perf_counter()
    extract_events(article)
    return time.perf_counter() - start, len(text.encode("utf-8"))


def main() -> None:
    ms = bench_seed()
    print(f"seed article: {ms:.1f} ms per extraction (median of 50 after warm-up; target < 50 ms)")
    rate, words = bench_throughput()
    print(f"throughput: {rate:.0f} articles/s over 100 synthetic articles of ~{words:.0f} words, one core (target > 100)")
    cold = bench_cold_start()
    print(f"CLI cold start: {cold:.2f} s for `python -m events extract` on the seed (median of 5; target < 3 s)")
    took, size = bench_largest()
    print(f"largest article: {took:.1f} s for one article of {size / 1e6:.1f} MB (the seed repeated up to the size limit)")


if __name__ == "__main__":
    main()
