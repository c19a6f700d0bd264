"""The command line as users meet it: exit codes, stdout, stderr, files written."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import shutil
import signal
import sqlite3
import subprocess
import sys
import termios
import time
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import (
    CHECKLISTS,
    EXAMPLE_CONFIG,
    ROOT,
    SUMMARY_FILES,
    bounded,
    certificates_in,
    embedded_site,
    given_file,
    with_sku,
    withdrawn_folder,
    write_record,
    written_records,
)
from qa_check.certificates import pipeline as issue_module
from qa_check.certificates import pool as pool_module
from qa_check.certificates import verify as verify_module
from qa_check.certificates.register import Register, RegisterError
from qa_check.certificates.site import Issuer, Site, read_site
from qa_check.cli import progress as progress_module
from qa_check.cli.app import app
from qa_check.core.errors import Location, Problem
from qa_check.core.messages import msg
from qa_check.engine import checklists as checklists_module
from qa_check.engine import judge as validate_module
from qa_check.engine.judge import SkuResult
from qa_check.engine.schema import SCHEMA_FILES
from qa_check.reporters.json import JsonReporter
from qa_check.reporters.summary import row_for, to_json

runner = CliRunner()


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["validate", *map(str, args), "-c", str(CHECKLISTS)])


def test_pass_exits_0_with_a_summary(tmp_path: Path, record: dict[str, Any]) -> None:
    result = invoke(write_record(tmp_path / "a.yaml", record))
    assert result.exit_code == 0
    assert result.stdout.startswith("PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds")
    assert result.stdout.endswith("1 record: 1 passed, 0 failed, 0 invalid\n")
    assert result.stderr == ""


def test_fail_exits_1_and_says_why(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.0"
    result = invoke(write_record(tmp_path / "a.yaml", record))
    assert result.exit_code == 1
    assert "FAIL     TWS-EB-001" in result.stdout
    assert "- DT-2 drop-test@2 drop_height_m [critical]" in result.stdout
    assert "required: at least 1.2 m" in result.stdout
    assert "recorded: 1 m" in result.stdout
    assert "action:   Repeat the drops from at least the required height." in result.stdout


def test_lang_zh_gives_chinese_actions(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.0"
    result = runner.invoke(
        app, ["validate", str(write_record(tmp_path / "a.yaml", record)), "--lang", "zh"]
    )
    assert "整改：以不低于规定的高度重新跌落。" in result.stdout


def test_invalid_exits_2_with_location(tmp_path: Path, record: dict[str, Any]) -> None:
    record["answers"]["drop-test"]["drop_height_m"] = "1.2 m"
    path = write_record(tmp_path / "a.yaml", record)
    result = invoke(path)
    assert result.exit_code == 2
    assert "INVALID  TWS-EB-001" in result.stdout
    line = next(
        n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "1.2 m" in text
    )
    assert (
        f"! {path}:{line} [answers.drop-test.drop_height_m]: '1.2 m' has a unit typed in"
        in result.stdout
    )


def test_a_batch_reports_every_record(tmp_path: Path, record: dict[str, Any]) -> None:
    write_record(tmp_path / "good.yaml", record)
    (tmp_path / "broken.yaml").write_text("sku: [unclosed\n", encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["summary"] == {"total": 3, "passed": 1, "failed": 0, "invalid": 2}
    verdicts = {Path(r["location"]["file"]).name: r["verdict"] for r in report["results"]}
    assert verdicts == {"good.yaml": "PASS", "broken.yaml": "INVALID", "empty.json": "INVALID"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "missing.yaml"], "error: missing.yaml: no such file or folder\n"),
        (["validate", "pyproject.toml"], "error: pyproject.toml: not a record file"),
        (["validate", "examples", "--encoding", "klingon"], "unknown encoding 'klingon'"),
        (["validate", "examples", "-c", "nowhere"], "error: nowhere: no such file or folder"),
        (["template", "no-such-list"], "error: no-such-list: unknown checklist"),
    ],
)
def test_usage_errors_exit_2_without_traceback(args: list[str], message: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""


def test_bad_format_is_a_usage_error() -> None:
    result = runner.invoke(app, ["validate", "examples", "--format", "xml"])
    assert result.exit_code == 2
    assert "'xml' is not one of 'text', 'json'" in result.stderr


def test_broken_checklists_stop_validation(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("id: x\nversion: 1\nitems: nope\n", encoding="utf-8")
    result = runner.invoke(app, ["validate", "examples", "-c", str(tmp_path)])
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'bad.yaml'}:3 [items]:" in result.stderr


def test_lint_clean_and_dirty(tmp_path: Path) -> None:
    clean = runner.invoke(app, ["lint", str(CHECKLISTS)])
    assert (clean.exit_code, clean.stdout, clean.stderr) == (0, "", "checklists OK\n")
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "drop-test.yaml").write_text(
        text.replace("{setting: drop_height_m}", "{setting: drop_hieght_m}"), "utf-8"
    )
    dirty = runner.invoke(app, ["lint", str(tmp_path)])
    assert dirty.exit_code == 1
    assert "refers to unknown setting 'drop_hieght_m'" in dirty.stdout
    assert dirty.stderr == "1 problem found\n"


def test_lint_known_adds_then_reports_an_edit_without_a_new_version(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    drop = folder / "drop-test.yaml"
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    drop.write_text(text, "utf-8")
    known = tmp_path / "known.txt"
    added = runner.invoke(app, ["lint", str(folder), "--known", str(known), "--add-known"])
    assert (added.exit_code, added.stdout) == (0, "")
    assert added.stderr == f"{known}: added drop-test@2\nchecklists OK\n"
    drop.write_text(text.replace("drop_height_m: 1.2", "drop_height_m: 0.3"), "utf-8")
    again = runner.invoke(app, ["lint", str(folder), "--known", str(known), "--add-known"])
    assert again.exit_code == 1
    assert again.stdout == (
        f"{drop}:5 [version]: drop-test@2 is not the content listed in {known}:4:"
        " give the edited checklist a new version\n"
    )
    assert again.stderr == "1 problem found\n"
    alone = runner.invoke(app, ["lint", str(folder), "--add-known"])
    assert alone.exit_code == 2
    assert (
        alone.stderr
        == "error: --add-known: needs --known FILE, the file the versions are added to\n"
    )
    missing = runner.invoke(app, ["lint", str(folder), "--known", str(tmp_path / "nope")])
    assert missing.exit_code == 2
    assert "cannot read file" in missing.stderr


def test_lint_checks_a_folder_against_its_released_hashes_without_being_told(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    old = folder / "drop-test@1.yaml"
    old.write_text(old.read_text("utf-8").replace("drop_height_m: 1.2", "drop_height_m: 0.8"))
    result = runner.invoke(app, ["lint", str(folder)])
    line = next(
        n for n, text in enumerate(old.read_text("utf-8").splitlines(), 1) if text == "version: 1"
    )
    listed = next(
        n
        for n, text in enumerate((folder / "released.sha256").read_text("utf-8").splitlines(), 1)
        if text.startswith("drop-test@1 ")
    )
    assert (result.exit_code, result.stderr) == (1, "1 problem found\n")
    assert result.stdout == (
        f"{old}:{line} [version]: drop-test@1 is not the content listed in"
        f" {folder / 'released.sha256'}:{listed}: give the edited checklist a new version\n"
    )


def test_lint_json_lists_the_problems_and_the_versions_added(tmp_path: Path) -> None:
    drop = tmp_path / "drop-test.yaml"
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    drop.write_text(text, "utf-8")
    known = tmp_path / "known.txt"
    clean = runner.invoke(
        app, ["lint", str(drop), "-f", "json", "--known", str(known), "--add-known"]
    )
    assert (clean.exit_code, clean.stderr) == (0, f"{known}: added drop-test@2\nchecklists OK\n")
    assert json.loads(clean.stdout) == {
        "format": "qa-check/lint-report@1",
        "problems": [],
        "added": ["drop-test@2"],
    }
    drop.write_text(text.replace("{setting: drop_height_m}", "{setting: drop_hieght_m}"), "utf-8")
    dirty = runner.invoke(app, ["lint", str(drop), "--format", "json"])
    assert (dirty.exit_code, dirty.stderr) == (1, "1 problem found\n")
    report = json.loads(dirty.stdout)
    [problem] = report["problems"]
    assert problem["message"] == "refers to unknown setting 'drop_hieght_m'"
    assert problem["location"]["file"] == str(drop)
    assert isinstance(problem["location"]["line"], int)
    assert report["added"] == []


def test_schema_writes_what_is_committed(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    for name in SCHEMA_FILES:
        written = (tmp_path / name).read_text("utf-8")
        assert written == (ROOT / "schemas" / name).read_text("utf-8"), (
            f"schemas/{name} is stale: run `qa-check schema`"
        )


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


def test_template_writes_two_files_and_keeps_existing(tmp_path: Path) -> None:
    args = ["template", "drop-test", "--out", str(tmp_path), "-c", str(CHECKLISTS)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0
    header, first_row = (tmp_path / "record-template.csv").read_text("utf-8").splitlines()
    assert header.startswith("sku,product_name,applicant,brand,model,electrical,")
    assert "drop-test.drops.9" in header
    assert first_row.strip(",") == "drop-test@2;"
    assert (tmp_path / "record-template.yaml").exists()
    again = runner.invoke(app, args)
    assert again.exit_code == 2
    both = f"{tmp_path / 'record-template.csv'}, {tmp_path / 'record-template.yaml'}"
    assert again.stderr == f"error: {both}: already exists; use --force to overwrite\n"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_template_of_checklists_named_out_of_order_lists_them_as_inspected(
    tmp_path: Path,
) -> None:
    args = ["template", "drop-test", "packaging-stack", "-o", str(tmp_path), "-c", str(CHECKLISTS)]
    result = runner.invoke(app, args)
    assert (result.exit_code, result.stderr) == (0, "")
    header = (tmp_path / "record-template.csv").read_text("utf-8").splitlines()[0].split(",")
    answered = [name.split(".")[0] for name in header[header.index("photos") + 1 :]]
    assert list(dict.fromkeys(answered)) == ["packaging-stack", "drop-test"]
    skeleton = yaml.safe_load((tmp_path / "record-template.yaml").read_text("utf-8"))
    assert list(skeleton["checklists"]) == ["packaging-stack", "drop-test"]
    assert list(skeleton["answers"]) == ["packaging-stack", "drop-test"]


def test_old_versions_beside_the_current_ones_change_no_template(tmp_path: Path) -> None:
    current = tmp_path / "current"
    current.mkdir()
    for path in CHECKLISTS.glob("*.yaml"):
        if "@" not in path.name:
            shutil.copy(path, current)
    written = {}
    for name, folder in (("all", CHECKLISTS), ("current", current)):
        out = tmp_path / f"{name}-forms"
        result = runner.invoke(app, ["template", "-o", str(out), "-c", str(folder)])
        assert (result.exit_code, result.stderr) == (0, "")
        written[name] = {p.name: p.read_bytes() for p in out.iterdir()}
    assert written["all"] == written["current"]
    assert (
        b"packaging-stack@2; label-placement@3; drop-test@2; compression-test@2"
        in (written["all"]["record-template.csv"])
    )


def test_certify_refuses_a_withdrawn_version_and_validate_still_judges_it(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    old = with_sku(record, "OLD-1")
    old["checklists"]["drop-test"] = 1
    records = tmp_path / "records"
    records.mkdir()
    write_record(records / "a-old.yaml", old)
    write_record(records / "b-new.yaml", record)
    folder = withdrawn_folder(tmp_path, "drop-test@1", "2026-11-23", "drop-test@2")
    both = ["-c", str(CHECKLISTS), "-c", str(folder)]
    judged = runner.invoke(app, ["validate", str(records), *both])
    assert (judged.exit_code, judged.stderr) == (0, "")
    assert "2 records: 2 passed, 0 failed, 0 invalid" in judged.stdout
    out = tmp_path / "out"
    args = ["certify", str(records), "-o", str(out), *both, "--issued-at"]
    refused = runner.invoke(app, [*args, "2026-11-23T00:00:00+00:00"])
    assert (refused.exit_code, refused.stderr) == (2, "")
    assert (
        f"INVALID  OLD-1  无线蓝牙耳机 Wireless Earbuds  ({records / 'a-old.yaml'}:1)\n"
        f"    ! {records / 'a-old.yaml'}:1 [checklists.drop-test]: drop-test@1 is withdrawn from"
        " 2026-11-23: no certificate is issued against it; record the inspection again against"
        " drop-test@2\n"
    ) in refused.stdout
    assert "2 records: 1 passed, 0 failed, 1 invalid" in refused.stdout
    assert [path.name for path in certificates_in(out)] == ["TWS-EB-001_PASS_2026-11-20.pdf"]
    # The day before, by the issue time in UTC (a certificate's issue time), it is issued.
    earlier = runner.invoke(app, [*args, "2026-11-23T07:59:00+08:00"])
    assert earlier.exit_code == 0, earlier.stdout
    assert "OLD-1_PASS_2026-11-20.pdf" in [path.name for path in certificates_in(out)]


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


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        assert f"qa-check {name}" in readme, f"README does not show `qa-check {name}`"


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


def _ctrl_c_when_judging(monkeypatch: pytest.MonkeyPatch, sku: str) -> None:
    """Ctrl-C comes as the record of ``sku`` is being judged."""
    real_judge = validate_module.judge

    def interrupted(raw: Any, registry: Any, *, explain: bool = False) -> Any:
        if raw.data.get("sku") == sku:
            raise KeyboardInterrupt
        return real_judge(raw, registry, explain=explain)

    monkeypatch.setattr(validate_module, "judge", interrupted)


def test_ctrl_c_closes_the_report_and_exits_130(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b", "c"):
        write_record(tmp_path / f"{name}.yaml", with_sku(record, name))
    _ctrl_c_when_judging(monkeypatch, "b")
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "total": 1,
        "passed": 1,
        "failed": 0,
        "invalid": 0,
        "interrupted": True,
    }
    assert "interrupted after 1 records: 1 passed, 0 failed, 0 invalid" in result.stderr


def test_ctrl_c_while_checklists_load_still_gives_the_json_it_promised(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    write_record(tmp_path / "a.yaml", record)

    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(checklists_module, "load_registry", interrupted)
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 130
    assert json.loads(result.stdout)["summary"] == {
        "total": 0,
        "passed": 0,
        "failed": 0,
        "invalid": 0,
        "interrupted": True,
    }
    assert "interrupted after 0 records" in result.stderr


def test_a_folder_without_records_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "no record files (.yaml .yml .json .jsonl .csv) found" in result.stderr


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


def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


def test_certify_writes_pass_and_fail_and_lists_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports"
    result = certify("examples/", "--out", out, "--issued-at", "2026-11-23T09:00:00+08:00")
    assert result.exit_code == 2
    assert "15 records: 7 passed, 7 failed, 1 invalid" in result.stdout
    assert f"14 certificates in {out}/" in result.stdout
    earbuds = f"{out}/TWS-EB-001_PASS_2026-11-20.pdf"
    assert f"PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> {earbuds}" in result.stdout
    assert "INVALID  FAN-USB-01" in result.stdout
    assert "fan-usb-invalid.yaml:41 [answers.drop-test.drop_height_m]" in result.stdout
    assert result.stderr == ""
    names = [path.name for path in certificates_in(out)]
    assert len(names) == 14
    assert sum("_FAIL_" in name for name in names) == 7
    verified = runner.invoke(app, ["verify", *map(str, certificates_in(out))])
    assert verified.exit_code == 0
    assert verified.stdout.count("UNSIGNED ") == 14
    everything = runner.invoke(app, ["verify", *map(str, sorted(out.glob("*.pdf")))])
    assert (everything.exit_code, everything.stdout) == (0, verified.stdout)
    assert everything.stderr == (
        f"note: {out}/summary.pdf: a batch summary certify wrote beside the certificates,"
        " not a certificate: passed over\n"
    )
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [summary[key] for key in ("total", "passed", "failed", "invalid")] == [15, 7, 7, 1]
    assert sorted(row["certificate"] for row in summary["records"] if row["certificate"]) == names
    assert (out / "summary.csv").read_bytes().count(b"\r\n") == 1 + 15
    assert "interrupted" not in summary


def test_certify_exit_codes_follow_validate(tmp_path: Path, record: dict[str, Any]) -> None:
    passing = write_record(tmp_path / "p.yaml", record)
    assert certify(passing, "--out", tmp_path / "a").exit_code == 0
    record["answers"]["drop-test"]["surface"] = "other"
    failing = write_record(tmp_path / "f.yaml", record)
    assert certify(failing, "--out", tmp_path / "b").exit_code == 1
    assert len(certificates_in(tmp_path / "b")) == 1


def test_the_same_issue_time_gives_the_same_bytes(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    when = ("--issued-at", "2026-11-23T09:00:00+08:00")
    certify(source, "--out", tmp_path / "a", *when)
    certify(source, "--out", tmp_path / "b", *when)
    certify(source, "--out", tmp_path / "c", "--issued-at", "2026-11-23T09:00:01+08:00")
    name = "TWS-EB-001_PASS_2026-11-20.pdf"
    first, second, third = ((tmp_path / d / name).read_bytes() for d in "abc")
    assert first == second
    assert first != third


def test_each_language_keeps_its_own_file_under_one_certificate_id(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    out = tmp_path / "out"
    for lang in ("en", "zh", "en+zh"):
        done = certify(source, "--out", out, "--lang", lang, "--issued-at", "2026-11-23T09:00:00Z")
        assert done.exit_code == 0, done.output
    names = [path.name for path in certificates_in(out)]
    assert names == [
        "TWS-EB-001_PASS_2026-11-20.pdf",
        "TWS-EB-001_PASS_2026-11-20_en+zh.pdf",
        "TWS-EB-001_PASS_2026-11-20_zh.pdf",
    ]
    checked = runner.invoke(app, ["verify", *(str(out / name) for name in names)])
    assert checked.exit_code == 0, checked.output
    ids = {line.split()[2] for line in checked.stdout.splitlines()}
    assert len(ids) == 1 and checked.stdout.count("UNSIGNED ") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--issued-at", "2026-11-23 09:00"], "is not a time with a zone"),
        (["--lang", "fr"], "Invalid value for '--lang'"),
    ],
)
def test_certify_usage_errors_exit_2(
    tmp_path: Path, record: dict[str, Any], args: list[str], message: str
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_verify_reports_tampered_and_foreign_files(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    certify(source, "--out", tmp_path)
    genuine = tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf"
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(genuine.read_bytes().replace(b"/Author (", b"/Author (X", 1))
    result = runner.invoke(app, ["verify", str(genuine), str(edited)])
    assert result.exit_code == 1
    assert result.stdout.startswith(f"UNSIGNED  {genuine}  QC-")
    assert f"TAMPERED  {edited}" in result.stdout
    assert "    ! " in result.stdout
    foreign = tmp_path / "p.yaml"
    result = runner.invoke(app, ["verify", str(foreign)])
    assert result.exit_code == 2
    assert result.stderr == f"error: {foreign}: not a PDF file\n"


def test_verify_json_lists_valid_tampered_and_a_file_it_cannot_check(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    certify(source, "--out", tmp_path)
    genuine = tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf"
    edited = tmp_path / "edited.pdf"
    edited.write_bytes(genuine.read_bytes().replace(b"/Author (", b"/Author (X", 1))
    result = runner.invoke(app, ["verify", str(genuine), str(edited), str(source), "-f", "json"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {source}: not a PDF file\n"
    report = json.loads(result.stdout)
    assert report["format"] == "qa-check/verify-report@2"
    valid, tampered, foreign = report["results"]
    expected = (str(genuine), "UNSIGNED", "TWS-EB-001")
    assert (valid["file"], valid["status"], valid["sku"]) == expected
    assert (valid["verdict"], valid["reasons"]) == ("PASS", [])
    assert valid["certificate_id"].startswith("QC-")
    assert (tampered["file"], tampered["status"]) == (str(edited), "TAMPERED")
    assert tampered["reasons"] == [
        "the page is not what its embedded record renders to: it was edited after issue"
    ]
    assert foreign == {
        "file": str(source),
        "status": "NOT A CERTIFICATE",
        "certificate_id": None,
        "sku": None,
        "verdict": None,
        "signer": None,
        "fingerprint": None,
        "reasons": [],
        "notes": [],
        "problems": [{"message": "not a PDF file", "location": {"file": str(source)}}],
    }
    assert report["summary"] == {
        "total": 3,
        "valid": 0,
        "unsigned": 1,
        "tampered": 1,
        "untrusted": 0,
        "revoked": 0,
        "expired": 0,
        "stale": 0,
        "not_a_certificate": 1,
    }
    alone = runner.invoke(app, ["verify", str(genuine), "--format", "json"])
    assert alone.exit_code == 0
    assert json.loads(alone.stdout)["summary"]["unsigned"] == 1


def test_ctrl_c_in_verify_finishes_the_json_and_exits_130(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    certify(write_record(tmp_path / "p.yaml", record), "--out", tmp_path)
    genuine = str(tmp_path / "TWS-EB-001_PASS_2026-11-20.pdf")
    real_verify = verify_module.verify

    def interrupt_on_the_second(path: Path, *args: Any, **options: Any) -> Any:
        if path.name == "second.pdf":
            raise KeyboardInterrupt
        return real_verify(path, *args, **options)

    monkeypatch.setattr(verify_module, "verify", interrupt_on_the_second)
    second = str(tmp_path / "second.pdf")
    for output in ("json", "text"):
        result = runner.invoke(app, ["verify", genuine, second, genuine, "-f", output])
        assert result.exit_code == 130
        assert result.stderr == "\ninterrupted after 1 of 3 certificates\n"
        assert result.stdout.startswith("UNSIGNED " if output == "text" else "{")
    report = json.loads(runner.invoke(app, ["verify", genuine, second, "-f", "json"]).stdout)
    assert [found["status"] for found in report["results"]] == ["UNSIGNED"]
    assert report["summary"]["interrupted"] is True


def test_certify_into_a_file_is_a_usage_error(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", source)
    assert result.exit_code == 2
    assert result.stderr == f"error: {source}: cannot write here: a file, not a folder\n"
    missing = certify(tmp_path / "nothere", "--out", tmp_path / "out")
    assert missing.exit_code == 2
    assert not (tmp_path / "out").exists()


PASS_PDF = "TWS-EB-001_PASS_2026-11-20.pdf"


def test_certify_issues_under_the_named_configuration(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", "--config", EXAMPLE_CONFIG)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(
        f"PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> {tmp_path}"
    )
    assert embedded_site(tmp_path / "out" / PASS_PDF) == read_site(EXAMPLE_CONFIG)


def test_certify_finds_the_working_folders_configuration(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    monkeypatch.chdir(tmp_path)
    assert certify(source, "--out", "plain").exit_code == 0
    assert embedded_site(tmp_path / "plain" / PASS_PDF) == Site()
    (tmp_path / "qa-check.toml").write_text('[issuer]\nname = "Lab 1"\n', encoding="utf-8")
    assert certify(source, "--out", "site").exit_code == 0
    assert embedded_site(tmp_path / "site" / PASS_PDF) == Site(Issuer("Lab 1"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[issuer]\nname = "Lab"\nadress = "Road 1"\n', ":3 [issuer.adress]: unknown field"),
        ('[issuer]\nname = "Lab"\nlogo = "logo.png"\n', ":3 [issuer.logo]: no logo file "),
        ("[certificate]\nvalid_months = 0\n", ":2 [certificate.valid_months]: must be at least 1"),
        ("[issuer]\nname = ", ":2: invalid TOML: Invalid value (at end of document)"),
        (None, ": cannot read file: No such file or directory"),
    ],
    ids=["unknown key", "no logo", "months", "syntax", "no file"],
)
def test_a_bad_configuration_stops_certify_before_anything_is_written(
    tmp_path: Path, record: dict[str, Any], text: str | None, message: str
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    config = tmp_path / "site.toml"
    if text is not None:
        config.write_text(text, encoding="utf-8")
    result = certify(source, "--out", tmp_path / "out", "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {config}{message}")
    assert not (tmp_path / "out").exists()


def test_certify_prints_and_writes_the_same_for_any_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    seen = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = certify("examples/", "-q", "--out", out, "--issued-at", ISSUED_AT, "--jobs", jobs)
        files = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
        printed = result.stdout.replace(str(out), "OUT")
        seen.append((result.exit_code, printed, result.stderr, files))
    assert seen[0] == seen[1]
    assert len(seen[0][3]) == 14 + len(SUMMARY_FILES) + 1  # and the register


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_certify_needs_at_least_one_job(tmp_path: Path, record: dict[str, Any], jobs: str) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", "--jobs", jobs)
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in result.stderr
    assert not (tmp_path / "out").exists()


ISSUED_AT = "2026-11-23T09:00:00+08:00"
LATER = "2026-11-24T09:00:00+08:00"


def test_certifying_again_draws_only_what_is_missing_and_says_what_it_kept(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    assert certify(records, "--out", out, "--issued-at", ISSUED_AT).exit_code == 0
    first = {path.name: path.read_bytes() for path in certificates_in(out)}
    first_digests = _summary_digests(out)
    (out / "SKU-001_PASS_2026-11-20.pdf").unlink()
    again = certify(records, "-q", "--out", out, "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (0, "")
    name = "无线蓝牙耳机 Wireless Earbuds"
    assert again.stdout == (
        f"PASS     SKU-000  {name}  -> {out}/SKU-000_PASS_2026-11-20.pdf (unchanged, kept)\n"
        f"PASS     SKU-001  {name}  -> {out}/SKU-001_PASS_2026-11-20.pdf\n"
        f"PASS     SKU-002  {name}  -> {out}/SKU-002_PASS_2026-11-20.pdf (unchanged, kept)\n"
        "\n3 records: 3 passed, 0 failed, 0 invalid\n"
        f"3 certificates in {out}/\n"
        "2 of them there already for the same record, not drawn again (--force draws them again)\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    now = {path.name: path.read_bytes() for path in certificates_in(out)}
    digests = _summary_digests(out)  # a kept certificate is listed under its own digest
    assert [sku for sku in digests if digests[sku] != first_digests[sku]] == ["SKU-001"]
    assert [name for name in sorted(now) if now[name] != first[name]] == [
        "SKU-001_PASS_2026-11-20.pdf"
    ]
    forced = certify(records, "--out", out, "--issued-at", LATER, "--force")
    assert forced.exit_code == 0
    assert "kept" not in forced.stdout
    assert f"3 certificates in {out}/\n" in forced.stdout
    assert all(path.read_bytes() != first[path.name] for path in certificates_in(out))


def _summary_digests(out: Path) -> dict[str, str]:
    """Each SKU's certificate digest, as ``summary.json`` in ``out`` lists it."""
    rows = json.loads((out / "summary.json").read_text("utf-8"))["records"]
    return {row["sku"]: row["digest"] for row in rows if row["digest"]}


def test_certify_leaves_another_records_certificate_alone_without_force(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    out = tmp_path / "out"
    certify(source, "--out", out, "--issued-at", ISSUED_AT)
    issued = (out / PASS_PDF).read_bytes()
    record["product_name"] = "Other Earbuds"
    write_record(source, record)
    again = certify(source, "--out", out, "--issued-at", ISSUED_AT)
    assert again.exit_code == 2
    assert again.stdout.startswith(f"INVALID  TWS-EB-001  Other Earbuds  ({source}:1)\n")
    assert f"    ! {source}:1: {out / PASS_PDF} holds another certificate (QC-" in again.stdout
    assert "0 certificates in" in again.stdout
    assert (out / PASS_PDF).read_bytes() == issued
    forced = certify(source, "--out", out, "--issued-at", ISSUED_AT, "--force")
    assert forced.exit_code == 0
    assert (out / PASS_PDF).read_bytes() != issued


def test_certify_json_names_each_certificate_or_null_and_what_a_rerun_kept(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_record(folder / "a.yaml", with_sku(record, "P-1"))
    failing = with_sku(record, "F-1")
    failing["answers"]["drop-test"]["surface"] = "other"
    write_record(folder / "b.yaml", failing)
    broken = with_sku(record, "I-1")
    broken["answers"]["drop-test"]["drop_height_m"] = "1.2 m"
    write_record(folder / "c.yaml", broken)
    out = tmp_path / "out"
    first = certify(folder, "-q", "--out", out, "--format", "json", "--issued-at", ISSUED_AT)
    assert (first.exit_code, first.stderr) == (2, "")
    report = json.loads(first.stdout)
    assert report["format"] == "qa-check/certify-report@1"
    issued = [(r["verdict"], r["sku"], r["certificate"], r["kept"]) for r in report["results"]]
    assert issued == [
        ("PASS", "P-1", f"{out}/P-1_PASS_2026-11-20.pdf", False),
        ("FAIL", "F-1", f"{out}/F-1_FAIL_2026-11-20.pdf", False),
        ("INVALID", "I-1", None, False),
    ]
    assert report["results"][1]["failures"][0]["rule"] == "DT-1"
    [problem] = report["results"][2]["problems"]
    assert problem["location"]["field"] == "answers.drop-test.drop_height_m"
    assert certificates_in(out) == sorted(Path(r[2]) for r in issued[:2])
    counts = {"total": 3, "passed": 1, "failed": 1, "invalid": 1}
    assert report["summary"] == {**counts, "certificates": 2, "kept": 0, "folder": str(out)}
    again = certify(folder, "-q", "-o", out, "-f", "json", "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (2, "")
    rerun = json.loads(again.stdout)
    assert [r["kept"] for r in rerun["results"]] == [True, True, False]
    assert rerun["summary"] == {**counts, "certificates": 2, "kept": 2, "folder": str(out)}


def test_certify_json_interrupted_is_still_one_document(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        write_record(tmp_path / f"{name}.yaml", with_sku(record, name))
    _ctrl_c_when_judging(monkeypatch, "b")
    out = tmp_path / "out"
    result = certify(tmp_path, "-q", "-j", "1", "-o", out, "--format", "json")
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert [r["certificate"] for r in report["results"]] == [f"{out}/a_PASS_2026-11-20.pdf"]
    assert report["summary"] == {
        "total": 1,
        "passed": 1,
        "failed": 0,
        "invalid": 0,
        "certificates": 1,
        "kept": 0,
        "folder": str(out),
        "interrupted": True,
    }
    assert "interrupted after 1 records" in result.stderr


# --- standard output that fails, signals, interrupts while starting ------------------------


def _records(folder: Path, record: dict[str, Any], count: int) -> Path:
    folder.mkdir()
    for n in range(count):
        write_record(folder / f"r{n:03}.yaml", with_sku(record, f"SKU-{n:03}"))
    return folder


def _qa_check(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "qa_check", *map(str, args), "-c", str(CHECKLISTS)]


def _into_closed_pipe(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader is gone before the first line: ``| head -0``."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            args, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write_end)


def test_a_closed_stdout_neither_stops_the_batch_nor_looks_like_a_fail(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """``certify ... | head -1``, then ``verify ... | head -1``."""
    records = _records(tmp_path / "in", record, 4)
    done = _into_closed_pipe(_qa_check("certify", records, "--out", tmp_path / "out"))
    assert (done.returncode, done.stderr) == (0, "")
    certificates = certificates_in(tmp_path / "out")
    assert len(certificates) == 4
    checked = _into_closed_pipe(
        _qa_check("verify", *certificates, "--at", "2026-11-23T00:00:00+00:00")
    )
    assert (checked.returncode, checked.stderr) == (0, "")


def test_a_full_disk_on_stdout_is_reported_once_and_the_batch_goes_on(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 3)
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            _qa_check("certify", records, "--out", tmp_path / "out"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: cannot write the report to standard output (No space left on device):"
        " it is incomplete; certificates and records already written are whole"
    ]
    assert len(certificates_in(tmp_path / "out")) == 3


@pytest.mark.parametrize(
    ("command", "both"),
    [
        ("template", ["record-template.csv", "record-template.yaml"]),
        ("schema", sorted(SCHEMA_FILES)),
    ],
)
def test_both_files_are_written_whatever_becomes_of_stdout(
    tmp_path: Path, command: str, both: list[str]
) -> None:
    """``qa-check template | head -0`` and a full disk: the second file is written all the same."""

    def args(out: Path) -> list[str]:
        return [sys.executable, "-m", "qa_check", command, "-o", str(out)]

    closed = _into_closed_pipe(args(tmp_path / "closed"))
    assert (closed.returncode, closed.stderr) == (0, "")
    assert sorted(path.name for path in (tmp_path / "closed").iterdir()) == both
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            args(tmp_path / "full"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot write the report to standard output")
    assert sorted(path.name for path in (tmp_path / "full").iterdir()) == both


INTERRUPTED = r"\ninterrupted after \d+ records: \d+ passed, 0 failed, 0 invalid\n"
"""All a stopped certify says on stderr."""


def test_sigterm_finishes_the_report_and_leaves_no_temporary_file(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    with subprocess.Popen(
        _qa_check("certify", records, "--out", out, "--lang", "en"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        process.send_signal(signal.SIGTERM)
        rest, errors = process.communicate(timeout=60)
    assert first.startswith("PASS")
    assert process.returncode == 143
    assert re.fullmatch(INTERRUPTED, errors), errors
    written = certificates_in(out)
    assert 1 <= len(written) < 60
    assert all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in written)
    assert f"certificates in {out}" in rest or "certificate in" in rest
    _assert_summary_of_an_interrupted_run(out, written)


def _started(args: list[str]) -> subprocess.Popen[str]:
    """A command in a session of its own, as a shell runs it in the foreground."""
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


def test_two_certify_runs_into_one_folder_the_second_refuses(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    with _started(_qa_check("certify", records, "-q", "--out", out)) as first:
        assert first.stdout is not None
        assert first.stdout.readline().startswith("PASS")
        os.kill(first.pid, signal.SIGSTOP)  # still running, however fast the rest would go
        second = certify(records, "--out", out)
        os.kill(first.pid, signal.SIGCONT)
        rest, errors = first.communicate(timeout=120)
    assert (second.exit_code, second.stdout) == (2, "")
    assert second.stderr == (
        f"error: {out}: another qa-check certify (process {first.pid}) is writing into this"
        " folder: wait until it ends, or certify into another --out\n"
    )
    assert (first.returncode, errors) == (0, "")
    assert rest.endswith(
        f"60 certificates in {out}/\n"
        + f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    assert [path.name for path in certificates_in(out)] == [
        f"SKU-{n:03}_PASS_2026-11-20.pdf" for n in range(60)
    ]
    assert json.loads((out / "summary.json").read_text("utf-8"))["passed"] == 60


def _certify_stopped_after_one(
    records: Path, out: Path, signum: signal.Signals
) -> tuple[subprocess.Popen[str], str, str]:
    """certify on two jobs, sent ``signum`` once its first certificate is reported.

    The signal goes to every process, as a terminal sends Ctrl-C. Returns the process, the rest
    of its stdout, and its stderr.
    """
    with _started(_qa_check("certify", records, "--out", out, "--jobs", "2")) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("PASS")
        os.killpg(process.pid, signum)
        rest, errors = process.communicate(timeout=60)
    return process, rest, errors


def test_ctrl_c_stops_every_process_and_leaves_only_whole_certificates(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    process, rest, errors = _certify_stopped_after_one(records, out, signal.SIGINT)
    assert process.returncode == 130
    assert re.fullmatch(INTERRUPTED, errors), errors
    assert rest.endswith(
        f" in {out}/\n" + f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    written = certificates_in(out)
    assert 1 <= len(written) < 60
    assert all(path.read_bytes().rstrip().endswith(b"%%EOF") for path in written), [
        (p.name, p.stat().st_size, p.read_bytes()[-30:]) for p in written
    ]
    _assert_summary_of_an_interrupted_run(out, written)


def _assert_summary_of_an_interrupted_run(out: Path, written: list[Path]) -> None:
    """The summary lists the records done before the stop, says so, and is not merged."""
    assert all(path.suffix == ".pdf" for path in written)  # no temporary file left
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["interrupted"] is True
    listed = {row["certificate"] for row in summary["records"]}
    assert listed <= {path.name for path in written}
    assert len(listed) >= len(written) - 1  # Ctrl-C may come between a write and its row
    merged = runner.invoke(app, ["summarize", str(out / "summary.json"), "-o", str(out / "m")])
    assert merged.exit_code == 2
    assert "the summary of an interrupted run" in merged.stderr


def test_a_run_killed_outright_is_finished_by_the_next_one(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = _records(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    process, _, _ = _certify_stopped_after_one(records, out, signal.SIGKILL)
    killed = {path.name for path in out.glob("*.pdf")}  # killed outright: no summary
    assert 1 <= len(killed) < 60
    again = certify(records, "-q", "--out", out)
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout.count("(unchanged, kept)") == len(killed)
    assert again.stdout.endswith(
        f"60 certificates in {out}/\n{len(killed)} of them there already for the same record,"
        " not drawn again (--force draws them again)\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    leftovers = [path.name for path in certificates_in(out) if path.suffix != ".pdf"]
    assert all(re.fullmatch(rf"\..+\.pdf\.{process.pid}\.\w+\.tmp", name) for name in leftovers)
    assert all(path.read_bytes().rstrip().endswith(b"%%EOF") for path in out.glob("*.pdf"))


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


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows: each line as its last carriage return left it, no escapes."""
    return [ANSI.sub("", line.rsplit("\r", 1)[-1]) for line in raw.split("\r\n")]


def test_on_a_terminal_a_bar_runs_below_the_report_and_leaves_it_clean(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """Real pseudo-terminals: report lines scroll above the bar, which is gone at the end."""
    records = _records(tmp_path / "in", record, 3)
    command = " ".join(map(shlex.quote, _qa_check("certify", records, "--out", tmp_path / "out")))
    on_terminal = str(pexpect.run(command, timeout=120, encoding="utf-8"))
    lines = screen(on_terminal)
    reported = [line for line in lines if "SKU-00" in line]
    assert len(reported) == 3
    assert all(line.startswith("PASS     SKU-00") for line in reported)  # no bar written in
    out = tmp_path / "out"
    assert f"3 certificates in {out}/" in lines
    assert re.search(r"certify .*\b[0-3]/3\b", ANSI.sub("", on_terminal))  # the bar ran
    assert "records…" not in on_terminal
    to_file = str(
        pexpect.run(
            f"bash -c {shlex.quote(command + ' > report.txt')}",
            cwd=str(tmp_path),
            timeout=120,
            encoding="utf-8",
        )
    )
    assert "PASS" not in to_file  # the terminal shows the bar only, and the bar is gone
    assert re.search(r"certify .*\b[0-3]/3\b", ANSI.sub("", to_file))
    report = (tmp_path / "report.txt").read_text("utf-8")
    assert "\x1b" not in report and "━" not in report
    assert report.startswith("PASS     SKU-000")


def test_a_log_gets_plain_progress_lines_and_quiet_gets_none(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = _records(tmp_path / "in", record, 3)
    monkeypatch.setattr(progress_module, "LINE_INTERVAL", 0.0)  # a line per record
    logged = runner.invoke(app, ["validate", str(records), "-c", str(CHECKLISTS)])
    assert logged.exit_code == 0
    progress = [line for line in logged.stderr.splitlines() if line]
    assert len(progress) == 3
    assert progress[-1].startswith("validate: 3 of about 3 records done (3 passed, 0 failed")
    assert "validate:" not in logged.stdout
    quiet = runner.invoke(app, ["validate", str(records), "-c", str(CHECKLISTS), "--quiet"])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert quiet.stdout == logged.stdout


def test_an_issue_time_before_the_inspection_is_refused(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "a.yaml", record)
    out = tmp_path / "out"
    args = ["certify", str(source), "--out", str(out), "-c", str(CHECKLISTS)]
    result = runner.invoke(app, [*args, "--issued-at", "2026-11-20T02:14:00+00:00"])
    assert result.exit_code == 2
    assert (
        "    ! --issued-at: issued 2026-11-20 02:14 UTC, before the inspection ended"
        " (2026-11-20 10:15 +08:00): a certificate cannot come first\n"
    ) in result.stdout
    assert not out.exists() or not certificates_in(out)
    fine = runner.invoke(app, [*args, "--issued-at", "2026-11-20T02:15:00+00:00"])
    assert fine.exit_code == 0, fine.output


def test_summarize_merges_shards_into_json_csv_and_pdf(
    judge_files: Callable[..., list[SkuResult]], tmp_path: Path
) -> None:
    rows = [row_for(result) for result in judge_files(ROOT / "examples")]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "summary.json").write_text(to_json(rows[:6]), "utf-8")
    (tmp_path / "b" / "summary.json").write_text(to_json(rows[6:]), "utf-8")
    out = tmp_path / "month"
    parts = [str(tmp_path / shard / "summary.json") for shard in "ab"]
    done = runner.invoke(app, ["summarize", *parts, "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert done.stdout.split() == [
        str(out / name) for name in ("summary.json", "summary.csv", "summary.pdf")
    ]
    assert (out / "summary.json").read_text("utf-8") == to_json(rows)
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbfverdict,sku,")
    assert (out / "summary.pdf").read_bytes().startswith(b"%PDF-")
    (tmp_path / "bad.json").write_text('{"format": "qa-check/summary@1", "records": [1]}', "utf-8")
    refused = runner.invoke(app, ["summarize", str(tmp_path / "bad.json"), "-o", str(out)])
    assert refused.exit_code == 2
    assert (
        refused.stderr
        == f"error: {tmp_path / 'bad.json'} [records[0]]: not a summary row as certify writes it\n"
    )
    shard = json.loads((tmp_path / "a" / "summary.json").read_text("utf-8"))
    shard["records"][1]["verdict"] = "WARN"  # counted under no verdict, the totals would not add up
    (tmp_path / "a" / "summary.json").write_text(json.dumps(shard), "utf-8")
    refused = runner.invoke(app, ["summarize", *parts, "-o", str(tmp_path / "other")])
    assert (refused.exit_code, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"error: {parts[0]} [records[1].verdict]: unknown verdict 'WARN':"
        " a summary row is PASS, FAIL or INVALID\n"
    )
    assert not (tmp_path / "other").exists()


def test_certify_draws_on_no_more_processes_than_cores_and_says_so(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--jobs 10000`` met the limit on processes and hung: it is capped, with a note."""
    used: list[int] = []
    real = pool_module.in_order

    def recorded(work: Any, items: Any, jobs: int, start: Any) -> Any:
        used.append(jobs)
        return real(work, items, min(jobs, 2), start)  # never thousands of processes here

    monkeypatch.setattr(pool_module, "default_jobs", lambda: 2)
    monkeypatch.setattr(issue_module, "in_order", recorded)
    records = _records(tmp_path / "in", record, 3)
    for asked, stderr in (
        (
            "10000",
            "note: --jobs 10,000 is more than the cores this process may use (2):"
            " it draws with --jobs 2\n",
        ),
        ("2", ""),
        ("1", ""),
    ):
        result = certify(records, "-q", "--out", tmp_path / asked, "--jobs", asked)
        assert (result.exit_code, result.stderr) == (0, stderr)
        assert len(certificates_in(tmp_path / asked)) == 3
    assert used == [2, 2, 1]
    zh = certify(records, "-q", "--out", tmp_path / "zh", "--jobs", "3", "--lang", "zh")
    assert zh.stderr == "note: --jobs 3 超过本进程可用的核心数（2）：改用 --jobs 2 绘制\n"


def test_jobs_far_above_one_core_finish_bounded(tmp_path: Path, record: dict[str, Any]) -> None:
    """A real process on one core (taskset) asked for 64 jobs draws on 1, in time and memory."""
    records = _records(tmp_path / "in", record, 3)
    done = bounded(
        [
            "taskset",
            "-c",
            "0",
            *_qa_check("certify", records, "-q", "--out", tmp_path / "out", "--jobs", "64"),
        ],
        seconds=60,
    )
    assert done.returncode == 0
    assert "3 records: 3 passed, 0 failed, 0 invalid" in done.stdout.splitlines()
    assert done.stderr == (
        "note: --jobs 64 is more than the cores this process may use (1):"
        " it draws with --jobs 1\n"
    )
    assert len(certificates_in(tmp_path / "out")) == 3


def test_a_summary_that_cannot_be_written_ends_the_report_all_the_same(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """summary.json a folder (as a full disk): every certificate and the counts, then the error."""
    records = _records(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    error = f"error: {out / 'summary.json'}: cannot write: Is a directory\n"
    text = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT)
    assert (text.exit_code, text.stderr) == (2, error)
    lines = text.stdout.splitlines()
    assert [line.split(" -> ")[0] for line in lines[:3]] == [
        f"PASS     SKU-00{n}  无线蓝牙耳机 Wireless Earbuds " for n in range(3)
    ]
    assert lines[3:] == [  # and not "the batch's summary: ...": it is not there
        "",
        "3 records: 3 passed, 0 failed, 0 invalid",
        f"3 certificates in {out}/",
    ]
    assert len(certificates_in(out)) == 3
    assert (out / "summary.csv").is_file() and (out / "summary.pdf").is_file()
    done = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT, "--format", "json")
    assert (done.exit_code, done.stderr) == (2, error)
    report = json.loads(done.stdout)  # one whole document
    assert len(report["results"]) == report["summary"]["total"] == 3
    assert report["summary"]["errors"] == [
        {"message": "cannot write: Is a directory", "location": {"file": str(out / "summary.json")}}
    ]


def test_a_register_that_cannot_be_added_to_is_completed_by_the_next_run(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register busy past its wait: the batch ends whole, and running it again adds them."""
    records = _records(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    book = out / "register.sqlite"

    def busy(self: Register, entries: Any) -> int:
        raise RegisterError([Problem(Location(str(book)), msg("register_locked", seconds=10))])

    with monkeypatch.context() as patched:
        patched.setattr(Register, "add", busy)
        done = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT, "--format", "json")
    assert done.exit_code == 2
    assert done.stderr == (
        f"error: {book}: another qa-check kept the register busy for 10 s; try again when it has"
        f" finished\nerror: {book}: certificates of this run that are not in the register: 3;"
        " the files are written, and the same certify command, run again, adds them\n"
    )
    report = json.loads(done.stdout)
    assert [item["certificate"] is not None for item in report["results"]] == [True] * 3
    assert [error["location"]["file"] for error in report["summary"]["errors"]] == [str(book)] * 2
    assert json.loads((out / "summary.json").read_text("utf-8"))["total"] == 3
    with Register.open(book, create=False) as register:
        assert list(register.rows()) == []
    again = certify(records, "-q", "--out", out, "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (0, "")
    assert "3 of them there already for the same record" in again.stdout
    with Register.open(book, create=False) as register:
        files = sorted(row.file for row in register.rows())
    assert files == sorted(path.name for path in certificates_in(out))


class _SignalledMidWrite:
    """Standard output that Ctrl-C reaches halfway through writing the second result."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.results = 0

    def write(self, text: str) -> int:
        if '"verdict"' in text:
            self.results += 1
            if self.results == 2:
                half = len(text) // 2
                self.stream.write(text[:half])
                signal.raise_signal(signal.SIGINT)
                return int(self.stream.write(text[half:])) + half
        return int(self.stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def test_an_interrupted_json_report_lists_every_result_it_counts(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a write (a full pipe): the result is written whole, then stops."""
    start = JsonReporter.start

    def replaced(self: JsonReporter) -> str:
        sys.stdout = _SignalledMidWrite(sys.stdout)  # the runner puts its own back afterwards
        return start(self)

    monkeypatch.setattr(JsonReporter, "start", replaced)
    records = _records(tmp_path / "in", record, 4)
    done = invoke(records, "--format", "json", "-q")
    assert done.exit_code == 130
    report = json.loads(done.stdout)
    assert report["summary"]["interrupted"] is True
    assert len(report["results"]) == report["summary"]["total"] == 2
    assert done.stderr == "\ninterrupted after 2 records: 2 passed, 0 failed, 0 invalid\n"


def test_validate_stopped_while_its_pipe_is_full_lists_every_result_it_counts(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """A real process, its reader not reading: SIGINT once the pipe is full, then read it all."""
    records = _records(tmp_path / "in", record, 300)
    with _started(_qa_check("validate", records, "--format", "json", "-q")) as process:
        assert process.stdout is not None
        capacity = fcntl.fcntl(process.stdout.fileno(), 1032)  # F_GETPIPE_SZ
        waiting, seen = bytearray(4), [0]
        for _ in range(600):  # 60 s at most, until it holds more than half and stays so 0.5 s
            fcntl.ioctl(process.stdout.fileno(), termios.FIONREAD, waiting)
            seen.append(int.from_bytes(waiting, sys.byteorder))
            if seen[-1] > capacity // 2 and len(set(seen[-6:])) == 1:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the pipe never filled")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    report = json.loads(out)
    assert report["summary"]["interrupted"] is True
    assert len(report["results"]) == report["summary"]["total"] < 300
    assert err.endswith(f"\ninterrupted after {report['summary']['total']} records:"
                        f" {report['summary']['total']} passed, 0 failed, 0 invalid\n")


def test_a_register_kept_busy_by_another_writer_ends_a_real_batch_whole(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """Another connection holds the register's write lock past certify's 10 s wait."""
    records = _records(tmp_path / "in", record, 2)
    out = tmp_path / "out"
    out.mkdir()
    book = out / "register.sqlite"
    Register.open(book, create=True).close()
    holder = sqlite3.connect(book, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        done = bounded(_qa_check("certify", records, "-q", "--out", out, "--format", "json"))
    finally:
        holder.close()
    assert done.returncode == 2
    report = json.loads(done.stdout)  # one whole document, the failure in it
    assert len(report["results"]) == report["summary"]["total"] == 2
    assert [error["message"][:38] for error in report["summary"]["errors"]] == [
        "another qa-check kept the register bus",
        "certificates of this run that are not ",
    ]
    assert done.stderr.endswith(
        f"error: {book}: certificates of this run that are not in the register: 2; the files are"
        " written, and the same certify command, run again, adds them\n"
    )
    assert len(certificates_in(out)) == 2
    assert json.loads((out / "summary.json").read_text("utf-8"))["total"] == 2


def test_a_record_of_150_problems_is_in_the_summary_pdf_of_certify_and_summarize(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """150 unknown answers: reportlab's LayoutError ended both commands with no summary."""
    record["answers"]["drop-test"] |= {f"x{n}": "1" for n in range(150)}
    source = write_record(tmp_path / "a.yaml", record)
    out = tmp_path / "out"
    done = certify(source, "-q", "--out", out)
    assert (done.exit_code, done.stderr) == (2, "")
    assert done.stdout.count("\n    ! ") == 150
    assert "… and 140 more" in " ".join(_pdf_text(out / "summary.pdf").split())
    merged = runner.invoke(app, ["summarize", str(out / "summary.json"), "-o", str(tmp_path / "m")])
    assert (merged.exit_code, merged.stderr) == (0, "")
    assert "… and 140 more" in " ".join(_pdf_text(tmp_path / "m" / "summary.pdf").split())


def _pdf_text(path: Path) -> str:
    return "".join(page.extract_text() for page in PdfReader(path).pages)
