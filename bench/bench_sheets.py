"""Benchmark `qa-check validate` on a workbook beside the same records as CSV: time, peak memory.

Generates N synthetic records (those of bench_validate.py: 80 % pass, 15 % fail, 5 % invalid) as
one CSV, then writes the same rows into .xlsx workbooks as Excel keeps them (a title row, the
inspection time as a date cell read in the site's zone, numbers as numbers): all rows on one
sheet, and spread over --sheets sheets. Runs the CLI on each in a subprocess, as a user would,
and prints the best and median wall time, the child's peak RSS (os.wait4), the exit code and
whether the JSON summaries agree. It reports; it does not fail.

    python bench/bench_sheets.py [--records 100000] [--sheets 4] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import Figures, measure, write_inputs  # a sibling script

SITE = '[site]\ntimezone = "Asia/Shanghai"\n'


def write_workbook(source: Path, target: Path, sheets: int) -> None:
    """The CSV's rows as a workbook of ``sheets`` sheets, each under a title and the header.

    Rows are streamed from the CSV, never held: the commands measured are started from this
    process, and Linux counts the memory a process had when it forked into its child's peak.
    """
    with source.open(encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.reader(handle)) - 1
    share = -(-count // sheets)
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    dates = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    with source.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        when = header.index("inspected_at")
        for number, cells in enumerate(rows):
            if number % share == 0:
                sheet = book.add_worksheet(f"Part {number // share + 1}")
                sheet.write(0, 0, f"QA results, part {number // share + 1}")
                sheet.write_row(2, 0, header)
            row = 3 + number % share
            for column, text in enumerate(cells):
                if column == when:
                    moment = dt.datetime.fromisoformat(text).replace(tzinfo=None)
                    sheet.write_datetime(row, column, moment, dates)
                elif text:
                    try:
                        sheet.write_number(row, column, float(text))
                    except ValueError:
                        sheet.write_string(row, column, text)
    book.close()


def line(name: str, size: int, figures: Figures) -> str:
    summary = figures.summary or {}
    counts = "/".join(str(summary.get(key, "?")) for key in ("passed", "failed", "invalid"))
    return (
        f"{name:<26} {size / 2**20:7.1f} MiB  best {figures.best:6.2f} s  median"
        f" {figures.median:6.2f} s  peak {figures.peak_mib:5d} MiB  exit {figures.code}"
        f"  pass/fail/invalid {counts}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--sheets", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    options = parser.parse_args()
    folder = options.keep or Path(tempfile.mkdtemp(prefix="qa-check-sheets-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        n = options.records
        print(f"writing {n:,} records as CSV and as workbooks in {folder} ...", flush=True)
        csv_file = write_inputs(folder, n, yaml_files=False)["csv"]
        one = folder / f"records-{n}.xlsx"
        many = folder / f"records-{n}-{options.sheets}-sheets.xlsx"
        write_workbook(csv_file, one, 1)
        write_workbook(csv_file, many, options.sheets)
        config = folder / "qa-check.toml"
        config.write_text(SITE, encoding="utf-8")
        out = folder / "report.json"
        results: dict[str, Figures] = {}
        for name, path in (
            ("CSV", csv_file),
            ("xlsx, one sheet", one),
            (f"xlsx, {options.sheets} sheets", many),
        ):
            args = ["validate", str(path), "--format", "json", "-q", "--config", str(config)]
            results[name] = measure(args, options.repeat, out)
            print(line(name, path.stat().st_size, results[name]), flush=True)
        summaries = {str(figures.summary) for figures in results.values()}
        print(f"same verdicts in all three: {'yes' if len(summaries) == 1 else 'NO'}")
        base = results["CSV"]
        for name, figures in results.items():
            if name != "CSV":
                print(
                    f"{name}: {figures.best / base.best:.1f}x the CSV's time,"
                    f" {figures.peak_mib / base.peak_mib:.1f}x its peak memory"
                )
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
