"""The evidence files (tệp minh chứng) of one occurrence in the task form: attach, open, remove, check.

Changes are staged: a file the user attaches is listed as "chưa lưu" and copied only when the
form is saved; a removed file disappears from the list and is moved aside on Save. Opening a
file hands it to the system viewer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from core.vntext import format_date, format_number
from gui.dialogs.form_fields import ERROR_STYLE
from storage.attachments import Attachment, AttachmentState, attachment_path, verify_attachment

PATH_ROLE = Qt.ItemDataRole.UserRole
ATTACHMENT_ROLE = Qt.ItemDataRole.UserRole + 1


def size_text(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{format_number(size / 1024, 0)} KB"
    return f"{format_number(size / (1024 * 1024), 1)} MB"


class EvidenceList(QWidget):
    """Stored attachments minus the ones removed, plus the files added, of the occurrence on show."""

    changed = Signal()

    def __init__(self, db: Database, attachments_root: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.db = db
        self.root = attachments_root
        self._stored: list[Attachment] = []
        self._added: list[Path] = []
        self._removed: set[int] = set()
        self._problems: dict[int, str] = {}  # attachment id → what verification found

        self.list = QListWidget()
        self.list.setObjectName("evidenceFiles")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setToolTip("Tệp minh chứng của lượt đang chọn.\n"
                             "Enter: xem tệp; Insert: đính kèm; Delete: bỏ tệp")
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.installEventFilter(self)  # Enter opens the file instead of saving the whole form
        self.list.setMaximumHeight(self.fontMetrics().height() * 4 + 12)  # four files, then a scroll bar
        self.add_button = QPushButton("Đính &kèm tệp…")
        self.add_button.setToolTip("Chọn tệp để đính kèm (Insert);\n"
                                   "tệp được chép vào thư mục đặt cạnh tệp dữ liệu khi lưu")
        self.open_button = QPushButton("&Xem tệp")
        self.open_button.setToolTip("Mở tệp đang chọn bằng chương trình xem mặc định (Enter)")
        self.remove_button = QPushButton("Bỏ tệp")
        self.remove_button.setToolTip("Bỏ tệp khỏi danh sách (Delete);\n"
                                      "bản sao được chuyển vào thư mục «_da_xoa», không bị xóa")
        self.verify_button = QPushButton("Kiểm tra tệp")
        self.verify_button.setToolTip("Tính lại mã SHA-256 để biết tệp còn nguyên, bị thay đổi hay bị mất")
        self.status = QLabel()
        self.status.setObjectName("evidenceStatus")
        self.status.setWordWrap(True)
        self.status.hide()
        self.add_button.clicked.connect(self.choose_files)
        self.open_button.clicked.connect(self.open_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.verify_button.clicked.connect(self.verify)
        self.list.itemSelectionChanged.connect(self._update_buttons)
        for key, slot in ((QKeySequence.StandardKey.Delete, self.remove_selected),
                          (QKeySequence(Qt.Key.Key_Insert), self.choose_files)):
            shortcut = QShortcut(QKeySequence(key), self.list)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(slot)

        buttons = QHBoxLayout()
        for button in (self.add_button, self.open_button, self.remove_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self._update_buttons()

    # ----------------------------------------------------------------- state
    def show_files(self, stored: Sequence[Attachment], added: Iterable[Path], removed: Iterable[int]) -> None:
        """Show an occurrence's files: `stored` as recorded, with the staged additions and removals."""
        self._stored = list(stored)
        self._added = list(added)
        self._removed = set(removed)
        self._problems = {a.id: "không tìm thấy tệp" for a in self._stored
                          if not attachment_path(self.root, a).is_file()}
        self.status.hide()
        self._fill()

    def added_files(self) -> tuple[Path, ...]:
        return tuple(self._added)

    def removed_ids(self) -> frozenset[int]:
        return frozenset(self._removed)

    def file_names(self) -> list[str]:
        """The names listed, as the user sees them (for tests and screen readers)."""
        return [self.list.item(row).text() for row in range(self.list.count())]

    def _fill(self) -> None:
        self.list.clear()
        for attachment in self._stored:
            if attachment.id in self._removed:
                continue
            text = f"{attachment.file_name}  ({size_text(attachment.size)})"
            problem = self._problems.get(attachment.id)
            item = QListWidgetItem(f"{text} — {problem}" if problem else text)
            item.setData(ATTACHMENT_ROLE, attachment.id)
            item.setData(PATH_ROLE, str(attachment_path(self.root, attachment)))
            item.setToolTip(f"Đính kèm ngày {format_date(attachment.added_at.date())}\n"
                            f"SHA-256: {attachment.sha256}")
            if problem:
                item.setForeground(Qt.GlobalColor.darkRed)
            self.list.addItem(item)
        for path in self._added:
            item = QListWidgetItem(f"{path.name}  (chưa lưu)")
            item.setData(PATH_ROLE, str(path))
            item.setToolTip(f"Sẽ được chép từ {path} khi lưu")
            self.list.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        enabled = self.isEnabled()
        selected = bool(self.list.selectedItems())
        self.open_button.setEnabled(enabled and selected)
        self.remove_button.setEnabled(enabled and selected)
        self.verify_button.setEnabled(enabled and any(a.id not in self._removed for a in self._stored))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.list and event.type() == QEvent.Type.KeyPress
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() == Qt.KeyboardModifier.NoModifier):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def setEnabled(self, enabled: bool) -> None:
        super().setEnabled(enabled)
        self._update_buttons()

    # --------------------------------------------------------------- actions
    def choose_files(self) -> None:
        if not self.isEnabled():
            return
        paths, _filter = QFileDialog.getOpenFileNames(self, "Chọn tệp minh chứng", str(Path.home()),
                                                      "Tất cả các tệp (*)")
        self.add_files(Path(path) for path in paths)

    def add_files(self, paths: Iterable[Path]) -> None:
        new = [Path(path) for path in paths if Path(path) not in self._added]
        if not new:
            return
        self._added.extend(new)
        self._fill()
        self.changed.emit()

    def remove_selected(self) -> None:
        items = self.list.selectedItems()
        if not items:
            return
        for item in items:
            attachment_id = item.data(ATTACHMENT_ROLE)
            if attachment_id is not None:
                self._removed.add(attachment_id)
            else:
                self._added = [path for path in self._added if str(path) != item.data(PATH_ROLE)]
        self._fill()
        self.changed.emit()

    def open_selected(self) -> None:
        current = self.list.currentItem()
        for item in self.list.selectedItems() or ([current] if current is not None else []):
            path = Path(item.data(PATH_ROLE))
            if not path.is_file():
                self._say(f"Không tìm thấy tệp {path}", error=True)
                continue
            if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
                self._say(f"Không có chương trình nào mở được tệp «{path.name}»", error=True)

    def verify(self) -> None:
        """Re-hash the stored files and mark the ones missing or changed."""
        checks = [verify_attachment(self.db, a.id, self.root)
                  for a in self._stored if a.id not in self._removed]
        self._problems = {
            check.attachment.id: "không tìm thấy tệp" if check.state is AttachmentState.MISSING
            else "đã bị thay đổi"
            for check in checks if check.state is not AttachmentState.OK
        }
        self._fill()
        bad = [check.message for check in checks if check.state is not AttachmentState.OK]
        if bad:
            self._say("\n".join(bad), error=True)
        else:
            self._say(f"{len(checks)} tệp còn nguyên như khi đính kèm.", error=False)

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)
        self.status.show()
