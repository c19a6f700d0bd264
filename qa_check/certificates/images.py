"""A certificate's pages as images (PNG or JPEG), for listings that take images, not PDFs.

An image is for display: the PDF stays the evidence. An image carries no signature and no
embedded record; it shows the certificate id and the QR code, with which a reader checks the
PDF. A page is drawn at 150 dpi (an A4 page 1,241 px wide; never under 1,200 px), and each file
is kept under 2 MB, the limit listings set: a page that would be larger is encoded again a step
lower (JPEG quality, PNG colours) until it fits, and the step is said. PDFium (pypdfium2) draws
the page; it and Pillow are imported only when an image is asked for, so ``--help``,
``validate`` and ``certify`` without images never load them.

The same PDF gives the same image bytes (PDFium, zlib and libjpeg are deterministic), so a rerun
finds its images there already and leaves them as they are, as certify keeps a certificate.
Each image carries, as text (a PNG text chunk, a JPEG comment), the SHA-256 of the PDF it was
drawn from and its page: the file the register lists, so an image names the certificate file it
shows, and a rerun keeps a kept certificate's images without drawing them again.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.messages import Message, msg
from qa_check.files.fileio import NotRegularFile, atomic_write, os_reason, read_regular

if TYPE_CHECKING:
    from PIL.Image import Image


class ImageFormat(StrEnum):
    """The image formats a page is written in; the value is the file's extension."""

    PNG = "png"
    JPG = "jpg"


DPI = 150
"""Pixels per inch a page is drawn at: A4 is 1,241 px wide, which listings take."""
MIN_WIDTH = 1_200
"""The narrowest image listings take: a narrower page is drawn larger."""
MAX_WIDTH = 2_480
"""The widest image drawn (A4 at 300 dpi): a wider page is drawn smaller."""
MAX_PIXELS = MAX_WIDTH * 3_508 * 2
"""Most pixels a page is drawn in (two A4 pages at 300 dpi): a longer page is refused."""
MAX_BYTES = 2_000_000
"""The largest image file listings take (2 MB)."""
MAX_PDF_BYTES = 32 * 1024 * 1024
"""The largest PDF read, as for a certificate: a file from anyone is read bounded."""
MAX_PAGES = 50
"""Most pages of one PDF drawn as images (a certificate has one to three)."""
JPEG_QUALITIES = (90, 80, 70, 60, 50)
"""JPEG qualities tried in turn until the file is under MAX_BYTES."""
PNG_COLOURS = (0, 256, 64)
"""PNG colours tried in turn (0: every colour; else a palette of so many)."""
PNG_COMPRESSION = 3
"""zlib's level for PNG: on the examples' 21 pages, 42 ms a page and 343 KB on average, against
59 ms and 372 KB at Pillow's default 6 (and 41 ms, 353 KB at 1)."""
STAMP = "qa-check-pdf"
"""The key of the text an image carries: ``sha256:HEX page N/M``, the PDF it shows."""
STAMP_WITHIN = 4096
"""How far into an image its stamp is looked for: PNG and JPEG write their text near the top."""
_STAMPED = re.compile(rb"qa-check-pdf[\x00 ]sha256:([0-9a-f]{64}) page ([0-9]{1,4})/([0-9]{1,4})")


@dataclass(frozen=True, slots=True)
class PageImage:
    """One page as an image file's bytes, its size in pixels, and what was given up to fit."""

    data: bytes
    width: int
    height: int
    lowered: Message | None = None
    """The step below full quality taken to stay under MAX_BYTES (None: full quality)."""


@dataclass(frozen=True, slots=True)
class WrittenImage:
    """A page image in its folder; ``kept``: the same bytes were there already, left alone."""

    path: Path
    image: PageImage
    kept: bool = False


def image_names(pdf_name: str, pages: int, image: ImageFormat) -> tuple[str, ...]:
    """The images' file names: ``NAME.png`` for the first page, ``NAME-2.png`` for the next.

    The first page's image is named as its PDF, so that a one-page certificate (most are) has
    ``X.pdf`` and ``X.png``. A certificate's name ends with a date or a language, never
    ``-2``, so no certificate's images take another's names.
    """
    stem = Path(pdf_name).stem
    return tuple(
        f"{stem}{'' if number == 1 else f'-{number}'}.{image.value}"
        for number in range(1, pages + 1)
    )


def read_pdf(path: Path) -> bytes:
    """The bytes of a PDF file, read bounded: not a folder, a pipe or a device, nor a link.

    As ``verify`` reads a certificate, but without loading what verifying needs (PDF and
    signature libraries), nor the YAML reader: ``certify --help`` imports this module.
    """
    where = Location(str(path))
    try:
        data = read_regular(path, MAX_PDF_BYTES)
    except (NotRegularFile, IsADirectoryError):
        raise CertificateError([Problem(where, msg("img_not_regular"))]) from None
    except OSError as exc:
        unread = msg("cannot_read_file", reason=os_reason(exc))
        raise CertificateError([Problem(where, unread)]) from None
    if len(data) > MAX_PDF_BYTES:
        raise CertificateError([Problem(where, msg("img_too_large", limit=MAX_PDF_BYTES))])
    return data


def page_images(
    pdf: bytes, image: ImageFormat, where: Location, *, limit: int | None = None
) -> tuple[PageImage, ...]:
    """Each page of ``pdf`` as an image, each under ``limit`` (MAX_BYTES) when a step allows.

    Raises CertificateError, located at ``where``, for bytes that are no PDF (or one locked by
    a password), more than MAX_PAGES pages, or a page too large to draw.
    """
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # noqa: PLC0415 - only images

    try:
        document = pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError:
        raise CertificateError([Problem(where, msg("img_not_pdf"))]) from None
    try:
        pages = len(document)
        if pages > MAX_PAGES:
            many = msg("img_too_many_pages", pages=pages, most=MAX_PAGES)
            raise CertificateError([Problem(where, many)])
        sha256 = hashlib.sha256(pdf).hexdigest()
        images = []
        for number in range(pages):
            too_large = Problem(where, msg("img_page_too_large", page=number + 1))
            page = document[number]
            try:
                drawn, dpi = _drawn(page, too_large)
            finally:
                page.close()
            stamp = f"sha256:{sha256} page {number + 1}/{pages}"
            images.append(_encoded(drawn, dpi, image, limit or MAX_BYTES, stamp))
        return tuple(images)
    finally:
        document.close()


def _drawn(page: Any, too_large: Problem) -> tuple[Image, int]:
    """A PDFium page drawn at DPI, or wider or narrower to fit the width limits; and its dpi."""
    width, height = page.get_size()
    scale = min(max(DPI / 72, MIN_WIDTH / width), MAX_WIDTH / width)
    if width * scale * height * scale > MAX_PIXELS:
        raise CertificateError([too_large])
    return page.render(scale=scale).to_pil(), round(scale * 72)


def _encoded(drawn: Image, dpi: int, image: ImageFormat, limit: int, stamp: str) -> PageImage:
    """The page encoded at the first step under ``limit``; else at the last, the smallest."""
    width, height = drawn.size
    steps = _steps(drawn, image, dpi=(dpi, dpi), stamp=stamp)
    for data, lowered in steps:  # noqa: B007 - the last one tried is kept
        if len(data) < limit:
            break
    return PageImage(data, width, height, lowered)


def _steps(
    drawn: Image, image: ImageFormat, *, dpi: tuple[int, int], stamp: str
) -> Iterator[tuple[bytes, Message | None]]:
    """The page encoded at each step, from full quality down, with the step's words."""
    from PIL.PngImagePlugin import PngInfo  # noqa: PLC0415 - as pypdfium2

    if image is ImageFormat.JPG:
        comment = f"{STAMP} {stamp}".encode("ascii")
        for quality in JPEG_QUALITIES:
            data = _saved(drawn, "JPEG", quality=quality, optimize=True, dpi=dpi, comment=comment)
            full = quality == JPEG_QUALITIES[0]
            yield data, None if full else msg("img_step_quality", quality=quality)
        return
    from PIL.Image import Dither, Quantize  # noqa: PLC0415 - as pypdfium2

    text = PngInfo()
    text.add_text(STAMP, stamp)
    png: dict[str, object] = {"dpi": dpi, "pnginfo": text, "compress_level": PNG_COMPRESSION}
    for colours in PNG_COLOURS:
        if colours == 0:
            yield _saved(drawn, "PNG", **png), None
        else:
            palette = drawn.quantize(colours, method=Quantize.MEDIANCUT, dither=Dither.NONE)
            yield _saved(palette, "PNG", **png), msg("img_step_colours", colours=colours)


def _saved(drawn: Image, kind: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    drawn.save(buffer, kind, **options)
    return buffer.getvalue()


def write_images(
    folder: Path, pdf_name: str, images: Sequence[PageImage], image: ImageFormat
) -> list[WrittenImage]:
    """Write each page's image into ``folder``, named after ``pdf_name`` (``image_names``).

    Each file is written whole (atomically); one holding the same bytes already is left as it
    is, so a rerun changes nothing. Raises WriteError for a file that cannot be written.
    """
    written = []
    for name, page in zip(image_names(pdf_name, len(images), image), images, strict=True):
        path = folder / name
        same = _holds(path, page.data)
        if not same:
            atomic_write(path, page.data)
        written.append(WrittenImage(path, page, kept=same))
    return written


def images_there(
    folder: Path, pdf_name: str, pdf_sha256: str, image: ImageFormat
) -> tuple[Path, ...] | None:
    """The images in ``folder`` of the PDF ``pdf_name``, when each is of that very file.

    Each page's image must be there, stamped with ``pdf_sha256`` and its page; else None. A
    rerun that keeps a certificate keeps its images so, without drawing them again.
    """
    first = _stamp_of(folder / image_names(pdf_name, 1, image)[0])
    if first is None or first[0] != pdf_sha256:
        return None
    names = image_names(pdf_name, first[2], image)
    for number, name in enumerate(names, 1):
        if _stamp_of(folder / name) != (pdf_sha256, number, len(names)):
            return None
    return tuple(folder / name for name in names)


def _stamp_of(path: Path) -> tuple[str, int, int] | None:
    """The PDF's SHA-256 and the page (N of M) an image's stamp names; None: no stamp, no file."""
    try:
        head = read_regular(path, STAMP_WITHIN)[:STAMP_WITHIN]
    except OSError:  # absent, a link, a folder
        return None
    found = _STAMPED.search(head)
    return None if found is None else (found[1].decode("ascii"), int(found[2]), int(found[3]))


def _holds(path: Path, data: bytes) -> bool:
    """True when the regular file at ``path`` holds exactly ``data``."""
    try:
        return read_regular(path, len(data)) == data
    except OSError:  # absent, a link, a folder: written (or refused) as a new file
        return False


def lowered_notes(written: Sequence[WrittenImage]) -> list[Problem]:
    """A located note for each image written below full quality, or still over MAX_BYTES."""
    notes = []
    most = megabytes(MAX_BYTES)
    for each in written:
        size = megabytes(len(each.image.data))
        if len(each.image.data) >= MAX_BYTES:
            note = msg("img_still_large", size=size, most=most)
            notes.append(Problem(Location(str(each.path)), note))
        elif each.image.lowered is not None:
            note = msg("img_lowered", step=each.image.lowered, size=size, most=most)
            notes.append(Problem(Location(str(each.path)), note))
    return notes


def megabytes(size: int) -> str:
    """A file's size as listings state their limit: ``0.5 MB`` (a megabyte of 10^6 bytes)."""
    return f"{size / 1_000_000:.1f} MB"


def images_of(
    pdf: Path, folder: Path, image: ImageFormat, taken: dict[Path, Message]
) -> list[WrittenImage]:
    """The pages of the PDF file ``pdf`` written as images into ``folder`` (``qa-check image``).

    ``taken``: the files of this run, by their resolved paths, with what each is (a PDF named
    to be drawn, or the image of one). An image that would replace one of them is refused
    (CertificateError, nothing of this PDF written): two PDFs of one name from two folders,
    or a PDF whose own name is its image's. The images written are added to ``taken``.
    """
    from qa_check.certificates.images_bounded import bounded_page_images  # noqa: PLC0415

    where = Location(str(pdf))
    pages = bounded_page_images(read_pdf(pdf), image, where)
    names = image_names(pdf.name, len(pages), image)
    for name in names:
        other = taken.get((folder / name).resolve())
        if other is not None:
            raise CertificateError([Problem(where, msg("img_name_taken", name=name, other=other))])
    written = write_images(folder, pdf.name, pages, image)
    for name in names:
        taken[(folder / name).resolve()] = msg("img_of", pdf=str(pdf))
    return written
