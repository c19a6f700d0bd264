"""Other libraries' warnings stay off the user's screen; qa-check's own, and ``-W``, still show.

pyHanko 0.38 imports DSA from cryptography 51, which warns at that import: every ``certify``,
``verify`` and ``run --certify`` printed it on stderr.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest

from conftest import CHECKLISTS, ROOT

WARN_FROM = """
import warnings
import qa_check.core.quiet
for module in ("pyhanko.sign.signers", "qa_check.engine", "qa_check", "qa_check_lookalike"):
    warnings.warn_explicit(f"from {module}", UserWarning, "f.py", 1, module=module)
"""


def warned(*flags: str, **environ: str) -> str:
    """What a process that imports ``qa_check.core.quiet`` and then warns shows on stderr."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    env.update(PYTHONPATH=str(ROOT), **environ)
    done = subprocess.run(
        [sys.executable, *flags, "-c", WARN_FROM],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, "")
    return done.stderr


def said(*modules: str) -> str:
    return "".join(f"f.py:1: UserWarning: from {module}\n" for module in modules)


def test_only_qa_checks_own_warnings_show() -> None:
    assert warned() == said("qa_check.engine", "qa_check")


def test_warnings_the_user_asks_for_all_show() -> None:
    every = said("pyhanko.sign.signers", "qa_check.engine", "qa_check", "qa_check_lookalike")
    assert warned("-W", "default") == every
    assert warned(PYTHONWARNINGS="default") == every


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """This checkout's qa_check, no key or filters of the machine's own."""
    return {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT),
    }


def batch_end(out: Path) -> str:
    """The last lines ``certify examples/`` prints on stdout."""
    return (
        "15 records: 7 passed, 7 failed, 1 invalid\n"
        f"14 certificates in {out}/\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )


@pytest.mark.parametrize("sign", [False, True], ids=["unsigned", "signed"])
def test_certify_examples_prints_nothing_of_other_libraries(
    tmp_path: Path, env: dict[str, str], signing_keys: Path, sign: bool
) -> None:
    out = tmp_path / "out"
    how = ["--keys", str(signing_keys)] if sign else ["--no-sign"]
    command = ["certify", "examples/", "-o", str(out), "-c", str(CHECKLISTS), *how]
    done = subprocess.run(
        [sys.executable, "-m", "qa_check", *command],
        check=False,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (2, "")  # the invalid example
    assert done.stdout.endswith(batch_end(out))


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BAR = re.compile(r"certify [━╸╺]+ ")
"""A line of the progress bar, the one thing certify shows on a terminal's stderr."""


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_on_a_terminal_the_workers_print_nothing_of_other_libraries(
    tmp_path: Path, env: dict[str, str], signing_keys: Path
) -> None:
    """A progress bar runs a thread, so workers start from a forkserver, a new interpreter."""
    out = tmp_path / "out"
    report = tmp_path / "report.txt"
    command = (
        f"exec {sys.executable} -m qa_check certify examples/ -o {out} -c {CHECKLISTS}"
        f" --keys {signing_keys} --jobs 2 > {report}"
    )
    child = pexpect.spawn(
        "sh",
        ["-c", command],
        cwd=str(ROOT),
        env={**env, "TERM": "xterm", "COLUMNS": "120"},
        encoding="utf-8",
        timeout=120,
    )
    screen = child.read()
    child.close()
    assert child.exitstatus == 2
    assert report.read_text("utf-8").endswith(batch_end(out))
    lines = ANSI.sub("", screen).replace("\r", "\n").splitlines()
    assert [line for line in lines if line.strip() and not BAR.match(line)] == []
