"""Extraction benchmark (not a timed test): throughput on real news, multi-process scaling, cold start.

Run from the repository root: ``python bench/bench_extract.py [--repeat 3] [--copies 3] [--largest]``.

On the 20 development stories (``../shared/articles/news/*.txt``, about 635 words each), in one run:

* **parse only**: spaCy's pipeline (:func:`events.extraction.nlp.parse_texts`, the project's
  EntityRuler included) over the articles' texts, and over their sentences, one core;
* **extraction**: :func:`events.extraction.pipeline.extract_batch` on the same articles (read beforehand,
  freshly for every repetition), one core;
* **two processes**: ``extract_batch(articles, n_process=2)`` against ``n_process=1`` on the
  stories repeated ``--copies`` times, on two cores; while ``extract_batch`` has no ``n_process``
  keyword, ``parse_texts(..., n_process=2)`` against ``n_process=1`` instead, and the line says so;
* **cold start**: ``python -m events extract ONE_STORY --out TMP`` and ``python -m events --help``,
  median of 5 fresh processes;
* the seed article's latency after warm-up, and with ``--largest`` one article at the 2 MB limit.

One core means this process pinned to one CPU (``os.sched_setaffinity``; spaCy then also runs
its matrix code on that core). Throughputs are the median of ``--repeat`` runs. Issue 10's targets:
extraction ≥ 5 articles/s on one core, at most half again the parse-only time; the two-process
option scales; cold start < 4 s. The machine's load average is printed with the results, as other
work on the machine slows every figure.
"""

from __future__ import annotations

import argparse
import inspect
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import extract_events, parse_article, read_article  # noqa: E402
from events.extraction.nlp import load_pipeline, parse_texts  # noqa: E402
from events.extraction.pipeline import extract_batch  # noqa: E402

SEED = ROOT / "seeds" / "000_1bedc7d3bcaccec5.txt"
NEWS = ROOT.parent / "shared" / "articles" / "news"


def dev_stories() -> list[Path]:
    """The development stories' files, in name order (an error when ``../shared`` is absent)."""
    paths = sorted(NEWS.glob("*.txt"))
    if not paths:
        raise SystemExit(f"error: no development stories in {NEWS}")
    return paths


def read_all(paths: list[Path]) -> list:
    """Read each article (fresh objects, so nothing parsed earlier is reused)."""
    return [read_article(p) for p in paths]


def median_rate(count: int, run, repeat: int, prepare=None) -> tuple[float, list[float]]:
    """Median of ``count`` / seconds over ``repeat`` calls of ``run(prepare())``; also every rate."""
    rates = []
    for _ in range(repeat):
        arg = prepare() if prepare is not None else None
        start = time.perf_counter()
        run(arg)
        rates.append(count / (time.perf_counter() - start))
    return statistics.median(rates), rates


def one_core() -> set[int]:
    """Pin this process to its first allowed CPU; return the CPUs it had."""
    cpus = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(cpus)})
    return cpus


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


def bench_two_processes(paths: list[Path], copies: int, repeat: int) -> tuple[str, float, float]:
    """Rates with one and two processes on both allowed cores: extraction, else parse only."""
    if "n_process" in inspect.signature(extract_batch).parameters:
        what = f"extract_batch, {len(paths) * copies} articles"

        def run(n):
            return lambda articles: extract_batch(articles, n_process=n)

        def prepare():  # each copy is its own article (its own doc_id), as a batch of distinct stories is
            return [parse_article(a.text + f"\n\n(copy {k})", published=a.published)
                    for k in range(copies) for a in read_all(paths)]
    else:
        print("n_process not supported yet by extract_batch: measuring parse_texts(n_process=2) instead")
        texts = [a.text for a in read_all(paths)] * copies
        what = f"parse only (extract_batch has no n_process yet), {len(texts)} texts"

        def run(n):
            return lambda _: sum(1 for _ in parse_texts(texts, n_process=n, batch_size=8))

        prepare = None
    count = len(paths) * copies
    one, _ = median_rate(count, run(1), repeat, prepare)
    two, _ = median_rate(count, run(2), repeat, prepare)
    return what, one, two


def bench_cold_start(argv: list[str], runs: int = 5) -> float:
    """Median wall-clock seconds of ``python -m events ARGV`` in a fresh process."""
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            args = [a.replace("{tmp}", tmp) for a in argv]
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "events", *args], cwd=ROOT, check=True, capture_output=True)
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


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per throughput figure (median)")
    parser.add_argument("--copies", type=int, default=3, help="the stories repeated this often for the 2-process run")
    parser.add_argument("--largest", action="store_true", help="also time one article at the 2 MB limit")
    args = parser.parse_args(argv)

    paths = dev_stories()
    articles = read_all(paths)
    words = statistics.mean(len(a.text.split()) for a in articles)
    sentences = [s.text for a in articles for s in a.sentences]
    texts = [a.text for a in articles]
    n = len(articles)
    rows = []

    cpus = one_core()
    load_pipeline()
    extract_batch(read_all(paths[:2]))  # warm-up: model, gazetteer and lexicons loaded once
    parse_text, _ = median_rate(n, lambda _: sum(1 for _ in parse_texts(texts)), args.repeat)
    parse_sent, _ = median_rate(n, lambda _: sum(1 for _ in parse_texts(sentences)), args.repeat)
    extract, rates = median_rate(n, extract_batch, args.repeat, prepare=lambda: read_all(paths))
    rows += [
        (f"parse only, whole texts ({n} stories, ~{words:.0f} words)", f"{parse_text:.2f} articles/s", "1 core"),
        (f"parse only, {len(sentences)} sentences of the same stories", f"{parse_sent:.2f} articles/s", "1 core"),
        ("extraction, extract_batch (parse included)", f"{extract:.2f} articles/s "
         f"({', '.join(f'{r:.2f}' for r in rates)})", "1 core, target ≥ 5"),
        ("extraction time ÷ parse-only time (whole texts)", f"{parse_text / extract:.2f}", "target ≤ 1.5"),
        ("seed article, extraction after warm-up (median of 50)", f"{bench_seed():.1f} ms", "1 core"),
    ]
    os.sched_setaffinity(0, cpus)
    if len(cpus) >= 2:
        what, one, two = bench_two_processes(paths, args.copies, args.repeat)
        rows += [(f"{what}: n_process=1 / n_process=2", f"{one:.2f} / {two:.2f} articles/s", f"×{two / one:.2f} on 2 cores")]
    else:
        rows.append(("two processes", "not measured", "only one CPU allowed"))
    rows += [
        ("CLI cold start, python -m events extract ONE_STORY (median of 5)",
         f"{bench_cold_start(['extract', str(paths[0]), '--out', '{tmp}']):.2f} s", "target < 4 s"),
        ("CLI cold start, python -m events --help (median of 5)", f"{bench_cold_start(['--help']):.2f} s", ""),
    ]
    if args.largest:
        took, size = bench_largest()
        rows.append((f"one article at the size limit ({size / 1e6:.1f} MB, the seed repeated)", f"{took:.1f} s", ""))

    width = max(len(r[0]) for r in rows)
    print(f"\n{'measure':<{width}}  result  (conditions)")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value}" + (f"  ({note})" if note else ""))
    load = os.getloadavg()
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")


if __name__ == "__main__":
    main()
