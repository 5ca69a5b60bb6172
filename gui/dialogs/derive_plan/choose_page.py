"""Page 1 of the wizard, «Chọn nhiệm vụ»: tick the received plan's tasks that go into our plan."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWizardPage,
)

from gui.dialogs.derive_plan.choice_model import COL_CONTENT, COL_PATH, COL_REASON, ChoiceTreeModel
from gui.models.task_tree import TaskFilterProxy
from gui.widgets import add_shortcuts
from storage.chain import Candidate

NO_OFFICE_TEXT = "Chưa có thông tin đơn vị nên chưa biết nhiệm vụ nào của ta — Tệp → Thông tin đơn vị…"
_COLUMN_WIDTHS = (80, 300, 170, 150, 90, 230)


class ChoosePage(QWizardPage):
    def __init__(self, candidates: Sequence[Candidate], office_known: bool, parent=None):
        super().__init__(parent)
        self.setTitle("Chọn nhiệm vụ")
        self.setSubTitle("Đánh dấu các nhiệm vụ của kế hoạch cấp trên sẽ đưa vào kế hoạch thực hiện của ta.")
        self.model = ChoiceTreeModel(candidates, self)
        if office_known:
            self.model.choose_claimed()
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.notice = QLabel(NO_OFFICE_TEXT)
        self.notice.setObjectName("deriveNoOffice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("color: #9a5b00;")
        self.notice.setVisible(not office_known)

        self.search = QLineEdit()
        self.search.setObjectName("deriveSearch")
        self.search.setPlaceholderText("Tìm nhiệm vụ, đơn vị (không cần dấu)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        search_label = QLabel("&Tìm:")
        search_label.setBuddy(self.search)

        self.choose_ours = QPushButton("Chọn tất cả &của ta")
        self.choose_ours.setObjectName("deriveChooseOurs")
        self.choose_ours.setToolTip("Đánh dấu mọi nhiệm vụ mà ta chủ trì, phối hợp hoặc giao cho cấp dưới")
        self.choose_ours.setEnabled(office_known and self.model.claimed_count() > 0)
        self.choose_ours.clicked.connect(self.model.choose_claimed)
        self.clear = QPushButton("&Bỏ chọn tất cả")
        self.clear.setObjectName("deriveClearChoice")
        self.clear.clicked.connect(self.model.clear_choice)

        self.tree = QTreeView()
        self.tree.setObjectName("deriveChoiceTree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setToolTip(
            "Dấu cách: đánh dấu hoặc bỏ dấu nhiệm vụ đang chọn;"
            " đánh dấu một mục là chọn mọi nhiệm vụ trong mục")
        header = self.tree.header()
        header.setStretchLastSection(False)
        for column, width in enumerate(_COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_CONTENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Interactive)
        self.tree.expandAll()
        self.tree.resizeColumnToContents(COL_PATH)  # the deepest path with its box and indentation
        # Space ticks the row wherever the cursor stands, not only in the column with the box.
        add_shortcuts((("Space", self.toggle_current, self.tree),))

        self.count = QLabel()
        self.count.setObjectName("deriveChoiceCount")
        self.model.choice_changed.connect(self._choice_changed)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.choose_ours)
        top.addWidget(self.clear)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        self._choice_changed()

    def chosen(self) -> list[Candidate]:
        return self.model.chosen()

    def toggle_current(self) -> None:
        index = self.proxy.mapToSource(self.tree.currentIndex()).siblingAtColumn(COL_PATH)
        state = index.data(Qt.ItemDataRole.CheckStateRole) if index.isValid() else None
        if state is not None:
            wanted = Qt.CheckState.Unchecked if state == Qt.CheckState.Checked else Qt.CheckState.Checked
            self.model.setData(index, wanted.value, Qt.ItemDataRole.CheckStateRole)

    def isComplete(self) -> bool:
        return bool(self.model.chosen_ids())

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self.tree.expandAll()
        self._update_count()

    def _choice_changed(self) -> None:
        self._update_count()
        self.completeChanged.emit()

    def _update_count(self) -> None:
        chosen = len(self.model.chosen_ids())
        text = f"Đã chọn {chosen} nhiệm vụ" if chosen else "Chưa chọn nhiệm vụ nào"
        if self.proxy.active:
            text += f" · {self.proxy.match_count()} dòng khớp tìm kiếm"
        self.count.setText(text)
