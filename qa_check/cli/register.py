"""``qa-check register``: list, show and revoke the certificates certify recorded."""

from __future__ import annotations

import functools
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from qa_check.cli.boundary import EXIT_OK, spoken
from qa_check.cli.command import Command, epilog
from qa_check.cli.options import FormatOption, KeysOption, group, register_path
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.languages import Lang
from qa_check.reporters import Format

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

commands = group(
    "List, show and revoke the certificates certify recorded in its register; merge registers."
)

RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        "-r",
        metavar="FILE",
        help="The register certify wrote. Default: reports/register.sqlite.",
    ),
]
RegisterLangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the reasons and messages. Default: QA_CHECK_LANG, else the locale.",
    ),
]
SiteOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Site configuration, whose [site] timezone the times are shown in."
        " Default: ./qa-check.toml when there is one.",
    ),
]
SITE_CONFIG = "qa-check.toml"
"""``certificates.site.CONFIG_NAME``, named here so that listing without one imports nothing."""
REGISTER_EXIT_CODES = (
    ("0", "done"),
    ("2", "no register, a damaged one, an unknown id, or the command was misused"),
)


class RegisterFormat(StrEnum):
    """The formats ``register list`` offers."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"


class VerdictChoice(StrEnum):
    """The verdicts a certificate carries."""

    PASS = "PASS"
    FAIL = "FAIL"


def _site_zone(config: Path | None) -> ZoneInfo | None:
    """The site's time zone (``[site] timezone``), which the register's times are shown in.

    The configuration is read only when there is one: listing stays quick without it.
    """
    import os
    from zoneinfo import ZoneInfo

    if config is None and not os.path.lexists(SITE_CONFIG):
        return None
    from qa_check.certificates.site import load_site

    zone = load_site(config).timezone
    return ZoneInfo(zone) if zone else None


def _bom_if_utf8(text: str) -> str:
    """The CSV as it is on UTF-8 standard output; without its byte-order mark on another."""
    import sys

    from qa_check.reporters.register import CSV_BOM

    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "")
    return text if encoding.startswith("utf8") else text.removeprefix(CSV_BOM)


@commands.command(
    "list",
    cls=Command,
    epilog=epilog(
        [
            "qa-check register list",
            "qa-check register list --stale --checklists checklists/",
            "qa-check register list --sku EB-001 --register month/register.sqlite",
            "qa-check register list --verdict FAIL --format csv > failed.csv",
        ],
        REGISTER_EXIT_CODES,
    ),
)
def register_list(
    ctx: typer.Context,
    *,
    register: RegisterOption = None,
    sku: Annotated[
        str | None,
        typer.Option(
            "--sku",
            metavar="SKU",
            help="Only this SKU's certificates, each line naming its issuer (in a merged"
            " register, the site).",
        ),
    ] = None,
    verdict: Annotated[
        VerdictChoice | None, typer.Option("--verdict", help="Only PASS or only FAIL.")
    ] = None,
    stale: Annotated[bool, typer.Option("--stale", help="Only the STALE certificates.")] = False,
    checklists: Annotated[
        list[Path] | None,
        typer.Option(
            "--checklists",
            "-c",
            metavar="PATH",
            help="Installed checklists (repeatable): a certificate judged against one of them"
            " with other content is STALE. Without it, only superseded ones are.",
        ),
    ] = None,
    output_format: Annotated[
        RegisterFormat,
        typer.Option("--format", "-f", help="text for people, json for programs, csv."),
    ] = RegisterFormat.TEXT,
    lang: RegisterLangOption = None,  # read through spoken(ctx)
    config: SiteOption = None,
) -> None:
    """List the certificate files in the register, oldest first: ISSUED, STALE or REVOKED.

    STALE: a newer certificate was issued for the same SKU (superseded), or a checklist it was
    judged against is installed (--checklists) as the same id@version with other content.
    A certificate in two languages is two lines, one per file.

    Times are stored in UTC and shown in the site's time zone ([site] timezone in
    qa-check.toml), when it has one.
    """
    from qa_check.certificates.register import Register
    from qa_check.cli.output import Stdout
    from qa_check.core.messages import in_lang, msg
    from qa_check.reporters.register import (
        STALE,
        Tally,
        counted,
        lines_text,
        list_csv,
        list_json,
        list_text,
        local,
        words,
    )

    language = spoken(ctx)
    zone = _site_zone(config)
    installed: dict[str, str] | None = None
    if checklists:
        from qa_check.engine.checklists import content_hash, load_registry

        installed = {c.checklist.key: content_hash(c.data) for c in load_registry(checklists)}
    counts: Tally = {}
    wanted = {STALE} if stale else None
    only = verdict.value if verdict else None
    with Register.open(register_path(register), create=False) as opened:
        match output_format:
            case RegisterFormat.TEXT if not installed:  # SQLite lays it out
                shown = None if zone is None else functools.partial(local, zone=zone)
                found = opened.lines(sku=sku, verdict=only, words=words(language), shown=shown)
                text = lines_text(found, counts, wanted)
            case RegisterFormat.TEXT:
                listed = opened.listing(sku=sku, verdict=only, installed=installed)
                shown_items = counted(listed, counts, wanted)
                text = list_text(shown_items, language, zone, issuers=sku is not None)
            case RegisterFormat.JSON:
                rows = opened.rows(sku=sku, verdict=only, installed=installed)
                text = list_json(counted(rows, counts, wanted))
            case RegisterFormat.CSV:
                rows = opened.rows(sku=sku, verdict=only, installed=installed)
                text = _bom_if_utf8(list_csv(counted(rows, counts, wanted), zone))
            case _:
                assert_never(output_format)
    out = Stdout(language)
    out.write(text)
    tally = {key.lower(): f"{number:,}" for key, number in counts.items()}
    said = msg("register_listed", count=f"{sum(counts.values()):,}", **tally)
    typer.echo(in_lang(said, language), err=True)
    out.exit(EXIT_OK)


@commands.command(
    "show",
    cls=Command,
    epilog=epilog(
        [
            "qa-check register show QC-1A2B-3C4D-5E6F",
            "qa-check register show QC-1A2B-3C4D-5E6F --format json",
        ],
        REGISTER_EXIT_CODES,
    ),
)
def register_show(
    ctx: typer.Context,
    certificate_id: Annotated[
        str, typer.Argument(metavar="ID", help="Certificate id, as printed: QC-XXXX-XXXX-XXXX.")
    ],
    *,
    register: RegisterOption = None,
    output_format: FormatOption = Format.TEXT,
    lang: RegisterLangOption = None,  # read through spoken(ctx)
    config: SiteOption = None,
) -> None:
    """Show one certificate: what it certifies, its status, and its file in each language."""
    from qa_check.certificates.register import Register
    from qa_check.cli.output import Stdout
    from qa_check.core.errors import RegisterError
    from qa_check.core.messages import msg, printable
    from qa_check.reporters.register import show_json, show_text

    language = spoken(ctx)
    path = register_path(register)
    with Register.open(path, create=False) as opened:
        rows = opened.find(certificate_id)
    if not rows:
        unknown = msg("register_unknown_id", id=printable(certificate_id.strip().upper()))
        raise RegisterError([Problem(Location(str(path)), unknown)])
    out = Stdout(language)
    match output_format:
        case Format.TEXT:
            out.write(show_text(rows, language, _site_zone(config)))
        case Format.JSON:
            out.write(show_json(rows))
        case _:
            assert_never(output_format)
    out.exit(EXIT_OK)


@commands.command(
    "revoke",
    cls=Command,
    epilog=epilog(
        [
            'qa-check register revoke QC-1A2B-3C4D-5E6F --why "issued from the wrong batch"',
            'qa-check register revoke QC-1A2B-3C4D-5E6F --why "wrong photo" --keys keys/',
        ],
        [
            ("0", "revoked, or revoked before (the first revocation is kept)"),
            ("2", "no register, a damaged one, an unknown id, or the command was misused"),
            ("2", "no usable signing key (missing, wrong passphrase): nothing is revoked"),
        ],
    ),
)
def register_revoke(
    ctx: typer.Context,
    certificate_id: Annotated[
        str, typer.Argument(metavar="ID", help="Certificate id, as printed: QC-XXXX-XXXX-XXXX.")
    ],
    *,
    why: Annotated[
        str,
        typer.Option("--why", metavar="TEXT", help="Why: one line, up to 500 characters."),
    ],
    register: RegisterOption = None,
    keys: KeysOption = None,
    lang: RegisterLangOption = None,  # read through spoken(ctx)
) -> None:
    """Revoke a certificate, every language of it: verify --register then reports REVOKED.

    The time and the reason are recorded; a revocation is never undone or rewritten.

    Each revocation is signed with the site's signing key (--keys DIR; its passphrase as
    certify asks for it), so that the revocation list publish writes carries it to readers
    with no register (verify --revocations). Without a usable key nothing is revoked.
    """
    from datetime import UTC, datetime

    from qa_check.certificates.register import Register, why_problem
    from qa_check.certificates.signing.revocation_seal import sealer
    from qa_check.cli.keys import signing_key
    from qa_check.cli.output import Stdout
    from qa_check.core.messages import in_lang, msg, printable

    language = spoken(ctx)
    bad = why_problem(why)
    if bad is not None:
        raise UsageError([Problem(Location("--why"), bad)])
    moment = datetime.now(UTC)
    key = signing_key(keys, language, moment)
    with Register.open(register_path(register), create=False) as opened:
        done = opened.revoke(certificate_id, why, moment, sealer(key))
    values = {"id": done.certificate_id, "why": printable(done.why), "files": done.files}
    if done.new:
        text = msg("register_revoked_now", **values)
        signed = msg("rev_signed_by", key=key.info.fingerprint[:16])
        Stdout(language).write(f"{in_lang(text, language)}\n    {in_lang(signed, language)}\n")
    else:
        text = msg("register_revoked_before", at=done.revoked_at, **values)
        typer.echo(f"note: {in_lang(text, language)}", err=True)
    raise typer.Exit(EXIT_OK)
