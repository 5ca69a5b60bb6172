"""Shared test set-up: Qt runs offscreen; each test gets a fresh temporary database."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "resources" / "samples"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kehoach.sqlite3"


@pytest.fixture
def db(db_path: Path):
    from storage.database import open_database

    database = open_database(db_path)
    yield database
    database.close()
