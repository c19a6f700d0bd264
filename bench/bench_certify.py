"""Benchmark `qa-check certify` and `qa-check verify` as a user runs them.

Generates N synthetic records as one CSV (the same records as bench_validate.py: 80 % pass,
15 % fail, 5 % invalid), certifies them into a temporary folder, verifies every certificate,
and prints wall time per certificate, file sizes and peak memory. It reports; it does not fail.

    python bench/bench_certify.py [--records 500]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import command, write_inputs  # a sibling script


def run(args: list[str]) -> tuple[float, int]:
    """Seconds and exit code of one CLI run, its output discarded."""
    start = time.perf_counter()
    done = subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = write_inputs(folder, options.records, yaml_files=False)["csv"]
        out = folder / "reports"
        issued = ["--issued-at", "2026-11-23T09:00:00+08:00"]
        seconds, code = run([*command(), "certify", str(source), "--out", str(out), *issued])
        pdfs = sorted(out.iterdir())
        sizes = [path.stat().st_size for path in pdfs]
        verify_seconds, verify_code = run([*command(), "verify", *map(str, pdfs)])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
        print(f"records: {options.records:,}, certificates written: {len(pdfs):,} (exit {code})")
        print(
            f"certify: {seconds:.2f} s in all, {1000 * seconds / max(len(pdfs), 1):.0f} ms"
            " per certificate"
        )
        print(
            f"verify:  {verify_seconds:.2f} s in all,"
            f" {1000 * verify_seconds / max(len(pdfs), 1):.0f} ms per certificate"
            f" (exit {verify_code})"
        )
        print(
            f"size:    {min(sizes) // 1024}-{max(sizes) // 1024} KiB per PDF,"
            f" {sum(sizes) / len(sizes) / 1024:.0f} KiB on average"
        )
        print(f"peak memory of a child process: {peak} MiB ({os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
