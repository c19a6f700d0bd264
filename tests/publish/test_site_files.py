"""The site's folder attacked by whoever can write into it: a device, a pipe or a link planted
where a publish reads, and a manifest too large to be one a publish wrote. Each read is bounded
and never follows a link; the planted file is replaced, what it led to left alone."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from test_statuses import NOW, entry, registered

from conftest import run_bounded
from qa_check.core.errors import UsageError
from qa_check.publish import site_files
from qa_check.publish.build import publish
from qa_check.publish.site_files import MANIFEST, PENDING

REPUBLISH = """
import sys
from datetime import datetime
from pathlib import Path
from qa_check.publish.build import publish
done = publish([Path(sys.argv[1])], Path(sys.argv[2]), datetime.fromisoformat(sys.argv[3]))
print(done.written)
"""


def link_to_zeros(path: Path) -> None:
    path.symlink_to("/dev/zero")


def pipe(path: Path) -> None:
    os.mkfifo(path)


@pytest.mark.parametrize("plant", [link_to_zeros, pipe], ids=["link-to-dev-zero", "fifo"])
def test_a_device_or_pipe_planted_in_a_stopped_site_is_replaced_never_read(
    tmp_path: Path, plant: Callable[[Path], None]
) -> None:
    """Attack: after a stopped publish (its note there), a publish compares each file's bytes:
    ``index.html`` made a link to /dev/zero ate memory until MemoryError; a FIFO hung it."""
    register = registered(tmp_path / "r.sqlite", entry(1))
    site = tmp_path / "site"
    publish([register], site, NOW)
    index = site / "index.html"
    page = index.read_bytes()
    index.unlink()
    plant(index)
    (site / PENDING).write_text(json.dumps({"format": "qa-check-site@1", "files": []}), "utf-8")
    written = run_bounded(REPUBLISH, str(register), str(site), NOW.isoformat(), seconds=60)
    assert int(written) >= 1
    assert not index.is_symlink() and index.read_bytes() == page
    assert not (site / PENDING).exists()


def test_a_manifest_over_its_bound_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack: a manifest of gigabytes (MAX_MANIFEST_BYTES was declared, never applied)."""
    register = registered(tmp_path / "r.sqlite", entry(1))
    site = tmp_path / "site"
    publish([register], site, NOW)
    before = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    size = (site / MANIFEST).stat().st_size
    monkeypatch.setattr(site_files, "MAX_MANIFEST_BYTES", size - 1)
    with pytest.raises(UsageError, match="is not a site qa-check published") as raised:
        publish([register], site, NOW)
    assert [str(p.location) for p in raised.value.problems] == [str(site / MANIFEST)]
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == before
    monkeypatch.setattr(site_files, "MAX_MANIFEST_BYTES", size)
    assert publish([register], site, NOW).written == 0  # at the bound: read as ever


def test_a_manifest_that_is_a_link_or_a_pipe_is_no_manifest(tmp_path: Path) -> None:
    """No harm before or after: a site whose manifest is not its own file is not a site."""
    register = registered(tmp_path / "r.sqlite", entry(1))
    for plant in (link_to_zeros, pipe):
        site = tmp_path / plant.__name__
        publish([register], site, NOW)
        (site / MANIFEST).unlink()
        plant(site / MANIFEST)
        with pytest.raises(UsageError, match="holds files but no site qa-check published"):
            publish([register], site, NOW)


def test_a_file_of_the_site_made_a_link_is_replaced_and_its_target_left(tmp_path: Path) -> None:
    """Attack: index.html and a certificate's status.json made links to a file outside SITE,
    then a publish that rewrites both (a revocation). No harm: the links replaced."""
    register = registered(tmp_path / "r.sqlite", entry(1))
    site = tmp_path / "site"
    publish([register], site, NOW)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    planted = [site / "index.html", site / "c" / "QC-0000-0000-0001" / "status.json"]
    for path in planted:
        path.unlink()
        path.symlink_to(victim)
    registered(register, revoke=("QC-0000-0000-0001",))
    publish([register], site, NOW + timedelta(hours=1))  # the index says when: rewritten too
    assert victim.read_text("utf-8") == "keep me"
    assert [path.is_symlink() for path in planted] == [False, False]
    assert json.loads(planted[1].read_text("utf-8"))["status"] == "REVOKED"
