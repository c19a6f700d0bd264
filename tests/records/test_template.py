"""Blank forms: the CSV sheet and YAML skeleton read back as records of the right shape."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from conftest import CHECKLISTS, DATA, EQUALS_YES, small_checklist
from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import CompiledChecklist, Registry, load_registry, select
from qa_check.engine.judge import RawRecord, Verdict, judge
from qa_check.guided.session import Session
from qa_check.records.read import read_records
from qa_check.records.template import csv_template, yaml_template


def test_csv_header_has_fixed_columns_then_one_per_answer(registry: Registry) -> None:
    header = next(csv.reader(io.StringIO(csv_template(select(registry, ["drop-test"])))))
    assert header[:6] == ["sku", "product_name", "applicant", "brand", "model", "electrical"]
    assert header[header.index("checklists") + 2 :] == [
        "drop-test.surface",
        "drop-test.drop_height_m",
        *[f"drop-test.drops.{n}" for n in range(1, 10)],
        "drop-test.works_normally",
        "drop-test.no_visible_damage",
        "drop-test.parts_fit",
        "drop-test.tested_as_shipped",
    ]


def test_blank_csv_and_yaml_read_back_without_unknown_fields(
    registry: Registry, tmp_path: Path
) -> None:
    chosen = select(registry, [])
    (tmp_path / "t.csv").write_text(csv_template(chosen), encoding="utf-8")
    yaml_file = tmp_path / "t.yaml"
    yaml_file.write_text(yaml_template(chosen), encoding="utf-8")
    csv_row, from_yaml = read_records([tmp_path / "t.csv", yaml_file], registry)
    assert isinstance(csv_row, RawRecord)
    assert csv_row.origin.row == 2
    for raw in (csv_row, from_yaml):
        assert isinstance(raw, RawRecord)
        result = judge(raw, registry, checks=CHECKS)
        assert result.verdict is Verdict.INVALID
        messages = [p.message for p in result.problems]
        assert "unknown field" not in messages
        assert "required" in messages
        fields = [p.location.field or "" for p in result.problems]
        assert not [field for field in fields if field.startswith("checklists")]


@pytest.mark.parametrize(
    ("folders", "named", "cell"),
    [
        ([], [], "packaging-stack@2; label-placement@3; drop-test@3; compression-test@3;"),
        ([], ["drop-test", "packaging-stack"], "packaging-stack@2; drop-test@3;"),
        (
            ["ista-1a", "astm-level-1"],
            ["compression-test@astm-1", "drop-test@ista-1a", "packaging-stack"],
            "packaging-stack@2; compression-test@astm-1; drop-test@ista-1a;",
        ),
    ],
    ids=["all", "named out of order", "other versions"],
)
def test_the_csv_row_names_the_checklists_as_the_yaml_skeleton_does(
    tmp_path: Path, folders: list[str], named: list[str], cell: str
) -> None:
    """Staff copy the row down: the cell ends with ``;`` so that no fill handle counts it up."""
    registry = load_registry([CHECKLISTS, *(DATA / folder for folder in folders)])
    chosen = select(registry, named)
    header, row = csv.reader(io.StringIO(csv_template(chosen)))
    assert len(row) == len(header)
    assert {name: value for name, value in zip(header, row, strict=True) if value} == {
        "checklists": cell
    }
    sheet = tmp_path / "t.csv"
    sheet.write_text(csv_template(chosen), encoding="utf-8")
    [raw] = read_records([sheet], registry)
    assert isinstance(raw, RawRecord)
    assert isinstance(raw.data, dict)
    skeleton = yaml.safe_load(yaml_template(chosen))
    assert list(raw.data["checklists"].items()) == list(skeleton["checklists"].items())


def test_yaml_skeleton_explains_each_item(registry: Registry) -> None:
    text = yaml_template(select(registry, ["packaging-stack", "drop-test"]))
    assert "# PK-5 Is the product in an OPP bag before it goes into the foam?" in text
    assert "# only when cushioning is foam" in text
    assert "# answer, one of:\n    #   foam (Foam / 泡沫)\n" in text
    assert "      -   # 9 face" in text
    assert '  drop-test: "3"' in text


GRADED = small_checklist(
    "graded",
    1,
    [("grades", "    criterion:\n      count: {equals: a, at_least: {sample: 2}}\n")],
    "{kind: series, groups: [{label: sample, count: 2, name: {en: Sample, zh: 样品}}],"
    " entry: {kind: choice, choices: [{value: a, en: First grade without a mark, zh: 一级},"
    " {value: b, en: Second grade with small marks only, zh: 二级}, {value: c, en: Rejected,"
    " zh: 不合格}]}}",
)
"""A series whose entries are choices too long for one comment line."""


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        (
            "packaging-stack",
            "    # answer, one of:\n"
            "    #   foam (Foam / 泡沫)\n"
            "    #   pearl_cotton (Pearl cotton (EPE foam) / 珍珠棉)\n"
            "    #   fixing_material (Fixing material / 固定耗材)\n"
            "    #   none (None / 无)\n"
            "    cushioning:\n",
        ),
        (
            "drop-test@ista-1a",
            "    # answer: concrete (Concrete / 水泥地面) / other (Other / 其他)\n    surface:\n",
        ),
        (
            "drop-test@2",
            "    # each entry: intact (Intact / 完好) / damaged (Damaged / 损坏)\n    drops:\n",
        ),
        (
            "graded",
            "    # each entry, one of:\n"
            "    #   a (First grade without a mark / 一级)\n"
            "    #   b (Second grade with small marks only / 二级)\n"
            "    #   c (Rejected / 不合格)\n"
            "    grades:\n",
        ),
    ],
    ids=["long answer", "short answer", "short series entry", "long series entry"],
)
def test_each_choice_is_shown_with_its_labels(tmp_path: Path, named: str, expected: str) -> None:
    (tmp_path / "graded.yaml").write_text(GRADED, "utf-8")
    registry = load_registry([CHECKLISTS, DATA / "ista-1a", tmp_path])
    text = yaml_template(select(registry, [named]))
    assert expected in text


def test_choices_are_listed_in_lines_of_at_most_100_characters(registry: Registry) -> None:
    lines = yaml_template(select(registry, [])).splitlines()
    listed = [line for line in lines if line.startswith(("    # answer", "    # each", "    #   "))]
    assert len(listed) > 20
    assert max(len(line) for line in listed) <= 100


def test_yaml_skeleton_offers_applicant_brand_and_model_as_optional(registry: Registry) -> None:
    lines = yaml_template(select(registry, ["drop-test"])).splitlines()
    names = [line.split(":", 1)[0] for line in lines if not line.startswith(("#", " "))]
    assert names[:6] == ["sku", "product_name", "applicant", "brand", "model", "product"]
    for name in ("applicant", "brand", "model"):
        [line] = [line for line in lines if line.startswith(f"{name}:")]
        assert line.startswith(f"{name}:  # optional: ")


def test_yaml_skeleton_shows_both_forms_of_a_photo(registry: Registry, tmp_path: Path) -> None:
    lines = yaml_template(select(registry, ["drop-test"])).splitlines()
    [line] = [line for line in lines if line.startswith("photos:")]
    shown = line.split("# optional, files beside this record: ", 1)[1]
    assert shown == "[photos/a.jpg, {file: photos/b.jpg, caption: what it shows}]"
    (tmp_path / "r.yaml").write_text(f"photos: {shown}\n", encoding="utf-8")
    [raw] = read_records([tmp_path / "r.yaml"], registry)
    assert isinstance(raw, RawRecord)
    assert raw.data == {
        "photos": ["photos/a.jpg", {"file": "photos/b.jpg", "caption": "what it shows"}]
    }


def test_the_scanned_barcode_is_asked_for_as_a_scan_of_the_sku(registry: Registry) -> None:
    text = yaml_template(select(registry, ["label-placement"]))
    assert (
        "    # LB-3 Scan the SKU barcode on the outermost layer with the handheld scanner"
        " / 用手持扫描枪扫描最外层上的SKU条码\n"
        "    # answer: scan or type it: must read exactly as the record's sku\n"
        "    barcode_scan:\n"
    ) in text
    assert '  label-placement: "3"' in text


def test_all_checklists_come_in_the_order_of_an_inspection(registry: Registry) -> None:
    expected = ["packaging-stack", "label-placement", "drop-test", "compression-test"]
    chosen = select(registry, [])
    assert [c.checklist.id for c in chosen] == expected
    assert [c.checklist.key for c in chosen][1] == "label-placement@3"
    header = next(csv.reader(io.StringIO(csv_template(chosen))))
    answered = [name.split(".")[0] for name in header[header.index("photos") + 1 :]]
    assert list(dict.fromkeys(answered)) == expected
    text = yaml_template(chosen)
    answers = text[text.index("\nanswers:\n") :]
    assert [answers.index(f"\n  {name}:\n") for name in expected] == sorted(
        answers.index(f"\n  {name}:\n") for name in expected
    )


@pytest.mark.parametrize(
    "named",
    [["compression-test", "drop-test"], ["drop-test", "compression-test"]],
)
def test_named_checklists_are_kept_as_named_and_templated_in_order(
    registry: Registry, named: list[str]
) -> None:
    chosen = select(registry, named)
    assert [c.checklist.id for c in chosen] == named
    header = next(csv.reader(io.StringIO(csv_template(chosen))))
    first = header[header.index("photos") + 1]
    assert first == "drop-test.surface"
    text = yaml_template(chosen)
    assert text.index('  drop-test: "3"') < text.index('  compression-test: "3"')
    assert text.index("\n  drop-test:\n") < text.index("\n  compression-test:\n")


def test_checklists_of_the_same_order_keep_the_order_they_came_in(
    registry: Registry, tmp_path: Path
) -> None:
    for name in ("b-list", "a-list"):
        (tmp_path / f"{name}.yaml").write_text(
            f"id: {name}\nversion: 1\norder: 5\ntitle: {{en: {name}, zh: {name}}}\n"
            "items:\n  - id: ok\n    rule: PK-1\n    prompt: {en: OK?, zh: 好吗？}\n"
            "    help: {en: Look., zh: 看。}\n    answer: {kind: yes_no}\n    severity: minor\n"
            '    criterion: {equals: "yes"}\n    corrective: {en: Fix it., zh: 修好。}\n',
            encoding="utf-8",
        )
    both = load_registry([CHECKLISTS, tmp_path])
    assert [c.checklist.id for c in select(both, [])] == [
        "a-list",
        "b-list",
        "packaging-stack",
        "label-placement",
        "drop-test",
        "compression-test",
    ]
    text = yaml_template(select(both, ["b-list", "drop-test", "a-list"]))
    positions = [text.index(f"\n  {name}:\n") for name in ("b-list", "a-list", "drop-test")]
    assert positions == sorted(positions)


def _guided_run(registry: Registry, chosen: list[CompiledChecklist], results: Path) -> Session:
    """A guided run of the chosen checklists: the order in which it asks is the one to follow."""
    return Session(registry, chosen, results, "en", lambda: datetime(2026, 11, 20, tzinfo=UTC))


def _asked_columns(session: Session) -> list[str]:
    """The answer columns of the run's questions, in its order (``drops#1`` is ``drops.1``)."""
    return [slot.key.replace("#", ".") for slot in session.slots if slot.item is not None]


def _templated(chosen: list[CompiledChecklist]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The CSV template's answer columns, and the YAML skeleton's checklists with their items."""
    header = next(csv.reader(io.StringIO(csv_template(chosen))))
    skeleton = yaml.safe_load(yaml_template(chosen))
    assert list(skeleton["checklists"]) == list(skeleton["answers"])
    items = [(checklist_id, list(items)) for checklist_id, items in skeleton["answers"].items()]
    return header[header.index("photos") + 1 :], items


@pytest.mark.parametrize(
    "named",
    [[], ["drop-test", "packaging-stack"], ["compression-test", "label-placement", "drop-test"]],
    ids=["all", "named out of order", "three named out of order"],
)
def test_templates_follow_the_order_of_the_guided_run(
    registry: Registry, named: list[str], tmp_path: Path
) -> None:
    chosen = select(registry, named)
    session = _guided_run(registry, chosen, tmp_path)
    columns, skeleton = _templated(chosen)
    assert columns == _asked_columns(session)
    in_run = dict.fromkeys(item.checklist_id for item in session.items)
    assert skeleton == [
        (checklist_id, [i.item_id for i in session.items if i.checklist_id == checklist_id])
        for checklist_id in in_run
    ]


def test_an_item_asked_after_another_checklist_s_item_is_templated_after_it(
    tmp_path: Path,
) -> None:
    """``first`` comes first by its ``order``, but ``first.a`` waits for ``second.b``."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    first = small_checklist(
        "first", 1, [("a", EQUALS_YES + '    when: {answer: second.b, equals: "yes"}\n'), ("c", "")]
    )
    (folder / "first.yaml").write_text(first, "utf-8")
    (folder / "second.yaml").write_text(
        small_checklist("second", 2, [("b", ""), ("d", "")]), "utf-8"
    )
    registry = load_registry([folder])
    chosen = select(registry, ["second", "first"])
    columns, skeleton = _templated(chosen)
    assert columns == ["first.c", "second.b", "first.a", "second.d"]
    assert columns == _asked_columns(_guided_run(registry, chosen, tmp_path / "results"))
    assert skeleton == [("first", ["c", "a"]), ("second", ["b", "d"])]
