"""Strict YAML reading for files people type by hand.

PyYAML's loaders run Python tags, keep the last of duplicate keys, expand alias bombs and read
``NO`` as false and ``012`` as octal. Here the C parser only builds the node tree; this module
turns nodes into plain data itself: every scalar stays the text that was typed (``None`` for an
empty value), so the checklist item that receives it decides what it means. It also records the
line of every value, for error messages.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Any

import yaml

from qa_check.errors import InputError, Location, Problem
from qa_check.i18n import Message, msg, word

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 10 * 1024 * 1024
"""YAML and JSON documents are read whole; anything larger is refused, not parsed."""

MAX_NODES = 200_000
"""Values built from one document at most, aliases counted each time they are used."""

MAX_DEPTH = 64

_TAG_PREFIX = "tag:yaml.org,2002:"
_ALLOWED_TAGS = frozenset(
    _TAG_PREFIX + name
    for name in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
)
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))

Path_ = tuple[str | int, ...]


def read_text(path: Path, encoding: str = "utf-8-sig", limit: int = MAX_FILE_BYTES) -> str:
    """Read a whole text file, refusing ones that are too large, empty or wrongly encoded."""
    where = Location(str(path))
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError([Problem(where, msg("file_too_large", size=size, limit=limit))])
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError([Problem(where, encoding_message(exc, encoding))]) from None
    except OSError as exc:
        raise InputError([Problem(where, cannot_read(exc))]) from None
    if not text.strip():
        raise InputError([Problem(where, msg("file_empty"))])
    return text


_OS_REASONS = {
    errno.ENOENT: "os_no_such_file",
    errno.EISDIR: "os_is_a_folder",
    errno.EACCES: "os_no_permission",
    errno.EPERM: "os_no_permission",
}


def cannot_read(exc: OSError) -> Message:
    """``cannot read file: …``, with the system's reason in plain words."""
    key = _OS_REASONS.get(exc.errno or 0)
    reason = exc.strerror or str(exc)
    if key is None:
        return msg("cannot_read_file", reason=msg("os_other", reason=reason))
    return msg("cannot_read_file", reason=Message(reason, word(key, "zh")))


def encoding_message(exc: UnicodeDecodeError, encoding: str) -> Message:
    """Explain a decoding failure in the words of someone who saved a file from Excel."""
    name = encoding.removesuffix("-sig").upper()
    key = "not_encoded_utf8" if encoding.lower().startswith("utf") else "not_encoded"
    return msg(key, encoding=name, byte=exc.start)


def load_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document into plain data and a map from value path to 1-based line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = msg("invalid_yaml", reason=syntax_reason(exc, text))
        raise InputError([Problem(Location(file, line), message)]) from None
    except yaml.YAMLError as exc:
        message = msg("invalid_yaml", reason=msg("yaml_other", detail=str(exc)))
        raise InputError([Problem(Location(file), message)]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem(Location(file), msg("yaml_no_document"))])
    builder = _Builder(file)
    return builder.build(node, (), 0), builder.lines


_FULLWIDTH_SPACE = "\u3000"
_LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
_FULLWIDTH_COLON_KEY = re.compile(r"^[ \t\u3000]*(?:-[ \t\u3000]+)?[^\s:#'\"][^:#'\"]*：")
"""A key typed with the Chinese input method on: ``site： X``."""
_NO_SPACE_AFTER_COLON = re.compile(r"^\s*(?:-\s+)?[^\s:#'\"][^:#'\"]*:[^\s:]")
_LOOK_BACK = 20
"""Lines to look back for a full-width colon: a plain value runs on until a colon ends it."""


def syntax_reason(exc: yaml.MarkedYAMLError, text: str) -> Message:
    """A YAML syntax error in plain words with a hint, from PyYAML's words and the lines.

    The line the error is reported on stays PyYAML's; when the slip is on an earlier line
    (a key without its colon is noticed on the next line), the reason names that line.
    """
    problem = str(exc.problem or exc.context or "").strip()
    lines = _LINE_BREAK.split(text)
    mark = exc.problem_mark or exc.context_mark
    reported = mark.line + 1 if mark is not None else 0
    context = exc.context_mark.line + 1 if exc.context_mark is not None else reported

    def where(line: int) -> Message | str:
        return "" if line == reported else msg("yaml_on_line", line=line)

    def line_text(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    slip = _typing_slip(lines, reported, context)
    if slip is not None:
        key, number = slip
        return msg(key, where=where(number))
    if "cannot start any token" in problem and mark is not None:
        char = line_text(reported)[mark.column : mark.column + 1]
        if char == "\t":
            return msg("yaml_tab", where="")
        return msg("yaml_cannot_start", char=char or "?", where="")
    if "tab character" in problem:
        return msg("yaml_tab", where="")
    if "could not find expected ':'" in problem:
        key = (
            "yaml_no_space_after_colon"
            if _NO_SPACE_AFTER_COLON.match(line_text(context))
            else "yaml_no_colon"
        )
        return msg(key, where=where(context))
    if "mapping values are not allowed" in problem:
        return msg("yaml_colon_out_of_place", where="")
    if "end of stream" in problem:
        if "quoted scalar" in str(exc.context):
            return msg("yaml_unclosed_quote", line=context)
        return msg("yaml_ends_early")
    if "did not find expected ','" in problem:
        return msg("yaml_unclosed_bracket", line=context)
    if "another document" in problem:
        return msg("yaml_another_document")
    if "did not find expected key" in problem and mark is not None:
        before = line_text(reported)[: mark.column]
        quoted = before.strip() and ("'" in before or '"' in before)
        return msg("yaml_text_after_quote" if quoted else "yaml_indentation", where="")
    if "expected '-' indicator" in problem:
        return msg("yaml_list_mixed", where="")
    if problem.startswith("expected <"):
        return msg("yaml_indentation", where="")
    if "escape character" in problem:
        return msg("yaml_escape", where="")
    if "undefined alias" in problem:
        return msg("yaml_undefined_alias", where="")
    return msg("yaml_other", detail=problem or "invalid YAML")


def _typing_slip(lines: list[str], reported: int, context: int) -> tuple[str, int] | None:
    """A full-width colon or space, or a tab, near where PyYAML stopped: (reason key, line).

    PyYAML notices ``site： X`` only where the plain value it started runs into the next
    colon, so the lines before the reported one are looked at too, back to one with a colon.
    """
    numbers = {reported, reported - 1, context}
    number = reported - 2
    while number > 0 and reported - number <= _LOOK_BACK and ":" not in lines[number - 1]:
        numbers.add(number)
        number -= 1
    for number in sorted(n for n in numbers if 0 < n <= len(lines)):
        line = lines[number - 1]
        indent = line[: len(line) - len(line.lstrip(" \t\u3000"))]
        if _FULLWIDTH_COLON_KEY.match(line):
            return "yaml_fullwidth_colon", number
        if _FULLWIDTH_SPACE in indent:
            return "yaml_fullwidth_space", number
        if "\t" in indent and number in (reported, context):
            return "yaml_tab", number
    return None


class _Builder:
    """Walks a node tree once, counting values so that aliases cannot blow up memory."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.count = 0

    def fail(self, node: yaml.Node, message: Message) -> InputError:
        return InputError([Problem(Location(self.file, node.start_mark.line + 1), message)])

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, msg("yaml_too_many_values", limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise self.fail(node, msg("yaml_too_deep", limit=MAX_DEPTH))
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(node, msg("yaml_tag", tag=node.tag.replace(_TAG_PREFIX, "!!")))
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            if not node.style and node.value in _NULLS:
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i), depth + 1) for i, child in enumerate(node.value)]
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _TAG_PREFIX + "merge":
                raise self.fail(key_node, msg("yaml_merge_key"))
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                raise self.fail(key_node, msg("yaml_key_not_text"))
            key = key_node.value
            if _FULLWIDTH_SPACE in key and not key_node.style:
                reason = msg("yaml_fullwidth_space", where="")
                raise self.fail(key_node, msg("invalid_yaml", reason=reason))
            if key in mapping:
                first = self.lines.get((*path, key))
                raise self.fail(key_node, msg("yaml_duplicate_key", key=key, first=first))
            mapping[key] = self.build(value_node, (*path, key), depth + 1)
            self.lines[(*path, key)] = key_node.start_mark.line + 1
        return mapping


def line_for(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of a value, or of its nearest enclosing value when it is absent."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
