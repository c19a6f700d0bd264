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

from qa_check import __version__
from qa_check.certificates.payload import utc_text
from qa_check.core.catalogue import CATALOGUE
from qa_check.publish.pages import (
    LANGS,
    Authority,
    IndexFacts,
    certificate_page,
    index_page,
    redirect_page,
)
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
    disputed: int = 0
    """File hashes two certificates claim, published for neither (``statuses.Read``)."""


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
    writer = SiteWriter(out, read_manifest(out), renderer=_renderer())
    planned = set(_paths(certificates, signed))
    writer.begin(planned)
    stamp = utc_text(now)
    old = writer.old.states
    states = {c.certificate_id: _state(c, old.get(c.certificate_id), stamp) for c in certificates}
    statuses = _Statuses(states)
    changed = False
    for done, cert in enumerate(certificates, 1):
        same = states[cert.certificate_id] == old.get(cert.certificate_id)
        if not (same and writer.keep(_own_paths(cert))):  # else the files it has are its own
            for path, data in _certificate_files(cert, statuses.of(cert)):
                changed |= writer.put(path, data)
        if done % 1000 == 0:
            step(done, len(certificates))
    gone = not states.keys() >= old.keys()  # a SKU's file may have listed it
    for key, (sku, certs) in _by_sku(certificates).items():
        path = f"s/{key}.json"
        same = not gone and all(
            states[c.certificate_id] == old.get(c.certificate_id) for c in certs
        )
        if not (same and writer.keep([path])):
            listed = [statuses.of(c) for c in certs]
            document = {"format": SKU_FORMAT, "sku": sku, "certificates": listed}
            changed |= writer.put(path, _json(document))
    for path, data in _site_files(signed):
        changed |= writer.put(path, data)
    if signed.revocations is not None:  # its own times change at every publish: not a change
        writer.put("revocations.json", signed.revocations)
    changed |= not planned.issuperset(writer.old.files)  # files of certificates gone
    changed_at = _index_pages(writer, certificates, signed, stamp, changed=changed)
    writer.finish(states, changed_at)
    step(len(certificates), len(certificates))
    return Published(
        len(certificates),
        read.private,
        read.unusable,
        writer.written,
        writer.kept,
        writer.removed,
        read.disputed,
    )


def _index_pages(
    writer: SiteWriter,
    certificates: Sequence[Certificate],
    signed: Signed,
    stamp: str,
    *,
    changed: bool,
) -> str:
    """Write the index pages, saying when the site last changed: now, if anything did."""
    issuers = sorted({c.issuer for c in certificates})
    revocations = signed.revocations is not None
    changed_at = writer.old.changed_at or stamp
    facts = IndexFacts(len(certificates), changed_at, issuers, signed.authorities, revocations)
    pages = [_index(facts, lang) for lang in LANGS]
    if changed or any(writer.changed(path, data) for path, data in pages):
        changed_at = stamp
        facts = IndexFacts(len(certificates), stamp, issuers, signed.authorities, revocations)
        pages = [_index(facts, lang) for lang in LANGS]
    for path, data in pages:
        writer.put(path, data)
    return changed_at


def _renderer() -> str:
    """A hash of what renders the site: another qa-check or other words render every page again."""
    digest = hashlib.sha256(__version__.encode("utf-8"))
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    words = {key: pair for key, pair in CATALOGUE.items() if key.startswith("web_")}
    digest.update(json.dumps(words, ensure_ascii=False, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()[:32]


def _paths(certificates: Sequence[Certificate], signed: Signed) -> Iterator[str]:
    """Every path this publish may write, before it writes any."""
    yield from ("index.html", "zh/index.html", *(f"assets/{name}" for name in ASSETS))
    if signed.ca_pem:
        yield "ca-cert.pem"
    if signed.revocations is not None:
        yield "revocations.json"
    for cert in certificates:
        yield from _own_paths(cert)
        yield f"s/{sku_key(cert.sku)}.json"


def _own_paths(cert: Certificate) -> list[str]:
    """The files of one certificate alone: its pages, its status, a file per issued PDF."""
    page = cert.page
    own = [f"{page}index.html", f"{page}zh/index.html", f"{page}status.json"]
    if not cert.files:  # registered by 0.5.0, whose QR code held <verify_url>/<id>
        own.append(f"{cert.certificate_id}/index.html")
    return own + [f"h/{sha}.json" for _, sha in cert.files]


def _state(cert: Certificate, known: tuple[str, str] | None, stamp: str) -> tuple[str, str]:
    """A hash of what a certificate's files state, and the publish time that made it so.

    The time is the last publish's when the rest is the same, else this one's (``stamp``).
    """
    state = hashlib.sha256(repr(cert).encode("utf-8")).hexdigest()[:32]
    return state, known[1] if known is not None and known[0] == state else stamp


class _Statuses:
    """Each certificate's status object, made once and only for the files written."""

    def __init__(self, states: dict[str, tuple[str, str]]) -> None:
        self.states = states
        self.made: dict[str, dict[str, Any]] = {}

    def of(self, cert: Certificate) -> dict[str, Any]:
        found = self.made.get(cert.certificate_id)
        if found is None:
            as_of = self.states[cert.certificate_id][1]
            found = self.made[cert.certificate_id] = cert.status_object(as_of)
        return found


def _certificate_files(cert: Certificate, status: dict[str, Any]) -> Iterator[tuple[str, bytes]]:
    """A certificate's pages and status, and a file per issued PDF's hash.

    A certificate registered without its file's hash was registered by 0.5.0, whose QR code held
    ``<verify_url>/<id>``: a page there leads to its page.
    """
    as_of = status["status_as_of"]
    yield f"{cert.page}index.html", certificate_page(cert, as_of, "en").encode("utf-8")
    yield f"{cert.page}zh/index.html", certificate_page(cert, as_of, "zh").encode("utf-8")
    yield f"{cert.page}status.json", _json(status)
    if not cert.files:
        yield (
            f"{cert.certificate_id}/index.html",
            redirect_page(cert.certificate_id).encode("utf-8"),
        )
    for lang, sha in cert.files:
        data = {"format": FILE_FORMAT, "sha256": sha, "lang": lang, "certificate": status}
        yield f"h/{sha}.json", _json(data)


def _by_sku(certificates: Sequence[Certificate]) -> dict[str, tuple[str, list[Certificate]]]:
    """SKU key -> (the SKU as first registered, its certificates newest first)."""
    by_sku: dict[str, tuple[str, list[Certificate]]] = {}
    for cert in certificates:
        by_sku.setdefault(sku_key(cert.sku), (cert.sku, []))[1].append(cert)
    for _, certs in by_sku.values():
        certs.sort(key=lambda c: (c.issued_at, c.certificate_id), reverse=True)
    return by_sku


def _site_files(signed: Signed) -> Iterator[tuple[str, bytes]]:
    """The script and the style sheet, and the CA certificates."""
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
