"""Benchmark `verify` of one certificate, signed and unsigned, once the process has started.

Certifies the example records twice into a temporary folder (signed with a key made for the
run, and unsigned), then, in this process, verifies each certificate once to warm up (imports,
font registration, pyHanko's validation context) and times each again over several rounds:
the figure issue 11 asks for is the median milliseconds to verify one signed certificate after
start-up. It also times `qa-check verify` of one signed file as a whole process. It reports; it
does not fail.

    python bench/bench_verify.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_validate import command  # a sibling script

from qa_check.certificates.signing.trust import Trust, load_trust
from qa_check.certificates.verify import verify
from qa_check.engine.checklists import default_checklist_dirs, load_registry

ROOT = Path(__file__).resolve().parent.parent
ISSUED = ["--issued-at", "2026-11-23T09:00:00+08:00", "-q"]


def certified(folder: Path, signing: list[str]) -> list[Path]:
    """The example certificates, certified into ``folder`` with ``signing``'s options."""
    made = [*command(), "certify", str(ROOT / "examples"), "--out", str(folder), *ISSUED]
    subprocess.run([*made, *signing], stdout=subprocess.DEVNULL, check=False)
    return sorted(path for path in folder.glob("*_*.pdf"))


def per_certificate(
    files: list[Path], rounds: int, trust: Trust | None = None
) -> tuple[float, set[str]]:
    """Median milliseconds to verify one of ``files`` in this process, and the statuses seen."""
    installed = load_registry(default_checklist_dirs())
    statuses = {verify(path, installed, trust=trust).status.value for path in files}
    times = []
    for _ in range(rounds):
        for path in files:
            start = time.perf_counter()
            verify(path, installed, trust=trust)
            times.append(1000 * (time.perf_counter() - start))
    return statistics.median(times), statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        keys = folder / "keys"
        init = [*command(), "keys", "init", "--issuer", "Bench Lab", "--keys", str(keys)]
        subprocess.run([*init, "--no-passphrase"], check=True, stdout=subprocess.DEVNULL)
        signed = certified(folder / "signed", ["--keys", str(keys)])
        unsigned = certified(folder / "unsigned", ["--no-sign"])
        trust = load_trust([keys / "ca-cert.pem"])
        ms_signed, seen_signed = per_certificate(signed, options.rounds, trust=trust)
        ms_unsigned, seen_unsigned = per_certificate(unsigned, options.rounds)
        print(f"certificates: {len(signed)} signed, {len(unsigned)} unsigned (the examples)")
        print(
            f"verify one signed certificate after start-up: {ms_signed:.1f} ms (median),"
            f" {sorted(seen_signed)}; issue 11's target: under 50 ms"
        )
        print(
            f"verify one unsigned certificate (drawn again, compared): {ms_unsigned:.1f} ms,"
            f" {sorted(seen_unsigned)}"
        )
        trusting = ["--trust", str(keys / "ca-cert.pem")]
        whole = []
        for _ in range(options.rounds):
            start = time.perf_counter()
            verifying = [*command(), "verify", str(signed[0]), *trusting]
            subprocess.run(verifying, stdout=subprocess.DEVNULL, check=False)
            whole.append(time.perf_counter() - start)
        median = statistics.median(whole)
        print(f"qa-check verify of one signed file, whole process: {median:.2f} s")


if __name__ == "__main__":
    main()
