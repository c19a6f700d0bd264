"""Strict YAML reading for files people type by hand.

PyYAML's loaders run Python tags, keep the last of duplicate keys, expand alias bombs and read
``NO`` as false and ``012`` as octal. Here the C parser only builds the node tree; this module
turns nodes into plain data itself: every scalar stays the text that was typed (``None`` for an
empty value), so the checklist item that receives it decides what it means. It also records the
line of every value, for error messages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from qa_check.errors import InputError, Location, Problem

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
            raise InputError(
                [Problem(where, f"file is {size:,} bytes; the limit is {limit:,} bytes")]
            )
        text = path.read_bytes().decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError([Problem(where, encoding_message(exc, encoding))]) from None
    except OSError as exc:
        raise InputError([Problem(where, f"cannot read file: {exc.strerror}")]) from None
    if not text.strip():
        raise InputError([Problem(where, "file is empty")])
    return text


def encoding_message(exc: UnicodeDecodeError, encoding: str) -> str:
    """Explain a decoding failure in the words of someone who saved a file from Excel."""
    base = f"not valid {encoding.removesuffix('-sig').upper()} text (byte {exc.start})"
    if encoding.lower().startswith("utf"):
        return base + "; if Excel saved it as GBK / ANSI, run again with --encoding gbk"
    return base


def load_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document into plain data and a map from value path to 1-based line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = str(exc.problem or exc.context or "invalid YAML").strip()
        raise InputError([Problem(Location(file, line), f"invalid YAML: {message}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Location(file), f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError([Problem(Location(file), "file holds no YAML document")])
    builder = _Builder(file)
    return builder.build(node, (), 0), builder.lines


class _Builder:
    """Walks a node tree once, counting values so that aliases cannot blow up memory."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        self.count = 0

    def fail(self, node: yaml.Node, message: str) -> InputError:
        return InputError([Problem(Location(self.file, node.start_mark.line + 1), message)])

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES:,} values (an alias bomb?)")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _ALLOWED_TAGS:
            raise self.fail(node, f"YAML tag {node.tag.replace(_TAG_PREFIX, '!!')} is not allowed")
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
                raise self.fail(key_node, "merge keys (<<) are not supported; write the values out")
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_TAGS:
                raise self.fail(key_node, "a key must be plain text")
            key = key_node.value
            if key in mapping:
                first = self.lines.get((*path, key))
                raise self.fail(key_node, f"duplicate key {key!r} (first given on line {first})")
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
