"""The README shows real output, and CI runs the README's own test command."""

from __future__ import annotations

import json
import re
import shlex
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.certificates import verify as verify_module
from qa_check.cli.app import app

README = (ROOT / "README.md").read_text("utf-8")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = re.findall(r"```console\n((?:apt-get|python3 -m venv) [^\n]+)\n```", README)
    assert len(commands) == 2, "the README has exactly two set-up commands"
    setup, tests = commands
    assert "pip install -q --require-hashes -r requirements/qa-check.txt && " in setup
    assert setup.endswith(" && .venv/bin/qa-check --version")  # exits 0 when it worked
    assert "pip install -q --require-hashes -r requirements/test.txt && " in tests
    assert "pytest" in tests
    assert "poppler-utils zbar-tools" in tests
    assert tests in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_certifying_the_examples_is_the_command_after_the_setup_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    setup = README.index("&& .venv/bin/qa-check --version\n```\n")
    block = re.compile(r"```console\n\.venv/bin/qa-check (certify examples/ --out reports/)\n```")
    after = block.search(README, setup)
    assert after, "README lost the command that certifies the examples"
    assert README.index("```console", setup + 1) == after.start()  # the very next command
    assert "it exits 2 because one example is deliberately invalid" in README[after.end() :]
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports"
    args = after.group(1).replace("--out reports/", f"--out {out}/")
    result = CliRunner().invoke(app, shlex.split(args))
    assert result.exit_code == 2
    assert result.stdout.endswith(
        f"14 certificates in {out}/\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    assert "(14 certificates, beside the batch's summary" in README[after.end() :]


def test_the_certify_and_verify_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    block = re.search(
        r"```console\n\$ qa-check (certify [^\n]+)\n(.*?)\$ qa-check (verify [^\n]+)\n(.*?)```",
        README,
        re.S,
    )
    assert block, "README lost its certify transcript"
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    assert "--out certs/" in block.group(1)  # replaced below: nothing is written into the repo
    certify = shlex.split(block.group(1).replace("--out certs/", f"--out {out}/"))
    result = CliRunner().invoke(app, certify)
    assert result.stdout.replace(str(out), "certs") == block.group(2)
    assert result.exit_code == 2
    verify = shlex.split(block.group(3).replace("certs/", f"{out}/"))
    result = CliRunner().invoke(app, verify)
    assert result.stdout.replace(str(out), "certs") == block.group(4)
    assert result.exit_code == 0


def test_the_rerun_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The certify transcript's run, then the rerun the README shows: everything kept."""
    first, again = re.findall(r"```console\n\$ qa-check (certify [^\n]+)\n", README)[:2]
    block = re.search(r"```console\n\$ qa-check " + re.escape(again) + r"\n(.*?)```", README, re.S)
    assert block, "README lost its rerun transcript"
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    for command in (first, again):
        assert "--out certs/" in command
        result = CliRunner().invoke(
            app, shlex.split(command.replace("--out certs/", f"--out {out}/"))
        )
    assert result.stdout.replace(str(out), "certs") == block.group(1)
    assert result.exit_code == 1


def test_the_readme_shows_a_pass_and_a_two_page_fail_certificate() -> None:
    images = re.findall(r"!\[((?:PASS|FAIL) certificate[^]]*)\]\((docs/[^)]+\.png)\)", README)
    assert [alt for alt, _ in images] == [
        "PASS certificate",
        "FAIL certificate, page 1",
        "FAIL certificate, page 2",
    ]
    for _, image in images:
        assert (ROOT / image).read_bytes().startswith(b"\x89PNG")
    pictures = {path.name for path in (ROOT / "docs").glob("*.png")}
    assert pictures == {Path(image).name for _, image in images}  # none left over


def test_the_validate_transcript_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    block = re.search(
        r"```console\n\$ qa-check (validate [^\n]+)\n(.*?)\$ echo \$\?\n(\d+)\n```", README, re.S
    )
    assert block, "README lost its validate transcript"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert result.stdout == block.group(2)
    assert result.exit_code == int(block.group(3))


def test_the_released_versions_transcript_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    section = README.split("### Versions: kept, filled in, withdrawn, released", 1)[1]
    block = re.search(r"```console\n\$ qa-check (validate [^\n]+)\n(.*?)```", section, re.S)
    assert block, "README lost its released versions transcript"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert (result.stdout, result.exit_code) == (block.group(2), 1)


def test_the_json_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """lint, certify and verify with ``--format json``: each document as shown, lines wrapped."""
    block = re.search(r"```console\n(\$ qa-check lint [^\n]+ --format json\n.*?)```", README, re.S)
    assert block, "README lost its JSON transcripts"
    shown = re.findall(r"^\$ qa-check ([^\n]+)\n(.*?)(?=^\$ |\Z)", block.group(1), re.S | re.M)
    assert [command.split()[0] for command, _ in shown] == ["lint", "certify", "verify"]
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    for command, document in shown:
        args = command.removesuffix(" 2>/dev/null").replace("certs/", f"{out}/")
        result = CliRunner().invoke(app, shlex.split(args))
        assert json.loads(result.stdout.replace(str(out), "certs")) == json.loads(document)


def test_the_template_transcript_and_forms_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    block = re.search(r"\$ qa-check (template [^\n]+--out forms/)\n(.*?)\$ ", README, re.S)
    assert block, "README lost its template transcript"
    form = re.search(r"```yaml\n(checklists:\n.*?)```", README, re.S)
    assert form, "README lost its excerpt of the YAML form"
    monkeypatch.chdir(ROOT)
    command = shlex.split(block.group(1).replace("--out forms/", f"--out {tmp_path}/forms/"))
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0
    assert result.stdout.replace(f"{tmp_path}/", "") == block.group(2)
    assert form.group(1) in (tmp_path / "forms" / "record-template.yaml").read_text("utf-8")
    first_row = (tmp_path / "forms" / "record-template.csv").read_text("utf-8").splitlines()[1]
    assert f"only its `checklists` cell filled in, `{first_row.strip(',')}`," in README


def test_the_examples_summary_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "examples/"])
    assert f"`{result.stdout.splitlines()[-1]}`" in README


def test_the_configuration_error_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    block = re.search(
        r"```console\n\$ qa-check (certify [^\n]+--config qa-check\.toml)\n(.*?)"
        r"\$ echo \$\?\n(\d+)\n```",
        README,
        re.S,
    )
    assert block, "README lost its configuration error transcript"
    example = (ROOT / "examples" / "qa-check.toml").read_text("utf-8")
    assert example.count("\naddress = ") == 1
    (tmp_path / "qa-check.toml").write_text(example.replace("\naddress = ", "\nadress = "), "utf-8")
    for folder in ("examples", "checklists"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert (result.stdout, result.stderr) == ("", block.group(2))
    assert result.exit_code == int(block.group(3))
    assert not (tmp_path / "reports").exists()


def test_the_help_transcript_is_real_output() -> None:
    block = re.search(r"```console\n\$ qa-check (\w+ -h)\n(.*?)```", README, re.S)
    assert block, "README lost its help transcript"
    result = CliRunner().invoke(app, shlex.split(block.group(1)), prog_name="qa-check")
    assert (result.exit_code, result.stdout) == (0, block.group(2))


CERTIFICATE_ID = re.compile(r"QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")
VARYING = (  # what differs from one key to the next, and the moment of a revocation
    (re.compile(r"(?:[0-9A-F]{4} ){15}[0-9A-F]{4}"), "FINGERPRINT"),
    (re.compile(r"[0-9A-F]{16}…"), "KEY…"),
    (CERTIFICATE_ID, "QC-ID"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME"),
)


def _masked(text: str) -> str:
    for pattern, stand_in in VARYING:
        text = pattern.sub(stand_in, text)
    return text


def test_the_signatures_and_register_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each command of the section runs as shown and prints what it shows, but for the key.

    A new key has new fingerprints, and the certificate ids it signs are new: those are
    compared by their shape, and the ids the README names are passed on as the real ones.
    """
    section = README.split("## Signatures and the register", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    assert len(blocks) == 2, "README lost a transcript of its signatures section"
    step = r"^\$ qa-check ([^\n]+)\n((?:(?!\$ qa-check )[^\n]*\n)*)"
    steps = re.findall(step, "".join(blocks), re.M)
    assert [command.split()[0] for command, _ in steps] == [
        *("keys", "certify", "verify"),
        *("register", "register", "verify"),
    ]
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(verify_module, "now", lambda: datetime.now(UTC))  # the key is new
    real_ids: dict[str, str] = {}
    for command, shown in steps:
        moved = command.replace("lab-keys", f"{tmp_path}/lab-keys").replace(
            "certs/", f"{tmp_path}/certs/"
        )
        args = [real_ids.get(arg, arg) for arg in shlex.split(moved)]
        result = CliRunner().invoke(app, args)
        printed = result.stdout.replace(f"{tmp_path}/", "")
        named_ids, real = CERTIFICATE_ID.findall(shown), CERTIFICATE_ID.findall(printed)
        for named, real_id in zip(named_ids, real, strict=False):
            real_ids.setdefault(named, real_id)
        assert _masked(printed) == _masked(shown), command
    assert not (ROOT / "lab-keys").exists()  # everything went into tmp_path
