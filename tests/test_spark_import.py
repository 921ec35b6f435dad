"""``import --engine spark`` gives the store and the report of the local import: same rows, same bad-row report.

Files: the UCDP and GDELT samples of ``tests/data`` and ACLED files written here (one with bad
rows). Spark runs in local mode; the module skips only when there is no Java runtime.
"""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from events.cli import main
from events.datasets import import_dataset
from events.distributed import import_on_spark
from events.errors import AmbiguousDateError, ImportFormatError
from events.query import engine
from events.store import events_path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

pytestmark = [
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime (`java`)"),
    pytest.mark.filterwarnings("ignore:The copy keyword is deprecated"),
    pytest.mark.filterwarnings("ignore:The 'future.infer_string' option is deprecated"),
]

HEADER = ("event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
          "inter1,actor2,assoc_actor_2,inter2,iso,country,admin1,location,latitude,longitude,geo_precision,source,"
          "notes,fatalities")
ROW = ("{id},{date},2022,1,Political violence,Battles,Armed clash,Military Forces of Russia (2000-),,State forces,"
       "Military Forces of Ukraine (2019-),,State forces,804,Ukraine,Donetsk,Bakhmut,{lat},38.0004,1,Kyiv Independent,"
       "Clashes near Bakhmut.,{fatalities}")


def acled(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def spark():
    engine.spark_session("local[2]")
    yield
    engine.stop_spark()


@pytest.fixture
def files(tmp_path):
    good = acled(tmp_path / "acled_a.csv", ROW.format(id="UKR1", date="14 August 2022", lat="48.59", fatalities="3"),
                 ROW.format(id="UKR2", date="15 August 2022", lat="", fatalities=""),  # a longitude alone
                 ROW.format(id="UKR5", date="15 August 2022", lat="48.5", fatalities=""))
    bad = acled(tmp_path / "acled_b.csv", ROW.format(id="UKR2", date="16 August 2022", lat="48.6", fatalities="1"),
                ROW.format(id="UKR3", date="17 August 2022", lat="95.5", fatalities="1"),  # latitude outside WGS84
                ROW.format(id="UKR4", date="18 August 2022", lat="48.7", fatalities="-2"),  # negative count
                ROW.format(id="UKR5", date="19 August 2022", lat="48.8", fatalities="0"))
    return good, bad


def same_import(kind, paths, tmp_path, **options):
    """Import ``paths`` locally and on Spark into two stores; assert the same reports and tables."""
    local, spark_store = tmp_path / f"{kind}_local", tmp_path / f"{kind}_spark"
    want = import_dataset(kind, paths, store=local, **options)
    got = import_on_spark(kind, paths, store=spark_store, engine="local[2]", **options)
    assert got == want
    pd.testing.assert_frame_equal(pd.read_parquet(events_path(local)), pd.read_parquet(events_path(spark_store)))
    assert events_path(local).read_bytes() == events_path(spark_store).read_bytes()
    return got


def test_acled_with_bad_rows_gives_the_same_rows_and_report(spark, files, tmp_path):
    report = same_import("acled", list(files), tmp_path, skip_bad_rows=True)
    assert report.rows_skipped == 3 and report.events == 3  # UKR1, UKR2 of the second file, UKR5 of the second
    assert any("more than one of the files" in n for n in report.notices)


def test_ucdp_and_gdelt_give_the_same_rows_and_report(spark, tmp_path):
    same_import("ucdp", [DATA / "ucdp_ged221_ukraine_head40.csv", DATA / "ucdp_ged_ukraine_cp1252_head40.csv"],
                tmp_path)
    report = same_import("gdelt", [DATA / "gdelt2_20191024143000_head40.export.CSV",
                                   DATA / "gdelt1_events_lines500-530.tsv"], tmp_path)
    assert report.events > 40


def test_a_bad_file_stops_the_spark_import_with_the_local_error(spark, files, tmp_path, capsys):
    good, bad = files  # both have bad rows: the first file's stops the import
    store = tmp_path / "store"
    with pytest.raises(ImportFormatError) as local:
        import_dataset("acled", [good, bad], store=store)
    with pytest.raises(ImportFormatError) as distributed:
        import_on_spark("acled", [good, bad], store=store, engine="local[2]")
    assert str(distributed.value) == str(local.value) and "acled_a.csv, line 3" in str(local.value)
    ambiguous = acled(tmp_path / "slash.csv", ROW.format(id="UKR7", date="5/9/2022", lat="48.5", fatalities="1"))
    with pytest.raises(AmbiguousDateError):
        import_on_spark("acled", [ambiguous], store=store, engine="local[2]")
    assert main(["import", "acled", str(good), str(bad), "--store", str(store), "--engine", "local[2]"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {local.value}"]
    missing = ["import", "acled", str(tmp_path / "missing.csv"), "--store", str(store)]
    assert main(missing) == 2
    local_err = capsys.readouterr().err
    assert main([*missing, "--engine", "local[2]"]) == 2
    assert capsys.readouterr().err == local_err and local_err.startswith("error: ") and "missing.csv" in local_err
    assert not store.exists() or not events_path(store).exists()


def test_the_command_line_prints_the_local_summary(spark, files, tmp_path, capsys):
    args = ["import", "acled", *map(str, files), "--skip-bad-rows"]
    assert main([*args, "--store", str(tmp_path / "a")]) == 0
    local = capsys.readouterr()
    assert main([*args, "--store", str(tmp_path / "b"), "--engine", "local[2]"]) == 0
    distributed = capsys.readouterr()
    assert distributed.out == local.out and distributed.err == local.err
    assert "skipped 3 row(s)" in local.out
