"""``certify`` of a lot record issues a lot certificate; ``verify`` checks it like any other."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, DATA, ROOT, SIGNED_ISSUED_AT
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import CA_CERT
from qa_check.cli.app import app

runner = CliRunner()
PAPER = DATA / "lots" / "earbuds-lot-paper.yaml"
REJECTED = "TWS-EB-001_PO-4471-A_REJECT_2026-11-20.pdf"


def qa_check(*args: object, lang: str = "en") -> tuple[int, str, str]:
    done = runner.invoke(app, [str(arg) for arg in args], env={"QA_CHECK_LANG": lang})
    return done.exit_code, done.stdout, done.stderr


def certify(
    out: Path, *records: Path, options: tuple[object, ...] = (), lang: str = "en"
) -> tuple[int, str, str]:
    common = ("-o", out, "-c", CHECKLISTS, "--jobs", "1", "--issued-at", SIGNED_ISSUED_AT)
    return qa_check("certify", *records, *common, *options, lang=lang)


def accepted_copy(tmp_path: Path) -> Path:
    data = yaml.safe_load(PAPER.read_text("utf-8"))
    data["defects"] = data["defects"][:1]
    path = tmp_path / "accepted.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def test_a_rejected_lot_gets_its_certificate_and_verifies_unsigned(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = certify(out, PAPER, options=("--no-sign",))
    assert (code, stderr) == (1, "")
    certificate = out / REJECTED
    assert stdout.splitlines()[0] == (
        f"REJECT   TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> {certificate}"
    )
    assert "1 certificate in" in stdout
    code, stdout, stderr = qa_check("verify", certificate)
    assert (code, stderr) == (0, "")
    assert stdout.startswith(f"UNSIGNED  {certificate}  QC-")
    assert stdout.splitlines()[0].endswith("  TWS-EB-001  REJECT")


def test_an_edited_lot_certificate_is_tampered(tmp_path: Path) -> None:
    out = tmp_path / "out"
    certify(out, PAPER, options=("--no-sign",))
    edited = tmp_path / "edited.pdf"
    edited.write_bytes((out / REJECTED).read_bytes().replace(b"/Author (", b"/Author (X", 1))
    code, stdout, _ = qa_check("verify", edited)
    assert code == 1
    assert stdout.startswith(f"TAMPERED  {edited}  QC-")
    assert "    ! " in stdout


def test_a_signed_lot_certificate_is_valid_and_in_the_register(
    tmp_path: Path, signing_keys: Path
) -> None:
    out = tmp_path / "out"
    accepted = accepted_copy(tmp_path)
    code, stdout, _ = certify(out, accepted, options=("--keys", signing_keys), lang="zh")
    assert code == 0
    [line] = [line for line in stdout.splitlines() if line.startswith("接收")]
    certificate = out / "TWS-EB-001_PO-4471-A_ACCEPT_2026-11-20.pdf"
    assert line.endswith(f"-> {certificate}")
    trust = signing_keys / CA_CERT
    register = out / "register.sqlite"
    code, stdout, _ = qa_check("verify", certificate, "--trust", trust, "--register", register)
    assert code == 0, stdout
    assert stdout.startswith(f"VALID     {certificate}  QC-")
    assert stdout.splitlines()[0].endswith("  TWS-EB-001  ACCEPT")
    with Register.open(register, create=False) as book:
        [row] = book.rows()
    assert (row.sku, row.file) == ("TWS-EB-001", certificate.name)


def test_a_lot_certificate_judged_against_a_checklist_changed_since_is_stale(
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    certify(out, PAPER, options=("--no-sign",))
    edited = tmp_path / "edited"
    shutil.copytree(CHECKLISTS, edited)
    labels = edited / "label-placement@3.yaml"  # the version the lot record names
    labels.write_text(labels.read_text("utf-8").replace("On a flat face", "Anywhere", 1), "utf-8")
    code, stdout, _ = qa_check("verify", out / REJECTED, "-c", edited)
    assert code == 1
    first, reason = stdout.splitlines()
    assert first.startswith(f"STALE     {out / REJECTED}  QC-")
    assert reason.startswith("    ! judged against a different label-placement@3")
    code, stdout, _ = qa_check("verify", out / REJECTED, "-c", CHECKLISTS)
    assert (code, stdout.split()[0]) == (0, "UNSIGNED")


def test_register_list_as_json_gives_a_lot_certificate_its_lot(tmp_path: Path) -> None:
    out = tmp_path / "out"
    certify(out, PAPER, ROOT / "examples" / "lamp-220-pass.yaml", options=("--no-sign",))
    code, stdout, _ = qa_check(
        "register", "list", "--register", out / "register.sqlite", "-f", "json"
    )
    assert code == 0
    lot, sku = json.loads(stdout)["certificates"]
    assert (lot["sku"], lot["lot"], lot["decision"]) == ("TWS-EB-001", "PO-4471-A", "REJECT")
    assert lot["lot_inspected_at"] == "2026-11-20T02:15:00Z"
    assert sku["sku"] == "LAMP-220" and "lot" not in sku
