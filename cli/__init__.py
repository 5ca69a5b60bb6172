"""Command line: `main.py [--db PATH]` opens the GUI; `main.py [--db PATH] COMMAND …` runs headless
(`--db` may also follow the command).

Every command exits 0 on success and 1 with a single-line message on bad input, never a
traceback. Qt is imported only when the GUI starts, so headless commands run on machines
without a display.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from cli.common import CommandError, machine_fault
from core.about import APP_NAME, VERSION


class _Parser(argparse.ArgumentParser):
    # argparse exits with code 2 and a usage block; the contract is one line and exit 1.
    def error(self, message: str):
        raise CommandError(f"{self.prog}: {message}")


# Each command is a module cli/<module>.py exposing `configure(parser, command)` (command is the
# name typed, for modules serving several) and `run(args) -> int`. Modules are imported only
# when their command runs, so one command never slows another.
COMMANDS: dict[str, str] = {
    "deadlines": "cli.deadlines",
    "import-plan": "cli.import_plan",
    "office": "cli.office",
    "derive-plan": "cli.derive_plan",
    "report": "cli.report",
    "export-xlsx": "cli.export_xlsx",
    "import-xlsx": "cli.import_xlsx",
    "backup": "cli.maintenance",
    "restore": "cli.maintenance",
    "check": "cli.maintenance",
    "backups": "cli.maintenance",
    "package": "cli.package",
    "import-package": "cli.package",
}


def _gui_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="main.py", description=f"{APP_NAME} {VERSION}")
    parser.add_argument("--db", help="tệp dữ liệu SQLite (mặc định: thư mục dữ liệu của người dùng)")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="mở cửa sổ chính, xử lý sự kiện rồi thoát với mã 0 (dùng để kiểm tra bản đóng gói)",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}")
    return parser


GLOBAL_OPTIONS = ("--db",)  # accepted before the command as well as after it, as git and pip do


def split_global_options(argv: Sequence[str]) -> tuple[list[str], list[str]]:
    """(the global options written before the command, the command and the rest).

    `main.py --db F import-plan X` is read as `main.py import-plan X --db F`; without a command
    after them the options are the GUI's and everything stays where it is.
    """
    before: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in GLOBAL_OPTIONS and index + 1 < len(argv):
            before += [word, argv[index + 1]]
            index += 2
        elif word.split("=", 1)[0] in GLOBAL_OPTIONS and "=" in word:
            before.append(word)
            index += 1
        else:
            break
    rest = list(argv[index:])
    if rest and rest[0] in COMMANDS:
        return before, rest
    return [], list(argv)


def main(argv: Sequence[str]) -> int:
    words = list(argv)  # as typed: a fault's message names the --db file wherever it was written
    try:
        before, argv = split_global_options(words)
        if argv and argv[0] in COMMANDS:
            command = importlib.import_module(COMMANDS[argv[0]])
            parser = _Parser(prog=f"main.py {argv[0]}")
            command.configure(parser, argv[0])
            return command.run(parser.parse_args([*argv[1:], *before]))
        args = _gui_parser().parse_args(argv)
    except (CommandError, ValueError) as error:
        # StorageError and PlanImportError are ValueErrors with a user-facing message.
        print(f"Lỗi: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # a machine fault, or a bug: still one line, the traceback on request
        if message := machine_fault(error, words):
            print(f"Lỗi: {message}", file=sys.stderr)
            return 1
        if os.environ.get("KEHOACH_DEBUG"):
            raise
        print(
            f"Lỗi không mong đợi: {type(error).__name__}: {error} (đặt KEHOACH_DEBUG=1 để xem chi tiết)",
            file=sys.stderr,
        )
        return 1
    from gui.app import run_gui

    return run_gui(db=args.db, smoke_test=args.smoke_test)
