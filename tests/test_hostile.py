"""Hostile and broken input, as a table: what a clumsy user or an attacker feeds the commands.

Each case builds its input in a fresh folder and runs the real command line in a child bounded
in time and memory (a hang or a blow-up fails the case, never the CI run). Every case must end
with its exit code and the located lines it names, no traceback, counts that add up to every
record given, and nothing written outside the folder named by ``--out``.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image

from conftest import (
    CHECKLISTS,
    MEMORY_LIMIT,
    PASSING_RECORD,
    ROOT,
    bounded,
    certificates_in,
    with_sku,
)

EXAMPLES = ROOT / "examples"
BATCH = (EXAMPLES / "batch.csv").read_text("utf-8")
"""Four rows: two PASS, two FAIL."""
_SUMMARY = re.compile(r"^(\d+) records?: (\d+) passed, (\d+) failed, (\d+) invalid$", re.M)
_MB = 1024 * 1024

Make = Callable[[Path], list[str]]


@dataclass(frozen=True)
class Case:
    """What to feed (``make`` writes it and returns the arguments) and what must come out."""

    make: Make
    code: int
    shows: tuple[str, ...] = ()
    counts: tuple[int, int, int] | None = None
    """Passed, failed and invalid in the summary line."""
    memory: int = MEMORY_LIMIT
    stderr: str = ""
    """Standard error, exactly: qa-check's own lines, nothing from a library it uses."""


# --- building inputs -----------------------------------------------------------------------


def record(sku: str = "HOSTILE-1", **answers: Any) -> dict[str, Any]:
    """The passing example for another SKU, with some packaging-stack answers replaced."""
    data = with_sku(PASSING_RECORD, sku)
    data["answers"]["packaging-stack"].update(answers)
    return data


def yaml_file(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def validate(*names: str) -> list[str]:
    return ["validate", *names, "-c", str(CHECKLISTS)]


def certify(*names: str) -> list[str]:
    return ["certify", *names, "-c", str(CHECKLISTS), "--out", "out"]


def csv_with(transform: Callable[[list[str]], list[str]], encoding: str = "utf-8") -> Make:
    """The example batch with its lines changed, validated."""

    def make(folder: Path) -> list[str]:
        text = "\n".join(transform(BATCH.splitlines())) + "\n"
        refused = encoding in ("rot13", "base64", "idna")  # the file is UTF-8; the option is wrong
        (folder / "batch.csv").write_bytes(text.encode("utf-8" if refused else encoding))
        return [*validate("batch.csv"), "--encoding", encoding]

    return make


def broken_row(cells: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    """A copy of row 2, for another SKU and with a broken cell, put after row 2."""

    def transform(lines: list[str]) -> list[str]:
        copy = cells(lines[1].replace("CUP-BAMBOO-4", "CUP-BROKEN", 2))
        return [*lines[:2], copy, *lines[2:]]

    return transform


def text_file(name: str, text: str) -> Make:
    def make(folder: Path) -> list[str]:
        (folder / name).write_text(text, "utf-8")
        return validate(name)

    return make


def jsonl(*lines: str, name: str = "batch.jsonl") -> Make:
    def make(folder: Path) -> list[str]:
        with (folder / name).open("w", encoding="utf-8") as out:
            for line in lines:
                out.write(line + "\n")
        return validate(name)

    return make


def huge_jsonl_line(size: int) -> Make:
    """A good record, then one line of ``size`` bytes, then a good record: written in chunks."""

    def make(folder: Path) -> list[str]:
        with (folder / "batch.jsonl").open("w", encoding="utf-8") as out:
            out.write(json.dumps(record("BEFORE"), ensure_ascii=False) + "\n")
            out.write('{"sku": "')
            for _ in range(size // _MB):
                out.write("x" * _MB)
            out.write('"}\n')
            out.write(json.dumps(record("AFTER"), ensure_ascii=False) + "\n")
        return validate("batch.jsonl")

    return make


def json_record(command: Callable[..., list[str]], raw_answer: str) -> Make:
    """A JSON record whose ``product_held_still`` (which does not apply to it) is ``raw_answer``."""

    def make(folder: Path) -> list[str]:
        text = json.dumps(record(product_held_still="@"), ensure_ascii=False)
        (folder / "r.json").write_text(text.replace('"@"', raw_answer), "utf-8")
        return command("r.json")

    return make


def checklist_folder(command: str) -> Make:
    """A checklist folder holding one YAML file nested 40,000 deep."""

    def make(folder: Path) -> list[str]:
        (folder / "lists").mkdir()
        (folder / "lists" / "deep.yaml").write_text("id: " + "[" * 40_000 + "]" * 40_000)
        yaml_file(folder / "r.yaml", record())
        if command == "lint":
            return ["lint", "lists"]
        return ["validate", "r.yaml", "-c", "lists"]

    return make


def walked(folder: Path) -> list[str]:
    """A folder holding a record, a link out of it, a dangling link and a pipe."""
    (folder / "in").mkdir()
    yaml_file(folder / "in" / "a.yaml", record("A"))
    yaml_file(folder / "outside.yaml", record("OUTSIDE"))
    (folder / "in" / "b.yaml").symlink_to(folder / "outside.yaml")
    (folder / "in" / "c.yaml").symlink_to(folder / "gone.yaml")
    os.mkfifo(folder / "in" / "d.yaml")
    return validate("in")


def control_characters(folder: Path) -> list[str]:
    """A SKU and a product name that would forge a report line and clear the screen."""
    data = record("X\n4 records: 4 passed, 0 failed, 0 invalid\x1b[2J")
    data["product_name"] = "Mug\r\x1b]0;owned\x07"
    yaml_file(folder / "r.yaml", data)
    return validate("r.yaml")


def colliding_skus(folder: Path) -> list[str]:
    yaml_file(folder / "a.yaml", record("a/b"))
    yaml_file(folder / "b.yaml", record("a_b-c14cddc0"))
    return certify("a.yaml", "b.yaml")


def with_photo(make_photo: Callable[[Path], None], names: list[str] | None = None) -> Make:
    """A record naming ``x.jpg`` (or ``names``), made by ``make_photo``; certified."""

    def make(folder: Path) -> list[str]:
        make_photo(folder / "x.jpg")
        data = record()
        data["photos"] = names or ["x.jpg"]
        yaml_file(folder / "r.yaml", data)
        return certify("r.yaml")

    return make


def long_number(folder: Path) -> list[str]:
    """A drop height of 400 digits: no float holds it."""
    data = record()
    data["answers"]["drop-test"]["drop_height_m"] = "@"
    text = json.dumps(data, ensure_ascii=False).replace('"@"', "1" + "0" * 400)
    (folder / "r.json").write_text(text, "utf-8")
    return certify("r.json")


def certified_then_verified(inspected_at: str, issued_at: str) -> Make:
    """A certificate of an inspection, issued at ``issued_at`` (made here), then verified."""

    def make(folder: Path) -> list[str]:
        data = record()
        data["inspected_at"] = inspected_at
        yaml_file(folder / "r.yaml", data)
        made = bounded(
            [sys.executable, "-m", "qa_check", *certify("r.yaml"), "--issued-at", issued_at],
            cwd=folder,
        )
        assert (made.returncode, made.stderr) == (0, "")
        [certificate] = certificates_in(folder / "out")
        shown = str(certificate.relative_to(folder))
        return ["verify", shown, "-c", str(CHECKLISTS), "--at", issued_at]

    return make


def not_a_file(name: str) -> str:
    return f"error: {name}: not a certificate: not a regular file (a folder, a pipe or a device)\n"


def no_text(encoding: str) -> str:
    return (
        f"error: --encoding: '{encoding}' does not turn a file's bytes into plain text:"
        " use a text encoding such as utf-8, gbk, gb18030 or utf-16\n"
    )


def verify_pipe(folder: Path) -> list[str]:
    os.mkfifo(folder / "cert.pdf")
    return ["verify", "cert.pdf"]


def postscript(path: Path) -> None:
    path.write_text("%!PS-Adobe-3.0\n(ghostscript ran) print flush\n{} loop\n", "ascii")


def huge_png(path: Path) -> None:
    Image.new("1", (13_000, 13_000)).save(path, "PNG")


def small_jpeg(path: Path) -> None:
    Image.new("RGB", (32, 24), "white").save(path, "JPEG")


# --- the table -------------------------------------------------------------------------------

CASES: dict[str, Case] = {
    # Nothing lost
    "csv: an unclosed quote does not swallow the rows after it": Case(
        csv_with(broken_row(lambda row: '"' + row)),
        2,
        ("batch.csv row 3",),
        (2, 2, 1),
    ),
    "csv: a cell over the size limit does not stop the file": Case(
        csv_with(broken_row(lambda row: row.replace(",", "," + "x" * (_MB + 10), 1))),
        2,
        ("batch.csv row 3",),
        (2, 2, 1),
    ),
    "csv: old Mac line ends (CR only) are lines": Case(
        csv_with(lambda lines: ["\r".join(lines)]), 1, (), (2, 2, 0)
    ),
    "csv: UTF-16 from Excel is split after decoding": Case(
        csv_with(lambda lines: lines, "utf-16"), 1, (), (2, 2, 0)
    ),
    "jsonl: a 1.8 MB line of Chinese is over 1 MiB in bytes": Case(
        jsonl(
            json.dumps(record("A"), ensure_ascii=False),
            json.dumps({"sku": "B", "product_name": "杯" * 600_000}, ensure_ascii=False),
            json.dumps(record("C"), ensure_ascii=False),
        ),
        2,
        ("batch.jsonl:2",),
        (2, 0, 1),
    ),
    "jsonl: a 120 MB line is refused while reading, never held whole": Case(
        huge_jsonl_line(120 * _MB), 2, ("batch.jsonl:2",), (2, 0, 1), memory=320 * _MB
    ),
    "folder walk: links, a dangling link and a pipe are named, not passed over": Case(
        walked, 2, ("b.yaml: not read", "c.yaml: not read", "d.yaml: not read"), (1, 0, 3)
    ),
    "certify: SKUs a/b and a_b-c14cddc0 get a certificate each": Case(
        colliding_skus, 0, (), (2, 0, 0)
    ),
    # Nothing run, nothing read from outside
    "photo: PostScript named x.jpg is not handed to Ghostscript": Case(
        with_photo(postscript), 2, ("r.yaml",), (0, 0, 1)
    ),
    "photo: a pipe named x.jpg does not hang": Case(
        with_photo(os.mkfifo), 2, ("r.yaml",), (0, 0, 1)
    ),
    "photo: a link out of the record's folder is refused": Case(
        with_photo(
            lambda path: path.symlink_to(ROOT / "examples" / "photos" / "LAMP-220-stack.jpg")
        ),
        2,
        ("r.yaml",),
        (0, 0, 1),
    ),
    "photo: a 13,000 x 13,000 PNG is not decoded": Case(
        with_photo(huge_png), 2, ("r.yaml",), (0, 0, 1), memory=384 * _MB
    ),
    "photo: one photo named 600 times": Case(
        with_photo(small_jpeg, ["x.jpg"] * 600), 2, ("r.yaml",), (0, 0, 1), memory=384 * _MB
    ),
    "output: control characters in a SKU and a name are shown escaped": Case(
        control_characters, 2, ("X\\n4 records: 4 passed", "Mug\\r\\x1b]0;owned\\x07"), (0, 0, 1)
    ),
    # Nothing crashes
    "yaml: flow nesting 40,000 deep": Case(
        text_file("r.yaml", "sku: " + "[" * 40_000 + "]" * 40_000 + "\n"),
        2,
        ("r.yaml:1",),
        (0, 0, 1),
    ),
    "json: nesting 100,000 deep": Case(
        text_file("r.json", "[" * 100_000 + "]" * 100_000), 2, ("r.json:1",), (0, 0, 1)
    ),
    "checklists (-c): nesting 40,000 deep": Case(
        checklist_folder("validate"),
        2,
        ("deep.yaml:1",),
        stderr="error: lists/deep.yaml:1: nested more than 64 levels deep:"
        " check the indentation and brackets\n",
    ),
    "lint: nesting 40,000 deep": Case(
        checklist_folder("lint"), 1, ("deep.yaml:1",), stderr="1 problem found\n"
    ),
    "json: a 400-digit number where a number goes": Case(long_number, 2, ("r.json",), (0, 0, 1)),
    "json: a lone surrogate in an answer that does not apply": Case(
        json_record(certify, '"\\ud800"'), 2, ("r.json:1",), (0, 0, 1)
    ),
    "json: a 300-deep list in an answer that does not apply": Case(
        json_record(certify, "[" * 300 + "]" * 300), 2, ("r.json:1",), (0, 0, 1)
    ),
    "verify: /dev/zero is not read forever": Case(
        lambda folder: ["verify", "/dev/zero"], 2, ("/dev/zero",), stderr=not_a_file("/dev/zero")
    ),
    "verify: a pipe named cert.pdf does not hang": Case(
        verify_pipe, 2, ("cert.pdf",), stderr=not_a_file("cert.pdf")
    ),
    "certify: --issued-at with no UTC equivalent": Case(
        lambda folder: [
            *certify(yaml_file(folder / "r.yaml", record()).name),
            "--issued-at",
            "0001-01-01T00:00:00+01:00",
        ],
        2,
        ("--issued-at",),
        stderr="error: --issued-at: '0001-01-01T00:00:00+01:00' is outside the times a"
        " certificate can carry (years 0001 to 9999 in UTC)\n",
    ),
    "verify: a certificate issued in the year 999 is UNSIGNED (genuine)": Case(
        certified_then_verified("0999-12-30T10:15:00+08:00", "0999-12-31T00:00:00+00:00"),
        0,
        ("UNSIGNED",),
    ),
    "--encoding rot13 is no text encoding": Case(
        csv_with(lambda lines: lines, "rot13"), 2, ("--encoding",), stderr=no_text("rot13")
    ),
    "--encoding base64 is no text encoding": Case(
        csv_with(lambda lines: lines, "base64"), 2, ("--encoding",), stderr=no_text("base64")
    ),
    "--encoding idna is no file encoding": Case(
        csv_with(lambda lines: lines, "idna"), 2, ("--encoding",), stderr=no_text("idna")
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    work = tmp_path / "work"
    work.mkdir()
    args = case.make(work)
    before = _files(tmp_path)
    done = bounded([sys.executable, "-m", "qa_check", *args], cwd=work, memory=case.memory)
    shown = done.stdout + done.stderr
    assert done.returncode == case.code, shown[-2000:]
    assert done.stderr == case.stderr
    assert "Traceback" not in shown
    assert "\x1b" not in shown
    for text in case.shows:
        assert text in shown, shown[-2000:]
    if case.counts is not None:
        [summary] = _SUMMARY.findall(done.stdout)
        total, passed, failed, invalid = map(int, summary)
        assert (passed, failed, invalid) == case.counts
        assert total == passed + failed + invalid
    written = _files(tmp_path) - before
    assert all(path.startswith("work/out/") for path in written), written


def _files(folder: Path) -> set[str]:
    return {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if not path.is_dir() or path.is_symlink()
    }


# --- links in --out: never written through ---------------------------------------------------


@pytest.mark.parametrize(
    ("name", "said"),
    [
        (
            ".qa-check.lock",
            "cannot write here: a symbolic link: qa-check does not follow links here",
        ),
        (
            "register.sqlite",
            "cannot open the register (a symbolic link: qa-check does not follow links here)",
        ),
    ],
)
def test_a_link_in_out_is_one_error_and_leaves_its_target_untouched(
    name: str, said: str, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    yaml_file(work / "r.yaml", record())
    outside = tmp_path / "outside"
    outside.write_bytes(b"keep me\n")
    missing = tmp_path / "nothing-here"
    for target in (outside, missing):
        (work / "out" / name).unlink(missing_ok=True)
        (work / "out" / name).symlink_to(target)
        done = bounded([sys.executable, "-m", "qa_check", *certify("r.yaml")], cwd=work)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
        assert done.stderr == f"error: out/{name}: {said}\n"
        assert sorted(p.name for p in (work / "out").iterdir()) == [name]
    assert outside.read_bytes() == b"keep me\n"
    assert not missing.exists()


def test_a_register_with_a_trigger_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    yaml_file(work / "a.yaml", record("HOSTILE-1"))
    yaml_file(work / "b.yaml", record("HOSTILE-2"))
    first = bounded([sys.executable, "-m", "qa_check", *certify("a.yaml")], cwd=work)
    assert first.returncode == 0, first.stderr[-2000:]
    register = work / "out" / "register.sqlite"
    with sqlite3.connect(register) as db:
        db.execute(
            "CREATE TRIGGER forget AFTER INSERT ON certificates BEGIN DELETE FROM revocations; END"
        )
    db.close()
    before = {path.name: path.read_bytes() for path in (work / "out").iterdir()}
    done = bounded([sys.executable, "-m", "qa_check", *certify("b.yaml")], cwd=work)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr[-2000:]
    assert done.stderr == (
        "error: out/register.sqlite: not a register as qa-check writes it (format 4):"
        " it holds trigger forget, which qa-check never defines; refused before anything in"
        " it was read or run\n"
    )
    assert {path.name: path.read_bytes() for path in (work / "out").iterdir()} == before
