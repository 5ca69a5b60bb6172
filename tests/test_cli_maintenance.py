"""`main.py backup|restore|check`: copies that reopen, a refused bad backup, problems reported."""

from cli import main
from core.model import Plan
from storage.database import open_database
from storage.plans import list_plans, save_plan


def _db_with_plan(path, title: str) -> None:
    db = open_database(path)
    save_plan(db, Plan(title=title))
    db.close()


def test_backup_then_restore_brings_back_the_old_content(tmp_path, capsys):
    live, copy = tmp_path / "kehoach.sqlite3", tmp_path / "saoluu.sqlite3"
    _db_with_plan(live, "Kế hoạch trước sao lưu")
    assert main(["backup", "--db", str(live), str(copy)]) == 0
    _db_with_plan(live, "Kế hoạch sau sao lưu")
    assert main(["restore", "--db", str(live), str(copy)]) == 0
    db = open_database(live)
    assert [p.title for p in list_plans(db)] == ["Kế hoạch trước sao lưu"]
    db.close()
    assert "Đã khôi phục" in capsys.readouterr().out


def test_check_passes_a_good_file_and_fails_a_damaged_one(tmp_path, capsys):
    good, bad = tmp_path / "tot.sqlite3", tmp_path / "hong.sqlite3"
    _db_with_plan(good, "Kế hoạch")
    assert main(["check", "--db", str(good)]) == 0
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)
    assert main(["check", "--db", str(bad)]) == 1
    assert "hong.sqlite3" in capsys.readouterr().err


def test_restore_from_a_file_that_is_not_a_backup_changes_nothing(tmp_path, capsys):
    live, junk = tmp_path / "kehoach.sqlite3", tmp_path / "rac.sqlite3"
    _db_with_plan(live, "Giữ nguyên")
    junk.write_text("không phải sao lưu", encoding="utf-8")
    assert main(["restore", "--db", str(live), str(junk)]) == 1
    db = open_database(live)
    assert [p.title for p in list_plans(db)] == ["Giữ nguyên"]
    db.close()


def test_check_finds_a_wrong_deadline_tally_and_repair_counts_it_again(tmp_path, capsys):
    from core.model import Role, Task, Unit
    from storage.assignments import set_assignments
    from storage.tasks import save_task
    from storage.units import save_unit

    live = tmp_path / "kehoach.sqlite3"
    db = open_database(live)
    plan = save_plan(db, Plan(title="Kế hoạch có hạn"))
    task = save_task(db, Task(plan_id=plan.id, content="Rà soát", timeframe_text="Quý II/2025"))
    set_assignments(db, task.id, [(save_unit(db, Unit(name="Trường A")).id, Role.LEAD, None)])
    db.execute("UPDATE deadline_tally SET n = n + 5")  # as a bug in a trigger would leave it
    db.conn.commit()
    db.close()
    assert main(["check", "--db", str(live)]) == 1
    assert "deadline_tally" in capsys.readouterr().err
    assert main(["check", "--repair", "--db", str(live)]) == 0
    assert "Đã đếm lại bảng tổng hợp hạn xử lý" in capsys.readouterr().out
    assert main(["check", "--db", str(live)]) == 0
