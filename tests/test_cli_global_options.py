"""Global options (--db) before the command as well as after it, as git and pip take them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cli import COMMANDS, main, split_global_options
from core.model import Plan
from storage.database import open_database
from storage.plans import list_plans, save_plan


@pytest.mark.parametrize(("argv", "expected"), [
    (["--db", "a.sqlite3", "check"], (["--db", "a.sqlite3"], ["check"])),
    (["--db=a.sqlite3", "deadlines", "--json"], (["--db=a.sqlite3"], ["deadlines", "--json"])),
    (["check", "--db", "a.sqlite3"], ([], ["check", "--db", "a.sqlite3"])),
    (["--db", "a.sqlite3"], ([], ["--db", "a.sqlite3"])),  # no command: the GUI's option
    (["--db", "a.sqlite3", "--smoke-test"], ([], ["--db", "a.sqlite3", "--smoke-test"])),
    (["--db"], ([], ["--db"])),
    ([], ([], [])),
])  # fmt: skip
def test_the_options_before_a_command_are_set_apart(argv, expected):
    assert split_global_options(argv) == expected


@given(st.sampled_from(sorted(COMMANDS)), st.lists(st.sampled_from(["-x", "a", "--json", "1"]), max_size=4))
def test_moving_db_before_the_command_gives_the_command_the_same_words(command, rest):
    before, after = split_global_options(["--db", "f.sqlite3", command, *rest])
    assert [*after[1:], *before] == [*rest, "--db", "f.sqlite3"] and after[0] == command


def test_check_and_import_plan_take_db_before_the_command(tmp_path, capsys):
    live = tmp_path / "kehoach.sqlite3"
    db = open_database(live)
    save_plan(db, Plan(title="Kế hoạch có sẵn"))
    db.close()
    assert main(["--db", str(live), "check"]) == 0
    plan = tmp_path / "ke-hoach.txt"
    plan.write_text(
        "UBND HUYỆN A\nKẾ HOẠCH\nTriển khai năm học 2025-2026\nI. MỤC ĐÍCH\n1. Tổ chức tập huấn.\n",
        encoding="utf-8",
    )
    assert main(["--db", str(live), "import-plan", str(plan)]) == 0
    db = open_database(live)
    assert len(list_plans(db)) == 2
    db.close()
    assert "Lỗi" not in capsys.readouterr().err
