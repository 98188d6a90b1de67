import datetime as dt
from pathlib import Path

import pytest

from bot.directory import parse_directory
from bot.directory.places import PlacesTable

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def places() -> PlacesTable:
    return PlacesTable.load(FIXTURES / "places.yml")


@pytest.fixture
def directory(places):
    directory, problems = parse_directory((FIXTURES / "services.yml").read_text(encoding="utf-8"), places, TODAY)
    assert directory is not None, [str(p) for p in problems]
    return directory
