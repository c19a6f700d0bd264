"""``qa-check image``: PDFs already issued as images, a line per image; files that are no PDF,
missing or a folder refused with one plain line each (exit 2), the others drawn all the same;
nothing written outside --out; --help and validate never load PDFium or Pillow."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import Certified
from qa_check.cli.app import app

runner = CliRunner()


def image(*args: str | Path, lang: str = "en") -> tuple[int, str, str]:
    done = runner.invoke(app, ["image", *map(str, args)], env={"QA_CHECK_LANG": lang})
    return done.exit_code, done.stdout, done.stderr


@pytest.fixture
def pdfs(unsigned: Certified, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of a PASS (one page) and a FAIL certificate (two pages) in a folder of their own."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    copies = []
    for pdf in (unsigned.passed, unsigned.failed):
        copies.append(folder / pdf.name)
        shutil.copyfile(pdf, copies[-1])
    return copies[0], copies[1]


def test_each_page_is_listed_with_its_size_and_written_into_out(
    pdfs: tuple[Path, Path], tmp_path: Path
) -> None:
    passed, failed = pdfs
    out = tmp_path / "listing"
    code, stdout, stderr = image(passed, failed, "--format", "jpg", "--out", out)
    assert (code, stderr) == (0, "")
    listed = [passed.stem + ".jpg", failed.stem + ".jpg", failed.stem + "-2.jpg"]
    assert sorted(path.name for path in out.iterdir()) == sorted(listed)
    sizes = {name: f"{(out / name).stat().st_size / 1e6:.1f} MB" for name in listed}
    assert stdout == "".join(f"{out / name}  1,241 x 1,754 px, {sizes[name]}\n" for name in listed)


def test_run_again_the_same_images_are_kept(pdfs: tuple[Path, Path]) -> None:
    passed = pdfs[0]
    assert image(passed)[0] == 0
    written = passed.with_suffix(".png")  # beside the PDF when no --out is given
    before = written.stat().st_mtime_ns
    code, stdout, stderr = image(passed)
    assert (code, stderr) == (0, "")
    size = f"{written.stat().st_size / 1e6:.1f} MB"
    assert stdout == f"{written}  1,241 x 1,754 px, {size} (unchanged, kept)\n"
    assert written.stat().st_mtime_ns == before


@pytest.mark.parametrize(
    ("lang", "not_pdf", "missing", "folder"),
    [
        pytest.param(
            "en",
            "not a PDF (or one locked with a password): no image drawn",
            "cannot read file: No such file or directory",
            "not a PDF: not a regular file (a folder, a pipe or a device)",
            id="English",
        ),
        pytest.param(
            "zh",
            "不是 PDF（或是受密码保护的 PDF）：未生成图片",
            "无法读取文件：文件不存在",
            "不是 PDF：这不是普通文件（而是文件夹、管道或设备）",
            id="Chinese",
        ),
    ],
)
def test_a_non_pdf_a_missing_file_and_a_folder_are_refused_plainly_and_the_rest_drawn(
    pdfs: tuple[Path, Path], tmp_path: Path, lang: str, not_pdf: str, missing: str, folder: str
) -> None:
    text = tmp_path / "notes.pdf"
    text.write_text("not a pdf")
    out = tmp_path / "out"
    absent = tmp_path / "absent.pdf"
    code, stdout, stderr = image(text, absent, tmp_path, pdfs[0], "-o", out, lang=lang)
    assert code == 2
    assert stderr == (
        f"error: {text}: {not_pdf}\nerror: {absent}: {missing}\nerror: {tmp_path}: {folder}\n"
    )
    assert stdout.startswith(f"{out / pdfs[0].with_suffix('.png').name}  1,241 x 1,754 ")
    assert [path.name for path in out.iterdir()] == [pdfs[0].with_suffix(".png").name]
    assert "Traceback" not in stdout + stderr


def test_nothing_is_written_outside_out(
    pdfs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    out = tmp_path / "a" / "out"
    assert image(*pdfs, "--out", out)[0] == 0
    added = sorted(set(tmp_path.rglob("*")) - set(before))
    images = [pdfs[0].stem + ".png", pdfs[1].stem + ".png", pdfs[1].stem + "-2.png"]
    assert added == sorted([tmp_path / "a", out, *(out / name for name in images)])


def test_an_image_never_replaces_a_file_of_the_run(pdfs: tuple[Path, Path], tmp_path: Path) -> None:
    """Two PDFs of one name into one folder: the second is refused; so is a PDF named .png."""
    other = tmp_path / "other"
    other.mkdir()
    twin = other / pdfs[0].name
    shutil.copyfile(pdfs[1], twin)
    out = tmp_path / "out"
    code, _, stderr = image(pdfs[0], twin, "-o", out)
    name = pdfs[0].with_suffix(".png").name
    assert code == 2
    said = f"not drawn: its image {name} would replace the image of {pdfs[0]}"
    assert stderr == f"error: {twin}: {said}\n"
    disguised = tmp_path / "cert.png"
    shutil.copyfile(pdfs[0], disguised)
    code, _, stderr = image(disguised)
    assert code == 2
    assert stderr == (
        f"error: {disguised}: not drawn: its image cert.png would replace {disguised},"
        " named to be drawn\n"
    )
    assert disguised.read_bytes() == pdfs[0].read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(["--help"], id="help"),
        pytest.param(["image", "--help"], id="image help"),
        pytest.param(["validate", "examples/earbuds-pass.yaml"], id="validate"),
    ],
)
def test_help_and_validate_never_load_pdfium_or_pillow(args: list[str]) -> None:
    code = (
        "import sys\n"
        "from qa_check.cli.app import app\n"
        "try:\n"
        f"    app({args!r})\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, sorted({'pypdfium2', 'PIL'} & set(sys.modules)))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines()[-1] == "0 []"
