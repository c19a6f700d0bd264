"""The command line as a whole: help, version, completion, the entry point, every file written."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, given_file, write_record, written_records
from qa_check.cli.app import app

runner = CliRunner()


def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_every_file_written_follows_the_umask(
    tmp_path: Path, record: dict[str, Any], run_cli: Any, mask: int
) -> None:
    """Certificates, records, templates and schemas: not mkstemp's 0600, and the tracked
    schemas keep the mode git gave them (0644 under the usual umask 022)."""
    source = write_record(tmp_path / "p.yaml", record)
    before = os.umask(mask)
    try:
        assert certify(source, "--out", tmp_path / "reports").exit_code == 0
        assert runner.invoke(app, ["schema", "--out", str(tmp_path / "schemas")]).exit_code == 0
        template = [
            "template",
            "drop-test",
            "--out",
            str(tmp_path / "forms"),
            "-c",
            str(CHECKLISTS),
        ]
        assert runner.invoke(app, template).exit_code == 0
        assert run_cli("--only", "drop-test", "--answers", given_file(tmp_path)).exit_code == 0
    finally:
        os.umask(before)
    written = [
        *(tmp_path / "reports").iterdir(),  # the certificate, the summary's 3 files, the register
        *(tmp_path / "schemas").iterdir(),
        *(tmp_path / "forms").iterdir(),
        *written_records(tmp_path),
    ]
    assert len(written) == 10
    assert {path.name: path.stat().st_mode & 0o777 for path in written} == {
        path.name: 0o666 & ~mask for path in written
    }


def test_version_and_help() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    for flag in ("-V", "--version"):
        shown = runner.invoke(app, [flag])
        assert (shown.exit_code, shown.stdout, shown.stderr) == (0, f"qa-check {version}\n", "")
    help_text = runner.invoke(app, ["--help"], prog_name="qa-check").stdout
    assert help_text.startswith("Usage: qa-check [OPTIONS] COMMAND [ARGS]...\n")
    for command in ("validate", "certify", "verify", "run", "lint", "schema", "template"):
        assert f"  {command} " in help_text
    for option in ("-V, --version", "-h, --help", "--install-completion", "--show-completion"):
        assert option in help_text
    for alone in ([], ["-h"]):  # `qa-check` alone asks for the help: stdout, exit 0
        result = runner.invoke(app, alone, prog_name="qa-check")
        assert (result.exit_code, result.stdout, result.stderr) == (0, help_text, "")


def test_shell_completion_installs_and_completes_commands_and_choices(tmp_path: Path) -> None:
    """What ``--install-completion`` puts in ~/.bashrc, run by a real bash as Tab would."""
    script = runner.invoke(app, [], env={"_QA_CHECK_COMPLETE": "source_bash"}, prog_name="qa-check")
    assert script.exit_code == 0
    assert "complete -o default -F _qa_check_completion qa-check" in script.stdout
    (tmp_path / "qa-check").write_text(f'#!/bin/sh\nexec {sys.executable} -m qa_check "$@"\n')
    (tmp_path / "qa-check").chmod(0o755)
    tab = (
        'eval "$(_QA_CHECK_COMPLETE=source_bash qa-check)"\n'
        "COMP_WORDS=(qa-check ver); COMP_CWORD=1; _qa_check_completion qa-check\n"
        'echo "${COMPREPLY[*]}"\n'
        'COMP_WORDS=(qa-check validate --format ""); COMP_CWORD=3; _qa_check_completion qa-check\n'
        'echo "${COMPREPLY[*]}"\n'
    )
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["bash", "-c", tab], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "verify\ntext json\n", "")


def test_every_command_is_documented_in_the_readme_or_docs() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    readme = "".join(page.read_text("utf-8") for page in pages)
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"qa-check {name}" in readme, f"README and docs/ do not show `qa-check {name}`"


def test_module_entry_point_and_no_heavy_imports() -> None:
    code = (
        "import sys\n"
        "from qa_check.cli.app import app\n"
        "try:\n"
        "    app(['validate', 'examples/earbuds-pass.yaml'])\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'reportlab' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.stdout.strip().endswith("0 False")
    module = subprocess.run(
        [sys.executable, "-m", "qa_check", "--help"], capture_output=True, text=True, check=False
    )
    assert (module.returncode, module.stderr) == (0, "")
    assert "validate" in module.stdout


def test_a_non_utf8_terminal_does_not_crash() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "qa_check", "validate", "examples/earbuds-pass.yaml"],
        cwd=ROOT,
        capture_output=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": ""},
        check=False,
    )
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.startswith(b"PASS     TWS-EB-001  ?????? Wireless Earbuds")


INTERRUPTED_WHILE = {
    "importing": (
        "import builtins\n"
        "real = builtins.__import__\n"
        "def interrupting(name, *args, **kwargs):\n"
        "    if name == 'typer':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = interrupting\n"
    ),
    "building the commands": (  # Typer reads every command's signature before running one
        "import typer.utils\n"
        "def interrupting(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "typer.utils.get_params_from_function = interrupting\n"
        "import typer.main\n"
        "typer.main.get_params_from_function = interrupting\n"
    ),
}


@pytest.mark.parametrize("code", INTERRUPTED_WHILE.values(), ids=INTERRUPTED_WHILE.keys())
def test_ctrl_c_while_starting_up_is_no_traceback(code: str) -> None:
    starting = (
        "import sys\n"
        + code
        + "sys.argv = ['qa-check', '--help']\nfrom qa_check.__main__ import main\nmain()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", starting], capture_output=True, text=True, timeout=60, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", "\ninterrupted\n")
