"""``qa-check lint``, ``schema`` and ``template``: the commands about checklists."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT
from qa_check.cli.app import app
from qa_check.engine.schema import SCHEMA_FILES

runner = CliRunner()


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
    dirty_text = (tmp_path / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "copy.yaml").write_text(dirty_text.replace("drop-test", "drop-copy"), "utf-8")
    twice = runner.invoke(app, ["lint", str(tmp_path)])
    assert twice.stderr == "2 problems found\n"


def test_lint_says_its_count_in_the_language_asked_for(tmp_path: Path) -> None:
    clean = runner.invoke(app, ["lint", str(CHECKLISTS)], env={"QA_CHECK_LANG": "zh"})
    assert (clean.exit_code, clean.stderr) == (0, "检查表没有问题\n")
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "drop-test.yaml").write_text(text.replace("drop_height_m}", "hieght}"), "utf-8")
    dirty = runner.invoke(app, ["lint", str(tmp_path)], env={"QA_CHECK_LANG": "zh"})
    assert (dirty.exit_code, dirty.stderr) == (1, "发现 1 个问题\n")
    (tmp_path / "copy.yaml").write_text(text.replace("drop_height_m}", "x}"), "utf-8")
    twice = runner.invoke(app, ["lint", str(tmp_path)], env={"QA_CHECK_LANG": "zh"})
    assert (twice.exit_code, twice.stderr) == (1, "发现 2 个问题\n")


def test_lint_known_adds_then_reports_an_edit_without_a_new_version(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    folder.mkdir()
    drop = folder / "drop-test.yaml"
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    drop.write_text(text, "utf-8")
    known = tmp_path / "known.txt"
    added = runner.invoke(app, ["lint", str(folder), "--known", str(known), "--add-known"])
    assert (added.exit_code, added.stdout) == (0, "")
    assert added.stderr == f"{known}: added drop-test@3\nchecklists OK\n"
    drop.write_text(text.replace("drop_height_m: 1.2", "drop_height_m: 0.3"), "utf-8")
    again = runner.invoke(app, ["lint", str(folder), "--known", str(known), "--add-known"])
    assert again.exit_code == 1
    assert again.stdout == (
        f"{drop}:5 [version]: drop-test@3 is not the content listed in {known}:4:"
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
    assert (clean.exit_code, clean.stderr) == (0, f"{known}: added drop-test@3\nchecklists OK\n")
    assert json.loads(clean.stdout) == {
        "format": "qa-check/lint-report@1",
        "problems": [],
        "added": ["drop-test@3"],
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


def test_template_writes_two_files_and_keeps_existing(tmp_path: Path) -> None:
    args = ["template", "drop-test", "--out", str(tmp_path), "-c", str(CHECKLISTS)]
    first = runner.invoke(app, args)
    assert first.exit_code == 0
    header, first_row = (tmp_path / "record-template.csv").read_text("utf-8").splitlines()
    assert header.startswith("sku,product_name,applicant,brand,model,electrical,")
    assert "drop-test.drops.9" in header
    assert first_row.strip(",") == "drop-test@3;"
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
        b"packaging-stack@2; label-placement@3; drop-test@3; compression-test@3"
        in (written["all"]["record-template.csv"])
    )
