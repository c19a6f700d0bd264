"""The code map of ARCHITECTURE.md holds: no import runs up a floor, or across one, or into cli.

Floors, lowest first: core < files < engine < records, certificates < guided, reporters, publish
< cli. A module imports from its own folder and from lower floors only; the folders that share a
floor do not import each other; nothing imports ``qa_check.cli`` but ``qa_check/__main__.py``.
Every import counts, wherever it stands: at the top, inside a function (a lazy import) or under
``if TYPE_CHECKING:``, since each ties the folders together all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "qa_check"
BELOW_RECORDS = ("core", "files", "engine")
BELOW_GUIDED = (*BELOW_RECORDS, "records", "certificates")
RULES = (  # a folder (or a file outside the floors), and the folders it may import
    ("core", ()),
    ("files", ("core",)),
    ("engine", ("core", "files")),
    ("records", BELOW_RECORDS),
    ("certificates", BELOW_RECORDS),
    ("guided", BELOW_GUIDED),
    ("reporters", BELOW_GUIDED),
    ("publish", BELOW_GUIDED),
    ("cli", (*BELOW_GUIDED, "guided", "reporters", "publish")),
    ("__init__.py", ()),  # the package itself: its version, importing nothing
    ("__main__.py", ("core", "cli")),  # the entry point, the one importer of cli
)
MAY_IMPORT = dict(RULES)
ROOT_MODULE = ""  # ``from qa_check import __version__``: every module may read the version


def imported(path: Path, source: str) -> list[tuple[int, str, str]]:
    """Each import of qa_check in a module: its line, the statement, the folder it reaches.

    Imports are found at any depth of the tree; relative ones are resolved against the
    module's package, and ``from qa_check import cli`` reaches the folder it names.
    """
    package = path.relative_to(ROOT).with_suffix("").parts
    if path.name != "__init__.py":
        package = package[:-1]
    found = []
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package[: len(package) - (node.level - 1)]
                base = ".".join((*up, *([node.module] if node.module else [])))
            if base == "qa_check":
                modules = [f"qa_check.{alias.name}" for alias in node.names]
            else:
                modules = [base]
        else:
            continue
        for module in modules:
            parts = module.split(".")
            if parts[0] != "qa_check":
                continue
            name = parts[1] if len(parts) > 1 else ROOT_MODULE
            if name in MAY_IMPORT:
                folder = name
            elif f"{name}.py" in MAY_IMPORT:
                folder = f"{name}.py"  # __main__
            else:
                folder = ROOT_MODULE  # a name the package itself holds, as __version__
            found.append((node.lineno, ast.unparse(node), folder))
    return sorted(found)


def crossings(path: Path, source: str) -> list[str]:
    """The imports of a module that the code map forbids, each named with its file and line."""
    here = path.relative_to(PACKAGE).parts[0]  # its folder, or its own name at the top
    allowed = {here, ROOT_MODULE, *MAY_IMPORT[here]}
    name = path.relative_to(ROOT)
    rule = ", ".join((*MAY_IMPORT[here], "its own folder"))
    return [
        f"{name}:{line}: {statement}  ({here} imports from {rule} only, not from {folder})"
        for line, statement, folder in imported(path, source)
        if folder not in allowed
    ]


def modules_of(row: str) -> list[Path]:
    target = PACKAGE / row
    return sorted(target.rglob("*.py")) if target.is_dir() else [target]


def test_every_module_is_on_a_row_of_the_code_map() -> None:
    modules = set(PACKAGE.rglob("*.py"))
    on_rows = {module for row, _ in RULES for module in modules_of(row)}
    assert sorted(map(str, modules - on_rows)) == []
    assert all(module.is_file() for module in on_rows)


@pytest.mark.parametrize("row", [row for row, _ in RULES])
def test_no_import_crosses_the_code_map(row: str) -> None:
    found = [
        crossing
        for module in modules_of(row)
        for crossing in crossings(module, module.read_text("utf-8"))
    ]
    assert not found, "imports that cross the code map:\n" + "\n".join(found)


def test_the_checker_finds_every_kind_of_import_that_crosses_a_rule() -> None:
    """A module of the engine made up for the test: each import that breaks a rule is named."""
    fake = PACKAGE / "engine" / "made_up.py"
    source = (
        "from typing import TYPE_CHECKING\n"
        "import json\n"
        "from qa_check import __version__\n"
        "from qa_check.core.errors import QaCheckError\n"
        "from qa_check.engine import rules\n"
        "from . import models\n"
        "if TYPE_CHECKING:\n"
        "    from qa_check.certificates.page import glyphs\n"
        "def later() -> None:\n"
        "    import qa_check.reporters.summary\n"
        "    from ..cli import app\n"
        "    from qa_check import records\n"
    )
    assert crossings(fake, source) == [
        "qa_check/engine/made_up.py:8: from qa_check.certificates.page import glyphs"
        "  (engine imports from core, files, its own folder only, not from certificates)",
        "qa_check/engine/made_up.py:10: import qa_check.reporters.summary"
        "  (engine imports from core, files, its own folder only, not from reporters)",
        "qa_check/engine/made_up.py:11: from ..cli import app"
        "  (engine imports from core, files, its own folder only, not from cli)",
        "qa_check/engine/made_up.py:12: from qa_check import records"
        "  (engine imports from core, files, its own folder only, not from records)",
    ]


def test_the_two_folders_of_one_floor_do_not_import_each_other() -> None:
    records, certificates = PACKAGE / "records" / "a.py", PACKAGE / "certificates" / "b.py"
    assert crossings(records, "from qa_check.certificates import payload\n")
    assert crossings(certificates, "from qa_check.records import read\n")
    assert not crossings(certificates, "from qa_check.certificates.page import pdf\n")


def test_only_the_entry_point_imports_the_cli() -> None:
    importer = "from qa_check.cli.app import main\n"
    assert crossings(PACKAGE / "__main__.py", importer) == []
    for row, _ in RULES:
        if row not in ("cli", "__main__.py"):
            assert crossings(modules_of(row)[0], importer), row
