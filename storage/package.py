"""One portable file (`.qlkh`) that carries a data file and its evidence files to another PC.

A package is a zip: `database.sqlite3` (a copy through SQLite's backup API, integrity-checked),
the evidence files under `tep_dinh_kem/`, and `manifest.json` listing every member with its
size and SHA-256. Writing goes to a temporary name moved into place. Opening a package never
overwrites anything: the new data file and its attachments folder must not exist yet; members
are unpacked into a temporary folder beside the target, each checked against the manifest
(names that would leave the folder, sizes and checksums), the database checked, and only then
moved into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath

from core.about import VERSION
from core.paths import attachments_dir
from storage.backup import check_database
from storage.backup_store import copy_database, count_plans_and_tasks, file_digest, one_line, walk_files
from storage.database import StorageError, ensure_sqlite_file

PACKAGE_SUFFIX = ".qlkh"
FORMAT = "qlkh-package"
DATABASE_MEMBER = "database.sqlite3"
FILES_PREFIX = "tep_dinh_kem/"
MANIFEST_MEMBER = "manifest.json"
_CHUNK = 1 << 20
_MAX_MANIFEST = 50 << 20  # a manifest of a million files is still far below this

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True, slots=True)
class PackageSummary:
    path: Path
    plans: int
    tasks: int
    files: int
    size: int  # bytes of content (database and evidence files), before compression


def write_package(
    db_path: str | Path, package_path: str | Path, progress: Progress | None = None
) -> PackageSummary:
    """Write the package of the data file at `db_path` to `package_path` (replaced if it exists)."""
    source, target = Path(db_path), Path(package_path)
    if not source.is_file():
        raise StorageError(f"Không tìm thấy tệp dữ liệu {source} để đóng gói")
    ensure_sqlite_file(source)
    report = progress or (lambda done, total, text: None)
    files = list(walk_files(attachments_dir(source)))
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="qlkh-", dir=target.parent) as folder:
            copy = Path(folder) / DATABASE_MEMBER
            report(0, len(files) + 1, "Đang chép cơ sở dữ liệu…")
            copy_database(source, copy)
            plans, tasks = count_plans_and_tasks(copy)
            members = []
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
                members.append(_add(archive, copy, DATABASE_MEMBER))
                for done, (relative, path) in enumerate(files, start=1):
                    report(done, len(files) + 1, f"Đang đóng gói tệp minh chứng {relative}")
                    members.append(_add(archive, path, FILES_PREFIX + relative))
                manifest = {
                    "format": FORMAT,
                    "version": 1,
                    "app_version": VERSION,
                    "created_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                    "database": source.name,
                    "plans": plans,
                    "tasks": tasks,
                    "members": members,
                }
                archive.writestr(MANIFEST_MEMBER, json.dumps(manifest, ensure_ascii=False, indent=1))
        os.replace(partial, target)
    except OSError as exc:
        raise StorageError(f"Không ghi được gói dữ liệu {target}: {one_line(exc.strerror or exc)}") from exc
    finally:
        partial.unlink(missing_ok=True)
    size = sum(member["size"] for member in members)
    return PackageSummary(target, plans, tasks, len(files), size)


def import_package(
    package_path: str | Path, db_path: str | Path, progress: Progress | None = None
) -> PackageSummary:
    """Unpack the package into a new data file at `db_path` with its attachments folder beside it.

    StorageError (one line, nothing left behind) when `db_path` or its attachments folder already
    exists, or when the package is not one, is damaged or does not match its manifest.
    """
    package, target = Path(package_path), Path(db_path)
    files_dir = attachments_dir(target)
    for existing in (target, files_dir):
        if existing.exists():
            raise StorageError(
                f"Đã có {existing}: gói dữ liệu không ghi đè lên tệp có sẵn; hãy chọn một tên tệp mới"
            )
    report = progress or (lambda done, total, text: None)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with (
            zipfile.ZipFile(package) as archive,
            tempfile.TemporaryDirectory(prefix=".qlkh-", dir=target.parent) as folder,
        ):
            members = _read_manifest(archive, package)
            needed, free = sum(m["size"] for m in members), shutil.disk_usage(target.parent).free
            if needed > free:  # refused before unpacking anything, a zip bomb included
                raise StorageError(
                    f"Không đủ chỗ trống để mở gói {package}: cần {needed // (1 << 20) + 1} MB,"
                    f" ổ đĩa chứa {target.parent} còn {free // (1 << 20)} MB"
                )
            staged = Path(folder)
            for done, member in enumerate(members):
                report(done, len(members), f"Đang mở {member['path']}")
                _extract_checked(archive, member, staged, package)
            database = staged / DATABASE_MEMBER
            _check_unpacked(database, package)
            plans, tasks = count_plans_and_tasks(database)
            unpacked_files = staged / FILES_PREFIX.rstrip("/")
            moved_files = unpacked_files.is_dir()
            if moved_files:
                os.replace(unpacked_files, files_dir)
            try:
                os.replace(database, target)  # last: a data file only appears complete
            except BaseException:
                if moved_files:  # it did not exist before: ours to take back
                    shutil.rmtree(files_dir, ignore_errors=True)
                raise
    except zipfile.BadZipFile as exc:
        raise StorageError(f"Tệp {package} không phải là gói dữ liệu (.qlkh): {one_line(exc)}") from exc
    except OSError as exc:
        raise StorageError(f"Không mở được gói dữ liệu {package}: {one_line(exc.strerror or exc)}") from exc
    size = sum(member["size"] for member in members)
    return PackageSummary(target, plans, tasks, len(members) - 1, size)


def _add(archive: zipfile.ZipFile, path: Path, name: str) -> dict:
    sha256, size = file_digest(path)
    archive.write(path, name)
    return {"path": name, "size": size, "sha256": sha256}


def _read_manifest(archive: zipfile.ZipFile, package: Path) -> list[dict]:
    try:
        info = archive.getinfo(MANIFEST_MEMBER)
    except KeyError:
        raise StorageError(f"Tệp {package} không phải là gói dữ liệu: thiếu {MANIFEST_MEMBER}") from None
    if info.file_size > _MAX_MANIFEST:
        raise StorageError(f"Gói dữ liệu {package} hỏng: {MANIFEST_MEMBER} quá lớn")
    try:
        manifest = json.loads(archive.read(MANIFEST_MEMBER).decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise StorageError(f"Gói dữ liệu {package} hỏng: không đọc được {MANIFEST_MEMBER}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise StorageError(f"Tệp {package} không phải là gói dữ liệu của chương trình này")
    if manifest.get("version") != 1:
        raise StorageError(f"Gói dữ liệu {package} thuộc phiên bản định dạng mới hơn chương trình này")
    members = manifest.get("members")
    if not isinstance(members, list) or not all(_valid_member(m) for m in members):
        raise StorageError(f"Gói dữ liệu {package} hỏng: danh sách tệp trong {MANIFEST_MEMBER} không hợp lệ")
    names = [member["path"] for member in members]
    if names.count(DATABASE_MEMBER) != 1 or len(set(names)) != len(names):
        raise StorageError(f"Gói dữ liệu {package} hỏng: thiếu cơ sở dữ liệu hoặc có tệp trùng tên")
    return members


def _valid_member(member: object) -> bool:
    if not isinstance(member, dict):
        return False
    path, size, sha256 = member.get("path"), member.get("size"), member.get("sha256")
    if not (isinstance(path, str) and isinstance(size, int) and isinstance(sha256, str)) or size < 0:
        return False
    parts = PurePosixPath(path).parts
    inside = not path.startswith("/") and "\\" not in path and ".." not in parts and ":" not in path
    return inside and (path == DATABASE_MEMBER or (path.startswith(FILES_PREFIX) and len(parts) > 1))


def _extract_checked(archive: zipfile.ZipFile, member: dict, folder: Path, package: Path) -> None:
    """Unpack one member, stopping at its declared size (a zip bomb stops there) and checking its SHA-256."""
    name = member["path"]
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise StorageError(f"Gói dữ liệu {package} hỏng: thiếu tệp {name}") from None
    if info.file_size != member["size"]:
        raise StorageError(f"Gói dữ liệu {package} hỏng: kích thước tệp {name} không khớp")
    target = folder.joinpath(*PurePosixPath(name).parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    written = 0
    with archive.open(info) as source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > member["size"]:
                raise StorageError(f"Gói dữ liệu {package} hỏng: tệp {name} dài hơn khai báo")
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != member["sha256"]:
        raise StorageError(f"Gói dữ liệu {package} hỏng: mã kiểm tra SHA-256 của tệp {name} không khớp")


def _check_unpacked(database: Path, package: Path) -> None:
    problems = check_database(database)
    if problems:
        raise StorageError(f"Cơ sở dữ liệu trong gói {package} không dùng được: {one_line(problems[0])}")
