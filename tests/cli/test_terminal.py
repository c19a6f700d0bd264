"""Whether the terminal can take UTF-8 input, as the shell's locale variables say."""

from __future__ import annotations

import pytest

from qa_check.cli.terminal import locale_problem


@pytest.mark.parametrize(
    ("environ", "utf8_mode", "problem"),
    [
        ({"LANG": "C.UTF-8"}, False, None),
        ({"LANG": "zh_CN.UTF-8"}, False, None),
        ({"LANG": "en_US.utf8"}, False, None),
        ({"LANG": "C"}, False, "LANG=C"),
        ({"LANG": "POSIX"}, False, "LANG=POSIX"),
        ({"LANG": "zh_CN.GB18030"}, False, "LANG=zh_CN.GB18030"),
        ({}, False, "LANG="),
        ({"LANG": "C", "LC_ALL": "C.UTF-8"}, False, None),
        ({"LANG": "C.UTF-8", "LC_ALL": "C"}, False, "LC_ALL=C"),
        ({"LANG": "C.UTF-8", "LC_CTYPE": "POSIX"}, False, "LC_CTYPE=POSIX"),
        ({"LANG": "C", "LC_CTYPE": "zh_CN.UTF-8"}, False, None),
        # Python coerced a C locale (PEP 538): its LC_CTYPE=C.UTF-8 is not the shell's
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8"}, True, "LANG=C"),
        ({"LC_CTYPE": "C.UTF-8"}, True, "LANG="),
        ({"LANG": "en_US.UTF-8", "LC_CTYPE": "C.UTF-8"}, True, None),
        ({"LANG": "C", "LC_CTYPE": "C.UTF-8", "PYTHONUTF8": "1"}, True, None),
    ],
)
def test_the_shells_locale_says_whether_typed_text_arrives_as_utf8(
    environ: dict[str, str], utf8_mode: bool, problem: str | None
) -> None:
    assert locale_problem(environ, utf8_mode) == problem
