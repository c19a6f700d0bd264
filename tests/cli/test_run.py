"""qa-check run with no terminal (CliRunner's stdin is not a TTY): answers given, records
written, and its certificate issued as certify issues one (the key, the lock, --force)."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from conftest import (
    CHECKLISTS,
    DROP_TEST_GIVEN,
    EXAMPLE_CONFIG,
    JUDGED_AT,
    ROOT,
    RUN_SKU,
    certificates_in,
    draft_held_elsewhere,
    embedded_site,
    given_file,
    held_in_another_process,
    withdrawn_folder,
    write_record,
    written_records,
)
from qa_check.certificates.register import Register
from qa_check.certificates.signing.keys import CA_CERT, read_keys
from qa_check.certificates.signing.trust import load_trust, read_signature
from qa_check.certificates.site import read_site
from qa_check.cli.app import app

runner = CliRunner()


def validate(*args: str | Path) -> Any:
    return runner.invoke(app, ["validate", *map(str, args), "-c", str(CHECKLISTS)])


def test_run_with_no_terminal_and_no_answers_lists_what_is_missing(
    tmp_path: Path, run_cli: Any
) -> None:
    result = run_cli("--no-input")
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0].endswith(" answers are missing (no terminal to ask them on):")
    assert "  sku: SKU (type it or scan the label)" in lines
    assert (
        "  answers.drop-test.drop_height_m: Drop height (m), measured from the lowest point of"
        " the package?" in lines
    )
    assert int(lines[0].split()[0]) == len(lines) - 1, "the count is the lines listed"
    assert "Traceback" not in result.stderr
    assert written_records(tmp_path) == []


@pytest.mark.parametrize("stdin", ["<&-", "</dev/null"], ids=["stdin closed", "stdin a file"])
def test_run_with_no_terminal_is_told_so_in_a_real_process(tmp_path: Path, stdin: str) -> None:
    """Issue 19: with standard input closed, run crashed on ``sys.stdin.isatty()``."""
    command = shlex.join([sys.executable, "-m", "qa_check", "run", "-c", str(CHECKLISTS)])
    env = {**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT), "LANG": "C.UTF-8"}
    env.pop("QA_CHECK_LANG", None)
    done = subprocess.run(
        ["sh", "-c", f"exec {command} --only drop-test {stdin}"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout) == (2, "")
    lines = done.stderr.splitlines()
    assert lines[0] == f"{len(lines) - 1} answers are missing (no terminal to ask them on):"
    assert lines[1] == "  sku: SKU (type it or scan the label)"
    assert not (tmp_path / "results").exists() or not any((tmp_path / "results").iterdir())


def test_run_with_every_answer_given_writes_the_record_and_passes(
    tmp_path: Path, run_cli: Any
) -> None:
    result = run_cli("--only", "drop-test", "--answers", given_file(tmp_path))
    assert result.exit_code == 0, result.stderr
    [record] = written_records(tmp_path)
    assert record.name.startswith(f"{RUN_SKU}_")
    assert "PASS: every check that applies passed." in result.stdout
    assert f"Record saved: {record}" in result.stdout
    assert result.stderr == ""
    assert not (tmp_path / "results" / ".drafts" / f"{RUN_SKU}.draft").exists()
    judged = validate(record)
    assert judged.exit_code == 0
    assert judged.stdout.startswith(f"PASS     {RUN_SKU}  ")
    data = yaml.safe_load(record.read_text("utf-8"))
    assert data["answers"]["drop-test"]["drops"] == ["intact"] * 9
    assert data["inspected_at"]
    assert data["finished_at"]
    last_used = json.loads((tmp_path / "config" / "qa-check" / "last-used.json").read_text("utf-8"))
    assert last_used == {"inspector": "李娜", "site": "Shenzhen WH-2"}


def test_run_with_a_failing_answer_writes_the_record_and_exits_1(
    tmp_path: Path, run_cli: Any
) -> None:
    drops = ["intact", "damaged", *["intact"] * 7]
    result = run_cli("--only", "drop-test", "--answers", given_file(tmp_path, drops=drops))
    assert result.exit_code == 1, result.stderr
    assert "FAIL: fix the failed items and inspect again." in result.stdout
    [record] = written_records(tmp_path)
    judged = validate(record)
    assert judged.exit_code == 1
    assert "- DT-3 drop-test@3 drops [critical]" in judged.stdout


def test_run_with_a_bad_answer_says_where_and_writes_nothing(tmp_path: Path, run_cli: Any) -> None:
    given = given_file(tmp_path, drop_height_m="1.2 m")
    [line] = [
        n for n, text in enumerate(given.read_text("utf-8").splitlines(), 1) if "1.2 m" in text
    ]
    result = run_cli("--only", "drop-test", "--answers", given)
    assert result.exit_code == 2
    assert (
        f"error: {given}:{line} [answers.drop-test.drop_height_m]: '1.2 m' has a unit typed in:"
        " write 1.2 (unit: m)\n" in result.stderr
    )
    assert "  answers.drop-test.drop_height_m: Drop height (m)" in result.stderr
    assert "Traceback" not in result.stderr
    assert written_records(tmp_path) == []


def test_run_answers_keep_every_field_of_the_record(tmp_path: Path, run_cli: Any) -> None:
    """Issue 19: ``run --answers`` dropped applicant, brand and model."""
    data = json.loads(json.dumps(DROP_TEST_GIVEN))
    party = {"applicant": "Shenzhen Brightway 深圳明途", "brand": "Brightway", "model": "BW-220"}
    data.update(party, photos=[{"file": "photos/box.jpg", "caption": "As shipped"}])
    (tmp_path / "results" / "photos").mkdir(parents=True)  # photos are found beside the record
    shutil.copy(
        ROOT / "examples" / "photos" / "LAMP-220-stack.jpg",
        tmp_path / "results" / "photos" / "box.jpg",
    )
    result = run_cli(
        "--only", "drop-test", "--answers", write_record(tmp_path / "given.yaml", data)
    )
    assert (result.exit_code, result.stderr) == (0, ""), result.stdout
    [record] = written_records(tmp_path)
    written = yaml.safe_load(record.read_text("utf-8"))
    assert {name: written[name] for name in party} == party
    assert written["photos"] == [{"file": "photos/box.jpg", "caption": "As shipped"}]
    assert list(written)[:5] == ["sku", "product_name", "applicant", "brand", "model"]


def test_run_answers_problems_are_each_located_by_line(tmp_path: Path, run_cli: Any) -> None:
    given = tmp_path / "given.yaml"
    data = json.loads(json.dumps(DROP_TEST_GIVEN))
    data.update(brand="Bright\u001bway", colour="red")
    given.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    lines = given.read_text("utf-8").splitlines()
    brand, colour = (
        next(n for n, text in enumerate(lines, 1) if text.startswith(name))
        for name in ("brand:", "colour:")
    )
    result = run_cli("--only", "drop-test", "--answers", given)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"error: {given}:{brand} [brand]: 'Bright\\x1bway' is not valid here: use text without"
        " line breaks or control characters",
        f"error: {given}:{colour} [colour]: unknown field",
    ]
    assert written_records(tmp_path) == []


@pytest.mark.parametrize("content", ["- 1\n- 2\n", "just words\n", "7\n"])
def test_run_answers_that_are_not_a_record_name_the_file(
    tmp_path: Path, run_cli: Any, content: str
) -> None:
    """Issue 19: such content was ignored without naming the file."""
    given = tmp_path / "given.yaml"
    given.write_text(content, "utf-8")
    result = run_cli("--only", "drop-test", "--answers", given, "--sku", RUN_SKU)
    assert (result.exit_code, result.stdout) == (2, "")
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"error: {given}:1: a record is a mapping of fields (sku, product, answers …)"
    )
    assert lines[1].endswith(" answers are missing (no terminal to ask them on):")
    assert written_records(tmp_path) == []


def test_run_without_a_terminal_leaves_a_draft_another_run_holds(
    tmp_path: Path, run_cli: Any
) -> None:
    """Finishing from --answers discards the SKU's draft: not while a terminal is running it."""
    draft = tmp_path / "results" / ".drafts" / f"{RUN_SKU}.draft"
    draft.parent.mkdir(parents=True)
    draft.write_text("{}", "utf-8")
    with draft_held_elsewhere(tmp_path / "results", RUN_SKU) as pid:
        result = run_cli("--only", "drop-test", "--answers", given_file(tmp_path))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {draft}: {RUN_SKU} is being inspected by another run, on"
        f" {socket.gethostname()} (process {pid}) since 2026-11-23T09:30:00+00:00: finish or"
        " stop that run first; this run changed nothing\n"
    )
    assert draft.read_text("utf-8") == "{}"
    assert written_records(tmp_path) == []


def test_run_without_a_terminal_says_it_took_over_a_dead_runs_lock(
    tmp_path: Path, run_cli: Any
) -> None:
    lock = tmp_path / "results" / ".drafts" / f"{RUN_SKU}.lock"
    lock.parent.mkdir(parents=True)
    left = {"host": "wh2-pc", "pid": 4120, "since": "2026-11-23T09:41:07+08:00"}
    lock.write_text(json.dumps(left), "utf-8")  # its run was killed: nobody holds it
    result = run_cli("--only", "drop-test", "--answers", given_file(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        f"note: The run of {RUN_SKU} on wh2-pc (process 4120, since 2026-11-23T09:41:07+08:00)"
        " ended without letting go of its draft; this run takes it over.\n"
    )
    assert len(written_records(tmp_path)) == 1
    assert not lock.exists()


def test_run_sku_option_wins_over_the_answers_file(tmp_path: Path, run_cli: Any) -> None:
    given = given_file(tmp_path)
    result = run_cli("--only", "drop-test", "--answers", given, "--sku", "KETTLE-1.7")
    assert result.exit_code == 0, result.stderr
    [record] = written_records(tmp_path)
    assert record.name.startswith("KETTLE-1.7_")
    assert yaml.safe_load(record.read_text("utf-8"))["sku"] == "KETTLE-1.7"


def test_run_resume_of_an_unknown_sku_is_a_plain_usage_error(tmp_path: Path, run_cli: Any) -> None:
    result = run_cli("--resume", "UNKNOWN-1")
    assert result.exit_code == 2
    folder = tmp_path / "results" / ".drafts"
    assert result.stderr == (
        f"error: --resume: no saved run of UNKNOWN-1 here (drafts are kept in {folder})\n"
    )
    assert result.stdout == ""


def test_run_resume_of_a_damaged_draft_without_a_terminal_is_one_located_error(
    tmp_path: Path, run_cli: Any
) -> None:
    path = tmp_path / "results" / ".drafts" / f"{RUN_SKU}.draft"
    path.parent.mkdir(parents=True)
    path.write_text('{"format": "qa-check/draft@1", "checklists": {}, "record": {"answers": []}}')
    before = path.read_bytes()
    result = run_cli("--resume", RUN_SKU, "--only", "drop-test")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {path} [record.answers]: not a qa-check draft: this part is damaged (a mapping"
        " belongs here)\n"
    )
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


def test_run_in_chinese(tmp_path: Path, run_cli: Any) -> None:
    missing = run_cli("--only", "drop-test", "--sku", RUN_SKU, "--no-input", "--lang", "zh")
    assert missing.exit_code == 2
    lines = missing.stderr.splitlines()
    assert lines[0] == f"缺少 {len(lines) - 1} 个答案（没有终端可以询问）："
    assert "  product_name: 产品名称" in lines
    assert "  answers.drop-test.drop_height_m: 跌落高度（米），从包装最低点量起？" in lines

    bad = run_cli(
        "--only", "drop-test", "--answers", given_file(tmp_path, surface="沙地"), "--lang", "zh"
    )
    assert bad.exit_code == 2
    assert "[answers.drop-test.surface]: “沙地”不是可选项" in bad.stderr

    passed = run_cli("--only", "drop-test", "--answers", given_file(tmp_path), "--lang", "zh")
    assert passed.exit_code == 0, passed.stderr
    assert "合格：所有适用的检查项均合格。" in passed.stdout
    [record] = written_records(tmp_path)
    assert f"记录已保存：{record}" in passed.stdout
    assert "跌落表面" in passed.stdout


def test_run_certify_refuses_a_withdrawn_version_and_keeps_the_record(
    tmp_path: Path, run_cli: Any
) -> None:
    folder = withdrawn_folder(tmp_path, "drop-test@3", "2026-01-01", "drop-test@4")
    out = tmp_path / "out"
    answers = ("--answers", given_file(tmp_path))
    result = run_cli("-c", folder, "--only", "drop-test", *answers, "--certify", "--out", out)
    assert (result.exit_code, result.stderr) == (2, "")
    assert "drop-test@3 is withdrawn from 2026-01-01" in result.stdout
    assert "record the inspection again against drop-test@4" in result.stdout
    assert len(written_records(tmp_path)) == 1
    assert not out.exists() or certificates_in(out) == []


def test_run_certify_issues_under_the_configuration(tmp_path: Path, run_cli: Any) -> None:
    out = tmp_path / "out"
    config = ("--config", EXAMPLE_CONFIG)
    answers = ("--answers", given_file(tmp_path))
    result = run_cli("--only", "drop-test", *answers, "--certify", "--out", out, *config)
    assert (result.exit_code, result.stderr) == (0, "")
    [pdf] = certificates_in(out)
    assert result.stdout.endswith(f"\nCertificate: {pdf}\n")
    assert embedded_site(pdf) == replace(read_site(EXAMPLE_CONFIG), timezone=None)
    with Register.open(out / "register.sqlite", create=False) as register:  # as certify's are
        assert [(row.file, row.signer) for row in register.rows()] == [(pdf.name, "")]


def test_run_certify_with_a_bad_configuration_stops_before_any_question(
    tmp_path: Path, run_cli: Any
) -> None:
    config = tmp_path / "site.toml"
    config.write_text("[issuer]\nnmae = 'Lab'\n", encoding="utf-8")
    answers = ("--answers", given_file(tmp_path))
    result = run_cli("--only", "drop-test", *answers, "--certify", "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"error: {config}:1 [issuer.name]: required\n"
        f"error: {config}:2 [issuer.nmae]: unknown field\n"
    )
    assert written_records(tmp_path) == []


def test_run_without_certify_does_not_read_the_configuration(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "qa-check.toml").write_text("not toml", encoding="utf-8")
    result = run_cli("--only", "drop-test", "--answers", given_file(tmp_path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert len(written_records(tmp_path)) == 1


# --- run --certify: the same batch as certify ----------------------------------------------

FOLDER_HOLD = """
import sys
from pathlib import Path
from qa_check.files.lock import FolderLock
with FolderLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


def verified(pdf: Path, keys: Path) -> Any:
    """``verify`` of a certificate just issued, at a moment after its issue, trusting ``keys``."""
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    return runner.invoke(app, ["verify", str(pdf), "--keys", str(keys), "--at", later])


def test_run_certify_signs_with_the_key_folder_qa_check_keys_names(
    tmp_path: Path, run_cli: Any, signing_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 20: the key in QA_CHECK_KEYS was ignored, and the certificate went out unsigned."""
    monkeypatch.setenv("QA_CHECK_KEYS", str(signing_keys))
    out = tmp_path / "out"
    answers = ("--answers", given_file(tmp_path), "--no-input")
    result = run_cli("--only", "drop-test", *answers, "--certify", "--out", out)
    assert (result.exit_code, result.stderr) == (0, "")
    [pdf] = certificates_in(out)
    info = read_keys(signing_keys)
    found = read_signature(pdf.read_bytes(), load_trust([signing_keys / CA_CERT]), JUDGED_AT)
    assert found is not None
    assert (found.name, found.fingerprint, found.problem) == (info.issuer, info.fingerprint, None)
    checked = verified(pdf, signing_keys)
    assert (checked.exit_code, checked.stderr) == (0, "")
    assert checked.stdout.startswith(f"VALID     {pdf}  QC-")
    with Register.open(out / "register.sqlite", create=False) as register:
        assert [(row.file, row.signer) for row in register.rows()] == [(pdf.name, info.fingerprint)]


def test_run_certify_takes_keys_and_no_sign_as_certify_does(
    tmp_path: Path, run_cli: Any, signing_keys: Path
) -> None:
    out = tmp_path / "out"
    answers = ("--only", "drop-test", "--answers", given_file(tmp_path), "--certify", "-o", out)
    signed = run_cli(*answers, "--keys", signing_keys)
    assert (signed.exit_code, signed.stderr) == (0, "")
    [pdf] = certificates_in(out)
    assert verified(pdf, signing_keys).stdout.startswith("VALID ")
    unsigned = run_cli(*answers, "--keys", signing_keys, "--no-sign", "--force")
    assert (unsigned.exit_code, unsigned.stderr) == (0, "")
    assert verified(pdf, signing_keys).stdout.startswith("UNSIGNED ")


def test_run_certify_with_a_key_folder_without_a_key_stops_before_any_question(
    tmp_path: Path, run_cli: Any
) -> None:
    (tmp_path / "empty").mkdir()
    answers = ("--answers", given_file(tmp_path))
    result = run_cli("--only", "drop-test", *answers, "--certify", "--keys", tmp_path / "empty")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {tmp_path / 'empty'}: no signing key here: create one with qa-check keys init"
        " --issuer NAME\n"
    )
    assert written_records(tmp_path) == []


def test_run_certify_into_a_folder_another_certify_is_writing_is_refused(
    tmp_path: Path, run_cli: Any
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    answers = ("--answers", given_file(tmp_path))
    with held_in_another_process(FOLDER_HOLD, str(out)) as holder:
        result = run_cli("--only", "drop-test", *answers, "--certify", "--out", out)
    assert (result.exit_code, result.stderr) == (
        2,
        f"error: {out}: another qa-check certify (process {holder}) is writing into this"
        " folder: wait until it ends, or certify into another --out\n",
    )
    assert len(written_records(tmp_path)) == 1  # the record is saved: certify it later
    assert certificates_in(out) == []


def test_run_certify_replaces_another_records_certificate_only_with_force(
    tmp_path: Path, run_cli: Any
) -> None:
    out = tmp_path / "out"
    answers = ("--only", "drop-test", "--answers", given_file(tmp_path), "--certify", "-o", out)
    assert run_cli(*answers).exit_code == 0
    [pdf] = certificates_in(out)
    first = pdf.read_bytes()
    other = run_cli(*answers, "--product", "Another product")  # another record, the same name
    assert other.exit_code == 2
    assert "--force" in other.stdout
    assert pdf.read_bytes() == first
    forced = run_cli(*answers, "--product", "Another product", "--force")
    assert (forced.exit_code, forced.stderr) == (0, "")
    assert pdf.read_bytes() != first
    assert f"Certificate: {pdf}" in forced.stdout


def test_run_certify_speaks_qa_check_lang_but_issues_in_lang_alone(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    answers = ("--only", "drop-test", "--answers", given_file(tmp_path), "--certify", "-o", out)
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    spoken = run_cli(*answers)
    assert (spoken.exit_code, spoken.stderr) == (0, "")
    [pdf] = certificates_in(out)
    assert pdf.name == f"{RUN_SKU}_PASS_{pdf.name.split('_')[2]}"  # English: no _zh
    assert f"证书：{pdf}" in spoken.stdout
    asked = run_cli(*answers, "--lang", "zh")
    assert asked.exit_code == 0
    assert [path.name for path in certificates_in(out)] == [pdf.name, pdf.stem + "_zh.pdf"]


def test_answers_keep_the_checklist_versions_their_file_names(tmp_path: Path, run_cli: Any) -> None:
    """Issue 21: a partial record naming drop-test@2 was asked, and recorded, against the newest."""
    data = json.loads(json.dumps(DROP_TEST_GIVEN))
    data["checklists"] = {"drop-test": 2}
    given = write_record(tmp_path / "given.yaml", data)
    result = run_cli("--only", "drop-test", "--answers", given, "--no-input")
    assert result.exit_code == 0, result.output
    [record] = written_records(tmp_path)
    assert yaml.safe_load(record.read_text("utf-8"))["checklists"] == {"drop-test": 2}
    data["checklists"] = {"drop-test": 9}
    write_record(given, data)
    wrong = run_cli("--only", "drop-test", "--answers", given, "--no-input")
    assert wrong.exit_code == 2
    line = given.read_text("utf-8").splitlines().index("  drop-test: 9") + 1
    assert wrong.stderr == (
        f"error: {given}:{line} [checklists.drop-test]: unknown checklist drop-test@9"
        " (loaded versions: 1, 2, 3)\n"
    )
