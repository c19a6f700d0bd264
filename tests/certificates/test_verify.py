"""verify: genuine certificates are VALID; edits to the page or the embedded record are caught."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import os
import re
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, certificates_in
from qa_check.certificates import verify as verify_module
from qa_check.certificates.formats import FORMAT_ID
from qa_check.certificates.payload import (
    ATTACHMENT_NAME,
    GENERATOR,
    MAX_PAYLOAD_BYTES,
    Payload,
    build_payload,
    checklist_hashes,
    read_payload,
)
from qa_check.certificates.preflight import CHECKS
from qa_check.certificates.render import render
from qa_check.certificates.site import Site, read_site
from qa_check.certificates.verify import MAX_CERTIFICATE_BYTES, Status, verify
from qa_check.cli.app import app
from qa_check.core.errors import CertificateError, Location
from qa_check.core.messages import msg
from qa_check.engine.checklists import Registry, content_hash, load_registry
from qa_check.engine.judge import RawRecord, judge

runner = CliRunner()

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
Certify = Callable[[dict[str, Any], str], tuple[Path, Payload]]


@pytest.fixture
def certify(registry: Registry, tmp_path: Path) -> Certify:
    """Issue a certificate for a record into tmp_path, as ``certify`` does."""

    def issue(data: dict[str, Any], name: str) -> tuple[Path, Payload]:
        origin = Location(str(tmp_path / f"{name}.yaml"))
        result = judge(
            RawRecord(data, origin, lambda path: origin), registry, explain=True, checks=CHECKS
        )
        payload = build_payload(result, (), ISSUED, "en")
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(render(payload, origin).pdf)
        return path, payload

    return issue


def failing(record: dict[str, Any]) -> dict[str, Any]:
    record["answers"]["compression-test"]["applied_load_kg"] = "12"
    return record


def test_a_genuine_certificate_is_valid(certify: Certify, record: dict[str, Any]) -> None:
    path, payload = certify(failing(record), "fail")
    found = verify(path)
    assert found.status is Status.UNSIGNED
    assert (found.certificate_id, found.sku, found.verdict) == (
        payload.certificate_id,
        "TWS-EB-001",
        "FAIL",
    )


def test_verify_in_a_fresh_process_agrees(certify: Certify, record: dict[str, Any]) -> None:
    """Rendering must not depend on what else the issuing process drew before."""
    certify(failing(_copy(record)), "first")
    path, _ = certify(record, "pass")
    done = subprocess.run(
        [sys.executable, "-m", "qa_check", "verify", str(path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert (done.returncode, done.stderr) == (0, ""), done.stdout + done.stderr
    assert done.stdout.startswith("UNSIGNED ")


def test_a_pass_page_over_a_fail_record_is_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    fail_path, _ = certify(failing(_copy(record)), "fail")
    pass_path, _ = certify(record, "pass")
    forged_path = tmp_path / "forged.pdf"
    _reattach(pass_path, forged_path, PdfReader(fail_path).attachments[ATTACHMENT_NAME][0])
    shown = subprocess.run(
        ["pdftotext", str(forged_path), "-"], capture_output=True, text=True, check=True
    )
    assert "PASS" in shown.stdout  # the forgery looks like a PASS to a reader...
    found = verify(forged_path)
    assert found.status is Status.TAMPERED  # ...and verify says it is not
    assert "edited after issue" in found.reasons[0]


def test_an_edited_page_is_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(failing(record), "fail")
    writer = PdfWriter(clone_from=path)
    content = writer.pages[0].get_contents()
    assert content is not None
    red = b".776471 .156863 .156863 rg"  # the FAIL badge
    data = content.get_data()
    assert red in data
    content.set_data(data.replace(red, b".105882 .498039 .231373 rg"))  # now green
    writer.pages[0][NameObject("/Contents")] = content
    edited = tmp_path / "green.pdf"
    writer.write(edited)
    found = verify(edited)
    assert found.status is Status.TAMPERED
    assert "edited after issue" in found.reasons[0]


def _reattach(path: Path, target: Path, attachment: bytes) -> None:
    """Copy the certificate's page to ``target`` with another embedded record."""
    writer = PdfWriter()
    writer.append(PdfReader(path))
    writer.add_attachment(ATTACHMENT_NAME, attachment)
    writer.write(target)


def _with_payload(path: Path, target: Path, change: Callable[[dict[str, Any]], None]) -> None:
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    change(document)
    _reattach(path, target, json.dumps(document, ensure_ascii=False).encode())


def test_a_changed_date_in_the_record_is_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    edited = tmp_path / "date.pdf"

    def later(document: dict[str, Any]) -> None:
        document["record"]["inspected_at"] = "2026-11-22T10:15:00+08:00"

    _with_payload(path, edited, later)
    found = verify(edited)
    assert found.status is Status.TAMPERED
    assert "the embedded record was changed" in found.reasons[0]


def test_a_changed_record_with_a_new_digest_is_still_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    """Recomputing the digest does not help: the page still shows the old record."""
    path, _ = certify(failing(record), "fail")
    edited = tmp_path / "digest.pdf"

    def passing_with_digest(document: dict[str, Any]) -> None:
        document["record"]["answers"]["compression-test"]["applied_load_kg"] = "60"
        payload, _ = read_payload(json.dumps(document).encode(), "edited")
        document["digest"] = f"sha256:{payload.digest}"

    _with_payload(path, edited, passing_with_digest)
    found = verify(edited)
    assert found.status is Status.TAMPERED
    assert "edited after issue" in found.reasons[0]


def test_a_damaged_record_is_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    broken = tmp_path / "broken.pdf"
    _reattach(path, broken, b'{"format": "qa-check/certificate@2", "rec')
    found = verify(broken)
    assert found.status is Status.TAMPERED
    assert "unreadable embedded record" in found.reasons[0]


def _image(kind: str, size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, kind)
    return buffer.getvalue()


POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\n(GHOSTSCRIPT RAN) print flush\n"
NOT_A_THUMBNAIL = "embedded photo 'x.jpg' is not a JPEG of at most 480 pixels a side and 256 KB"


@pytest.mark.parametrize(
    ("photos", "reason"),
    [
        ([_image("PNG")], NOT_A_THUMBNAIL),
        ([POSTSCRIPT], NOT_A_THUMBNAIL),
        ([_image("JPEG", (481, 8))], NOT_A_THUMBNAIL),
        ([_image("JPEG")] * 13, "13 photos: a certificate shows at most 12"),
    ],
    ids=["png", "postscript", "too wide", "too many"],
)
def test_embedded_photos_that_certify_cannot_make_are_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path, photos: list[bytes], reason: str
) -> None:
    """They are refused before anything decodes them: Pillow would hand PostScript to gs."""
    path, _ = certify(record, "pass")
    edited = tmp_path / "photo.pdf"

    def with_photos(document: dict[str, Any]) -> None:
        document["photos"] = [
            {"name": "x.jpg", "jpeg_base64": base64.b64encode(data).decode("ascii")}
            for data in photos
        ]

    _with_payload(path, edited, with_photos)
    found = verify(edited)
    assert found.status is Status.TAMPERED
    [shown] = found.reasons
    assert shown.startswith(f"{edited} [photos")
    assert shown.endswith(f"]: {reason}")


def test_bytes_appended_after_issue_are_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    path.write_bytes(path.read_bytes() + b"\n% an incremental update\n")
    assert verify(path).status is Status.TAMPERED


def test_a_file_that_is_no_certificate_is_an_error(tmp_path: Path) -> None:
    text = tmp_path / "note.pdf"
    text.write_text("hello", encoding="utf-8")
    with pytest.raises(CertificateError, match="not a PDF file"):
        verify(text)
    blank = tmp_path / "blank.pdf"
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    writer.write(blank)
    with pytest.raises(CertificateError, match="not a qa-check certificate"):
        verify(blank)
    with pytest.raises(CertificateError, match="cannot read"):
        verify(tmp_path / "missing.pdf")


def test_a_generator_changed_with_a_new_digest_is_tampered(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    """Another version's certificate is judged, by what its page prints: not this one's id."""
    path, _ = certify(record, "pass")
    other = tmp_path / "other.pdf"
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    _reattach(path, other, _rehashed({**document, "generator": "qa-check 0.2.0"}))
    found = verify(other)
    assert (found.status, found.reasons) == (Status.TAMPERED, (msg("cert_page_edited"),))


def test_a_later_versions_page_is_checked_for_the_record_digest_it_prints(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    """A format @5 page another version drew prints the record's digest, not the payload's:
    verify looks for that one (looking for the payload's, it would call the page edited)."""
    origin = Location(str(tmp_path / "r.yaml"))
    result = judge(
        RawRecord(record, origin, lambda path: origin), registry, explain=True, checks=CHECKS
    )
    made = build_payload(result, (), ISSUED, "zh")
    later = dataclasses.replace(made, generator="qa-check 0.6.1")
    path = tmp_path / "later.pdf"
    path.write_bytes(render(later, origin).pdf)
    found = verify(path)
    assert (found.status, found.reasons) == (Status.UNSIGNED, ())
    assert found.notes == (msg("cert_checked_older", generator="qa-check 0.6.1"),)
    assert later.digest not in PdfReader(path).pages[0].extract_text()


@pytest.mark.parametrize(
    ("format_id", "said"),
    [
        ("qa-check/certificate@1", "before certificates stayed verifiable: certify its record"),
        ("qa-check/certificate@0", "before certificates stayed verifiable: certify its record"),
        ("qa-check/certificate@6", f"newer than {GENERATOR} reads: update qa-check"),
    ],
)
def test_a_format_this_version_does_not_read_is_named_not_judged(
    certify: Certify, record: dict[str, Any], tmp_path: Path, format_id: str, said: str
) -> None:
    path, _ = certify(record, "pass")
    other = tmp_path / "other.pdf"
    _with_payload(path, other, lambda document: document.update(format=format_id))
    with pytest.raises(CertificateError, match=f"in format {format_id}, {said}"):
        verify(other)


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(data)))


# --- hostile and broken input: nothing crashes, nothing hangs ---------------------------------

MEMORY_LIMIT = 1024**3
"""Address space for a verify subprocess: a genuine certificate needs about a seventh of it."""


def _bounded(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``qa-check verify`` in a process that cannot hang CI or eat the machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    return subprocess.run(
        [sys.executable, "-m", "qa_check", "verify", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
        preexec_fn=limit,
    )


def _dumped(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def _rehashed(document: dict[str, Any]) -> bytes:
    """The document with the hashes an attacker would recompute, so that it reaches rendering."""
    checklists = document.get("checklists")
    if isinstance(checklists, list) and all(isinstance(c, dict) for c in checklists):
        document["checklist_sha256"] = checklist_hashes(checklists)
    try:
        payload, _ = read_payload(_dumped(document), "forged")
    except CertificateError:
        return _dumped(document)  # not even readable: the digest does not matter
    document["digest"] = f"sha256:{payload.digest}"
    return _dumped(document)


Forge = Callable[[dict[str, Any]], bytes]


def raw(data: bytes) -> Forge:
    return lambda _: data


def edit(change: Callable[[dict[str, Any]], object], *, rehash: bool = True) -> Forge:
    def forge(document: dict[str, Any]) -> bytes:
        change(document)
        return _rehashed(document) if rehash else _dumped(document)

    return forge


def put(path: str, value: object, *, rehash: bool = True) -> Forge:
    """Set ``a.b.c`` in the document (numbers index lists)."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return edit(change, rehash=rehash)


def replaced(old: bytes, new: bytes) -> Forge:
    def forge(document: dict[str, Any]) -> bytes:
        data = _dumped(document)
        assert old in data
        return data.replace(old, new, 1)

    return forge


def _image_base64(kind: str, size: tuple[int, int]) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", size).save(buffer, kind)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _issuer(name: str, logo: str | None = None) -> dict[str, Any]:
    """The site part's issuer as a forger would write it."""
    return {"name": name, "address": None, "accreditation": None, "logo_jpeg_base64": logo}


def drop_test(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in document["checklists"] if c["id"] == "drop-test")
    return found


HOSTILE: list[Any] = [
    pytest.param(raw(b"not json"), "invalid JSON", id="not JSON"),
    pytest.param(raw(b"\xff{}"), "not UTF-8 text (byte 0)", id="not UTF-8"),
    pytest.param(raw(b"5"), f"not a {FORMAT_ID} document", id="a number"),
    pytest.param(
        put("format", "certificate@4"), f"not a {FORMAT_ID} document", id="no format of ours"
    ),
    pytest.param(
        put("verify_url", None),
        "[verify_url]: unreadable embedded record: unknown field",
        id="part",
    ),
    pytest.param(
        put("format", "qa-check/certificate@3"),
        "[signer]: unreadable embedded record: not part of qa-check/certificate@3",
        id="a part of a newer format",
    ),
    pytest.param(
        edit(lambda d: d.pop("signer")),
        f"[signer]: unreadable embedded record: required in {FORMAT_ID}",
        id="a part its format needs",
    ),
    pytest.param(
        raw(b"[" * 100_000 + b"]" * 100_000),
        "nested more than 64 levels deep",
        id="nested 100,000 deep",
    ),
    pytest.param(
        replaced(b'"gross_weight_kg": 0.45', b'"gross_weight_kg": ' + b"9" * 400),
        "[record.product.gross_weight_kg]: '999",
        id="a 400-digit number",
    ),
    pytest.param(
        replaced(b'"sku": "TWS-EB-001"', b'"sku": "\\ud800"'),
        "a lone surrogate",
        id="a lone surrogate",
    ),
    pytest.param(
        replaced(b'"sku"', b'"sku": "X", "sku"'), "duplicate key 'sku'", id="a duplicate key"
    ),
    pytest.param(
        replaced(b'"gross_weight_kg": 0.45', b'"gross_weight_kg": NaN'),
        "NaN is not a number",
        id="NaN",
    ),
    pytest.param(
        raw(b'{"format": "qa-check/certificate@2", "pad": "' + b"a" * MAX_PAYLOAD_BYTES + b'"}'),
        f"an embedded record holds at most {MAX_PAYLOAD_BYTES:,}",
        id="a huge attachment",
    ),
    pytest.param(
        put("extra", "x"), "[extra]: unreadable embedded record: unknown field", id="extra"
    ),
    pytest.param(put("record", ["x"]), "[record]: unreadable embedded record", id="record list"),
    pytest.param(put("checklists", {"a": "1"}), "[checklists]: unreadable", id="checklists map"),
    pytest.param(put("checklists", [["x"]]), "[checklists[0]]: unreadable", id="checklist list"),
    pytest.param(put("photos", "x"), "[photos]: unreadable", id="photos text"),
    pytest.param(put("digest", ["x"]), "[digest]: unreadable", id="digest a list"),
    pytest.param(put("generator", {"a": "b"}), "[generator]: unreadable", id="generator a map"),
    pytest.param(put("lang", "fr"), "'fr' is not one of: en, zh", id="unknown language"),
    pytest.param(
        put("issued_at", "999-12-31T00:00:00Z"),
        "[issued_at]: '999-12-31T00:00:00Z' is not a time written as 2026-11-23T01:00:00Z",
        id="a three-digit year",
    ),
    pytest.param(put("issued_at", "2026-02-30T00:00:00Z"), "is not a time", id="no such day"),
    pytest.param(put("issued_at", "２０２６-11-23T01:00:00Z"), "is not a time", id="wide digits"),
    pytest.param(put("issued_at", "2026-11-23T01:00:00+00:00"), "is not a time", id="not Z"),
    pytest.param(
        put("issued_at", "0001-01-01T00:00:00Z"),
        "[issued_at]: issued 0001-01-01 00:00 UTC, before the inspection ended",
        id="year 1",
    ),
    pytest.param(put("record.product", "x"), "[record.product]: expected a group", id="product"),
    pytest.param(put("record.answers", ["x"]), "[record.answers]: expected a group", id="answers"),
    pytest.param(
        put("record.answers.drop-test", ["x"]),
        "[record.answers.drop-test]: expected a group",
        id="answer group a list",
    ),
    pytest.param(
        put("record.answers.drop-test.drops", {"a": ["b"]}),
        "[answers.drop-test.drops]: expected a list of 9 entries",
        id="drops a map",
    ),
    pytest.param(
        put("record.inspected_at", "0001-01-01T00:00:00+01:00"),
        "edited after issue",
        id="inspected before year 1 in UTC",
    ),
    pytest.param(
        put("record.product.gross_weight_kg", "0"), "must be more than 0 kg", id="weight 0"
    ),
    pytest.param(
        put("photos", [{"name": ["x"], "jpeg_base64": ""}]), "[photos[0].name]", id="photo name"
    ),
    pytest.param(
        put("photos", [{"name": "a.jpg", "jpeg_base64": "!!"}]),
        "[photos[0].jpeg_base64]: not base64 text",
        id="photo not base64",
    ),
    pytest.param(
        put("photos", [{"name": "a.jpg", "jpeg_base64": "Z2FyYmFnZQ=="}]),
        "[photos[0].jpeg_base64]: embedded photo 'a.jpg' is not a JPEG",
        id="photo not an image",
    ),
    pytest.param(
        put("site", "x"), "[site]: unreadable embedded record: expected a group", id="site"
    ),
    pytest.param(edit(lambda d: d["site"].pop("approver")), "[site.approver]: required", id="key"),
    pytest.param(put("site.signature", "x"), "[site.signature]: unknown field", id="site extra"),
    pytest.param(
        put("site.valid_months", 0), "[site.valid_months]: must be at least 1", id="months 0"
    ),
    pytest.param(
        put("site.valid_months", 121), "[site.valid_months]: must be at most 120", id="months 121"
    ),
    pytest.param(
        put("site.valid_months", 12.0),
        "[site.valid_months]: '12.0' is not a whole number",
        id="months 12.0",
    ),
    pytest.param(put("site.valid_months", 1), "edited after issue", id="months shortened"),
    pytest.param(
        put("site.approver", "Wang\nFang"),
        "[site.approver]: 'Wang\\nFang' is not valid here",
        id="approver on two lines",
    ),
    pytest.param(
        put("site.issuer", {"address": None, "accreditation": None, "logo_jpeg_base64": None}),
        "[site.issuer.name]: required",
        id="issuer without a name",
    ),
    pytest.param(put("site.issuer", _issuer("Other lab")), "edited after issue", id="issuer"),
    pytest.param(
        put("site.issuer", _issuer("Lab", "!!")),
        "[site.issuer.logo_jpeg_base64]: not base64 text",
        id="logo not base64",
    ),
    pytest.param(
        put("site.issuer", _issuer("Lab", _image_base64("PNG", (8, 8)))),
        "[site.issuer.logo_jpeg_base64]: the embedded logo is not a JPEG of at most 480 pixels"
        " a side and 256 KB",
        id="logo a PNG",
    ),
    pytest.param(
        put("site.issuer", _issuer("Lab", _image_base64("JPEG", (481, 8)))),
        "the embedded logo is not a JPEG",
        id="logo too wide",
    ),
    pytest.param(
        edit(lambda d: drop_test(d)["items"][0].update(criterion={"at_least": "1"})),
        "[items[0].criterion]: at_least / at_most need an item answered with a number",
        id="checklist does not compile",
    ),
    pytest.param(
        edit(lambda d: drop_test(d).update(items="x")),
        "[items]: expected a list",
        id="checklist items text",
    ),
    pytest.param(
        edit(lambda d: drop_test(d).update(settings=["x"])),
        "[settings]: expected a group",
        id="checklist settings a list",
    ),
    pytest.param(
        edit(lambda d: drop_test(d).update(settings={"drop_height_m": "0.3"}), rehash=False),
        "[checklist_sha256]: the embedded checklist drop-test@2 was changed",
        id="checklist edited, hash kept",
    ),
    pytest.param(
        edit(lambda d: d["checklists"].pop()),
        "unknown checklist compression-test@2",
        id="checklist dropped",
    ),
    pytest.param(
        edit(lambda d: d["checklists"].append(d["checklists"][0])),
        "is also defined in",
        id="checklist twice",
    ),
]


@pytest.mark.parametrize(("forge", "reason"), HOSTILE)
def test_a_crafted_attachment_is_tampered_with_a_reason(
    certify: Certify, record: dict[str, Any], tmp_path: Path, forge: Forge, reason: str
) -> None:
    path, _ = certify(record, "pass")
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    forged = tmp_path / "forged.pdf"
    _reattach(path, forged, forge(document))
    found = verify(forged)
    assert found.status is Status.TAMPERED
    assert reason in " | ".join(found.reasons)
    assert all("\n" not in line for line in found.lines())


def _fifo(folder: Path) -> Path:
    os.mkfifo(folder / "cert.pdf")
    return folder / "cert.pdf"


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as file:
        file.write(b"%PDF-1.4\n")
        file.truncate(size)
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda _: Path("/dev/zero"), "not a regular file", id="/dev/zero"),
        pytest.param(_fifo, "not a regular file", id="a FIFO"),
        pytest.param(lambda folder: folder, "not a regular file", id="a folder"),
        pytest.param(
            lambda folder: _sparse(folder / "big.pdf", MAX_CERTIFICATE_BYTES + 1),
            f"larger than {MAX_CERTIFICATE_BYTES:,} bytes",
            id="a huge file",
        ),
    ],
)
def test_what_is_not_a_regular_file_of_bounded_size_is_refused_unread(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    path = make(tmp_path)
    done = _bounded(path)
    assert (done.returncode, done.stdout) == (2, f"NOT A CERTIFICATE  {path}\n")
    assert done.stderr == f"error: {path}: not a certificate: {reason}" + (
        " (a folder, a pipe or a device)\n" if "regular" in reason else "\n"
    )


def test_an_attachment_nested_100000_deep_is_tampered_in_bounded_memory(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    forged = tmp_path / "deep.pdf"
    _reattach(path, forged, b'{"a": ' * 100_000 + b"1" + b"}" * 100_000)
    done = _bounded(forged)
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [
        f"TAMPERED  {forged}",
        f"    ! {forged} [{ATTACHMENT_NAME}]:1: unreadable embedded record: invalid JSON:"
        " values are nested more than 64 levels deep",
    ]


YEAR_999 = "0999-12-31T00:00:00+00:00"


def test_a_certificate_issued_in_the_year_999_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    example = (ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8")
    early = tmp_path / "early.yaml"  # an issue time needs an inspection before it
    early.write_text(example.replace("2026-11-20T10:15:00+08:00", "0999-12-30T10:15:00+08:00"))
    issued = runner.invoke(app, ["certify", str(early), "--out", str(out), "--issued-at", YEAR_999])
    assert issued.exit_code == 0, issued.output
    [path] = certificates_in(out)
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    assert document["issued_at"] == "0999-12-31T00:00:00Z"
    shown = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    assert "0999-12-31 08:00 +08:00" in shown.stdout  # in the inspection's time zone
    checked = runner.invoke(app, ["verify", str(path), "--at", "1000-01-01T00:00:00+00:00"])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(f"UNSIGNED  {path}  QC-")


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-02:00"])
def test_an_issue_time_with_no_utc_equivalent_is_a_located_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    monkeypatch.chdir(ROOT)
    args = ["certify", "examples/earbuds-pass.yaml", "--out", str(tmp_path), "--issued-at", when]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --issued-at: {when!r} is outside the times a certificate can carry"
        " (years 0001 to 9999 in UTC)\n"
    )


def test_control_characters_in_a_reason_cannot_forge_a_line(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    document["record"]["checklists"]["drop-test"] = "1\nVALID     genuine.pdf\x1b[2J"
    forged = tmp_path / "forged.pdf"
    _reattach(path, forged, _rehashed(document))
    result = runner.invoke(app, ["verify", str(forged)])
    assert result.exit_code == 1
    first, *rest = result.stdout.splitlines()
    assert first.startswith(f"TAMPERED  {forged}  QC-")
    assert rest and all(line.startswith("    ! ") for line in rest)
    assert "unknown checklist drop-test@1\\nVALID     genuine.pdf\\x1b[2J" in result.stdout
    assert "\x1b" not in result.stdout


def test_control_characters_in_a_sku_or_file_name_are_shown_escaped(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    named = tmp_path / "a\nVALID\x1b[2J.pdf"
    named.write_bytes(path.read_bytes())
    forged = tmp_path / "forged.pdf"
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    document["record"]["sku"] = "TWS\u2028VALID\x85X"  # not C0 controls: the record takes it
    _reattach(path, forged, _rehashed(document))
    result = runner.invoke(app, ["verify", str(named), str(forged)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"UNSIGNED  {tmp_path}/a\\nVALID\\x1b[2J.pdf  QC-")
    assert lines[1].startswith("TAMPERED  ")
    assert lines[1].endswith("  TWS\\u2028VALID\\x85X")
    assert all(line.startswith("    ! ") for line in lines[2:])


def test_another_generator_with_a_newline_is_one_error_line(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    other = tmp_path / "other.pdf"
    newer = {"generator": "qa-check 9\nVALID     x", "format": "qa-check/certificate@9"}
    _with_payload(path, other, lambda d: d.update(newer))
    result = runner.invoke(app, ["verify", str(other)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    shown = f"error: {other} [format]: issued by qa-check 9\\nVALID     x in format "
    assert result.stderr.startswith(shown)


# --- checklists that changed content but kept their id@version ----------------------------


@pytest.fixture
def lowered(record: dict[str, Any], tmp_path: Path) -> Path:
    """A PASS certificate judged against a drop-test@2 whose drop height was lowered to 0.3 m."""
    folder = tmp_path / "edited"
    shutil.copytree(CHECKLISTS, folder)
    drop = folder / "drop-test@2.yaml"
    drop.write_text(drop.read_text("utf-8").replace("drop_height_m: 1.2", "drop_height_m: 0.3"))
    origin = Location(str(tmp_path / "lowered.yaml"))
    record["answers"]["drop-test"]["drop_height_m"] = "0.3"
    edited = load_registry([folder])
    result = judge(
        RawRecord(record, origin, lambda path: origin), edited, explain=True, checks=CHECKS
    )
    path = tmp_path / "lowered.pdf"
    path.write_bytes(render(build_payload(result, (), ISSUED, "en"), origin).pdf)
    return path


def test_a_certificate_records_the_hash_of_each_checklist(lowered: Path) -> None:
    document = json.loads(PdfReader(lowered).attachments[ATTACHMENT_NAME][0])
    assert document["checklist_sha256"] == {
        f"{c['id']}@{c['version']}": content_hash(c) for c in document["checklists"]
    }
    assert len(document["checklist_sha256"]) == 4


def test_a_checklist_changed_under_the_same_version_is_stale(
    lowered: Path, registry: Registry
) -> None:
    found = verify(lowered, registry)
    assert found.status is Status.STALE
    assert found.verdict == "PASS"
    assert found.reasons == (
        f"judged against a different drop-test@2 than the one installed"
        f" ({CHECKLISTS / 'drop-test@2.yaml'}):"
        " settings.drop_height_m: 0.3 in the certificate, 1.2 installed",
    )
    assert verify(lowered).status is Status.UNSIGNED  # nothing installed to compare with


def test_stale_exits_1_and_names_the_difference(lowered: Path) -> None:
    result = runner.invoke(app, ["verify", str(lowered), "-c", str(CHECKLISTS)])
    assert result.exit_code == 1
    first, reason = result.stdout.splitlines()
    assert first.startswith(f"STALE     {lowered}  QC-")
    assert first.endswith("  TWS-EB-001  PASS")
    assert reason.startswith("    ! judged against a different drop-test@2")


def test_a_checklist_not_installed_is_no_reason(lowered: Path, tmp_path: Path) -> None:
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(CHECKLISTS / "compression-test.yaml", only)
    result = runner.invoke(app, ["verify", str(lowered), "-c", str(only)])
    assert result.exit_code == 0
    assert result.stdout.startswith("UNSIGNED ")


def test_many_differences_are_cut_short(lowered: Path, tmp_path: Path) -> None:
    folder = tmp_path / "reworded"
    shutil.copytree(CHECKLISTS, folder)
    drop = folder / "drop-test@2.yaml"
    drop.write_text(re.sub(r"(?m)^(\s+en: )(?=\w)", r"\1New ", drop.read_text("utf-8")), "utf-8")
    [reason] = verify(lowered, load_registry([folder])).reasons
    assert reason.count(" in the certificate, ") == 3
    assert re.search(r"; and \d+ more$", reason)
    assert "title.en: Drop test in the certificate, New Drop test installed" in reason


# --- validity: until when a certificate holds -----------------------------------------------


def test_the_page_says_until_when_it_is_valid(certify: Certify, record: dict[str, Any]) -> None:
    path, _ = certify(record, "pass")
    shown = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Valid until 2027-11-20 (12 months after the inspection), unless void earlier:" in (
        " ".join(shown.split())
    )


@pytest.mark.parametrize(
    ("at", "code", "status"),
    [
        ("2027-11-20T23:59:59+08:00", 0, "UNSIGNED"),
        ("2027-11-21T00:00:00+08:00", 1, "EXPIRED"),
    ],
)
def test_a_certificate_past_its_last_day_is_expired(
    certify: Certify, record: dict[str, Any], at: str, code: int, status: str
) -> None:
    path, _ = certify(record, "pass")
    result = runner.invoke(app, ["verify", str(path), "--at", at])
    assert result.exit_code == code, result.output
    first, *reasons = result.stdout.splitlines()
    assert first.startswith(f"{status:<10}{path}  QC-")
    if status == "EXPIRED":
        assert reasons == [
            "    ! expired: valid until 2027-11-20, checked at 2027-11-20 16:00 UTC"
            " (--at TIME checks it at another time)"
        ]


def test_a_checklist_may_shorten_the_validity(record: dict[str, Any], tmp_path: Path) -> None:
    folder = tmp_path / "six-months"
    shutil.copytree(CHECKLISTS, folder)
    drop = folder / "drop-test@2.yaml"  # the version the record names
    drop.write_text(drop.read_text("utf-8").replace("\nsettings:", "\nvalid_months: 6\nsettings:"))
    origin = Location(str(tmp_path / "r.yaml"))
    result = judge(
        RawRecord(record, origin, lambda path: origin),
        load_registry([folder]),
        explain=True,
        checks=CHECKS,
    )
    path = tmp_path / "six.pdf"
    path.write_bytes(render(build_payload(result, (), ISSUED, "en"), origin).pdf)
    at = datetime.fromisoformat("2027-05-21T00:00:00+08:00")
    assert verify(path, at=at - timedelta(seconds=1)).status is Status.UNSIGNED
    assert verify(path, at=at).status is Status.EXPIRED


def _issued_under(
    site: Site, registry: Registry, record: dict[str, Any], path: Path
) -> tuple[Path, Payload]:
    origin = Location(str(path.with_suffix(".yaml")))
    result = judge(
        RawRecord(record, origin, lambda _: origin), registry, explain=True, checks=CHECKS
    )
    payload = build_payload(result, (), ISSUED, "en", site)
    path.write_bytes(render(payload, origin).pdf)
    return path, payload


@pytest.mark.parametrize(
    ("months", "last_day", "ended"),
    [(1, "2026-12-20", "2026-12-21"), (24, "2028-11-20", "2028-11-21")],
)
def test_the_site_may_set_the_validity_and_page_and_verify_agree(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    months: int,
    last_day: str,
    ended: str,
) -> None:
    path, _ = _issued_under(Site(valid_months=months), registry, record, tmp_path / "c.pdf")
    shown = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Valid until {last_day} ({months} months after the inspection)" in (
        " ".join(shown.split())
    )
    at = datetime.fromisoformat(f"{ended}T00:00:00+08:00")
    assert verify(path, at=at - timedelta(seconds=1)).status is Status.UNSIGNED
    found = verify(path, at=at)
    assert found.status is Status.EXPIRED
    assert found.reasons[0].startswith(f"expired: valid until {last_day},")


def test_a_certificate_issued_under_a_site_with_a_logo_is_valid(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    site = read_site(ROOT / "examples" / "qa-check.toml")
    path, payload = _issued_under(site, registry, record, tmp_path / "c.pdf")
    found = verify(path)
    assert (found.status, found.certificate_id) == (Status.UNSIGNED, payload.certificate_id)
    again, _ = read_payload(PdfReader(path).attachments[ATTACHMENT_NAME][0], str(path))
    assert again.site == dataclasses.replace(site, timezone=None)  # the zone stays at the site


def test_an_unreadable_at_time_is_a_usage_error(certify: Certify, record: dict[str, Any]) -> None:
    path, _ = certify(record, "pass")
    result = runner.invoke(app, ["verify", str(path), "--at", "tomorrow"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --at: 'tomorrow' is not a time with a zone")


def test_without_at_the_command_judges_at_verifys_own_now(
    certify: Certify, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One clock: the tests' fixed 2026 one here, today's date for a user."""
    path, _ = certify(record, "pass")
    assert runner.invoke(app, ["verify", str(path)]).exit_code == 0
    later = datetime.fromisoformat("2028-01-01T00:00:00+00:00")
    monkeypatch.setattr(verify_module, "now", lambda: later)
    result = runner.invoke(app, ["verify", str(path)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"EXPIRED   {path}  QC-")
