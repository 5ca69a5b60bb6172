"""`main.py office`: show or set our office (name, body above, kind, place, symbol, signer)."""

from __future__ import annotations

import argparse
import dataclasses
import json

from cli.common import CommandError, add_db_argument, db_path

_FIELDS = {
    "name": "name",
    "parent": "parent_body",
    "kind": "kind_code",
    "place": "place",
    "symbol": "symbol",
}


def configure(parser: argparse.ArgumentParser, command: str) -> None:
    parser.description = (
        "Xem hoặc đặt thông tin đơn vị của ta (in trên văn bản và là một đơn vị trong danh bạ)."
    )
    add_db_argument(parser)
    parser.add_argument("--name", help="tên đơn vị, VD: Phòng Giáo dục và Đào tạo huyện Phong Thổ")
    parser.add_argument(
        "--parent", help="cơ quan cấp trên in trên tiêu đề, VD: UBND huyện Phong Thổ ('' để bỏ)"
    )
    parser.add_argument("--kind", help="mã loại đơn vị trong danh mục, VD: phong_ban, ubnd_xa, thcs")
    parser.add_argument("--place", help="địa danh ghi ở dòng ngày tháng, VD: Phong Thổ")
    parser.add_argument("--symbol", help="chữ viết tắt trong ký hiệu văn bản, VD: PGDĐT")
    parser.add_argument(
        "--authority", help="thẩm quyền ký, mỗi dòng cách nhau bởi '|', VD: 'KT. TRƯỞNG PHÒNG'"
    )
    parser.add_argument("--signer-title", help="chức vụ người ký, VD: PHÓ TRƯỞNG PHÒNG")
    parser.add_argument("--signer-name", help="họ tên người ký")
    parser.add_argument("--recipients", help="nơi nhận thường dùng, các dòng cách nhau bởi '|'")
    parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def run(args: argparse.Namespace) -> int:
    from storage.database import open_database
    from storage.office import get_office, save_office
    from storage.units import list_unit_kinds

    changes = {
        field: getattr(args, option) for option, field in _FIELDS.items() if getattr(args, option) is not None
    }
    signer_changes = {
        key: value
        for key, value in (
            ("authority", _lines(args.authority)),
            ("title", args.signer_title),
            ("name", args.signer_name),
        )
        if value is not None
    }
    writing = bool(changes or signer_changes or args.recipients is not None)
    path = db_path(args)
    if not writing and not path.exists():
        raise CommandError(f"Không tìm thấy tệp dữ liệu: {path}")
    db = open_database(path)
    try:
        office = get_office(db)
        if writing:
            if "kind_code" in changes and changes["kind_code"]:
                codes = [kind.code for kind in list_unit_kinds(db)]
                if changes["kind_code"] not in codes:
                    raise CommandError(
                        f"--kind: không có loại đơn vị {changes['kind_code']!r}; có: {', '.join(codes)}"
                    )
            office = dataclasses.replace(
                office,
                **changes,
                signer=dataclasses.replace(office.signer, **signer_changes),
                recipients=_lines(args.recipients) if args.recipients is not None else office.recipients,
            )
            office = save_office(db, office)
    finally:
        db.close()
    if args.json:
        print(json.dumps(_as_json(office), ensure_ascii=False, indent=2))
    else:
        _print(office)
    return 0


def _lines(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(line.strip() for line in text.split("|") if line.strip())


def _as_json(office) -> dict:
    return {
        "name": office.name,
        "parent": office.parent_body,
        "kind": office.kind_code,
        "place": office.place,
        "symbol": office.symbol,
        "authority": list(office.signer.authority),
        "signer_title": office.signer.title,
        "signer_name": office.signer.name,
        "recipients": list(office.recipients),
        "unit_id": office.unit_id,
    }


def _print(office) -> None:
    from core.office import missing_office_warning

    rows = (
        ("Tên đơn vị", office.name),
        ("Cơ quan cấp trên", office.parent_body),
        ("Loại đơn vị", office.kind_code),
        ("Địa danh", office.place),
        ("Chữ viết tắt", office.symbol),
        ("Thẩm quyền ký", " / ".join(office.signer.authority)),
        ("Chức vụ người ký", office.signer.title),
        ("Người ký", office.signer.name),
        ("Nơi nhận", " / ".join(office.recipients)),
    )
    for label, value in rows:
        print(f"{label + ':':<18} {value or '—'}")
    warning = missing_office_warning(office)
    if warning:
        print(warning)
