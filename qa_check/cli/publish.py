"""``qa-check publish``: the registers as a static verification site (``qa_check.publish``)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from qa_check.cli.boundary import EXIT_OK, spoken
from qa_check.cli.command import epilog
from qa_check.cli.options import QuietOption
from qa_check.core.languages import Lang

EPILOG = epilog(
    [
        "qa-check publish --register reports/register.sqlite --out site/",
        "qa-check publish -r shenzhen.sqlite -r dongguan.sqlite -o site/ --keys keys/",
        "qa-check publish -r all.sqlite -o site/ --keys keys/ --trust dongguan-ca.pem",
        "qa-check publish -r reports/register.sqlite --out site/ --include-fail",
    ],
    [
        ("0", "the site was written (or had nothing to change)"),
        (
            "2",
            "no register, a damaged one, a folder that is not a site, a file that could not"
            " be written, or the command was misused",
        ),
        ("130", "interrupted by Ctrl-C: every file is whole; publish again to finish the site"),
    ],
)
PROGRESS_INTERVAL = 2.0
"""Seconds between two progress lines on stderr: a large site takes tens of seconds."""


def publish(
    ctx: typer.Context,
    *,
    registers: Annotated[
        list[Path],
        typer.Option(
            "--register",
            "-r",
            metavar="FILE",
            help="A register certify wrote (repeatable): several sites' registers make one site.",
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            metavar="DIR",
            help="The site's folder: empty, or a site published before (only what changed is"
            " rewritten).",
        ),
    ],
    keys: Annotated[
        Path | None,
        typer.Option(
            "--keys",
            metavar="DIR",
            help="The issuer's key folder: the revocation list is signed with its key, and its"
            " ca-cert.pem published with its fingerprint. Without it: no revocation list.",
        ),
    ] = None,
    ca: Annotated[
        list[Path] | None,
        typer.Option(
            "--ca",
            metavar="FILE",
            help="A CA certificate (PEM) to publish instead of --keys's (repeatable).",
        ),
    ] = None,
    trust: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust",
            metavar="FILE",
            help="Another site's CA certificate (PEM, repeatable): revocations its keys signed"
            " are published, and it beside this site's in ca-cert.pem.",
        ),
    ] = None,
    next_update_days: Annotated[
        int,
        typer.Option(
            "--next-update-days",
            min=1,
            max=366,
            metavar="N",
            help="With --keys: the revocation list says when the next one is due, N days on;"
            " publish again before then (verify warns about a list past it).",
        ),
    ] = 7,
    include_fail: Annotated[
        bool,
        typer.Option(
            "--include-fail", help="Publish FAIL and REJECT certificates too (default: not)."
        ),
    ] = False,
    lang: Annotated[
        Lang | None,
        typer.Option(
            "--lang", help="Language of the messages. Default: QA_CHECK_LANG, else the locale."
        ),
    ] = None,
    quiet: QuietOption = False,
) -> None:
    """Write a static verification site from registers, which any static host serves.

    A page per certificate, in English and Chinese, its status as JSON, a search by id or SKU
    and a drop zone that tells whether a PDF file is exactly one issued here.

    Published: PASS and ACCEPT certificates (revoked ones say REVOKED), with the applicant's
    SKU and product and the issuer; never an inspector's, tester's or approver's name. A
    certificate issued with [certificate] verify_url = URL has its page at URL/c/<id>/, which
    its QR code holds.
    """
    from datetime import UTC, datetime

    from qa_check.core.messages import in_lang, msg, printable
    from qa_check.publish.authorities import issuer_files
    from qa_check.publish.build import publish as publish_site

    language = spoken(ctx)
    now = datetime.now(UTC).replace(microsecond=0)
    revocations = None
    if keys is None:
        typer.echo(f"note: {in_lang(msg('web_no_key_note'), language)}", err=True)
    else:
        from qa_check.cli.keys import passphrase_for
        from qa_check.publish.authorities import signed_revocations

        given = passphrase_for(keys, language)
        revocations, signed_now = signed_revocations(
            keys, given, registers, now, next_update_days, trusted=trust or []
        )
        if signed_now:
            named = ", ".join(printable(name) for name in signed_now)
            note = msg("web_signed_now", names=named)
            typer.echo(f"note: {in_lang(note, language)}", err=True)
    signed = issuer_files(keys, ca or [], revocations, trust or [])
    shown = _Progress(language, quiet=quiet)
    done = publish_site(registers, out, now, include_fail=include_fail, signed=signed, step=shown)
    if done.private:
        typer.echo(
            f"note: {in_lang(msg('web_left_out', count=f'{done.private:,}'), language)}", err=True
        )
    if done.unusable:
        unusable = msg("web_unusable_ids", count=f"{done.unusable:,}")
        typer.echo(f"note: {in_lang(unusable, language)}", err=True)
    if done.disputed:
        disputed = msg("attack_web_disputed_files", count=f"{done.disputed:,}")
        typer.echo(f"warning: {in_lang(disputed, language)}", err=True)
    said = msg(
        "web_published",
        count=f"{done.certificates:,}",
        out=str(out),
        written=f"{done.written:,}",
        removed=f"{done.removed:,}",
        kept=f"{done.kept:,}",
    )
    typer.echo(in_lang(said, language))
    raise typer.Exit(EXIT_OK)


class _Progress:
    """A line on stderr every ``PROGRESS_INTERVAL`` seconds while certificates are written."""

    def __init__(self, lang: str, *, quiet: bool) -> None:
        self.lang = lang
        self.quiet = quiet
        self.last = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.quiet or now - self.last < PROGRESS_INTERVAL:
            return
        self.last = now
        from qa_check.core.messages import in_lang, msg

        said = msg("web_progress", done=f"{done:,}", total=f"{total:,}")
        typer.echo(in_lang(said, self.lang), err=True)
