"""Every certificate a released qa-check issued still verifies, and an edit to one is still found.

The fixtures in tests/data/released/VERSION/ were issued by that version's own code from this
repository's history (``tests/data/released/issue.sh``); ``verified.txt`` beside them is what
that version's own ``verify`` said of them. They are checked as a reviewer would, months later,
with this version: on their own merits, never refused for being older.
"""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from typer.testing import CliRunner

from conftest import CHECKLISTS, DATA, ROOT
from qa_check.certificates.formats import FORMAT_ID, FORMATS
from qa_check.certificates.payload import ATTACHMENT_NAME, GENERATOR, canonical_json, read_payload
from qa_check.certificates.render import render
from qa_check.certificates.signing.trust import Trust, load_trust
from qa_check.certificates.verify import Status, verify
from qa_check.cli.app import app
from qa_check.core.errors import Location
from qa_check.core.messages import msg
from qa_check.engine.checklists import load_registry

RELEASED = DATA / "released"
INSIDE_VALIDITY = datetime(2027, 1, 15, tzinfo=UTC)
"""Every fixture was inspected in November 2026 and is valid 12 months."""
AFTER_VALIDITY = datetime(2028, 1, 1, tzinfo=UTC)
runner = CliRunner()


class Issued(NamedTuple):
    """One released certificate, and what its own version's verify said of it."""

    path: Path
    version: str
    certificate_id: str
    sku: str
    verdict: str
    signed: bool

    def trust(self) -> Trust:
        """The CA that vouched for a signed one; none for an unsigned one."""
        return load_trust([self.path.parent / "ca-cert.pem"]) if self.signed else Trust(())


def _issued() -> list[Issued]:
    """Every fixture, from each release's verified.txt: ``STATUS  file  id  SKU  verdict``."""
    found = []
    for said_of in sorted(RELEASED.glob("*/verified.txt")):
        folder = said_of.parent
        for line in said_of.read_text("utf-8").splitlines():
            said = re.fullmatch(
                r"(?:VALID|UNSIGNED) +(\S+\.pdf)  (QC-\S+)  (\S+)  (PASS|FAIL)", line
            )
            if said is not None:
                name, certificate_id, sku, verdict = said.groups()
                signed = name.endswith("_signed.pdf")
                found.append(
                    Issued(folder / name, folder.name, certificate_id, sku, verdict, signed)
                )
    return found


ISSUED = _issued()
UNSIGNED = [issued for issued in ISSUED if not issued.signed]


def test_a_certificate_of_every_release_and_format_is_kept() -> None:
    versions = {issued.version for issued in ISSUED}
    assert versions == {"0.2.0", "0.3.0", "0.4.0", "0.5.0"}
    formats = {_document(issued.path)["format"] for issued in ISSUED}
    released = {spec.id for spec in FORMATS.values() if spec.since in versions}
    assert formats == released  # every format a release issued, issued by that release
    assert FORMAT_ID in formats or FORMATS[FORMAT_ID].since not in versions
    assert {issued.verdict for issued in ISSUED} == {"PASS", "FAIL"}
    assert any(issued.signed for issued in ISSUED)
    assert all(issued.path.is_file() for issued in ISSUED)
    on_disk = {path for path in RELEASED.glob("*/*.pdf")}
    assert on_disk == {issued.path for issued in ISSUED}


def _document(path: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][-1])
    return document


@pytest.mark.parametrize("issued", ISSUED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_a_released_certificate_verifies_as_its_own_version_said(issued: Issued) -> None:
    installed = load_registry([CHECKLISTS])
    found = verify(issued.path, installed, INSIDE_VALIDITY, trust=issued.trust())
    shown = (found.certificate_id, found.sku, found.verdict)
    assert shown == (issued.certificate_id, issued.sku, issued.verdict)
    assert found.reasons == ()
    if issued.signed:
        assert (found.status, found.signer) == (
            Status.VALID,
            "Dongguan Example Packaging Test Lab",
        )
    else:
        assert found.status is Status.UNSIGNED
    generator = str(_document(issued.path)["generator"])
    older = generator == f"qa-check {issued.version}" and issued.version != _this_version()
    if older and not issued.signed:  # a signed page is read for its badge: no note
        assert found.notes == (msg("cert_checked_older", generator=generator),)
    else:
        assert found.notes == ()


def _this_version() -> str:
    return GENERATOR.removeprefix("qa-check ")


@pytest.mark.parametrize("issued", ISSUED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_a_released_certificate_past_its_last_day_is_expired(issued: Issued) -> None:
    found = verify(issued.path, at=AFTER_VALIDITY, trust=issued.trust())
    assert found.status is Status.EXPIRED
    assert found.reasons[0].startswith("expired: valid until 2027-11-")


def test_the_command_verifies_every_release_exit_0_and_nothing_on_stderr() -> None:
    files = [str(issued.path) for issued in ISSUED]
    trust = [str(RELEASED / "0.5.0" / "ca-cert.pem")]
    done = runner.invoke(app, ["verify", *files, "--trust", *trust, "--at", "2027-01-15T00:00:00Z"])
    assert (done.exit_code, done.stderr) == (0, "")
    heads = [line for line in done.stdout.splitlines() if not line.startswith("    ")]
    status = {True: "VALID", False: "UNSIGNED"}
    expected = [
        f"{status[i.signed]:<10}{i.path}  {i.certificate_id}  {i.sku}  {i.verdict}" for i in ISSUED
    ]
    assert heads == expected
    notes = [line for line in done.stdout.splitlines() if line.startswith("    note: issued by")]
    assert len(notes) == sum(1 for i in ISSUED if i.version != _this_version() and not i.signed)


# --- edits to a released certificate are still found ------------------------------------------


def _rewritten(
    path: Path, target: Path, attachment: bytes | None = None, draw: bytes = b""
) -> Path:
    """The certificate written anew by pypdf: with another record, or more drawn on page 1."""
    writer = PdfWriter(clone_from=path)
    if attachment is not None:
        writer._root_object.pop(NameObject("/Names"), None)  # drop the embedded record
        writer.add_attachment(ATTACHMENT_NAME, attachment)
    if draw:
        page = writer.pages[0]
        stream = DecodedStreamObject()
        contents = page.get_contents()
        assert contents is not None
        stream.set_data(contents.get_data() + b"\n" + draw)
        helvetica = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
        resources = page["/Resources"].get_object()
        fonts = resources["/Font"].get_object()  # type: ignore[index]
        fonts[NameObject("/Hv")] = writer._add_object(helvetica)
        page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(target)
    return target


def _with_record_byte_changed(document: dict[str, object]) -> bytes:
    text = json.dumps(document, ensure_ascii=False).encode("utf-8")
    sku = f'"sku":"{document["record"]["sku"]}"'.encode()  # type: ignore[index]
    spaced = f'"sku": "{document["record"]["sku"]}"'.encode()  # type: ignore[index]
    assert spaced in text and sku not in text
    return text.replace(spaced, spaced[:-2] + b'X"', 1)


@pytest.mark.parametrize("issued", ISSUED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_a_byte_of_a_released_record_changed_is_tampered(issued: Issued, tmp_path: Path) -> None:
    edited = _rewritten(
        issued.path, tmp_path / "edited.pdf", _with_record_byte_changed(_document(issued.path))
    )
    found = verify(edited, at=INSIDE_VALIDITY, trust=issued.trust())
    assert found.status is Status.TAMPERED
    assert found.reasons


@pytest.mark.parametrize("issued", UNSIGNED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_a_released_record_changed_with_its_digest_is_tampered(
    issued: Issued, tmp_path: Path
) -> None:
    """A forger who hashes the changed record again: the page prints the old digest and id."""
    document = _document(issued.path)
    record = dict(document["record"])  # type: ignore[call-overload]
    record["inspector"] = "Somebody Else"
    document["record"] = record
    payload, _ = read_payload(json.dumps(document, ensure_ascii=False).encode(), "forged")
    document["digest"] = f"sha256:{payload.digest}"
    edited = _rewritten(issued.path, tmp_path / "edited.pdf", canonical_json(document))
    found = verify(edited, at=INSIDE_VALIDITY)
    assert (found.status, found.reasons) == (Status.TAMPERED, (msg("cert_page_edited"),))


SIGNATURE_BROKEN = "the signature does not match the file: it was changed after signing"


@pytest.mark.parametrize("issued", ISSUED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_a_released_badge_drawn_over_is_tampered(issued: Issued, tmp_path: Path) -> None:
    """The other verdict written on the page in a new font, the file written anew, as an editor
    would: an older version's page is read for its badges, this version's drawn again."""
    other = "PASS" if issued.verdict == "FAIL" else "FAIL"
    draw = b"BT /Hv 40 Tf 1 1 1 rg 300 700 Td (" + other.encode() + b") Tj ET"
    edited = _rewritten(issued.path, tmp_path / "edited.pdf", draw=draw)
    found = verify(edited, at=INSIDE_VALIDITY, trust=issued.trust())
    assert found.status is Status.TAMPERED
    if issued.signed:
        expected = SIGNATURE_BROKEN
    elif issued.version == _this_version():
        expected = msg("cert_page_edited")
    else:
        badge = msg(f"cert_{issued.verdict}")
        shown = (
            f"{badge} 合格 / {other}" if issued.path.stem.endswith("zh") else f"{badge} / {other}"
        )
        expected = msg("cert_badge_differs", verdict=issued.verdict, shown=shown)
    assert found.reasons == (expected,)


@pytest.mark.parametrize("issued", ISSUED, ids=lambda i: f"{i.version}/{i.path.name}")
def test_an_update_appended_to_a_released_certificate_is_tampered(
    issued: Issued, tmp_path: Path
) -> None:
    writer = PdfWriter(issued.path, incremental=True)
    writer.add_metadata({"/Title": "Approved by the buyer"})
    out = io.BytesIO()
    writer.write(out)
    edited = tmp_path / "updated.pdf"
    edited.write_bytes(out.getvalue())
    assert edited.read_bytes().startswith(issued.path.read_bytes())
    found = verify(edited, at=INSIDE_VALIDITY, trust=issued.trust())
    assert found.status is Status.TAMPERED
    if issued.signed:
        assert found.reasons[0].endswith("(an incremental update): changed after signing")
    else:
        assert found.reasons == (msg("cert_page_edited"),)


def test_a_page_another_pdf_library_build_wrote_is_compared_by_what_it_draws(
    tmp_path: Path,
) -> None:
    """This version's certificate, its bytes written otherwise (as another reportlab would):
    UNSIGNED, saying it compared the drawing; a colour changed in it is still TAMPERED."""
    out = tmp_path / "issued"
    kettle = str(ROOT / "examples" / "kettle-17-fail.yaml")
    issuing = ["certify", kettle, "--out", str(out), "--issued-at", "2026-11-23T09:00:00+08:00"]
    assert runner.invoke(app, issuing).exit_code == 1
    [issued] = out.glob("KETTLE-1.7_FAIL_*.pdf")
    writer = PdfWriter(clone_from=issued)
    writer.add_metadata({})  # keeps the information as it is; the file is written anew
    for page in writer.pages:
        page.compress_content_streams(level=1)
    rewritten = tmp_path / "rewritten.pdf"
    writer.write(rewritten)
    assert rewritten.read_bytes() != issued.read_bytes()
    found = verify(rewritten, at=INSIDE_VALIDITY)
    assert (found.status, found.reasons) == (Status.UNSIGNED, ())
    assert found.notes == (msg("cert_checked_drawing"),)
    red = b".776471 .156863 .156863 rg"  # the FAIL badge
    contents = writer.pages[0].get_contents()
    assert contents is not None and red in contents.get_data()
    contents.set_data(contents.get_data().replace(red, b".105882 .498039 .231373 rg"))
    writer.pages[0][NameObject("/Contents")] = writer._add_object(contents)
    writer.write(rewritten)
    found = verify(rewritten, at=INSIDE_VALIDITY)
    assert (found.status, found.reasons) == (Status.TAMPERED, (msg("cert_page_edited"),))


DRAWN_ELSEWHERE = sorted((DATA / "renderers").glob("*/*.pdf"))


@pytest.mark.parametrize("path", DRAWN_ELSEWHERE, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_certificate_another_reportlab_drew_is_unsigned_compared_by_its_drawing(
    path: Path,
) -> None:
    """Drawn by qa-check 0.5.0 with reportlab 4.4.4: other bytes than the lock's 5.1.0 gives.

    Once this version is newer, they are an older version's, checked as such.
    """
    payload = read_payload(PdfReader(path).attachments[ATTACHMENT_NAME][-1], str(path))[0]
    found = verify(path, at=INSIDE_VALIDITY)
    assert (found.status, found.reasons) == (Status.UNSIGNED, ())
    if payload.generator == GENERATOR:
        assert render(payload, Location(str(path))).pdf != path.read_bytes()
        assert found.notes == (msg("cert_checked_drawing"),)
    else:
        assert found.notes == (msg("cert_checked_older", generator=payload.generator),)
    assert len(DRAWN_ELSEWHERE) == 3
