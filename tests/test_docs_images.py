"""The readers' page's transcript of ``qa-check image`` is real output, from the certificates
its certify transcript issues."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.cli.app import app

PAGE = (ROOT / "docs" / "readers.md").read_text("utf-8")
CERTIFY = r"```console\n\$ qa-check (certify [^\n]+--out certs/[^\n]+)\n"
IMAGE = r"```console\n\$ qa-check (image [^\n]+)\n([^`]*)```"


def test_the_image_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    certify = re.search(CERTIFY, PAGE)
    image = re.search(IMAGE, PAGE)
    assert certify and image, "the readers' page lost its certify or image transcript"
    monkeypatch.chdir(ROOT)
    certs, listing = tmp_path / "certs", tmp_path / "listing"
    issued = CliRunner().invoke(app, shlex.split(certify.group(1).replace("certs/", f"{certs}/")))
    assert issued.exit_code == 2  # one example is invalid
    command = image.group(1).replace("certs/", f"{certs}/").replace("listing/", f"{listing}/")
    result = CliRunner().invoke(app, shlex.split(command))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.replace(str(listing), "listing") == image.group(2)
    for line in image.group(2).splitlines():
        assert (listing / Path(line.split()[0]).name).stat().st_size < 2_000_000
