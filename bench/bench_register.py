"""Time the register: ``add`` throughput, ``register list`` over 100,000 rows, and ``merge``.

Builds a register through ``Register.add`` in batches (as certify adds them), then runs
``qa-check register list`` in text, json and csv as a user would, each a fresh process with
its output to a file, and prints best and median wall time against issue 11's target (text
under 1 s). Then a second register of as many rows, half of them the first one's, and
``qa-check register merge`` of the two into a new file, against issue 24's "in seconds" (under
5 s). It reports; it does not fail.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from qa_check.certificates.register import Entry, Register

TARGET_SECONDS = 1.0
MERGE_TARGET_SECONDS = 5.0
CHECKLISTS = (
    ("drop-test", "1", "a" * 64),
    ("compression-test", "2", "b" * 64),
    ("labelling", "1", "c" * 64),
)


def entries(start: int, count: int, skus: int) -> list[Entry]:
    """Synthetic files: 80 % PASS, every SKU certified again after ``skus`` certificates."""
    made = []
    for number in range(start, start + count):
        head = f"{number:012X}"
        day = 1 + number * 28 // 100_000 % 28
        made.append(
            Entry(
                certificate_id=f"QC-{head[:4]}-{head[4:8]}-{head[8:]}",
                lang="en",
                sku=f"SKU-{number % skus:06d}",
                product="Wireless earbuds, charging case",
                verdict="FAIL" if number % 5 == 0 else "PASS",
                digest=f"{number:064x}",
                checklists=CHECKLISTS,
                inspected_at="2026-11-20T10:15:00+08:00",
                issued_at=f"2026-11-{day:02d}T{number % 24:02d}:00:00Z",
                file=f"SKU-{number % skus:06d}_PASS_2026-11-20.pdf",
                signer="AB" * 32,
            )
        )
    return made


def build(path: Path, rows: int, batch: int) -> float:
    """Add ``rows`` files in batches of ``batch``; the rows a second."""
    started = time.perf_counter()
    with Register.open(path, create=True) as register:
        for start in range(0, rows, batch):
            register.add(entries(start, min(batch, rows - start), skus=rows * 7 // 10))
    return rows / (time.perf_counter() - started)


def timed(command: list[str], output: Path) -> float:
    started = time.perf_counter()
    with output.open("wb") as out:
        subprocess.run(command, stdout=out, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.sqlite"
        rate = build(path, args.rows, args.batch)
        size = path.stat().st_size / 2**20
        print(f"add: {args.rows:,} rows in batches of {args.batch}: {rate:,.0f} rows/s;")
        print(f"     the register is {size:.1f} MiB")
        with Register.open(path, create=False) as register:  # one more batch, kept short
            started = time.perf_counter()
            register.add(entries(args.rows, args.batch, skus=args.rows * 7 // 10))
            print(f"     one more batch of {args.batch}: {time.perf_counter() - started:.3f} s")
        site = Path(folder) / "qa-check.toml"
        site.write_text('[site]\ntimezone = "Asia/Shanghai"\n', encoding="utf-8")
        zoned = ["--config", str(site)]
        for output_format, extra, said in [
            ("text", [], ""),
            ("text", zoned, " in the site's zone"),
            ("json", [], ""),
            ("csv", [], ""),
        ]:
            command = [sys.executable, "-m", "qa_check", "register", "list", "-r", str(path)]
            command += ["--format", output_format, *extra]
            times = [
                timed(command, Path(folder) / f"out.{output_format}") for _ in range(args.repeat)
            ]
            best, median = min(times), statistics.median(times)
            verdict = ""
            if output_format == "text":
                verdict = "  OK" if median < TARGET_SECONDS else "  MISSED (target 1 s)"
            print(
                f"register list --format {output_format:<4}{said}: best {best:.2f} s,"
                f" median {median:.2f} s of {args.repeat}{verdict}"
            )
        merge(path, args)


def merge(first: Path, args: argparse.Namespace) -> None:
    """Time ``register merge`` of ``first`` and a register half of whose rows it holds too."""
    second = first.with_name("second.sqlite")
    with Register.open(second, create=True) as register:
        start = args.rows // 2
        for at in range(start, start + args.rows, args.batch):
            count = min(args.batch, start + args.rows - at)
            register.add(entries(at, count, skus=args.rows * 7 // 10))
    output = first.with_name("all.sqlite")
    command = [sys.executable, "-m", "qa_check", "register", "merge", str(first), str(second)]
    times = []
    for _ in range(args.repeat):
        output.unlink(missing_ok=True)
        times.append(timed([*command, "-o", str(output)], first.with_name("merged.txt")))
    best, median = min(times), statistics.median(times)
    with Register.open(output, create=False) as register:
        files = register.count()
    verdict = "  OK" if median < MERGE_TARGET_SECONDS else "  MISSED (target 5 s)"
    print(
        f"register merge of 2 x {args.rows:,} rows ({files:,} in all): best {best:.2f} s,"
        f" median {median:.2f} s of {args.repeat}{verdict}"
    )


if __name__ == "__main__":
    main()
