"""Opening a data file in the GUI with its guard: the lock, the read-only choice, the banner, the heartbeat.

A file another instance has open (storage.file_lock) is opened read-only or not at all, as the user
chooses after being told who has it open and since when; a file that cannot be written opens
read-only too. Either way a banner on the main window says so, and every save is refused by SQLite
with the reason (storage.database read_only) instead of a traceback. While a file is open for
writing, a QTimer refreshes the lock's heartbeat so that other PCs see the file is still in use.
A file on a network drive gets a one-time warning about its risks (remembered per file).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from core import applog
from storage import file_lock
from storage.database import forget_read_only, make_read_only, open_database
from storage.drives import is_network_path, write_blocker
from storage.file_lock import FileInUse, FileLock

NETWORK_WARNED_KEY = "network_warned_files"
TAKEN_OVER = "tệp vừa được mở ở nơi khác trong lúc máy này không giữ được khóa"
NETWORK_WARNING = (
    "Tệp {path} nằm trên ổ mạng (thư mục dùng chung).\n\n"
    "Chương trình vẫn làm việc được, nhưng nếu mạng bị ngắt đúng lúc đang lưu thì tệp có thể bị hỏng, "
    "và khi nhiều máy cùng mở tệp thì chỉ máy mở đầu tiên được sửa, các máy khác chỉ xem. Nên chép tệp "
    "về máy để làm việc hằng ngày, hoặc sao lưu thường xuyên.\n\nThông báo này chỉ hiện một lần cho tệp này."
)


@dataclass
class OpenedFile:
    """A data file as the GUI opened it: the connection, our lock (None when read-only), and why read-only."""

    db: object
    path: Path
    lock: FileLock | None
    read_only: str | None


def ask_open_read_only(parent: QWidget | None, busy: FileInUse) -> bool:
    """Tell who has the file open and since when; True to open it read-only, False not to open it."""
    who = f"{busy.owner.user} trên máy {busy.owner.host}" if busy.owner else "một chương trình khác"
    since = f", từ {busy.owner.since:%H:%M} ngày {busy.owner.since:%d/%m/%Y}" if busy.owner else ""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Tệp dữ liệu đang được mở")
    box.setText(f"Tệp {busy.path.name} đang được mở bởi {who}{since}.")
    box.setInformativeText(
        "Hai nơi cùng sửa một tệp sẽ không thấy thay đổi của nhau. Bạn có thể mở tệp chỉ để đọc "
        "(xem, tìm, in và xuất báo cáo, không sửa được) hoặc không mở."
    )
    read_only = box.addButton("Mở chỉ để đọc", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Không mở", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return box.clickedButton() is read_only


def busy_reason(busy: FileInUse) -> str:
    """Why the file is read-only, for the banner and for every refused save."""
    if busy.owner is None:
        return "tệp đang được một chương trình khác mở"
    return f"tệp đang được mở bởi {busy.owner.describe()}"


def open_data_file(
    parent: QWidget | None, path: Path, keep: FileLock | None = None, ask: bool = True
) -> OpenedFile | None:
    """Open `path` with its guard; None when the user chose not to open it (nothing shown then).

    `keep` is the lock this window already holds (re-opening the same file keeps it). With `ask`
    false (the smoke test) a file in use opens read-only without a question. Raises StorageError
    (a ValueError) or OSError when the file cannot be opened at all; no lock is left behind then.
    """
    path = Path(path)
    lock: FileLock | None = None
    reason = write_blocker(path)
    if reason is None and keep is not None and _same_file(keep.db_path, path):
        lock = keep
    elif reason is None:
        try:
            # A new file in a new folder: the lock goes beside it, so the folder comes first.
            path.parent.mkdir(parents=True, exist_ok=True)
            lock = file_lock.acquire(path)
        except FileInUse as busy:
            # Not who: the log keeps no personal data beyond file names.
            applog.log.info("Tệp %s đang được mở ở nơi khác", path)
            if ask and not ask_open_read_only(parent, busy):
                return None
            reason = busy_reason(busy)
        except OSError as error:
            # No lock file possible (a folder SQLite can still write): open unguarded rather than refuse.
            applog.log.warning("Không tạo được tệp khóa cho %s: %s", path, error)
    if reason is None:
        forget_read_only(path)
    try:
        db = open_database(path, read_only=reason)
    except BaseException:
        if lock is not None and lock is not keep:
            lock.release()
        raise
    applog.log.info("Mở tệp dữ liệu %s%s", path, " (chỉ đọc)" if reason else "")
    return OpenedFile(db, path, lock, reason)


def needs_network_warning(path: Path, settings: QSettings) -> bool:
    return is_network_path(path) and str(path) not in _warned_files(settings)


def warn_about_network_drive(parent: QWidget | None, path: Path, settings: QSettings) -> bool:
    """The one-time warning for a data file on a network drive; True when it was shown."""
    if not needs_network_warning(path, settings):
        return False
    settings.setValue(NETWORK_WARNED_KEY, [*_warned_files(settings), str(path)])
    show_network_warning(parent, path)
    return True


def show_network_warning(parent: QWidget | None, path: Path) -> None:
    QMessageBox.warning(parent, "Tệp dữ liệu trên ổ mạng", NETWORK_WARNING.format(path=path))


class ReadOnlyBanner(QFrame):
    """The bar above the screens saying the file is open read-only, and why."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(
            "#readOnlyBanner { background: #fdecea; border: 1px solid #e0a39b; border-radius: 3px; }"
        )
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.label, 1)
        self.hide()

    def show_reason(self, reason: str | None) -> None:
        if reason:
            self.label.setText(
                f"<b>Tệp đang mở chỉ để đọc</b> ({reason}): xem, tìm, in và xuất báo cáo được, "
                "nhưng không lưu được thay đổi."
            )
        self.setVisible(bool(reason))


class FileGuard(QObject):
    """The main window's hold on its data file: lock, heartbeat timer, read-only banner."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.lock: FileLock | None = None
        self.read_only: str | None = None
        self.banner = ReadOnlyBanner()
        central = window.takeCentralWidget()
        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(central, 1)
        window.setCentralWidget(container)
        self.heartbeat = QTimer(self)
        self.heartbeat.setInterval(int(file_lock.HEARTBEAT_EVERY.total_seconds() * 1000))
        self.heartbeat.timeout.connect(self.beat)

    def adopt(self, opened: OpenedFile) -> None:
        """Hold `opened`'s lock (releasing the previous file's) and show whether it is read-only."""
        if self.lock is not None and self.lock is not opened.lock:
            self.lock.release()
        self.lock, self.read_only = opened.lock, opened.read_only
        self.banner.show_reason(opened.read_only)
        if self.lock is not None:
            self.heartbeat.start()
        else:
            self.heartbeat.stop()

    def open(self, path: Path) -> OpenedFile | None:
        return open_data_file(self.window, path, keep=self.lock)

    def beat(self) -> None:
        if self.lock is not None and not self.lock.db_path.exists():
            # Deleted, renamed or its USB stick pulled: say so now, not at the next save.
            self.window.statusBar().showMessage(
                f"Cảnh báo: không còn thấy tệp dữ liệu {self.lock.db_path} (đã bị xóa, đổi tên hoặc ổ đĩa "
                "bị rút); thay đổi từ lúc này có thể không được lưu.",
                0,
            )
            return
        if self.lock is not None and not self.lock.refresh():
            # Our lock was taken over (this PC slept past STALE_AFTER, or the clocks disagree): the
            # other instance now writes, so this one stops writing rather than fight for the file.
            path = self.lock.db_path
            applog.log.warning("Tệp khóa của %s đã bị nơi khác lấy lại", path)
            self.heartbeat.stop()
            self.lock = None
            self.read_only = TAKEN_OVER
            make_read_only(self.window.context.db, path, TAKEN_OVER)
            self.banner.show_reason(TAKEN_OVER)
            self.window.statusBar().showMessage(
                "Cảnh báo: tệp dữ liệu vừa được mở ở nơi khác; từ lúc này cửa sổ này chỉ xem được. "
                "Đóng rồi mở lại tệp khi nơi kia đã đóng.",
                0,
            )

    def release(self) -> None:
        self.heartbeat.stop()
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _warned_files(settings: QSettings) -> list[str]:
    value = settings.value(NETWORK_WARNED_KEY, [])
    if isinstance(value, str):  # QSettings returns a lone string for a one-item list
        value = [value]
    return [item for item in (value or []) if item]


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve()
    except OSError:
        return first == second
