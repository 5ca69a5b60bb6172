"""The main window: navigation list on the left, one screen at a time on the right, file menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from core.about import APP_NAME, VERSION
from core.errors import UserError
from gui.context import AppContext, Change
from gui.file_guard import FileGuard, warn_about_network_drive
from gui.operations import attempt, run_with_progress, show_error
from gui.screen_set import ScreenSet
from gui.startup_notice import install_deadline_notice
from gui.undo_actions import make_undo_actions

MAX_RECENT = 8
DB_FILTER = "Tệp dữ liệu (*.sqlite3 *.sqlite *.db);;Tất cả các tệp (*)"


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.keeps_state = True  # layout remembered, backup taken on closing (not by --smoke-test)
        self.setMinimumSize(900, 560)
        self.setAcceptDrops(True)  # a plan document dropped on the window is imported

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setMaximumWidth(220)
        self.stack = QStackedWidget()
        # Built when first shown (start-up time): only the screen on show is made now.
        self.screens = ScreenSet(context, self.stack, self._screen_built)
        for key in self.screens:
            item = QListWidgetItem(self.screens.title(key))
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
        self.nav.currentRowChanged.connect(lambda row: self.screens.show(list(self.screens)[row]))

        self.splitter = QSplitter()
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([180, 900])
        self.setCentralWidget(self.splitter)
        self.deadline_notice = install_deadline_notice(self)
        self.file_guard = FileGuard(self)  # the data file's lock, its heartbeat, the read-only banner

        self.db_label = QLabel()
        self.statusBar().addPermanentWidget(self.db_label)

        self._build_menus()
        context.database_opened.connect(self._update_title)
        context.database_opened.connect(self.backup_on_open)
        self._update_title()
        self._restore_state()
        self.backup_on_open()

    # ----------------------------------------------------------------- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        self.open_action = self._action(
            file_menu, "&Mở tệp dữ liệu…", self.choose_database, QKeySequence.Open
        )
        self._action(file_menu, "&Tạo tệp dữ liệu mới…", self.create_database, "Ctrl+Shift+N")
        self.recent_menu = file_menu.addMenu("Tệp &gần đây")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        self._action(file_menu, "&Nhập kế hoạch từ văn bản…", lambda: self.import_plan_file(), "Ctrl+I")
        self._action(file_menu, "Nhập kế hoạch từ văn bản &dán vào…", self.import_plan_text)
        self._action(file_menu, "Nạp &dữ liệu mẫu…", self.offer_demo_data)
        self._action(file_menu, "&Sao lưu tệp dữ liệu…", self.backup_database)
        self._action(file_menu, "&Khôi phục từ bản sao lưu…", self.restore_from_backup)
        self._action(file_menu, "&Xuất gói dữ liệu…", self.export_package)
        self._action(file_menu, "Mở gói dữ &liệu…", self.open_package)
        self._action(file_menu, "Thông tin đơn &vị…", self.edit_office_settings)
        file_menu.addSeparator()
        self._action(file_menu, "T&hoát", self.close, QKeySequence.Quit)

        edit_menu = self.menuBar().addMenu("&Sửa")
        self.undo_action, self.redo_action = make_undo_actions(self.context, self)
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.redo_action)

        view_menu = self.menuBar().addMenu("&Xem")
        for index, key in enumerate(self.screens, start=1):
            self._action(view_menu, self.screens.title(key), lambda _=False, k=key: self.show_screen(k),
                         f"Ctrl+{index}")  # fmt: skip

        exchange_menu = self.menuBar().addMenu("T&rao đổi")
        self._action(exchange_menu, "&Xuất bảng tính…", self.export_spreadsheet, "Ctrl+Shift+E")
        self._action(exchange_menu, "&Nhập kết quả từ đơn vị…", self.import_results, "Ctrl+Shift+I")

        help_menu = self.menuBar().addMenu("Trợ &giúp")
        self._action(help_menu, "&Giới thiệu", self._about)

    def _action(self, menu, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _screen_built(self, key: str, screen: QWidget) -> None:
        """Wire a screen just made to the others and give it its saved layout."""
        if key == "plans":
            screen.open_tasks_requested.connect(lambda: self.show_screen("tasks"))
        elif key == "deadlines":
            # Loaded with the screen that needs it: the task form is not part of start-up.
            from gui.views.deadlines import open_task_for_editing

            screen.open_task_requested.connect(
                lambda task, occurrence: open_task_for_editing(self.screens["tasks"], self.context, task,
                                                               occurrence)  # fmt: skip
            )
        restore = getattr(screen, "restore_state", None)
        if restore is not None and getattr(self, "_restored", False):
            restore(self.context.settings)

    def show_screen(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.screens).index(key))

    def current_screen_key(self) -> str:
        return list(self.screens)[self.stack.currentIndex()]

    # ------------------------------------------------------------- databases
    def choose_database(self) -> None:
        start = str(self.context.db_path.parent)
        path, _ = QFileDialog.getOpenFileName(self, "Mở tệp dữ liệu", start, DB_FILTER)
        if path:
            self.open_database(Path(path))

    def create_database(self) -> None:
        start = str(self.context.db_path.parent / "kehoach-moi.sqlite3")
        path, _ = QFileDialog.getSaveFileName(self, "Tạo tệp dữ liệu mới", start, DB_FILTER)
        if not path:
            return
        target = Path(path)
        if target.exists():
            show_error(self, UserError(f"Tệp {target.name} đã có. Hãy dùng «Mở tệp dữ liệu…» để mở nó."))
            return
        self.open_database(target)

    def confirm_leave(self) -> bool:
        """True when no screen holds unsaved edits, or their owner saved or dropped them."""
        return all(getattr(screen, "confirm_leave", lambda: True)() for screen in self.screens.built())

    def open_database(self, path: Path) -> bool:
        if not self.confirm_leave():
            return False
        is_new = not path.exists()
        try:
            # An older file gets its automatic copy before the upgrade inside open_database.
            opened = self.file_guard.open(path)
        except (ValueError, OSError) as error:
            show_error(self, error, "Không mở được tệp dữ liệu")
            return False
        if opened is None:  # in use elsewhere, and the user chose not to open it
            return False
        self.context.replace_database(opened.db, path)
        self.file_guard.adopt(opened)  # releases the previous file's lock
        remember_database(self.context.settings, path)
        warn_about_network_drive(self, path, self.context.settings)
        if is_new:
            self.first_start()
        return True

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        paths = [Path(p) for p in recent_databases(self.context.settings)]
        if not paths:
            self.recent_menu.addAction("(chưa có)").setEnabled(False)
        for index, path in enumerate(paths, start=1):
            action = self.recent_menu.addAction(f"&{index} {path}")
            action.triggered.connect(lambda _=False, p=path: self.open_database(p))

    def first_start(self) -> None:
        """A new data file: ask who we are, and load the demo data when asked to, even on «Bỏ qua»."""
        from gui.dialogs.first_start import FirstStartDialog

        dialog = FirstStartDialog(self.context.db, self)
        if dialog.exec():
            self.context.changed(Change.SETTINGS)
            self.context.changed(Change.UNITS)
        if dialog.wants_demo_data():
            self.load_demo_data()

    def offer_demo_data(self) -> None:
        answer = QMessageBox.question(
            self,
            "Dữ liệu mẫu",
            "Nạp dữ liệu mẫu vào tệp này?\n\nDữ liệu mẫu được nhập từ năm văn bản kế hoạch thật "
            "(kế hoạch, nhiệm vụ, đơn vị, phân công), giúp làm quen với chương trình. "
            "Có thể xóa sau.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.load_demo_data()

    def load_demo_data(self) -> None:
        from storage.demo import load_demo_data

        db_path = self.context.db_path

        def job(progress):
            return load_demo_data(db_path, progress.report, progress.check)

        def done(summary: str) -> None:
            self.context.changed(Change.PLANS)
            self.context.changed(Change.UNITS)
            self.statusBar().showMessage(summary, 8000)

        run_with_progress(self, self.context, "Đang nạp dữ liệu mẫu…", job, done)

    def edit_office_settings(self) -> None:
        from gui.dialogs.office_settings import OfficeSettingsDialog

        if OfficeSettingsDialog(self.context.db, self).exec():
            self.context.changed(Change.SETTINGS)

    def backup_database(self) -> None:
        from storage.backup import backup_database

        suggested = self.context.db_path.with_name(f"{self.context.db_path.stem}-saoluu.sqlite3")
        path, _ = QFileDialog.getSaveFileName(self, "Sao lưu tệp dữ liệu", str(suggested), DB_FILTER)
        if path and attempt(self, lambda: backup_database(self.context.db_path, Path(path))):
            self.statusBar().showMessage(f"Đã sao lưu vào {path}", 8000)

    def restore_from_backup(self) -> None:
        from gui.dialogs.backups.restore_dialog import RestoreBackupDialog, restore_from_backup

        if not self.confirm_leave():  # the open file is closed during the restore
            return
        dialog = RestoreBackupDialog(self.context, self)
        if dialog.exec() and dialog.chosen is not None:
            restore_from_backup(self, self.context, self.open_database, dialog.chosen)

    def export_package(self) -> None:
        from gui.dialogs.backups.package_actions import export_package

        export_package(self, self.context)

    def open_package(self) -> None:
        from gui.dialogs.backups.package_actions import open_package

        open_package(self, self.context, self.open_database)

    def backup_on_open(self) -> None:
        """The automatic backup of the file just opened (at most one a day), on the worker."""
        from storage.backup import automatic_backup

        path = self.context.db_path

        def job(_progress):
            return automatic_backup(path, "open")

        def done(result) -> None:
            written, warnings = result
            if warnings:
                self.statusBar().showMessage(" ".join(warnings), 15000)
            elif written:
                self.statusBar().showMessage(f"Đã sao lưu tự động vào {written[0].path.parent}", 8000)

        def failed(error: BaseException, _trace: str) -> None:
            self.statusBar().showMessage(str(error), 15000)

        self.context.runner.start(job, done, failed)

    def backup_on_close(self) -> None:
        """The automatic backup on closing: taken when none exists today or the file changed since."""
        from storage.backup import automatic_backup

        try:
            automatic_backup(self.context.db_path, "close")
        except (ValueError, OSError) as error:
            QMessageBox.warning(self, "Sao lưu tự động", str(error))

    def _update_title(self) -> None:
        self.setWindowTitle(f"{APP_NAME} — {self.context.db_path.name}")
        self.db_label.setText(str(self.context.db_path))

    def export_spreadsheet(self) -> None:
        from gui.dialogs.export_xlsx import ExportDialog

        dialog = ExportDialog(self.context, self)
        if dialog.exec() and dialog.written:
            self.statusBar().showMessage(f"Đã xuất {', '.join(str(path) for path in dialog.written)}", 10000)

    def import_results(self) -> None:
        from gui.dialogs.results_import import ResultsImportDialog

        ResultsImportDialog(self.context, self).exec()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"Giới thiệu {APP_NAME}",
            f"<b>{APP_NAME}</b> {VERSION}<br>Quản lý kế hoạch, phân công nhiệm vụ, theo dõi hạn xử lý "
            "và chỉ tiêu cho cơ quan giáo dục. Chạy hoàn toàn không cần mạng.<br><br>"
            f"Tệp dữ liệu: {self.context.db_path}",
        )

    # ------------------------------------------------------- window memory
    def _restore_state(self) -> None:
        settings = self.context.settings
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        splitter = settings.value("window/splitter")
        if isinstance(splitter, QByteArray):
            self.splitter.restoreState(splitter)
        screen = settings.value("window/screen", "overview")
        self._restored = True  # screens built from now on restore their own layout (_screen_built)
        for screen_widget in self.screens.built():
            restore = getattr(screen_widget, "restore_state", None)
            if restore:
                restore(settings)
        self.show_screen(screen if screen in self.screens else "overview")

    def save_state(self) -> None:
        settings = self.context.settings
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())
        settings.setValue("window/screen", self.current_screen_key())
        for screen_widget in self.screens.built():  # the others keep what they saved last time
            save = getattr(screen_widget, "save_state", None)
            if save:
                save(settings)
        settings.sync()

    # ----------------------------------------------------------- plan import
    def import_plan_file(self, path: Path | None = None) -> None:
        from gui.dialogs.plan_import.dialog import start_plan_import

        start_plan_import(self, self.context, path=path)

    def import_plan_text(self) -> None:
        from gui.dialogs.plan_import.dialog import paste_plan_text

        paste_plan_text(self, self.context)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        # Any local file is accepted here, so that one the importer cannot read gets a message on drop.
        if _dropped_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        from gui.dialogs.plan_import.dialog import import_dropped_files

        paths = _dropped_files(event.mimeData())
        if paths:
            event.acceptProposedAction()
            # After the drop returns: a message box inside it would hold the file manager's drag.
            QTimer.singleShot(0, lambda: import_dropped_files(self, self.context, paths))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.confirm_leave():
            event.ignore()
            return
        if self.keeps_state:  # a session of the user's, not --smoke-test's probe
            self.save_state()
            self.backup_on_close()
        self.file_guard.release()
        super().closeEvent(event)


def _dropped_files(mime: QMimeData) -> list[Path]:
    """The local files being dragged onto the window (the importer decides what it can read)."""
    urls = [url for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []
    return [Path(url.toLocalFile()) for url in urls]


def recent_databases(settings) -> list[str]:
    value = settings.value("recent_files", [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    return [p for p in (value or []) if p]


def remember_database(settings, path: Path) -> None:
    text = str(Path(path).resolve())
    recent = [p for p in recent_databases(settings) if p != text]
    settings.setValue("recent_files", [text, *recent][:MAX_RECENT])
    settings.setValue("last_db", text)
