"""`main.py derive-plan`: our draft implementation plan made from a received plan's tasks."""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import CommandError, add_db_argument, open_existing_db


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = (
        "Xây dựng kế hoạch thực hiện (dự thảo) từ một kế hoạch cấp trên: chép các nhiệm vụ được chọn,"
        " giao cho đơn vị của ta hoặc đơn vị cấp dưới, giữ liên kết tới nhiệm vụ nguồn."
    )
    add_db_argument(parser)
    parser.add_argument("--from", dest="source", required=True, help="kế hoạch cấp trên: mã số hoặc số hiệu")
    chosen = parser.add_mutually_exclusive_group(required=True)
    chosen.add_argument(
        "--ours", action="store_true", help="các nhiệm vụ của ta (chủ trì, phối hợp, giao cấp dưới)"
    )
    chosen.add_argument("--tasks", help="các mục được chọn, cách nhau bởi dấu phẩy, VD: II.1,II.3.a")
    parser.add_argument("--title", help="trích yếu của kế hoạch mới (mặc định: Thực hiện Kế hoạch số …)")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run(args: argparse.Namespace) -> int:
    from storage.chain import DraftTask, candidates, default_drafts, derive_plan
    from storage.office import get_office
    from storage.plans import find_plan

    db = open_existing_db(args)
    try:
        source = find_plan(db, args.source)
        found = candidates(db, source.id)
        if args.ours:
            if get_office(db).unit_id is None:
                raise CommandError(
                    "Chưa có thông tin đơn vị của ta nên không biết nhiệm vụ nào là của ta:"
                    " đặt bằng `main.py office --name …` hoặc dùng --tasks"
                )
            drafts = default_drafts(found)
            if not drafts:
                raise CommandError(f"Kế hoạch {args.source} không có nhiệm vụ nào giao cho đơn vị của ta")
        else:
            by_path = {c.path.casefold(): c for c in found if c.kind.value == "task"}
            drafts = []
            for path in (p.strip() for p in args.tasks.split(",")):
                if not path:
                    continue
                c = by_path.get(path.casefold())
                if c is None:
                    raise CommandError(f"--tasks: kế hoạch {args.source} không có nhiệm vụ mục {path!r}")
                drafts.append(
                    DraftTask(
                        content=c.content,
                        source_task_id=c.task_id,
                        title=c.title,
                        lead_ids=c.default_leads,
                        support_ids=c.default_supports,
                        due=c.due,
                        timeframe_text=c.timeframe_text,
                    )
                )
        derived = derive_plan(db, source.id, drafts, title=args.title)
    finally:
        db.close()
    for warning in derived.warnings:
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    if args.json:
        print(json.dumps(_as_json(derived), ensure_ascii=False, indent=2))
    else:
        print(f"Đã tạo kế hoạch dự thảo mã số {derived.plan.id}: {derived.plan.title}")
        for task in derived.tasks:
            units = ", ".join(task.lead_units) or "—"
            source_path = f" (từ mục {task.source_path})" if task.source_path else ""
            print(f"  {task.path:<8} {units}{source_path} — {task.content[:70]}")
    return 0


def _as_json(derived) -> dict:
    return {
        "plan_id": derived.plan.id,
        "title": derived.plan.title,
        "tasks": [
            {
                "path": task.path,
                "source_path": task.source_path,
                "content": task.content,
                "lead_units": list(task.lead_units),
                "support_units": list(task.support_units),
                "due": task.due.isoformat() if task.due else None,
                "later_than_source": task.later_than_source,
            }
            for task in derived.tasks
        ],
        "warnings": list(derived.warnings),
    }
