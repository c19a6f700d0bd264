"""Checklist loading and lint: every problem located by file and line, the registry's lookups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CHECKLISTS, DATA
from qa_check.checklists import (
    Registry,
    default_checklist_dirs,
    lint,
    load_registry,
    select,
)
from qa_check.errors import ChecklistError, UsageError

NEGATIVE = sorted((DATA / "lint").glob("*.yaml"))


def test_shipped_checklists_lint_clean() -> None:
    assert lint([CHECKLISTS]) == []


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_each_bad_checklist_is_reported_at_its_line(path: Path) -> None:
    expect = re.match(r"# expect: (\d+): (.+)", path.read_text("utf-8"))
    assert expect, f"{path.name} must start with '# expect: LINE: message'"
    [problem] = lint([path])
    assert problem.location.file == str(path)
    assert problem.location.line == int(expect.group(1))
    assert expect.group(2) in problem.message


def test_load_registry_raises_with_every_problem(tmp_path: Path) -> None:
    for path in NEGATIVE[:3]:
        (tmp_path / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_registry([tmp_path])
    assert len(caught.value.problems) == 3


def test_the_same_id_and_version_twice(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    [problem] = lint([tmp_path])
    assert problem.location.file == str(tmp_path / "b.yaml")
    assert problem.message == f"drop-test@1 is also defined in {tmp_path / 'a.yaml'}"


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("  \n", encoding="utf-8")
    [problem] = lint([tmp_path / "empty.yaml"])
    assert problem.message == "file is empty"
    with pytest.raises(UsageError, match="no such file or folder"):
        lint([tmp_path / "nope"])
    (tmp_path / "sub").mkdir()
    with pytest.raises(UsageError, match="no checklist files"):
        lint([tmp_path / "sub"])


def test_versions_latest_and_select(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    for version in ("2", "10"):
        (tmp_path / f"v{version}.yaml").write_text(
            text.replace("version: 1", f"version: {version}"), encoding="utf-8"
        )
    registry = load_registry([CHECKLISTS, tmp_path])
    assert sorted(registry.versions("drop-test")) == ["1", "10", "2"]
    latest = registry.latest("drop-test")
    assert latest is not None
    assert latest.checklist.version == "10"  # numbers compare as numbers
    assert [c.checklist.key for c in select(registry, ["drop-test@2", "drop-test"])] == [
        "drop-test@2",
        "drop-test@10",
    ]
    assert len(select(registry, [])) == 4
    with pytest.raises(UsageError, match="unknown checklist"):
        select(registry, ["drop-test@3"])


def test_registry_lookups(registry: Registry) -> None:
    assert registry.get("drop-test", "1") is not None
    assert registry.get("drop-test", "9") is None
    assert registry.ids() == ["compression-test", "drop-test", "label-placement", "packaging-stack"]


def test_default_checklist_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checklists").mkdir()
    assert default_checklist_dirs() == [Path("checklists")]
    (tmp_path / "checklists").rmdir()
    [found] = default_checklist_dirs()
    # Outside a project the checklists installed with qa-check are used, when there are any.
    assert found == Path("checklists") or found.name == "bundled_checklists"
