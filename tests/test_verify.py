"""verify: genuine certificates are VALID; edits to the page or the embedded record are caught."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.certificate import ATTACHMENT_NAME, Payload, build_payload, read_payload
from qa_check.checklists import Registry
from qa_check.cli import app
from qa_check.errors import CertificateError, Location
from qa_check.pdf import render
from qa_check.validate import RawRecord, judge
from qa_check.verify import Status, verify

runner = CliRunner()

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)
Certify = Callable[[dict[str, Any], str], tuple[Path, Payload]]


@pytest.fixture
def certify(registry: Registry, tmp_path: Path) -> Certify:
    """Issue a certificate for a record into tmp_path, as ``certify`` does."""

    def issue(data: dict[str, Any], name: str) -> tuple[Path, Payload]:
        origin = Location(str(tmp_path / f"{name}.yaml"))
        result = judge(RawRecord(data, origin, lambda path: origin), registry, explain=True)
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
    assert found.status is Status.VALID
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
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("VALID ")


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
    _reattach(path, broken, b'{"format": "qa-check/certificate@1", "rec')
    found = verify(broken)
    assert found.status is Status.TAMPERED
    assert "unreadable embedded record" in found.reasons[0]


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


def test_another_version_is_named_not_judged(
    certify: Certify, record: dict[str, Any], tmp_path: Path
) -> None:
    path, _ = certify(record, "pass")
    other = tmp_path / "other.pdf"

    def older(document: dict[str, Any]) -> None:
        document["generator"] = "qa-check 0.0.1"

    _with_payload(path, other, older)
    with pytest.raises(CertificateError, match=r"issued by qa-check 0\.0\.1"):
        verify(other)


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(json.dumps(data)))


YEAR_999 = "0999-12-31T00:00:00+00:00"


def test_a_certificate_issued_in_the_year_999_verifies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    issued = runner.invoke(
        app,
        ["certify", "examples/earbuds-pass.yaml", "--out", str(out), "--issued-at", YEAR_999],
    )
    assert issued.exit_code == 0, issued.output
    [path] = out.iterdir()
    document = json.loads(PdfReader(path).attachments[ATTACHMENT_NAME][0])
    assert document["issued_at"] == "0999-12-31T00:00:00Z"
    shown = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    )
    assert "0999-12-31 00:00 UTC" in shown.stdout
    checked = runner.invoke(app, ["verify", str(path)])
    assert checked.exit_code == 0, checked.output
    assert checked.stdout.startswith(f"VALID     {path}  QC-")


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
