"""`main.py report KIND`: print a report to PDF without the GUI, as the 'Báo cáo' screen does, or
write it as a Word document (.docx) in the same layout, for the clerk to edit before signing.

    main.py report plan|progress|deadlines|assignment --out FILE.pdf|FILE.docx [--plan REF]
                   [--unit NAME] [--as-of DATE] [--db PATH]

The plan and the progress report need --plan; the assignment sheet needs --unit; the deadline list
and the sheet cover every plan unless --plan is given. Letterhead, signer, recipients and margins
are the settings' (or, for the plan itself, the plan's own); number and date stay blank for the
clerk to fill in.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import CommandError, add_db_argument, open_existing_db, parse_as_of, unit_id_named

KINDS = ("plan", "progress", "deadlines", "assignment")
SUFFIXES = (".pdf", ".docx")
_OFFICE_HINT = "Điền bằng `main.py office --name … --place … --symbol … --signer-title … --signer-name …`."


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = (
        "In báo cáo PDF (hoặc ghi tệp Word .docx) theo thể thức Nghị định 30/2020: plan (kế hoạch và "
        "phụ lục), progress (báo cáo kết quả thực hiện), deadlines (nhiệm vụ quá hạn, sắp đến hạn), "
        "assignment (phiếu giao nhiệm vụ)."
    )
    parser.add_argument("kind", choices=KINDS, help="loại báo cáo")
    parser.add_argument("--plan", help="kế hoạch: mã số hoặc số hiệu như 367/KH-UBND")
    parser.add_argument("--out", required=True, help="tệp sẽ ghi: .pdf, hoặc .docx để sửa trong Word")
    parser.add_argument("--unit", help="đơn vị (tên hoặc tên viết tắt)")
    parser.add_argument("--as-of", help="tính đến ngày (YYYY-MM-DD hoặc dd/mm/yyyy); mặc định hôm nay")
    add_db_argument(parser)


def run(args: argparse.Namespace) -> int:
    from core.office import letterhead_warning
    from core.reports import render_docx, render_pdf
    from core.reports.data import ReportOptions, ReportRequest
    from storage.plans import find_plan
    from storage.reports import default_letterhead, gather, report_margins

    out = Path(args.out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise CommandError(f"--out: tệp báo cáo phải có đuôi .pdf hoặc .docx: {out}")
    if not out.parent.is_dir():
        raise CommandError(f"--out: không có thư mục {out.parent}")
    if args.kind in ("plan", "progress") and not args.plan:
        raise CommandError(f"report {args.kind}: cần --plan (mã số hoặc số hiệu kế hoạch)")
    if args.kind == "assignment" and not args.unit:
        raise CommandError("report assignment: cần --unit (đơn vị nhận phiếu giao nhiệm vụ)")
    as_of = parse_as_of(args.as_of)
    db = open_existing_db(args)
    try:
        plan_id = find_plan(db, args.plan).id if args.plan else None
        unit_id = unit_id_named(db, args.unit) if args.unit else None
        request = ReportRequest(args.kind, as_of, plan_id, unit_id)
        data = gather(db, request)
        options = ReportOptions(default_letterhead(db, request), report_margins(db))
    finally:
        db.close()
    pages = []
    if suffix == ".docx":
        content = render_docx(data, options)
    else:
        content = render_pdf(data, options, on_page=pages.append)
    try:
        out.write_bytes(content)
    except OSError as error:
        raise CommandError(f"--out: không ghi được {out}: {error.strerror or error}") from error
    # Word lays out its own pages: a .docx has no page count until it is opened.
    print(f"Đã ghi {out} ({len(pages)} trang)" if suffix == ".pdf" else f"Đã ghi {out}")
    if warning := letterhead_warning(options.letterhead, _OFFICE_HINT):
        print(f"Cảnh báo: {warning}", file=sys.stderr)
    return 0
