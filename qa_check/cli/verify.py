"""``qa-check verify``: check certificates, a line (or a JSON object) per file, streamed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import EXIT_FAILED, EXIT_INVALID, EXIT_OK, spoken
from qa_check.cli.command import epilog
from qa_check.cli.options import ChecklistsOption, FormatOption, KeysOption, registry
from qa_check.reporters import Format

if TYPE_CHECKING:
    from collections.abc import Generator
    from datetime import datetime

    from qa_check.certificates.signing.revocations import RevocationList
    from qa_check.certificates.signing.trust import Trust

EPILOG = epilog(
    [
        "qa-check verify reports/*.pdf",
        "qa-check verify cert.pdf --trust lab-ca.pem --require-signature",
        "qa-check verify reports/*.pdf --register reports/register.sqlite",
        "qa-check verify cert.pdf --trust lab-ca.pem --revocations revocations.json",
        "qa-check verify reports/*.pdf --at 2027-12-01T00:00:00+08:00",
        "qa-check verify reports/*.pdf --format json > verified.json",
    ],
    [
        ("0", "every certificate is VALID or UNSIGNED"),
        ("1", "some is TAMPERED, UNTRUSTED, REVOKED, STALE or EXPIRED"),
        ("2", "a file is NOT A CERTIFICATE, or the command was misused"),
        ("2", "a revocation list is unreadable, edited or signed under an untrusted CA"),
    ],
)


CertificatesArgument = Annotated[
    list[Path], typer.Argument(metavar="CERT.pdf", help="Certificate files.")
]
AtOption = Annotated[
    str | None,
    typer.Option(
        "--at",
        metavar="TIME",
        help="Judge validity at this time, e.g. 2027-01-01T00:00:00+08:00. Default: now.",
    ),
]
TrustOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--trust",
        metavar="FILE",
        help="A CA certificate (PEM or DER) that signers must chain to (repeatable)."
        " Default: the key folder's ca-cert.pem.",
    ),
]
RequireSignatureOption = Annotated[
    bool,
    typer.Option(
        "--require-signature", help="An UNSIGNED certificate fails (exit 1) instead of passing."
    ),
]
VerifyRegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        metavar="FILE",
        help="The register certify keeps: a revoked certificate is REVOKED, one"
        " superseded by a newer one STALE.",
    ),
]

RevocationsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--revocations",
        metavar="FILE",
        help="A revocation list the issuer published (SITE/revocations.json), checked against"
        " the trusted CAs (repeatable): a certificate it names is REVOKED, one its withdrawn"
        " key signed after the withdrawal UNTRUSTED.",
    ),
]


def verify(
    ctx: typer.Context,
    files: CertificatesArgument,
    *,
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    at: AtOption = None,
    trust: TrustOption = None,
    require_signature: RequireSignatureOption = False,
    register: VerifyRegisterOption = None,
    revocations: RevocationsOption = None,
    keys: KeysOption = None,
) -> None:
    """Check certificates: VALID, UNSIGNED, TAMPERED, UNTRUSTED, REVOKED, STALE, EXPIRED.

    A signed certificate is VALID when its signature is intact and covers the whole file, its
    signer chains to a trusted CA, its record matches its digest and its page shows its
    verdict. UNSIGNED: no signature, but the page is exactly what its record renders to; that
    proves integrity, not who issued it. EXPIRED: past the last valid day printed on it.
    STALE: a newer certificate was issued for the SKU (--register), or a checklist it was
    judged against is installed (--checklists) as the same id@version with other content.

    REVOKED: the register (--register) or a revocation list the issuer signed (--revocations)
    withdrew it. A list past its next update is still used, with a warning.
    """
    import contextlib

    from qa_check.certificates.register import Register
    from qa_check.certificates.signing.revocations import Withdrawn
    from qa_check.certificates.signing.trust import load_trust
    from qa_check.certificates.validity import issue_time
    from qa_check.certificates.verify import BatchSummary, now
    from qa_check.certificates.verify import verify as check
    from qa_check.cli.keys import key_folder_ca
    from qa_check.cli.output import Certificates, Stdout, stream
    from qa_check.core.errors import QaCheckError
    from qa_check.engine.checklists import default_checklist_dirs
    from qa_check.reporters import verify_reporter_for

    language = spoken(ctx)
    # One moment for every file: validity is judged at it, and the signatures' trust context
    # made for it serves them all.
    moment = issue_time(at, "--at") if at is not None else now()

    # Certificates carry their checklists: with none installed here, there is nothing to compare.
    found_any = checklists or any(path.is_dir() for path in default_checklist_dirs())
    installed = registry(checklists, fill_in=False) if found_any else None
    trusted = load_trust(trust or key_folder_ca(keys))
    reporter = verify_reporter_for(output_format, language)
    tally = Certificates(len(files))
    lists = _revocation_lists(revocations or [], trusted, moment, language)
    with contextlib.ExitStack() as stack:
        opened = None
        if register is not None:
            opened = stack.enter_context(Register.open(register, create=False))
        withdrawn = None
        if lists or opened is not None:
            withdrawn_keys = opened.revocations(keys=True) if opened is not None else []
            withdrawn = Withdrawn.of(lists, withdrawn_keys, str(register))

        def checked() -> Generator[tuple[int, str], None, None]:
            """Each file's exit code and report; a file that is no certificate stops no other."""
            for file in files:
                try:
                    found = check(
                        file,
                        installed,
                        moment,
                        trust=trusted,
                        require_signature=require_signature,
                        register=opened,
                        withdrawn=withdrawn,
                    )
                except BatchSummary as exc:  # named by ``verify reports/*.pdf``: no certificate
                    typer.echo(f"note: {exc.problems[0].show(language)}", err=True)
                    yield EXIT_OK, ""
                    continue
                except QaCheckError as exc:  # this file only: the others are still verified
                    for problem in exc.problems:
                        typer.echo(f"error: {problem.show(language)}", err=True)
                    yield EXIT_INVALID, reporter.unchecked(str(file), exc.problems)
                    continue
                yield (EXIT_OK if found.passed else EXIT_FAILED), reporter.verified(found)

        def finish() -> str:
            return reporter.finish(interrupted=tally.interrupted)

        stream(Stdout(language), reporter.start(), checked(), tally, finish)


def _revocation_lists(
    paths: list[Path], trusted: Trust, moment: datetime, language: str
) -> list[RevocationList]:
    """The lists ``--revocations`` names, each checked; a warning for each one past its update.

    A list that is unreadable, edited or signed by an untrusted key ends the command (exit 2),
    every such list named at once: what it says cannot be believed, nor can its absence.
    """
    from qa_check.certificates.signing.revocations import (
        RevocationListError,
        load_revocation_list,
    )
    from qa_check.core.messages import in_lang

    lists, unusable = [], []
    for path in paths:
        try:
            lists.append(load_revocation_list(path, trusted, moment))
        except RevocationListError as exc:
            unusable += exc.problems
    if unusable:
        raise RevocationListError(unusable)
    for stale in (found.stale for found in lists if found.stale is not None):
        typer.echo(f"warning: {in_lang(stale, language)}", err=True)
    return lists
