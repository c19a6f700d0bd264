"""Certificates as images: pages drawn by PDFium, sized for listings, the QR code still read by
zbarimg, the same bytes every time, the quality lowered step by step to stay under 2 MB, and
files that are no PDF refused with a located reason."""

from __future__ import annotations

import hashlib
import io
import os
import random
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from conftest import Certified
from qa_check.certificates import images as images_module
from qa_check.certificates.images import (
    MAX_BYTES,
    MIN_WIDTH,
    ImageFormat,
    PageImage,
    image_names,
    images_of,
    images_there,
    lowered_notes,
    page_images,
    read_pdf,
    write_images,
)
from qa_check.certificates.lot_payload import read_any_payload
from qa_check.certificates.payload import qr_content
from qa_check.certificates.verify import embedded_record
from qa_check.core.errors import CertificateError, Location, WriteError
from qa_check.core.messages import Message, msg

HERE = Location("cert.pdf")


def qr_read(image: bytes, folder: Path, suffix: str) -> str:
    """What zbarimg reads from the QR code of an image (the page's barcode aside)."""
    path = folder / f"read.{suffix}"
    path.write_bytes(image)
    done = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip()


def qr_of(pdf: Path) -> str:
    """What the certificate's QR code holds, from its embedded payload."""
    payload = read_any_payload(embedded_record(pdf.read_bytes(), str(pdf)), str(pdf))[0]
    return qr_content(payload)


def pdf_of(draw: list[tuple[float, float, bytes | None]]) -> bytes:
    """A PDF of pages of these sizes (points), each covered by an image when one is given."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for width, height, picture in draw:
        canvas.setPageSize((width, height))
        if picture is not None:
            canvas.drawImage(ImageReader(io.BytesIO(picture)), 0, 0, width, height)
        canvas.drawString(10, 10, "page")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def noise(width: int, height: int) -> bytes:
    """A PNG of random colours: nothing in it compresses, as in a worst-case photo."""
    pixels = random.Random(7).randbytes(width * height * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", (width, height), pixels).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("pdf", "pages", "image", "names"),
    [
        ("X_PASS_2026-11-20.pdf", 1, ImageFormat.PNG, ("X_PASS_2026-11-20.png",)),
        (
            "X_FAIL_2026-11-20_zh.pdf",
            3,
            ImageFormat.JPG,
            (
                "X_FAIL_2026-11-20_zh.jpg",
                "X_FAIL_2026-11-20_zh-2.jpg",
                "X_FAIL_2026-11-20_zh-3.jpg",
            ),
        ),
        ("a.b.pdf", 2, ImageFormat.PNG, ("a.b.png", "a.b-2.png")),
    ],
)
def test_the_first_page_is_named_as_its_pdf_the_next_numbered(
    pdf: str, pages: int, image: ImageFormat, names: tuple[str, ...]
) -> None:
    assert image_names(pdf, pages, image) == names


@pytest.mark.parametrize("image", list(ImageFormat))
def test_each_page_is_at_least_1200_px_wide_under_2_mb_and_its_qr_code_reads(
    unsigned: Certified, image: ImageFormat, tmp_path: Path
) -> None:
    for pdf in (unsigned.passed, unsigned.failed):
        drawn = page_images(pdf.read_bytes(), image, HERE)
        assert drawn
        for page in drawn:
            assert (page.width, page.height) == (1241, 1754)  # A4 at 150 dpi
            assert page.width >= MIN_WIDTH
            assert len(page.data) < MAX_BYTES
            assert page.lowered is None
            opened = Image.open(io.BytesIO(page.data))
            assert (opened.format, opened.size) == (
                {"png": "PNG", "jpg": "JPEG"}[image],
                (1241, 1754),
            )
            assert qr_read(page.data, tmp_path, image.value) == qr_of(pdf)


def test_the_same_pdf_gives_the_same_bytes(unsigned: Certified) -> None:
    data = unsigned.failed.read_bytes()
    for image in ImageFormat:
        assert page_images(data, image, HERE) == page_images(data, image, HERE)


@pytest.mark.parametrize(
    ("size", "width"),
    [
        pytest.param((200.0, 300.0), MIN_WIDTH, id="a small page drawn up to 1,200 px"),
        pytest.param(A4, 1241, id="A4 at 150 dpi"),
        pytest.param((A4[0] * 3, A4[1] * 3), 2480, id="a large page drawn down to 2,480 px"),
    ],
)
def test_a_page_is_drawn_at_150_dpi_within_the_width_limits(
    size: tuple[float, float], width: int
) -> None:
    (page,) = page_images(pdf_of([(*size, None)]), ImageFormat.PNG, HERE)
    assert page.width == width


@pytest.mark.parametrize(
    ("image", "over", "lowered"),
    [
        pytest.param(ImageFormat.PNG, 0, None, id="png under the limit: every colour"),
        pytest.param(ImageFormat.PNG, 1, msg("img_step_colours", colours=256), id="png: 256"),
        pytest.param(ImageFormat.PNG, 2, msg("img_step_colours", colours=64), id="png: 64"),
        pytest.param(ImageFormat.JPG, 0, None, id="jpg under the limit: quality 90"),
        pytest.param(ImageFormat.JPG, 1, msg("img_step_quality", quality=80), id="jpg: 80"),
        pytest.param(ImageFormat.JPG, 4, msg("img_step_quality", quality=50), id="jpg: 50"),
    ],
)
def test_a_page_over_the_limit_is_written_a_step_lower_until_it_fits(
    unsigned: Certified, image: ImageFormat, over: int, lowered: Message | None
) -> None:
    """The limit set just at the size of a step: that step is over, the next one is taken."""
    data = unsigned.passed.read_bytes()
    full = page_images(data, image, HERE)[0]
    limit = _limit_over(data, image, over)
    (page,) = page_images(data, image, HERE, limit=limit)
    assert page.lowered == lowered
    assert len(page.data) < limit
    assert (page.width, page.height) == (full.width, full.height)


def _limit_over(data: bytes, image: ImageFormat, steps: int) -> int:
    """A limit that the first ``steps`` steps are over, and the next one is under."""
    limit = MAX_BYTES
    for _ in range(steps):
        limit = len(page_images(data, image, HERE, limit=limit)[0].data)
    return limit


@pytest.fixture(scope="module")
def noise_pdf() -> bytes:
    """A page covered by noise, the worst photo there is, in blocks of 2 x 2 pixels at 150 dpi."""
    return pdf_of([(*A4, noise(620, 877))])


def test_a_page_of_noise_is_written_with_fewer_colours_and_said(
    tmp_path: Path, noise_pdf: bytes
) -> None:
    """As PNG, over 2 MB in every colour and in 256: 64 colours fit. As JPEG, quality 90 fits."""
    full = page_images(noise_pdf, ImageFormat.PNG, HERE, limit=10**9)[0]
    assert len(full.data) >= MAX_BYTES
    (png,) = page_images(noise_pdf, ImageFormat.PNG, HERE)
    assert png.lowered == msg("img_step_colours", colours=64)
    assert len(png.data) < MAX_BYTES
    (note,) = lowered_notes(write_images(tmp_path, "noise.pdf", [png], ImageFormat.PNG))
    assert note.location == Location(str(tmp_path / "noise.png"))
    size = f"{len(png.data) / 1e6:.1f} MB"
    assert note.message == msg("img_lowered", step=png.lowered, size=size, most="2.0 MB")
    assert str(note.message) == f"over 2.0 MB at full quality: written with 64 colours ({size})"
    (jpeg,) = page_images(noise_pdf, ImageFormat.JPG, HERE)
    assert (jpeg.lowered, len(jpeg.data) < MAX_BYTES) == (None, True)
    assert lowered_notes(write_images(tmp_path, "noise.pdf", [jpeg], ImageFormat.JPG)) == []


def test_a_page_still_over_at_the_last_step_is_written_and_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsigned: Certified
) -> None:
    monkeypatch.setattr(images_module, "MAX_BYTES", 100_000)
    (png,) = page_images(unsigned.passed.read_bytes(), ImageFormat.PNG, HERE)
    assert png.lowered == msg("img_step_colours", colours=64)
    assert len(png.data) >= 100_000
    (note,) = lowered_notes(write_images(tmp_path, "noise.pdf", [png], ImageFormat.PNG))
    size = f"{len(png.data) / 1e6:.1f} MB"
    assert note.message == msg("img_still_large", size=size, most="0.1 MB")
    assert (tmp_path / "noise.png").read_bytes() == png.data  # written all the same


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"not a pdf at all", msg("img_not_pdf"), id="text"),
        pytest.param(b"%PDF-1.7\n%broken", msg("img_not_pdf"), id="a broken PDF"),
        pytest.param(b"", msg("img_not_pdf"), id="empty"),
    ],
)
def test_bytes_that_are_no_pdf_are_refused_located(data: bytes, message: Message) -> None:
    with pytest.raises(CertificateError) as raised:
        page_images(data, ImageFormat.PNG, HERE)
    assert [(p.location, p.message) for p in raised.value.problems] == [(HERE, message)]


def test_too_many_pages_or_a_page_too_large_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images_module, "MAX_PAGES", 2)
    with pytest.raises(CertificateError) as raised:
        page_images(pdf_of([(*A4, None)] * 3), ImageFormat.PNG, HERE)
    assert raised.value.problems[0].message == msg("img_too_many_pages", pages=3, most=2)
    long_strip = pdf_of([(*A4, None), (100.0, 14_000.0, None)])
    with pytest.raises(CertificateError) as raised:
        page_images(long_strip, ImageFormat.PNG, HERE)
    assert raised.value.problems[0].message == msg("img_page_too_large", page=2)


def test_a_pdf_is_read_bounded_and_only_from_a_regular_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    link = tmp_path / "link.pdf"
    link.symlink_to(tmp_path / "big.pdf")
    (tmp_path / "big.pdf").write_bytes(b"%PDF" + b"x" * 100)
    monkeypatch.setattr(images_module, "MAX_PDF_BYTES", 50)
    for path, said in (
        (tmp_path, "not a PDF: not a regular file (a folder, a pipe or a device)"),
        (fifo, "not a PDF: not a regular file (a folder, a pipe or a device)"),
        (link, "cannot read file: "),
        (tmp_path / "big.pdf", "not a PDF: larger than 50 bytes"),
        (tmp_path / "absent.pdf", "cannot read file: No such file or directory"),
    ):
        with pytest.raises(CertificateError) as raised:
            read_pdf(path)
        (problem,) = raised.value.problems
        assert problem.location == Location(str(path))
        assert str(problem.message).startswith(said), (path, problem.message)


def test_images_are_written_whole_and_the_same_bytes_left_alone(
    unsigned: Certified, tmp_path: Path
) -> None:
    drawn = page_images(unsigned.passed.read_bytes(), ImageFormat.PNG, HERE)
    first = write_images(tmp_path, "a.pdf", drawn, ImageFormat.PNG)
    assert [(each.path.name, each.kept) for each in first] == [("a.png", False)]
    assert (tmp_path / "a.png").read_bytes() == drawn[0].data
    before = (tmp_path / "a.png").stat().st_mtime_ns
    again = write_images(tmp_path, "a.pdf", drawn, ImageFormat.PNG)
    assert [each.kept for each in again] == [True]
    assert (tmp_path / "a.png").stat().st_mtime_ns == before
    other = replace(drawn[0], data=drawn[0].data + b"more")
    changed = write_images(tmp_path, "a.pdf", [other], ImageFormat.PNG)
    assert [each.kept for each in changed] == [False]
    assert (tmp_path / "a.png").read_bytes() == other.data
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.png"]  # no temporary file


def test_an_image_is_never_written_through_a_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.txt"
    target.write_text("kept")
    (tmp_path / "a.png").symlink_to(target)
    page = PageImage(b"png", 1241, 1754)
    with pytest.raises(WriteError):
        write_images(tmp_path, "a.pdf", [page], ImageFormat.PNG)
    assert target.read_text() == "kept"


def test_an_image_that_would_replace_a_file_of_the_run_is_refused(
    unsigned: Certified, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    taken: dict[Path, Message] = {}
    first = images_of(unsigned.passed, out, ImageFormat.PNG, taken)
    assert [each.path for each in first] == [out / unsigned.passed.with_suffix(".png").name]
    copy = tmp_path / unsigned.passed.name
    copy.write_bytes(unsigned.passed.read_bytes())
    with pytest.raises(CertificateError) as raised:
        images_of(copy, out, ImageFormat.PNG, taken)
    name = first[0].path.name
    other = msg("img_of", pdf=str(unsigned.passed))
    assert raised.value.problems[0].message == msg("img_name_taken", name=name, other=other)


def test_an_image_names_the_pdf_it_shows_and_a_rerun_finds_it_so(
    unsigned: Certified, tmp_path: Path
) -> None:
    """Each image is stamped with its PDF's SHA-256 and page: images_there finds them all."""
    data = unsigned.failed.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    for image in ImageFormat:
        drawn = page_images(data, image, HERE)
        assert len(drawn) == 2
        for number, page in enumerate(drawn, 1):
            between = "\x00" if image is ImageFormat.PNG else " "  # a text chunk, a comment
            stamp = f"qa-check-pdf{between}sha256:{sha256} page {number}/2"
            assert stamp.encode("ascii") in page.data[:4096]
        written = write_images(tmp_path, "f.pdf", drawn, image)
        paths = tuple(each.path for each in written)
        assert images_there(tmp_path, "f.pdf", sha256, image) == paths
        assert images_there(tmp_path, "f.pdf", "0" * 64, image) is None  # of another PDF
        assert images_there(tmp_path, "g.pdf", sha256, image) is None  # none there
    (tmp_path / "f-2.png").unlink()
    assert images_there(tmp_path, "f.pdf", sha256, ImageFormat.PNG) is None  # a page missing
    other = page_images(unsigned.passed.read_bytes(), ImageFormat.JPG, HERE)
    write_images(tmp_path, "f.pdf", other, ImageFormat.JPG)  # page 1 of another PDF
    assert images_there(tmp_path, "f.pdf", sha256, ImageFormat.JPG) is None
