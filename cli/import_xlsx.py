"""`main.py import-xlsx FILE_OR_FOLDER`: read returned templates, preview, then write each file.

Prints, per file, the unit, how rows were matched, each change old → new (progress with its
difficulties and proposals, target figures, the units' «Báo cáo chung» for the period) and every
problem (file, sheet, row, column, reason); with --json the same as JSON ("changes",
"target_changes", "report_changes"). Unless --dry-run, each accepted
file is then written in one transaction and recorded in the progress history under its name.
A folder ends with a summary: units that reported, units that did not, files refused and why.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from cli.common import CommandError, add_db_argument, open_existing_db


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = "Nhập kết quả thực hiện từ biểu mẫu các đơn vị gửi lại (một tệp hoặc cả thư mục)."
    parser.add_argument("path", help="tệp .xlsx hoặc thư mục chứa các tệp .xlsx")
    parser.add_argument("--plan", help="chỉ nhận tệp của kế hoạch này (mã số hoặc số hiệu)")
    parser.add_argument("--dry-run", action="store_true", help="chỉ xem trước, không ghi gì")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    parser.add_argument(
        "--reader", choices=("auto", "calamine", "openpyxl"), default="auto", help=argparse.SUPPRESS
    )
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from storage import exchange
    from storage.database import StorageError
    from storage.plans import find_plan

    source = Path(args.path)
    if source.is_dir():
        files = exchange.xlsx_files(source)
        if not files:
            raise CommandError(f"Thư mục {source} không có tệp .xlsx nào")
    elif source.exists():
        files = [source]
    else:
        raise CommandError(f"Không tìm thấy tệp hoặc thư mục: {source}")
    db = open_existing_db(args)
    try:
        plan_id = find_plan(db, args.plan).id if args.plan else None
        previews = exchange.preview_files(db, files, plan_id=plan_id, engine=args.reader)
        if not source.is_dir() and previews[0].rejected:
            raise CommandError(f"Tệp {previews[0].name}: {previews[0].rejected}")
        applied: dict[str, int] = {}
        failed: dict[str, str] = {}
        if not args.dry_run:
            for preview in previews:
                if preview.accepted and preview.change_count:
                    try:
                        applied[preview.name] = exchange.apply_file(db, preview)
                    except StorageError as error:
                        failed[preview.name] = str(error)
        summary = exchange.import_summary(db, previews) if source.is_dir() else None
    finally:
        db.close()
    if args.json:
        print(
            json.dumps(
                _as_json(previews, summary, applied, failed, args.dry_run), ensure_ascii=False, indent=2
            )
        )
    else:
        _print_text(previews, summary, applied, failed, args.dry_run)
    return 0


def _change_json(change) -> dict:
    return {
        "sheet": change.sheet,
        "row": change.row,
        "unit": change.unit_name,
        "task_path": change.task_path,
        "task": change.content,
        "year": change.occurrence_key or None,
        "matched_by": change.matched_by,
        "old": _progress_json(change.old),
        "new": _progress_json(change.new),
    }


def _progress_json(value) -> dict:
    return {
        "state": value.state.value,
        "progress": value.progress,
        "completed_on": value.completed_on.isoformat() if value.completed_on else None,
        "result": value.result,
        "difficulties": value.difficulties,
        "proposals": value.proposals,
    }


def _report_json(value) -> dict | None:
    if value is None:
        return None
    return {"highlights": value.highlights, "shortcomings": value.shortcomings, "proposals": value.proposals}


def _figure_json(value) -> dict | None:
    if value is None:
        return None
    return {
        "value": value.value,
        "numerator": value.numerator,
        "denominator": value.denominator,
        "note": value.note,
    }


def _as_json(previews, summary, applied, failed, dry_run: bool) -> dict:
    files = []
    for preview in previews:
        files.append(
            {
                "file": preview.name,
                "accepted": preview.accepted,
                "rejected": preview.rejected or None,
                "plan": preview.plan_label or None,
                "units": list(preview.unit_names),
                "sheets": [
                    {
                        "sheet": sheet.sheet,
                        "unit": sheet.unit_name,
                        "rows": sheet.rows,
                        "matched_by": sheet.method,
                    }
                    for sheet in preview.sheets
                ],
                "changes": [_change_json(change) for change in preview.changes],
                "target_changes": [
                    {
                        "sheet": change.sheet,
                        "row": change.row,
                        "unit": change.unit_name,
                        "target": change.indicator_text,
                        "period": change.period,
                        "old": _figure_json(change.old),
                        "new": _figure_json(change.new),
                    }
                    for change in preview.target_changes
                ],
                "report_changes": [
                    {
                        "sheet": change.sheet,
                        "row": change.row,
                        "unit": change.unit_name,
                        "period": change.period,
                        "period_label": change.period_label,
                        "old": _report_json(change.old),
                        "new": _report_json(change.new),
                    }
                    for change in preview.report_changes
                ],
                "problems": [
                    {
                        "file": problem.file,
                        "sheet": problem.sheet or None,
                        "row": problem.row,
                        "column": problem.column or None,
                        "reason": problem.reason,
                    }
                    for problem in preview.problems
                ],
                "applied": applied.get(preview.name, 0),
                "error": failed.get(preview.name),
            }
        )
    result = {"dry_run": dry_run, "files": files}
    if summary is not None:
        result["summary"] = {
            "reported": list(summary.reported),
            "not_reported": list(summary.not_reported),
            "rejected": [{"file": name, "reason": reason} for name, reason in summary.rejected],
        }
    return result


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _print_text(previews, summary, applied, failed, dry_run: bool) -> None:
    for preview in previews:
        if preview.rejected:
            print(f"✗ {preview.name}: bị từ chối — {preview.rejected}")
            continue
        units = ", ".join(preview.unit_names) or "—"
        methods = "; ".join(f"{sheet.sheet}: {sheet.method}" for sheet in preview.sheets)
        print(f"• {preview.name} — kế hoạch {preview.plan_label} — đơn vị: {units}")
        print(f"  khớp dòng theo {methods}; {preview.change_count} thay đổi, {len(preview.problems)} vấn đề")
        for change in preview.changes:
            year = f" năm {change.occurrence_key}" if change.occurrence_key else ""
            fields = "; ".join(
                f"{label}: {old or '—'} → {new or '—'}" for label, old, new in change.differences()
            )
            print(f"  {change.task_path}{year} ({change.unit_name}, dòng {change.row}): {fields}")
        for change in preview.target_changes:
            label, old, new = change.differences()[0]
            print(
                f"  Chỉ tiêu «{change.indicator_text}» kỳ {change.period} ({change.unit_name}): {old} → {new}"
            )
        for change in preview.report_changes:
            fields = "; ".join(
                f"{label}: {_short(old) or '—'} → {_short(new) or '—'}"
                for label, old, new in change.differences()
            )
            print(f"  Báo cáo chung {change.period_label} ({change.unit_name}, dòng {change.row}): {fields}")
        for problem in preview.problems:
            print(f"  ! {problem}")
        if preview.name in failed:
            print(f"  ✗ không ghi: {failed[preview.name]}")
    if summary is not None:
        print(f"Đơn vị đã báo cáo ({len(summary.reported)}): {', '.join(summary.reported) or '—'}")
        print(f"Đơn vị chưa báo cáo ({len(summary.not_reported)}): {', '.join(summary.not_reported) or '—'}")
        print(
            f"Tệp bị từ chối ({len(summary.rejected)}): "
            + ("; ".join(f"{name} ({reason})" for name, reason in summary.rejected) or "—")
        )
    if dry_run:
        print("Chỉ xem trước (--dry-run): chưa ghi gì vào dữ liệu.")
    else:
        print(f"Đã ghi {sum(applied.values())} thay đổi từ {len(applied)} tệp.")
