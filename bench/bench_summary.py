"""Benchmark the batch summary that `qa-check certify` writes into --out.

Judges the shipped examples once, then makes N summary rows of them (80 % pass, 15 % fail,
5 % invalid, each under a SKU of its own) and times what certify does at the end of a batch:
summary.json, summary.csv and summary.pdf built and written, in a fresh process each time, so
the font is registered as in a real run. Prints best and median of --repeat runs, the PDF's
page count and size, against issue 10's target: 10,000 records in under 5 s. It reports; it
does not fail.

    python bench/bench_summary.py [--records 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 5.0

CHILD = """
import dataclasses, sys, time
from pathlib import Path
from qa_check.engine.checklists import load_registry
from qa_check.records.read import read_records, record_files
from qa_check.certificates.preflight import CHECKS
from qa_check.engine.dispatch import judge_all
from qa_check.reporters.summary import row_for

count, out = int(sys.argv[1]), Path(sys.argv[2])
registry = load_registry([Path("checklists")])
records = read_records(record_files([Path("examples")]), registry)
results = list(judge_all(records, registry, checks=CHECKS))
rows = [row_for(r, None if r.verdict.value == "INVALID" else Path(f"{r.sku}.pdf"), "0" * 64)
        for r in results]
by = {v: [row for row in rows if row.verdict == v] for v in ("PASS", "FAIL", "INVALID")}
batch = []
for n in range(count):
    kind = "INVALID" if n % 20 == 0 else "FAIL" if n % 20 <= 3 else "PASS"
    source = by[kind][n % len(by[kind])]
    batch.append(dataclasses.replace(source, sku=f"{source.sku}-{n:06}"))
from qa_check.reporters.summary_files import summary_files
from qa_check.files.fileio import atomic_write
out.mkdir(exist_ok=True)
start = time.perf_counter()
for path, data in summary_files(batch, out, "en").items():
    atomic_write(path, data)
print(time.perf_counter() - start)
"""


def main() -> None:
    """Time the summary of --records rows --repeat times and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: list[float] = []
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "out"
        for _ in range(args.repeat):
            done = subprocess.run(
                [sys.executable, "-c", CHILD, str(args.records), str(out)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            times.append(float(done.stdout))
        pdf = out / "summary.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
        pages = next((ln.split()[-1] for ln in info.stdout.splitlines() if "Pages" in ln), "?")
        sizes = {name: (out / name).stat().st_size for name in ("summary.json", "summary.csv")}
        sizes[f"summary.pdf ({pages} pages)"] = pdf.stat().st_size
    best, median = min(times), statistics.median(times)
    verdict = "OK" if median < TARGET_SECONDS else "MISSED"
    print(f"summary of {args.records:,} records: best {best:.2f} s, median {median:.2f} s")
    print(f"  target under {TARGET_SECONDS:.0f} s: {verdict}")
    for name, size in sizes.items():
        print(f"  {name} {size / 1024:,.0f} KiB")


if __name__ == "__main__":
    main()
