"""Benchmark of the PDF importer: a born-digital plan of ten pages or more, read and prepared for the preview.

Target: under 1 second for the text layer read with positions, the layout, the parse and the
domain values the preview shows (`read_plan_file` + `to_domain`). The document is sample 004 printed
in the official layout (tests/pdf_documents.py) with its body repeated to pass ten pages, plus the
signed 8-page Hướng dẫn among the received samples when ../shared is there.
`python bench/bench_import_pdf.py` prints the figures.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import pypdfium2 as pdfium  # noqa: E402

from bench.common import Result, median_seconds, under  # noqa: E402  (needs the path set above)
from core.importing import read_plan_file, to_domain  # noqa: E402
from tests.pdf_documents import plan_pdf  # noqa: E402

SAMPLE = REPO / "resources" / "samples" / "004_2b9630492192a680.txt"
RECEIVED = REPO.parent / "shared" / "samples" / "received" / "12_pgd-hiephoa-500-HD-2020-cntt-signed.pdf"
TARGET_SECONDS = 1.0


def _long_plan(folder: Path, pages: int = 10) -> Path:
    """Sample 004 with its numbered body repeated until the printed plan has `pages` pages."""
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nI. ")
    body, foot = rest.split("\nNơi nhận", 1)
    for copies in range(1, 6):
        repeated = ("\nI. " + body) * copies
        path = plan_pdf(f"{head}{repeated}\nNơi nhận{foot}", folder / "ke-hoach-dai.pdf")
        if len(pdfium.PdfDocument(str(path))) >= pages:
            break
    return path


def _read(path: Path) -> int:
    return len(to_domain(read_plan_file(path)).all_tasks())


def run() -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as folder:
        path = _long_plan(Path(folder))
        pages = len(pdfium.PdfDocument(str(path)))
        seconds = median_seconds(lambda: _read(path), repeat=5)
        results.append(
            under(
                f"read a {pages}-page born-digital plan PDF (parse + preview data)",
                seconds,
                TARGET_SECONDS,
                note=f"{_read(path)} tasks",
            )
        )
    if RECEIVED.exists():
        seconds = median_seconds(lambda: _read(RECEIVED), repeat=5)
        results.append(under("read the signed 8-page Hướng dẫn 500/HD-PGD&ĐT", seconds, TARGET_SECONDS))
    return results


def main() -> int:
    for result in run():
        verdict = "ok" if result.met else "SLOW"
        print(
            f"{result.name}: {result.value} {result.unit} (target {result.target}, {verdict}) {result.note}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
