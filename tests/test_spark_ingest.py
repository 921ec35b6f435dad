"""``ingest --engine spark`` writes the same store as the local ingest: same rows, same ids, same bytes.

Articles: ``seeds/`` and the practice articles of ``../shared/articles`` (skipped when absent),
plus a Parquet table of articles written here. Spark runs in local mode; the module skips only
when there is no Java runtime.
"""

import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from events.cli import main
from events.distributed import extract_on_spark
from events.errors import ArticleError
from events.ingest import extract_paths
from events.query import engine
from events.store import events_path, figures_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "articles"

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (`java`)"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

TEXTS = [
    "---\npublished: 2023-03-02\ntitle: Shelling\n---\nRussian forces shelled Kherson on Monday, killing three "
    "civilians, the regional governor said.\n",
    "Wagner Group fighters attacked Soledar on 10 January 2023, the Ukrainian army said.\n",
]


@pytest.fixture(scope="module")
def spark():
    engine.spark_session("local[2]")
    yield
    engine.stop_spark()


def articles() -> list[Path]:
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    if SHARED.is_dir():
        paths += sorted(SHARED.glob("*.txt"))
    return paths


def test_spark_ingest_writes_the_same_store_as_the_local_ingest(spark, tmp_path, capsys):
    paths = [str(p) for p in articles()]
    local, distributed = tmp_path / "local", tmp_path / "spark"
    assert main(["ingest", *paths, "--store", str(local)]) == 0
    assert main(["ingest", *paths, "--store", str(distributed), "--engine", "local[2]"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split(":", 1)[1] == out[1].split(":", 1)[1]  # the same counts
    for where in (events_path, figures_path):
        a, b = pd.read_parquet(where(local)), pd.read_parquet(where(distributed))
        assert len(a) > 0
        pd.testing.assert_frame_equal(a, b)
        assert where(local).read_bytes() == where(distributed).read_bytes()


def test_each_partition_gives_the_rows_of_the_local_extraction(spark, tmp_path):
    # one article per partition, so several workers' partitions are stitched back in order
    paths = articles()
    want = extract_paths(paths)
    got = extract_on_spark(paths, engine="local[2]", per_partition=1)
    for a, b in zip(want, got):
        pd.testing.assert_frame_equal(a, b)
    assert want[0]["event_id"].is_unique and len(want[0]) > 0


def test_a_parquet_table_of_articles_gives_the_rows_of_the_files(spark, tmp_path):
    files = []
    for i, text in enumerate(TEXTS):
        files.append(tmp_path / f"a{i}.txt")
        files[-1].write_text(text, encoding="utf-8")
    table = tmp_path / "articles.parquet"
    pq.write_table(pa.table({"text": TEXTS, "path": [str(p) for p in files]}), table)
    warnings = []
    got = extract_on_spark([table], engine="local[2]", on_warning=warnings.append)
    want = extract_paths(files, on_warning=lambda _: None)
    for a, b in zip(want, got):
        pd.testing.assert_frame_equal(a, b)
    assert len(got[0]) >= 2
    assert any("a1.txt" in w for w in warnings)  # the second text has no publication date


def test_a_bad_article_stops_the_spark_ingest_and_writes_nothing(spark, tmp_path, capsys):
    store = tmp_path / "store"
    good = tmp_path / "good.txt"
    good.write_text(TEXTS[1], encoding="utf-8")
    assert main(["ingest", str(good), "--store", str(store), "--engine", "local[2]"]) == 0
    before = sorted((p.name, p.read_bytes()) for p in store.iterdir() if p.is_file())
    table = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"text": [TEXTS[0], "   "], "path": ["first.txt", "blank.txt"]}), table)
    capsys.readouterr()
    assert main(["ingest", str(table), "--store", str(store), "--engine", "local[2]"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: blank.txt: no article text"]
    no_text = tmp_path / "no_text.parquet"
    pq.write_table(pa.table({"body": ["x"]}), no_text)
    assert main(["ingest", str(no_text), "--store", str(store), "--engine", "local[2]"]) == 2
    assert "needs a 'text' column" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.parquet"), "--store", str(store), "--engine", "local[2]"]) == 2
    assert capsys.readouterr().err == f"error: {tmp_path / 'missing.parquet'}: no such file\n"
    assert sorted((p.name, p.read_bytes()) for p in store.iterdir() if p.is_file()) == before
    with pytest.raises(ArticleError):
        extract_on_spark([tmp_path / "missing.txt"], engine="local[2]")
