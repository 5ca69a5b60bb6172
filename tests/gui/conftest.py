"""GUI fixtures: an AppContext over a fresh database, isolated settings, jobs run synchronously."""

from pathlib import Path

import pytest


@pytest.fixture
def settings(tmp_path: Path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def context(qtbot, db, db_path, settings):
    from gui.context import AppContext
    from gui.workers import SynchronousRunner

    return AppContext(db, db_path, settings, SynchronousRunner())


@pytest.fixture(autouse=True)
def vietnamese_qt_texts(qapp):
    """Qt's standard buttons in Vietnamese, as `gui.app.make_application` installs them."""
    from gui.qt_texts import install_qt_texts

    install_qt_texts(qapp)
