"""Attacks on what issue 24 added: the site publish writes, page images, merges, the issuer.

Each attack is what a hostile file would do to the person who runs qa-check on it (a PDF handed
to ``qa-check image``, a register handed to ``publish`` or ``register merge``): run the real
command where harm would show there, in a child bounded in time and memory, and assert that the
harm did not happen: no hang, no blow-up, nothing written outside the folder named, one plain
located line, and the next file still done.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MEMORY_LIMIT, bounded


def pdf_of(pages: list[str], objects: list[str] | None = None) -> bytes:
    """A PDF whose pages are the dictionaries ``pages`` (from object 3 on), then ``objects``."""
    count = len(pages)
    kids = " ".join(f"{3 + n} 0 R" for n in range(count))
    made = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>",
        *pages,
        *(objects or []),
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(made, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("ascii")
    xref = len(out)
    out += f"xref\n0 {len(made) + 1}\n0000000000 65535 f \n".encode("ascii")
    out += b"".join(f"{offset:010d} 00000 n \n".encode("ascii") for offset in offsets)
    trailer = f"trailer\n<< /Size {len(made) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    return out + trailer.encode("ascii")


def stream(body: str, head: str = "") -> str:
    return f"<< {head} /Length {len(body)} >>\nstream\n{body}\nendstream"


def nested_forms(levels: int) -> bytes:
    """A page drawing form 1, which draws form 2 four times, ... : 4**(levels-1) squares.

    Under 2 KB; PDFium builds every square while it loads the page (12 levels: 7.8 GB, 34 s).
    """
    first = 5  # the page is object 3, its content 4
    forms = []
    for level in range(levels):
        last = level == levels - 1
        body = "0 0 1 1 re f" if last else "/F Do /F Do /F Do /F Do"
        resources = "" if last else f"/Resources << /XObject << /F {first + level + 1} 0 R >> >>"
        forms.append(stream(body, f"/Type /XObject /Subtype /Form /BBox [0 0 595 842] {resources}"))
    page = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        f" /Resources << /XObject << /F {first} 0 R >> >> >>"
    )
    return pdf_of([page], [stream("/F Do"), *forms])


def plain_page(box: str) -> bytes:
    return pdf_of([f"<< /Type /Page /Parent 2 0 R /MediaBox {box} >>"])


def image_command(*args: str | Path, cwd: Path, lang: str = "en") -> tuple[int, str, str]:
    env = f"QA_CHECK_LANG={lang}"
    done = bounded(["env", env, sys.executable, "-m", "qa_check", "image", *args], cwd=cwd)
    return done.returncode, done.stdout, done.stderr


COSTLY = {
    "en": "drawing it needed more than 768 MB of memory or 60 s, which no certificate needs"
    " (a crafted PDF?): no image drawn",
    "zh": "绘制它需要超过 768 MB 内存或 60 秒，任何证书都不需要这么多（是特意构造的"
    " PDF？）：未生成图片",
}
"""Under the tests' memory bound (MEMORY_LIMIT, 768 MB), the child's is that, not 1,536 MB."""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_image_of_a_pdf_of_nested_forms_is_refused_bounded_and_the_next_drawn(
    tmp_path: Path, lang: str
) -> None:
    """Attack: a 2 KB PDF that makes PDFium take gigabytes. Hole found; drawn in a bounded child."""
    assert MEMORY_LIMIT == 768 * 1024 * 1024
    (tmp_path / "bomb.pdf").write_bytes(nested_forms(13))
    (tmp_path / "fine.pdf").write_bytes(plain_page("[0 0 595 842]"))
    code, stdout, stderr = image_command(
        "bomb.pdf", "fine.pdf", "-o", "out", cwd=tmp_path, lang=lang
    )
    assert (code, stderr) == (2, f"error: bomb.pdf: {COSTLY[lang]}\n")
    assert stdout.startswith("out/fine.png  1,240 x 1,755 "), stdout
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["fine.png"]


def test_image_of_degenerate_page_boxes_draws_each_within_the_width_limits(tmp_path: Path) -> None:
    """Attack: page boxes of nothing, negative, 200 m wide, 1e308 wide. No harm: all drawn."""
    boxes = {
        "empty": "[0 0 0 0]",
        "negative": "[0 0 -1 -1]",
        "wide": "[0 0 566929 566929]",
        "huge": "[0 0 1e308 1e308]",
    }
    for name, box in boxes.items():
        (tmp_path / f"{name}.pdf").write_bytes(plain_page(box))
    code, stdout, stderr = image_command(*(f"{n}.pdf" for n in boxes), "-o", "out", cwd=tmp_path)
    assert (code, stderr) == (0, "")
    widths = [int(line.split()[1].replace(",", "")) for line in stdout.splitlines()]
    assert len(widths) == len(boxes) and all(1_200 <= width <= 2_480 for width in widths), stdout


SITES = Path(__file__).parent / "data" / "registers" / "sites"


def merge_command(*args: str, cwd: Path) -> tuple[int, str, str]:
    done = bounded([sys.executable, "-m", "qa_check", "register", "merge", *args], cwd=cwd)
    return done.returncode, done.stdout, done.stderr


def two_sites(folder: Path) -> None:
    for name in ("shenzhen.sqlite", "dongguan.sqlite"):
        (folder / name).write_bytes((SITES / name).read_bytes())


@pytest.mark.parametrize("target", ["victim.txt", "victim.sqlite"])
def test_merge_into_an_all_that_is_a_link_leaves_what_it_leads_to(
    tmp_path: Path, target: str
) -> None:
    """Attack: ALL a link to a file (or a register) elsewhere. No harm: refused, left as it was."""
    two_sites(tmp_path)
    victim = tmp_path / target
    victim.write_bytes(
        (SITES / "dongguan.sqlite").read_bytes() if target.endswith(".sqlite") else b"v"
    )
    before = victim.read_bytes()
    (tmp_path / "ALL.sqlite").symlink_to(target)
    code, stdout, stderr = merge_command(
        "shenzhen.sqlite", "dongguan.sqlite", "-o", "ALL.sqlite", cwd=tmp_path
    )
    assert (code, stdout) == (2, "")
    assert stderr == (
        "error: ALL.sqlite: cannot open the register"
        " (a symbolic link: qa-check does not follow links here)\n"
    )
    assert victim.read_bytes() == before and (tmp_path / "ALL.sqlite").is_symlink()


def test_merge_of_a_fifo_or_a_register_with_a_trigger_and_a_view_refuses_it_unrun(
    tmp_path: Path,
) -> None:
    """Attack: an input that would block for ever, one whose SQL would run. No harm: refused."""
    two_sites(tmp_path)
    os.mkfifo(tmp_path / "pipe.sqlite")
    with sqlite3.connect(tmp_path / "shenzhen.sqlite") as db:
        db.executescript(
            "CREATE VIEW v AS SELECT 1;"
            "CREATE TRIGGER t AFTER INSERT ON certificates BEGIN DELETE FROM revocations; END;"
        )
    db.close()
    code, stdout, stderr = merge_command(
        "pipe.sqlite", "shenzhen.sqlite", "dongguan.sqlite", "-o", "ALL.sqlite", cwd=tmp_path
    )
    assert code == 2
    assert stderr.splitlines()[:2] == [
        "error: pipe.sqlite: cannot open the register"
        " (not a regular file (a pipe, a device or a socket))",
        "error: shenzhen.sqlite: not a register as qa-check writes it (format 4): it holds"
        " trigger t, view v, which qa-check never defines; refused before anything in it was"
        " read or run",
    ]
    assert stdout.endswith("registers merged: 1\n"), stdout
    with sqlite3.connect(tmp_path / "ALL.sqlite") as db:
        kinds = db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')")
        assert kinds.fetchall() == []
    db.close()


RELEASED = (
    Path(__file__).parent / "data" / "released" / "0.5.0" / "LAMP-220_PASS_2026-11-18_signed.pdf"
)


@pytest.mark.parametrize(
    ("make", "said"),
    [
        (os.mkfifo, "cannot read file: not a regular file"),
        (lambda path: path.symlink_to("/dev/zero"), "cannot read file: a symbolic link"),
        (
            lambda path: path.write_text("[" * 100_000 + "]" * 100_000),
            "invalid JSON: values are nested more than 64 levels deep",
        ),
        (
            lambda path: path.write_bytes(b" " * (17 * 1024 * 1024) + b"{}"),
            "larger than 16,777,216 bytes: not a revocation list qa-check wrote",
        ),
    ],
    ids=["fifo", "link-to-dev-zero", "nested", "17-mb"],
)
def test_verify_revocations_of_a_hostile_list_is_one_line_bounded(
    tmp_path: Path, make: Callable[[Path], object], said: str
) -> None:
    """Attack: a revocation list that blocks, never ends, nests deep or is huge. No harm."""
    make(tmp_path / "list.json")
    done = bounded(
        [sys.executable, "-m", "qa_check", "verify", RELEASED, "--revocations", "list.json"],
        cwd=tmp_path,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith("error: list.json") and said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
