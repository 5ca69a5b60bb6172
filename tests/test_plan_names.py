"""One way to name a plan: in a message, in a list, in a chooser."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.model import Plan
from core.plan_names import CHOICE_LENGTH, list_label, plan_choice_text, plan_label

ISSUED = Plan(title="Triển khai nhiệm vụ năm học 2025-2026", number="05", symbol="KH-PGDĐT",
              issued_on=date(2025, 9, 5), id=3)  # fmt: skip
DRAFT = Plan(title="Kế hoạch chuyển đổi số", symbol="KH-UBND", id=4)


@pytest.mark.parametrize(("plan", "message", "choice"), [
    (ISSUED, "05/KH-PGDĐT", "05/KH-PGDĐT — Triển khai nhiệm vụ năm học 2025-2026"),
    (DRAFT, "/KH-UBND", "/KH-UBND — Kế hoạch chuyển đổi số"),
    (Plan(title="Kế hoạch riêng", id=7), '"Kế hoạch riêng"', "(chưa có số) — Kế hoạch riêng"),
    (Plan(title="", id=9), "mã số 9", "(chưa có số) —"),
])  # fmt: skip
def test_a_plan_is_named_the_same_way_everywhere(plan, message, choice):
    assert plan_label(plan) == message and plan_choice_text(plan) == choice


def test_a_list_names_drafts_and_long_titles():
    assert list_label("05/KH-PGDĐT", "x") == "05/KH-PGDĐT"
    assert list_label("/KH-UBND", "x") == "/KH-UBND (dự thảo)"
    assert list_label("", "Kế hoạch " * 20).endswith("…") and len(list_label("", "Kế hoạch " * 20)) == 60


@given(st.text(min_size=0, max_size=400), st.integers(20, 200))
def test_a_choice_is_one_line_within_its_limit(title, limit):
    text = plan_choice_text(Plan(title=title, number="1", symbol="KH"), limit)
    assert "\n" not in text and len(text) <= max(limit, len("1/KH — ")) and text.startswith("1/KH —")
    assert plan_choice_text(Plan(title=title)) == plan_choice_text(Plan(title=title), CHOICE_LENGTH)
