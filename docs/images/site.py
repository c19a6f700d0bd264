"""Take the README's screenshots of the published verification site, in English and Chinese.

    python docs/images/site.py

From the repository root, with the tests' virtualenv (Playwright) and Debian's chromium
(/usr/bin/chromium). It does what the README shows: makes the example issuer's keys, certifies
the examples with the example site configuration in English and in Chinese (a fixed issue time,
so both share their ids), revokes LAMP-220's certificate, publishes the register with the keys,
serves the site from 127.0.0.1 and opens it in headless chromium: a search, a certificate's page
(VALID, REVOKED), and the drop zone's answers to a genuine PDF and to a copy with one byte
changed. Each shot is written to docs/images/site/ as a palette PNG (as make.py writes the
certificate pictures). Run it after a change to the site's pages, script or style sheet, look at
every picture, and commit them.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from PIL import Image
from playwright.sync_api import FloatRect, Page, sync_playwright

HERE = Path(__file__).resolve().parent / "site"
ROOT = HERE.parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    *("--no-sandbox", "--disable-gpu", "--disable-background-networking"),
    *("--disable-component-update", "--disable-sync", "--no-first-run"),
]
WIDTH = 760
MARGIN = 16
COLOURS = 64
ISSUED_AT = "2026-11-23T09:00:00+08:00"
CONFIG = "examples/qa-check.toml"
ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
"""The issuer CONFIG names, and so the signing key's."""
VALID_SKU = "MUG-350-WH"
REVOKED_SKU = "LAMP-220"
WHY = "issued from the wrong batch"
LANGS = ("en", "zh")
SHOTS = [
    f"{name}-{lang}.png"
    for lang in LANGS
    for name in ("search", "certificate-valid", "certificate-revoked", "drop-issued", "drop-edited")
]
"""Every screenshot, by name: what is shown, then the page's language."""
INPUTS = [CONFIG, "examples/"]
"""What the site is published from (``tests/test_docs.py`` checks each is there)."""


class QuietHandler(SimpleHTTPRequestHandler):
    """A static host that logs nothing."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request."""


def main() -> None:
    """Publish the examples, serve the site, take and write every screenshot."""
    HERE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        ids, pdfs = publish(Path(scratch))
        site = Path(scratch) / "site"
        server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for lang in LANGS:
                page = browser.new_page(viewport={"width": WIDTH, "height": 900})
                for name, shoot in takes(base, lang, ids, pdfs).items():
                    picture = palette(shoot(page))
                    (HERE / f"{name}-{lang}.png").write_bytes(picture)
                    print(f"site/{name}-{lang}.png: {len(picture) // 1024} KB")
                page.close()
            browser.close()
        server.shutdown()


def qa_check(work: Path, *args: str | Path) -> None:
    """``qa-check ARGS`` with the issuer's keys in ``work``; exit 2 is certify's invalid example."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(work / "config")}
    env["QA_CHECK_KEYS"] = str(work / "keys")
    env.pop("QA_CHECK_KEY_PASSPHRASE", None)
    command = [sys.executable, "-m", "qa_check", *map(str, args)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 2):
        sys.exit(f"qa-check {args[0]} failed ({done.returncode}):\n{done.stderr}")


def publish(work: Path) -> tuple[dict[str, str], dict[tuple[str, str], Path]]:
    """Keys, certify, revoke, publish into work/site; each SKU's id, each (SKU, language)'s PDF."""
    reports = work / "reports"
    qa_check(work, "keys", "init", "--issuer", ISSUER, "--no-passphrase")
    for lang in LANGS:
        options = ("--config", CONFIG, "--lang", lang, "--issued-at", ISSUED_AT)
        qa_check(work, "certify", "examples/", "--out", reports, *options)
    register = reports / "register.sqlite"
    with sqlite3.connect(register) as connection:
        rows = connection.execute("SELECT sku, lang, certificate_id, file FROM certificates")
        found = [(sku, lang, cid, reports / file) for sku, lang, cid, file in rows]
    ids = {sku: certificate_id for sku, _, certificate_id, _ in found}
    qa_check(work, "register", "revoke", ids[REVOKED_SKU], "--why", WHY, "-r", register)
    qa_check(work, "publish", "-r", register, "--out", work / "site", "--keys", work / "keys")
    return ids, {(sku, lang): pdf for sku, lang, _, pdf in found}


def takes(
    base: str, lang: str, ids: dict[str, str], pdfs: dict[tuple[str, str], Path]
) -> dict[str, Callable[[Page], bytes]]:
    """Each screenshot of one language: how it is taken."""
    index = base + ("zh/" if lang == "zh" else "")
    page_of = {sku: f"{base}c/{ids[sku]}/" + ("zh/" if lang == "zh" else "") for sku in ids}
    genuine = pdfs[VALID_SKU, lang].read_bytes()
    edited = bytearray(genuine)
    edited[len(edited) // 2] ^= 0x01

    def search(page: Page) -> bytes:
        page.goto(index)
        page.fill("#qc-search-input", REVOKED_SKU.lower())
        page.press("#qc-search-input", "Enter")
        page.wait_for_selector("#qc-search-result[data-outcome]")
        return framed(page, "#qc-search-result", from_top=True)

    def certificate(sku: str) -> Callable[[Page], bytes]:
        def shoot(page: Page) -> bytes:
            page.goto(page_of[sku])
            return framed(page, ".qc-facts", from_top=True)

        return shoot

    def drop(data: bytes, name: str) -> Callable[[Page], bytes]:
        def shoot(page: Page) -> bytes:
            page.goto(index)
            page.set_input_files(
                "#qc-drop-input", {"name": name, "mimeType": "application/pdf", "buffer": data}
            )
            page.wait_for_selector("#qc-drop-result[data-outcome]")
            return framed(page, "#qc-drop", from_top=False)

        return shoot

    return {
        "search": search,
        "certificate-valid": certificate(VALID_SKU),
        "certificate-revoked": certificate(REVOKED_SKU),
        "drop-issued": drop(genuine, pdfs[VALID_SKU, lang].name),
        "drop-edited": drop(bytes(edited), "edited-copy.pdf"),
    }


def framed(page: Page, selector: str, *, from_top: bool) -> bytes:
    """``selector`` with a margin, the page's full width; ``from_top``: the page down to it."""
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    top = 0 if from_top else max(box["y"] - MARGIN, 0)
    height = box["y"] + box["height"] + MARGIN - top
    clip: FloatRect = {"x": 0, "y": top, "width": WIDTH, "height": height}
    return page.screenshot(clip=clip, full_page=True)


def palette(png: bytes) -> bytes:
    """A screenshot as a palette PNG: a few dozen colours lose nothing a reader sees."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    quantized = image.quantize(COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    quantized.save(out, "PNG", optimize=True)
    return out.getvalue()


if __name__ == "__main__":
    main()
