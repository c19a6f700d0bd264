"""Strict YAML reading for files people type by hand.

PyYAML's loaders run Python tags, keep the last of duplicate keys, expand alias bombs and read
``NO`` as false and ``012`` as octal, and libyaml's tree builder recurses once per nesting level
(40,000 brackets crash it). Here plain data is built straight from the C parser's events, the
depth checked as each collection opens: every scalar stays the text that was typed (``None``
for an empty value), so the checklist item that receives it decides what it means. It also
records the line of every value, for error messages.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

import yaml

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.files import fileio
from qa_check.files.fileio import os_reason

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
_MERGE_TAG = _TAG_PREFIX + "merge"
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))

Path_ = tuple[str | int, ...]

UNDECODABLE = "\udcff"
"""What the decoder puts where bytes are not valid in the encoding: a lone surrogate, which
no decoded text holds otherwise, so one search finds the place."""
DECODE_ERRORS = "qa-check-undecodable"
"""The name of the decoding error handler that puts UNDECODABLE in."""


def _undecodable(exc: UnicodeError) -> tuple[str, int]:
    if isinstance(exc, UnicodeDecodeError):
        return UNDECODABLE, exc.end
    raise exc


codecs.register_error(DECODE_ERRORS, _undecodable)

def open_regular(path: Path) -> BinaryIO:
    """Open a file to read its bytes; InputError for anything that is not a regular file.

    A FIFO waits for a writer forever and a device such as /dev/zero never ends, so both are
    refused before a byte is read (``fileio.open_regular``, here following a link: records and
    checklists are files a person named).
    """
    try:
        return os.fdopen(fileio.open_regular(path, follow_links=True), "rb")
    except OSError as exc:
        raise InputError([Problem(Location(str(path)), cannot_read(exc))]) from None


def read_text(path: Path, encoding: str = "utf-8-sig", limit: int = MAX_FILE_BYTES) -> str:
    """Read a whole text file, refusing ones that are too large, empty or wrongly encoded.

    At most ``limit`` + 1 bytes are read, whatever the file claims its size is.
    """
    where = Location(str(path))
    with open_regular(path) as handle:
        try:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > limit else handle.read(size + 1)
            if size < len(data):  # still growing, or a /proc file that claims to be empty
                data += handle.read(limit - size)
        except OSError as exc:
            raise InputError([Problem(where, cannot_read(exc))]) from None
    size = max(size, len(data))
    if size > limit:
        raise InputError([Problem(where, msg("file_too_large", size=size, limit=limit))])
    text = _decode_text(data, encoding, where)
    if not text.strip():
        raise InputError([Problem(where, msg("file_empty"))])
    return text


def _decode_text(data: bytes, encoding: str, where: Location) -> str:
    """Decode a whole file as the line reader does; InputError naming the first bad line."""
    try:
        text = codecs.getincrementaldecoder(encoding)(DECODE_ERRORS).decode(data, final=True)
    except UnicodeError:  # not a decoding error but a refusal: UTF-16 without its byte order mark
        raise InputError([Problem(where, encoding_message(encoding))]) from None
    bad = text.find(UNDECODABLE)
    if bad >= 0:
        line = text.count("\n", 0, bad) + text.count("\r", 0, bad) - text.count("\r\n", 0, bad)
        start = max(text.rfind("\n", 0, bad), text.rfind("\r", 0, bad)) + 1
        message = encoding_message(encoding, bad - start + 1)
        raise InputError([Problem(where.at(line=line + 1), message)])
    return text.removeprefix("\ufeff")


def cannot_read(exc: OSError) -> Message:
    """``cannot read file: …``, with the system's reason in plain words."""
    return msg("cannot_read_file", reason=os_reason(exc))


def encoding_message(encoding: str, column: int | None = None) -> Message:
    """Explain a decoding failure in the words of someone who saved a file from Excel.

    The location names the line; ``column`` is the character where the line stops being text.
    """
    name = encoding.removesuffix("-sig").upper()
    key = "not_encoded_utf8" if encoding.lower().startswith("utf") else "not_encoded"
    where = Message("", "") if column is None else msg("encoding_at", column=column)
    return msg(key, encoding=name, where=where)


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters YAML refuses (C0 but tab and line ends, DEL) or takes for a line end
(C1's NEL): in a record they are a slip of the keyboard or of an encoding, never meant."""


def load_yaml(text: str, file: str) -> tuple[Any, dict[Path_, int]]:
    """Parse one YAML document into plain data and a map from value path to 1-based line.

    A control character is refused first, at its line and column: libyaml names it by its
    offset in the whole text, and reads NEL as a line break that moves every later line.
    """
    control = _CONTROL.search(text)
    if control is not None:
        at = control.start()
        column = at - text.rfind("\n", 0, at)
        found = msg("yaml_control", code=f"U+{ord(control.group()):04X}", column=column)
        where = Location(file, text.count("\n", 0, at) + 1)
        raise InputError([Problem(where, msg("invalid_yaml", reason=found))])
    loader = _Loader(text)
    try:
        return _Builder(loader.get_event, file, text).document()
    except yaml.MarkedYAMLError as exc:
        deep = nested_too_deep(text, exc)
        if deep is not None:
            message = msg("yaml_too_deep", limit=MAX_DEPTH)
            raise InputError([Problem(Location(file, deep), message)]) from None
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = msg("invalid_yaml", reason=syntax_reason(exc, text))
        raise InputError([Problem(Location(file, line), message)]) from None
    except yaml.YAMLError as exc:
        message = msg("invalid_yaml", reason=msg("yaml_other", detail=str(exc)))
        raise InputError([Problem(Location(file), message)]) from None
    finally:
        loader.dispose()


def nested_too_deep(text: str, exc: yaml.MarkedYAMLError) -> int | None:
    """The line where ``text`` nests deeper than MAX_DEPTH before libyaml stopped, if it does.

    libyaml scans far ahead of the events it hands over (up to 1,024 characters, for a key it
    may still have to find), so its own nesting limit (1,000 levels in recent builds, in words
    that change from one build to the next) can stop a document before the builder sees it
    pass MAX_DEPTH. PyYAML's pure-Python parser has no such limit: it reads the text up to the
    end of the line libyaml stopped on, counting depth as the builder does, so that the refusal
    is qa-check's own whatever libyaml says. Only a document libyaml refused is read twice.
    """
    mark = exc.problem_mark or exc.context_mark
    if mark is None:
        return None
    end = len(text)
    for number, found in enumerate(_LINE_BREAK.finditer(text)):
        if number == mark.line:
            end = found.end()
            break
    parser = yaml.SafeLoader(text[:end])
    next_event: Callable[[], yaml.Event | None] = parser.get_event
    depth = 0
    try:
        while (event := next_event()) is not None:
            if isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.NodeEvent):
                if depth > MAX_DEPTH:
                    return _line(event)
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


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


class _Anchor(NamedTuple):
    """What an anchor (``&name``) stands for, so that an alias repeats it without re-reading."""

    value: Any
    size: int
    """Values it holds, itself included: an alias counts them all again."""
    height: int
    """Levels it nests below itself: an alias adds them to its own depth."""
    text: str | None
    """The typed text of an anchored scalar, for an alias used as a key."""
    line: int


def _line(event: yaml.Event) -> int:
    mark = event.start_mark
    return mark.line + 1 if mark is not None else 1


class _Builder:
    """Builds plain data from parser events, refusing what a record may not hold as it comes.

    Depth is checked as each collection opens, before its contents are parsed; values are
    counted, an alias by the size of what it repeats, so that an alias bomb is refused too.
    """

    def __init__(self, events: Callable[[], yaml.Event], file: str, text: str) -> None:
        self.next = events
        self.file = file
        self.text = text
        self.lines: dict[Path_, int] = {}
        self.count = 0
        self.deepest = 0
        self.anchors: dict[str, _Anchor] = {}
        self.open: dict[str, int] = {}
        """Anchors of collections still being read (a recursive alias), with their lines."""

    def fail(self, event: yaml.Event, message: Message) -> InputError:
        return InputError([Problem(Location(self.file, _line(event)), message)])

    def document(self) -> tuple[Any, dict[Path_, int]]:
        """The stream's one document, built, with its syntax errors reported first.

        As when a document is parsed whole before it is judged, a syntax error anywhere in it
        comes before what is wrong with its values; only nesting too deep stops at once.
        """
        self.next()  # the stream starts
        if isinstance(self.next(), yaml.StreamEndEvent):
            raise InputError([Problem(Location(self.file), msg("yaml_no_document"))])
        try:
            data = self.value(self.next(), (), 0)
        except InputError:
            if self.skip_to_end():
                self.single()
            raise
        self.next()  # the document ends
        self.single()
        return data, self.lines

    def skip_to_end(self) -> bool:
        """Parse the rest of the document without building it; False if nesting stops it."""
        depth = 0
        try:
            while not isinstance(event := self.next(), yaml.DocumentEndEvent):
                if isinstance(event, yaml.CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        return False
                elif isinstance(event, yaml.CollectionEndEvent):
                    depth -= 1
        except yaml.MarkedYAMLError as exc:
            if nested_too_deep(self.text, exc) is not None:
                return False
            raise
        return True

    def single(self) -> None:
        after = self.next()
        if not isinstance(after, yaml.StreamEndEvent):
            raise self.fail(after, msg("invalid_yaml", reason=msg("yaml_another_document")))

    def value(self, event: yaml.Event, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(event, msg("yaml_too_many_values", limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise self.fail(event, msg("yaml_too_deep", limit=MAX_DEPTH))
        self.deepest = max(self.deepest, depth)
        self.lines[path] = _line(event)
        if isinstance(event, yaml.AliasEvent):
            return self.alias(event, depth).value
        assert isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent)
        tag = event.tag
        if tag is not None and tag != "!" and tag not in _ALLOWED_TAGS:
            raise self.fail(event, msg("yaml_tag", tag=tag.replace(_TAG_PREFIX, "!!")))
        name = event.anchor
        if name is None:
            return self.content(event, path, depth)
        self.check_new(event, name)
        outer, self.deepest, count = self.deepest, depth, self.count
        self.open[name] = _line(event)
        value = self.content(event, path, depth)
        del self.open[name]
        text = event.value if isinstance(event, yaml.ScalarEvent) else None
        size, height = self.count - count + 1, self.deepest - depth
        self.anchors[name] = _Anchor(value, size, height, text, _line(event))
        self.deepest = max(outer, self.deepest)
        return value

    def content(
        self, event: yaml.ScalarEvent | yaml.CollectionStartEvent, path: Path_, depth: int
    ) -> Any:
        if isinstance(event, yaml.ScalarEvent):
            if not event.style and event.value in _NULLS:
                return None
            return event.value
        if isinstance(event, yaml.SequenceStartEvent):
            entries: list[Any] = []
            while not isinstance(entry := self.next(), yaml.SequenceEndEvent):
                entries.append(self.value(entry, (*path, len(entries)), depth + 1))
            return entries
        mapping: dict[str, Any] = {}
        while not isinstance(key_event := self.next(), yaml.MappingEndEvent):
            key = self.key(key_event)
            line = _line(key_event)
            if key in mapping:
                first = self.lines.get((*path, key))
                raise self.fail(key_event, msg("yaml_duplicate_key", key=key, first=first))
            mapping[key] = self.value(self.next(), (*path, key), depth + 1)
            self.lines[(*path, key)] = line
        return mapping

    def key(self, event: yaml.Event) -> str:
        """A mapping key: typed text only, never a merge (``<<``) or a collection."""
        if isinstance(event, yaml.AliasEvent):
            text = self.alias(event, 0).text
            if text is None:
                raise self.fail(event, msg("yaml_key_not_text"))
            return text
        if not isinstance(event, yaml.ScalarEvent):
            raise self.fail(event, msg("yaml_key_not_text"))
        plain = not event.style
        if event.tag == _MERGE_TAG or (event.tag in (None, "!") and plain and event.value == "<<"):
            raise self.fail(event, msg("yaml_merge_key"))
        if event.tag not in (None, "!") and event.tag not in _ALLOWED_TAGS:
            raise self.fail(event, msg("yaml_key_not_text"))
        if _FULLWIDTH_SPACE in event.value and plain:
            reason = msg("yaml_fullwidth_space", where="")
            raise self.fail(event, msg("invalid_yaml", reason=reason))
        if event.anchor is not None:
            self.check_new(event, event.anchor)
            self.anchors[event.anchor] = _Anchor(event.value, 1, 0, event.value, _line(event))
        return event.value

    def check_new(self, event: yaml.Event, name: str) -> None:
        """An anchor names one value: a second ``&name`` would make aliases ambiguous."""
        first = self.anchors[name].line if name in self.anchors else self.open.get(name)
        if first is not None:
            raise self.fail(event, msg("yaml_duplicate_anchor", name=name, first=first))

    def alias(self, event: yaml.AliasEvent, depth: int) -> _Anchor:
        """What ``*name`` repeats, counted again and nested at the alias's depth."""
        name = event.anchor or ""
        if name in self.open:  # inside its own anchor: it would nest forever
            raise self.fail(event, msg("yaml_too_deep", limit=MAX_DEPTH))
        anchor = self.anchors.get(name)
        if anchor is None:
            reason = msg("yaml_undefined_alias", where="")
            raise self.fail(event, msg("invalid_yaml", reason=reason))
        self.count += anchor.size - 1
        if self.count > MAX_NODES:
            raise self.fail(event, msg("yaml_too_many_values", limit=MAX_NODES))
        if depth + anchor.height > MAX_DEPTH:
            raise self.fail(event, msg("yaml_too_deep", limit=MAX_DEPTH))
        self.deepest = max(self.deepest, depth + anchor.height)
        return anchor


def line_for(lines: dict[Path_, int], path: Path_) -> int | None:
    """The line of a value, or of its nearest enclosing value when it is absent."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
