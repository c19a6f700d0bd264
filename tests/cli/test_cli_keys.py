"""`qa-check keys init` and `keys show` as users meet them: exit codes, stdout, stderr, files."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pexpect
import pytest
import typer
from test_run_pty import interrupt
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT
from qa_check.certificates.signing.keys import (
    CA_KEY,
    SIGNING_CERT,
    SIGNING_KEY,
    KeysError,
    init_keys,
    read_keys,
)
from qa_check.certificates.signing.signer import SigningSpec, load_signer
from qa_check.cli import keys as cli
from qa_check.cli.app import app
from qa_check.cli.keys import key_folder, passphrase_for

runner = CliRunner()
MADE = datetime(2026, 1, 5, 8, 30, tzinfo=UTC)
PASSPHRASE = cli.PASSPHRASE_VARIABLE
GROUPED = re.compile(r"^(?:[0-9A-F]{4} ){15}[0-9A-F]{4}$")


def keys(*args: str | Path, env: dict[str, str] | None = None, given: str | None = None) -> Any:
    return runner.invoke(app, ["keys", *map(str, args)], env=env, input=given)


def lines_of(result: Any) -> list[str]:
    return str(result.stdout).splitlines()


def test_init_creates_the_keys_and_says_what_to_hand_out(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    result = keys("init", "--issuer", "深圳 QA Lab", "--keys", folder, "--no-passphrase")
    assert (result.exit_code, result.stderr) == (0, "")
    info = read_keys(folder)
    issuer, fingerprint, ca, private, unencrypted, hand_out = lines_of(result)
    assert issuer == "Issuer:          深圳 QA Lab"
    assert fingerprint.startswith("Key fingerprint: ")
    assert GROUPED.match(fingerprint.removeprefix("Key fingerprint: "))
    assert fingerprint.replace(" ", "").endswith(info.fingerprint)
    assert ca.replace(" ", "") == f"CAfingerprint:{info.ca_fingerprint}"
    assert private == (
        f"The private key is {folder / SIGNING_KEY}: it stays on this machine,"
        " readable by you only."
    )
    assert unencrypted == "The private key is not encrypted (--no-passphrase)."
    assert hand_out == (
        f"Hand out {folder / 'ca-cert.pem'}: verifiers trust certificates signed under it."
    )
    assert folder.stat().st_mode & 0o777 == 0o700
    assert (folder / SIGNING_KEY).stat().st_mode & 0o777 == 0o600
    assert (folder / CA_KEY).stat().st_mode & 0o777 == 0o600


def test_init_takes_the_passphrase_from_the_environment(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    env = {"QA_CHECK_KEY_PASSPHRASE": "s3cret"}
    result = keys("init", "--issuer", "Lab", "--dir", folder, env=env)  # --dir: as the issue says
    assert (result.exit_code, result.stderr) == (0, "")
    assert "not encrypted" not in result.stdout
    assert b"ENCRYPTED PRIVATE KEY" in (folder / SIGNING_KEY).read_bytes()
    assert load_signer(SigningSpec(folder, b"s3cret"), now=read_keys(folder).not_after)


def test_init_with_an_over_long_passphrase_is_a_plain_error(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    result = keys("init", "--issuer", "Lab", "--keys", folder, env={PASSPHRASE: "p" * 1100})
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {folder}: the passphrase is 1,100 bytes long: a key takes at most 1,023 bytes\n"
    )
    assert not folder.exists()


def test_init_asks_for_the_passphrase_twice_at_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "terminal", lambda: True)
    folder = tmp_path / "k"
    result = keys("init", "--issuer", "Lab", "--keys", folder, given="one\ntwo\npw\npw\n")
    assert result.exit_code == 0
    assert result.stderr.count("Passphrase for the signing key:") == 2
    assert result.stderr.count("Repeat the passphrase:") == 2
    assert "The two entered values do not match." in result.stderr
    assert "pw" not in result.stderr  # hidden
    with pytest.raises(KeysError, match="wrong passphrase"):
        load_signer(SigningSpec(folder, b"one"), now=read_keys(folder).not_after)
    assert load_signer(SigningSpec(folder, b"pw"), now=read_keys(folder).not_after)


def test_init_without_a_terminal_and_without_a_passphrase_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    result = keys("init", "--issuer", "Lab", "--keys", folder)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {folder}: no passphrase: set QA_CHECK_KEY_PASSPHRASE, run in a terminal to be"
        " asked, or give --no-passphrase to leave the key unencrypted\n"
    )
    assert not folder.exists()


def test_a_second_init_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    assert keys("init", "--issuer", "Lab", "--keys", folder, "--no-passphrase").exit_code == 0
    before = (folder / SIGNING_KEY).read_bytes()
    result = keys("init", "--issuer", "Other", "--keys", folder, "--no-passphrase")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {folder / SIGNING_KEY}: a key is already here: it is never replaced"
        " (move the folder away to start anew)\n"
    )
    assert (folder / SIGNING_KEY).read_bytes() == before


def test_an_issuer_the_page_cannot_print_is_refused(tmp_path: Path) -> None:
    result = keys("init", "--issuer", "Lab\x1b[31m", "--keys", tmp_path / "k", "--no-passphrase")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("error: --issuer: 'Lab\\x1b[31m' is not valid here")


def test_show_prints_issuer_fingerprints_validity_and_folder(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    info = init_keys(folder, "深圳 QA Lab", None, now=MADE)
    result = keys("show", "--keys", folder)
    assert (result.exit_code, result.stderr) == (0, "")
    assert lines_of(result) == [
        "Issuer:          深圳 QA Lab",
        "Key fingerprint: " + " ".join(re.findall("....", info.fingerprint)),
        "CA fingerprint:  " + " ".join(re.findall("....", info.ca_fingerprint)),
        "Valid until:     2036-01-05 08:30 UTC",
        f"Key folder:      {folder}",
    ]


def test_show_speaks_chinese_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    init_keys(folder, "Lab", None, now=MADE)
    by_option = keys("show", "--keys", folder, "--lang", "zh")
    by_env = keys("show", "--keys", folder, env={"QA_CHECK_LANG": "zh"})
    assert by_option.stdout == by_env.stdout
    assert lines_of(by_option)[0] == "签发方：          Lab"
    assert lines_of(by_option)[-1] == f"密钥文件夹：      {folder}"
    missing = keys("show", "--keys", tmp_path / "none", "--lang", "zh")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"error: {tmp_path / 'none'}: 此处没有签名密钥")


def test_show_without_a_key_says_how_to_make_one(tmp_path: Path) -> None:
    result = keys("show", "--keys", tmp_path / "none")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {tmp_path / 'none'}: no signing key here: create one with"
        " qa-check keys init --issuer NAME\n"
    )


def test_show_refuses_a_private_key_readable_by_others(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    init_keys(folder, "Lab", None, now=MADE)
    (folder / SIGNING_KEY).chmod(0o644)
    result = keys("show", "--keys", folder)
    assert (result.exit_code, result.stdout) == (2, "")
    path = folder / SIGNING_KEY
    assert result.stderr == (
        f"error: {path}: the private key can be read by other accounts: run chmod 600 {path}\n"
    )


def test_show_of_a_damaged_certificate_is_a_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "k"
    init_keys(folder, "Lab", None, now=MADE)
    (folder / SIGNING_CERT).write_text("-----BEGIN CERTIFICATE-----\nnope\n")
    result = keys("show", "--keys", folder)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {folder / SIGNING_CERT}: not a readable key or certificate"
        " (damaged or replaced?)\n"
    )


def test_the_folder_comes_from_the_option_the_environment_or_the_configuration_folder(
    tmp_path: Path,
) -> None:
    config = Path(typer.get_app_dir("qa-check"))
    assert str(config).startswith(os.environ["XDG_CONFIG_HOME"])  # the conftest's, not yours
    assert key_folder(None) == config / "keys"
    assert key_folder(tmp_path) == tmp_path
    result = keys("init", "--issuer", "Lab", "--no-passphrase")
    assert result.exit_code == 0
    assert read_keys(config / "keys").issuer == "Lab"
    by_env = keys("show", env={"QA_CHECK_KEYS": str(tmp_path / "elsewhere")})
    assert by_env.exit_code == 2
    assert str(tmp_path / "elsewhere") in by_env.stderr
    assert keys("show").stdout.endswith(f"Key folder:      {config / 'keys'}\n")


def test_the_passphrase_for_signing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    open_folder, locked = tmp_path / "open", tmp_path / "locked"
    init_keys(open_folder, "Lab", None, now=MADE)
    init_keys(locked, "Lab", b"s3cret", now=MADE)
    monkeypatch.setenv("QA_CHECK_KEY_PASSPHRASE", "from-env")
    assert passphrase_for(open_folder) is None  # not encrypted: nothing asked, nothing read
    assert passphrase_for(locked) == b"from-env"
    monkeypatch.delenv("QA_CHECK_KEY_PASSPHRASE")
    with pytest.raises(KeysError, match="set QA_CHECK_KEY_PASSPHRASE"):
        passphrase_for(locked)  # no terminal here
    asked: list[str] = []

    def prompt(text: str, **options: object) -> str:
        asked.append(text)
        assert options["hide_input"] is True
        return "s3cret"

    monkeypatch.setattr(cli, "terminal", lambda: True)
    monkeypatch.setattr(typer, "prompt", prompt)
    assert passphrase_for(locked) == b"s3cret"
    assert asked == ["Passphrase for the signing key"]


def test_keys_help_fits_80_columns_and_its_examples_parse() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    keys_group = group.commands["keys"]
    assert isinstance(keys_group, typer.core.TyperGroup)
    top = runner.invoke(app, ["keys"])
    assert top.exit_code in (0, 2)
    assert "Signing keys: create the issuing site's key, show its fingerprint." in top.output
    for name in ("init", "show", "rotate", "revoke"):
        result = runner.invoke(app, ["keys", name, "--help"], prog_name="qa-check")
        assert (result.exit_code, result.stderr) == (0, "")
        text = result.stdout
        assert text.startswith(f"Usage: qa-check keys {name} [OPTIONS]")
        assert all(len(line) <= 80 for line in text.splitlines())
        examples = re.search(r"^Examples:\n((?:  .*\n)+)", text, re.MULTILINE)
        assert examples
        for example in examples.group(1).splitlines():
            words = shlex.split(example.strip())
            assert words[:3] == ["qa-check", "keys", name]
            keys_group.commands[name].make_context(name, words[3:])


def test_help_imports_neither_pyhanko_nor_cryptography() -> None:
    code = (
        "import sys\n"
        "from qa_check.cli.app import app\n"
        "for args in (['--help'], ['keys', '--help'], ['keys', 'init', '--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in"
        " ('pyhanko', 'cryptography', 'asn1crypto')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().endswith("[]")


@pytest.mark.parametrize("command", ["keys init --issuer Lab", "certify"])
def test_ctrl_c_at_the_passphrase_prompt_is_an_interruption(tmp_path: Path, command: str) -> None:
    """On a real terminal, as a worker would: Ctrl-C at the prompt exits 130, no "Aborted!"."""
    folder = tmp_path / "k"
    if command == "certify":
        init_keys(folder, "Lab", b"pw", now=datetime.now(UTC))
        record = ROOT / "examples" / "lamp-220-pass.yaml"
        command = f"certify {record} -o {tmp_path / 'out'} -c {ROOT / 'checklists'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QA_CHECK_KEYS": str(folder)}
    env.pop("QA_CHECK_KEY_PASSPHRASE", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "qa_check", *shlex.split(command)],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        timeout=30,
    )
    child.expect("Passphrase for the signing key:")
    assert "━" not in str(child.before)  # asked before certify's progress bar shows
    interrupt(child)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Aborted" not in (child.before or "")
    assert "Traceback" not in (child.before or "")
    assert not (tmp_path / "out").exists()


def test_the_readmes_bilingual_issuer_makes_keys_pdfsig_and_verify_name_in_full(
    tmp_path: Path,
) -> None:
    """Its 69 UTF-8 bytes were more than an X.509 common name holds: a traceback, exit 1."""
    issuer = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
    folder = tmp_path / "keys"
    made = keys("init", "--issuer", issuer, "--keys", folder, "--no-passphrase")
    assert (made.exit_code, made.stderr) == (0, "")
    assert made.stdout.splitlines()[0] == f"Issuer:          {issuer}"
    assert keys("show", "--keys", folder).stdout.splitlines()[0] == f"Issuer:          {issuer}"
    out = tmp_path / "out"
    record = ROOT / "examples" / "lamp-220-pass.yaml"
    args = ["certify", record, "-o", out, "-c", CHECKLISTS, "--keys", folder, "-q"]
    certified = runner.invoke(app, [str(arg) for arg in args])
    assert (certified.exit_code, certified.stderr) == (0, "")
    [pdf] = out.glob("LAMP-220_PASS_*.pdf")
    shown = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=True)
    [distinguished] = [line for line in shown.stdout.splitlines() if "Distinguished Name" in line]
    assert issuer in distinguished
    assert "Signature is Valid." in shown.stdout
    trust = ["verify", str(pdf), "--trust", str(folder / "ca-cert.pem")]
    verified = runner.invoke(app, trust)  # the tests' clock is before the key was made
    assert f"    signed by {issuer}, key " in verified.stdout
    page = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert issuer in " ".join(page.stdout.split())  # the page prints it whole
