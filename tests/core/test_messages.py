"""The message catalogue, and every message a worker meets, in plain English and Chinese."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from conftest import CHECKLISTS, ITEM, ROOT
from qa_check.cli.app import app
from qa_check.core.errors import InputError, Problem, pydantic_messages
from qa_check.core.messages import Message, in_both, in_lang
from qa_check.engine import models as m
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.files.safe_yaml import load_yaml

EXAMPLE = (ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8")
"""A record that passes; each case below changes one line of it the way people get it wrong."""

JARGON = (
    "Input should",
    "String should",
    "token",
    "scalar",
    "mapping",
    "simple key",
    "stream",
    "dictionary",
    "Value error",
    "validation",
    "pydantic",
    "NoneType",
    "<class",
)
"""Words of pydantic and PyYAML that mean nothing to the person who typed the record."""

CJK = re.compile(r"[\u4e00-\u9fff]")


# --- (b) library messages in plain words, with a hint --------------------------------------

CASES: list[tuple[str, str, str, str, str]] = [
    # id, line of the example, what was typed instead, English hint, Chinese hint
    (
        "tab indentation",
        "  gross_weight_kg: 0.45",
        "\tgross_weight_kg: 0.45",
        "a tab is used for indentation: indent with spaces",
        "用了 Tab 键缩进：请改用空格缩进",
    ),
    (
        "full-width colon",
        "site: Shenzhen WH-2",
        "site： Shenzhen WH-2",
        "a full-width colon ： follows the key on line 11: type a plain colon :"
        " (switch the input method to English)",
        "第 11 行键名后面用了全角冒号“：”，请改成英文冒号“:”（先把输入法切换到英文）",
    ),
    (
        "full-width colon in a nested block",
        "  width_cm: 12",
        "  width_cm： 12",
        "full-width colon ： follows the key on line 8",
        "第 8 行键名后面用了全角冒号",
    ),
    (
        "full-width space indenting",
        "  electrical: yes",
        "\u3000\u3000electrical: yes",
        "a full-width space (U+3000) is used on line 5: indent and separate with plain spaces",
        "第 5 行用了全角空格：缩进和分隔请用英文半角空格",
    ),
    (
        "full-width space before a key",
        "inspector: 李娜",
        "\u3000inspector: 李娜",
        "a full-width space (U+3000) is used: indent and separate with plain spaces",
        "用了全角空格：缩进和分隔请用英文半角空格",
    ),
    (
        "no space after the colon",
        "site: Shenzhen WH-2",
        "site:Shenzhen WH-2",
        "no space after the colon on line 11: write key: value",
        "第 11 行冒号后面缺少空格",
    ),
    (
        "no colon after the key",
        "site: Shenzhen WH-2",
        "site Shenzhen WH-2",
        "no colon after the key on line 11: write key: value",
        "第 11 行键名后面没有冒号",
    ),
    (
        "colon inside a value",
        "site: Shenzhen WH-2",
        "site: Hall: 3",
        "put a value that contains a colon in quotes",
        "值里有冒号时请给整个值加英文引号",
    ),
    (
        "unclosed quote",
        "inspector: 李娜",
        "inspector: '李娜",
        "the quote opened on line 10 is not closed: add the closing quote",
        "第 10 行的引号没有闭合：请补上另一半引号",
    ),
    (
        "unclosed bracket",
        "intact, intact]",
        "intact, intact",
        "the bracket opened on line 43 is not closed",
        "第 43 行的括号没有闭合",
    ),
    (
        "timezone missing",
        "inspected_at: 2026-11-20T10:15:00+08:00",
        "inspected_at: 2026-11-20T10:15:00",
        "the time needs its timezone: write it like 2026-11-20T10:15:00+08:00",
        "时间缺少时区：请写成 2026-11-20T10:15:00+08:00",
    ),
    (
        "date written with slashes",
        "inspected_at: 2026-11-20T10:15:00+08:00",
        "inspected_at: 2026/11/20 10:15+08:00",
        "is not a date and time: write it like 2026-11-20T10:15:00+08:00",
        "不是有效的日期时间：请写成 2026-11-20T10:15:00+08:00",
    ),
    (
        "a date that does not exist",
        "inspected_at: 2026-11-20T10:15:00+08:00",
        "inspected_at: 2026-11-31T10:15:00+08:00",
        "is not a real date or time",
        "不是真实存在的日期或时间",
    ),
    (
        "unknown field",
        "site: Shenzhen WH-2",
        "site: Shenzhen WH-2\ncolour: red",
        "unknown field",
        "未知字段：请检查拼写，或删掉这一项",
    ),
    ("missing field", "site: Shenzhen WH-2\n", "", "required", "必填项，没有填写"),
    (
        "choice not allowed",
        "    surface: concrete",
        "    surface: grass",
        "'grass' is not one of:",
        "“grass”不是可选项",
    ),
    (
        "decimal comma",
        "drop_height_m: 1.2",
        "drop_height_m: 1,2",
        "write the decimal point as a point, 1.2",
        "小数点请用英文句点，写作 1.2",
    ),
    (
        "unit typed",
        "drop_height_m: 1.2",
        "drop_height_m: 120cm",
        "'120cm' has a unit typed in: write 1.2 (unit: m)",
        "“120cm”带了单位：请写 1.2（单位：m）",
    ),
    (
        "not yes or no",
        "    works_normally: yes",
        "    works_normally: maybe",
        "'maybe' is not yes or no",
        "“maybe”不是“是”或“否”",
    ),
    (
        "a list where text belongs",
        "sku: TWS-EB-001",
        "sku: [TWS, EB]",
        "expected text, got a list",
        "应为文字，实际为列表",
    ),
    (
        "fields where a list belongs",
        "site: Shenzhen WH-2",
        "site: Shenzhen WH-2\nphotos: {front: a.jpg}",
        "expected a list (one - entry per line), got a group of fields",
        "应为列表（每行一个“- 值”），实际为一组字段",
    ),
    (
        "text where fields belong",
        "checklists:\n  packaging-stack: 2\n  label-placement: 3\n  drop-test: 2\n"
        "  compression-test: 2\n",
        "checklists: packaging-stack@2\n",
        "expected a group of fields (key: value lines indented beneath), got text",
        "应为一组字段（下面缩进的“键: 值”各行），实际为文字",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "en_hint", "zh_hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_library_messages_are_plain_with_a_hint_in_both_languages(
    tmp_path: Path,
    judge_files: Callable[..., list[SkuResult]],
    old: str,
    new: str,
    en_hint: str,
    zh_hint: str,
) -> None:
    assert EXAMPLE.count(old) == 1
    path = tmp_path / "record.yaml"
    path.write_text(EXAMPLE.replace(old, new), encoding="utf-8")
    [result] = judge_files(path)
    assert result.verdict is Verdict.INVALID
    [problem] = result.problems
    english, chinese = in_lang(problem.message, "en"), in_lang(problem.message, "zh")
    assert isinstance(problem.message, Message)
    assert en_hint in english
    assert zh_hint in chinese
    for words in JARGON:
        assert words not in english
        assert words not in chinese
    assert CJK.search(chinese)
    assert "\n" not in problem.show("zh")


@pytest.mark.parametrize(
    ("text", "line", "en_hint", "zh_hint"),
    [
        (
            "sku: A\nsite: @home\n",
            2,
            "cannot start with @: put the value in quotes",
            "加上英文引号",
        ),
        ('photos: ["C:\\photos"]\n', 1, "use single quotes", "改用单引号"),
        ("sku: A\n---\nsku: B\n", 2, "another document", "另一份文档"),
        ("answers:\n  - a\n  b: c\n", 3, "start every entry of a list with -", "都以 - 开头"),
        ("product:\n    a: 1\n  b: 2\n", 3, "indentation does not line up", "缩进没有对齐"),
        ("sku: A\nsite: *home\n", 2, "write the value out in full", "直接写出完整的值"),
        ("sku: 'A' B\n", 1, "put the whole value in quotes", "引号后面还有文字"),
        ("a: !!binary aGk=\n", 1, "is not allowed: write the plain value", "不允许使用 YAML 标签"),
        ("sku: A\nsku: B\n", 2, "(first given on line 1): keep only one", "只保留一个"),
        ("a: &b\n  x: 1\nc:\n  <<: *b\n", 4, "write the values out", "逐一写出"),
    ],
)
def test_yaml_syntax_errors_read_plainly(text: str, line: int, en_hint: str, zh_hint: str) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(text, "r.yaml")
    [problem] = caught.value.problems
    assert problem.location.line == line
    assert en_hint in problem.message
    assert zh_hint in in_lang(problem.message, "zh")
    for words in JARGON:
        assert words not in problem.message
        assert words not in in_lang(problem.message, "zh")


@pytest.mark.parametrize(
    ("name", "content", "en_hint", "zh_hint"),
    [
        ("a.json", '{"sku"： "A"}', "a full-width ： is used", "用了全角符号 ："),
        ("a.json", '{"sku": "A",}', "no comma may follow the last entry", "最后一项后面不能有逗号"),
        ("a.json", '{"sku": "A"} {}', "several records go in a list", "多条记录请放在列表"),
        ("a.jsonl", '{"sku": "A" "site": "B"}\n', "a comma , is missing", "缺少英文逗号"),
        ("a.csv", 'sku,site\nA,"Hall "3"\n', "quote the whole cell", "里面的引号写两次"),
    ],
)
def test_json_and_csv_syntax_errors_have_a_hint(
    tmp_path: Path,
    judge_files: Callable[..., list[SkuResult]],
    name: str,
    content: str,
    en_hint: str,
    zh_hint: str,
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    problems = [p for result in judge_files(path) for p in result.problems]
    found = [p for p in problems if en_hint in p.message]
    assert found, [str(p) for p in problems]
    assert zh_hint in in_lang(found[0].message, "zh")
    assert not CJK.search(str(found[0]).replace("：", ""))


def test_an_encoding_error_names_the_option_in_both_languages(
    tmp_path: Path, judge_files: Callable[..., list[SkuResult]]
) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("product_name: 无线耳机\n".encode("gbk"))
    [result] = judge_files(path)
    [problem] = result.problems
    assert "run again with --encoding gbk" in problem.message
    assert "请加上 --encoding gbk 再运行一次" in in_lang(problem.message, "zh")


def test_a_problem_shows_in_either_language() -> None:
    with pytest.raises(InputError) as caught:
        load_yaml("sku: A\nsite： X\ninspector: B\n", "r.yaml")
    [problem] = caught.value.problems
    assert isinstance(problem, Problem)
    assert problem.show() == str(problem)
    assert problem.show("zh") == (
        "r.yaml:3: YAML 格式错误：第 2 行键名后面用了全角冒号“：”，"
        "请改成英文冒号“:”（先把输入法切换到英文）"
    )


# --- (c) and (d) the command line ------------------------------------------------------


def write_batch(folder: Path) -> list[Path]:
    fail = folder / "a-fail.yaml"
    fail.write_text(EXAMPLE.replace("drop_height_m: 1.2", "drop_height_m: 1.0"), "utf-8")
    invalid = folder / "b-invalid.yaml"
    invalid.write_text(
        EXAMPLE.replace("T10:15:00+08:00", "T10:15:00").replace("site: ", "site： "), "utf-8"
    )
    broken = folder / "c-broken.yaml"
    broken.write_text(EXAMPLE.replace("  length_cm: 18", "\tlength_cm: 18"), "utf-8")
    return [fail, invalid, broken]


def test_validate_in_chinese_prints_chinese_labels_problems_and_summary(tmp_path: Path) -> None:
    files = write_batch(tmp_path)
    result = CliRunner().invoke(
        app, ["validate", *map(str, files), "--lang", "zh", "-c", str(CHECKLISTS)]
    )
    assert result.exit_code == 2
    out = result.stdout
    assert "      要求：至少 1.2 m\n" in out
    assert "      记录：1 m" in out
    assert "      整改：以不低于规定的高度重新跌落。" in out
    assert f"    ! {files[1]}:12: YAML 格式错误：第 11 行键名后面用了全角冒号" in out
    assert f"    ! {files[2]}:7: YAML 格式错误：用了 Tab 键缩进：请改用空格缩进\n" in out
    assert out.endswith("\n共 3 条记录：0 条合格，1 条不合格，2 条无效\n")
    for label in ("required:", "recorded:", "action:", "invalid YAML", "records:"):
        assert label not in out


def test_validate_in_english_keeps_its_words(tmp_path: Path) -> None:
    files = write_batch(tmp_path)
    result = CliRunner().invoke(app, ["validate", *map(str, files), "-c", str(CHECKLISTS)])
    out = result.stdout
    assert "      required: at least 1.2 m\n" in out
    assert "      action:   Repeat the drops from at least the required height.\n" in out
    tab = "invalid YAML: a tab is used for indentation: indent with spaces"
    assert f"    ! {files[2]}:7: {tab}\n" in out
    assert out.endswith("\n3 records: 0 passed, 1 failed, 2 invalid\n")
    assert not CJK.search(out.replace("无线蓝牙耳机", "").replace("：", ""))


@pytest.mark.parametrize(
    ("changes", "en_hint", "zh_hint"),
    [
        ({"severity": "high"}, "'high' is not one of: critical, major, minor", "critical、major"),
        ({"answer": {"kind": "weird"}}, "kind: 'weird' is not one of:", "kind：“weird”不是可选项"),
        ({"answer": {"unit": "m"}}, "no kind given: add kind: …", "缺少 kind"),
        ({"answer": "number"}, "expected a group of fields", "应为一组字段"),
        (
            {"prompt": {"en": "Drop height?"}},
            "missing Chinese (zh) translation",
            "缺少中文（zh）翻译",
        ),
        ({"criterion": {"recorded": "no"}}, "write yes here", "这里只能填 yes"),
        ({"criterion": {"foo": 1}}, "a criterion is one of equals", "判定条件应为以下之一"),
        (
            {"criterion": {"at_least": {"x": 1}}},
            "a threshold is a number or one of",
            "阈值应为数字",
        ),
        (
            {"answer": {"kind": "choice", "choices": [{"value": "a", "en": "A", "zh": "甲"}]}},
            "too few entries: at least 2, got 1",
            "项数太少：至少 2 项",
        ),
        (
            {"criterion": {"count": {"equals": "intact", "total": "many"}}},
            "'many' is not a whole number",
            "不是整数",
        ),
        (
            {"criterion": {"count": {"equals": "intact", "total": -1}}},
            "must be at least 0, got -1",
            "不能小于 0",
        ),
    ],
)
def test_checklist_schema_errors_read_plainly(
    changes: dict[str, Any], en_hint: str, zh_hint: str
) -> None:
    data = {**ITEM, **changes}
    with pytest.raises(ValidationError) as caught:
        m.Item.model_validate(data)
    [(_, message)] = pydantic_messages(caught.value.errors(), data)
    assert en_hint in message
    assert zh_hint in in_lang(message, "zh")
    for words in JARGON:
        assert words not in message
        assert words not in in_lang(message, "zh")


def test_a_text_worded_one_language_at_a_time_is_one_message_of_both() -> None:
    made = in_both(lambda lang: f"{lang}: {'一' if lang == 'zh' else 'one'}")
    assert isinstance(made, Message)
    assert (str(made), made.zh) == ("en: one", "zh: 一")
