"""Draw the documentation's pictures again from the examples: certificates and a summary page.

    python docs/images/make.py

From the repository root, with qa-check's dependencies importable (the tests' virtualenv) and
poppler's ``pdftoppm`` on the PATH. It certifies the examples as the README does (the example
site configuration, a fixed issue time), in English and, for the bilingual picture, in English
and Chinese, renders the pages PICTURES names at DPI and writes them here as palette PNGs
(a few dozen colours: type and tints lose nothing a reader sees, the files a third of the size).
Run it after a change to the page or the summary, and commit the pictures.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DPI = 100
COLOURS = 64
ISSUED_AT = "2026-11-23T09:00:00+08:00"
CONFIG = "examples/qa-check.toml"
RUNS = {"en": ["examples/"], "en+zh": ["examples/lamp-220-pass.yaml"]}
"""What is certified in each language: every example (for the summary too), one in both."""
PICTURES = {
    "certificate-pass.png": ("en", "LAMP-220_PASS_2026-11-18.pdf", 1),
    "certificate-fail-1.png": ("en", "KETTLE-1.7_FAIL_2026-11-21.pdf", 1),
    "certificate-fail-2.png": ("en", "KETTLE-1.7_FAIL_2026-11-21.pdf", 2),
    "certificate-en+zh.png": ("en+zh", "LAMP-220_PASS_2026-11-18_en+zh.pdf", 1),
    "summary.png": ("en", "summary.pdf", 1),
}
"""Each picture: the run it comes from, the file it shows and the page."""
INPUTS = [CONFIG, *(path for paths in RUNS.values() for path in paths)]
"""What the pictures are drawn from (``tests/test_docs.py`` checks each is there)."""


def main() -> None:
    """Certify, render and write every picture; print each with its size."""
    with tempfile.TemporaryDirectory() as scratch:
        folders = {lang: Path(scratch) / lang.replace("+", "-") for lang in RUNS}
        for lang, paths in RUNS.items():
            certify(paths, lang, folders[lang])
        for name, (lang, pdf, page) in PICTURES.items():
            picture = render(folders[lang] / pdf, page)
            (HERE / name).write_bytes(picture)
            print(f"{name}: {len(picture) // 1024} KB")


def certify(paths: list[str], lang: str, out: Path) -> None:
    """``qa-check certify`` as the README runs it; exit 1 or 2 is expected (a FAIL, an INVALID)."""
    command = [sys.executable, "-m", "qa_check", "certify", *paths, "--config", CONFIG]
    command += ["--out", str(out), "--lang", lang, "--issued-at", ISSUED_AT]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1, 2) or not out.is_dir():
        sys.exit(f"certify failed ({done.returncode}):\n{done.stderr}")


def render(pdf: Path, page: int) -> bytes:
    """Page ``page`` of ``pdf`` at DPI, as a palette PNG."""
    pixels = subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png", str(pdf)],
        capture_output=True,
        check=True,
    ).stdout
    image = Image.open(io.BytesIO(pixels)).convert("RGB")
    palette = image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


if __name__ == "__main__":
    main()
