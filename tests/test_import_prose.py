"""Prose plans become assignments: owners and due dates read from their sentences (issue 10)."""

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli import main
from core.importing.parsed import to_json
from core.importing.sentences import deadline_in, fold, roles_in
from core.importing.text_parser import parse_plan_text
from core.importing.units import unit_key
from core.timeframe import TimeframeKind, parse_timeframe

PROSE = ["000_a704352cefaf8eca", "001_180f652b27df950a", "003_ba6238f9405d9d7b", "004_2b9630492192a680"]


def _plan(samples_dir, name):
    return parse_plan_text((samples_dir / f"{name}.txt").read_text(encoding="utf-8"), f"{name}.txt")


@pytest.mark.parametrize(
    ("text", "kind", "due", "annual"),
    [
        ("Học kỳ I", TimeframeKind.RECURRING, None, (1, 15)),
        ("Học kỳ II", TimeframeKind.RECURRING, None, (5, 31)),
        ("Học kỳ I năm học 2025-2026", TimeframeKind.ONE_OFF, date(2026, 1, 15), None),
        ("Từ tháng 4 đến tháng 12 năm 2020", TimeframeKind.PERIOD, date(2020, 12, 31), None),
        ("Chậm nhất vào ngày 31/12/2020", TimeframeKind.ONE_OFF, date(2020, 12, 31), None),
        ("Hoàn thành trước 15/11/2020", TimeframeKind.ONE_OFF, date(2020, 11, 15), None),
        ("Trong tháng 11/2020", TimeframeKind.ONE_OFF, date(2020, 11, 30), None),
        ("Định kỳ 6 tháng", TimeframeKind.ONGOING, None, None),
        ("Trước ngày 20 hằng tháng", TimeframeKind.ONGOING, None, None),
        ("Học kỳ III", TimeframeKind.UNKNOWN, None, None),
        ("Từ tháng 12 đến tháng 4 năm 2020", TimeframeKind.UNKNOWN, None, None),
    ],
)
def test_timeframes_of_school_years_and_sentences(text, kind, due, annual) -> None:
    timeframe = parse_timeframe(text)
    assert (timeframe.kind, timeframe.due, timeframe.annual_due) == (kind, due, annual)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Các trường báo cáo kết quả về Phòng GD&ĐT trước ngày 15/10/2020.", "Trước ngày 15/10/2020"),
        (
            "Gửi báo cáo trước ngày 20/10/2020, chậm nhất vào ngày 10/10/2020.",
            "Chậm nhất vào ngày 10/10/2020",
        ),
        ("Hằng năm, xây dựng kế hoạch; hoàn thành trong tháng 11/2020.", "Hoàn thành trong tháng 11/2020"),
        ("Báo cáo sơ kết học kỳ I trước ngày 05/01/2021.", "Trước ngày 05/01/2021"),
        ("Tổ chức tập huấn trong quý II/2025.", "Trong quý II/2025"),
        ("Hằng năm, tham mưu bảo đảm ngân sách.", "Hằng năm"),
        ("Tuyên truyền sâu rộng đến nhân dân.", None),
    ],
)
def test_deadline_in_sentences_by_rule(sentence, expected) -> None:
    found = deadline_in(sentence)
    assert (found.value if found else None) == expected
    if found:
        assert found.sentence in sentence and parse_timeframe(found.value).understood


def test_lead_and_coordinating_units_in_sentences() -> None:
    roles = roles_in(
        "Giao Phòng Nội vụ chủ trì, phối hợp với UBND các xã, thị trấn triển khai;"
        " phối hợp với các cơ quan, đơn vị liên quan thực hiện."
    )
    assert [f.value for f in roles.lead] == ["Phòng Nội vụ"]
    assert [f.value for f in roles.support] == ["UBND các xã, thị trấn"]  # the vague group names no one


@given(st.text(max_size=300))
def test_fold_keeps_one_character_per_character(text) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet="trướcngàyhằngnămchủtrìphốihợpvới 0123456789/.,;-", max_size=400))
def test_sentence_scanners_take_any_text(text) -> None:
    found = deadline_in(text)
    assert found is None or parse_timeframe(found.value).understood
    roles_in(text)


def test_a_twenty_thousand_letter_word_is_scanned_in_one_pass() -> None:
    # Every pattern is a fixed sequence of bounded pieces: a long word costs one pass, not a blow-up.
    word = "a" * 20_000
    assert deadline_in(f"trước ngày {word} phối hợp với {word} chủ trì") is None
    assert roles_in(word + " chủ trì").lead == ()


@pytest.mark.parametrize("name", PROSE)
def test_every_task_of_a_prose_sample_has_an_owner(samples_dir, name) -> None:
    plan = _plan(samples_dir, name)
    assert plan.tasks and all(task.lead_units for task in plan.tasks)
    for task in plan.tasks:
        for inference in task.inferred:
            assert inference.field in ("lead", "support", "timeframe", "owner")
            assert inference.field == "owner" or inference.sentence


def test_000_units_of_to_chuc_thuc_hien_lead_their_duties(samples_dir) -> None:
    plan = _plan(samples_dir, PROSE[0])
    duty = next(t for t in plan.tasks if "xác định nhu cầu đào tạo" in t.content)
    assert duty.parent_path == "III.2" and duty.lead_units == ("Phòng Nội vụ",)
    assert unit_key(duty.support_units[0]) == unit_key("Phòng GD&ĐT")
    assert duty.timeframe == "Hằng năm"
    data = next(t for t in to_json(plan)["tasks"] if t["path"] == duty.path)
    assert {"field": "timeframe", "value": "Hằng năm", "sentence": duty.content.split(";")[0] + ";"} in data[
        "inferred"
    ]


def test_004_period_from_the_title_gives_undated_tasks_its_end(samples_dir) -> None:
    plan = _plan(samples_dir, PROSE[3])
    data = to_json(plan)
    assert (data["period_start"], data["period_end"]) == ("2022-09-01", "2023-05-31")
    undated = next(t for t in data["tasks"] if t["path"] == "IV.2.1")
    assert undated["due_on"] == "2023-05-31"
    assert any(i["field"] == "timeframe" for i in undated["inferred"])


def test_imported_prose_plan_lists_its_assignments_with_due_dates(samples_dir, db_path, capsys) -> None:
    sample = str(samples_dir / f"{PROSE[3]}.txt")
    assert main(["import-plan", sample, "--db", str(db_path), "--json"]) == 0
    capsys.readouterr()
    assert main(["deadlines", "--db", str(db_path), "--json", "--as-of", "2023-01-01"]) == 0
    items = json.loads(capsys.readouterr().out)["items"]
    duties = [item for item in items if item["task_path"].startswith("IV.")]
    units = {unit_key(item["unit"]) for item in duties}
    assert units >= {unit_key("Phòng GD&ĐT"), unit_key("UBND các xã, thị trấn")}
    assert all(item["due"] == "2023-05-31" for item in duties if item["role"] == "lead")
