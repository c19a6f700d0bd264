"""Drafts: saved whole after every answer, read back or refused with a location, kept inside."""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import CHECKLISTS
from qa_check.core.errors import UsageError, WriteError
from qa_check.core.messages import in_lang
from qa_check.engine.checklists import Registry, content_hash, load_registry, select
from qa_check.guided import drafts


def _draft(registry: Registry) -> drafts.Draft:
    record: dict[str, Any] = {
        "sku": "TWS-EB-001",
        "product_name": "无线蓝牙耳机 Wireless Earbuds",
        "product": {"electrical": "yes", "gross_weight_kg": "1.6"},
        "inspected_at": "2026-11-23T10:00:00+08:00",
        "checklists": {"drop-test": "2"},
        "answers": {"drop-test": {"surface": "concrete", "drops": ["intact", None, None]}},
    }
    draft = drafts.Draft(record, "zh")
    for compiled in select(registry, ["drop-test", "compression-test"]):
        draft.remember(compiled)
    return draft


def test_a_saved_draft_loads_as_it_was(registry: Registry, tmp_path: Path) -> None:
    draft = _draft(registry)
    path = drafts.draft_path(tmp_path, draft.sku)
    drafts.save(path, draft)
    loaded = drafts.load(path)
    assert loaded == draft
    assert loaded.sku == "TWS-EB-001"
    assert loaded.lang == "zh"
    assert loaded.record["answers"]["drop-test"]["drops"] == ["intact", None, None]
    assert set(loaded.checklists) == {"drop-test", "compression-test"}
    text = path.read_text("utf-8")
    assert "无线蓝牙耳机" in text, "Chinese kept readable in the file"
    assert json.loads(text)["format"] == drafts.FORMAT_ID


@pytest.mark.parametrize("mask", [0o022, 0o077], ids=["umask 022", "umask 077"])
def test_a_draft_is_saved_as_the_umask_allows(
    registry: Registry, tmp_path: Path, mask: int
) -> None:
    """Like records: a colleague's account on a shared terminal can resume it when umask lets it."""
    draft = _draft(registry)
    path = drafts.draft_path(tmp_path, draft.sku)
    before = os.umask(mask)
    try:
        drafts.save(path, draft)
    finally:
        os.umask(before)
    assert path.stat().st_mode & 0o777 == 0o666 & ~mask


def test_saving_leaves_no_temporary_file_and_replaces_the_draft(
    registry: Registry, tmp_path: Path
) -> None:
    draft = _draft(registry)
    path = drafts.draft_path(tmp_path, draft.sku)
    drafts.save(path, draft)
    draft.record["answers"]["drop-test"]["drops"][1] = "damaged"
    drafts.save(path, draft)
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert drafts.load(path).record["answers"]["drop-test"]["drops"][1] == "damaged"


def test_a_save_that_fails_midway_keeps_the_previous_draft_whole(
    registry: Registry, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = _draft(registry)
    path = drafts.draft_path(tmp_path, draft.sku)
    drafts.save(path, draft)
    before = path.read_bytes()

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)
    draft.record["product_name"] = "changed"
    with pytest.raises(KeyboardInterrupt):
        drafts.save(path, draft)
    assert path.read_bytes() == before
    assert [p.name for p in path.parent.iterdir()] == [path.name]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "qa-check/draft@1", "record": {"sku": "A"', "the draft cannot be read"),
        ("", "the draft cannot be read"),
        (b"\xff\xfe\x00".decode("latin-1"), "the draft cannot be read"),
        ('{"format": "something-else", "record": {}, "checklists": {}}', "not a qa-check draft"),
        ('{"format": "qa-check/draft@1", "record": [], "checklists": {}}', "not a qa-check draft"),
        ('{"format": "qa-check/draft@1", "record": {}}', "not a qa-check draft"),
        ("[1, 2]", "not a qa-check draft"),
    ],
)
def test_a_damaged_draft_is_a_located_usage_error(
    tmp_path: Path, content: str, message: str
) -> None:
    path = drafts.draft_path(tmp_path, "SKU-1")
    path.parent.mkdir(parents=True)
    path.write_text(content, "latin-1")
    with pytest.raises(UsageError) as caught:
        drafts.load(path)
    [problem] = caught.value.problems
    assert problem.location.file == str(path)
    assert problem.message.startswith(message)


def _whole() -> dict[str, Any]:
    return {
        "format": drafts.FORMAT_ID,
        "lang": "en",
        "run": {"only": ["drop-test"], "certify": True, "out": "/srv/reports"},
        "checklists": {"drop-test": {"version": "2", "hash": "h", "items": {"surface": "h"}}},
        "record": {
            "sku": "SKU-1",
            "product": {"height_cm": "20"},
            "checklists": {"drop-test": "2"},
            "answers": {"drop-test": {"surface": "concrete", "drops": ["intact", None]}},
        },
    }


@pytest.mark.parametrize(
    ("part", "value", "field", "expected"),
    [
        (("lang",), "fr", "lang", "en or zh"),
        (("checklists",), [], "checklists", "a mapping"),
        (("checklists", "drop-test"), "2", "checklists.drop-test", "a checklist's version"),
        (("checklists", "drop-test", "items"), [], "checklists.drop-test", "a checklist's"),
        (("checklists", "drop-test", "version"), 2, "checklists.drop-test", "a checklist's"),
        (("record", "sku"), ["SKU-1"], "record.sku", "text"),
        (("record", "inspector"), 7, "record.inspector", "text"),
        (("record", "brand"), {}, "record.brand", "text"),
        (("record", "product"), "tall", "record.product", "a mapping of text to text"),
        (("record", "product", "height_cm"), 20, "record.product", "a mapping of text"),
        (("record", "checklists"), {"drop-test": 2}, "record.checklists", "a mapping of text"),
        (("record", "answers"), [], "record.answers", "a mapping"),
        (("run",), ["--certify"], "run", "a mapping"),
        (("run", "certify"), "yes", "run.certify", "a run option as a run saves it"),
        (("run", "only"), ["drop-test", 3], "run.only", "a run option"),
        (("run", "colour"), "red", "run.colour", "a run option"),
        (("record", "answers", "drop-test"), ["x"], "record.answers.drop-test", "a mapping"),
        (
            ("record", "answers", "drop-test", "surface"),
            3,
            "record.answers.drop-test.surface",
            "an answer",
        ),
        (
            ("record", "answers", "drop-test", "drops"),
            [{}],
            "record.answers.drop-test.drops",
            "an answer",
        ),
    ],
)
def test_every_part_of_a_damaged_draft_is_located(
    tmp_path: Path, part: tuple[str, ...], value: object, field: str, expected: str
) -> None:
    """Issue 19: six kinds of AttributeError/TypeError came from drafts like these."""
    document = _whole()
    holder = document
    for key in part[:-1]:
        holder = holder[key]
    holder[part[-1]] = value
    path = drafts.draft_path(tmp_path, "SKU-1")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(document), "utf-8")
    with pytest.raises(drafts.DamagedDraft) as caught:
        drafts.load(path)
    [problem] = caught.value.problems
    assert problem.location.file == str(path)
    assert problem.location.field == field
    assert problem.message.startswith(f"not a qa-check draft: this part is damaged ({expected}")
    assert in_lang(problem.message, "zh").startswith("不是 qa-check 草稿：此处已损坏")
    whole = drafts.draft_path(tmp_path, "SKU-2")
    whole.write_text(json.dumps(_whole()), "utf-8")
    assert drafts.load(whole).sku == "SKU-1", "the undamaged draft loads"


def test_a_damaged_draft_set_aside_keeps_its_bytes_beside_it(tmp_path: Path) -> None:
    path = drafts.draft_path(tmp_path, "SKU-1")
    path.parent.mkdir(parents=True)
    path.write_bytes(b"{damaged")
    moment = datetime(2026, 11, 23, 10, 0, 5)
    first = drafts.set_aside(path, moment)
    assert first == path.with_name("SKU-1.draft.damaged-20261123-100005")
    assert first.read_bytes() == b"{damaged"
    assert not path.exists()
    path.write_bytes(b"again")
    second = drafts.set_aside(path, moment)
    assert second.name == "SKU-1.draft.damaged-20261123-100005-2"
    assert second.read_bytes() == b"again"
    with pytest.raises(WriteError) as caught:
        drafts.set_aside(path, moment)  # gone meanwhile: an error, not a traceback
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{path}: cannot write: ")


def test_a_missing_draft_is_a_located_usage_error(tmp_path: Path) -> None:
    path = drafts.draft_path(tmp_path, "SKU-1")
    with pytest.raises(UsageError) as caught:
        drafts.load(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}: no draft here"]


@pytest.mark.parametrize(
    "sku",
    [
        *["../../x", "a/b", "/abs", "/etc/passwd", "..", ".", "a\\..\\..\\b", "C:\\x"],
        *["~/x", "a\x00b", "x" * 500, "条码-1", ".hidden", " "],
    ],
)
def test_a_draft_path_never_leaves_the_drafts_folder(tmp_path: Path, sku: str) -> None:
    results = tmp_path / "results"
    path = drafts.draft_path(results, sku)
    assert path.parent == results / drafts.DRAFT_FOLDER
    assert path.name.endswith(drafts.DRAFT_SUFFIX)
    assert not path.name.startswith(".")
    assert "/" not in path.name
    assert "\\" not in path.name
    assert len(path.name) < 120
    assert path.resolve().is_relative_to((results / drafts.DRAFT_FOLDER).resolve())


def test_different_skus_never_share_a_draft(tmp_path: Path) -> None:
    skus = ["a/b", "a_b", "a b", "a\\b", "A_B", "a_b-", "../a_b"]
    paths = {drafts.draft_path(tmp_path, sku) for sku in skus}
    assert len(paths) == len(skus)
    assert drafts.draft_path(tmp_path, "TWS-EB-001").name == "TWS-EB-001.draft"


def test_the_fingerprint_changes_with_an_item_and_only_that_item(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    [before] = select(load_registry([folder]), ["drop-test"])
    [same] = select(load_registry([CHECKLISTS]), ["drop-test"])
    assert drafts.fingerprint(before) == drafts.fingerprint(same), "a copy is the same"
    assert drafts.fingerprint(before)["hash"] == content_hash(before.data), "the one hash"

    path = folder / "drop-test.yaml"
    text = path.read_text("utf-8")
    old = "en: Do the assembled parts still fit together?"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "en: Do the assembled parts still fit?"), "utf-8")
    [after] = select(load_registry([folder]), ["drop-test"])

    then, now = drafts.fingerprint(before), drafts.fingerprint(after)
    assert then["version"] == now["version"] == "3"
    assert then["hash"] != now["hash"]
    changed = {item for item in now["items"] if then["items"][item] != now["items"][item]}
    assert changed == {"parts_fit"}
    assert set(then["items"]) == {item.item_id for item in before.items}


def test_a_setting_changes_the_items_that_use_it_and_no_other(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    [before] = select(load_registry([folder]), ["drop-test"])
    path = folder / "drop-test.yaml"
    path.write_text(
        path.read_text("utf-8").replace("drop_height_m: 1.2", "drop_height_m: 1.5"), "utf-8"
    )
    [after] = select(load_registry([folder]), ["drop-test"])
    then, now = drafts.fingerprint(before), drafts.fingerprint(after)
    assert then["hash"] != now["hash"]
    changed = {name for name in then["items"] if then["items"][name] != now["items"][name]}
    assert changed == {"drop_height_m"}


def test_discard_removes_the_draft_and_tolerates_none(registry: Registry, tmp_path: Path) -> None:
    draft = _draft(registry)
    path = drafts.draft_path(tmp_path, draft.sku)
    drafts.save(path, draft)
    drafts.discard(path)
    assert not path.exists()
    drafts.discard(path)  # already gone: nothing to do
    assert not path.exists()


def test_a_draft_that_is_a_link_or_a_fifo_is_refused_unread(
    registry: Registry, tmp_path: Path
) -> None:
    draft = _draft(registry)
    saved = tmp_path / "elsewhere.draft"
    drafts.save(saved, draft)
    path = drafts.draft_path(tmp_path, draft.sku)
    path.parent.mkdir()
    path.symlink_to(saved)
    with pytest.raises(UsageError, match="cannot be read"):
        drafts.load(path)
    path.unlink()
    os.mkfifo(path)
    with pytest.raises(UsageError, match="cannot be read"):
        drafts.load(path)  # at once: nothing waits for a writer


def test_the_run_options_are_kept_and_a_draft_without_them_loads_as_before(
    tmp_path: Path,
) -> None:
    """Issue 21: a resume goes on as the run began; drafts of earlier versions have no options."""
    path = drafts.draft_path(tmp_path, "SKU-1")
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(_whole()), "utf-8")
    assert drafts.load(path).options == {
        "only": ["drop-test"],
        "certify": True,
        "out": "/srv/reports",
    }
    earlier = _whole()
    del earlier["run"]
    path.write_text(json.dumps(earlier), "utf-8")
    loaded = drafts.load(path)
    assert loaded.options == {}
    drafts.save(path, loaded)
    assert "run" not in json.loads(path.read_text("utf-8")), "nothing written that was not there"
