"""The period picker: every period can be picked, and picking answers the period with its dates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from core.periods import parse_period
from gui.period_picker import PeriodPicker, choice_of, period_code
from tests.test_period_targets import PERIOD_CODES


@given(PERIOD_CODES)
def test_every_period_has_the_choice_that_picks_it(code):
    period = parse_period(code)
    assert period_code(*choice_of(period)) == period.code


def test_the_picker_shows_and_answers_the_period_picked(qtbot):
    picker = PeriodPicker(parse_period("2025-Q2"))
    qtbot.addWidget(picker)
    assert picker.period().code == "2025-Q2" and "15/03/2025 – 14/06/2025" in picker.school_year_label.text()
    seen: list[str] = []
    picker.changed.connect(lambda: seen.append(picker.period().code))
    picker.kind_combo.setCurrentIndex(picker.kind_combo.findData("semester2"))
    assert picker.period().code == "2025-2026-HK2" and not picker.number_combo.isVisibleTo(picker)
    assert "năm học 2025-2026" in picker.school_year_label.text()
    picker.year_spin.setValue(2024)
    assert seen == ["2025-2026-HK2", "2024-2025-HK2"]
    picker.kind_combo.setCurrentIndex(picker.kind_combo.findData("month"))
    picker.number_combo.setCurrentIndex(picker.number_combo.findData(5))
    assert picker.period().code == "2024-05" and picker.number_combo.isVisibleTo(picker)


@given(st.sampled_from(["2025-Q4", "2026-H1", "2025-9M", "2030", "2025-2026"]))
def test_setting_a_period_shows_it(qapp, code):
    picker = PeriodPicker(parse_period("2025-01"))
    picker.set_period(parse_period(code))
    assert picker.period().code == code
    picker.deleteLater()
