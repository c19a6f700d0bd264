"""config init at the command line, and the note certify gives a site without an issuer."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import EXAMPLE_CONFIG
from qa_check.certificates.site import NO_SITE, read_site
from qa_check.cli import config as cli_config
from qa_check.cli.app import app


def test_config_init_without_a_terminal_asks_nothing_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["config", "init"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "error: qa-check.toml: config init asks its questions at a terminal: run it in one (or"
        " write the file by hand, see docs/operators.md)\n"
    )
    assert not (tmp_path / "qa-check.toml").exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("lang", "note"),
    [
        (
            "en",
            'note: no issuer is configured (qa-check.toml): the certificates say "Issued by: not'
            ' configured". Set the site up once with: qa-check config init\n',
        ),
        (
            "zh",
            "note: 未配置签发机构（qa-check.toml）：证书上会显示“签发机构：未配置”。"
            "请运行一次：qa-check config init\n",
        ),
    ],
)
def test_a_site_without_an_issuer_is_told_at_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, lang: str, note: str
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    cli_config.note_unconfigured(NO_SITE, lang)
    cli_config.note_unconfigured(read_site(EXAMPLE_CONFIG), lang)  # an issuer: nothing said
    assert terminal.getvalue() == note
    log = io.StringIO()
    monkeypatch.setattr("sys.stderr", log)
    cli_config.note_unconfigured(NO_SITE, lang)
    assert log.getvalue() == ""
