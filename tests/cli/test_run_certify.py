"""run --certify: the key checked before the first question, and the certificate issued later."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from conftest import (
    CHECKLISTS,
    KEYS_MADE,
    certificates_in,
    given_file,
    held_in_another_process,
    written_records,
)
from qa_check.certificates.signing.keys import KeysError, init_keys
from qa_check.cli import keys as cli_keys
from qa_check.cli.app import app
from qa_check.cli.run_certify import PASSPHRASE_TRIES, certify_later, checked_signing
from qa_check.core.languages import Lang
from qa_check.core.messages import in_lang

FOLDER_HOLD = """
import sys
from pathlib import Path
from qa_check.files.lock import FolderLock
with FolderLock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.readline()
"""


@pytest.fixture
def locked_key(tmp_path: Path) -> Path:
    """A key folder whose key needs the passphrase ``secret``."""
    folder = tmp_path / "keys"
    init_keys(folder, "Lab One", b"secret", now=KEYS_MADE)
    return folder


def typed_at_the_terminal(monkeypatch: pytest.MonkeyPatch, lines: list[str]) -> list[str]:
    """A person at the terminal types ``lines`` at the passphrase prompts; the prompts shown."""
    shown: list[str] = []

    def prompt(text: str, **_: Any) -> str:
        shown.append(text)
        return lines.pop(0)

    monkeypatch.setattr(cli_keys, "terminal", lambda: True)
    monkeypatch.setattr(typer, "prompt", prompt)
    return shown


def test_a_wrong_passphrase_typed_is_asked_again(
    locked_key: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shown = typed_at_the_terminal(monkeypatch, ["wrong", "also wrong", "secret"])
    signing = checked_signing(None, locked_key, "zh")
    assert signing is not None
    assert signing.signed_by.name == "Lab One"
    assert shown == ["签名密钥的口令"] * 3
    assert capsys.readouterr().err == (
        "口令不正确：请重新输入（还可尝试 2 次；尚未开始提问）\n"
        "口令不正确：请重新输入（还可尝试 1 次；尚未开始提问）\n"
    )


def test_the_last_wrong_passphrase_stops_before_any_question(
    locked_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = typed_at_the_terminal(monkeypatch, ["no"] * PASSPHRASE_TRIES)
    with pytest.raises(KeysError) as caught:
        checked_signing(None, locked_key, "en")
    assert len(shown) == PASSPHRASE_TRIES
    [problem] = caught.value.problems
    assert problem.show() == f"{locked_key / 'signing-key.pem'}: wrong passphrase for this key"


def test_a_wrong_passphrase_from_the_environment_is_not_asked_again(
    locked_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown = typed_at_the_terminal(monkeypatch, [])
    monkeypatch.setenv(cli_keys.PASSPHRASE_VARIABLE, "wrong")
    with pytest.raises(KeysError, match="wrong passphrase"):
        checked_signing(None, locked_key, "en")
    assert shown == []


def test_the_later_command_repeats_what_the_run_was_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["qa-check", "run"])  # the program as the worker typed it
    later = certify_later(
        tmp_path / "results" / "LAMP 220_20261123-100000.yaml",
        tmp_path / "reports",
        Lang.ZH,
        tmp_path / "site.toml",
        [CHECKLISTS],
        tmp_path / "keys",
        None,
    )
    record = shlex.quote(str(tmp_path / "results" / "LAMP 220_20261123-100000.yaml"))
    assert later == (
        f"The record is saved. Issue its certificate later with: qa-check certify {record}"
        f" --out {tmp_path / 'reports'} --lang zh --config {tmp_path / 'site.toml'}"
        f" --keys {tmp_path / 'keys'} -c {CHECKLISTS}"
    )
    assert in_lang(later, "zh").startswith(
        "记录已保存。之后可用以下命令签发证书：qa-check certify "
    )
    bare = certify_later(Path("r.yaml"), Path("reports"), None, None, None, None, False)
    assert bare.endswith(": qa-check certify r.yaml --out reports --no-sign")


def test_a_certificate_the_run_could_not_issue_is_issued_by_the_command_it_names(
    tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["qa-check", "run"])  # the program as the worker typed it
    out = tmp_path / "out"
    out.mkdir()
    answers = ("--answers", given_file(tmp_path))
    with held_in_another_process(FOLDER_HOLD, str(out)):
        result = run_cli("--only", "drop-test", *answers, "--certify", "--out", out, "--no-sign")
    assert result.exit_code == 2
    assert "another qa-check certify" in result.stderr
    [record] = written_records(tmp_path)
    later = result.stdout.splitlines()[-1]
    prefix = "The record is saved. Issue its certificate later with: qa-check "
    assert later.startswith(prefix)
    assert certificates_in(out) == []

    issued = CliRunner().invoke(app, shlex.split(later.removeprefix(prefix)))
    assert issued.exit_code == 0, issued.stdout + issued.stderr
    [certificate] = certificates_in(out)
    assert certificate.name.startswith("TWS-EB-001_PASS_")
    assert str(record) in later


def test_the_key_is_checked_before_the_record_is_asked_for(
    tmp_path: Path, run_cli: Any, locked_key: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cli_keys.PASSPHRASE_VARIABLE, "wrong")
    answers = ("--answers", given_file(tmp_path))
    result = run_cli("--only", "drop-test", *answers, "--certify", "--keys", locked_key)
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr == f"error: {locked_key / 'signing-key.pem'}: wrong passphrase for this key\n"
    )
    assert written_records(tmp_path) == []
