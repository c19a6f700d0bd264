"""``run --certify`` around the certificate: the key checked first, and the way to issue it later.

The key and its passphrase are checked before the first question, so that a wrong passphrase
is typed again at once rather than found out after the whole inspection. The record is written
before its certificate is issued, so that a signing problem at the end loses nothing: the run
then names the one command that issues the certificate later.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from qa_check.certificates.pipeline import Signing
    from qa_check.certificates.site import Site
    from qa_check.cli.run_start import RunStart
    from qa_check.core.messages import Message

PASSPHRASE_TRIES = 3
"""Passphrases typed at the terminal before the run gives up (exit 2, nothing asked yet)."""


def checked_before_asking(start: RunStart, language: str) -> tuple[Site | None, Signing | None]:
    """For ``--certify``: the site configuration and the key, both checked before any question.

    The key must be the issuer's the site names (``check_issuer``), as ``certify`` requires.
    """
    if not start.certify:
        return None, None
    from qa_check.certificates.issuer import check_issuer
    from qa_check.certificates.site import load_site
    from qa_check.cli.config import note_unconfigured

    site = load_site(start.config)
    note_unconfigured(site, language)
    signing = checked_signing(start.sign, start.keys, language)
    if signing is not None:
        check_issuer(site, signing.signed_by, signing.spec.folder)
    return site, signing


def checked_signing(sign: bool | None, keys: Path | None, language: str) -> Signing | None:
    """How the run will sign, its key loaded now; a wrong passphrase typed is asked again.

    A passphrase from QA_CHECK_KEY_PASSPHRASE, or none to ask (no terminal), is not retried:
    the KeysError stands, before any question.
    """
    from qa_check.certificates.signing.keys import KeysError
    from qa_check.cli.keys import PASSPHRASE_VARIABLE, signing, terminal
    from qa_check.core.messages import in_lang, msg

    wrong = msg("keys_wrong_passphrase")
    for attempt in range(1, PASSPHRASE_TRIES + 1):
        try:
            return signing(sign, keys, language)
        except KeysError as exc:
            typed = terminal() and not os.environ.get(PASSPHRASE_VARIABLE)
            if attempt == PASSPHRASE_TRIES or not typed or exc.problems[0].message != wrong:
                raise
            again = msg("evidence_passphrase_again", n=PASSPHRASE_TRIES - attempt)
            typer.echo(in_lang(again, language), err=True)
    raise AssertionError("unreachable: the last try returns or raises")


def certify_later(  # noqa: PLR0917 - each is one option the later command repeats
    record: Path,
    out: Path,
    lang: Lang | None,
    config: Path | None,
    checklists: list[Path] | None,
    keys: Path | None,
    sign: bool | None,
) -> Message:
    """The record is saved; the one command that issues its certificate, as this run would."""
    from qa_check.cli.run_start import program
    from qa_check.core.messages import msg

    words = [*shlex.split(program()), "certify", str(record), "--out", str(out)]
    for option, value in (("--lang", lang), ("--config", config), ("--keys", keys)):
        if value is not None:
            words += [option, str(value)]
    for folder in checklists or []:
        words += ["-c", str(folder)]
    if sign is not None:
        words.append("--sign" if sign else "--no-sign")
    return msg("evidence_certify_later", command=shlex.join(words))
