"""Benchmark `qa-check certify` and `qa-check verify` as a user runs them.

Generates N synthetic records as one CSV (the same records as bench_validate.py: 80 % pass,
15 % fail, 5 % invalid), certifies them into a temporary folder once per --jobs value, verifies
every certificate, and prints the wall time per certificate, the speed-up over --jobs 1, the
peak memory of the command and its worker processes together, file sizes, whether every
--jobs wrote the same files, and the time of a rerun that keeps every certificate. With
--large M it also certifies M records and compares the peak memory with that for N. With
--sign every certificate is signed, with a key made for the run (verify trusts its CA). It
reports; it does not fail.

    python bench/bench_certify.py [--records 500] [--jobs 1,2] [--large 10000] [--sign]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import command, write_inputs  # a sibling script

ISSUED = ["--issued-at", "2026-11-23T09:00:00+08:00"]
SAMPLE_SECONDS = 0.2


@dataclass
class Run:
    seconds: float
    code: int
    peak_mib: float
    """The largest sum of resident memory over the command and its descendants, sampled."""


def tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process under it, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * page
    total = 0
    for pid, size in rss.items():
        walk = pid
        while walk not in (root, 0, 1) and walk in parents:
            walk = parents[walk]
        if walk == root:
            total += size
    return total


def run(args: list[str]) -> Run:
    """One CLI run, its output discarded: seconds, exit code and peak memory of its tree."""
    start = time.perf_counter()
    peak = 0
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as child:
        while child.poll() is None:
            peak = max(peak, tree_rss(child.pid))
            time.sleep(SAMPLE_SECONDS)
    return Run(time.perf_counter() - start, child.returncode, peak / 2**20)


def certify(source: Path, out: Path, jobs: int, signing: list[str]) -> Run:
    jobs_option = ["--jobs", str(jobs), *signing]
    return run([*command(), "certify", str(source), "--out", str(out), *jobs_option, *ISSUED])


def signing_options(folder: Path, sign: bool) -> tuple[list[str], list[str]]:
    """certify's and verify's options: a key made for the run and its CA, or unsigned."""
    if not sign:
        return ["--no-sign"], []
    keys = folder / "keys"
    made = [*command(), "keys", "init", "--issuer", "Bench Lab", "--keys", str(keys)]
    subprocess.run([*made, "--no-passphrase"], check=True, stdout=subprocess.DEVNULL)
    return ["--keys", str(keys)], ["--trust", str(keys / "ca-cert.pem")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=500)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values to compare")
    parser.add_argument("--large", type=int, default=0, help="also certify this many records")
    parser.add_argument("--sign", action="store_true", help="sign every certificate")
    options = parser.parse_args()
    jobs = [int(n) for n in options.jobs.split(",")]
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        source = write_inputs(folder, options.records, yaml_files=False)["csv"]
        signing, trust = signing_options(folder, options.sign)
        runs: dict[int, Run] = {}
        files: dict[int, dict[str, bytes]] = {}
        for n in jobs:
            out = folder / f"reports-{n}"
            runs[n] = certify(source, out, n, signing)
            files[n] = {path.name: path.read_bytes() for path in out.iterdir()}
        pdfs = sorted(  # the certificates: the summary and the register aside
            path
            for path in (folder / f"reports-{jobs[0]}").iterdir()
            if path.suffix == ".pdf" and not path.name.startswith("summary.")
        )
        count = len(pdfs)
        cores = os.cpu_count()
        signed = "signed" if options.sign else "unsigned"
        print(f"records: {options.records:,}, {signed} certificates: {count:,} ({cores} cores)")
        for n, found in runs.items():
            speed_up = runs[jobs[0]].seconds / found.seconds
            print(
                f"certify --jobs {n}: {found.seconds:6.2f} s in all,"
                f" {1000 * found.seconds / max(count, 1):5.1f} ms per certificate,"
                f" {speed_up:.2f}x --jobs {jobs[0]}, peak {found.peak_mib:.0f} MiB"
                f" (all processes), exit {found.code}"
            )
        same = all(found == files[jobs[0]] for found in files.values())
        print(f"the same files for every --jobs: {'yes' if same else 'NO'}")
        again = certify(source, folder / f"reports-{jobs[-1]}", jobs[-1], signing)
        print(
            f"certify again, every certificate kept: {again.seconds:.2f} s,"
            f" {1000 * again.seconds / max(count, 1):.1f} ms a record (exit {again.code})"
        )
        at = ["--at", "2026-11-24T00:00:00Z", *trust]
        verified = run([*command(), "verify", *map(str, pdfs), *at])
        print(
            f"verify:  {verified.seconds:.2f} s in all,"
            f" {1000 * verified.seconds / max(count, 1):.0f} ms per certificate"
            f" (exit {verified.code})"
        )
        sizes = [path.stat().st_size for path in pdfs]
        print(
            f"size:    {min(sizes) // 1024}-{max(sizes) // 1024} KiB per PDF,"
            f" {sum(sizes) / len(sizes) / 1024:.0f} KiB on average"
        )
        if options.large:
            big = write_inputs(folder, options.large, yaml_files=False)["csv"]
            n = jobs[-1]
            large = certify(big, folder / "reports-large", n, signing)
            base = runs[n]
            print(
                f"certify --jobs {n} of {options.large:,} records: {large.seconds:.1f} s,"
                f" peak {large.peak_mib:.0f} MiB, {large.peak_mib / base.peak_mib:.2f}x the peak"
                f" for {options.records:,} (target: at most 1.5x)"
            )


if __name__ == "__main__":
    main()
