"""Fixtures shared by the test modules."""

import pytest
from fixtures import fixture_events, fixture_figures

from events import save_events


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A store folder holding the fixture events and figures (``tests/fixtures``), also as ``$EVENTS_STORE``.

    ``$EVENTS_REVIEWER`` is unset, so a test names its reviewer.
    """
    folder = tmp_path / "store"
    save_events(fixture_events(), fixture_figures(), store=folder)
    monkeypatch.setenv("EVENTS_STORE", str(folder))
    monkeypatch.delenv("EVENTS_REVIEWER", raising=False)
    return folder
