"""Photos coming into a run: dropped paths as terminals paste them, a phone's folder, HEIC."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pillow_heif
import pytest
from PIL import Image

from qa_check.core.messages import Message, in_lang
from qa_check.guided import photo_intake


def jpeg(path: Path, size: tuple[int, int] = (640, 480), colour: str = "red") -> Path:
    """A real JPEG photo at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(path, "JPEG")
    return path


def heic(path: Path, size: tuple[int, int] = (320, 240)) -> Path:
    """A real HEIC photo, as an iPhone syncs it, made with pillow-heif."""
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", size, (20, 160, 60))).save(buffer, quality=80)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/tmp/IMG_0001.JPG", ["/tmp/IMG_0001.JPG"]),
        ("'/Users/li na/Desktop/box 1.jpg' ", ["/Users/li na/Desktop/box 1.jpg"]),  # macOS
        ('"/home/wang/照片/标签 2.png"', ["/home/wang/照片/标签 2.png"]),
        ("/home/wang/box\\ photo.jpg", ["/home/wang/box photo.jpg"]),  # GNOME, iTerm
        ("file:///home/wang/box%20photo.jpg", ["/home/wang/box photo.jpg"]),  # a file URL
        ("a.jpg  'b c.png'", ["a.jpg", "b c.png"]),  # two dropped at once
    ],
)
def test_a_dropped_path_is_read_as_the_terminal_quoted_it(typed: str, expected: list[str]) -> None:
    assert photo_intake.typed_paths(typed) == [Path(name) for name in expected]


def test_a_quote_left_open_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="quotation"):
        photo_intake.typed_paths("'/tmp/box.jpg")


def test_the_new_photos_are_those_added_or_changed_since_the_snapshot(tmp_path: Path) -> None:
    phone = tmp_path / "phone"
    old = jpeg(phone / "IMG_0001.JPG")
    (phone / "notes.txt").write_text("not a photo", "utf-8")
    before = photo_intake.snapshot(phone)
    assert list(before) == ["IMG_0001.JPG"]
    assert photo_intake.new_since(phone, before) == []
    first = jpeg(phone / "IMG_0002.JPG")
    os.utime(first, ns=(10**18, 10**18))
    second = heic(phone / "IMG_0003.HEIC")
    os.utime(second, ns=(2 * 10**18, 2 * 10**18))
    jpeg(phone / ".IMG_0004.JPG.partial.jpg")  # a sync app's hidden temporary file
    assert photo_intake.new_since(phone, before) == [first, second]  # oldest first
    jpeg(old, colour="blue")  # synced again, changed
    assert old in photo_intake.new_since(phone, before)
    assert photo_intake.snapshot(None) == {} == photo_intake.snapshot(tmp_path / "nowhere")


def test_a_jpeg_is_copied_beside_the_record_as_it_is(tmp_path: Path) -> None:
    source = jpeg(tmp_path / "in" / "box photo.jpg")
    results = tmp_path / "results"
    copied = photo_intake.copy_beside(source, results, "photos/SKU-1/label-placement.x-1")
    assert copied == photo_intake.Copied("photos/SKU-1/label-placement.x-1.jpg")
    assert (results / copied.name).read_bytes() == source.read_bytes()


def test_a_phone_s_jpeg_stored_on_its_side_is_copied_upright(tmp_path: Path) -> None:
    source = tmp_path / "portrait.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": a portrait photo as phones store it
    Image.new("RGB", (400, 300), "red").save(source, "JPEG", exif=exif)
    copied = photo_intake.copy_beside(source, tmp_path / "results", "photos/A/x-1")
    assert isinstance(copied, photo_intake.Copied)
    with Image.open(tmp_path / "results" / copied.name) as image:
        assert image.size == (300, 400)
        assert image.getexif().get(0x0112, 1) == 1


def test_a_png_keeps_its_kind(tmp_path: Path) -> None:
    source = tmp_path / "label.png"
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(source, "PNG")
    copied = photo_intake.copy_beside(source, tmp_path / "results", "photos/A/x-1")
    assert copied == photo_intake.Copied("photos/A/x-1.png")


def test_an_iphone_heic_becomes_a_jpeg_of_the_same_size(tmp_path: Path) -> None:
    source = heic(tmp_path / "IMG_0005.HEIC", (320, 240))
    results = tmp_path / "results"
    copied = photo_intake.copy_beside(source, results, "photos/A/drop-test.drops.5-1")
    assert copied == photo_intake.Copied("photos/A/drop-test.drops.5-1.jpg")
    with Image.open(results / copied.name) as image:
        assert (image.format, image.size) == ("JPEG", (320, 240))
        red, green, _ = image.convert("RGB").getpixel((160, 120))  # type: ignore[misc]
        assert green > 120 > red


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.jpg", b"not a photo at all", "'notes.jpg': not a readable JPEG or PNG image"),
        ("broken.heic", b"\x00\x00\x00\x18ftypheic", "'broken.heic': not a readable JPEG or PNG"),
        ("scan.gif", b"GIF89a\x01\x00\x01\x00", "'scan.gif': not a readable JPEG or PNG image"),
    ],
)
def test_what_certify_could_not_print_is_refused_and_nothing_is_left(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    results = tmp_path / "results"
    refused = photo_intake.copy_beside(source, results, "photos/A/x-1")
    assert isinstance(refused, Message)
    assert refused.startswith(expected)
    assert [path for path in results.rglob("*") if path.is_file()] == []


def test_a_path_that_is_no_file_is_said_in_both_languages(tmp_path: Path) -> None:
    missing = photo_intake.copy_beside(tmp_path / "gone.jpg", tmp_path, "photos/A/x-1")
    assert missing == f"no photo file {tmp_path / 'gone.jpg'}"
    assert isinstance(missing, Message)
    assert in_lang(missing, "zh") == f"找不到照片文件 {tmp_path / 'gone.jpg'}"
    folder = photo_intake.copy_beside(tmp_path, tmp_path / "r", "photos/A/x-1")
    assert isinstance(folder, Message)
    assert folder.startswith(f"cannot read {tmp_path}:")


def test_a_file_too_large_for_a_photo_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(photo_intake, "MAX_PHOTO_BYTES", 2**20)
    source = tmp_path / "big.jpg"
    source.write_bytes(b"\xff" * (2**20 + 1))
    refused = photo_intake.copy_beside(source, tmp_path / "r", "photos/A/x-1")
    assert refused == f"{source}: larger than 1 MB, too large for a photo"
    assert not (tmp_path / "r").exists()
