"""Attacks on what issue 24 added: the site publish writes, page images, merges, the issuer.

Each attack is what a hostile file would do to the person who runs qa-check on it (a PDF handed
to ``qa-check image``, a register handed to ``publish`` or ``register merge``): run the real
command where harm would show there, in a child bounded in time and memory, and assert that the
harm did not happen: no hang, no blow-up, nothing written outside the folder named, one plain
located line, and the next file still done.
"""

from __future__ import annotations

import sys
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
