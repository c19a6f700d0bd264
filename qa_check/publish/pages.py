"""The site's HTML pages, rendered here: a certificate's page and the index, in each language.

Every value from a register goes through ``html.escape`` (a SKU or a reason is whatever a
record or a revocation said); the words come from the catalogue. The pages carry the DOM hooks
the site's one script finds (the contract in the README's publish section): the words it needs
(``web_js_*``) as JSON in ``#qc-words``, the drop zone, and on the index the search form.
Nothing else is scripted: with JavaScript off, everything but the search and the drop zone works.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape

from qa_check.certificates.validity import page_time
from qa_check.core.catalogue import CATALOGUE
from qa_check.core.messages import in_lang, msg, word
from qa_check.publish.statuses import Certificate, Status

LANGS = ("en", "zh")
HTML_LANG = {"en": "en", "zh": "zh-CN"}
FILE_LANG = {"en": "English", "zh": "中文", "en+zh": "English + 中文"}


@dataclass(frozen=True, slots=True)
class Authority:
    """A CA certificate the site publishes: whose it is and its fingerprint."""

    name: str
    fingerprint: str
    """SHA-256 of its DER, upper-case hex in groups of four."""


@dataclass(frozen=True, slots=True)
class IndexFacts:
    """What the index pages state about the site."""

    count: int
    changed_at: str
    """``utc_text`` of the publish that last changed the site."""
    issuers: Sequence[str]
    authorities: Sequence[Authority]
    revocations: bool
    """A signed revocation list is published (``revocations.json``)."""


@functools.cache
def words_json(lang: str) -> str:
    """The ``#qc-words`` element's text: every ``web_js_`` message in ``lang``, ``<`` escaped."""
    found = {key: pair[1 if lang == "zh" else 0] for key, pair in CATALOGUE.items()}
    chosen = {key: text for key, text in found.items() if key.startswith("web_js_")}
    text = json.dumps(chosen, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@functools.lru_cache(maxsize=4096)
def shown_time(text: str, lang: str, *, utc: bool = False) -> str:
    """A time the register holds, as the certificate prints it; unreadable: as it is.

    Kept for the next page: a batch's certificates share their issue time, a publish its time.
    """
    try:
        return page_time(datetime.fromisoformat(text), utc=utc)
    except ValueError:
        return text or word("web_unknown_time", lang)


def certificate_page(cert: Certificate, as_of: str, lang: str) -> str:
    """One certificate's page in ``lang``: its status first, then what it certifies."""
    root = "../../" if lang == "en" else "../../../"
    other = "zh/" if lang == "en" else "../"
    title = escape(in_lang(msg("web_cert_title", id=cert.certificate_id), lang))
    status = escape(cert.status.value)
    meaning = escape(_meaning(cert, lang))
    as_of_text = escape(
        in_lang(msg("web_status_as_of", time=shown_time(as_of, lang, utc=True)), lang)
    )
    rows = [
        ("web_sku", escape(cert.sku)),
        ("web_product", escape(cert.product)),
        ("web_verdict", escape(cert.verdict)),
        *([("web_lot", escape(cert.lot))] if cert.lot else []),
        ("web_issuer", escape(cert.issuer) or escape(word("web_no_issuer", lang))),
        ("web_inspected_at", escape(shown_time(cert.inspected_at, lang))),
        ("web_issued_at", escape(shown_time(cert.issued_at, lang, utc=True))),
        ("web_valid_until", escape(_valid_until(cert, lang))),
    ]
    if cert.superseded_by is not None:
        newer = escape(cert.superseded_by)
        link = f'<a href="{root}c/{newer}/{"" if lang == "en" else "zh/"}">{newer}</a>'
        rows.append(("web_superseded_by", link))
    facts = "\n".join(f"<dt>{escape(word(key, lang))}</dt><dd>{value}</dd>" for key, value in rows)
    index = (
        f'<a href="{root}{"" if lang == "en" else "zh/"}">{escape(word("web_to_index", lang))}</a>'
    )
    body = f"""<header class="qc-nav">
{index}
{_other_language(other, lang)}
</header>
<main>
<h1>{title}</h1>
<p id="qc-status" data-status="{status}"><strong class="qc-status-word">{status}</strong>
<span>{meaning}</span></p>
<p class="qc-as-of">{as_of_text}</p>
<dl class="qc-facts">
{facts}
</dl>
{_files(cert, lang)}
{_drop(lang)}
</main>"""
    return _document(lang, root, f"{title} · {escape(cert.sku)}", body)


def index_page(facts: IndexFacts, lang: str) -> str:
    """The index in ``lang``: search, drop zone, the issuers, the CA and the revocation list."""
    root = "./" if lang == "en" else "../"
    other = "zh/" if lang == "en" else "../"
    title = escape(word("web_index_title", lang))
    issuers = "\n".join(
        f"<li>{escape(name) if name else escape(word('web_no_issuer', lang))}</li>"
        for name in facts.issuers
    )
    if facts.authorities:
        prints = "\n".join(
            f"<li>{escape(in_lang(msg('web_ca_fingerprint', name=a.name), lang))}:"
            f" <code>{escape(a.fingerprint)}</code></li>"
            for a in facts.authorities
        )
        ca = (
            f'<p><a href="{root}ca-cert.pem">{escape(word("web_ca_file", lang))}</a></p>'
            f"\n<ul>\n{prints}\n</ul>"
        )
    else:
        ca = f"<p>{escape(word('web_ca_none', lang))}</p>"
    revocations = (
        f'<p id="qc-revocations"><a href="{root}revocations.json">'
        f"{escape(word('web_revocations_signed', lang))}</a></p>"
        if facts.revocations
        else f'<p id="qc-revocations">{escape(word("web_revocations_none", lang))}</p>'
    )
    counted = msg(
        "web_published_count",
        count=f"{facts.count:,}",
        time=shown_time(facts.changed_at, lang, utc=True),
    )
    body = f"""<header class="qc-nav">
{_other_language(other, lang)}
</header>
<main>
<h1>{title}</h1>
<p>{escape(word("web_index_intro", lang))}</p>
<form id="qc-search" role="search" action="#">
<label for="qc-search-input">{escape(word("web_search_label", lang))}</label>
<input id="qc-search-input" name="q" type="search" autocomplete="off" spellcheck="false">
<button type="submit">{escape(word("web_search_button", lang))}</button>
</form>
<div id="qc-search-result" role="status" aria-live="polite"></div>
{_drop(lang)}
<section class="qc-issuer">
<h2>{escape(word("web_issuers", lang))}</h2>
<ul>
{issuers}
</ul>
<h2>{escape(word("web_ca_title", lang))}</h2>
{ca}
{revocations}
<p class="qc-as-of">{escape(in_lang(counted, lang))}</p>
</section>
</main>"""
    return _document(lang, root, title, body)


def redirect_page(certificate_id: str) -> str:
    """``<id>/index.html``: where a QR code of 0.5.0 leads, sending the reader to ``c/<id>/``.

    No script: a refresh, and a link in both languages for a browser that does not follow it.
    """
    target = f"../c/{escape(certificate_id)}/"
    words = " ".join(
        f'<p lang="{HTML_LANG[lang]}"><a href="{target}{"" if lang == "en" else "zh/"}">'
        f"{escape(in_lang(msg('web_moved', id=certificate_id), lang))}</a></p>"
        for lang in LANGS
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={target}">
<meta name="robots" content="noindex">
<title>{escape(certificate_id)}</title>
</head>
<body>
{words}
</body>
</html>
"""


def _document(lang: str, root: str, title: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[lang]}" data-root="{root}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="stylesheet" href="{root}assets/qa-check.css">
<script type="application/json" id="qc-words">{words_json(lang)}</script>
<script src="{root}assets/qa-check.js" defer></script>
</head>
<body>
{body}
</body>
</html>
"""


@functools.cache
def _drop(lang: str) -> str:
    """The drop zone's hooks, with words that make sense before the script runs."""
    return f"""<section id="qc-drop">
<h2>{escape(word("web_drop_title", lang))}</h2>
<label for="qc-drop-input">{escape(word("web_drop_label", lang))}</label>
<input type="file" id="qc-drop-input" accept="application/pdf,.pdf">
<div id="qc-drop-zone">{escape(word("web_drop_zone", lang))}</div>
<p class="qc-private">{escape(word("web_drop_private", lang))}</p>
<div id="qc-drop-result" role="status" aria-live="polite"></div>
</section>
<noscript><p>{escape(word("web_noscript", lang))}</p></noscript>"""


def _files(cert: Certificate, lang: str) -> str:
    head = f'<section class="qc-files">\n<h2>{escape(word("web_files_title", lang))}</h2>'
    if not cert.files:
        return f"{head}\n<p>{escape(word('web_no_files', lang))}</p>\n</section>"
    rows = "\n".join(
        f"<tr><td>{escape(FILE_LANG.get(file_lang, file_lang))}</td>"
        f"<td><code>{escape(sha)}</code></td></tr>"
        for file_lang, sha in cert.files
    )
    return f"""{head}
<p>{escape(word("web_files_intro", lang))}</p>
<table>
<thead><tr><th>{escape(word("web_file_lang", lang))}</th>
<th>{escape(word("web_file_sha256", lang))}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</section>"""


def _meaning(cert: Certificate, lang: str) -> str:
    """What the status means for this certificate, in ``lang``."""
    match cert.status:
        case Status.REVOKED:
            at, why = cert.revoked or ("", "")
            said = msg("web_meaning_revoked", at=shown_time(at, lang, utc=True), why=why)
        case Status.SUPERSEDED if cert.lot:
            lot = f"\u2068{cert.lot}\u2069"  # isolated: a bidi override in it reorders no more
            said = msg("web_meaning_superseded_lot", id=cert.superseded_by, lot=lot)
        case Status.SUPERSEDED:
            said = msg("web_meaning_superseded", id=cert.superseded_by)
        case Status.EXPIRED:
            said = msg("web_meaning_expired", date=cert.valid_until)
        case Status.ISSUED:
            said = msg("web_meaning_issued")
        case Status.VALID:
            said = msg("web_meaning_valid")
    return in_lang(said, lang)


def _valid_until(cert: Certificate, lang: str) -> str:
    if cert.valid_until is not None:
        return cert.valid_until
    if cert.verdict in ("FAIL", "REJECT"):
        return word("web_valid_until_none", lang)
    return word("web_valid_until_lot" if cert.lot else "web_valid_until_unknown", lang)


def _other_language(href: str, lang: str) -> str:
    """The link to the same page in the other language, named in that language."""
    other = HTML_LANG["zh" if lang == "en" else "en"]
    name = escape(word("web_other_lang", lang))
    return f'<a href="{href}" hreflang="{other}" lang="{other}">{name}</a>'
