"""``qa-check certify``: a PDF certificate per record, through the one certify use case.

The batch itself (lock, register, summary files, signing) is ``qa_check.certificates.batch``;
here are the options, the report on stdout and the progress on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.certificates.images import ImageFormat
from qa_check.cli.boundary import RECORD_EXIT_CODES, spoken
from qa_check.cli.command import epilog
from qa_check.cli.options import (
    ChecklistsOption,
    ConfigOption,
    EncodingOption,
    ForceOption,
    FormatOption,
    KeysOption,
    QuietOption,
    RecordsArgument,
    SignOption,
    registry,
    sources,
)
from qa_check.core.languages import CertificateLang, Lang
from qa_check.reporters import Format

if TYPE_CHECKING:
    from collections.abc import Generator

    from qa_check.certificates.batch import BatchEnd
    from qa_check.core.errors import Problem
    from qa_check.engine.judge import SkuResult

EPILOG = epilog(
    [
        "qa-check certify examples/ -o reports/",
        "qa-check certify march.csv -o reports/ --lang en+zh --config site.toml",
        "qa-check certify a.yaml --issued-at 2026-11-23T09:00:00+08:00",
        "qa-check certify march.csv -o reports/ --jobs 4",
        "qa-check certify march.csv -o reports/ --format json > issued.json",
        "qa-check certify examples/ -o reports/ --image png",
    ],
    RECORD_EXIT_CODES,
)


OutOption = Annotated[
    Path,
    typer.Option("-o", "--out", metavar="DIR", help="Folder the certificates are written into."),
]
CertificateLangOption = Annotated[
    CertificateLang,
    typer.Option(help="Language of the certificate; en+zh prints both in each cell."),
]
IssuedAtOption = Annotated[
    str | None,
    typer.Option(
        metavar="TIME",
        help="Issue time with its zone, e.g. 2026-11-23T09:00:00+08:00. Default: now."
        " The same record and issue time give the same PDF, byte for byte.",
    ),
]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Certificates drawn at once, each in a process of its own; 1 draws them in"
        " this one. Default, and most: the number of cores this process may use.",
    ),
]
ImageOption = Annotated[
    ImageFormat | None,
    typer.Option(
        "--image",
        help="Also write each page as an image beside its certificate, for listings that take"
        " images: NAME.png (NAME-2.png for page 2...), at least 1,200 px wide, under 2 MB."
        " The PDF stays the evidence: the image is not signed.",
    ),
]
RegisterOption = Annotated[
    Path | None,
    typer.Option(
        "--register",
        metavar="FILE",
        help="The register of issued certificates to add to. Default: register.sqlite in --out.",
    ),
]


def certify(
    ctx: typer.Context,
    paths: RecordsArgument,
    *,
    out: OutOption = Path("reports"),
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    config: ConfigOption = None,
    lang: CertificateLangOption = CertificateLang.EN,
    issued_at: IssuedAtOption = None,
    encoding: EncodingOption = None,
    quiet: QuietOption = False,
    jobs: JobsOption = None,
    force: ForceOption = False,
    sign: SignOption = None,
    keys: KeysOption = None,
    register: RegisterOption = None,
    image: ImageOption = None,
) -> None:
    """Write a PDF certificate per SKU, PASS or FAIL, named SKU_VERDICT_DATE.pdf.

    INVALID records get no certificate and are listed with their location. Run again, it draws
    only the certificates --out is missing (--force: all). The batch's summary, a row per
    record, goes beside them: summary.csv, summary.json and summary.pdf; each certificate is
    added to the register (register list). With a key (keys init), each is signed.
    """
    from contextlib import closing

    from qa_check.certificates.batch import certify_batch
    from qa_check.certificates.site import load_site
    from qa_check.certificates.validity import issue_time
    from qa_check.cli.config import note_unconfigured
    from qa_check.cli.keys import signing
    from qa_check.cli.output import Records, Stdout, stream
    from qa_check.cli.progress import choose
    from qa_check.reporters import certify_reporter_for
    from qa_check.reporters.summary_files import SummaryFiles

    language = spoken(ctx)  # of the report; the certificate's is --lang alone
    reporter = certify_reporter_for(output_format, out, language)
    chosen = signing(sign, keys, language)  # its passphrase asked before the bar shows
    workers = _jobs(jobs, language)
    ends: list[BatchEnd] = []

    def unwritten() -> list[Problem]:
        return [problem for end in ends for problem in end.unwritten]

    tally = Records(choose("certify", quiet=quiet, lang=language), unwritten=unwritten)
    notes: list[Problem] = []

    def results() -> Generator[tuple[SkuResult, str], None, None]:
        judged = registry(checklists)
        site = load_site(config)
        note_unconfigured(site, language)
        moment = issue_time(issued_at)
        found = sources(paths, judged, encoding, tally.progress, config=config, note=notes.append)
        batch = certify_batch(
            found,
            judged,
            out,
            moment,
            lang,
            site=site,
            jobs=workers,
            force=force,
            signing=chosen,
            register=register,
            summary=SummaryFiles(
                out,
                Lang.ZH if lang is CertificateLang.ZH else Lang.EN,
                site.issuer.name if site.issuer else None,
            ),
            ended=ends.append,
            image=image,
        )
        with closing(batch):
            for issued in batch:
                text = reporter.issued(issued.result, issued.path, kept=issued.kept)
                yield issued.result, text

    def finish() -> str:
        summarized = all(end.summarized for end in ends)
        return reporter.finish(tally.summary, unwritten=unwritten(), summarized=summarized)

    def errors() -> list[str]:
        said = [f"note: {note.show(language)}" for note in notes]
        return said + [f"error: {problem.show(language)}" for problem in unwritten()]

    stream(Stdout(language), reporter.start(), results(), tally, finish, errors=errors)


def _jobs(asked: int | None, lang: str) -> int:
    """The worker processes certify draws in: as asked, but no more than the cores (a note).

    More workers than cores draw no faster, and each is a process: thousands of them met the
    system's limit on processes, where starting them hung.
    """
    from qa_check.certificates.pool import default_jobs
    from qa_check.core.messages import in_lang, msg

    cores = default_jobs()
    if asked is None:
        return cores
    if asked > cores:
        capped = msg("jobs_capped", asked=f"{asked:,}", cores=cores)
        typer.echo(f"note: {in_lang(capped, lang)}", err=True)
        return cores
    return asked
