"""What ``register list`` and ``register show`` print: text, JSON or CSV, returned as strings.

It loads the register and the catalogue, never the judging code (a third of a second): listing
100,000 certificates has a second in all, which is why the package's ``__init__`` stays cheap to
import. Every value read from the register goes through ``printable`` in text (a SKU may hold
anything) and through the formula guard in CSV (a spreadsheet must not run a cell).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from qa_check.certificates.register import Listed, Row
from qa_check.core.messages import printable, word
from qa_check.files.spreadsheet import cell

LIST_FORMAT_ID = "qa-check/register-list@1"
SHOW_FORMAT_ID = "qa-check/register-show@1"
ISSUED, REVOKED, STALE = "ISSUED", "REVOKED", "STALE"
CSV_COLUMNS = (
    "certificate_id",
    "lang",
    "sku",
    "product",
    "verdict",
    "status",
    "reason",
    "issued_at",
    "inspected_at",
    "file",
    "digest",
    "signer",
    "checklists",
    "revoked_at",
    "revoked_why",
    "superseded_by",
    "changed_checklists",
    "file_sha256",
    "issuer",
)


CSV_BOM = "\ufeff"
"""Starts the CSV: Excel reads a file without it in the machine's code page and garbles Chinese."""

Tally = dict[str, int]
"""How many files of each status were listed: ISSUED, STALE, REVOKED."""
_Shown = TypeVar("_Shown", Row, Listed)


def counted(
    items: Iterable[_Shown], counts: Tally, only: set[str] | None = None
) -> Iterator[_Shown]:
    """The items, counted by status into ``counts``; only those of a status in ``only``."""
    for status_name in (ISSUED, STALE, REVOKED):
        counts.setdefault(status_name, 0)
    for item in items:
        found = (
            REVOKED if item.revoked_at else STALE if item.superseded_by or item.changed else ISSUED
        )
        counts[found] += 1
        if only is None or found in only:
            yield item


def status(row: Row | Listed) -> str:
    """REVOKED, else STALE (superseded, or a checklist changed), else ISSUED."""
    if row.revoked_at:
        return REVOKED
    return STALE if row.superseded_by or row.changed else ISSUED


@functools.lru_cache(maxsize=4096)
def local(moment: str, zone: ZoneInfo | None) -> str:
    """A time the register stores (UTC, or a record's own offset) in the site's zone.

    Shown with its offset, so that it still names one instant; as stored without a zone, or
    when it is no time (an empty one). Remembered: a batch's certificates share their issue
    time, so listing 100,000 converts a few hundred.
    """
    if zone is None or not moment:
        return moment
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if parsed.tzinfo is None:
        return moment
    return parsed.astimezone(zone).isoformat()


def reason(row: Row | Listed, lang: str = "en", zone: ZoneInfo | None = None) -> str:
    """Why the status is what it is, in a few words; empty for ISSUED."""
    if row.revoked_at:
        revoked_on = local(row.revoked_at, zone)[:10]
        return f"{word('register_word_revoked', lang)} {revoked_on}: {row.revoked_why}"
    reasons = []
    if row.superseded_by:
        reasons.append(f"{word('register_word_superseded', lang)} {row.superseded_by}")
    if row.changed:
        changed = word("list_separator", lang).join(row.changed)
        reasons.append(f"{word('register_word_changed', lang)} {changed}")
    return "; ".join(reasons)


def list_text(
    items: Iterable[Listed],
    lang: str = "en",
    zone: ZoneInfo | None = None,
    *,
    issuers: bool = False,
) -> str:
    """A line per file: id, language, verdict, issue date, status, SKU and the reason.

    The dates are the site's (``zone``) when it has one, else UTC's. ``issuers`` (one SKU's
    history): each line names its issuer after the SKU, when the register has it.
    """
    revoked = word("register_word_revoked", lang)
    superseded = word("register_word_superseded", lang)
    by = word("merge_word_issuer", lang)
    lines: list[str] = []
    append = lines.append
    for item in items:
        certificate_id, language, sku, verdict, issued_at, revoked_at, why, newer = item[:8]
        changed, issuer = item.changed, item.issuer
        if printable(sku) != sku:
            sku = printable(sku)
        if issuers and issuer:
            sku += f"  {by} {printable(issuer)}"
        if revoked_at:
            revoked_on = local(revoked_at, zone)[:10]
            state = f"{REVOKED:<7}  {sku}  ({revoked} {revoked_on}: {printable(why)})"
        elif changed:
            state = f"{STALE:<7}  {sku}  ({printable(reason(item, lang, zone))})"
        elif newer:
            state = f"{STALE:<7}  {sku}  ({superseded} {printable(newer)})"
        else:
            state = f"{ISSUED:<7}  {sku}"
        append(
            f"{printable(certificate_id)}  {printable(language):<5}  {printable(verdict):<4}"
            f"  {printable(local(issued_at, zone)[:10])}  {state}\n"
        )
    return "".join(lines)


def lines_text(found: Iterable[tuple[str, str]], counts: Tally, only: set[str] | None) -> str:
    """The lines ``Register.lines`` laid out, escaped, counted by status into ``counts``."""
    for status_name in (ISSUED, STALE, REVOKED):
        counts.setdefault(status_name, 0)
    lines: list[str] = []
    append = lines.append
    for found_status, line in found:
        counts[found_status] += 1
        if only is None or found_status in only:
            append(printable(line))
    return "\n".join(lines) + "\n" if lines else ""


def words(lang: str) -> dict[str, str]:
    """The words of the reasons ``Register.lines`` writes, in a language."""
    return {
        "revoked": word("register_word_revoked", lang),
        "superseded": word("register_word_superseded", lang),
        "lot": word("lots2_register_lot", lang),
        "by": word("merge_word_issuer", lang),
    }


def _document(row: Row) -> dict[str, Any]:
    return {
        "certificate_id": row.certificate_id,
        "lang": row.lang,
        "sku": row.sku,
        "product": row.product,
        "verdict": row.verdict,
        "status": status(row),
        "reason": reason(row),
        "issued_at": row.issued_at,
        "inspected_at": row.inspected_at,
        "file": row.file,
        "digest": row.digest,
        "signer": row.signer,
        "checklists": [
            {"id": checklist_id, "version": version, "sha256": sha}
            for checklist_id, version, sha in row.checklists
        ],
        "revoked_at": row.revoked_at or None,
        "revoked_why": row.revoked_why or None,
        "superseded_by": row.superseded_by or None,
        "changed_checklists": list(row.changed),
        "file_sha256": row.file_sha256 or None,
        **_lot(row),
        **({"issuer": row.issuer} if row.issuer else {}),
    }


def _lot(row: Row) -> dict[str, str]:
    """A lot certificate's lot, decision and inspection time (UTC): fields a SKU's lacks."""
    if not row.lot:
        return {}
    return {"lot": row.lot, "decision": row.decision, "lot_inspected_at": row.lot_inspected_at}


def list_json(rows: Iterable[Row]) -> str:
    """One document: its format and a certificate file an entry, one entry a line."""
    entries = ",\n".join("    " + json.dumps(_document(row), ensure_ascii=False) for row in rows)
    body = f"\n{entries}\n  " if entries else ""
    return f'{{\n  "format": "{LIST_FORMAT_ID}",\n  "certificates": [{body}]\n}}\n'


def list_csv(rows: Iterable[Row], zone: ZoneInfo | None = None) -> str:
    """A header and a row per file; checklists as ``id@version=sha256`` joined by ``; ``.

    It starts with the byte-order mark; its times are the site's (``zone``) when it has one.
    """
    buffer = io.StringIO(CSV_BOM)
    buffer.seek(0, io.SEEK_END)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        document = _document(row)
        document["checklists"] = "; ".join(
            f"{checklist_id}@{version}={sha}" for checklist_id, version, sha in row.checklists
        )
        document["changed_checklists"] = "; ".join(row.changed)
        for name in ("issued_at", "inspected_at", "revoked_at"):
            document[name] = local(document[name] or "", zone)
        writer.writerow([cell(str(document.get(name) or "")) for name in CSV_COLUMNS])
    return buffer.getvalue()


def show_text(rows: Sequence[Row], lang: str = "en", zone: ZoneInfo | None = None) -> str:
    """One certificate: what it says, what became of it, and a line per file (language).

    Its times are the site's (``zone``) when it has one, with the offset.
    """
    first = rows[0]
    label = {key: word(f"register_label_{key}", lang) for key in _LABELS}
    width = max(len(text) for text in label.values()) + 2
    because = reason(first, lang, zone)
    lines = [f"{printable(first.certificate_id)}  {status(first)}"]
    if because:
        lines[0] += f"  ({printable(because)})"
    checklists = ", ".join(f"{i}@{v} sha256:{s[:16]}…" for i, v, s in first.checklists)
    signer = first.signer or word("register_unsigned", lang)
    for key, value in (
        ("sku", first.sku),
        ("product", first.product),
        ("verdict", first.verdict),
        ("inspected", local(first.inspected_at, zone)),
        ("issued", local(first.issued_at, zone)),
        ("checklists", checklists),
        ("signer", signer),
    ):
        lines.append(f"  {label[key]:<{width}}{printable(value)}")
    for row in rows:
        lines.append(
            f"  {label['file']:<{width}}{printable(row.lang):<5}  {printable(row.file)}"
            f"  sha256:{printable(row.digest)}"
        )
        if row.file_sha256:
            file_label = word("report_label_file_sha256", lang)
            room = max(width, len(file_label) + 2)
            lines.append(f"  {file_label:<{room}}{printable(row.file_sha256)}")
    return "\n".join(lines) + "\n"


_LABELS = (
    "sku",
    "product",
    "verdict",
    "inspected",
    "issued",
    "checklists",
    "signer",
    "file",
)


def show_json(rows: Sequence[Row]) -> str:
    """One document: the certificate's files, each as ``register list`` gives it."""
    document = {"format": SHOW_FORMAT_ID, "certificates": [_document(row) for row in rows]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
