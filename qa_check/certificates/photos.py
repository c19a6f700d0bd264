"""Photos a record names: finding the files safely, and reading them as small JPEGs.

The names come from whoever wrote the record, so a name may lead anywhere: out of the folder
through a symlink, to a pipe that blocks, to a device that never ends, or to a file Pillow would
hand to an outside program. ``validate`` checks the files (cheap, no Pillow); ``certify`` also
decodes them, as JPEG or PNG only and with bounded memory; ``verify`` checks the JPEGs a
certificate embeds. Every judgement is a Message, so that validate and certify agree.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from qa_check.core.messages import Message, msg
from qa_check.files.fileio import NotRegularFile, escapes_folder, open_regular

if TYPE_CHECKING:
    from PIL import Image

THUMBNAIL_PIXELS = 480
"""The longest side of a photo on a certificate."""
MAX_PHOTOS = 12
"""The most photos one certificate shows (three rows of four)."""
PNG_PIXELS = 50_000_000
"""The most pixels a PNG may declare: it is decoded in full (up to 200 MB at 4 bytes a pixel)."""
JPEG_PIXELS = 150_000_000
"""The most pixels a JPEG may declare: it is decoded at down to 1/8 scale, and this stays below
Pillow's own refusal (about 179 million), so the message is ours."""
MAX_EMBEDDED_BYTES = 256 * 1024
"""The largest JPEG a certificate may embed for one photo (``certify`` makes at most ~175 KB)."""


def too_many(count: int) -> Message | None:
    """Why ``count`` photos are too many for one certificate, or None."""
    if count > MAX_PHOTOS:
        return msg("photos_too_many", count=count, limit=MAX_PHOTOS)
    return None


def find(folder: Path, name: str) -> Path | Message:
    """The real path of the photo ``name`` in the record's ``folder``; else why it is none.

    A photo is a regular file whose real path, symlinks resolved, is inside the folder. Only
    ``stat`` is used, so a FIFO or a device is refused without being opened.
    """
    if "\0" in name:
        return msg("photo_name_nul")
    if escapes_folder(name):
        return msg("photo_outside", name=name)
    path = folder / name
    try:
        real = Path(os.path.realpath(path, strict=True))
        mode = real.stat().st_mode
        inside = real.is_relative_to(os.path.realpath(folder, strict=True))
    except (FileNotFoundError, NotADirectoryError):
        return msg("photo_missing", path=str(path))
    except OSError as exc:
        return msg("photo_cannot_open", path=str(path), reason=exc.strerror or str(exc))
    if not inside:
        return msg("photo_link_outside", name=name, target=str(real))
    if not stat.S_ISREG(mode):
        return msg("photo_not_file", path=str(path))
    return real


def thumbnail(path: Path, name: str) -> bytes | Message:
    """The photo at ``path`` (from ``find``) as a JPEG of at most THUMBNAIL_PIXELS a side.

    It is read as JPEG or PNG only, and its size is checked from its header before decoding.
    """
    try:  # never blocks on a FIFO, nor follows a symlink, swapped in since ``find`` looked
        handle = open_regular(path)
    except (NotRegularFile, IsADirectoryError):
        return msg("photo_not_file", path=str(path))
    except OSError as exc:
        return msg("photo_cannot_open", path=str(path), reason=exc.strerror or str(exc))
    with os.fdopen(handle, "rb") as file:
        return _decode(file, name)


def _decode(file: BinaryIO, name: str) -> bytes | Message:
    """Decode an open photo file into a thumbnail JPEG, or say why it cannot be."""
    from PIL import Image  # noqa: PLC0415 - only certify decodes; validate stays fast

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # Pillow's warnings are about the image: never printed
        try:
            with Image.open(file, formats=("JPEG", "PNG")) as image:
                limit = PNG_PIXELS if image.format == "PNG" else JPEG_PIXELS  # or MPO, a JPEG
                width, height = image.size
                if width * height > limit:
                    return msg("photo_too_large", name=name, limit=limit // 1_000_000)
                image.draft("RGB", (THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
                buffer = io.BytesIO()
                _on_white(image).save(buffer, "JPEG", quality=85)
        except Image.DecompressionBombError:
            return msg("photo_too_large", name=name, limit=JPEG_PIXELS // 1_000_000)
        except Exception:  # a broken file makes Pillow raise SyntaxError,
            # struct.error, EOFError, ValueError, IndexError, OSError...: all mean the same here
            return msg("photo_unreadable", name=name)
    return buffer.getvalue()


def _on_white(image: Image.Image) -> Image.Image:
    """The image in RGB, its transparent parts white as the page: JPEG has no transparency.

    Converting alone keeps the colour hidden under transparent pixels, often black: a logo
    on a transparent background would be printed in a black box.
    """
    from PIL import Image  # noqa: PLC0415 - as in _decode

    if not image.has_transparency_data:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    paper = Image.new("RGBA", rgba.size, "white")
    return Image.alpha_composite(paper, rgba).convert("RGB")


def embedded_problem(name: str, jpeg: bytes) -> Message | None:
    """Why a photo embedded in a certificate is not a thumbnail ``certify`` makes, or None.

    Only a JPEG of bounded bytes and size is decoded: the payload may come from anyone.
    """
    from PIL import Image  # noqa: PLC0415 - only certify and verify decode

    bad = msg(
        "photo_embedded_bad",
        name=name,
        pixels=THUMBNAIL_PIXELS,
        kb=MAX_EMBEDDED_BYTES // 1024,
    )
    if len(jpeg) > MAX_EMBEDDED_BYTES:
        return bad
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with Image.open(io.BytesIO(jpeg), formats=("JPEG",)) as image:
                if max(image.size) > THUMBNAIL_PIXELS:
                    return bad
                image.load()
        except Exception:  # as in _decode: any decoding failure is a bad photo
            return bad
    return None
