"""A chooser that searches as the user types: the first matches only, the choice always kept."""

from __future__ import annotations

from core.vntext import search_key
from gui.search_combo import SEARCH_DELAY_MS, SearchCombo

NAMES = [f"Trường Tiểu học số {number}" for number in range(1, 1001)] + ["Phòng Giáo dục và Đào tạo"]


def _search(text: str, limit: int):
    words = search_key(text).split()
    found = [name for name in NAMES if all(word in search_key(name) for word in words)]
    return [(name, index, name) for index, name in enumerate(found[:limit])]


def _combo(qtbot) -> SearchCombo:
    combo = SearchCombo("Tất cả đơn vị", _search, limit=50)
    qtbot.addWidget(combo)
    combo.show()
    combo.reload()
    return combo


def test_it_holds_everything_and_the_first_matches_only(qtbot):
    combo = _combo(qtbot)
    assert combo.count() == 51 and combo.itemText(0) == "Tất cả đơn vị" and combo.more
    assert combo.currentData() is None and "gõ thêm" in combo.toolTip()


def test_typing_searches_ignoring_diacritics_and_keeps_the_choice(qtbot):
    combo = _combo(qtbot)
    combo.setCurrentIndex(3)
    chosen = combo.currentData(), combo.itemText(3)
    combo.lineEdit().selectAll()  # as a click into the field does: typing replaces the name
    qtbot.keyClicks(combo.lineEdit(), "phong giao duc")
    qtbot.wait(SEARCH_DELAY_MS + 150)
    texts = [combo.itemText(row) for row in range(combo.count())]
    assert "Phòng Giáo dục và Đào tạo" in texts and chosen[1] in texts and len(texts) == 3
    assert combo.currentData() == chosen[0]  # typing alone chooses nothing
    combo.hidePopup()
    changes: list[int] = []
    combo.currentIndexChanged.connect(changes.append)
    combo.setCurrentIndex(texts.index("Phòng Giáo dục và Đào tạo"))
    assert combo.currentText() == "Phòng Giáo dục và Đào tạo" and changes


def test_a_value_beyond_the_first_matches_can_be_held_and_chosen(qtbot):
    combo = _combo(qtbot)
    assert combo.findData(900) < 0
    combo.keep_value(900, "Trường Tiểu học số 901")
    combo.setCurrentIndex(combo.findData(900))
    combo.reload()
    assert combo.currentData() == 900 and combo.currentText() == "Trường Tiểu học số 901"


def test_without_an_all_item_nothing_is_chosen_until_the_user_chooses(qtbot):
    combo = SearchCombo(None, _search, limit=10)
    qtbot.addWidget(combo)
    combo.reload()
    assert combo.count() == 10 and combo.currentIndex() == -1 and combo.currentData() is None
    combo.setCurrentIndex(2)
    combo.reload()
    assert combo.currentIndex() == 2 and combo.currentText() == "Trường Tiểu học số 3"
