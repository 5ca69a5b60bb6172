"""Sorting in Vietnamese alphabet order for small tables (big ones sort in SQL)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from core.vntext import sort_key

# Models return a value for this role that sorts right: str (compared in Vietnamese order),
# a number, or an ISO date string. None sorts first.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

# A sort compares each row's text about log2(n) times; the key is worth computing once per text.
_cached_sort_key = lru_cache(maxsize=200_000)(sort_key)


class VietnameseSortProxy(QSortFilterProxyModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def lessThan(
        self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex
    ) -> bool:
        a = left.data(SORT_ROLE)
        b = right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        if isinstance(a, str) and isinstance(b, str):
            return _cached_sort_key(a) < _cached_sort_key(b)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
