"""The one dispatch on output formats: every format offers every command its report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from qa_check.core.errors import Location, Problem
from qa_check.reporters import Format, reporters
from qa_check.reporters.text import TextReporter


@pytest.mark.parametrize("output_format", list(Format))
def test_every_format_offers_every_command_a_report(output_format: Format) -> None:
    offered = reporters(output_format)
    assert offered.validate("zh").start() == offered.validate("en").start()
    assert isinstance(offered.certify(Path("out"), "en").start(), str)
    verifying = offered.verify("en")
    assert isinstance(verifying.start() + verifying.finish(), str)
    problem = Problem(Location("drop.yaml", 26), "refers to unknown setting")
    assert "refers to unknown setting" in offered.lint([problem], [])


def test_the_text_reports_follow_the_language_and_json_does_not() -> None:
    for language, shown in (("zh", "zh"), ("en", "en"), ("fr", "en")):
        text = reporters(Format.TEXT).validate(language)
        assert isinstance(text, TextReporter)
        assert text.language == shown
    json = reporters(Format.JSON)
    assert json.validate("zh").start() == json.validate("en").start()


def test_reading_the_formats_imports_no_reporter_and_no_engine() -> None:
    """The command line reads ``Format`` for every command, ``--help`` too: it must cost nothing."""
    code = (
        "import sys, qa_check.reporters\n"
        "print(sorted(m for m in sys.modules if m.startswith('qa_check.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['qa_check.reporters']"
