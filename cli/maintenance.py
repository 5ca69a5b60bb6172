"""`main.py backup DEST`, `main.py restore BACKUP`, `main.py check`: the data file's upkeep."""

from __future__ import annotations

import argparse

from cli.common import CommandError, add_db_argument, db_path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    add_db_argument(parser)
    parser.set_defaults(command=command)
    if command == "backup":
        parser.description = "Sao lưu tệp dữ liệu sang một tệp khác (an toàn cả khi chương trình đang mở)."
        parser.add_argument("dest", help="tệp sao lưu sẽ tạo")
    elif command == "restore":
        parser.description = "Khôi phục tệp dữ liệu từ bản sao lưu (giữ lại một bản của tệp bị thay)."
        parser.add_argument("backup", help="tệp sao lưu")
    else:
        parser.description = "Kiểm tra tệp dữ liệu: tính toàn vẹn, khóa ngoại, phiên bản cấu trúc."


def run(args: argparse.Namespace) -> int:
    from storage.backup import backup_database, check_database, restore_database

    path = db_path(args)
    if args.command == "backup":
        dest = backup_database(path, args.dest)
        print(f"Đã sao lưu {path} vào {dest}")
        return 0
    if args.command == "restore":
        kept = restore_database(args.backup, path)
        note = f" (tệp cũ được giữ tại {kept})" if kept else ""
        print(f"Đã khôi phục {path} từ {args.backup}{note}")
        return 0
    problems = check_database(path)
    if problems:
        raise CommandError(f"{path}: {'; '.join(problems)}")
    print(f"{path}: không có lỗi")
    return 0
