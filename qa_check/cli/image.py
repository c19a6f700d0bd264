"""``qa-check image``: the pages of PDFs already issued as PNG or JPEG images, for listings."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.certificates.images import ImageFormat
from qa_check.cli.boundary import EXIT_INVALID, EXIT_OK, spoken
from qa_check.cli.command import epilog

if TYPE_CHECKING:
    from collections.abc import Generator, Sequence

    from qa_check.certificates.images import WrittenImage
    from qa_check.core.languages import Lang

EPILOG = epilog(
    [
        "qa-check image reports/LAMP-220_PASS_2026-11-18.pdf",
        "qa-check image reports/*_PASS_*.pdf --format jpg --out listing/",
    ],
    [
        ("0", "every page of every PDF was written as an image"),
        ("2", "a file is not a PDF or cannot be read, an image not written, or misuse"),
        ("130", "interrupted by Ctrl-C: the images written so far are whole"),
    ],
)


def image(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(metavar="FILE.pdf", help="PDF files.")],
    *,
    image_format: Annotated[
        ImageFormat,
        typer.Option(
            "--format",
            help="The images' format: png (every pixel exact) or jpg (where a listing asks"
            " for it).",
        ),
    ] = ImageFormat.PNG,
    out: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--out",
            metavar="DIR",
            help="Folder the images are written into. Default: beside each PDF.",
        ),
    ] = None,
) -> None:
    """Write each page of PDF certificates as an image: NAME.png, NAME-2.png for page 2...

    Each image is at least 1,200 px wide (150 dpi) and under 2 MB, the sizes listings take: a
    page that would be larger is written with a lower JPEG quality, or fewer PNG colours, and
    that is said. The QR code still scans. An image is for display and carries no signature:
    the PDF stays the evidence, and the image shows the certificate id and QR code to check it
    with. Run again, an image already there with the same content is left as it is.
    """
    from qa_check.certificates.images import images_of
    from qa_check.cli.output import Certificates, Stdout, stream
    from qa_check.core.errors import QaCheckError
    from qa_check.core.messages import Message, msg
    from qa_check.files.fileio import writable_folder

    language = spoken(ctx)
    if out is not None:
        writable_folder(out)
    taken: dict[Path, Message] = {file.resolve(): msg("img_input", pdf=str(file)) for file in files}

    def drawn() -> Generator[tuple[int, str], None, None]:
        """Each PDF's exit code and its images' lines; a file that fails stops no other."""
        for file in files:
            try:
                written = images_of(file, out or file.parent, image_format, taken)
            except QaCheckError as exc:
                for problem in exc.problems:
                    typer.echo(f"error: {problem.show(language)}", err=True)
                yield EXIT_INVALID, ""
                continue
            yield EXIT_OK, _listed(written, language)

    stream(Stdout(language), "", drawn(), Certificates(len(files)), lambda: "")


def _listed(written: Sequence[WrittenImage], lang: Lang) -> str:
    """A line per image: its path, pixels and size, whether it was there already; notes."""
    from qa_check.certificates.images import lowered_notes, megabytes
    from qa_check.core.messages import in_lang, msg, printable

    lines = []
    for each in written:
        page = each.image
        size = megabytes(len(page.data))
        said = msg("img_written", width=page.width, height=page.height, size=size)
        kept = f" {in_lang(msg('img_kept'), lang)}" if each.kept else ""
        lines.append(f"{printable(str(each.path))}  {in_lang(said, lang)}{kept}\n")
    for note in lowered_notes(written):
        typer.echo(f"note: {note.show(lang)}", err=True)
    return "".join(lines)
