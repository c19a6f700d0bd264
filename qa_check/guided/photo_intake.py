r"""Photos coming into a guided run: the paths a worker types or drops, a phone's synced folder.

A terminal pastes a dragged file's path as the shell would quote it (``'a b.jpg'``, ``a\ b.jpg``,
``file:///…``), so a typed line is read as shell words. A phone syncing into ``--photos DIR``
adds files there: the new ones are those absent, or changed, since the question was shown.
A photo is copied beside the record (an iPhone's HEIC converted to JPEG, a JPEG stored on its
side turned upright) and then checked as ``certify`` checks it, so that the record never names
a photo its certificate could not print.
"""

from __future__ import annotations

import io
import os
import shlex
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from qa_check.certificates import photos
from qa_check.core.errors import WriteError
from qa_check.core.messages import Message, in_both, msg
from qa_check.files.fileio import atomic_write, open_regular, os_reason

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".heic", ".heif")
"""What a phone's folder holds that is taken as a photo (other files are left alone)."""
HEIC_SUFFIXES = (".heic", ".heif")
MAX_PHOTO_BYTES = 64 * 1024 * 1024
"""A phone's photo is a few megabytes; a larger file is refused unread."""

Snapshot = dict[str, tuple[int, int]]
"""A folder's images by name: (size, modification time in ns)."""


@dataclass(frozen=True, slots=True)
class Copied:
    """A photo copied beside the record: its name there, relative to the record's folder."""

    name: str


def typed_paths(line: str) -> list[Path]:
    """The files a typed or dropped line names; ValueError when its quotes do not close."""
    named = [
        unquote(urlparse(word).path) if word.startswith("file://") else word
        for word in shlex.split(line.strip())
    ]
    return [Path(name).expanduser() for name in named]


def snapshot(folder: Path | None) -> Snapshot:
    """The images in ``folder`` now (none when there is no folder or it cannot be read)."""
    if folder is None:
        return {}
    seen: Snapshot = {}
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return {}
    for entry in entries:
        if not entry.name.lower().endswith(IMAGE_SUFFIXES) or entry.name.startswith("."):
            continue
        try:
            info = entry.stat()
        except OSError:
            continue
        if entry.is_file():
            seen[entry.name] = (info.st_size, info.st_mtime_ns)
    return seen


def new_since(folder: Path, before: Snapshot) -> list[Path]:
    """The images of ``folder`` that are new or changed since ``before``, oldest first."""
    now = snapshot(folder)
    fresh = [name for name, stamp in now.items() if before.get(name) != stamp]
    return [folder / name for name in sorted(fresh, key=lambda name: (now[name][1], name))]


def copy_beside(source: Path, folder: Path, name: str) -> Copied | Message:
    """Copy the photo ``source`` to ``folder / name`` (HEIC as JPEG), checked as certify reads it.

    ``name`` is relative to ``folder`` (the record's), its suffix chosen here. A file that is
    not a photo certify can print is refused with why, and nothing is left behind.
    """
    data = _read(source)
    if isinstance(data, Message):
        return data
    if source.suffix.lower() in HEIC_SUFFIXES:
        converted = _jpeg_from_heic(data, source)
        if isinstance(converted, Message):
            return converted
        data, suffix = converted, ".jpg"
    else:
        suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
        data = _upright(data) if suffix == ".jpg" else data
    target = folder / f"{name}{suffix}"
    try:
        atomic_write(target, data)
    except WriteError as exc:
        return in_both(exc.problems[0].show)
    relative = target.relative_to(folder).as_posix()
    found = photos.find(folder, relative)
    checked = photos.thumbnail(found, source.name) if isinstance(found, Path) else found
    if isinstance(checked, Message):
        target.unlink(missing_ok=True)
        return checked
    return Copied(relative)


def _read(source: Path) -> bytes | Message:
    """The bytes of a photo the worker named (a link is followed: the worker's own file)."""
    try:
        handle = open_regular(source, follow_links=True)
    except FileNotFoundError:
        return msg("photo_missing", path=str(source))
    except OSError as exc:
        return msg("photo_cannot_open", path=str(source), reason=os_reason(exc))
    with os.fdopen(handle, "rb") as file:
        data = file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        return msg("evidence_photo_too_big", path=str(source), mb=MAX_PHOTO_BYTES // 2**20)
    return data


_ORIENTATION = 0x0112
"""The EXIF tag a phone sets when it stores a photo turned (a portrait shot as landscape)."""


def _upright(data: bytes) -> bytes:
    """A phone's JPEG turned as it was taken, when its EXIF says to; else its bytes as they are.

    Certify prints the pixels as stored: a portrait photo from a phone would lie on its side.
    Anything that cannot be read is left as it is, for the check that follows to refuse.
    """
    from PIL import Image, ImageOps  # noqa: PLC0415 - only a photo step reads photos

    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as image:
            if image.getexif().get(_ORIENTATION, 1) == 1:
                return data
            buffer = io.BytesIO()
            ImageOps.exif_transpose(image).save(buffer, "JPEG", quality=92)
    except Exception:  # not a readable JPEG: refused by the check, as certify would
        return data
    return buffer.getvalue()


def _jpeg_from_heic(data: bytes, source: Path) -> bytes | Message:
    """An iPhone's HEIC photo as a JPEG of the same size, or why it cannot be read."""
    import pillow_heif  # noqa: PLC0415 - only a photo step with a HEIC file needs it

    try:
        image = pillow_heif.open_heif(io.BytesIO(data)).to_pillow()
        buffer = io.BytesIO()
        image.convert("RGB").save(buffer, "JPEG", quality=90)
    except Exception:  # a broken file makes libheif raise ValueError, RuntimeError...: unreadable
        return msg("photo_unreadable", name=source.name)
    return buffer.getvalue()
