"""``certify --image``: each certificate's pages as images beside it, whose QR code zbarimg reads
as the certificate's own; kept as the certificate is kept on a rerun; nothing outside --out."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT, certify_into
from qa_check.certificates import images as images_module
from qa_check.certificates import pipeline as pipeline_module
from qa_check.certificates.lot_payload import read_any_payload
from qa_check.certificates.payload import qr_content
from qa_check.certificates.verify import embedded_record
from qa_check.cli.app import app

runner = CliRunner()
ISSUED_AT = "2026-11-23T09:00:00+08:00"
RECORDS = (ROOT / "examples" / "lamp-220-pass.yaml", ROOT / "examples" / "kettle-17-fail.yaml")
"""A PASS of one page, with photos, and a FAIL of two."""


def certify(out: Path, *args: str) -> tuple[int, str, str]:
    command = ["certify", *map(str, RECORDS), "-o", str(out), "-c", str(CHECKLISTS), "-j", "1"]
    done = runner.invoke(app, [*command, "--issued-at", ISSUED_AT, "--no-sign", *args])
    return done.exit_code, done.stdout, done.stderr


def qr_read(image: Path) -> str:
    """What zbarimg reads from the QR code of an image (the page's barcode aside)."""
    command = ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def qr_of(pdf: Path) -> str:
    payload = read_any_payload(embedded_record(pdf.read_bytes(), str(pdf)), str(pdf))[0]
    return qr_content(payload)


def pages(pdf: Path) -> int:
    """The pages of a PDF, as pdfinfo counts them."""
    done = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    found = re.search(r"^Pages: +(\d+)$", done.stdout, re.MULTILINE)
    assert found, pdf
    return int(found.group(1))


def files_under(folder: Path) -> dict[Path, int]:
    """Every file under ``folder``, with when it last changed."""
    return {path: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


@pytest.mark.parametrize(
    ("image", "lang", "suffix", "fail_pages"),
    [
        pytest.param("png", "en", "", 2, id="png"),
        pytest.param("jpg", "en", "", 2, id="jpg"),
        pytest.param("png", "zh", "_zh", 1, id="png, in Chinese"),
    ],
)
def test_certify_image_writes_each_page_whose_qr_code_zbarimg_reads(
    tmp_path: Path, image: str, lang: str, suffix: str, fail_pages: int
) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = certify(out, "--image", image, "--lang", lang, "-q")
    assert (code, stderr) == (1, "")  # one FAIL
    passed = out / f"LAMP-220_PASS_2026-11-18{suffix}.pdf"
    failed = out / f"KETTLE-1.7_FAIL_2026-11-21{suffix}.pdf"
    assert f"-> {passed}\n" in stdout
    assert (pages(passed), pages(failed)) == (1, fail_pages)
    images = {
        passed: [out / f"LAMP-220_PASS_2026-11-18{suffix}.{image}"],
        failed: [
            out / f"KETTLE-1.7_FAIL_2026-11-21{suffix}{more}.{image}"
            for more in ("", "-2")[:fail_pages]
        ],
    }
    written = sorted(path.name for path in out.iterdir() if path.suffix == f".{image}")
    assert written == sorted(path.name for each in images.values() for path in each)
    for pdf, pages_of_pdf in images.items():
        for page in pages_of_pdf:
            with Image.open(page) as opened:
                assert opened.format == {"png": "PNG", "jpg": "JPEG"}[image]
                assert opened.size[0] >= 1200
            assert page.stat().st_size < 2_000_000
            assert qr_read(page) == qr_of(pdf)


def test_a_rerun_keeps_the_images_as_it_keeps_the_certificates(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert certify(out, "--image", "png", "-q")[0] == 1
    before = files_under(out)
    code, stdout, stderr = certify(
        out, "--image", "png", "-q", "--issued-at", "2026-12-01T09:00:00Z"
    )
    assert (code, stderr) == (1, "")
    assert "2 of them there already for the same record" in stdout
    after = files_under(out)
    images = [path for path in before if path.suffix == ".png"]
    assert len(images) == 3
    assert {path: after[path] for path in images} == {path: before[path] for path in images}


def test_a_kept_certificate_gets_its_images_when_asked_later(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert certify(out, "-q")[0] == 1
    assert [path for path in out.iterdir() if path.suffix == ".jpg"] == []
    pdfs = {path: path.read_bytes() for path in out.glob("*_*.pdf")}
    code, stdout, stderr = certify(out, "--image", "jpg", "-q")
    assert (code, stderr) == (1, "")
    assert "2 of them there already" in stdout
    assert {path: path.read_bytes() for path in pdfs} == pdfs  # kept, not drawn again
    assert len(list(out.glob("*.jpg"))) == 3


def test_images_are_the_same_for_any_number_of_jobs(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    assert certify(one, "--image", "png", "-q")[0] == 1
    assert certify(two, "--image", "png", "-q", "-j", "2")[0] == 1
    for image in one.glob("*.png"):
        assert (two / image.name).read_bytes() == image.read_bytes(), image.name


def test_nothing_is_written_outside_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    out = tmp_path / "deep" / "out"
    assert certify(out, "--image", "jpg", "-q")[0] == 1
    assert {path.parent for path in files_under(tmp_path)} == {out}


def test_a_page_written_below_full_quality_is_said_as_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images_module, "MAX_BYTES", 300_000)
    out = tmp_path / "out"
    code, stdout, stderr = certify(out, "--image", "jpg")
    assert (code, stderr) == (1, "")
    image = out / "LAMP-220_PASS_2026-11-18.jpg"
    size = f"{image.stat().st_size / 1e6:.1f} MB"
    warning = f"    * warning: {image}: over 0.3 MB at full quality: written with JPEG quality"
    lines = stdout.splitlines()
    assert lines[0].startswith("PASS     LAMP-220")
    assert lines[1].startswith(warning)
    assert lines[1].endswith(f" ({size})")
    assert image.stat().st_size < 300_000


def test_an_image_that_cannot_be_written_makes_its_record_invalid(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "LAMP-220_PASS_2026-11-18.png").mkdir()  # a folder where the image goes
    code, stdout, stderr = certify(out, "--image", "png", "-q")
    assert code == 2
    assert f"{out / 'LAMP-220_PASS_2026-11-18.png'}: cannot write" in stdout + stderr
    assert not (out / "LAMP-220_PASS_2026-11-18.pdf").exists()  # its images first, then the PDF
    assert (out / "KETTLE-1.7_FAIL_2026-11-21.pdf").exists()  # the batch went on


def test_a_rerun_keeps_stamped_images_without_drawing_them_and_draws_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert certify(out, "--image", "png", "-q")[0] == 1
    stale = out / "LAMP-220_PASS_2026-11-18.png"
    drawn = stale.read_bytes()
    stale.write_bytes(b"an image of something else")

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    with monkeypatch.context() as patched:  # every image stamped as of its PDF: none drawn
        patched.setattr(pipeline_module, "page_images", refused)
        code, stdout, stderr = certify(out, "--image", "png")
        assert (code, stderr) == (2, "")
        assert "INVALID  LAMP-220 " in stdout  # the one without its stamp, and only that one
        assert "(AssertionError: drawn again)" in stdout
        assert "KETTLE-1.7_FAIL_2026-11-21.pdf (unchanged, kept)\n" in stdout
    assert certify(out, "--image", "png", "-q")[0] == 1
    assert stale.read_bytes() == drawn  # drawn again from its kept certificate


def test_a_signed_certificates_image_shows_its_signed_qr_code(
    tmp_path_factory: pytest.TempPathFactory, signing_keys: Path
) -> None:
    """The image of a signed PDF: its QR code names the signing key, as the PDF's does."""
    certified = certify_into(
        tmp_path_factory, "signed-image", "--keys", signing_keys, "--image", "png"
    )
    image = certified.passed.with_suffix(".png")
    assert " KEY:" in qr_of(certified.passed)
    assert qr_read(image) == qr_of(certified.passed)
