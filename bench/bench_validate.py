"""Benchmark `qa-check validate` as a user runs it: wall time and peak memory per input size.

Generates N synthetic records (80 % pass, 15 % fail, 5 % invalid) as one CSV, one JSON Lines
file and a folder of YAML files, runs the installed CLI on each in a subprocess, and prints
the figures next to the targets of issue 2. It reports; it does not fail.

    python bench/bench_validate.py [--records 10000] [--large 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from qa_check.checklists import load_registry
from qa_check.records import csv_columns_for
from qa_check.safe_yaml import load_yaml

ROOT = Path(__file__).resolve().parent.parent
NAMES = ["无线蓝牙耳机 Wireless Earbuds", "LED台灯 LED Desk Lamp", "陶瓷马克杯 Ceramic Mug", "Fan"]
BASE: dict[str, Any] = load_yaml(
    (ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8"), "earbuds-pass.yaml"
)[0]
"""The passing example; synthetic records are variations of it."""


def records(count: int) -> Iterator[dict[str, Any]]:
    """Synthetic records: every 20th invalid (a unit typed in), 3 in 20 failing, the rest pass."""
    for number in range(count):
        record = copy.deepcopy(BASE)
        record["sku"] = f"SKU-{number:07d}"
        record["product_name"] = NAMES[number % len(NAMES)]
        kind = number % 20
        if kind == 0:
            record["answers"]["drop-test"]["drop_height_m"] = "1.2 m"
        elif kind in (1, 2):
            record["answers"]["drop-test"]["drops"][7] = "damaged"
        elif kind == 3:
            record["answers"]["compression-test"]["applied_load_kg"] = "20"
        yield record


def csv_row(record: dict[str, Any]) -> dict[str, str]:
    row = {k: record[k] for k in ("sku", "product_name", "inspector", "site", "inspected_at")}
    row.update(record["product"])
    row["checklists"] = "; ".join(f"{k}@{v}" for k, v in record["checklists"].items())
    for checklist, answers in record["answers"].items():
        for item, value in answers.items():
            if isinstance(value, list):
                row.update({f"{checklist}.{item}.{n}": v for n, v in enumerate(value, 1)})
            else:
                row[f"{checklist}.{item}"] = value
    return row


def yaml_text(record: dict[str, Any]) -> str:
    lines = [f"{k}: {record[k]}" for k in ("sku", "product_name", "inspector", "site")]
    lines.append(f"inspected_at: {record['inspected_at']}")
    lines.append("product:")
    lines += [f"  {k}: {v}" for k, v in record["product"].items()]
    lines.append("checklists:")
    lines += [f"  {k}: {v}" for k, v in record["checklists"].items()]
    lines.append("answers:")
    for checklist, answers in record["answers"].items():
        lines.append(f"  {checklist}:")
        for item, value in answers.items():
            shown = f"[{', '.join(value)}]" if isinstance(value, list) else value
            lines.append(f"    {item}: {shown}")
    return "\n".join(lines) + "\n"


def _paths(folder: Path, count: int, *, yaml_files: bool) -> dict[str, Path]:
    paths = {"csv": folder / f"records-{count}.csv", "jsonl": folder / f"records-{count}.jsonl"}
    if yaml_files:
        paths["yaml"] = folder / f"yaml-{count}"
    return paths


def write_inputs(folder: Path, count: int, *, yaml_files: bool) -> dict[str, Path]:
    registry = load_registry([ROOT / "checklists"])
    header = csv_columns_for(list(registry))
    paths = _paths(folder, count, yaml_files=yaml_files)
    with (
        paths["csv"].open("w", newline="", encoding="utf-8") as csv_file,
        paths["jsonl"].open("w", encoding="utf-8") as jsonl_file,
    ):
        writer = csv.DictWriter(csv_file, header)
        writer.writeheader()
        for record in records(count):
            writer.writerow(csv_row(record))
            jsonl_file.write(json.dumps(record, ensure_ascii=False) + "\n")
    if yaml_files:
        paths["yaml"].mkdir()
        for record in records(count):
            (paths["yaml"] / f"{record['sku']}.yaml").write_text(yaml_text(record), "utf-8")
    return paths


def command() -> list[str]:
    script = Path(sys.executable).with_name("qa-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa_check"]


def measure(args: list[str], repeat: int, out: Path) -> tuple[float, float, int, int, str]:
    """Best and median wall time, peak RSS (MiB), exit code and the tail of the last stdout.

    Output goes to a file, as a user's `> report.json` would; the parent keeps none of it.
    """
    times, peak, code = [], 0, 0
    for _ in range(repeat):
        with out.open("wb") as sink:
            start = time.perf_counter()
            process = subprocess.Popen(
                [*command(), *args], cwd=ROOT, stdout=sink, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
        process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss // 1024)
        code = process.returncode
    with out.open("rb") as report:
        report.seek(max(0, out.stat().st_size - 300))
        tail = report.read().decode("utf-8", errors="replace")
    return min(times), statistics.median(times), peak, code, tail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="size for the memory check")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.generate_into:
        write_inputs(options.generate_into, options.records, yaml_files=True)
        write_inputs(options.generate_into, options.large, yaml_files=False)
        return
    folder = options.keep or Path(tempfile.mkdtemp(prefix="qa-check-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        # Generated in a child: a forked child's peak RSS starts at its parent's size, so the
        # measuring process must stay small for the memory figures to mean anything.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--generate-into",
                str(folder),
                "--records",
                str(options.records),
                "--large",
                str(options.large),
            ],
            check=True,
        )
        small = _paths(folder, options.records, yaml_files=True)
        large = _paths(folder, options.large, yaml_files=False)
        print(f"generated inputs in {time.perf_counter() - started:.1f} s under {folder}")
        print(f"command: {' '.join(command())}\n")
        print(f"{'case':<34} {'best s':>8} {'median s':>9} {'peak MiB':>9} {'exit':>5}  target")
        rows: list[tuple[str, list[str], str, float | None]] = [
            ("qa-check --help", ["--help"], "< 0.3 s", 0.3),
            ("qa-check validate --help", ["validate", "--help"], "< 0.3 s", 0.3),
            (
                f"{options.records:,} records, CSV",
                ["validate", str(small["csv"]), "-f", "json"],
                "< 1 s",
                1.0,
            ),
            (
                f"{options.records:,} records, JSON Lines",
                ["validate", str(small["jsonl"]), "-f", "json"],
                "< 1 s",
                1.0,
            ),
            (f"{options.records:,} records, CSV, text", ["validate", str(small["csv"])], "", None),
            (
                f"{options.records:,} YAML files",
                ["validate", str(small["yaml"]), "-f", "json"],
                "< 5 s",
                5.0,
            ),
            (
                f"{options.large:,} records, JSON Lines",
                ["validate", str(large["jsonl"]), "-f", "json"],
                "memory",
                None,
            ),
            (
                f"{options.large:,} records, CSV",
                ["validate", str(large["csv"]), "-f", "json"],
                "memory",
                None,
            ),
        ]
        peaks: dict[str, int] = {}
        for label, args, target, limit in rows:
            best, median, peak, code, tail = measure(args, options.repeat, folder / "out.txt")
            verdict = ""
            if limit is not None:
                verdict = "OK" if median < limit else "MISSED"
            if args[-2:] == ["-f", "json"]:
                total = json.loads(tail[tail.rindex('"summary": ') + 11 : -2])["total"]
                expected = options.large if str(options.large) in args[1] else options.records
                if total != expected:
                    verdict += f" (summary total {total} != {expected})"
            peaks[label] = peak
            print(
                f"{label:<34} {best:>8.3f} {median:>9.3f} {peak:>9} {code:>5}  {target} {verdict}"
            )
        for kind in ("JSON Lines", "CSV"):
            small_peak = peaks[f"{options.records:,} records, {kind}"]
            large_peak = peaks[f"{options.large:,} records, {kind}"]
            ratio = large_peak / small_peak
            verdict = "OK" if ratio <= 1.5 else "MISSED"
            print(
                f"memory {kind}: {large_peak} MiB / {small_peak} MiB = {ratio:.2f}x"
                f" (target <= 1.5x) {verdict}"
            )
        probe = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from qa_check.cli import app\n"
                "try:\n    app(['validate', 'examples/batch.csv'])\nexcept SystemExit:\n"
                "    print('reportlab' in sys.modules)",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        print(f"reportlab imported by validate: {probe.stdout.strip().splitlines()[-1]}")
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
