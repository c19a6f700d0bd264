"""The strict YAML reader: unsafe or surprising YAML is refused with a located one-line message."""

from __future__ import annotations

import inspect
import itertools
import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_bounded
from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.messages import msg
from qa_check.files import safe_yaml
from qa_check.files.safe_yaml import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_NODES,
    line_for,
    load_yaml,
    read_text,
)


def only_problem(text: str, file: str = "r.yaml") -> Problem:
    with pytest.raises(InputError) as caught:
        load_yaml(text, file)
    problems = caught.value.problems
    assert len(problems) == 1
    assert "\n" not in str(problems[0])
    return problems[0]


def billion_laughs(levels: int = 9) -> str:
    names = "abcdefghijklmnopqrstuvwxyz"[: levels + 1]
    lines = [f"{names[0]}: &{names[0]} [" + ", ".join(['"lol"'] * 9) + "]"]
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


# --- unsafe YAML -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "tag"),
    [
        ('cmd: !!python/object/apply:os.system ["echo hi"]\n', 1, "!!python/object/apply"),
        ("sku: A-1\nrun: !!python/name:os.system\n", 2, "!!python/name:os.system"),
        ("sku: A-1\nx: !!python/object:collections.OrderedDict {}\n", 2, "!!python/object"),
        ("a:\n  - ok\n  - !!binary aGk=\n", 3, "!!binary"),
        ("a: !!set {x}\n", 1, "!!set"),
        ("a: !custom value\n", 1, "!custom"),
    ],
)
def test_tags_other_than_plain_data_are_refused_with_their_line(
    text: str, line: int, tag: str
) -> None:
    problem = only_problem(text)
    assert problem.location.file == "r.yaml"
    assert problem.location.line == line
    assert tag in problem.message
    assert "not allowed" in problem.message


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'x: !!python/object/apply:os.system ["touch {marker}"]\n'
    only_problem(text)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "key", "first", "line"),
    [
        ("sku: A\nsite: X\nsku: B\n", "sku", 1, 3),
        (
            "answers:\n  drop-test:\n    surface: concrete\n    surface: steel_3mm\n",
            "surface",
            3,
            4,
        ),
        ("a:\n  x: 1\nb: 2\na:\n  y: 2\n", "a", 1, 4),
    ],
)
def test_duplicate_keys_name_the_key_and_the_first_line(
    text: str, key: str, first: int, line: int
) -> None:
    problem = only_problem(text)
    assert problem.location.line == line
    assert f"duplicate key {key!r}" in problem.message
    assert f"first given on line {first}" in problem.message


def test_the_same_key_in_different_mappings_is_not_a_duplicate() -> None:
    data, _ = load_yaml("a:\n  x: 1\nb:\n  x: 2\n", "r.yaml")
    assert data == {"a": {"x": "1"}, "b": {"x": "2"}}


def test_billion_laughs_is_refused_with_a_count() -> None:
    problem = only_problem(billion_laughs(9))
    assert f"more than {MAX_NODES:,} values" in problem.message
    assert "alias bomb" in problem.message
    assert problem.location.line is not None


def test_aliases_are_counted_each_time_they_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # Level a is 10 values, b is 1 + 9 * 10 = 91, c is 1 + 9 * 91 = 820: past a cap of 100.
    monkeypatch.setattr(safe_yaml, "MAX_NODES", 100)
    problem = only_problem(billion_laughs(2))
    assert "more than 100 values" in problem.message
    # The same document without the third level stays under the cap.
    monkeypatch.setattr(safe_yaml, "MAX_NODES", 200)
    data, _ = load_yaml(billion_laughs(1), "r.yaml")
    assert data["b"] == [["lol"] * 9] * 9


def test_a_small_alias_is_expanded_as_plain_data() -> None:
    data, _ = load_yaml("a: &x [1, 2]\nb: *x\n", "r.yaml")
    assert data == {"a": ["1", "2"], "b": ["1", "2"]}


def test_recursive_alias_is_refused() -> None:
    problem = only_problem("a: &loop\n  - *loop\n")
    assert problem.location.line is not None
    assert "nested more than" in problem.message


def test_deep_nesting_is_refused() -> None:
    depth = MAX_DEPTH + 5
    problem = only_problem("[" * depth + "]" * depth + "\n")
    assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    assert problem.location.line == 1


def test_nesting_within_the_limit_is_read() -> None:
    depth = MAX_DEPTH - 1
    data, _ = load_yaml("[" * depth + "]" * depth + "\n", "r.yaml")
    for _ in range(depth - 1):
        assert isinstance(data, list)
        data = data[0]
    assert data == []


def alias_chain(levels: int) -> str:
    """Each anchor holds the one before it in a list: one level deeper per alias."""
    lines = ["a0: &a0 [x]"]
    lines += [f"a{n}: &a{n} [*a{n - 1}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


LOAD_AND_SHOW = """
import sys
from pathlib import Path
from qa_check.core.errors import InputError
from qa_check.files.safe_yaml import load_yaml
try:
    load_yaml(Path(sys.argv[1]).read_text("utf-8"), "r.yaml")
except InputError as exc:
    print(exc.problems[0])
"""

TOO_DEEP = msg("yaml_too_deep", limit=MAX_DEPTH)
"""qa-check's own words, whatever libyaml's build says when its nesting limit stops it."""

HOSTILE_YAML = [
    ("flow lists 40,000 deep", "sku: " + "[" * 40_000 + "]" * 40_000 + "\n", 1, TOO_DEEP),
    ("flow maps 40,000 deep", "sku: " + "{a: " * 40_000 + "}" * 40_000 + "\n", 1, TOO_DEEP),
    ("40,000 brackets never closed", "sku: " + "[" * 40_000 + "\n", 1, TOO_DEEP),
    ("40,000 list entries on one line", "- " * 40_000 + "x\n", 1, TOO_DEEP),
    ("indented 1,000 deep", "".join(" " * n + "a:\n" for n in range(1_000)), 66, TOO_DEEP),
    ("aliases nesting 100 deep", alias_chain(100), 64, TOO_DEEP),
    ("a recursive alias", "a: &loop\n  - *loop\n", 2, TOO_DEEP),
    ("an alias bomb", billion_laughs(9), 6, f"more than {MAX_NODES:,} values"),
    ("a duplicate key before deep nesting", "a: 1\na: 2\nb: " + "[" * 40_000, 2, "duplicate"),
]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [case[1:] for case in HOSTILE_YAML],
    ids=[case[0] for case in HOSTILE_YAML],
)
def test_hostile_yaml_is_refused_quickly_and_within_memory(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    # libyaml's tree builder recursed once per level: 40,000 brackets crashed the process.
    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    shown = run_bounded(LOAD_AND_SHOW, str(path), seconds=20, memory_mib=256)
    assert shown.startswith(f"r.yaml:{line}: ")
    assert words in shown


class _StoppingParser:
    """A libyaml of another build: its own nesting limit, 1,000 levels, in words of its own."""

    def __init__(self, text: str) -> None:
        self.text = text

    def get_event(self) -> yaml.Event:
        column = self.text.index("[") + 1_000
        where = yaml.Mark("<unicode string>", column, 0, column, None, 0)
        raise yaml.scanner.ScannerError("while doing what it does", None, "words of its own", where)

    def dispose(self) -> None:
        pass


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("sku: " + "[" * 1_100 + "\n", f"r.yaml:1: {TOO_DEEP}"),
        ("sku: [" + "a, " * 1_100 + "\n", "r.yaml:1: invalid YAML: words of its own"),
    ],
    ids=["nested past qa-check's limit", "not nested"],
)
def test_libyamls_own_nesting_limit_is_refused_in_qa_checks_words(
    monkeypatch: pytest.MonkeyPatch, text: str, shown: str
) -> None:
    """Where libyaml stops, in whatever words, a document nested too deep gets qa-check's."""
    monkeypatch.setattr(safe_yaml, "_Loader", _StoppingParser)
    assert str(only_problem(text)) == shown


def test_aliases_nesting_within_the_limit_are_read() -> None:
    data, _ = load_yaml(alias_chain(MAX_DEPTH - 1), "r.yaml")
    value = data[f"a{MAX_DEPTH - 2}"]
    for _ in range(MAX_DEPTH - 2):
        [value] = value
    assert value == ["x"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("key: &k text\nother: *k\n", {"key": "text", "other": "text"}),
        ("&k key: 1\n*k : 2\n", None),  # the alias repeats the key: a duplicate
        ("a: &k sku\nb:\n  *k : A-1\n", {"a": "sku", "b": {"sku": "A-1"}}),
        ("a: =\nb: <<\n", {"a": "=", "b": "<<"}),  # plain text, not YAML's value or merge
        ("a: ! 12\n", {"a": "12"}),
    ],
)
def test_keys_and_values_from_aliases_and_odd_scalars(
    text: str, expected: dict[str, Any] | None
) -> None:
    if expected is None:
        assert "duplicate key 'key'" in only_problem(text).message
    else:
        assert load_yaml(text, "r.yaml")[0] == expected


def test_an_alias_of_a_list_is_no_key() -> None:
    problem = only_problem("a: &k [1]\nb:\n  *k : 2\n")
    assert problem.location.line == 3
    assert problem.message == "a key must be plain text: write key: value"


def test_an_anchor_defined_twice_names_both_lines() -> None:
    problem = only_problem("a: &x 1\nb: &x 2\nc: *x\n")
    assert problem.location.line == 2
    assert problem.message == (
        "the anchor &x is defined twice (first on line 1): give each anchor its own name"
    )


def test_a_value_repeated_by_an_alias_is_located_at_the_alias() -> None:
    data, lines = load_yaml("base: &b\n  x: 1\nrecord:\n  copy: *b\n", "r.yaml")
    assert data["record"]["copy"] == {"x": "1"}
    assert line_for(lines, ("record", "copy", "x")) == 4


def test_a_syntax_error_further_on_comes_before_a_bad_value() -> None:
    # The document is parsed whole before it is judged, as a person reads it top to bottom.
    problem = only_problem("a: 1\na: 2\nb: [unclosed\n")
    assert problem.message.startswith("invalid YAML:")


def test_merge_keys_are_refused_with_a_message_saying_so() -> None:
    problem = only_problem("base: &b\n  x: 1\nother:\n  <<: *b\n  y: 2\n")
    assert problem.location.line == 4
    assert "merge keys (<<) are not supported" in problem.message


def test_a_quoted_merge_key_is_an_ordinary_key() -> None:
    data, _ = load_yaml('"<<": 1\n', "r.yaml")
    assert data == {"<<": "1"}


@pytest.mark.parametrize("text", ["? [a, b]\n: 1\n", "? {a: 1}\n: 2\n"])
def test_keys_must_be_plain_text(text: str) -> None:
    problem = only_problem(text)
    assert "a key must be plain text" in problem.message
    assert problem.location.line == 1


# --- documents ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_no_document_is_an_error(text: str) -> None:
    problem = only_problem(text)
    assert problem.message == "file holds no YAML document"


def test_an_empty_document_is_none_for_the_caller_to_refuse() -> None:
    assert load_yaml("---\n", "r.yaml")[0] is None


def test_several_documents_in_one_file_are_refused_with_the_line() -> None:
    problem = only_problem("sku: A\n---\nsku: B\n")
    assert problem.location.line == 2
    assert problem.message.startswith("invalid YAML:")
    assert "another document" in problem.message


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("sku: A\nsite: [unclosed\n", 3),
        ("sku: A\n  bad indent: x\n", 2),
        ("a: 'open\n", 2),
        ("a:\tb: c\n", 1),
    ],
)
def test_syntax_errors_are_one_line_with_a_line_number(text: str, line: int) -> None:
    problem = only_problem(text)
    assert problem.message.startswith("invalid YAML:")
    assert problem.location.line == line


# --- YAML 1.1 surprises ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("Off", "Off"),
        ("true", "true"),
        ("012", "012"),
        ("0o12", "0o12"),
        ("1e3", "1e3"),
        ("0x1F", "0x1F"),
        ("1_000", "1_000"),
        ("1.50", "1.50"),
        (".inf", ".inf"),
        (".nan", ".nan"),
        ("12:30:00", "12:30:00"),
        ("2026-11-20", "2026-11-20"),
        ("2026-11-20T10:15:00+08:00", "2026-11-20T10:15:00+08:00"),
        ("~", None),
        ("null", None),
        ("NULL", None),
        ("", None),
        ('"NO"', "NO"),
        ("'012'", "012"),
        ('"~"', "~"),
        ('"null"', "null"),
        ('""', ""),
        ("''", ""),
        ('" padded "', " padded "),
        ("无线耳机", "无线耳机"),
    ],
)
def test_scalars_stay_the_text_that_was_typed(typed: str, value: str | None) -> None:
    data, _ = load_yaml(f"answer: {typed}\n", "r.yaml")
    assert data == {"answer": value}


def test_block_scalars_and_sequences_keep_text() -> None:
    data, _ = load_yaml("note: |\n  line one\n  line two\nlist:\n  - 1\n  -\n  - no\n", "r.yaml")
    assert data == {"note": "line one\nline two\n", "list": ["1", None, "no"]}


def test_keys_stay_text_too() -> None:
    data, _ = load_yaml("1: a\nno: b\n~: c\n", "r.yaml")
    assert data == {"1": "a", "no": "b", "~": "c"}


# --- the line map ------------------------------------------------------------------------

DOCUMENT = """\
sku: A-1
product:
  electrical: yes
  gross_weight_kg: 0.45
answers:
  drop-test:
    surface: concrete
    drops: [intact, intact,
      damaged]
    hold:
      - 1
      - 2
"""


@pytest.mark.parametrize(
    ("path", "line"),
    [
        ((), 1),
        (("sku",), 1),
        (("product",), 2),
        (("product", "electrical"), 3),
        (("product", "gross_weight_kg"), 4),
        (("answers", "drop-test"), 6),
        (("answers", "drop-test", "surface"), 7),
        (("answers", "drop-test", "drops"), 8),
        (("answers", "drop-test", "drops", 0), 8),
        (("answers", "drop-test", "drops", 2), 9),
        (("answers", "drop-test", "hold", 1), 12),
        # Absent paths fall back to the nearest enclosing value.
        (("answers", "drop-test", "parts_fit"), 6),
        (("answers", "drop-test", "drops", 7), 8),
        (("product", "height_cm"), 2),
        (("missing", "deeper"), 1),
    ],
)
def test_line_for_finds_the_value_or_its_nearest_parent(
    path: tuple[str | int, ...], line: int
) -> None:
    _, lines = load_yaml(DOCUMENT, "r.yaml")
    assert line_for(lines, path) == line


def test_line_for_an_empty_map_is_none() -> None:
    assert line_for({}, ("sku",)) is None


def test_a_list_document_maps_each_entry() -> None:
    data, lines = load_yaml("- sku: A\n  site: X\n\n- sku: B\n", "r.yaml")
    assert data == [{"sku": "A", "site": "X"}, {"sku": "B"}]
    assert line_for(lines, (0, "site")) == 2
    assert line_for(lines, (1,)) == 4
    assert line_for(lines, (1, "site")) == 4


# --- read_text ---------------------------------------------------------------------------


def read_problem(path: Path, **options: Any) -> Problem:
    with pytest.raises(InputError) as caught:
        read_text(path, **options)
    problems = caught.value.problems
    assert len(problems) == 1
    assert problems[0].location.file == str(path)
    assert "\n" not in str(problems[0])
    return problems[0]


def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("sku: " + "x" * 200 + "\n", encoding="utf-8")
    problem = read_problem(path, limit=100)
    assert "file is 206 bytes; the limit is 100 bytes" in problem.message


def test_the_default_limit_is_the_module_cap() -> None:
    assert inspect.signature(read_text).parameters["limit"].default == MAX_FILE_BYTES


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_bytes(b"sku: A\n")
    assert read_text(path, limit=7) == "sku: A\n"


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty_and_blank_files_are_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.yaml"
    path.write_bytes(content)
    assert read_problem(path).message == "file is empty"


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffsku: 无线\n".encode())
    text = read_text(path)
    assert text == "sku: 无线\n"
    assert load_yaml(text, str(path))[0] == {"sku": "无线"}


def test_a_non_utf8_file_names_the_encoding_option(tmp_path: Path) -> None:
    path = tmp_path / "gbk.yaml"
    path.write_bytes("sku: A\r\nsite: B\rproduct_name: 无线耳机\n".encode("gbk"))
    problem = read_problem(path)
    assert problem.location.line == 3
    assert "not valid UTF-8 text (character 15 of the line)" in problem.message
    assert "--encoding gbk" in problem.message
    assert read_text(path, encoding="gbk") == "sku: A\r\nsite: B\rproduct_name: 无线耳机\n"


def test_a_missing_file_is_a_located_problem(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    assert read_problem(path).message.startswith("cannot read file:")


def test_a_folder_is_not_readable_text(tmp_path: Path) -> None:
    folder = tmp_path / "dir.yaml"
    folder.mkdir()
    assert read_problem(folder).message.startswith("cannot read file:")


@pytest.mark.parametrize(
    ("content", "encoding", "text"),
    [
        ("sku: 无线\n".encode("utf-16"), "utf-16", "sku: 无线\n"),
        ("\ufeffsku: 无线\n".encode("utf-16-le"), "utf-16-le", "sku: 无线\n"),
        ("sku: 无线\n".encode("gb18030"), "gb18030", "sku: 无线\n"),
    ],
)
def test_other_encodings_are_read(content: bytes, encoding: str, text: str, tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    assert read_text(path, encoding) == text


@pytest.mark.parametrize(
    ("content", "encoding", "line", "words"),
    [
        ("sku: A\n".encode("utf-16-le"), "utf-16", None, "not valid UTF-16 text;"),  # no BOM
        ("sku: A".encode("utf-16") + b"\x00", "utf-16", 1, "UTF-16 text (character 7 of the line)"),
        (b"a: 1\nb: \xa1\n", "gbk", 2, "not valid GBK text (character 4 of the line)"),
    ],
)
def test_any_decoding_failure_is_a_located_problem(
    tmp_path: Path, content: bytes, encoding: str, line: int | None, words: str
) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    problem = read_problem(path, encoding=encoding)
    assert problem.location.line == line
    assert words in problem.message


READ_AND_SHOW = """
import sys
from pathlib import Path
from qa_check.core.errors import InputError
from qa_check.files.safe_yaml import read_text
try:
    read_text(Path(sys.argv[1]))
except InputError as exc:
    print(exc.problems[0].message)
"""


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no FIFOs or /dev/zero here")
@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_what_is_no_regular_file_is_refused_unread(tmp_path: Path, kind: str) -> None:
    # A FIFO waits for a writer forever; /dev/zero never ends.
    path = tmp_path / "r.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    shown = run_bounded(READ_AND_SHOW, str(path), seconds=20, memory_mib=128)
    assert shown == "cannot read file: not a regular file (a pipe, a device or a socket)\n"


def test_no_more_than_the_limit_is_read_whatever_the_size_says(tmp_path: Path) -> None:
    proc = Path("/proc/self/status")  # claims 0 bytes, holds more
    if not proc.exists():
        pytest.skip("no /proc here")
    problem = read_problem(proc, limit=10)
    assert problem.message.startswith("file is 11 bytes; the limit is 10 bytes")


@pytest.mark.parametrize(
    ("text", "line", "code", "column"),
    [
        ("sku: A\nproduct_name: x\x00y\n", 2, "U+0000", 16),
        ("sku: A\x07\n", 1, "U+0007", 7),
        ("sku: A\nname: b\n  # \x7f\n", 3, "U+007F", 5),
        ("sku: A\nproduct_name: x\x85y\nbrand: z\n", 2, "U+0085", 16),
        ("sku: \x9b[31mA\n", 1, "U+009B", 6),
    ],
    ids=["NUL", "BEL", "DEL in a comment", "NEL, a C1 line end", "CSI, a C1 escape"],
)
def test_a_control_character_is_refused_at_its_line_and_column(
    text: str, line: int, code: str, column: int
) -> None:
    with pytest.raises(InputError) as caught:
        load_yaml(text, "r.yaml")
    [problem] = caught.value.problems
    assert problem.location == Location("r.yaml", line)
    reason = msg("yaml_control", code=code, column=column)
    assert problem.message == msg("invalid_yaml", reason=reason)


def test_tabs_and_line_ends_are_no_control_characters_to_refuse() -> None:
    data, _ = load_yaml("sku: A\r\nname: 'a\tb'\r\n", "r.yaml")
    assert data == {"sku": "A", "name": "a\tb"}
