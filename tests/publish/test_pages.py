"""The site's HTML: the contract's DOM hooks, every value escaped, words in each language."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_statuses import NOW, entry, registered

from qa_check.core import catalogue
from qa_check.publish.pages import Authority, IndexFacts, certificate_page, index_page, words_json
from qa_check.publish.statuses import Certificate, read_registers

FACTS = IndexFacts(
    3, "2026-12-06T19:30:00Z", ["Lab 1"], [Authority("Lab 1 CA", "AB12 CD34")], False
)


class Elements(HTMLParser):
    """Each element's tag and attributes, and the page's text, as a browser would parse them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def by_id(self, element_id: str) -> tuple[str, dict[str, str | None]]:
        [found] = [(tag, attrs) for tag, attrs in self.found if attrs.get("id") == element_id]
        return found


def parsed(html: str) -> Elements:
    elements = Elements()
    elements.feed(html)
    return elements


def one(tmp_path: Path, **changes: object) -> Certificate:
    path = registered(tmp_path / "r.sqlite", entry(1, **changes))
    [cert] = read_registers([path], NOW, include_fail=True).certificates
    return cert


@pytest.mark.parametrize(
    ("lang", "html_lang", "root"), [("en", "en", "../../"), ("zh", "zh-CN", "../../../")]
)
def test_a_certificate_page_carries_the_hooks_the_script_finds(
    tmp_path: Path, lang: str, html_lang: str, root: str
) -> None:
    page = parsed(certificate_page(one(tmp_path), "2026-12-06T19:30:00Z", lang))
    assert page.found[0] == ("html", {"lang": html_lang, "data-root": root})
    assert ("link", {"rel": "stylesheet", "href": f"{root}assets/qa-check.css"}) in page.found
    assert ("script", {"src": f"{root}assets/qa-check.js", "defer": None}) in page.found
    assert page.by_id("qc-words")[1]["type"] == "application/json"
    assert page.by_id("qc-drop-input")[1] == {
        "type": "file",
        "id": "qc-drop-input",
        "accept": "application/pdf,.pdf",
    }
    assert page.by_id("qc-drop-result")[1]["aria-live"] == "polite"
    assert page.by_id("qc-drop-zone")[0] == "div"
    assert page.by_id("qc-status")[1]["data-status"] == "VALID"
    scripts = [attrs.get("src") for tag, attrs in page.found if tag == "script"]
    assert all(src is None or src.startswith(root) for src in scripts)  # nothing from elsewhere
    assert not [attrs for _, attrs in page.found if any(k.startswith("on") for k in attrs)]


@pytest.mark.parametrize(
    ("changes", "status", "en", "zh"),
    [
        ({}, "VALID", "Issued here and standing", "由本站签发且有效"),
        (
            {"valid_until": "2026-01-31"},
            "EXPIRED",
            "its last valid day was 2026-01-31",
            "2026-01-31",
        ),
        ({"verdict": "FAIL", "valid_until": ""}, "ISSUED", "a report of a failure", "不合格报告"),
    ],
)
def test_the_status_word_is_the_same_in_both_languages_its_meaning_is_not(
    tmp_path: Path, changes: dict[str, str], status: str, en: str, zh: str
) -> None:
    cert = one(tmp_path, **changes)
    for lang, meaning in (("en", en), ("zh", zh)):
        html = certificate_page(cert, "2026-12-06T19:30:00Z", lang)
        found = re.search(
            r'<p id="qc-status" data-status="(\w+)"><strong[^>]*>(\w+)</strong>', html
        )
        assert found is not None and found.groups() == (status, status)
        assert meaning in html


def test_every_value_from_the_register_is_escaped(tmp_path: Path) -> None:
    hostile = '<script>alert("x")</script>&'
    cert = one(tmp_path, sku=hostile, product=hostile, issuer=hostile)
    html = certificate_page(cert, "2026-12-06T19:30:00Z", "en")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in html
    assert len([tag for tag, _ in parsed(html).found if tag == "script"]) == 2  # words, the script


def test_the_words_element_holds_every_web_js_message_and_cannot_be_ended(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(
        catalogue.CATALOGUE, "web_js_test", ("</script> & {id}", "</script> 和 {id}")
    )
    for lang, text in (("en", "</script> & {id}"), ("zh", "</script> 和 {id}")):
        raw = words_json.__wrapped__(lang)  # not the cached words of the catalogue as shipped
        assert "</" not in raw
        words = json.loads(raw)
        assert words["web_js_test"] == text
        assert all(key.startswith("web_js_") for key in words)


def test_the_index_carries_the_search_and_says_what_the_site_publishes() -> None:
    html = index_page(FACTS, "en")
    page = parsed(html)
    assert page.found[0] == ("html", {"lang": "en", "data-root": "./"})
    assert page.by_id("qc-search")[1] == {"id": "qc-search", "role": "search", "action": "#"}
    assert page.by_id("qc-search-input")[1]["type"] == "search"
    assert page.by_id("qc-search-result")[1]["role"] == "status"
    assert "AB12 CD34" in html and 'href="./ca-cert.pem"' in html
    assert "No signed revocation list" in html
    chinese = index_page(IndexFacts(3, FACTS.changed_at, [""], [], True), "zh")
    assert parsed(chinese).found[0] == ("html", {"lang": "zh-CN", "data-root": "../"})
    assert 'href="../revocations.json"' in chinese and "登记册中未记载" in chinese


@pytest.mark.parametrize(
    ("changes", "shown"),
    [
        ({}, "2027-11-20"),
        ({"valid_until": "", "issuer": ""}, "unknown: registered before qa-check kept it"),
        ({"verdict": "FAIL", "valid_until": ""}, "none: a report of a failure"),
    ],
)
def test_a_row_of_an_older_register_says_unknown_and_null(
    tmp_path: Path, changes: dict[str, str], shown: str
) -> None:
    cert = one(tmp_path, **changes)
    html = certificate_page(cert, "2026-12-06T19:30:00Z", "en")
    assert f"<dt>Last valid day</dt><dd>{shown}" in html
    assert cert.status_object("")["valid_until"] == (None if changes else "2027-11-20")


def test_a_bidi_override_in_a_lot_reorders_nothing_after_it(tmp_path: Path) -> None:
    """Attack: a lot ending in RIGHT-TO-LEFT OVERRIDE; the Chinese meaning names the newer id
    after the lot, which then read backwards. The lot is isolated (FSI ... PDI)."""
    lot = "LOT-7\u202e"
    older = entry(1, sku="LAMP", lot=lot, decision="ACCEPT", verdict="PASS")
    newer = entry(2, sku="LAMP", lot=lot, decision="ACCEPT", verdict="PASS")
    path = registered(tmp_path / "r.sqlite", older, newer)
    [first, _] = read_registers([path], NOW, include_fail=True).certificates
    assert first.superseded_by == newer.certificate_id
    html = certificate_page(first, "2026-12-06T19:30:00Z", "zh")
    assert f"批次 \u2068{lot}\u2069 之后签发了新的证书 {newer.certificate_id}" in html
