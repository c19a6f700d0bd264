"""run --certify at a real terminal (pexpect): a key of another issuer stops it before any question.

The worker learns it at once, in their language, not after the whole inspection: nothing is
asked, no draft or record is written.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from test_run_pty import RUN_ALL, Terminal, spawn

from conftest import KEYS_MADE
from qa_check.certificates.signing.keys import init_keys

__all__ = ["spawn"]  # the fixture, used by name

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DONGGUAN = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
OTHER = "Totally Different Lab"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", f"[issuer] name is “{DONGGUAN}”, but the signing key is issued to “{OTHER}”"),
        ("zh", f"[issuer] name 为“{DONGGUAN}”，但签名密钥签发给“{OTHER}”"),
    ],
)
def test_a_key_of_another_issuer_stops_the_run_before_the_first_question(
    spawn: Callable[..., Terminal], tmp_path: Path, lang: str, said: str
) -> None:
    init_keys(tmp_path / "keys", OTHER, None, now=KEYS_MADE)
    (tmp_path / "qa-check.toml").write_text(f'[issuer]\nname = "{DONGGUAN}"\n', "utf-8")
    run = spawn("--lang", lang, "--certify", "--keys", "keys", base=RUN_ALL)
    shown, status = run.end()
    flat = " ".join(shown.split())
    assert status == 2
    assert flat.startswith(f"error: qa-check.toml:2 [issuer.name]: {said}"), shown
    assert "SKU" not in shown  # the first question was never asked
    assert sorted(path.name for path in tmp_path.iterdir()) == ["keys", "qa-check.toml"]
