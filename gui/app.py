"""Starting the GUI: QApplication, the database to open, the main window."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from core.about import APP_ID, APP_NAME, ORG_NAME, VERSION

SMOKE_TIMEOUT_MS = 20_000


class FirstPaint(QObject):
    """Quits the application once `window` (or a widget in it) has painted for the first time.

    Visibility is read before quit(), which closes every top-level window in Qt 6.
    """

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.window = window
        self.seen = False
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if (not self.seen and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget)
                and watched.window() is self.window):  # fmt: skip
            self.seen = self.window.isVisible()
            QApplication.instance().removeEventFilter(self)
            # After this paint has finished: quitting inside it would cut the frame short.
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def finish_jobs() -> None:
    """Let jobs still on the worker (Tổng quan's figures on a big file) end while Python is alive:
    a job answering during the interpreter's shutdown fails noisily instead."""
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()


def make_application(argv: list[str] | None = None) -> QApplication:
    from gui.qt_texts import install_qt_texts

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    install_qt_texts(app)  # before any window: Qt's standard buttons in Vietnamese
    app.setOrganizationName(ORG_NAME)
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(VERSION)
    return app


def choose_start_database(requested: str | None, settings: QSettings) -> Path:
    """--db when given, else the last file opened if it still exists, else the default location."""
    from core.paths import default_db_path

    if requested:
        return Path(requested)
    last = settings.value("last_db")
    if last and Path(last).exists():
        return Path(last)
    return default_db_path()


def run_gui(db: str | None = None, smoke_test: bool = False) -> int:
    from core.applog import setup_logging
    from gui.context import AppContext
    from gui.crash_dialog import install_exception_hooks
    from gui.file_guard import open_data_file, warn_about_network_drive
    from gui.main_window import MainWindow, remember_database

    if smoke_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    setup_logging()
    install_exception_hooks(app)
    settings = QSettings()
    path = choose_start_database(db, settings)
    is_new = not path.exists()
    try:
        # The smoke test must not stop on a question: a file in use opens read-only.
        opened = open_data_file(None, path, ask=not smoke_test)
    except (ValueError, OSError) as error:
        if smoke_test:
            print(f"Lỗi: {error}", file=sys.stderr)
            return 1
        QMessageBox.critical(None, "Không mở được tệp dữ liệu", str(error))
        return 1
    if opened is None:  # in use elsewhere, and the user chose not to open it
        return 0
    database = opened.db

    context = AppContext(database, path, settings)
    window = MainWindow(context)
    window.file_guard.adopt(opened)
    window.show()
    if smoke_test:
        # Prove the window came up and painted, then leave at once without touching the user's
        # settings: the command's wall time is then the start-up time measured from outside.
        window.keeps_state = False
        painted = FirstPaint(window)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, app.quit)  # a window that never paints fails, it does not hang
        app.exec()
        finish_jobs()
        window.file_guard.release()
        database.close()
        return 0 if painted.seen else 1

    remember_database(settings, path)
    if is_new:
        QTimer.singleShot(0, window.first_start)
    QTimer.singleShot(0, lambda: warn_about_network_drive(window, path, settings))
    try:
        return app.exec()
    finally:
        finish_jobs()
        window.file_guard.release()  # also when the window never got its close event
