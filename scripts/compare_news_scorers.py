"""Check that ``python -m events eval news`` agrees with the reference scorer on a gold folder.

usage: python scripts/compare_news_scorers.py [GOLD_DIR ARTICLES_DIR] [--reference SCORE_NEWS_PY]

Defaults: ``../shared/gold/news``, ``../shared/articles/news`` and ``../shared/tools/score_news.py``
relative to the repository root. Runs both on the same folders with this Python (the reference
scorer runs ``python -m events extract`` once per article from the repository root; the harness
extracts in one process), then compares every per-article line (gold, rows, matched, dup) and
every number of the summary line. Prints each difference and a last line ``agree: yes`` (exit 0)
or ``agree: no`` (exit 1); a missing folder or scorer is ``error: ...`` and exit 2.
"""

from __future__ import annotations

import argparse
import math
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
ARTICLE_LINE = re.compile(r"^(\S+): gold (\d+) rows (\d+) matched (\d+) dup (\d+)")


def _run(command: list[str]) -> tuple[dict[str, str], dict[str, tuple[int, ...]], float]:
    """Run a scorer; return its summary (name → value text), per-article counts and seconds taken."""
    start = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"error: {' '.join(command[:3])} failed (exit {done.returncode}): "
                         f"{done.stderr.strip().splitlines()[-1] if done.stderr.strip() else 'no output'}")
    summary = dict(item.split("=", 1) for item in done.stdout.strip().splitlines()[-1].split())
    articles = {m[1]: tuple(int(x) for x in m.groups()[1:])
                for m in map(ARTICLE_LINE.match, done.stderr.splitlines()) if m}
    return summary, articles, took


def compare(reference: dict[str, str], harness: dict[str, str]) -> list[str]:
    """Return the differences between two summaries (a key the reference omits must be ``nan`` here)."""
    out = []
    for key in sorted(set(reference) | set(harness)):
        if key in ("kind", "docs"):
            continue
        ref, ours = reference.get(key), harness.get(key)
        if ref is None and ours is not None and math.isnan(float(ours)):
            continue  # the reference leaves out a field no matched pair was scored on
        if ref != ours:
            out.append(f"summary {key}: reference {ref} harness {ours}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(SHARED / "gold" / "news"))
    parser.add_argument("articles", nargs="?", default=str(SHARED / "articles" / "news"))
    parser.add_argument("--reference", default=str(SHARED / "tools" / "score_news.py"))
    args = parser.parse_args(argv)
    for path in (args.gold, args.articles, args.reference):
        if not Path(path).exists():
            print(f"error: not found: {path}", file=sys.stderr)
            return 2
    reference, ref_articles, ref_s = _run([sys.executable, args.reference, args.gold, args.articles])
    harness, our_articles, our_s = _run([sys.executable, "-m", "events", "eval", "news", args.gold, args.articles])
    differences = compare(reference, harness)
    for name in sorted(set(ref_articles) | set(our_articles)):
        if ref_articles.get(name) != our_articles.get(name):
            differences.append(f"{name} (gold, rows, matched, dup): reference {ref_articles.get(name)} "
                               f"harness {our_articles.get(name)}")
    print(f"reference ({ref_s:.1f} s): " + " ".join(f"{k}={v}" for k, v in reference.items()))
    print(f"harness   ({our_s:.1f} s): " + " ".join(f"{k}={v}" for k, v in harness.items()))
    print(f"articles compared: {len(ref_articles)} (reference) / {len(our_articles)} (harness); "
          f"numbers compared: {len(reference) - 1} summary values + 4 per article")
    for line in differences:
        print(f"differs: {line}")
    print(f"agree: {'no' if differences or not ref_articles else 'yes'}")
    return 1 if differences or not ref_articles else 0


if __name__ == "__main__":
    sys.exit(main())
