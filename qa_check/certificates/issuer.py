"""The issuer a page names and the key that signs it must be one: checked before anything is drawn.

A signed certificate says twice who issued it: ``[issuer] name`` on the page, and the signing
certificate's subject in its signature. A reader trusts the name printed; the signature proves
only the key. A site whose configuration names one lab while it signs with another lab's key
would issue pages that ``verify`` reports TAMPERED (``verify._issuer_mismatch``), so ``certify``
and ``run --certify`` refuse to sign with that pair at all, before the first record or question.

The key's name compared is its whole one (``keys.full_name``, what ``keys show`` prints), not
the 64-byte common name an X.509 subject holds: a long bilingual name must match in full.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from qa_check.certificates.payload import SignedBy
from qa_check.certificates.site import Site
from qa_check.core.errors import ConfigError, Location, Problem
from qa_check.core.lookalike import where_differ
from qa_check.core.messages import msg

UNLOCATED = Location("[issuer] name")
"""Where the name is said to be when the site was not read from a file (built in code)."""


def check_issuer(site: Site, signer: SignedBy | None, keys: Path | None = None) -> None:
    """ConfigError when the site names another issuer than the signing key's (in folder ``keys``).

    Nothing to check when the certificate is unsigned or the site names no issuer: the page then
    says the issuer is not configured and names the signer beside it.
    """
    issuer = site.issuer
    if signer is None or issuer is None or issuer.name == signer.name:
        return
    where = issuer.named_at or UNLOCATED
    folder = "" if keys is None else f" --keys {shlex.quote(str(keys))}"
    differs = msg("issuer_key_differs", configured=issuer.name, key=signer.name, keys=folder)
    differs += where_differ(issuer.name, signer.name) or ""
    raise ConfigError([Problem(where, differs)])
