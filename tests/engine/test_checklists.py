"""Checklist loading and lint: every problem located by file and line, the registry's lookups."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import CHECKLISTS, DATA, EQUALS_YES, small_checklist
from qa_check.core.errors import ChecklistError, InputError, Location, UsageError
from qa_check.engine.answers import show
from qa_check.engine.checklists import (
    ABSENT,
    KNOWN_HEADER,
    KNOWN_NAME,
    WITHDRAWALS_NAME,
    Known,
    Registry,
    add_known,
    bundled_folders,
    content_hash,
    default_checklist_dirs,
    differences,
    lint,
    load_registry,
    question_order,
    read_known,
    select,
)
from qa_check.engine.models import SeriesAnswer

NEGATIVE = sorted((DATA / "lint").glob("*.yaml"))


def test_shipped_checklists_lint_clean() -> None:
    assert lint([CHECKLISTS]) == []


def _drop_counts(registry: Registry) -> dict[str, str]:
    """The drops as the drop-test checklist sets them: in all, and per position."""
    drop = registry.latest("drop-test")
    assert drop is not None
    answer = drop.by_id["drops"].item.answer
    assert isinstance(answer, SeriesAnswer)
    counts = {group.label: str(group.count) for group in answer.groups}
    return {"total": str(len(answer.labels)), **counts}


@pytest.mark.parametrize(
    ("checklist_id", "english", "chinese"),
    [
        (
            "packaging-stack",
            ["colour box, mailer box and shrink wrap, inner to outer"],
            ["由内到外", "彩盒、邮购箱、塑封"],
        ),
        (
            "label-placement",
            ["SKU barcode on the outermost layer", "Amazon FBA and TikTok Shop shipping rules"],
            ["SKU条码贴在最外层", "亚马逊 FBA 及 TikTok Shop 发货规范"],
        ),
        (
            "drop-test",
            [
                "{total} drops from {drop_height_m} m ({corner} corner, {edge} edge, {face} face)",
                "ISO 2248 / GB/T 4857.5",
            ],
            ["从 {drop_height_m} 米高度跌落 {total} 次", "各 {corner} 次", "GB/T 4857.5"],
        ),
        (
            "compression-test",
            [
                "a {stack_height_cm} cm stack",
                "factor {compression_factor}",
                "held {hold_minutes} min",
                "ISO 12048 / GB/T 4857.4",
            ],
            [
                "{stack_height_cm} cm 堆高",
                "系数 {compression_factor}",
                "保持 {hold_minutes} 分钟",
                "GB/T 4857.4",
            ],
        ),
    ],
)
def test_each_shipped_checklist_names_its_standard_as_its_settings_say(
    registry: Registry, checklist_id: str, english: list[str], chinese: list[str]
) -> None:
    compiled = registry.latest(checklist_id)
    assert compiled is not None
    checklist = compiled.checklist
    assert checklist.standard is not None
    assert checklist.standard.en.startswith("TikTok Shop seller packaging guideline: ")
    assert checklist.standard.zh.startswith("TikTok Shop 商家包装指南：")
    values = {name: show(value) for name, value in checklist.settings.items()}
    values |= _drop_counts(registry)
    for text, wanted in ((checklist.standard.en, english), (checklist.standard.zh, chinese)):
        for part in wanted:
            assert part.format_map(values) in text


@pytest.mark.parametrize("path", NEGATIVE, ids=lambda p: p.stem)
def test_each_bad_checklist_is_reported_at_its_line(path: Path) -> None:
    expect = re.match(r"# expect: (\d+): (.+)", path.read_text("utf-8"))
    assert expect, f"{path.name} must start with '# expect: LINE: message'"
    [problem] = lint([path])
    assert problem.location.file == str(path)
    assert problem.location.line == int(expect.group(1))
    assert expect.group(2) in problem.message


def test_load_registry_raises_with_every_problem(tmp_path: Path) -> None:
    for path in NEGATIVE[:3]:
        (tmp_path / path.name).write_text(path.read_text("utf-8"), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_registry([tmp_path])
    assert len(caught.value.problems) == 3


def test_the_same_id_and_version_twice(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    [problem] = lint([tmp_path])
    assert problem.location.file == str(tmp_path / "b.yaml")
    assert problem.message == f"drop-test@3 is also defined in {tmp_path / 'a.yaml'}"


def test_empty_and_missing_files(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("  \n", encoding="utf-8")
    [problem] = lint([tmp_path / "empty.yaml"])
    assert problem.message == "file is empty"
    with pytest.raises(UsageError, match="no such file or folder"):
        lint([tmp_path / "nope"])
    (tmp_path / "sub").mkdir()
    with pytest.raises(UsageError, match="no checklist files"):
        lint([tmp_path / "sub"])


def test_versions_latest_and_select(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    for version in ("4", "10"):
        (tmp_path / f"v{version}.yaml").write_text(
            text.replace("version: 3", f"version: {version}"), encoding="utf-8"
        )
    registry = load_registry([CHECKLISTS, tmp_path])
    assert registry.versions("drop-test") == ["1", "2", "3", "4", "10"]  # oldest first
    latest = registry.latest("drop-test")
    assert latest is not None
    assert latest.checklist.version == "10"  # numbers compare as numbers
    assert [c.checklist.key for c in select(registry, ["drop-test@3", "drop-test"])] == [
        "drop-test@3",
        "drop-test@10",
    ]
    assert len(select(registry, [])) == 4
    with pytest.raises(UsageError, match="unknown checklist"):
        select(registry, ["drop-test@5"])


def test_registry_lookups(registry: Registry) -> None:
    assert registry.get("drop-test", "2") is not None
    assert registry.get("drop-test", "9") is None
    assert registry.ids() == ["compression-test", "drop-test", "label-placement", "packaging-stack"]


def test_default_checklist_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "checklists").mkdir()
    assert default_checklist_dirs() == [Path("checklists")]
    (tmp_path / "checklists").rmdir()
    [found] = default_checklist_dirs()
    # Outside a project the checklists installed with qa-check are used, when there are any.
    assert found == Path("checklists") or found.name == "bundled_checklists"


# --- order across checklists, and cycles between them -------------------------------------


@pytest.mark.parametrize(
    ("one_refers", "two_refers", "lines"),
    [
        (
            EQUALS_YES + '    when: {answer: two.y, equals: "yes"}\n',
            EQUALS_YES + '    when: {answer: one.x, equals: "yes"}\n',
            {"one.yaml": (13, "items[0].when"), "two.yaml": (13, "items[0].when")},
        ),
        (
            "    criterion: {same_as: two.y}\n",
            EQUALS_YES + '    when: {answer: one.x, equals: "yes"}\n',
            {"one.yaml": (12, "items[0].criterion"), "two.yaml": (13, "items[0].when")},
        ),
    ],
    ids=["when both ways", "same_as one way, when the other"],
)
def test_lint_reports_a_cycle_across_checklists_with_file_line_and_chain(
    tmp_path: Path, one_refers: str, two_refers: str, lines: dict[str, tuple[int, str]]
) -> None:
    (tmp_path / "one.yaml").write_text(small_checklist("one", 1, [("x", one_refers)]), "utf-8")
    (tmp_path / "two.yaml").write_text(small_checklist("two", 2, [("y", two_refers)]), "utf-8")
    problems = lint([tmp_path])
    found = {
        Path(p.location.file).name: (p.location.line, p.location.field, p.message) for p in problems
    }
    chain = "conditions and comparisons form a cycle: one.x -> two.y -> one.x"
    assert found == {name: (*where, chain) for name, where in lines.items()}
    assert len(problems) == 2
    with pytest.raises(ChecklistError):
        load_registry([tmp_path])


def test_question_order_of_the_shipped_checklists(registry: Registry) -> None:
    ordered, stuck = question_order(list(registry))
    assert stuck == []
    assert list(dict.fromkeys(item.checklist_id for item in ordered)) == [
        "packaging-stack",
        "label-placement",
        "drop-test",
        "compression-test",
    ]
    names = [item.qname for item in ordered]
    assert names.index("packaging-stack.outermost_layer") < names.index(
        "label-placement.barcode_layer"
    )
    assert len(names) == sum(len(c.items) for c in registry)


def test_an_item_comes_after_the_item_of_another_checklist_it_refers_to(tmp_path: Path) -> None:
    first = small_checklist(
        "first",
        1,
        [("a", EQUALS_YES + '    when: {answer: second.b, equals: "yes"}\n'), ("c", "")],
    )
    (tmp_path / "first.yaml").write_text(first, "utf-8")
    (tmp_path / "second.yaml").write_text(
        small_checklist("second", 2, [("b", ""), ("d", "    criterion: {same_as: first.c}\n")]),
        "utf-8",
    )
    assert lint([tmp_path]) == []
    ordered, stuck = question_order(list(load_registry([tmp_path])))
    assert stuck == []
    # first.a waits for second.b; first.c, which nothing holds back, is not held back by it.
    assert [item.qname for item in ordered] == ["first.c", "second.b", "first.a", "second.d"]


@pytest.mark.parametrize(
    ("answer", "criterion", "message"),
    [
        (
            "{kind: yes_no}",
            "{same_as_field: sku}",
            "same_as_field needs an item answered with text",
        ),
        (
            "{kind: number, unit: kg}",
            "{same_as_field: product_name}",
            "same_as_field needs an item answered with text",
        ),
        ("{kind: text}", "{same_as_field: barcode}", "'barcode' is not one of: sku, product_name"),
        ("{kind: text}", "{same_as_field: inspector}", "is not one of: sku, product_name"),
    ],
)
def test_lint_refuses_a_same_as_field_that_cannot_work(
    tmp_path: Path, answer: str, criterion: str, message: str
) -> None:
    path = tmp_path / "scan.yaml"
    text = small_checklist("scan", 1, [("scan", f"    criterion: {criterion}\n")], answer)
    path.write_text(text, "utf-8")
    [problem] = lint([path])
    assert problem.location.file == str(path)
    assert problem.location.line == 12
    assert problem.location.field == "items[0].criterion.same_as_field"
    assert message in problem.message


def test_same_as_field_on_a_text_item_lints_clean(tmp_path: Path) -> None:
    path = tmp_path / "scan.yaml"
    text = small_checklist("scan", 1, [("scan", "    criterion: {same_as_field: sku}\n")])
    path.write_text(text.replace("{kind: yes_no}", "{kind: text}"), "utf-8")
    assert lint([path]) == []


# --- content hashes: one per id@version content ------------------------------------------


def test_the_content_hash_ignores_layout_not_content(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text, "utf-8")
    [shipped] = select(load_registry([CHECKLISTS]), ["drop-test"])
    [copy] = select(load_registry([tmp_path]), ["drop-test"])
    assert content_hash(copy.data) == content_hash(shipped.data)
    (tmp_path / "a.yaml").write_text("# a comment\n" + text.replace("order: 30", "order:  30"))
    [commented] = select(load_registry([tmp_path]), ["drop-test"])
    assert content_hash(commented.data) == content_hash(shipped.data)
    (tmp_path / "a.yaml").write_text(text.replace("drop_height_m: 1.2", "drop_height_m: 0.3"))
    [lowered] = select(load_registry([tmp_path]), ["drop-test"])
    assert content_hash(lowered.data) != content_hash(shipped.data)
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(shipped.data))


def test_differences_go_by_key_and_by_item_id() -> None:
    before = {
        "settings": {"drop_height_m": "1.2"},
        "items": [{"id": "a", "x": "1"}, {"id": "b", "x": "2"}],
        "groups": ["corner", "edge"],
    }
    after = {
        "settings": {"drop_height_m": "0.3", "new": "1"},
        "items": [{"id": "new", "x": "0"}, {"id": "a", "x": "1"}, {"id": "b", "x": "3"}],
        "groups": ["corner"],
    }
    assert list(differences(before, after)) == [
        ("settings.drop_height_m", "1.2", "0.3"),
        ("settings.new", ABSENT, "1"),
        ("items[b].x", "2", "3"),
        ("items[new]", ABSENT, {"id": "new", "x": "0"}),
        ("groups[1]", "edge", ABSENT),
    ]
    assert list(differences(before, before)) == []


def known_file(path: Path, *lines: str) -> Path:
    path.write_text("".join(line + "\n" for line in lines), "utf-8")
    return path


def test_a_known_hashes_file_is_read_strictly(tmp_path: Path) -> None:
    sha = "ab" * 32
    good = known_file(tmp_path / "k", "# comment", "", f"drop-test@1 {sha}  # shipped")
    assert read_known(good) == {"drop-test@1": Known(sha, 3)}
    bad = known_file(tmp_path / "b", f"drop-test@1 {sha}", "drop-test@1 abc", f"x {sha}")
    with pytest.raises(InputError) as caught:
        read_known(bad)
    assert [(p.location.line, p.message[:20]) for p in caught.value.problems] == [
        (2, "expected id@version "),
        (3, "expected id@version "),
    ]
    twice = known_file(tmp_path / "t", f"drop-test@1 {sha}", f"drop-test@1 {sha}")
    with pytest.raises(InputError, match=r"listed twice \(first on line 1\)"):
        read_known(twice)
    (tmp_path / "empty").write_text("", "utf-8")
    assert read_known(tmp_path / "empty") == {}


def test_lint_names_a_checklist_edited_without_a_new_version(tmp_path: Path) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    known = tmp_path / "known.txt"
    assert add_known(known, [folder]) == [
        "compression-test@3",
        "compression-test@1",
        "compression-test@2",
        "drop-test@3",
        "drop-test@1",
        "drop-test@2",
        "label-placement@3",
        "label-placement@1",
        "label-placement@2",
        "packaging-stack@2",
        "packaging-stack@1",
    ]
    assert known.read_text("utf-8").startswith(KNOWN_HEADER)
    assert lint([folder], known) == []
    drop = folder / "drop-test.yaml"
    text = drop.read_text("utf-8")
    drop.write_text(text.replace("drop_height_m: 1.2", "drop_height_m: 0.3"), "utf-8")
    [problem] = lint([folder], known)
    version_line = text.splitlines().index("version: 3") + 1
    assert problem.location == Location(str(drop), version_line, field="version")
    assert problem.message == (
        f"drop-test@3 is not the content listed in {known}:7:"
        " give the edited checklist a new version"
    )
    before = known.read_text("utf-8")
    assert add_known(known, [folder]) == []  # a listed hash is never rewritten
    assert known.read_text("utf-8") == before
    drop.write_text(text.replace("version: 3", "version: 4"), "utf-8")
    assert lint([folder], known) == []
    assert add_known(known, [folder]) == ["drop-test@4"]
    assert known.read_text("utf-8") == before + f"drop-test@4 {content_hash_of(drop)}\n"


def content_hash_of(path: Path) -> str:
    [compiled] = list(load_registry([path]))
    return content_hash(compiled.data)


def test_adding_keeps_what_the_file_holds(tmp_path: Path) -> None:
    known = tmp_path / "known.txt"
    known.write_text("# ours, no newline at the end", "utf-8")
    assert add_known(known, [CHECKLISTS / "drop-test.yaml"]) == ["drop-test@3"]
    assert known.read_text("utf-8") == (
        "# ours, no newline at the end\n"
        f"drop-test@3 {content_hash_of(CHECKLISTS / 'drop-test.yaml')}\n"
    )


# --- released versions: every one stays loadable, none is edited ---------------------------

RELEASED = {
    "packaging-stack@1",
    "packaging-stack@2",
    "label-placement@1",
    "label-placement@2",
    "label-placement@3",
    "drop-test@1",
    "drop-test@2",
    "drop-test@3",
    "compression-test@1",
    "compression-test@2",
    "compression-test@3",
}
"""Every checklist version a release of qa-check shipped: a record may name any of them."""


def test_every_released_version_is_shipped_and_listed_with_its_hash() -> None:
    shipped = {c.checklist.key: content_hash(c.data) for c in load_registry([CHECKLISTS])}
    listed = {key: known.sha256 for key, known in read_known(CHECKLISTS / KNOWN_NAME).items()}
    assert set(shipped) == RELEASED  # a new version is added here, and to the known file
    assert listed == shipped


@pytest.mark.parametrize("key", sorted(RELEASED))
def test_editing_any_released_version_makes_lint_report_it(tmp_path: Path, key: str) -> None:
    folder = tmp_path / "checklists"
    shutil.copytree(CHECKLISTS, folder)
    registry = load_registry([folder])
    checklist_id, _, version = key.partition("@")
    edited = registry.get(checklist_id, version)
    assert edited is not None
    source = Path(edited.source)
    text = source.read_text("utf-8")
    source.write_text(text.replace("\ntitle:\n  en: ", "\ntitle:\n  en: Edited ", 1), "utf-8")
    [problem] = lint([folder])  # the folder's released.sha256, without naming it
    assert problem.location == Location(str(source), edited.version_line, field="version")
    assert problem.message.startswith(f"{key} is not the content listed in {folder / KNOWN_NAME}:")


def test_a_file_named_for_a_version_must_hold_that_version(tmp_path: Path) -> None:
    text = (CHECKLISTS / "drop-test.yaml").read_text("utf-8")
    copied = tmp_path / "drop-test@4.yaml"
    copied.write_text(text, "utf-8")  # copied for a new version, its version: left at 3
    [problem] = lint([tmp_path])
    assert problem.location == Location(str(copied), 5, field="version")
    assert problem.message.startswith("the file is named drop-test@4 but holds drop-test@3:")
    copied.write_text(text.replace("version: 3", "version: 4"), "utf-8")
    assert lint([tmp_path]) == []


def test_the_bundled_checklists_are_these_in_a_checkout_or_the_installed_copy() -> None:
    [folder] = bundled_folders()
    assert folder == CHECKLISTS or folder.name == "bundled_checklists"


def current_only(tmp_path: Path, *ids: str) -> Path:
    """A QA manager's folder holding only the current versions of ``ids``."""
    folder = tmp_path / "mine"
    folder.mkdir(parents=True)
    for checklist_id in ids:
        shutil.copy(CHECKLISTS / f"{checklist_id}.yaml", folder)
    return folder


def test_a_version_the_folder_lacks_is_filled_in_for_records_only(tmp_path: Path) -> None:
    folder = current_only(tmp_path, "drop-test")
    registry = load_registry([folder], [CHECKLISTS])
    filled = registry.get("drop-test", "1")
    assert filled is not None and filled.source == str(CHECKLISTS / "drop-test@1.yaml")
    assert registry.get("label-placement", "1") is not None
    assert registry.versions("drop-test") == ["1", "2", "3"]
    # What is asked and listed stays the folder's own: newest, ids, iteration, select.
    assert [c.checklist.key for c in registry] == ["drop-test@3"]
    assert registry.ids() == ["drop-test"]
    latest = registry.latest("drop-test")
    assert latest is not None and latest.checklist.key == "drop-test@3"
    assert registry.latest("packaging-stack") is None
    assert [c.checklist.key for c in select(registry, [])] == ["drop-test@3"]
    assert [c.checklist.key for c in select(registry, ["drop-test@1"])] == ["drop-test@1"]


def test_the_folders_own_copy_of_a_version_wins_over_the_bundled_one(tmp_path: Path) -> None:
    folder = current_only(tmp_path)
    text = (CHECKLISTS / "drop-test@1.yaml").read_text("utf-8")
    (folder / "drop-test@1.yaml").write_text(text.replace("1.2", "0.8"), "utf-8")
    registry = load_registry([folder], [CHECKLISTS])
    own = registry.get("drop-test", "1")
    assert own is not None and own.source == str(folder / "drop-test@1.yaml")
    assert [c.checklist.key for c in registry] == ["drop-test@1"]


def test_the_bundled_folder_named_as_the_folder_is_loaded_once() -> None:
    registry = load_registry([CHECKLISTS], [CHECKLISTS])
    assert sorted(c.checklist.key for c in registry) == sorted(RELEASED)


# --- withdrawals ---------------------------------------------------------------------------


def withdrawing(folder: Path, text: str) -> Path:
    (folder / WITHDRAWALS_NAME).write_text(text, "utf-8")
    return folder


def test_a_withdrawal_is_in_force_from_its_day_and_is_not_a_checklist(tmp_path: Path) -> None:
    folder = withdrawing(
        current_only(tmp_path, "drop-test"),
        "# ours\ndrop-test@1: {from: 2026-12-01, use: drop-test@2}\n",
    )
    registry = load_registry([folder], [CHECKLISTS])
    assert registry.withdrawn("drop-test@1", date(2026, 11, 30)) is None
    found = registry.withdrawn("drop-test@1", date(2026, 12, 1))
    assert found is not None
    assert (found.since, found.use) == (date(2026, 12, 1), "drop-test@2")
    assert registry.withdrawn("drop-test@2", date(2030, 1, 1)) is None
    assert lint([folder], fill_in=[CHECKLISTS]) == []  # a bundled version may be withdrawn


def test_the_folders_withdrawal_comes_before_the_bundled_one(tmp_path: Path) -> None:
    shipped = withdrawing(
        current_only(tmp_path / "a", "drop-test"), "drop-test@2: {from: 2026-01-01, use: x@1}\n"
    )
    own = withdrawing(
        current_only(tmp_path / "b", "drop-test"), "drop-test@2: {from: 2027-01-01, use: y@1}\n"
    )
    registry = load_registry([own], [shipped])
    assert registry.withdrawals["drop-test@2"].use == "y@1"


def test_the_shipped_withdrawals_file_withdraws_nothing() -> None:
    assert (CHECKLISTS / WITHDRAWALS_NAME).is_file()
    assert load_registry([CHECKLISTS]).withdrawals == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "drop-test@1: {from: someday, use: drop-test@2}\n",
            (1, "drop-test@1.from", "'someday' is not a date: write it like 2026-12-01"),
        ),
        ("drop-test@1: {from: 2026-12-01}\n", (1, "drop-test@1.use", "required")),
        ("drop-test: {from: 2026-12-01, use: drop-test@2}\n", (1, "drop-test", "")),
        ("- drop-test@1\n", (1, None, "")),
    ],
    ids=["not a date", "no successor", "no version", "not a mapping"],
)
def test_a_bad_withdrawals_file_stops_loading_at_its_line(
    tmp_path: Path, text: str, expected: tuple[int, str | None, str]
) -> None:
    folder = withdrawing(current_only(tmp_path, "drop-test"), text)
    with pytest.raises(ChecklistError) as caught:
        load_registry([folder])
    [problem] = caught.value.problems
    line, field, words = expected
    assert (problem.location.file, problem.location.line) == (str(folder / WITHDRAWALS_NAME), line)
    assert problem.location.field == field
    assert words in problem.message


def test_lint_names_a_withdrawal_of_a_version_not_in_the_folder(tmp_path: Path) -> None:
    folder = withdrawing(
        current_only(tmp_path, "drop-test"),
        "drop-test@3: {from: 2026-12-01, use: drop-test@4}\n"
        "drop-test@7: {from: 2026-12-01, use: drop-test@3}\n",
    )
    here = "is not a checklist version here or among those shipped with qa-check"
    assert [(p.location.line, p.location.field, p.message) for p in lint([folder])] == [
        (1, "drop-test@3.use", f"drop-test@4 {here}"),
        (2, "drop-test@7", f"drop-test@7 {here}"),
    ]
