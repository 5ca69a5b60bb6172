"""Start-up loads only what the first window needs: the readers, the PDF and spreadsheet libraries
load when a user first imports, previews or exports (issue 14: start in under 0.3 s)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEAVY = ("openpyxl", "docx", "reportlab", "pypdfium2", "pypdf", "python_calamine",
         "core.importing.reading", "core.importing.text_parser")  # fmt: skip


def test_the_main_window_module_loads_no_reader_and_no_document_library():
    code = (
        "import json, sys\n"
        "import gui.main_window\n"
        f"print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120, check=True)  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_the_importer_still_reads_a_plan_through_the_package():
    from core.importing import PlanImportError, parse_plan_text, read_plan_file, to_domain

    assert callable(read_plan_file) and callable(parse_plan_text) and callable(to_domain)
    assert issubclass(PlanImportError, ValueError)
