"""A chooser that searches the data file as the user types, for lists too long to hold whole.

A national file has some 70,000 plans and 7,000 units: a combo box filled with all of them takes
seconds to open and memory to match. This one holds «Tất cả …» and the first `limit` matches of
what is typed (`search(text, limit)` answers them from SQL, ignoring diacritics), always keeping
the item chosen. It is a QComboBox: `currentData()`, `findData()`, `setCurrentIndex()` and
`currentIndexChanged` work as on any other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QWidget

Choice = tuple[str, object, str]  # (text shown, value, tooltip)
SEARCH_DELAY_MS = 250
DEFAULT_LIMIT = 200


class SearchCombo(QComboBox):
    def __init__(
        self,
        everything: str | None,
        search: Callable[[str, int], Sequence[Choice]],
        limit: int = DEFAULT_LIMIT,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.everything = everything
        self.search = search
        self.limit = limit
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        # The list itself is the search result: no completer second-guessing it.
        self.setCompleter(None)
        self.lineEdit().setPlaceholderText("Gõ để tìm…")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._search_typed)
        self.lineEdit().textEdited.connect(lambda _text: self._timer.start())
        self.lineEdit().editingFinished.connect(self._restore_text)
        self.more = False  # the last search had more matches than `limit`

    def reload(self) -> None:
        """Read the first matches of nothing typed again, keeping the item chosen."""
        self._fill(self.search("", self.limit + 1))

    def keep_value(self, value: object, text: str, tip: str = "") -> None:
        """Hold `value` as an item (it may be beyond the first matches) without choosing it."""
        if value is not None and self.findData(value) < 0:
            self.blockSignals(True)
            self.addItem(text, value)
            self.setItemData(self.count() - 1, tip or text, Qt.ItemDataRole.ToolTipRole)
            self.blockSignals(False)

    def _fill(self, choices: Sequence[Choice]) -> None:
        keep_value, keep_text = self.currentData(), self.itemText(self.currentIndex())
        keep_tip = self.itemData(self.currentIndex(), Qt.ItemDataRole.ToolTipRole) or keep_text
        self.more = len(choices) > self.limit
        self.blockSignals(True)
        self.clear()
        if self.everything is not None:  # None: no «Tất cả …» item; nothing is chosen at first
            self.addItem(self.everything, None)
        for text, value, tip in choices[: self.limit]:
            self.addItem(text, value)
            self.setItemData(self.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        if keep_value is not None and self.findData(keep_value) < 0:
            self.addItem(keep_text, keep_value)  # the choice stays, whatever the search found
            self.setItemData(self.count() - 1, keep_tip, Qt.ItemDataRole.ToolTipRole)
        found = self.findData(keep_value) if keep_value is not None else -1
        self.setCurrentIndex(found if found >= 0 or self.everything is None else 0)
        self.blockSignals(False)
        self.setToolTip(
            f"Chỉ hiện {self.limit} mục đầu; gõ thêm để tìm mục khác" if self.more else self.toolTip()
        )

    def _search_typed(self) -> None:
        typed = self.lineEdit().text()
        if typed == self.itemText(self.currentIndex()) or typed == self.everything:
            return
        self._fill(self.search(typed, self.limit + 1))
        self.lineEdit().setText(typed)  # the list changed under the text being typed
        self.showPopup()

    def _restore_text(self) -> None:
        # Leaving the field without choosing: show the chosen item's name again, not the fragment.
        chosen = self.itemText(self.currentIndex())
        if self.lineEdit().text() != chosen:
            self.lineEdit().setText(chosen)
