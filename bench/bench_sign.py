"""Time signing a certificate: qa-check's Signer against pyHanko used the plain way.

Every example record that judges PASS or FAIL is drawn once, in English (10 certificates, 3 of
them two pages), before any timing; then only signing is timed, in this process (one core, CPU
time), --rounds passes over all of them, alternately:

(a) qa-check: ``qa_check.certificates.signing.signer.Signer.sign`` with one Signer loaded
    beforehand, as a worker holds it: PAdES, the key loaded once, the signed attributes encoded
    once, one event loop.
(b) naive: ``pyhanko.sign.signers.sign_pdf`` with a ``SimpleSigner`` loaded once from the same
    key files and the same PAdES settings, as pyHanko's documentation shows it (a dry run to
    size the signature, asyncio.run, the key parsed again for every signature).

It prints the median ms per signature over the rounds of each, their ratio, and issue 11's
target (signing adds at most 25 ms per certificate); whether the same input gives the same
bytes; and that pyHanko's validator accepts what (a) signed. It reports; it does not fail.

    python bench/bench_sign.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from asn1crypto import pem  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from qa_check.certificates.render import render
from qa_check.certificates.signing.keys import CA_CERT, SIGNING_CERT, SIGNING_KEY, init_keys
from qa_check.certificates.signing.signer import SigningSpec, load_signer
from qa_check.engine.checklists import Registry, load_registry

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_page import ISSUED, ROOT, examples  # a sibling script: the same example payloads

TARGET_MS = 25.0


def certificates(registry: Registry) -> list[bytes]:
    """Every example YAML record that judges PASS or FAIL, drawn in English."""
    return [render(payload, origin).pdf for payload, origin in examples(registry)]


def per_signature(sign: Callable[[bytes], bytes], pdfs: list[bytes]) -> float:
    """CPU time of one pass over ``pdfs``, ms a signature."""
    start = time.process_time()
    for pdf in pdfs:
        sign(pdf)
    return (time.process_time() - start) / len(pdfs) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    options = parser.parse_args()
    pdfs = certificates(load_registry([ROOT / "checklists"]))
    folder = Path(tempfile.mkdtemp(prefix="bench-sign-")) / "keys"
    init_keys(folder, "深圳 QA Lab", None, now=datetime(2026, 1, 1, tzinfo=UTC))

    start = time.perf_counter()
    signer = load_signer(SigningSpec(folder, None), now=ISSUED)
    loaded = (time.perf_counter() - start) * 1000
    naive_signer = signers.SimpleSigner.load(  # type: ignore[no-untyped-call]
        str(folder / SIGNING_KEY),
        str(folder / SIGNING_CERT),
        ca_chain_files=(str(folder / CA_CERT),),
    )
    meta = signers.PdfSignatureMetadata(
        field_name="Signature", subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256"
    )

    def ours(pdf: bytes) -> bytes:
        return signer.sign(pdf, ISSUED)

    def naive(pdf: bytes) -> bytes:
        out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=naive_signer)
        return bytes(out.getvalue())

    ours(pdfs[0])  # warm: modules imported, first allocations made
    naive(pdfs[0])
    pairs = [(per_signature(ours, pdfs), per_signature(naive, pdfs)) for _ in range(options.rounds)]
    mine = statistics.median(a for a, _ in pairs)
    theirs = statistics.median(b for _, b in pairs)

    same = all(ours(pdf) == ours(pdf) for pdf in pdfs)
    _, _, der = pem.unarmor((folder / CA_CERT).read_bytes())
    context = ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], moment=ISSUED)
    accepted = 0
    for pdf in pdfs:
        [embedded] = PdfFileReader(io.BytesIO(ours(pdf))).embedded_signatures
        status = validate_pdf_signature(embedded, context)
        accepted += bool(
            status.bottom_line and status.coverage is SignatureCoverageLevel.ENTIRE_FILE
        )
    print(f"certificates: {len(pdfs)} drawn beforehand, {options.rounds} rounds, one core")
    print(
        f"qa-check: {mine:6.2f} ms per signature (median of rounds; key loaded in {loaded:.0f} ms)"
    )
    print(f"naive:    {theirs:6.2f} ms per signature (pyhanko sign_pdf, the same key and settings)")
    print(f"ratio:    {theirs / mine:6.1f}x faster than naive")
    verdict = "OK" if mine <= TARGET_MS else "MISSED"
    print(f"target:   at most {TARGET_MS:.0f} ms per signature: {verdict}")
    print(f"reproducible: {'yes' if same else 'NO'} (the same PDF, key and time: the same bytes)")
    print(f"pyHanko's validator: {accepted} of {len(pdfs)} valid, trusted, whole file covered")


if __name__ == "__main__":
    main()
