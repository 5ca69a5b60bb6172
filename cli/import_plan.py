"""`main.py import-plan FILE`: a plan document (.txt, .docx, .xlsx annex) into the database.

--dry-run parses and prints without saving. A plan that is already in the database (same
number and year, or the same text) is never duplicated silently: the command stops unless
--update (replace that plan, keeping progress of unchanged tasks) or --keep-both is given.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import CommandError, add_db_argument, db_path


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = "Nhập kế hoạch từ văn bản (.txt, .docx) hoặc bảng phụ lục (.xlsx)."
    parser.add_argument("file", help="tệp văn bản kế hoạch")
    add_db_argument(parser)
    parser.add_argument("--dry-run", action="store_true", help="chỉ đọc và in kết quả, không lưu")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--update", action="store_true", help="nếu kế hoạch đã có: cập nhật kế hoạch đó")
    choice.add_argument("--keep-both", action="store_true", help="nếu kế hoạch đã có: vẫn thêm bản mới")


def run(args: argparse.Namespace) -> int:
    from core.importing import read_plan_file, to_domain, to_json

    path = Path(args.file)
    if not path.is_file():
        raise CommandError(f"Không tìm thấy tệp: {path}")
    parsed = read_plan_file(path)  # PlanImportError is a ValueError: printed as one line
    result = to_json(parsed)
    if not args.dry_run:
        result["plan_id"] = _save(args, to_domain(parsed))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        _print_summary(result, saved=not args.dry_run)
    return 0


def _save(args: argparse.Namespace, domain) -> int:
    from storage.database import open_database
    from storage.plan_import import find_duplicates, save_imported_plan
    from storage.plans import plan_label

    db = open_database(db_path(args))
    try:
        duplicates = find_duplicates(db, domain.plan)
        if duplicates and not (args.update or args.keep_both):
            names = ", ".join(f"{plan_label(plan)} (id {plan.id})" for plan in duplicates)
            raise CommandError(
                f"Kế hoạch đã có trong dữ liệu: {names}; dùng --update để cập nhật hoặc --keep-both"
            )
        if args.update and len(duplicates) > 1:
            raise CommandError(
                "Có nhiều kế hoạch trùng; hãy cập nhật trong giao diện để chọn kế hoạch cần thay"
            )
        target = duplicates[0].id if args.update and duplicates else None
        return save_imported_plan(db, domain, update_plan_id=target).id
    finally:
        db.close()


def _print_summary(result: dict, saved: bool) -> None:
    number = result["number"] or "(chưa có số)"
    print(f"{result['doc_type']} {number}: {result['title'][:100]}")
    counts = (len(result[key]) for key in ("sections", "tasks", "indicators", "recipients"))
    print("{} mục, {} nhiệm vụ, {} chỉ tiêu, {} nơi nhận".format(*counts))
    for warning in result["warnings"]:
        print(f"Lưu ý: {warning}")
    if saved:
        print(f"Đã lưu, mã kế hoạch {result['plan_id']}")
