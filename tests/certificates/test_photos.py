"""Photos: hostile files a record may name are refused, located, and never hang or blow up.

The risky cases run in a child process bounded in time and memory, so that a hang or a
runaway decoder fails the test instead of hanging CI.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from conftest import CHECKLISTS, bounded, certificates_in
from qa_check.certificates import photos
from qa_check.certificates.payload import load_photos
from qa_check.certificates.preflight import CHECKS
from qa_check.core.errors import Location
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord, Verdict, judge

"""Address space for the child: a certify needs under 250 MB; a full decode of a bomb, far more."""
POSTSCRIPT = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 8 8\n(GHOSTSCRIPT RAN) print flush\n{} loop\n"
)
"""Pillow hands PostScript to Ghostscript: this one prints, then loops forever."""

_DRIVER = """
import json, sys
from pathlib import Path
from qa_check.certificates.payload import load_photos
from qa_check.engine.checklists import load_registry
from qa_check.core.errors import CertificateError
from qa_check.records.read import read_records
from qa_check.engine.judge import judge
from qa_check.certificates.preflight import CHECKS

registry = load_registry([Path(sys.argv[2])])
[raw] = read_records([Path(sys.argv[1])], registry)
result = judge(raw, registry, checks=CHECKS, explain=True)
found = [["validate", p.location.line, p.location.field, p.message] for p in result.problems]
made = 0
try:
    made = len(load_photos(result))
except CertificateError as exc:
    found += [["certify", p.location.line, p.location.field, p.message] for p in exc.problems]
print(json.dumps({"problems": found, "photos": made}))
"""
"""What ``validate`` (judge) and ``certify`` (load_photos) each say about a record's photos."""


def write_record(folder: Path, record: dict[str, Any], names: list[str]) -> Path:
    """The record as JSON in ``folder``, one photo name a line."""
    path = folder / "r.json"
    path.write_text(json.dumps({**record, "photos": names}, indent=2), encoding="utf-8")
    return path


def entry_line(path: Path, index: int | None) -> int:
    """The line of ``photos[index]`` in a record written by ``write_record`` (None: the key)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    key = next(number for number, line in enumerate(lines, 1) if '"photos": [' in line)
    return key if index is None else key + 1 + index


def png(path: Path, size: tuple[int, int] = (64, 48), mode: str = "RGB") -> None:
    Image.new(mode, size).save(path, "PNG")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes(size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def corrupt_chunk_length(path: Path) -> None:
    """A PNG whose IDAT chunk claims far more bytes than the file holds."""
    png(path)
    data = bytearray(path.read_bytes())
    start = data.index(b"IDAT") - 4
    data[start : start + 4] = b"\x7f\xff\xff\xff"
    path.write_bytes(bytes(data))


def other_format(kind: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        Image.new("RGB", (8, 8)).save(path, kind)

    return make


def file_with(data: bytes) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(data)

    return make


def link_to(target: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.symlink_to(target)

    return make


Maker = Callable[[Path], None]
UNREADABLE = "not a readable JPEG or PNG image"
OUTSIDE = "outside the record's folder: a photo is a file inside it"
NOT_A_FILE = "is not a regular file: a folder, pipe or device cannot be a photo"

# name the record gives, how to make it (None: nothing), message, whether validate says it too
HOSTILE: dict[str, tuple[str, Maker | None, str, bool]] = {
    "postscript named .jpg": ("x.jpg", file_with(POSTSCRIPT), UNREADABLE, False),
    "gif named .png": ("x.png", other_format("GIF"), UNREADABLE, False),
    "bmp named .png": ("x.png", other_format("BMP"), UNREADABLE, False),
    "tiff named .png": ("x.png", other_format("TIFF"), UNREADABLE, False),
    "png with a wrong chunk length": ("x.png", corrupt_chunk_length, UNREADABLE, False),
    "pnm header typo named .jpg": (
        "x.jpg",
        file_with(b"P6\n4 4x\n255\n" + bytes(48)),
        UNREADABLE,
        False,
    ),
    "truncated jpeg": ("x.jpg", file_with(jpeg_bytes((640, 480))[:400]), UNREADABLE, False),
    "13000 x 13000 png": (
        "x.png",
        lambda path: png(path, (13000, 13000), "1"),
        "'x.png': more than 50 million pixels, too large to read",
        False,
    ),
    "symlink out of the folder": ("x.png", link_to("../outside.png"), OUTSIDE, True),
    "symlink to /dev/zero": ("x.jpg", link_to("/dev/zero"), "leads to /dev/zero, " + OUTSIDE, True),
    "folder symlinked out": (
        "up/outside.png",
        lambda path: path.parent.symlink_to(".."),
        OUTSIDE,
        True,
    ),
    "symlink loop": ("x.jpg", link_to("x.jpg"), "cannot read", True),
    "fifo": ("x.jpg", os.mkfifo, NOT_A_FILE, True),
    "folder named x.jpg": ("x.jpg", Path.mkdir, NOT_A_FILE, True),
    "nul byte in the name": ("a\0b.jpg", None, "cannot contain a NUL character", True),
    "absolute path": ("/etc/hostname", None, "a path inside the record's folder", True),
    "missing": ("x.jpg", None, "no photo file", True),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The record's folder, with a good PNG beside it (``ok.png``) and one outside."""
    png(tmp_path / "outside.png")
    inside = tmp_path / "rec"
    inside.mkdir()
    png(inside / "ok.png")
    return inside


def judged_in_child(path: Path) -> dict[str, Any]:
    done = bounded([sys.executable, "-c", _DRIVER, path, CHECKLISTS])
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    [line] = done.stdout.splitlines()  # nothing else printed: no Ghostscript, no warning
    result: dict[str, Any] = json.loads(line)
    return result


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_photo_is_refused_and_located(
    folder: Path, record: dict[str, Any], case: str
) -> None:
    name, make, message, by_validate = HOSTILE[case]
    if make is not None:
        make(folder / name)
    path = write_record(folder, record, ["ok.png", name])
    found = judged_in_child(path)
    certify = [p for p in found["problems"] if p[0] == "certify"]
    assert [field for _, _, field, _ in certify] == ["photos[1]"]
    assert message in certify[0][3]
    validate = [p for p in found["problems"] if p[0] == "validate" and message in p[3]]
    if by_validate:
        assert [(line, field) for _, line, field, _ in validate] == [
            (entry_line(path, 1), "photos[1]")
        ]
    else:
        assert found["problems"] == certify


def test_too_many_photos_are_refused_before_any_is_read(
    folder: Path, record: dict[str, Any]
) -> None:
    path = write_record(folder, record, ["ok.png"] * 600)
    found = judged_in_child(path)
    message = "600 photos: a certificate shows at most 12"
    assert [(where, field, text) for where, _, field, text in found["problems"]] == [
        ("validate", "photos", message),
        ("certify", "photos", message),
    ]
    assert found["problems"][0][1] == entry_line(path, None)


def test_twelve_photos_and_symlinks_inside_the_folder_are_fine(
    folder: Path, record: dict[str, Any]
) -> None:
    (folder / "sub").mkdir()
    png(folder / "sub" / "b.png")
    (folder / "link.png").symlink_to("sub/b.png")
    (folder / "sub" / "up.png").symlink_to("../ok.png")
    names = ["ok.png", "link.png", "sub/up.png", "./sub/b.png"] * 3
    found = judged_in_child(write_record(folder, record, names))
    assert found == {"problems": [], "photos": 12}


def test_a_file_named_twice_is_decoded_once(
    registry: Registry,
    record: dict[str, Any],
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (folder / "again.png").symlink_to("ok.png")
    record["photos"] = ["ok.png", "again.png", "./ok.png"]
    origin = Location(str(folder / "r.yaml"))
    result = judge(
        RawRecord(record, origin, lambda path: origin), registry, explain=True, checks=CHECKS
    )
    assert result.verdict is Verdict.PASS
    decoded: list[Path] = []
    thumbnail = photos.thumbnail

    def counting(path: Path, name: str) -> bytes | str:
        decoded.append(path)
        return thumbnail(path, name)

    monkeypatch.setattr(photos, "thumbnail", counting)
    made = load_photos(result)
    assert [photo.name for photo in made] == record["photos"]
    assert len({photo.jpeg for photo in made}) == 1
    assert decoded == [(folder / "ok.png").resolve()]


def test_a_device_inside_the_folder_is_no_file() -> None:
    assert photos.find(Path("/dev"), "null") == "/dev/null " + NOT_A_FILE


def test_thumbnails_keep_within_their_size(tmp_path: Path) -> None:
    (tmp_path / "wide.jpg").write_bytes(jpeg_bytes((4000, 1000)))
    made = photos.thumbnail(tmp_path / "wide.jpg", "wide.jpg")
    assert isinstance(made, bytes)
    with Image.open(io.BytesIO(made)) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (480, 120))


def test_certify_never_runs_ghostscript_nor_decodes_a_bomb(
    folder: Path, record: dict[str, Any], tmp_path: Path
) -> None:
    (folder / "ps.jpg").write_bytes(POSTSCRIPT)
    png(folder / "huge.png", (13000, 13000), "1")
    path = write_record(folder, record, ["ps.jpg", "huge.png", "ok.png"])
    out = tmp_path / "out"
    done = bounded([sys.executable, "-m", "qa_check", "certify", path, "--out", out])
    assert (done.returncode, done.stderr) == (2, "")
    assert "GHOSTSCRIPT RAN" not in done.stdout
    assert f"[photos[0]]: 'ps.jpg': {UNREADABLE}" in done.stdout
    assert "[photos[1]]: 'huge.png': more than 50 million pixels" in done.stdout
    assert certificates_in(out) == []


@pytest.mark.parametrize(
    ("case", "data"),
    [
        ("png", png_bytes),
        ("postscript", lambda: POSTSCRIPT),
        ("truncated jpeg", lambda: jpeg_bytes((480, 480))[:300]),
        ("too wide", lambda: jpeg_bytes((481, 10))),
        ("too many bytes", lambda: jpeg_bytes()[:-2] + bytes(photos.MAX_EMBEDDED_BYTES)),
    ],
)
def test_an_embedded_photo_must_be_a_small_jpeg(case: str, data: Callable[[], bytes]) -> None:
    assert photos.embedded_problem("x.jpg", data()) == (
        "embedded photo 'x.jpg' is not a JPEG of at most 480 pixels a side and 256 KB"
    )


def test_a_thumbnail_certify_makes_is_a_good_embedded_photo(tmp_path: Path) -> None:
    (tmp_path / "a.jpg").write_bytes(jpeg_bytes((480, 480)))
    made = photos.thumbnail(tmp_path / "a.jpg", "a.jpg")
    assert isinstance(made, bytes)
    assert photos.embedded_problem("a.jpg", made) is None


def _half_transparent(mode: str) -> Image.Image:
    """A 40 x 20 image in ``mode``: a dark left half, a transparent right half."""
    image = Image.new("RGBA", (40, 20), (0, 0, 0, 0))
    image.paste((20, 40, 90, 255), (0, 0, 20, 20))
    if mode == "P":
        return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=2)
    return image.convert(mode)


@pytest.mark.parametrize("mode", ["RGBA", "LA", "P"])
def test_transparent_parts_are_white_as_the_page(tmp_path: Path, mode: str) -> None:
    """A logo on a transparent background is not printed in a black box."""
    source = _half_transparent(mode)
    assert source.has_transparency_data
    source.save(tmp_path / "logo.png")
    made = photos.thumbnail(tmp_path / "logo.png", "logo.png")
    assert isinstance(made, bytes)
    with Image.open(io.BytesIO(made)) as thumb:
        assert thumb.mode == "RGB"
        right = thumb.getpixel((35, 10))
        left = thumb.getpixel((5, 10))
    assert isinstance(right, tuple) and min(right) >= 250
    assert isinstance(left, tuple) and max(left) <= 120
