"""One catalogue for every message a person reads, in English and Simplified Chinese.

A message is built once, from a catalogue key and its values, and carries both languages: it is
an English ``str`` (so logs, JSON and tests read it as before) that also knows its Chinese. The
reporter, the certificate or the guided run picks the language when it shows it (``in_lang``).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Mapping
from typing import Any, Literal

Lang = Literal["en", "zh"]
LANGUAGES: tuple[Lang, ...] = ("en", "zh")


class Message(str):
    """English text that also carries its Chinese translation."""

    zh: str

    def __new__(cls, en: str, zh: str) -> Message:
        """The English text, with ``zh`` attached."""
        made = super().__new__(cls, en)
        made.zh = zh
        return made

    def __reduce__(self) -> tuple[Any, ...]:
        return (Message, (str(self), self.zh))

    def __add__(self, other: str) -> Message:
        return Message(str(self) + str(other), self.zh + in_lang(other, "zh"))


def in_lang(text: str, lang: str) -> str:
    """``text`` in a language: a Message's Chinese for ``zh``, else the text as it is."""
    if lang == "zh" and isinstance(text, Message):
        return text.zh
    return str(text)


def msg(key: str, /, **values: Any) -> Message:
    """The catalogue message ``key`` with its ``{placeholders}`` filled, in both languages.

    A value that is itself a Message is filled in its own language on each side.
    """
    en, zh = CATALOGUE[key]
    return Message(
        en.format_map(_Filled(values, "en")),
        zh.format_map(_Filled(values, "zh")),
    )


class _Filled(dict[str, Any]):
    def __init__(self, values: Mapping[str, Any], lang: str) -> None:
        super().__init__(
            (key, in_lang(value, lang) if isinstance(value, Message) else value)
            for key, value in values.items()
        )


def word(key: str, lang: str) -> str:
    """A catalogue entry with no placeholders, in one language."""
    en, zh = CATALOGUE[key]
    return zh if lang == "zh" else en


def pick_language(option: str | None, environ: Mapping[str, str] | None = None) -> Lang:
    """``--lang``, else ``QA_CHECK_LANG``, else the locale (``LANG=zh_CN.UTF-8`` is Chinese)."""
    env = os.environ if environ is None else environ
    for candidate in (option, env.get("QA_CHECK_LANG")):
        if candidate:
            return "zh" if candidate.lower().startswith("zh") else "en"
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    if environ is None:
        found = locale.getlocale()[0] or ""
        return "zh" if found.lower().startswith("zh") else "en"
    return "en"


CATALOGUE: dict[str, tuple[str, str]] = {
    # --- answers: what a typed answer can get wrong -------------------------------------------
    "not_a_number": ("{value!r} is not a number", "“{value}”不是数字"),
    "decimal_comma": (
        "{value!r}: write the decimal point as a point, {fixed}",
        "“{value}”：小数点请用英文句点，写作 {fixed}",
    ),
    "unit_typed": (
        "{value!r} has a unit typed in: write the number alone, {number}{hint}",
        "“{value}”带了单位：只写数字，{number}{hint}",
    ),
    "unit_hint": (" (unit: {unit})", "（单位：{unit}）"),
    "not_finite": ("{value!r} is not a finite number", "“{value}”不是有限的数字"),
    "number_expected": ("expected a number, got {kind}", "应为数字，实际为{kind}"),
    "yes_no_number": ("expected a number, got yes/no", "应为数字，实际为是/否"),
    "not_yes_no": ("{value!r} is not yes or no", "“{value}”不是“是”或“否”"),
    "not_a_choice": ("{value!r} is not one of: {allowed}", "“{value}”不是可选项：{allowed}"),
    "below_min": ("{number} {unit} is below {limit}", "{number} {unit} 低于下限 {limit}"),
    "above_max": ("{number} {unit} is above {limit}", "{number} {unit} 高于上限 {limit}"),
    "text_expected": ("expected text, got {kind}", "应为文字，实际为{kind}"),
    "text_empty": ("the text is empty", "内容为空"),
    "series_list": ("expected a list of {count} entries", "应为包含 {count} 项的列表"),
    "series_length": ("expected {count} entries, got {got}", "应为 {count} 项，实际为 {got} 项"),
    "entry_missing": ("entry {number} ({label}) has no answer", "第 {number} 项（{label}）未填写"),
    "not_positive": (
        "must be more than 0 {unit}, got {value}",
        "必须大于 0 {unit}，实际为 {value}",
    ),
    "entry_bad": ("entry {number} ({label}): {reason}", "第 {number} 项（{label}）：{reason}"),
    # --- judging a record --------------------------------------------------------------------
    "not_a_record": (
        "a record is a mapping of fields (sku, product, answers …)",
        "一条记录应是字段的映射（sku、product、answers……）",
    ),
    "answers_unlisted": (
        "answers for checklist {id!r}, which the record does not list under checklists",
        "有检查表“{id}”的答案，但记录的 checklists 中没有列出它",
    ),
    "unknown_item": (
        "no item {item!r} in checklist {checklist}",
        "检查表 {checklist} 中没有“{item}”这一项",
    ),
    "cannot_judge": ("cannot judge: {reason}", "无法判定：{reason}"),
    "cannot_tell_applies": (
        "cannot tell whether this item applies: {reason}",
        "无法确定此项是否适用：{reason}",
    ),
    "no_answer": ("no answer ({prompt})", "未作答（{prompt}）"),
    "loaded_versions": ("loaded versions: {versions}", "已加载的版本：{versions}"),
    "no_such_checklist": ("no such checklist loaded", "未加载此检查表"),
    "unknown_checklist": ("unknown checklist {key} ({hint})", "未知的检查表 {key}（{hint}）"),
    "font_lacks": (
        "the certificate font cannot show {chars}",
        "证书字体无法显示 {chars}",
    ),
    "photo_outside": (
        "{name!r}: a photo is a path inside the record's folder",
        "“{name}”：照片必须是记录所在文件夹内的路径",
    ),
    "sku_not_code128": (
        "Code 128 cannot encode {chars}: a SKU on a certificate uses printable ASCII only",
        "Code 128 条码无法编码 {chars}：证书上的SKU只能使用可打印的英文字符（ASCII）",
    ),
    "photo_missing": ("no photo file {path}", "找不到照片文件 {path}"),
    # --- requirements as certificates and reports state them ---------------------------------
    "req_one_of": ("one of {values}", "{values}之一"),
    "req_same_as": ("same as {item} ({value})", "与 {item} 相同（{value}）"),
    "req_same_as_field": ("same as the {field} ({value})", "与{field}相同（{value}）"),
    "req_at": ("{n} at {label}", "{label} {n} 次"),
    "req_in_all": ("{n} in all", "共 {n} 次"),
    "recorded": ("recorded", "如实记录"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "list_separator": (", ", "、"),
    "field_sku": ("SKU", "SKU"),
    "field_product_name": ("product name", "产品名称"),
}
"""key -> (English, Chinese); ``{name}`` placeholders are filled by ``msg``."""
