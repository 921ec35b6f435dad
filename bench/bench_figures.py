"""Figures benchmark (not a timed test): what reading numbers on the parse costs.

Run from the repository root: ``python bench/bench_figures.py [ARTICLES_DIR]`` (default
``../shared/articles/news``, the 20 development stories). Prints, for the same articles:

- the spaCy parse of the whole articles (``nlp.pipe``), the cost the extractor pays once;
- :func:`events.extraction.figures.parse_figures` on every sentence with that parse given (``doc=``) — the
  extra cost of the figures stage on top of the parse;
- :func:`events.extraction.figures.parse_figures` parsing for itself (no ``doc``): only sentences holding a
  number the text alone cannot rule out are parsed.

Measured 2026-12-06 on the 20 development stories (535 sentences), 2 cores shared with other
jobs (load 3–6, so absolute times vary by 2x between runs): spaCy parse 1.95–4.8 s; figures
with the parse given 0.07–0.34 s (3–7 % of the parse; 4–17 ms per article); figures parsing for
themselves 1.0–1.45 s (119 of 528 sentences parsed). The extractor of this branch, which does
not yet pass its parse, extracted the 20 stories at 11.7 articles/s against 40–80 before the
figures read the parse (same machine, same load band).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from events import read_article  # noqa: E402
from events.extraction.nlp import load_pipeline  # noqa: E402
from events.extraction.figures import _parse, parse_figures  # noqa: E402


def main(folder: Path) -> None:
    articles = [read_article(p) for p in sorted(folder.glob("*.txt"))]
    nlp = load_pipeline()
    nlp("warm up")
    t = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles]))
    parse_s = time.perf_counter() - t
    t = time.perf_counter()
    sentences = 0
    for doc in docs:
        for sent in doc.sents:
            parse_figures(sent.text, sent.start_char, doc=sent)
            sentences += 1
    given_s = time.perf_counter() - t
    _parse.cache_clear()
    own = [(s.text, s.start) for a in articles for s in a.sentences]
    t = time.perf_counter()
    for text, start in own:
        parse_figures(text, start)
    own_s = time.perf_counter() - t
    print(f"{len(articles)} articles: spaCy parse {parse_s:.2f} s; figures with the parse given "
          f"{given_s:.3f} s ({sentences} sentences); figures parsing for themselves {own_s:.2f} s "
          f"({_parse.cache_info().misses} of {len(own)} sentences parsed)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "articles" / "news")
