"""An evaluation that scores nothing fails with the reason (exit 2), never ``rows=0`` and ``nan`` with exit 0."""

from pathlib import Path

import pandas as pd
import pytest

from events.cli import main
from events.errors import ImportFormatError
from events.evaluation import run_evaluation

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "eval"
SAMPLE = FIXTURES / "acled_export_2024.csv"


def rewrite(tmp_path, change):
    frame = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    path = tmp_path / "acled.csv"
    change(frame).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("change, reason", [
    (lambda f: f.assign(event_date="someday"), r"all 2 row\(s\) were skipped, 2 with an event_date not in the file's "
                                               r"date format \(first 'someday'\)"),
    (lambda f: f.assign(notes=""), r"all 2 row\(s\) were skipped, 2 with empty notes"),
    (lambda f: f.head(0), "the file has no data rows"),
])
def test_every_row_skipped_is_an_error_with_the_reason(tmp_path, capsys, change, reason):
    path = rewrite(tmp_path, change)
    with pytest.raises(ImportFormatError, match="no row can be scored: " + reason):
        run_evaluation("acled-notes", path, predict=lambda *a: pd.DataFrame())
    code = main(["eval", "acled-notes", str(path)])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.startswith("error: acled.csv: no row can be scored") and err.count("\n") == 1


def test_an_empty_timeml_folder_scores_nothing_and_fails(tmp_path, capsys):
    (tmp_path / "tml").mkdir()
    code = main(["eval", "timeml", str(tmp_path / "tml")])
    out, err = capsys.readouterr()
    assert code == 2 and "nan" not in out and err.startswith("error: ") and err.count("\n") == 1
