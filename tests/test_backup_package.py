"""The portable package (.qlkh): round trip with the evidence files, checksums, no silent overwrite."""

import json
import zipfile
from datetime import date

import pytest

from cli import main
from core.model import Plan, Role, Task, Unit
from core.paths import attachments_dir
from storage.assignments import list_assignments, list_occurrences, set_assignments
from storage.attachments import add_attachment, check_files
from storage.database import StorageError, open_database
from storage.package import MANIFEST_MEMBER, import_package, write_package
from storage.plans import list_plans, save_plan
from storage.tasks import save_task
from storage.units import save_unit


@pytest.fixture
def filled(db, db_path, tmp_path):
    plan = save_plan(
        db, Plan("Kế hoạch chuyển đổi số", period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    )
    task = save_task(db, Task(plan.id, "Số hóa hồ sơ", ordinal="1", timeframe_text="Năm 2025"))
    unit = save_unit(db, Unit("Trường TH Sơn Bình"))
    set_assignments(db, task.id, [(unit.id, Role.LEAD, None)])
    [row] = list_assignments(db, task.id)
    [occurrence] = list_occurrences(db, row.assignment.id)
    source = tmp_path / "Biên bản họp.pdf"
    source.write_bytes(b"%PDF-1.4 bien ban " * 100)
    return add_attachment(db, occurrence.id, source, attachments_dir(db_path))


def _rewrite(package, change):
    """Rewrite the zip with `change(name, data) -> data` applied to every member."""
    with zipfile.ZipFile(package) as archive:
        members = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(package, "w") as archive:
        for name, data in members:
            archive.writestr(name, change(name, data))


def test_a_package_opens_on_another_pc_with_its_evidence_files(db, db_path, filled, tmp_path):
    package = tmp_path / "chuyen" / "kehoach.qlkh"
    summary = write_package(db_path, package)
    assert (summary.plans, summary.tasks, summary.files) == (1, 1, 1)
    other = tmp_path / "may-khac" / "du-lieu.sqlite3"
    opened = import_package(package, other)
    assert opened.files == 1
    copy = open_database(other, create=False)
    try:
        assert [plan.title for plan in list_plans(copy)] == ["Kế hoạch chuyển đổi số"]
        report = check_files(copy, attachments_dir(other))
        assert (report.missing, report.changed, report.orphans) == ([], [], [])
    finally:
        copy.close()
    with zipfile.ZipFile(package) as archive:
        manifest = json.loads(archive.read(MANIFEST_MEMBER))
    assert {member["path"] for member in manifest["members"]} == {
        "database.sqlite3",
        f"tep_dinh_kem/{filled.stored_path}",
    }
    assert list(package.parent.glob("*.partial")) == []


def test_opening_a_package_never_overwrites_an_existing_file(db, db_path, filled, tmp_path):
    package = write_package(db_path, tmp_path / "goi.qlkh").path
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="không ghi đè"):
        import_package(package, db_path)
    assert db_path.read_bytes() == before
    folder_only = tmp_path / "moi.sqlite3"
    attachments_dir(folder_only).mkdir()
    with pytest.raises(StorageError, match="không ghi đè"):
        import_package(package, folder_only)
    assert not folder_only.exists()


def test_a_changed_member_is_refused_by_its_checksum_and_nothing_is_left(db, db_path, filled, tmp_path):
    package = write_package(db_path, tmp_path / "goi.qlkh").path
    _rewrite(package, lambda name, data: data.replace(b"bien", b"BIEN") if name.endswith(".pdf") else data)
    target = tmp_path / "moi" / "du-lieu.sqlite3"
    with pytest.raises(StorageError, match="SHA-256") as raised:
        import_package(package, target)
    assert "\n" not in str(raised.value)
    assert sorted(p.name for p in target.parent.iterdir()) == []


@pytest.mark.parametrize(
    "member",
    ["../ngoai.txt", "/etc/passwd", "tep_dinh_kem/../../ngoai.txt", "C:\\Windows\\x"],
)
def test_names_that_would_leave_the_folder_are_refused(db, db_path, tmp_path, member):
    package = write_package(db_path, tmp_path / "goi.qlkh").path

    def add_member(name, data):
        if name != MANIFEST_MEMBER:
            return data
        manifest = json.loads(data)
        manifest["members"].append({"path": member, "size": 1, "sha256": "0" * 64})
        return json.dumps(manifest).encode()

    _rewrite(package, add_member)
    with pytest.raises(StorageError, match="không hợp lệ"):
        import_package(package, tmp_path / "moi" / "du-lieu.sqlite3")
    assert not (tmp_path / "ngoai.txt").exists()


def test_a_file_that_is_not_a_package_is_refused_in_one_line(tmp_path, capsys):
    junk = tmp_path / "anh.qlkh"
    junk.write_bytes(b"\x89PNG\r\n" + bytes(100))
    assert main(["import-package", str(junk), "--db", str(tmp_path / "moi.sqlite3")]) == 1
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "anh.qlkh" in err
    assert not (tmp_path / "moi.sqlite3").exists()


def test_package_and_import_package_commands(db, db_path, filled, tmp_path, capsys):
    package = tmp_path / "goi.qlkh"
    assert main(["package", str(package), "--db", str(db_path)]) == 0
    assert "1 tệp minh chứng" in capsys.readouterr().out
    new = tmp_path / "may-khac.sqlite3"
    assert main(["import-package", str(package), "--db", str(new)]) == 0
    assert main(["import-package", str(package), "--db", str(new)]) == 1
    assert "không ghi đè" in capsys.readouterr().err
    assert main(["check", "--db", str(new)]) == 0


def test_a_package_claiming_more_than_the_free_space_is_refused_before_unpacking(db, db_path, tmp_path):
    package = write_package(db_path, tmp_path / "goi.qlkh").path

    def inflate(name, data):
        if name != MANIFEST_MEMBER:
            return data
        manifest = json.loads(data)
        manifest["members"][0]["size"] = 1 << 60  # an exabyte
        return json.dumps(manifest).encode()

    _rewrite(package, inflate)
    target = tmp_path / "moi" / "du-lieu.sqlite3"
    with pytest.raises(StorageError, match="Không đủ chỗ trống"):
        import_package(package, target)
    assert list(target.parent.iterdir()) == []
