"""`main.py backup DEST`, `restore BACKUP`, `backups [--json]`, `check [--repair]`: the data file's upkeep.

Backups and restores carry the evidence files (`<name>_tep_dinh_kem/`) with the database;
`check` covers both, and `--repair` moves files nothing refers to aside and notes missing ones.
"""

from __future__ import annotations

import argparse
import json

from cli.common import CommandError, add_db_argument, db_path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    add_db_argument(parser)
    parser.set_defaults(command=command)
    if command == "backup":
        parser.description = (
            "Sao lưu tệp dữ liệu cùng các tệp minh chứng sang một tệp khác"
            " (an toàn cả khi chương trình đang mở)."
        )
        parser.add_argument("dest", help="tệp sao lưu sẽ tạo (tệp minh chứng vào thư mục <tên>_tep_dinh_kem)")
    elif command == "restore":
        parser.description = (
            "Khôi phục tệp dữ liệu và tệp minh chứng từ bản sao lưu (giữ lại bản của tệp bị thay)."
        )
        parser.add_argument("backup", help="tệp sao lưu (bản tự động trong thư mục backups hoặc bản tự tạo)")
    elif command == "backups":
        parser.description = "Liệt kê các bản sao lưu tự động của tệp dữ liệu, mới nhất trước."
        parser.add_argument("--json", action="store_true", help="in dạng JSON")
    else:
        parser.description = (
            "Kiểm tra tệp dữ liệu (tính toàn vẹn, khóa ngoại, phiên bản cấu trúc) và các tệp minh chứng."
        )
        parser.add_argument(
            "--repair",
            action="store_true",
            help="chuyển tệp không thuộc nhiệm vụ nào vào thư mục _cach_ly, ghi nhận tệp bị thiếu",
        )


def run(args: argparse.Namespace) -> int:
    from storage.backup import backup_database, recover_interrupted_restore, restore_database

    path = db_path(args)
    recovered = recover_interrupted_restore(path)
    if recovered:
        print(recovered)
    if args.command == "backup":
        dest = backup_database(path, args.dest)
        print(f"Đã sao lưu {path} cùng các tệp minh chứng vào {dest}")
        return 0
    if args.command == "restore":
        kept = restore_database(args.backup, path)
        note = f" (tệp cũ được giữ tại {kept})" if kept else ""
        print(f"Đã khôi phục {path} và các tệp minh chứng từ {args.backup}{note}")
        return 0
    if args.command == "backups":
        return _list(path, args.json)
    return _check(path, args.repair)


def _list(path, as_json: bool) -> int:
    from storage.backup import list_backups

    backups = list_backups(path)
    if as_json:
        rows = [
            {
                "path": str(info.path),
                "created_at": info.created_at.isoformat(timespec="seconds"),
                "reason": info.reason,
                "size": info.size,
                "plans": info.plans,
                "tasks": info.tasks,
                "files": info.files,
            }
            for info in backups
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    if not backups:
        print(f"{path}: chưa có bản sao lưu tự động")
        return 0
    for info in backups:
        print(
            f"{info.created_at:%d/%m/%Y %H:%M}\t{info.size_text}\t{info.plans} kế hoạch"
            f"\t{info.tasks} nhiệm vụ\t{info.files} tệp minh chứng\t{info.reason_label}\t{info.path}"
        )
    return 0


def _tally_problems(db) -> list[str]:
    """The deadline tally checked against the rows it counts, on a file at this version (an
    older one gets its tally when it is next opened, and upgraded)."""
    from storage.deadlines import tally_problems
    from storage.migrations import SCHEMA_VERSION

    version = db.execute("PRAGMA user_version").fetchone()[0]
    return tally_problems(db) if version == SCHEMA_VERSION else []


def _check(path, repair: bool) -> int:
    from sqlite_utils import Database

    from core.paths import attachments_dir
    from storage.attachments import check_files, repair_files
    from storage.backup import check_database
    from storage.backup_store import consistent_connection
    from storage.database import open_database
    from storage.deadlines import rebuild_tally, tally_problems

    problems = check_database(path)
    if problems:
        raise CommandError(f"{path}: {'; '.join(problems)}")
    root = attachments_dir(path)
    if repair:
        # A repair writes (the audit log), so the file is opened normally: upgraded, after the
        # automatic backup open_database takes of an older file.
        db = open_database(path, create=False)
        try:
            for line in repair_files(db, root):
                print(line)
            if tally_problems(db):
                rebuild_tally(db)
                print("Đã đếm lại bảng tổng hợp hạn xử lý từ các lượt nhiệm vụ")
            # What is left is what a repair cannot fix: missing files (now noted in the log).
            file_problems = check_files(db, root).messages() + tally_problems(db)
        finally:
            db.close()
    else:
        # Only reading: a check must not upgrade or otherwise change the file it judges.
        with consistent_connection(path) as conn:
            file_problems = check_files(Database(conn), root).messages() + _tally_problems(Database(conn))
    if file_problems:
        shown = "; ".join(file_problems[:10])
        more = f"; và {len(file_problems) - 10} vấn đề khác" if len(file_problems) > 10 else ""
        raise CommandError(f"{path}: {shown}{more}")
    print(f"{path}: không có lỗi")
    return 0
