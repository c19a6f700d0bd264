"""The certificate formats: what each one's payload holds, as the version that issued it did.

Certificates only grow: every format a released qa-check issued stays readable, and a payload
is read, hashed and drawn by its own format's rules, so that it keeps its digest and its id.
"""

from __future__ import annotations

from dataclasses import dataclass

FORMAT_ID = "qa-check/certificate@5"
"""The format this version issues; every format in FORMATS stays readable."""


@dataclass(frozen=True, slots=True)
class Format:
    """What one certificate format's payload holds, laid out as the version that wrote it did.

    Formats only grow: a payload is hashed with exactly the keys of its own format, in their
    order, so that a certificate issued by any released version keeps its digest and its id.
    """

    id: str
    since: str
    """The first qa-check version that issued it."""
    site: bool
    """A ``site`` part (the site configuration) after ``lang``."""
    verify_url: bool
    """The site part holds ``verify_url``."""
    signer: bool
    """A ``signer`` part after the site."""
    id_without_lang: bool
    """The id is hashed from the content without its language (else it is the digest's head)."""
    report: bool = False
    """A ``report`` part after the signer (``report.Report``), and a page that prints the
    record's digest, the same in every language, where earlier ones printed the payload's."""
    qr_page: bool = True
    """With a ``verify_url``, the QR code holds the address of the certificate's published page,
    ``<verify_url>/c/<id>/`` (``qa-check publish`` writes it); format @4's held
    ``<verify_url>/<id>``, and keeps it, so that its page draws again byte for byte."""


FORMATS = {
    spec.id: spec
    for spec in (
        Format("qa-check/certificate@2", "0.2.0", False, False, False, id_without_lang=False),
        Format("qa-check/certificate@3", "0.3.0", True, False, False, id_without_lang=True),
        Format(
            "qa-check/certificate@4", "0.5.0", True, True, True, id_without_lang=True, qr_page=False
        ),
        Format(FORMAT_ID, "0.6.0", True, True, True, id_without_lang=True, report=True),
    )
}
"""Every certificate format a released qa-check issued and this one reads (@1, of 0.1.0, was
never checkable by another version)."""
