"""Write gzip copies of the vendored plotly.js bundles: ``static/plotly-geo.min.js.gz`` and ``…basic…``.

Streamlit serves ``static/`` at ``/app/static/`` and compresses every response there again on each
request (Starlette's gzip middleware, level 5, in the server's event loop): 25-35 ms of the
server's time per bundle for each new browser, while it also answers the page's other files and
runs the script. A file that is already gzip (``.gz``, served as ``application/gzip``) is sent as
it is; the Events view's component (``app_pages/plotly_bundle/chart.js``) unpacks it in the
browser (``DecompressionStream``). The ``.js`` files stay the source of truth (see
``data/README.md``); this script makes the copies from them.

Run ``python scripts/build_plotly_gz.py [--check]``. The output is byte-for-byte reproducible:
level 9, no file name and a zero time stamp in the gzip header. ``--check`` rebuilds in memory and
exits 2 with an ``error:`` line if a copy is missing or differs from its ``.js`` file.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from pathlib import Path

STATIC = Path(__file__).resolve().parent.parent / "static"
BUNDLES = ("plotly-geo.min.js", "plotly-basic.min.js")


def packed(source: Path) -> bytes:
    """The gzip bytes of ``source``: level 9, no name, time stamp 0 (the same bytes on every run)."""
    return gzip.compress(source.read_bytes(), compresslevel=9, mtime=0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check that the copies match their .js files")
    args = parser.parse_args()
    for name in BUNDLES:
        source, target = STATIC / name, STATIC / f"{name}.gz"
        if not source.is_file():
            print(f"error: {source} is missing", file=sys.stderr)
            return 2
        data = packed(source)
        if args.check:
            if not target.is_file() or target.read_bytes() != data:
                print(f"error: {target} is missing or not the gzip of {name}; run {Path(__file__).name}",
                      file=sys.stderr)
                return 2
            continue
        target.write_bytes(data)
        print(f"{target.name}: {len(data):,} bytes, SHA-256 {hashlib.sha256(data).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
