"""Time ``qa-check publish`` over 100,000 certificates: the first publish, and publishing again.

Builds a register of synthetic certificates (every one PASS with its file's SHA-256, issuer and
last valid day, as certify registers them now), then runs ``qa-check publish`` as a user would,
each a fresh process: into an empty folder, again with nothing changed, and again after one
revocation. Prints each wall time and how many files it wrote, against issue 24's target (under
a minute). It reports; it does not fail.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from qa_check.certificates.register import Entry, Register

TARGET_SECONDS = 60.0


def entries(start: int, count: int, skus: int) -> list[Entry]:
    """Synthetic PASS files, in English and Chinese every tenth; SKUs certified again."""
    made = []
    for number in range(start, start + count):
        head = f"{number:012X}"
        sku = f"SKU-{number % skus:06d}"
        for lang in ("en", "zh") if number % 10 == 0 else ("en",):
            made.append(
                Entry(
                    certificate_id=f"QC-{head[:4]}-{head[4:8]}-{head[8:]}",
                    lang=lang,
                    sku=sku,
                    product="无线蓝牙耳机 Wireless Earbuds",
                    verdict="PASS",
                    digest=f"{number:064x}",
                    checklists=(("drop-test", "1", "a" * 64),),
                    inspected_at="2026-11-20T10:15:00+08:00",
                    issued_at=f"2026-11-{1 + number * 28 // 100_000 % 28:02d}T01:00:00Z",
                    file=f"{sku}_PASS_2026-11-20_{lang}.pdf",
                    signer="AB" * 32,
                    file_sha256=hashlib.sha256(f"{number}{lang}".encode()).hexdigest(),
                    issuer="东莞示例包装测试实验室 Dongguan Example Packaging Test Lab",
                    valid_until="2027-11-20",
                )
            )
    return made


def publish(register: Path, site: Path) -> tuple[float, str]:
    """One ``qa-check publish`` in a fresh process: its wall time and what it said."""
    command = [sys.executable, "-m", "qa_check", "publish", "-r", str(register), "-o", str(site)]
    started = time.perf_counter()
    english = {**os.environ, "QA_CHECK_LANG": "en"}
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=english)
    return time.perf_counter() - started, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="Work in DIR (made, must not exist) and leave the register and the site there:"
        " removing 500,000 files takes minutes on some disks.",
    )
    args = parser.parse_args()
    if args.keep is not None:
        args.keep.mkdir(parents=True)
        run(args.keep, args.certificates)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), args.certificates)


def run(folder: Path, certificates: int) -> None:
    """Build the register in ``folder`` and publish its site there three times."""
    register, site = folder / "register.sqlite", folder / "site"
    with Register.open(register, create=True) as book:
        for start in range(0, certificates, 1000):
            book.add(entries(start, min(1000, certificates - start), certificates * 7 // 10))
    print(
        f"{certificates:,} certificates (every tenth in two languages); target <"
        f" {TARGET_SECONDS:.0f} s",
        flush=True,
    )
    for name in ("first publish", "again, nothing changed"):
        seconds, said = publish(register, site)
        print(f"{name}: {seconds:.1f} s  ({said})", flush=True)
    with Register.open(register, create=False) as book:
        book.revoke("QC-0000-0000-0007", "bench", datetime.now(UTC))
    seconds, said = publish(register, site)
    print(f"again, one revoked: {seconds:.1f} s  ({said})", flush=True)


if __name__ == "__main__":
    main()
