"""How a run starts: options kept in the draft come back on resume; the command it prints."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from qa_check.cli.run_start import RunStart, program, resume_command, run_start
from qa_check.core.languages import CertificateLang, Lang
from qa_check.guided import drafts


def _script(folder: Path, name: str = "qa-check") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", "utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.parametrize(
    ("argv0", "on_path", "printed"),
    [
        (".venv/bin/qa-check", False, ".venv/bin/qa-check"),
        ("{bin}/qa-check", True, "qa-check"),
        ("{bin}/qa-check", False, "{bin}/qa-check"),
        ("my tools/qa-check", False, "'my tools/qa-check'"),
    ],
    ids=["the README's set-up", "on PATH", "a path not on PATH", "a path with a space"],
)
def test_the_printed_program_is_the_one_that_ran_as_it_is_typed_here(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    argv0: str,
    on_path: bool,
    printed: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "bin"
    _script(folder)
    _script(tmp_path / ".venv" / "bin")
    _script(tmp_path / "my tools")
    monkeypatch.setenv("PATH", str(folder) if on_path else str(tmp_path / "nothing"))
    monkeypatch.setattr(sys, "argv", [argv0.format(bin=folder), "run"])
    assert program() == printed.format(bin=folder)


def test_started_as_a_module_it_prints_the_interpreter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", ["/somewhere/qa_check/__main__.py", "run"])
    monkeypatch.setenv("PATH", str(tmp_path))
    assert program() == f"{sys.executable} -m qa_check"
    name = Path(sys.executable).name
    (tmp_path / name).symlink_to(sys.executable)
    assert program() == f"{name} -m qa_check"
    assert resume_command("A B", Path("elsewhere")) == (
        f"{name} -m qa_check run --resume 'A B' --results elsewhere"
    )


def _started(results: Path, resume: str | None = "LAMP-220", **given: object) -> RunStart:
    options: dict[str, object] = {
        "lang": None,
        "only": None,
        "certify": False,
        "out": None,
        "config": None,
        "keys": None,
        "sign": None,
        "checklists": None,
    }
    options.update(given)
    return run_start(resume, results, **options)  # type: ignore[arg-type]


def test_resume_takes_the_options_the_draft_kept_and_typed_ones_win(tmp_path: Path) -> None:
    results = tmp_path / "results"
    first = _started(
        results,
        resume=None,
        lang=Lang.ZH,
        only=["compression-test"],
        certify=True,
        out=Path("certs"),
        keys=tmp_path / "keys",
        sign=True,
    )
    kept = first.kept()
    assert kept == {
        "only": ["compression-test"],
        "certify": True,
        "out": str(Path("certs").absolute()),
        "keys": str(tmp_path / "keys"),
        "lang": "zh",
        "sign": True,
    }
    path = drafts.draft_path(results, "LAMP-220")
    path.parent.mkdir(parents=True)
    drafts.save(path, drafts.Draft({"sku": "LAMP-220"}, "zh", options=kept))

    resumed = _started(results)
    assert (resumed.lang, resumed.worker_lang, resumed.only) == (
        Lang.ZH,
        "zh",
        ["compression-test"],
    )
    assert (resumed.certify, resumed.out, resumed.keys) == (
        True,
        Path("certs").absolute(),
        tmp_path / "keys",
    )
    assert resumed.certificate_lang is CertificateLang.ZH
    typed = _started(results, lang=Lang.EN, only=["drop-test"], out=Path("other"))
    assert (typed.lang, typed.only, typed.out) == (Lang.EN, ["drop-test"], Path("other"))


def test_a_draft_of_an_earlier_version_resumes_with_the_defaults(tmp_path: Path) -> None:
    """Drafts written before the options were kept: its language only, as before."""
    results = tmp_path / "results"
    path = drafts.draft_path(results, "LAMP-220")
    path.parent.mkdir(parents=True)
    drafts.save(path, drafts.Draft({"sku": "LAMP-220"}, "zh"))
    assert '"run"' not in path.read_text("utf-8")
    resumed = _started(results)
    assert (resumed.lang, resumed.worker_lang, resumed.only, resumed.certify) == (
        None,
        "zh",
        [],
        False,
    )
    assert resumed.out == Path("reports")
    assert resumed.certificate_lang is CertificateLang.EN
    assert _started(results, resume="NO-DRAFT").worker_lang is None
