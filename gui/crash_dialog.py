"""The dialog an unexpected error shows, and the hooks that catch such errors anywhere in the GUI.

In the windowed Windows build there is no console: an exception in a slot would vanish, leaving a
half-done screen and no trace. `install_exception_hooks` routes every uncaught exception (slots on
the UI thread through sys.excepthook, Python threads through threading.excepthook) to the log and
to a CrashDialog: a short explanation, «Sao chép chi tiết» (the traceback to the clipboard for
whoever supports the office), the log's path, «Đóng». The dialog is modeless and the application
keeps running: the slot that failed has ended, and a failed change was rolled back by its
transaction.
"""

from __future__ import annotations

import platform
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from core import applog
from core.about import APP_NAME, VERSION

EXPLANATION = (
    "Chương trình gặp một lỗi không mong đợi nên đã dừng việc vừa làm. Những gì đã lưu trước đó vẫn "
    "còn nguyên; bạn có thể tiếp tục làm việc. Nếu lỗi lặp lại, hãy bấm «Sao chép chi tiết» và gửi "
    "nội dung đó cùng tệp nhật ký cho người hỗ trợ."
)
# More dialogs than this at once means an error repeating (in a paint event, a timer): log the rest.
MAX_OPEN_DIALOGS = 3


class CrashDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.details = details
        self.setWindowTitle("Lỗi không mong đợi")
        self.setObjectName("crashDialog")
        self.setMinimumWidth(560)

        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical).pixmap(32, 32))
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        where = f"Nhật ký: {log_file}" if log_file else "Nhật ký: không ghi được (thư mục dữ liệu chỉ đọc)"
        self.log_label = QLabel(where)
        self.log_label.setObjectName("logPath")
        self.log_label.setWordWrap(True)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail_view = QPlainTextEdit(details)
        self.detail_view.setReadOnly(True)
        self.detail_view.setMaximumHeight(160)
        self.detail_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("Sao chép chi tiết")
        self.close_button = QPushButton("Đóng")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(explanation, 1)
        layout.addLayout(top)
        layout.addWidget(self.detail_view)
        layout.addWidget(self.log_label)
        layout.addWidget(buttons)

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText("Đã sao chép")


def details_text(exc_type: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    """What «Sao chép chi tiết» copies: program, version, platform and the traceback."""
    return with_versions("".join(traceback.format_exception(exc_type, value, tb)))


def with_versions(trace: str) -> str:
    return f"{APP_NAME} {VERSION}; Python {platform.python_version()}; {platform.platform()}\n\n{trace}"


class _CrashReporter(QObject):
    # Errors from other threads arrive through this signal, queued onto the UI thread.
    report = Signal(str)

    def __init__(self, app: QApplication):
        super().__init__(app)
        self.open_dialogs: list[CrashDialog] = []
        self.report.connect(self.show_dialog, Qt.ConnectionType.QueuedConnection)

    def show_dialog(self, details: str) -> CrashDialog | None:
        # Closed dialogs delete themselves (WA_DeleteOnClose): their wrappers stay, not valid any more.
        self.open_dialogs = [dialog for dialog in self.open_dialogs if isValid(dialog) and dialog.isVisible()]
        if len(self.open_dialogs) >= MAX_OPEN_DIALOGS:
            return None
        parent = QApplication.activeWindow()
        dialog = CrashDialog(details, applog.log_path(), parent if isinstance(parent, QWidget) else None)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialogs.append(dialog)
        dialog.show()  # modeless: no nested event loop inside an exception hook
        dialog.raise_()
        return dialog


_reporter: _CrashReporter | None = None


def show_crash_dialog(details: str) -> CrashDialog | None:
    """Show the dialog for an error already logged (a worker's: `details` is its traceback text)."""
    if _reporter is None:
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return None
        _install_reporter(app)
    return _reporter.show_dialog(details if details.startswith(APP_NAME) else with_versions(details))


def handle_exception(
    exc_type: type[BaseException], value: BaseException, tb: TracebackType | None, where: str = ""
) -> None:
    """Log an uncaught exception and show the dialog (from any thread)."""
    applog.log_unexpected(exc_type, value, tb, where)
    details = details_text(exc_type, value, tb)
    if _reporter is None:  # no GUI yet (or any more): the console, when there is one
        if sys.__stderr__ is not None:
            sys.__stderr__.write(details)
        return
    if threading.current_thread() is threading.main_thread():
        _reporter.show_dialog(details)
    else:
        _reporter.report.emit(details)


def install_exception_hooks(app: QApplication) -> None:
    """Route uncaught exceptions (UI thread and Python threads) to the log and the crash dialog."""
    _install_reporter(app)

    def excepthook(exc_type, value, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, value, tb)
            return
        handle_exception(exc_type, value, tb)

    def thread_excepthook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit:
            return
        name = args.thread.name if args.thread is not None else "?"
        handle_exception(args.exc_type, args.exc_value, args.exc_traceback, f"luồng {name}")

    sys.excepthook = excepthook
    threading.excepthook = thread_excepthook


def _install_reporter(app: QApplication) -> None:
    global _reporter
    if _reporter is None:
        _reporter = _CrashReporter(app)
