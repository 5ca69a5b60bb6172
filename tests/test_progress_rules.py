"""The one progress rule shared by the task form, the returned spreadsheet and storage."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import WorkState
from core.progress_rules import COMPLETED_FIELD, PROGRESS_FIELD, progress_problems, sentence

ISSUED = date(2025, 3, 10)


@pytest.mark.parametrize(("state", "progress", "completed", "expected"), [
    (WorkState.IN_PROGRESS, 40, None, {}),
    (WorkState.NOT_STARTED, 0, None, {}),
    (WorkState.PAUSED, 30, None, {}),
    (WorkState.DONE, 100, date(2025, 6, 1), {}),
    (WorkState.DONE, 100, ISSUED, {}),  # finished the day the plan was issued
    (WorkState.IN_PROGRESS, None, None, {PROGRESS_FIELD: "số nguyên từ 0 đến 100"}),
    (WorkState.IN_PROGRESS, 101, None, {PROGRESS_FIELD: "số nguyên từ 0 đến 100"}),
    (WorkState.IN_PROGRESS, -1, None, {PROGRESS_FIELD: "số nguyên từ 0 đến 100"}),
    (WorkState.DONE, 90, date(2025, 6, 1), {PROGRESS_FIELD: "tiến độ chỉ 90%"}),
    (WorkState.DONE, 100, None, {COMPLETED_FIELD: "cần có ngày hoàn thành"}),
    (WorkState.PAUSED, 50, date(2025, 6, 1), {COMPLETED_FIELD: "trạng thái là «Tạm dừng»"}),
    (WorkState.DONE, 100, date(2025, 3, 9), {COMPLETED_FIELD: "trước ngày ban hành kế hoạch (10/03/2025)"}),
    (WorkState.DONE, 50, None, {PROGRESS_FIELD: "tiến độ chỉ 50%", COMPLETED_FIELD: "cần có ngày"}),
])  # fmt: skip
def test_each_case_of_the_rule(state, progress, completed, expected):
    found = progress_problems(state, progress, completed, ISSUED)
    assert set(found) == set(expected)
    for field, words in expected.items():
        assert words in found[field]


@given(
    st.sampled_from(list(WorkState)),
    st.one_of(st.none(), st.integers(-1000, 1000)),
    st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2030, 12, 31))),
)
def test_the_rule_lets_through_exactly_the_values_that_make_sense(state, progress, completed):
    found = progress_problems(state, progress, completed, ISSUED)
    sensible = (
        progress is not None
        and 0 <= progress <= 100
        and (state is not WorkState.DONE or progress == 100)
        and (completed is None) == (state is not WorkState.DONE)
        and (completed is None or completed >= ISSUED)
    )
    assert (found == {}) == sensible
    for text in found.values():
        assert text == text.strip() and text[:1].islower()  # reads after "Dòng 12: "
        assert sentence(text)[:1].isupper() and sentence(text).endswith(".")
