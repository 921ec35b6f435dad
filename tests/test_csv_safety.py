"""Every CSV the product writes is spreadsheet-safe, as the export is: ``review list``,
``review history`` and ``extract``'s ``events.csv``/``figures.csv`` too."""

import csv
import io


from events import save_events
from events.cli import main
from events.export import FORMULA_PREFIXES
from events.review import accept, correct
from events.store import load_events

FORMULA = '=HYPERLINK("https://evil.example","click")'


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def risky(text: str) -> list[str]:
    return [c for c in cells(text) if c.startswith(FORMULA_PREFIXES)]


def test_review_list_and_history_neutralise_formulas(store, capsys):
    events = load_events(store)
    events.loc[events["event_id"] == "fx-001", "actor1"] = FORMULA  # as an imported file may carry it
    save_events(events, store=store, replace_docs=False)
    accept(store, "fx-001", "=evil()")
    correct(store, "fx-002", "@SUM(A1)", notes="+1 more")
    for argv in (["review", "list"], ["review", "history", "fx-001"], ["review", "history", "fx-002"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert not risky(out), risky(out)
    assert main(["review", "list"]) == 0
    assert "'" + FORMULA in cells(capsys.readouterr().out)
    assert main(["review", "history", "fx-001"]) == 0
    assert "'=evil()" in cells(capsys.readouterr().out)


def test_extract_csvs_neutralise_formulas(tmp_path, capsys):
    article = tmp_path / "a.md"
    article.write_text(f"---\npublished: 2023-01-16\npublisher: '{FORMULA}'\n---\n"
                       "Wagner Group fighters attacked Soledar on Friday, killing three civilians, "
                       "the Ukrainian army said.\n", encoding="utf-8")
    assert main(["extract", str(article), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    events = (tmp_path / "out" / "events.csv").read_text(encoding="utf-8")
    assert "'" + FORMULA in cells(events) and not risky(events)
    figures = (tmp_path / "out" / "figures.csv").read_text(encoding="utf-8")
    assert not risky(figures)
