"""`main.py package FILE.qlkh` and `main.py import-package FILE.qlkh --db NEW`: one file to another PC."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.common import CommandError, add_db_argument, db_path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.set_defaults(command=command)
    if command == "package":
        add_db_argument(parser)
        parser.description = (
            "Đóng gói tệp dữ liệu cùng các tệp minh chứng thành một tệp .qlkh để chép sang máy khác."
        )
        parser.add_argument("package", help="tệp gói sẽ tạo (.qlkh)")
    else:
        parser.description = (
            "Mở một gói dữ liệu .qlkh thành tệp dữ liệu mới (không bao giờ ghi đè lên tệp có sẵn)."
        )
        parser.add_argument("package", help="tệp gói (.qlkh)")
        parser.add_argument("--db", required=True, help="tệp dữ liệu mới sẽ tạo (chưa được có)")


def run(args: argparse.Namespace) -> int:
    from storage.package import import_package, write_package

    if args.command == "package":
        source = db_path(args)
        if not source.exists():
            raise CommandError(f"Không tìm thấy tệp dữ liệu: {source}")
        summary = write_package(source, args.package)
        print(
            f"Đã đóng gói {source} vào {summary.path}: {summary.plans} kế hoạch, {summary.tasks} nhiệm vụ,"
            f" {summary.files} tệp minh chứng"
        )
        return 0
    summary = import_package(args.package, Path(args.db))
    print(
        f"Đã mở gói {args.package} thành {summary.path}: {summary.plans} kế hoạch, {summary.tasks} nhiệm vụ,"
        f" {summary.files} tệp minh chứng"
    )
    return 0
