"""Benchmark `qa-check validate` as a user runs it: wall time and peak memory per input size.

Generates N synthetic records (80 % pass, 15 % fail, 5 % invalid) as one CSV, one JSON Lines
file and a folder of YAML files, runs the installed CLI on each in a subprocess, and prints
the figures next to the targets of issue 2. It reports; it does not fail.

    python bench/bench_validate.py [--records 10000] [--large 100000] [--repeat 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_check.engine.checklists import load_registry, select
from qa_check.files.safe_yaml import load_yaml
from qa_check.records.columns import csv_columns_for

ROOT = Path(__file__).resolve().parent.parent
BASE: dict[str, Any] = load_yaml(
    (ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8"), "earbuds-pass.yaml"
)[0]
"""The passing example (all four shipped checklists); synthetic records are variations of it."""

PRODUCTS = [
    ("TWS-EB", "无线蓝牙耳机 Wireless Earbuds"),
    ("LAMP-LED", "LED台灯 LED Desk Lamp"),
    ("MUG", "陶瓷马克杯 Ceramic Mug"),
    ("FAN-USB", "USB Desk Fan"),
    ("KTL", "电热水壶"),
    ("SPK-MINI", "迷你音箱 Mini Speaker"),
    ("THERMOS", "Vacuum Flask 500 ml"),
]
INSPECTORS = [("李娜", "Shenzhen WH-2"), ("周婷", "Ningbo WH-1"), ("Tom Baker", "Yiwu DC-3")]

Change = tuple[str, str, int | None, str | None]
"""(checklist, item, index in a series or None, new text or None to leave the answer out)."""

FAILS: list[Change] = [
    ("packaging-stack", "shrink_wrap_present", None, "no"),  # PK-1
    ("packaging-stack", "custom_moulded", None, "no"),  # PK-3
    ("label-placement", "barcode_scan", None, "6901234567892"),  # LB-3: the EAN, not the SKU
    ("drop-test", "drop_height_m", None, "0.8"),  # DT-2
    ("drop-test", "drops", 7, "damaged"),  # DT-3
    ("drop-test", "works_normally", None, "no"),  # DT-4
    ("compression-test", "applied_load_kg", None, "20"),  # CP-2
    ("compression-test", "product_undamaged", None, "no"),  # CP-1
]
INVALIDS: list[Change] = [
    ("drop-test", "drop_height_m", None, "1.2 m"),  # a unit typed into a number
    ("label-placement", "barcode_black_on_white", None, "maybe"),  # not yes/no
    ("compression-test", "hold_minutes", None, None),  # answer missing
    ("packaging-stack", "cushioning", None, "bubble_wrap"),  # not one of the choices
]


def _copy(value: Any) -> Any:
    """Deep copy of plain YAML data; several times faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _apply(record: dict[str, Any], change: Change) -> None:
    checklist, item, index, text = change
    answers = record["answers"][checklist]
    if text is None:
        del answers[item]
    elif index is None:
        answers[item] = text
    else:
        answers[item][index] = text


def records(count: int) -> Iterator[dict[str, Any]]:
    """Synthetic records: 1 in 20 invalid, 3 in 20 failing one rule, the rest pass."""
    for number in range(count):
        record = _copy(BASE)
        prefix, name = PRODUCTS[number % len(PRODUCTS)]
        record["sku"] = f"{prefix}-{number:06d}" + ("-B" if number % 3 == 0 else "")
        record["answers"]["label-placement"]["barcode_scan"] = record["sku"]  # LB-3: scans as SKU
        record["product_name"] = name
        record["inspector"], record["site"] = INSPECTORS[number % len(INSPECTORS)]
        # Lighter than the example keeps the compression load of 60 kg sufficient.
        record["product"]["gross_weight_kg"] = f"{0.30 + (number % 16) / 100:.2f}"
        kind, turn = number % 20, number // 20
        if kind == 0:
            _apply(record, INVALIDS[turn % len(INVALIDS)])
        elif kind in (1, 2, 3):
            _apply(record, FAILS[(3 * turn + kind) % len(FAILS)])
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
    header = csv_columns_for(select(registry, []))  # the newest versions, as the records name
    paths = _paths(folder, count, yaml_files=yaml_files)
    if yaml_files:
        paths["yaml"].mkdir(exist_ok=True)
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
                (paths["yaml"] / f"{record['sku']}.yaml").write_text(yaml_text(record), "utf-8")
    return paths


def command() -> list[str]:
    script = Path(sys.executable).with_name("qa-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa_check"]


@dataclass
class Figures:
    best: float
    median: float
    peak_mib: int
    code: int
    summary: dict[str, int] | None


def _summary(out: Path) -> dict[str, int] | None:
    """The JSON report's summary, read from the end of the file (the report can be large)."""
    with out.open("rb") as report:
        report.seek(max(0, out.stat().st_size - 400))
        tail = report.read().decode("utf-8", errors="replace")
    start = tail.rfind('"summary":')
    if start < 0:
        return None
    try:
        summary, _ = json.JSONDecoder().raw_decode(tail, tail.index("{", start))
    except ValueError:
        return None
    return summary if isinstance(summary, dict) else None


def measure(args: list[str], repeat: int, out: Path) -> Figures:
    """Best and median wall time, peak RSS of the child (MiB), exit code, JSON summary.

    Output goes to a file, as a user's `> report.json` would; the parent keeps none of it.
    Peak RSS comes from os.wait4 on each child, so it is that child's own maximum.
    """
    times: list[float] = []
    peak, code = 0, 0
    for _ in range(repeat):
        with out.open("wb") as sink:
            start = time.perf_counter()
            process = subprocess.Popen(
                [*command(), *args], cwd=ROOT, stdout=sink, stderr=subprocess.DEVNULL
            )
            _, status, usage = os.wait4(process.pid, 0)
            times.append(time.perf_counter() - start)
        code = process.returncode = os.waitstatus_to_exitcode(status)
        peak = max(peak, usage.ru_maxrss // 1024)  # Linux reports KiB
    summary = _summary(out) if "json" in args else None
    return Figures(min(times), statistics.median(times), peak, code, summary)


def imports_reportlab(args: list[str]) -> bool:
    """Whether `python -X importtime -m qa_check ARGS` imports any reportlab module."""
    probe = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "qa_check", *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    return any(
        line.split("|")[-1].strip().startswith("reportlab") for line in probe.stderr.splitlines()
    )


@dataclass
class Case:
    label: str
    args: list[str]
    count: int | None  # records expected in the JSON summary
    exit_code: int
    target: str
    limit: float | None


def build_cases(small: dict[str, Path], large: dict[str, Path], n: int, big: int) -> list[Case]:
    json_fmt = ["--format", "json"]
    return [
        Case("qa-check --help", ["--help"], None, 0, "< 0.3 s", 0.3),
        Case("qa-check validate --help", ["validate", "--help"], None, 0, "< 0.3 s", 0.3),
        Case(f"{n:,} records, CSV", ["validate", str(small["csv"]), *json_fmt], n, 2, "< 1 s", 1.0),
        Case(
            f"{n:,} records, JSON Lines",
            ["validate", str(small["jsonl"]), *json_fmt],
            n,
            2,
            "< 1 s",
            1.0,
        ),
        Case(f"{n:,} records, CSV, text", ["validate", str(small["csv"])], None, 2, "< 1 s", 1.0),
        Case(f"{n:,} YAML files", ["validate", str(small["yaml"]), *json_fmt], n, 2, "< 5 s", 5.0),
        Case(
            f"{big:,} records, JSON Lines",
            ["validate", str(large["jsonl"]), *json_fmt],
            big,
            2,
            "memory",
            None,
        ),
        Case(
            f"{big:,} records, CSV",
            ["validate", str(large["csv"]), *json_fmt],
            big,
            2,
            "memory",
            None,
        ),
    ]


def run_cases(cases: list[Case], repeat: int, out: Path) -> dict[str, Figures]:
    """Run every case, print one table row each, return the figures by label."""
    print(f"{'case':<34} {'best s':>8} {'median s':>9} {'peak MiB':>9} {'exit':>5}  target")
    results: dict[str, Figures] = {}
    for case in cases:
        times = max(5, repeat) if case.args[-1] == "--help" else repeat
        figures = measure(case.args, times, out)
        notes: list[str] = []
        if case.limit is not None:
            notes.append("OK" if figures.median < case.limit else "MISSED")
        if figures.code != case.exit_code:
            notes.append(f"(exit {figures.code}, expected {case.exit_code})")
        if case.count is not None:
            total = figures.summary.get("total") if figures.summary else None
            if total != case.count:
                notes.append(f"(summary total {total}, expected {case.count})")
        results[case.label] = figures
        print(
            f"{case.label:<34} {figures.best:>8.3f} {figures.median:>9.3f}"
            f" {figures.peak_mib:>9} {figures.code:>5}  {case.target} {' '.join(notes)}"
        )
    return results


def report_memory(results: dict[str, Figures], n: int, big: int) -> None:
    for kind in ("JSON Lines", "CSV"):
        small_peak = results[f"{n:,} records, {kind}"].peak_mib
        large_peak = results[f"{big:,} records, {kind}"].peak_mib
        ratio = large_peak / small_peak if small_peak else float("inf")
        print(
            f"peak memory {kind}, {big:,} / {n:,} records: {large_peak} / {small_peak} MiB"
            f" = {ratio:.2f}x (target <= 1.5x) {'OK' if ratio <= 1.5 else 'MISSED'}"
        )


def report_imports(small: dict[str, Path]) -> None:
    for label, args in [
        ("--help", ["--help"]),
        ("validate --help", ["validate", "--help"]),
        ("validate FILE --format json", ["validate", str(small["jsonl"]), "--format", "json"]),
        ("validate FILE", ["validate", str(small["csv"])]),
    ]:
        imported = imports_reportlab(args)
        print(
            f"reportlab imported by {label}: {'yes' if imported else 'no'}"
            f" (target no) {'MISSED' if imported else 'OK'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000, help="size for the memory check")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--generate-into", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    n, big = options.records, options.large
    if options.generate_into:
        write_inputs(options.generate_into, n, yaml_files=True)
        write_inputs(options.generate_into, big, yaml_files=False)
        return
    folder = options.keep or Path(tempfile.mkdtemp(prefix="qa-check-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        # Generated in a child: a forked child's peak RSS starts at its parent's size, so the
        # measuring process must stay small for the memory figures to mean anything.
        generate = ["--generate-into", str(folder), "--records", str(n), "--large", str(big)]
        subprocess.run([sys.executable, __file__, *generate], check=True)
        small = _paths(folder, n, yaml_files=True)
        large = _paths(folder, big, yaml_files=False)
        print(f"generated inputs in {time.perf_counter() - started:.1f} s under {folder}")
        print(f"command: {' '.join(command())}  (cwd {ROOT}, {os.cpu_count()} CPUs)\n")
        results = run_cases(build_cases(small, large, n, big), options.repeat, folder / "out.txt")
        print()
        report_memory(results, n, big)
        report_imports(small)
        summary = results[f"{n:,} records, JSON Lines"].summary
        if summary:
            print(
                f"\nverdicts, {n:,} records: " + ", ".join(f"{k} {v}" for k, v in summary.items())
            )
    finally:
        if options.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
