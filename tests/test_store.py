"""The local store: round trip, upsert, atomic writes."""

import pandas as pd
import pytest

from events import EVENT_COLUMNS, FIGURE_COLUMNS, extract_events, load_events, load_figures, read_article, save_events

SEED = "seeds/000_1bedc7d3bcaccec5.txt"


@pytest.fixture(scope="module")
def tables():
    return extract_events(read_article(SEED))


def test_empty_store_has_schema(tmp_path):
    events, figures = load_events(tmp_path / "none"), load_figures(tmp_path / "none")
    assert list(events.columns) == list(EVENT_COLUMNS) and len(events) == 0
    assert list(figures.columns) == list(FIGURE_COLUMNS) and len(figures) == 0


def test_round_trip_keeps_dtypes(tmp_path, tables):
    events, figures = tables
    assert save_events(events, figures, tmp_path) == (len(events), len(figures))
    loaded_e, loaded_f = load_events(tmp_path), load_figures(tmp_path)
    assert {c: str(t) for c, t in loaded_e.dtypes.items()} == {c: str(EVENT_COLUMNS[c]) for c in EVENT_COLUMNS} or \
        list(loaded_e.dtypes) == list(events.dtypes)
    assert list(loaded_f.dtypes) == list(figures.dtypes)
    pd.testing.assert_frame_equal(loaded_e.sort_values("event_id").reset_index(drop=True),
                                  events.sort_values("event_id").reset_index(drop=True), check_like=True)


def test_upsert_replaces_by_id_and_doc(tmp_path, tables):
    events, figures = tables
    save_events(events, figures, tmp_path)
    changed = events.copy()
    changed.loc[0, "notes"] = "edited"
    save_events(changed.iloc[:1], figures.iloc[0:0], tmp_path)
    stored = load_events(tmp_path)
    # the doc's rows are replaced by what was saved for it
    assert len(stored) == 1 and stored.loc[0, "notes"] == "edited"
    save_events(events, figures, tmp_path)
    assert len(load_events(tmp_path)) == len(events)


def test_failed_write_leaves_store_unchanged(tmp_path, tables, monkeypatch):
    events, figures = tables
    save_events(events.iloc[:2], figures.iloc[:1], tmp_path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    real = pd.DataFrame.to_parquet
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", flaky)
    with pytest.raises(Exception):
        save_events(events, figures, tmp_path)
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_lock_store_is_reentrant_and_times_out_for_another_process(tmp_path):
    import subprocess
    import sys

    from events.store import lock_store

    with lock_store(tmp_path):
        with lock_store(tmp_path):  # nested in one process: no deadlock
            pass
        code = (
            "import sys\nfrom events.store import lock_store\nfrom events.errors import StoreError\n"
            "try:\n    lock_store(sys.argv[1], timeout=0.2).__enter__()\nexcept StoreError as e:\n"
            "    print(e); sys.exit(3)\n"
        )
        done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True)
    assert done.returncode == 3, done.stderr
    assert "busy" in done.stdout
