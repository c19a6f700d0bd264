"""The site publish writes: the contract's paths and JSON, what is public, and publishing again."""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from test_statuses import NOW, entry, registered

from qa_check.certificates.register import Register
from qa_check.core.errors import UsageError, WriteError
from qa_check.publish import site_files
from qa_check.publish.build import publish, sku_key
from qa_check.publish.site_files import MANIFEST, PENDING

STATUS_KEYS = [
    *("format", "certificate_id", "status", "status_as_of", "sku", "product", "verdict"),
    *("issuer", "inspected_at", "issued_at", "valid_until", "revoked", "superseded_by"),
    *("files", "page"),
]


def files_of(site: Path) -> dict[str, bytes]:
    """Every file of the site (its manifest aside) by its path, ``/``-separated."""
    return {
        path.relative_to(site).as_posix(): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name not in (MANIFEST, PENDING)
    }


def read_json(site: Path, path: str) -> Any:
    return json.loads((site / path).read_text("utf-8"))


def test_the_site_has_the_contracts_paths(tmp_path: Path) -> None:
    english, chinese = entry(1), entry(1, lang="zh", file_sha256="f" * 64)
    path = registered(tmp_path / "r.sqlite", english, chinese, entry(2, sku=" sku-2 "))
    site = tmp_path / "site"
    done = publish([path], site, NOW)
    one, two = "c/QC-0000-0000-0001/", "c/QC-0000-0000-0002/"
    assert sorted(files_of(site)) == sorted(
        [
            *("index.html", "zh/index.html", "assets/qa-check.js", "assets/qa-check.css"),
            *(f"{one}index.html", f"{one}zh/index.html", f"{one}status.json"),
            *(f"{two}index.html", f"{two}zh/index.html", f"{two}status.json"),
            f"h/{english.file_sha256}.json",
            f"h/{'f' * 64}.json",
            f"h/{entry(2).file_sha256}.json",
            f"s/{hashlib.sha256(b'SKU-1').hexdigest()}.json",
            f"s/{hashlib.sha256(b'SKU-2').hexdigest()}.json",  # normalised: trimmed, upper
        ]
    )
    assert (done.certificates, done.written, done.kept, done.removed) == (2, 15, 0, 0)


def test_json_files_have_the_contracts_shapes(tmp_path: Path) -> None:
    old, new = entry(1), entry(2, sku="SKU-1")
    site = tmp_path / "site"
    publish([registered(tmp_path / "r.sqlite", old, new)], site, NOW)
    status = read_json(site, "c/QC-0000-0000-0001/status.json")
    assert list(status) == STATUS_KEYS
    assert (status["status"], status["superseded_by"]) == ("SUPERSEDED", "QC-0000-0000-0002")
    assert status["status_as_of"] == "2026-12-06T19:30:00Z"
    by_hash = read_json(site, f"h/{old.file_sha256}.json")
    assert by_hash == {
        "format": "qa-check-file@1",
        "sha256": old.file_sha256,
        "lang": "en",
        "certificate": status,
    }
    sku = read_json(site, f"s/{sku_key('SKU-1')}.json")
    assert (sku["format"], sku["sku"]) == ("qa-check-sku@1", "SKU-1")
    assert [c["certificate_id"] for c in sku["certificates"]] == [
        "QC-0000-0000-0002",  # newest issue first
        "QC-0000-0000-0001",
    ]
    assert all(list(c) == STATUS_KEYS for c in sku["certificates"])
    for path, data in files_of(site).items():
        assert not data.startswith(b"\xef\xbb\xbf"), path  # UTF-8, no BOM


@pytest.mark.parametrize(
    "sku", ["LAMP-220", " lamp-220 ", "ＬＡＭＰ－２２０", "杯子 01", "../../etc/passwd", "a/b\\c"]
)
def test_a_skus_file_is_named_by_the_hash_of_its_normal_form(sku: str) -> None:
    normal = unicodedata.normalize("NFKC", sku).strip().upper()
    assert sku_key(sku) == hashlib.sha256(normal.encode("utf-8")).hexdigest()
    assert len(sku_key(sku)) == 64 and "/" not in sku_key(sku)


def test_no_inspector_tester_or_approver_reaches_the_site(tmp_path: Path) -> None:
    """The register holds no such names; the site of a real batch is checked in test_cli."""
    path = registered(tmp_path / "r.sqlite", entry(1), entry(2, verdict="FAIL", valid_until=""))
    site = tmp_path / "site"
    publish([path], site, NOW)
    text = b"".join(files_of(site).values())
    assert b"SKU-1" in text
    assert b"SKU-2" not in text  # a FAIL is not published without include_fail
    publish([path], site, NOW, include_fail=True)
    assert b"SKU-2" in b"".join(files_of(site).values())


def test_publishing_again_with_nothing_changed_writes_nothing(tmp_path: Path) -> None:
    path = registered(tmp_path / "r.sqlite", entry(1), entry(2))
    site = tmp_path / "site"
    publish([path], site, NOW)
    before = files_of(site)
    done = publish([path], site, NOW + timedelta(days=1))
    assert (done.written, done.removed, done.kept) == (0, 0, len(before))
    assert files_of(site) == before  # "status as of" the publish that last changed them


def test_after_a_revoke_only_that_certificates_files_its_sku_hashes_and_index_change(
    tmp_path: Path,
) -> None:
    path = registered(tmp_path / "r.sqlite", entry(1), entry(2), entry(3))
    site = tmp_path / "site"
    publish([path], site, NOW)
    before = files_of(site)
    with Register.open(path, create=False) as register:
        register.revoke("QC-0000-0000-0002", "label printed wrong", NOW)
    later = NOW + timedelta(hours=2)
    done = publish([path], site, later)
    after = files_of(site)
    changed = sorted(name for name in after if after[name] != before.get(name))
    two = "c/QC-0000-0000-0002/"
    assert changed == sorted(
        [
            *("index.html", "zh/index.html"),
            *(f"{two}index.html", f"{two}zh/index.html", f"{two}status.json"),
            f"h/{entry(2).file_sha256}.json",
            f"s/{sku_key('SKU-2')}.json",
        ]
    )
    assert done.written == len(changed)
    status = read_json(site, f"{two}status.json")
    assert (status["status"], status["status_as_of"]) == ("REVOKED", "2026-12-06T21:30:00Z")
    assert read_json(site, "c/QC-0000-0000-0001/status.json")["status_as_of"] == (
        "2026-12-06T19:30:00Z"
    )


def test_a_certificate_no_longer_published_is_removed_with_its_folders(tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish([registered(tmp_path / "a.sqlite", entry(1), entry(2))], site, NOW)
    (site / "notes.txt").write_text("the operator's own file", "utf-8")
    done = publish([registered(tmp_path / "b.sqlite", entry(1))], site, NOW)
    assert done.removed == 5  # its two pages, its status, its hash file and its SKU's file
    assert not (site / "c" / "QC-0000-0000-0002").exists()
    assert not (site / "h" / f"{entry(2).file_sha256}.json").exists()
    assert (site / "notes.txt").read_text("utf-8") == "the operator's own file"  # not listed


@pytest.mark.parametrize("republish", [False, True], ids=["first publish", "after revokes"])
def test_a_publish_stopped_in_the_middle_of_a_file_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, republish: bool
) -> None:
    """Ctrl-C as the 9th file is written: made and not yet written, or written beside the old."""
    path = registered(tmp_path / "r.sqlite", *(entry(n) for n in range(1, 6)))
    site = tmp_path / "site"
    if republish:
        publish([path], site, NOW)
        with Register.open(path, create=False) as register:
            for number in range(1, 6):
                register.revoke(entry(number).certificate_id, "recalled", NOW)
    real = os.fdopen
    calls = 0

    def interrupted(handle: int, mode: str) -> object:
        nonlocal calls
        calls += 1
        if calls == 9:
            raise KeyboardInterrupt
        return real(handle, mode)

    monkeypatch.setattr(os, "fdopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish([path], site, NOW + timedelta(hours=1))
    monkeypatch.undo()
    assert [p.name for p in site.rglob("*") if p.is_file() and not p.read_bytes()] == []
    assert not [p for p in site.rglob("*.tmp")]  # every file whole, none half-written
    assert (site / PENDING).is_file()  # the next publish finds the note
    publish([path], site, NOW + timedelta(hours=1))
    assert not (site / PENDING).exists()
    whole = tmp_path / "whole"
    publish([path], whole, NOW + timedelta(hours=1))
    assert files_of(site) == files_of(whole)


def test_a_folder_holding_other_files_is_not_taken_for_a_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("someone's page", "utf-8")
    with pytest.raises(UsageError, match="holds files but no site qa-check published"):
        publish([registered(tmp_path / "r.sqlite", entry(1))], site, NOW)
    assert (site / "index.html").read_text("utf-8") == "someone's page"


def test_a_link_inside_the_site_is_never_written_through(tmp_path: Path) -> None:
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    path = registered(tmp_path / "r.sqlite", entry(1))
    publish([path], site, NOW)
    elsewhere.mkdir()
    (site / "h2").symlink_to(elsewhere)
    (site / "c").rename(tmp_path / "c-moved")
    (site / "c").symlink_to(elsewhere)
    with Register.open(path, create=False) as register:
        register.revoke("QC-0000-0000-0001", "why", NOW)
    with pytest.raises(WriteError, match="is a link or a special file"):
        publish([path], site, NOW)
    assert list(elsewhere.iterdir()) == []


def test_a_manifest_naming_a_path_outside_the_site_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "site"
    path = registered(tmp_path / "r.sqlite", entry(1))
    publish([path], site, NOW)
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", "utf-8")
    manifest = json.loads((site / MANIFEST).read_text("utf-8"))
    manifest["files"]["../victim.txt"] = "0" * 64
    (site / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(UsageError, match="not a site qa-check published"):
        publish([registered(tmp_path / "empty.sqlite")], site, NOW)
    assert victim.read_text("utf-8") == "keep me"


def test_hostile_ids_and_skus_cannot_name_a_path(tmp_path: Path) -> None:
    """An id certify never makes is left out; a SKU only ever names its file by its hash."""
    hostile = [
        entry(1, certificate_id="../../../../tmp/x", sku="../../../escape"),
        entry(2, sku="../../../escape", file_sha256="../../../h"),
        entry(3, sku="a/b\\c\x00<script>"),
    ]
    site = tmp_path / "site"
    publish([registered(tmp_path / "r.sqlite", *hostile)], site, NOW)
    made = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert all(path == "r.sqlite" or path.startswith("site/") for path in made)
    assert all(site_files.SITE_PATH.fullmatch(path) for path in files_of(site))
    assert json.loads((site / "c" / "QC-0000-0000-0002" / "status.json").read_text())["files"] == []


def test_a_certificate_of_0_5_0_gets_a_page_where_its_qr_code_leads(tmp_path: Path) -> None:
    """Registered without its file's hash (0.5.0), its QR code held <verify_url>/<id>."""
    site = tmp_path / "site"
    publish([registered(tmp_path / "r.sqlite", entry(1, file_sha256=""), entry(2))], site, NOW)
    moved = (site / "QC-0000-0000-0001" / "index.html").read_text("utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../c/QC-0000-0000-0001/">' in moved
    assert 'href="../c/QC-0000-0000-0001/zh/"' in moved and "<script" not in moved
    assert not (site / "QC-0000-0000-0002").exists()  # its QR code holds c/<id>/ itself
