"""The published site in a real browser: headless Chromium (Debian's) driven by Playwright.

The site is served from a local static server, as any static host would serve it. A reader
searches by SKU and by id, opens a certificate's page, and drops PDFs on the drop zone: a genuine
one (issued), a copy with one byte changed (not issued, its fingerprint shown) and a revoked one
(REVOKED, with the reason), in English and in Chinese. Without JavaScript the page still says
the status; opened from file:// the drop zone says to open the site from its web address; and
the page's own SHA-256 meets FIPS 180-4's vectors in the browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, FilePayload, Page, sync_playwright

from conftest import ROOT
from qa_check.core.catalogue import CATALOGUE

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    *("--no-sandbox", "--disable-gpu", "--disable-background-networking"),
    *("--disable-component-update", "--disable-sync", "--no-first-run"),
]
ISSUED_AT = "2026-11-23T09:00:00+08:00"
"""One issue time for both languages' runs: a record's certificates then share their id."""
PUBLISHED_AT = "2026-12-06T19:30:00Z"
ISSUER = "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
"""The issuer examples/qa-check.toml names, and so the signing key's."""
REVOKED_SKU = "LAMP-220"
WHY = "issued from the wrong batch"
TIMEOUT_MS = 15_000
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Site:
    """A published site and what the tests drop on it."""

    root: Path
    pdfs: dict[tuple[str, str], Path]
    """(SKU, language) -> the certificate file issued for it."""
    ids: dict[str, str]
    """SKU -> its certificate id."""


def run_qa_check(work: Path, *args: str | Path) -> None:
    """``qa-check ARGS``, the issuer's keys in ``work``; exit 2 is certify's invalid example.

    Its configuration folder is ``work``'s too: nothing of this machine's user is used.
    """
    env = {
        **os.environ,
        "XDG_CONFIG_HOME": str(work / "config"),
        "QA_CHECK_KEYS": str(work / "keys"),
    }
    env.pop("QA_CHECK_KEY_PASSPHRASE", None)
    command = [sys.executable, "-m", "qa_check", *map(str, args)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    assert done.returncode in (0, 2), done.stderr


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The examples signed in English and Chinese (14 certificates), one revoked, published."""
    work = tmp_path_factory.mktemp("site")
    reports = work / "reports"
    run_qa_check(work, "keys", "init", "--issuer", ISSUER, "--no-passphrase")
    for lang in LANGS:
        options = ("--config", "examples/qa-check.toml", "--lang", lang, "--issued-at", ISSUED_AT)
        run_qa_check(work, "certify", "examples/", "--out", reports, *options)
    register = reports / "register.sqlite"
    with sqlite3.connect(register) as connection:
        rows = connection.execute("SELECT sku, lang, certificate_id, file FROM certificates")
        files = {(sku, lang): (certificate_id, file) for sku, lang, certificate_id, file in rows}
    ids = {sku: certificate_id for (sku, _), (certificate_id, _) in files.items()}
    assert len(ids) == 14
    run_qa_check(work, "register", "revoke", ids[REVOKED_SKU], "--why", WHY, "-r", register)
    run_qa_check(
        work, "publish", "--register", register, "--out", work / "site", "--keys", work / "keys"
    )
    pdfs = {key: reports / file for key, (_, file) in files.items()}
    return Site(work / "site", pdfs, ids)


class QuietHandler(SimpleHTTPRequestHandler):
    """A static host: files as they are, no log on stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing per request."""


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    """The site served over HTTP from 127.0.0.1, on a port of the system's choice."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Debian chromium for the module (a launch takes about a second)."""
    assert Path(CHROMIUM).is_file(), "no chromium: the README's test command installs it"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh page; a script error on it, or a request to anywhere but the site, fails the test."""
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    elsewhere: list[str] = []
    tab.on(
        "request",
        lambda request: elsewhere.extend(
            [] if request.url.startswith((base_url, "file:")) else [request.url]
        ),
    )
    yield tab
    context.close()
    assert errors == []
    assert elsewhere == []


def index_url(base_url: str, lang: str) -> str:
    return base_url + ("zh/" if lang == "zh" else "")


def word(key: str, lang: str) -> str:
    """The text of a message before its first placeholder: what the page must show."""
    return CATALOGUE[key][LANGS.index(lang)].split("{")[0]


@dataclass(frozen=True)
class Answer:
    """What a result element says: its outcome and status (attributes) and its words."""

    outcome: str | None
    status: str | None
    text: str


def answer(page: Page, selector: str) -> Answer:
    """The answer in ``selector`` once the script has given one."""
    result = page.wait_for_selector(f"{selector}[data-outcome]")
    assert result is not None
    outcome, status = (result.get_attribute(f"data-{name}") for name in ("outcome", "status"))
    return Answer(outcome, status, result.inner_text())


def search(page: Page, term: str) -> Answer:
    page.fill("#qc-search-input", term)
    page.press("#qc-search-input", "Enter")
    return answer(page, "#qc-search-result")


def drop(page: Page, name: str, data: bytes) -> None:
    """A real drop event on the zone, its DataTransfer built in the page with the file's bytes."""
    transfer = page.evaluate_handle(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: "application/pdf"}));
            return transfer;
        }""",
        [name, base64.b64encode(data).decode()],
    )
    page.dispatch_event("#qc-drop-zone", "drop", {"dataTransfer": transfer})


def choose(page: Page, name: str, data: bytes) -> None:
    """The file chosen in the drop zone's file input."""
    chosen: FilePayload = {"name": name, "mimeType": "application/pdf", "buffer": data}
    page.set_input_files("#qc-drop-input", chosen)


GIVE = {"drop": drop, "choose": choose}


def dropped(page: Page, give: str, name: str, data: bytes) -> Answer:
    GIVE[give](page, name, data)
    return answer(page, "#qc-drop-result")


@pytest.mark.parametrize("lang", LANGS)
def test_a_sku_typed_loosely_finds_its_certificate_and_links_its_page(
    page: Page, base_url: str, site: Site, lang: str
) -> None:
    page.goto(index_url(base_url, lang))
    found = search(page, "  mug-350-wh ")
    assert found.outcome == "found"
    assert found.status == "VALID"
    assert site.ids["MUG-350-WH"] in found.text
    assert word("web_js_search_sku", lang) in found.text
    page.click(f"#qc-search-result a:text('{site.ids['MUG-350-WH']}')")
    page.wait_for_selector("#qc-status")
    suffix = "zh/" if lang == "zh" else ""
    assert page.url == f"{base_url}c/{site.ids['MUG-350-WH']}/{suffix}"
    assert page.get_attribute("#qc-status", "data-status") == "VALID"
    assert page.inner_text("#qc-status").split()[0] == "VALID"


@pytest.mark.parametrize("lang", LANGS)
def test_an_id_finds_the_revoked_certificate_as_revoked_with_its_reason(
    page: Page, base_url: str, site: Site, lang: str
) -> None:
    page.goto(index_url(base_url, lang))
    found = search(page, site.ids[REVOKED_SKU].lower())
    assert (found.outcome, found.status) == ("found", "REVOKED")
    assert "REVOKED" in found.text and WHY in found.text
    assert word("web_js_status_revoked", lang) in found.text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("term", ["QC-0000-0000-0000", "NO-SUCH-SKU"])
def test_what_is_not_published_is_said_not_found(
    page: Page, base_url: str, lang: str, term: str
) -> None:
    page.goto(index_url(base_url, lang))
    found = search(page, term)
    assert (found.outcome, found.status) == ("not-found", None)
    key = "web_js_search_no_id" if term.startswith("QC-") else "web_js_search_no_sku"
    assert word(key, lang) in found.text and term in found.text


@pytest.mark.parametrize("give", sorted(GIVE))
@pytest.mark.parametrize("lang", LANGS)
def test_a_genuine_pdf_is_issued_and_an_edited_copy_is_not(
    page: Page, base_url: str, site: Site, lang: str, give: str
) -> None:
    page.goto(index_url(base_url, lang))
    genuine = site.pdfs["MUG-350-WH", lang].read_bytes()
    result = dropped(page, give, "mug.pdf", genuine)
    assert (result.outcome, result.status) == ("issued", "VALID")
    assert word("web_js_drop_issued", lang) in result.text and ISSUER in result.text
    assert site.ids["MUG-350-WH"] in result.text
    assert hashlib.sha256(genuine).hexdigest() in result.text

    edited = bytearray(genuine)
    edited[len(edited) // 2] ^= 0x01
    page.reload()
    result = dropped(page, give, "mug-edited.pdf", bytes(edited))
    assert (result.outcome, result.status) == ("not-issued", None)
    assert word("web_js_drop_not_issued", lang) in result.text
    assert hashlib.sha256(edited).hexdigest() in result.text


@pytest.mark.parametrize("lang", LANGS)
def test_a_dropped_revoked_certificate_is_issued_but_revoked_with_date_and_reason(
    page: Page, base_url: str, site: Site, lang: str
) -> None:
    page.goto(f"{base_url}c/{site.ids['TWS-EB-001']}/" + ("zh/" if lang == "zh" else ""))
    result = dropped(page, "drop", "lamp.pdf", site.pdfs[REVOKED_SKU, lang].read_bytes())
    assert (result.outcome, result.status) == ("issued", "REVOKED")
    assert WHY in result.text and "REVOKED" in result.text
    assert word("web_js_status_revoked", lang) in result.text
    page.click(f"#qc-drop-result a:text('{site.ids[REVOKED_SKU]}')")
    page.wait_for_selector("#qc-status")
    assert page.url == f"{base_url}c/{site.ids[REVOKED_SKU]}/" + ("zh/" if lang == "zh" else "")
    assert page.inner_text("#qc-status").split()[0] == "REVOKED"


def test_without_javascript_a_certificate_page_still_says_its_status(
    browser: Browser, base_url: str, site: Site
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}c/{site.ids[REVOKED_SKU]}/")
    assert page.is_visible("#qc-status")
    assert page.inner_text("#qc-status").split()[0] == "REVOKED"
    assert page.is_visible("noscript")
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_opened_from_a_file_the_drop_zone_says_to_open_the_web_address(
    page: Page, site: Site, lang: str
) -> None:
    index = site.root / ("zh/index.html" if lang == "zh" else "index.html")
    page.goto(index.as_uri())
    opened = answer(page, "#qc-drop-result")
    assert opened.outcome == "error"
    assert word("web_js_needs_web_address", lang) in opened.text
    genuine = site.pdfs["MUG-350-WH", lang].read_bytes()
    result = dropped(page, "drop", "mug.pdf", genuine)
    assert result.outcome == "error"
    assert word("web_js_needs_web_address", lang) in result.text
    assert hashlib.sha256(genuine).hexdigest() in result.text  # worked out all the same


VECTORS = {  # FIPS 180-4 examples (NIST CSRC "SHA256.pdf", "SHA2_Additional.pdf")
    "": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq": (
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    ),
    "a" * 1_000_000: "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
}


def test_the_pages_sha256_meets_the_fips_vectors_in_the_browser(page: Page, base_url: str) -> None:
    page.goto(base_url)
    for message, digest in VECTORS.items():
        assert page.evaluate("(m) => qaCheck.sha256(m)", message) == digest


def test_the_pages_sha256_agrees_with_pythons_at_every_block_boundary(
    page: Page, base_url: str
) -> None:
    """Lengths 0 to 200 cross the padding's 55/56/64-byte edges; a file hashes as its bytes."""
    page.goto(base_url)
    data = bytes((i * 151 + 7) % 256 for i in range(200))
    got = page.evaluate(
        """(b64) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const lengths = Array.from({length: bytes.length + 1}, (_, n) => n);
            return lengths.map((n) => qaCheck.sha256(bytes.subarray(0, n)));
        }""",
        base64.b64encode(data).decode(),
    )
    assert got == [hashlib.sha256(data[:n]).hexdigest() for n in range(len(data) + 1)]
    result = dropped(page, "drop", "abc.pdf", b"abc")
    assert VECTORS["abc"] in result.text


def test_a_2_mb_pdf_is_hashed_in_well_under_a_second(page: Page, base_url: str) -> None:
    page.goto(base_url)
    milliseconds = page.evaluate(
        """() => {
            const bytes = new Uint8Array(2 * 1024 * 1024).map((_, i) => (i * 31) & 255);
            const start = performance.now();
            qaCheck.sha256(bytes);
            return performance.now() - start;
        }"""
    )
    print(f"SHA-256 of 2 MB in the page: {milliseconds:.0f} ms")
    assert milliseconds < 300


TEST_ID = "QC-7E57-0000-0001"
SHOWN = [  # a status as the site may say it -> the words the script must show for it
    ("VALID", {"valid_until": "2027-11-22"}, "web_js_status_valid_until", ["2027-11-22"]),
    ("VALID", {"valid_until": None}, "web_js_status_valid", []),
    *[
        (
            "REVOKED",
            {"revoked": {"at": "2026-12-01T08:00:00Z", "why": "wrong batch"}},
            "web_js_status_revoked",
            ["2026-12-01", "wrong batch"],
        )
    ],
    *[
        (
            "REVOKED",
            {"revoked": {"at": "2026-12-01T08:00:00Z", "why": ""}},
            "web_js_status_revoked_no_reason",
            ["2026-12-01"],
        )
    ],
    *[
        (
            "SUPERSEDED",
            {"superseded_by": "QC-AAAA-BBBB-CCCC"},
            "web_js_status_superseded",
            ["QC-AAAA-BBBB-CCCC"],
        )
    ],
    ("EXPIRED", {"valid_until": "2026-01-31"}, "web_js_status_expired", ["2026-01-31"]),
    ("ISSUED", {"verdict": "FAIL", "valid_until": None}, "web_js_status_issued", ["FAIL"]),
]


def served_status(status: str, **changes: Any) -> dict[str, Any]:
    """A status object for TEST_ID, as publish writes one, with ``changes``."""
    return {
        "format": "qa-check-status@1",
        "certificate_id": TEST_ID,
        "status": status,
        "status_as_of": PUBLISHED_AT,
        "sku": "TEST-1",
        "product": "Test",
        "verdict": "PASS",
        "issuer": "Test Lab",
        "inspected_at": "2026-11-20T10:15:00+08:00",
        "issued_at": "2026-11-23T01:00:00Z",
        "valid_until": "2027-11-22",
        "revoked": None,
        "superseded_by": None,
        "files": [],
        "page": f"c/{TEST_ID}/",
        **changes,
    }


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("status", "changes", "key", "values"), SHOWN)
def test_each_status_is_said_with_what_it_means(
    page: Page,
    base_url: str,
    lang: str,
    status: str,
    changes: dict[str, Any],
    key: str,
    values: list[str],
) -> None:
    body = json.dumps(served_status(status, **changes))
    page.route(
        f"**/c/{TEST_ID}/status.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    page.goto(index_url(base_url, lang))
    found = search(page, TEST_ID)
    assert (found.outcome, found.status) == ("found", status)
    assert page.inner_text("#qc-search-result .qc-word") == status
    assert word(key, lang) in found.text
    assert all(value in found.text for value in values)
    assert "2026-12-06 19:30 UTC" in found.text  # the status as of the publish time


HOSTILE = '<img src=x onerror="document.title=1"><script>document.title=2</script>'


def test_the_sites_text_is_shown_as_text_never_as_markup_nor_as_an_address(
    page: Page, base_url: str
) -> None:
    hostile = {"product": HOSTILE, "sku": HOSTILE, "page": "javascript:document.title=3"}
    body = json.dumps(served_status("SUPERSEDED", superseded_by="javascript:1", **hostile))
    page.route(
        f"**/c/{TEST_ID}/status.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    page.goto(base_url)
    title = page.title()
    found = search(page, TEST_ID)
    assert HOSTILE in found.text and "javascript:1" in found.text
    assert page.query_selector("#qc-search-result img, #qc-search-result script") is None
    addresses = page.eval_on_selector_all(
        "#qc-search-result a", "(links) => links.map((a) => a.href)"
    )
    assert addresses == [f"{base_url}c/{TEST_ID}/"]  # the id's page; no text became a link
    assert page.title() == title  # neither the image's handler nor the script ran


TROUBLES = [  # what the site's host answers -> the message the script gives
    (lambda route: route.fulfill(status=500, body="oops"), "web_js_site_answered"),
    (lambda route: route.fulfill(status=200, body="<html>"), "web_js_bad_answer"),
    (lambda route: route.fulfill(status=200, body='{"format": "x"}'), "web_js_bad_answer"),
    (lambda route: route.abort("internetdisconnected"), "web_js_needs_web_address"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("answer_with", "key"), TROUBLES, ids=["http-500", "not-json", "not-a-file-entry", "offline"]
)
def test_a_site_that_cannot_answer_is_said_so_with_the_fingerprint(
    page: Page, base_url: str, lang: str, answer_with: Any, key: str
) -> None:
    page.route("**/h/*.json", answer_with)
    page.goto(index_url(base_url, lang))
    result = dropped(page, "drop", "abc.pdf", b"abc")
    assert (result.outcome, result.status) == ("error", None)
    assert word(key, lang) in result.text and VECTORS["abc"] in result.text


def test_the_drop_zone_works_from_the_keyboard_with_its_focus_shown(
    page: Page, base_url: str
) -> None:
    page.goto(base_url)
    # Waiting for the chooser starts first: Playwright asks Chromium to hand it the file chooser
    # without waiting for an answer, and a key pressed at once could beat that request.
    with page.expect_file_chooser() as chooser:
        page.focus("#qc-drop-input")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "qc-drop-zone"
        outline = page.eval_on_selector(
            "#qc-drop-zone", "(zone) => getComputedStyle(zone).outlineStyle"
        )
        assert outline == "solid"
        page.keyboard.press("Enter")
    chooser.value.set_files({"name": "abc.pdf", "mimeType": "application/pdf", "buffer": b"abc"})
    result = answer(page, "#qc-drop-result")
    assert result.outcome == "not-issued" and VECTORS["abc"] in result.text


@pytest.mark.parametrize("lang", LANGS)
def test_on_a_phones_width_nothing_runs_off_the_side(
    page: Page, base_url: str, site: Site, lang: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(index_url(base_url, lang))
    search(page, "TWS-EB-001")
    dropped(page, "drop", "a-long-file-name-that-goes-on-and-on.pdf", b"abc")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_printed_a_certificate_page_shows_its_status_and_not_the_drop_zone(
    page: Page, base_url: str, site: Site
) -> None:
    page.goto(f"{base_url}c/{site.ids[REVOKED_SKU]}/")
    page.emulate_media(media="print")
    assert page.is_visible("#qc-status")
    assert not page.is_visible("#qc-drop")


READ_IN_ORDER = """(selector) => {
    // Whether the first "PASS" under selector is laid out P, A, S, S from left to right.
    const under = document.querySelector(selector);
    const walker = document.createTreeWalker(under, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) {
        const at = text.data.indexOf("PASS");
        if (at < 0) continue;
        const left = (n) => {
            const range = document.createRange();
            range.setStart(text, at + n);
            range.setEnd(text, at + n + 1);
            return range.getBoundingClientRect().left;
        };
        return left(0) < left(1) && left(1) < left(2);
    }
    return null;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_a_bidi_override_in_the_sites_text_reorders_nothing_after_it(
    page: Page, base_url: str, lang: str
) -> None:
    """Attack: a product (or issuer) ending in RIGHT-TO-LEFT OVERRIDE, as a register may hold
    it, reversed the rest of the line: the verdict read SSAP, the id after the issuer backwards.
    Each value the site gives is put in a <bdi>, so what follows it reads as it is."""
    product, issuer = "Lamp \u202e", "Lab \u202e"
    body = json.dumps(served_status("VALID", product=product, issuer=issuer))
    page.route(
        f"**/c/{TEST_ID}/status.json",
        lambda route: route.fulfill(status=200, content_type="application/json", body=body),
    )
    page.goto(index_url(base_url, lang))
    found = search(page, TEST_ID)
    assert found.outcome == "found" and product in found.text
    assert page.evaluate(READ_IN_ORDER, "#qc-search-result") is True
    isolated = page.eval_on_selector_all(
        "#qc-search-result bdi", "(all) => all.map((b) => b.textContent)"
    )
    assert product in isolated and "TEST-1" in isolated
