"""Run every benchmark (bench/bench_*.py, each exposing `run() -> list[Result]`) and write docs/benchmarks.md.

    python bench/run.py            # all benchmarks
    python bench/run.py import     # only modules whose name contains "import"

Benchmarks measure speed and memory targets; unit tests never time anything.
"""

from __future__ import annotations

import importlib
import os
import platform
import sys
import time
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import Result  # noqa: E402

OUTPUT = REPO / "docs" / "benchmarks.md"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores{memory}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    selected = argv[0] if argv else ""
    modules = sorted(p.stem for p in (REPO / "bench").glob("bench_*.py") if selected in p.stem)
    sections: list[tuple[str, str, list[Result], float]] = []
    for name in modules:
        module = importlib.import_module(f"bench.{name}")
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        results = module.run()
        elapsed = time.perf_counter() - start
        for result in results:
            mark = {True: "đạt", False: "KHÔNG ĐẠT", None: ""}[result.met]
            print(f"  {result.name}: {result.value} {result.unit} {result.target} {mark}", flush=True)
        sections.append((name, (module.__doc__ or "").strip(), results, elapsed))
    if not selected:
        write_report(sections)
        print(f"Đã ghi {OUTPUT.relative_to(REPO)}")
    return 0 if all(r.met is not False for _, _, results, _ in sections for r in results) else 1


def write_report(sections) -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `python bench/run.py` (or `python3 scripts/dev.py bench`); do not edit by hand.",
        "",
        f"- Run: {datetime.now().strftime('%Y-%m-%d %H:%M')}",
        f"- Machine: {machine()}",
        "",
    ]
    for name, doc, results, elapsed in sections:
        lines += [f"## {name}", "", doc, "", "| measure | result | target | met |", "|---|---|---|---|"]
        for r in results:
            met = {True: "yes", False: "**no**", None: "—"}[r.met]
            note = f" ({r.note})" if r.note else ""
            lines.append(f"| {r.name}{note} | {r.value:g} {r.unit} | {r.target} | {met} |")
        lines += ["", f"_Module ran in {elapsed:.1f} s._", ""]
    OUTPUT.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
