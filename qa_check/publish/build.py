"""``publish``: registers in, the static verification site out, only what changed rewritten.

The site's shape (its paths, JSON and DOM hooks) is the contract the page script reads, in the
README's publish section. A certificate's files say "status as of" the publish that last changed
its status (the time is kept in the manifest with a hash of the status): a publish that changes
nothing else rewrites nothing, and the index says when the site last changed.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from qa_check.certificates.payload import utc_text
from qa_check.publish.pages import LANGS, Authority, IndexFacts, certificate_page, index_page
from qa_check.publish.site_files import SiteWriter, read_manifest
from qa_check.publish.statuses import Certificate, read_registers

ASSETS = ("qa-check.js", "qa-check.css")
FILE_FORMAT = "qa-check-file@1"
SKU_FORMAT = "qa-check-sku@1"
Step = Callable[[int, int], None]
"""Progress: (certificates done, of how many)."""


@dataclass(frozen=True, slots=True)
class Published:
    """What a publish did, for the command to say."""

    certificates: int
    private: int
    """FAIL and REJECT certificates left out (no ``--include-fail``)."""
    unusable: int
    written: int
    kept: int
    removed: int


@dataclass(frozen=True, slots=True)
class Signed:
    """What the issuer's key gives the site: its CA certificates (PEM) and revocation list."""

    ca_pem: bytes = b""
    authorities: tuple[Authority, ...] = ()
    revocations: bytes | None = None
    """``revocations.json``, signed; None: published without the signing key."""


def sku_key(sku: str) -> str:
    """The name of a SKU's file: SHA-256 of its NFKC, stripped, upper-cased UTF-8 (the contract)."""
    normal = unicodedata.normalize("NFKC", sku).strip().upper()
    return hashlib.sha256(normal.encode("utf-8", "surrogatepass")).hexdigest()


def publish(
    registers: Sequence[Path],
    out: Path,
    now: datetime,
    *,
    include_fail: bool = False,
    signed: Signed = Signed(),
    step: Step = lambda done, total: None,
) -> Published:
    """Write the site of ``registers`` into ``out`` as it stands at ``now``."""
    read = read_registers(registers, now, include_fail=include_fail)
    certificates = read.certificates
    writer = SiteWriter(out, read_manifest(out))
    writer.begin(_paths(certificates, signed))
    stamp = utc_text(now)
    states = {}
    changed = False
    for cert in certificates:
        state = _state(cert)
        known = writer.old.states.get(cert.certificate_id)
        states[cert.certificate_id] = (state, known[1] if known and known[0] == state else stamp)
    objects = {c.certificate_id: c.status_object(states[c.certificate_id][1]) for c in certificates}
    for done, (path, data) in enumerate(_certificate_files(certificates, objects), 1):
        changed |= writer.put(path, data)
        if done % 1000 == 0:
            step(done // 3, len(certificates))
    for path, data in _shared_files(certificates, objects, signed):
        changed |= writer.put(path, data)
    if signed.revocations is not None:  # its own times change at every publish: not a change
        writer.put("revocations.json", signed.revocations)
    issuers = sorted({c.issuer for c in certificates})
    changed_at = writer.old.changed_at or stamp
    changed |= len(set(writer.old.files) - set(writer.new)) > 0
    facts = IndexFacts(
        len(certificates), changed_at, issuers, signed.authorities, signed.revocations is not None
    )
    pages = {lang: _index(facts, lang) for lang in LANGS}
    if changed or any(writer.changed(path, data) for path, data in pages.values()):
        changed_at = stamp
        facts = IndexFacts(
            len(certificates), stamp, issuers, signed.authorities, signed.revocations is not None
        )
        pages = {lang: _index(facts, lang) for lang in LANGS}
    for path, data in pages.values():
        writer.put(path, data)
    writer.finish(states, changed_at)
    step(len(certificates), len(certificates))
    return Published(
        len(certificates),
        read.private,
        read.unusable,
        writer.written,
        writer.kept,
        writer.removed,
    )


def _paths(certificates: Sequence[Certificate], signed: Signed) -> Iterator[str]:
    """Every path this publish may write, before it writes any."""
    yield from ("index.html", "zh/index.html", *(f"assets/{name}" for name in ASSETS))
    if signed.ca_pem:
        yield "ca-cert.pem"
    if signed.revocations is not None:
        yield "revocations.json"
    for cert in certificates:
        yield from (
            f"{cert.page}index.html",
            f"{cert.page}zh/index.html",
            f"{cert.page}status.json",
        )
        yield from (f"h/{sha}.json" for _, sha in cert.files)
        yield f"s/{sku_key(cert.sku)}.json"


def _state(cert: Certificate) -> str:
    """A hash of what a certificate's files state, the publish time aside."""
    return hashlib.sha256(_json(cert.status_object(""))).hexdigest()[:32]


def _certificate_files(
    certificates: Sequence[Certificate], objects: dict[str, dict[str, Any]]
) -> Iterator[tuple[str, bytes]]:
    """Each certificate's pages and status, and a file per issued PDF's hash."""
    for cert in certificates:
        status = objects[cert.certificate_id]
        as_of = status["status_as_of"]
        yield f"{cert.page}index.html", certificate_page(cert, as_of, "en").encode("utf-8")
        yield f"{cert.page}zh/index.html", certificate_page(cert, as_of, "zh").encode("utf-8")
        yield f"{cert.page}status.json", _json(status)
        for lang, sha in cert.files:
            data = {"format": FILE_FORMAT, "sha256": sha, "lang": lang, "certificate": status}
            yield f"h/{sha}.json", _json(data)


def _shared_files(
    certificates: Sequence[Certificate], objects: dict[str, dict[str, Any]], signed: Signed
) -> Iterator[tuple[str, bytes]]:
    """Each SKU's file (its certificates newest first), the assets and the CA certificates."""
    by_sku: dict[str, tuple[str, list[Certificate]]] = {}
    for cert in certificates:
        by_sku.setdefault(sku_key(cert.sku), (cert.sku, []))[1].append(cert)
    for key, (sku, certs) in by_sku.items():
        newest = sorted(certs, key=lambda c: (c.issued_at, c.certificate_id), reverse=True)
        listed = [objects[c.certificate_id] for c in newest]
        yield f"s/{key}.json", _json({"format": SKU_FORMAT, "sku": sku, "certificates": listed})
    assets = resources.files("qa_check.publish").joinpath("assets")
    for name in ASSETS:
        yield f"assets/{name}", assets.joinpath(name).read_bytes()
    if signed.ca_pem:
        yield "ca-cert.pem", signed.ca_pem


def _index(facts: IndexFacts, lang: str) -> tuple[str, bytes]:
    path = "index.html" if lang == "en" else "zh/index.html"
    return path, index_page(facts, lang).encode("utf-8")


def _json(data: object) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
