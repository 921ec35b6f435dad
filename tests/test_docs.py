"""The README documents every column of both tables."""

import re
from pathlib import Path

from events import EVENT_COLUMNS, FIGURE_COLUMNS

README = Path(__file__).resolve().parent.parent / "README.md"


def _table_columns(section: str) -> set[str]:
    text = README.read_text(encoding="utf-8")
    body = text.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\|\s*`([a-z_0-9]+)`\s*\|", body, re.M))


def test_every_event_column_is_documented():
    assert set(EVENT_COLUMNS) - _table_columns("Event table") == set()


def test_every_figure_column_is_documented():
    assert set(FIGURE_COLUMNS) - _table_columns("Figure table") == set()
