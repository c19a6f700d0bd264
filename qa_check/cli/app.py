"""The command line: parse options, call the core, pick a reporter, set the exit code.

Exit codes: 0 all records pass, 1 some fail, 2 some are invalid or the command was misused,
130 interrupted. Errors end a command in one place, ``Command.invoke`` (``qa_check.command``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, NoReturn

import typer

from qa_check import __version__
from qa_check.cli.command import Command, Group, epilog
from qa_check.core.errors import Location, Problem, QaCheckError, UsageError
from qa_check.core.signals import held
from qa_check.reporters import Format

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator

    from qa_check.certificates.pipeline import Signing
    from qa_check.certificates.register import Entry, Register
    from qa_check.certificates.site import Site
    from qa_check.cli.progress import Progress
    from qa_check.engine.checklists import Registry
    from qa_check.engine.judge import RawRecord, SkuResult, Summary
    from qa_check.guided.prompter import Prompter
    from qa_check.reporters.summary import Row


class Lang(StrEnum):
    """Languages of the texts people read in reports."""

    EN = "en"
    ZH = "zh"


class CertificateLang(StrEnum):
    """Languages a certificate can be issued in: ``en+zh`` prints both in each cell."""

    EN = "en"
    ZH = "zh"
    BOTH = "en+zh"


EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_INTERRUPTED = 0, 1, 2, 130


def _group(about: str) -> typer.Typer:
    """A group of commands (``keys``, ``register``), with the same conventions as the app."""
    return typer.Typer(
        cls=Group,
        context_settings={"help_option_names": ["-h", "--help"]},
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        no_args_is_help=True,
        help=about,
    )


app = typer.Typer(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    help="Check packaging & QA results of e-commerce SKUs against YAML checklists.",
)

RECORD_EXIT_CODES = (
    ("0", "every record passed"),
    ("1", "some record failed, none was invalid"),
    ("2", "some record was invalid, or the command was misused"),
    ("130", "interrupted by Ctrl-C (143 by SIGTERM, 129 the terminal closed)"),
)
"""Exit codes of the commands that judge records (the README's Exit codes section says more)."""

ChecklistsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--checklists",
        "-c",
        envvar="QA_CHECK_CHECKLISTS",
        metavar="PATH",
        help="Checklist file or folder (repeatable). Default: ./checklists, else the built-in set.",
    ),
]

FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Report format: text for people, json for programs."),
]
QuietOption = Annotated[
    bool,
    typer.Option(
        "--quiet", "-q", help="No progress on stderr (the report and the summary still print)."
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Site configuration: issuer, logo, approver, validity."
        " Default: ./qa-check.toml when there is one.",
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"qa-check {__version__}")
        raise typer.Exit()


@app.callback(invoke_without_command=True)
def _main(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option(
            "-V", "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Check packaging & QA results of e-commerce SKUs against YAML checklists."""
    if ctx.invoked_subcommand is None:  # `qa-check` alone: the help, as asked for
        typer.echo(ctx.get_help())


def _registry(paths: list[Path] | None, *, fill_in: bool = True) -> Registry:
    """The checklists in ``paths``: by default ./checklists, else the bundled ones.

    With ``fill_in``, a released version they lack is taken from the bundled ones, for a
    record that names it (verify compares only what is installed).
    """
    from qa_check.engine.checklists import bundled_folders, default_checklist_dirs, load_registry

    return load_registry(paths or default_checklist_dirs(), bundled_folders() if fill_in else [])


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check validate examples/",
            "qa-check validate march.csv --encoding gbk --lang zh",
            "qa-check validate results/ --format json > report.json",
        ],
        RECORD_EXIT_CODES,
    ),
)
def validate(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Record files (.yaml .yml .json .jsonl .csv) or folders."
        ),
    ],
    *,
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    encoding: Annotated[
        str,
        typer.Option(
            metavar="NAME", help="Text encoding of the record files, e.g. gbk for Excel CSV."
        ),
    ] = "utf-8",
    lang: Annotated[Lang, typer.Option(help="Language of corrective actions.")] = Lang.EN,
    quiet: QuietOption = False,
) -> None:
    """Judge each SKU's recorded results: PASS, FAIL (and why) or INVALID (and where).

    Every record in the input is reported, in the order read; a bad record never stops the rest.
    """
    from qa_check.certificates.preflight import CHECKS
    from qa_check.engine.judge import judge_all
    from qa_check.reporters import reporter_for

    reporter = reporter_for(output_format, lang.value)
    out = _Stdout()
    progress = _progress("validate", quiet, lang.value)

    def results() -> Generator[tuple[SkuResult, str], None, None]:
        registry = _registry(checklists)
        sources = _sources(paths, registry, encoding, progress)
        for result in judge_all(sources, registry, checks=CHECKS):
            yield result, reporter.result(result)

    out.exit(_stream(out, reporter.start(), results(), reporter.finish, progress).exit_code)


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check certify examples/ -o reports/",
            "qa-check certify march.csv -o reports/ --lang en+zh --config site.toml",
            "qa-check certify a.yaml --issued-at 2026-11-23T09:00:00+08:00",
            "qa-check certify march.csv -o reports/ --jobs 4",
            "qa-check certify march.csv -o reports/ --format json > issued.json",
        ],
        RECORD_EXIT_CODES,
    ),
)
def certify(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH", help="Record files (.yaml .yml .json .jsonl .csv) or folders."
        ),
    ],
    *,
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--out", metavar="DIR", help="Folder the certificates are written into."
        ),
    ] = Path("reports"),
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    config: ConfigOption = None,
    lang: Annotated[
        CertificateLang,
        typer.Option(help="Language of the certificate; en+zh prints both in each cell."),
    ] = CertificateLang.EN,
    issued_at: Annotated[
        str | None,
        typer.Option(
            metavar="TIME",
            help="Issue time with its zone, e.g. 2026-11-23T09:00:00+08:00. Default: now."
            " The same record and issue time give the same PDF, byte for byte.",
        ),
    ] = None,
    encoding: Annotated[
        str, typer.Option(metavar="NAME", help="Text encoding of the record files.")
    ] = "utf-8",
    quiet: QuietOption = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            metavar="N",
            help="Certificates drawn at once, each in a process of its own; 1 draws them in"
            " this one. Default, and most: the number of cores this process may use.",
        ),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Draw every certificate again, replacing what --out holds under the same"
            " name. Without it, a certificate already there for the same record is kept and"
            " one of another record is left alone (that record is INVALID).",
        ),
    ] = False,
    sign: Annotated[
        bool | None,
        typer.Option(
            "--sign/--no-sign",
            help="Sign each certificate with the site's key (keys init). Default: sign when"
            " the key folder has a key.",
        ),
    ] = None,
    keys: KeysOption = None,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            metavar="FILE",
            help="The register of issued certificates to add to. Default: register.sqlite in"
            " --out.",
        ),
    ] = None,
) -> None:
    """Write a PDF certificate per SKU, PASS or FAIL, named SKU_VERDICT_DATE.pdf.

    INVALID records get no certificate and are listed with their location. Run again, it draws
    only the certificates --out is missing (--force: all). The batch's summary, a row per
    record, goes beside them: summary.csv, summary.json and summary.pdf; each certificate is
    added to the register (register list). With a key (keys init), each is signed.
    """
    from qa_check.certificates.pipeline import issue_all
    from qa_check.certificates.register import Register
    from qa_check.certificates.register_file import REGISTER_NAME
    from qa_check.certificates.site import load_site
    from qa_check.certificates.validity import issue_time
    from qa_check.files.fileio import remove_stale_temps, writable_folder
    from qa_check.files.lock import FolderLock
    from qa_check.reporters import certify_reporter_for
    from qa_check.reporters.summary import row_for

    reporter_lang: Literal["en", "zh"] = "zh" if lang is CertificateLang.ZH else "en"
    reporter = certify_reporter_for(output_format, out, reporter_lang)
    signing = _signing(sign, keys, reporter_lang)  # its passphrase asked before the bar shows
    workers = _jobs(jobs, reporter_lang)
    stdout = _Stdout()
    progress = _progress("certify", quiet, reporter_lang)

    def results() -> Generator[tuple[SkuResult, str], None, None]:
        registry = _registry(checklists)
        site = load_site(config)
        moment = issue_time(issued_at)
        sources = _sources(paths, registry, encoding, progress)
        writable_folder(out)
        rows: list[Row] = []
        with FolderLock(out), Register.open(register or out / REGISTER_NAME, create=True) as book:
            remove_stale_temps(out)
            added = _Book(book)
            finished = False
            try:
                for issued in issue_all(
                    sources,
                    registry,
                    out,
                    moment,
                    lang.value,
                    site=site,
                    jobs=workers,
                    force=force,
                    signing=signing,
                ):
                    rows.append(row_for(issued.result, issued.path, issued.digest))
                    if issued.entry is not None and issued.path is not None:
                        added.add(issued.entry)
                    text = reporter.issued(issued.result, issued.path, kept=issued.kept)
                    yield issued.result, text
                finished = True
            finally:  # also when stopped: the records so far, marked as such
                added.flush()
                end.unwritten += added.problems()
                files = _summary_files(rows, out, reporter_lang, interrupted=not finished)
                unsummarized = _write_each(files)
                end.unwritten += unsummarized
                end.summarized = not unsummarized

    end = _BatchEnd()

    def finish(counts: Summary) -> str:
        return reporter.finish(counts, unwritten=end.unwritten, summarized=end.summarized)

    def errors() -> list[str]:
        return [f"error: {problem.show(reporter_lang)}" for problem in end.unwritten]

    summary = _stream(stdout, reporter.start(), results(), finish, progress, errors=errors)
    stdout.exit(max(summary.exit_code, EXIT_INVALID) if end.unwritten else summary.exit_code)


@dataclass(slots=True)
class _BatchEnd:
    """What could not be written at a batch's end: said after every certificate and the counts.

    In the report (JSON's ``errors``) and on stderr, never instead of them; exit code 2.
    """

    unwritten: list[Problem] = field(default_factory=list)
    """The register or a summary file, and why."""
    summarized: bool = True
    """Every summary file was written."""


class _Book:
    """The register a batch adds its certificates to, ``REGISTER_BATCH`` at a time.

    A failure to add (a full disk, a register busy for longer than it waits) is kept, not
    raised: every certificate is still written and reported, and after the first failure no
    more is tried. Run again, the same command keeps those certificates and adds them.
    """

    def __init__(self, book: Register) -> None:
        self.book = book
        self.entries: list[Entry] = []
        self.failed: list[Problem] = []
        self.missing = 0
        """Certificates of this run that are not in the register."""

    def add(self, entry: Entry) -> None:
        """Add ``entry`` with the next batch."""
        self.entries.append(entry)
        if len(self.entries) >= REGISTER_BATCH:
            self.flush()

    def flush(self) -> None:
        """Add the entries waiting, unless adding failed before."""
        if not self.failed:
            try:
                self.book.add(self.entries)
            except QaCheckError as exc:
                self.failed = list(exc.problems)
        if self.failed:
            self.missing += len(self.entries)
        self.entries.clear()

    def problems(self) -> list[Problem]:
        """Why the register is incomplete, and how to complete it; empty when it is not."""
        from qa_check.core.messages import msg

        if not self.failed:
            return []
        missing = msg("register_unfinished", count=self.missing)
        return [*self.failed, Problem(Location(str(self.book.path)), missing)]


def _write_each(files: Mapping[Path, bytes]) -> list[Problem]:
    """Write each file whole; why each that could not be, the others written all the same."""
    from qa_check.core.errors import WriteError
    from qa_check.files.fileio import atomic_write

    unwritten: list[Problem] = []
    for path, data in files.items():
        try:
            atomic_write(path, data)
        except WriteError as exc:
            unwritten.extend(exc.problems)
    return unwritten


REGISTER_BATCH = 256
"""Certificates added to the register in one transaction: a killed batch loses at most these,
and a rerun, keeping their files, adds them again."""


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


def _signing(sign: bool | None, keys: Path | None, lang: str) -> Signing | None:
    """How certify signs: with the key folder's key when there is one (or ``--sign`` says so).

    A key folder named (``--keys``, QA_CHECK_KEYS) must hold a key. The key is loaded here
    once, before any work, so that a wrong passphrase or an expired certificate stops the
    command at once; each worker process loads it again, once. Both check the key at the
    clock's time, not at --issued-at: the signature is made now (and a worker refusing a key
    the parent accepted would make every record INVALID).
    """
    from datetime import UTC, datetime

    from qa_check.certificates.payload import SignedBy
    from qa_check.certificates.pipeline import Signing
    from qa_check.certificates.signing.keys import has_keys, load_signing_key
    from qa_check.certificates.signing.signer import SigningSpec

    folder = _key_folder(keys)
    if sign is False or (sign is None and keys is None and not has_keys(folder)):
        return None  # no key in the default folder: unsigned, as before keys existed
    passphrase = _passphrase_for(folder, lang)
    now = datetime.now(UTC)  # the clock's, not --issued-at: a key made today signs back-dated
    info = load_signing_key(folder, passphrase, now=now).info
    return Signing(SigningSpec(folder, passphrase), SignedBy(info.issuer, info.fingerprint))


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check verify reports/*.pdf",
            "qa-check verify cert.pdf --trust lab-ca.pem --require-signature",
            "qa-check verify reports/*.pdf --register reports/register.sqlite",
            "qa-check verify reports/*.pdf --at 2027-12-01T00:00:00+08:00",
            "qa-check verify reports/*.pdf --format json > verified.json",
        ],
        [
            ("0", "every certificate is VALID or UNSIGNED"),
            ("1", "some is TAMPERED, UNTRUSTED, REVOKED, STALE or EXPIRED"),
            ("2", "a file is NOT A CERTIFICATE, or the command was misused"),
        ],
    ),
)
def verify(
    files: Annotated[list[Path], typer.Argument(metavar="CERT.pdf", help="Certificate files.")],
    *,
    checklists: ChecklistsOption = None,
    output_format: FormatOption = Format.TEXT,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="TIME",
            help="Judge validity at this time, e.g. 2027-01-01T00:00:00+08:00. Default: now.",
        ),
    ] = None,
    trust: Annotated[
        list[Path] | None,
        typer.Option(
            "--trust",
            metavar="FILE",
            help="A CA certificate (PEM or DER) that signers must chain to (repeatable)."
            " Default: the key folder's ca-cert.pem.",
        ),
    ] = None,
    require_signature: Annotated[
        bool,
        typer.Option(
            "--require-signature", help="An UNSIGNED certificate fails (exit 1) instead of passing."
        ),
    ] = False,
    register: Annotated[
        Path | None,
        typer.Option(
            "--register",
            metavar="FILE",
            help="The register certify keeps: a revoked certificate is REVOKED, one"
            " superseded by a newer one STALE.",
        ),
    ] = None,
    keys: KeysOption = None,
) -> None:
    """Check certificates: VALID, UNSIGNED, TAMPERED, UNTRUSTED, REVOKED, STALE, EXPIRED.

    A signed certificate is VALID when its signature is intact and covers the whole file, its
    signer chains to a trusted CA, its record matches its digest and its page shows its
    verdict. UNSIGNED: no signature, but the page is exactly what its record renders to; that
    proves integrity, not who issued it. EXPIRED: past the last valid day printed on it.
    STALE: a newer certificate was issued for the SKU (--register), or a checklist it was
    judged against is installed (--checklists) as the same id@version with other content.
    """
    import contextlib

    from qa_check.certificates.register import Register
    from qa_check.certificates.signing.trust import load_trust
    from qa_check.certificates.validity import issue_time
    from qa_check.certificates.verify import BatchSummary, now
    from qa_check.certificates.verify import verify as check
    from qa_check.core.errors import QaCheckError
    from qa_check.engine.checklists import default_checklist_dirs
    from qa_check.reporters import verify_reporter_for

    # One moment for every file: validity is judged at it, and the signatures' trust context
    # made for it serves them all.
    moment = issue_time(at, "--at") if at is not None else now()

    # Certificates carry their checklists: with none installed here, there is nothing to compare.
    found_any = checklists or any(path.is_dir() for path in default_checklist_dirs())
    installed = _registry(checklists, fill_in=False) if found_any else None
    trusted = load_trust(trust or _key_folder_ca(keys))
    with contextlib.ExitStack() as stack:
        opened = None
        if register is not None:
            opened = stack.enter_context(Register.open(register, create=False))
        reporter = verify_reporter_for(output_format)
        out = _Stdout()
        out.write(reporter.start())
        code = EXIT_OK
        done = 0
        try:
            for done, file in enumerate(files):  # noqa: B007 - counted for an interruption
                try:
                    found = check(
                        file,
                        installed,
                        moment,
                        trust=trusted,
                        require_signature=require_signature,
                        register=opened,
                    )
                except BatchSummary as exc:  # named by ``verify reports/*.pdf``: no certificate
                    typer.echo(f"note: {exc.problems[0].show()}", err=True)
                    continue
                except QaCheckError as exc:  # this file only: the others are still verified
                    for problem in exc.problems:
                        typer.echo(f"error: {problem.show()}", err=True)
                    out.write(reporter.unchecked(str(file), exc.problems))
                    code = EXIT_INVALID
                    continue
                out.write(reporter.verified(found))
                code = max(code, EXIT_OK if found.passed else EXIT_FAILED)
        except KeyboardInterrupt as exc:  # the report is finished all the same (JSON still parses)
            out.write(reporter.finish(interrupted=True))
            typer.echo(f"\ninterrupted after {done:,} of {len(files):,} certificates", err=True)
            out.exit(_interrupt_code(exc))
        out.write(reporter.finish())
    out.exit(code)


def _key_folder_ca(keys: Path | None) -> list[Path]:
    """The key folder's CA certificate, when there is one: a site trusts its own certificates."""
    from qa_check.certificates.signing.keys import CA_CERT

    ca = _key_folder(keys) / CA_CERT
    return [ca] if ca.is_file() else []


def _sources(
    paths: list[Path], registry: Registry, encoding: str, progress: Progress
) -> Iterator[RawRecord | Problem]:
    """The records under ``paths``, streamed; a usage mistake ends the command here.

    ``progress`` learns about how many records there are before the first is read.
    """
    from qa_check.records.read import expected_count, read_records, record_files, text_encoding

    files = record_files(paths)
    codec = text_encoding(encoding)
    if not files:
        raise UsageError(
            [Problem(_where(paths), "no record files (.yaml .yml .json .jsonl .csv) found")]
        )
    progress.expect(lambda: expected_count(files))
    return read_records(files, registry, codec)


class _Stdout:
    """Standard output that neither a closed pipe (``| head -1``) nor a full disk can stop.

    After the first failed write nothing more is written, and the batch goes on: every
    certificate is still issued and the exit code still tells the verdicts. A pipe closed by its
    reader was that reader's choice; any other failure makes the report incomplete, which
    ``exit`` says on stderr, with exit code 2.
    """

    def __init__(self) -> None:
        self.failure: OSError | None = None
        self.closed = False

    def write(self, text: str) -> None:
        """Write, unless standard output has failed before; whole, whatever signal comes."""
        if not self.closed:
            try:
                with held():
                    sys.stdout.write(text)
            except OSError as exc:
                self._lost(exc)

    def flush(self) -> None:
        """Flush what is buffered (a full disk shows here when output goes to a file)."""
        if not self.closed:
            try:
                with held():
                    sys.stdout.flush()
            except OSError as exc:
                self._lost(exc)

    def _lost(self, exc: OSError) -> None:
        import contextlib
        import errno
        import os

        self.closed = True
        if exc.errno != errno.EPIPE:
            self.failure = exc
        # Python flushes stdout again at exit: let that go nowhere instead of raising there.
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())

    def exit(self, code: int) -> NoReturn:
        """End the command with ``code``, or 2 when the report could not be written whole."""
        self.flush()
        if self.failure is not None:
            from qa_check.core.messages import msg

            reason = self.failure.strerror or str(self.failure)
            typer.echo(f"error: {msg('stdout_failed', reason=reason)}", err=True)
            code = max(code, EXIT_INVALID)
        raise typer.Exit(code)


def _progress(command: str, quiet: bool, lang: str) -> Progress:
    from qa_check.cli.progress import choose

    return choose(command, quiet=quiet, lang=lang)


def _stream(
    out: _Stdout,
    head: str,
    reports: Generator[tuple[SkuResult, str], None, None],
    finish: Callable[[Summary], str],
    progress: Progress,
    *,
    errors: Callable[[], Sequence[str]] = list,
) -> Summary:
    """Write each result's report as it comes, with progress on stderr, then the summary.

    ``reports`` may still be loading checklists when Ctrl-C (or SIGTERM) comes: the report is
    finished all the same (JSON still parses and says it was interrupted), the counts so far go
    to stderr and the command exits 130 (143 for SIGTERM); files already written are whole
    (writes are atomic) and no temporary file is left. ``reports`` is closed before the report
    is, so that what it does at its end (certify's summary) is done and can be in the report.
    ``errors``: the lines that end then says on stderr, once the report is finished. The
    progress bar is off the screen before the summary is written.
    """
    from qa_check.engine.judge import Summary

    summary = Summary()

    def closing() -> None:
        """The summary, after the head when no result wrote it (JSON is whole either way)."""
        out.write((head if not summary.total else "") + finish(summary))
        for line in errors():
            typer.echo(line, err=True)

    try:
        for result, text in reports:
            with held():  # counted and written, or neither
                if not summary.total:
                    out.write(head)  # not before: a usage error leaves stdout empty
                summary.add(result)
                out.write(text)
            progress.advance(summary)
    except KeyboardInterrupt as exc:
        reports.close()  # stopped here rather than in it: its end is done before the report's
        progress.close()
        summary.interrupted = True
        closing()
        typer.echo(
            f"\ninterrupted after {summary.total:,} records: {summary.passed} passed,"
            f" {summary.failed} failed, {summary.invalid} invalid",
            err=True,
        )
        out.exit(_interrupt_code(exc))
    progress.close()
    closing()
    return summary


class _Signalled(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stop as for Ctrl-C (finish the report, keep every file whole)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _interrupt_code(exc: BaseException) -> int:
    return exc.code if isinstance(exc, _Signalled) else EXIT_INTERRUPTED


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check run",
            "qa-check run --lang zh --only drop-test",
            "qa-check run --resume KETTLE-1.7",
            "qa-check run --sku LAMP-220 --certify -o reports/",
            "qa-check run --answers given.yaml --no-input",
        ],
        [
            ("0", "PASS, or stopped with q (every answer is saved)"),
            ("1", "FAIL"),
            ("2", "invalid input, such as an answer missing with --no-input"),
            ("130", "Ctrl-C (129 the terminal was closed): every answer is saved"),
        ],
    ),
)
def run(  # noqa: PLR0915 - one option each, handed to the session
    *,
    sku: Annotated[
        str | None, typer.Option(metavar="SKU", help="The SKU (else it is asked: type or scan).")
    ] = None,
    product: Annotated[str | None, typer.Option(metavar="NAME", help="The product name.")] = None,
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of the run. Default: QA_CHECK_LANG, else the locale."),
    ] = None,
    checklists: ChecklistsOption = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", metavar="ID", help="Only these checklists (repeatable)."),
    ] = None,
    results: Annotated[
        Path, typer.Option(metavar="DIR", help="Folder for the records (and the saved drafts).")
    ] = Path("results"),
    answers: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="A partial record whose answers are taken as given."),
    ] = None,
    resume: Annotated[
        str | None, typer.Option(metavar="SKU", help="Continue the saved run of this SKU.")
    ] = None,
    certify: Annotated[
        bool, typer.Option("--certify", help="Issue the certificate at the end.")
    ] = False,
    out: Annotated[
        Path,
        typer.Option(
            "-o", "--out", metavar="DIR", help="Folder for the certificate (with --certify)."
        ),
    ] = Path("reports"),
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="FILE",
            help="Site configuration for the certificate (with --certify)."
            " Default: ./qa-check.toml when there is one.",
        ),
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Ask nothing: every answer must be given.")
    ] = False,
) -> None:
    """Walk through the checklists one question at a time; save the record and its verdict.

    Every answer is saved as it is typed: Ctrl-C or a closed terminal loses nothing, and
    `qa-check run --resume SKU` continues. At any question: ? help, b back, q stop.
    """
    import contextlib
    import shlex
    from datetime import datetime

    from rich.console import Console

    from qa_check.certificates.site import load_site
    from qa_check.cli.terminal import TerminalPrompter
    from qa_check.core.messages import in_lang, msg, pick_language
    from qa_check.engine.checklists import select
    from qa_check.files.fileio import remove_stale_temps, writable_folder
    from qa_check.guided import drafts
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.guided.session import Finished, Session, Stopped

    language = pick_language(lang.value if lang else None)

    def stopped(sku: str) -> str:
        if not sku:
            return msg("stopped_before_sku")
        return msg("stopped", command=_resume_command(sku, results, shlex.quote))

    registry = _registry(checklists)
    site = load_site(config) if certify else None  # checked before any question
    chosen = select(registry, only or [])
    writable_folder(results)
    for written_into in (results, results / drafts.DRAFT_FOLDER):
        remove_stale_temps(written_into)
    remembered = _last_used()
    session = Session(
        registry,
        chosen,
        results,
        language,
        lambda: datetime.now().astimezone().replace(microsecond=0),
        remembered,
    )
    console = Console(highlight=False, soft_wrap=True)
    prompter = TerminalPrompter(console, language)
    try:
        notes: list[str] = []
        interactive = not no_input and _terminal()
        given: dict[str, object] = {}
        if resume:
            path = drafts.draft_path(results, resume)
            if not path.exists():
                folder = str(results / drafts.DRAFT_FOLDER)
                missing_draft = msg("no_draft", sku=resume, folder=folder)
                raise UsageError([Problem(Location("--resume"), missing_draft)])
            taken = session.hold(resume)
            if taken is not None:
                notes.append(in_lang(taken, language))
            draft = session.saved(resume, prompter if interactive else None)
            if draft is None:  # damaged, set aside: the run starts again with its SKU
                given["sku"] = resume
            else:
                notes += session.resume(draft)
        problems: list[Problem] = []
        locate: Callable[[tuple[str | int, ...]], Location] = _located
        if answers is not None:
            read, problems, locate = _given(answers, registry)
            given.update(read)
        typed = {k: v for k, v in (("sku", sku), ("product_name", product)) if v}
        given.update(typed)
        problems += session.prefill(
            given, lambda path: _located(path) if path[0] in typed else locate(path)
        )
        if not interactive:
            missing = session.missing()
            if problems or missing:
                lines = (
                    [in_lang(msg("missing_answers", n=len(missing)), language)] if missing else []
                )
                for problem in problems:
                    typer.echo(f"error: {problem.show(language)}", err=True)
                for line in lines + [f"  {in_lang(entry, language)}" for entry in missing]:
                    typer.echo(line, err=True)
                raise typer.Exit(EXIT_INVALID)
            taken = session.hold(str(session.record["sku"]))  # known: nothing is missing
            if taken is not None:
                notes.append(in_lang(taken, language))
            for note in notes:
                typer.echo(f"note: {in_lang(note, language)}", err=True)
            outcome: Finished | Stopped = session.conclude(prompter)
        else:
            for note in notes:
                prompter.tell(Notice(Tone.WARNING, note))
            for problem in problems:
                prompter.tell(Notice(Tone.ERROR, problem.show(language)))

            try:
                outcome = session.run(prompter)
            except (KeyboardInterrupt, EOFError) as exc:
                session.save()
                code = _interrupt_code(exc)
                sku_given = str(session.record.get("sku") or "")
                with contextlib.suppress(OSError):  # a closed terminal; the draft is saved
                    console.print()
                    prompter.tell(Notice(Tone.WARNING, in_lang(stopped(sku_given), language)))
                raise typer.Exit(code) from None
        if not isinstance(outcome, Finished):
            prompter.tell(Notice(Tone.WARNING, in_lang(stopped(outcome.sku), language)))
            raise typer.Exit(EXIT_OK)
        _remember(outcome.result.record)
        code = {"PASS": EXIT_OK, "FAIL": EXIT_FAILED}.get(
            outcome.result.verdict.value, EXIT_INVALID
        )
        if site is not None and code != EXIT_INVALID:
            code = max(
                code, _certify_one(outcome.path, registry, out, language, prompter, site=site)
            )
        raise typer.Exit(code)
    finally:
        session.release()  # the draft is free for the next run, whatever the exit


def _resume_command(sku: str, results: Path, quote: Callable[[str], str]) -> str:
    command = f"qa-check run --resume {quote(sku)}"
    return command if results == Path("results") else f"{command} --results {quote(str(results))}"


def _given(
    path: Path, registry: Registry
) -> tuple[dict[str, object], list[Problem], Callable[[tuple[str | int, ...]], Location]]:
    """The first record of an ``--answers`` file, as data; its problems; where each field is.

    Content that is not a record (a list of numbers, a bare text) is a problem at the file.
    """
    from qa_check.core.messages import msg
    from qa_check.records.read import read_records, record_files

    [file] = record_files([path])
    for found in read_records([file], registry):
        if isinstance(found, Problem):
            return {}, [found], _located
        if not isinstance(found.data, dict):
            return {}, [Problem(found.origin, msg("not_a_record"))], found.locate
        return dict(found.data), list(found.problems), found.locate
    return {}, [], _located


def _located(path: tuple[str | int, ...]) -> Location:
    """Where a value given on the command line is (``--sku``, ``--product``)."""
    from qa_check.core.errors import dotted

    return Location("--sku" if path[:1] == ("sku",) else "--product", field=dotted(path) or None)


def _last_used_file() -> Path:
    return Path(typer.get_app_dir("qa-check")) / "last-used.json"


def _last_used() -> dict[str, str]:
    """Inspector and site last used on this machine, offered as defaults."""
    import json

    from qa_check.files.fileio import read_regular

    try:  # a link or a FIFO put there is not followed or waited on: no defaults then
        data = json.loads(read_regular(_last_used_file(), 64 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if k in ("inspector", "site") and isinstance(v, str)}


def _remember(record: object) -> None:
    import contextlib
    import json

    from qa_check.core.errors import WriteError
    from qa_check.files.fileio import atomic_write

    inspector, site = getattr(record, "inspector", None), getattr(record, "site", None)
    if inspector and site:
        with contextlib.suppress(WriteError):  # a convenience only
            atomic_write(_last_used_file(), json.dumps({"inspector": inspector, "site": site}))


def _certify_one(
    path: Path, registry: Registry, out: Path, language: str, prompter: Prompter, *, site: Site
) -> int:
    """Issue the certificate of the record just written, under ``site``; the exit code it adds.

    As ``certify`` does: signed when the key folder has a key, and added to the register in
    ``out``.
    """
    from qa_check.certificates.pipeline import issue_all
    from qa_check.certificates.register import Register
    from qa_check.certificates.register_file import REGISTER_NAME
    from qa_check.certificates.validity import issue_time
    from qa_check.core.messages import in_lang, msg
    from qa_check.files.fileio import writable_folder
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.records.read import read_records

    writable_folder(out)
    signing = _signing(None, None, language)
    sources = read_records([path], registry)
    moment = issue_time(None)
    for issued in issue_all(sources, registry, out, moment, language, site=site, signing=signing):
        if issued.path is None or issued.entry is None:
            for problem in issued.result.problems:
                prompter.tell(Notice(Tone.ERROR, problem.show(language)))
            return EXIT_INVALID
        with Register.open(out / REGISTER_NAME, create=True) as register:
            register.add([issued.entry])
        written = msg("certificate_written", path=str(issued.path))
        prompter.tell(Notice(Tone.INFO, in_lang(written, language)))
    return EXIT_OK


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check lint",
            "qa-check lint checklists/drop-test.yaml",
            "qa-check lint checklists/ --known checklists.known --add-known",
            "qa-check lint checklists/ --format json > lint.json",
        ],
        [
            ("0", "the checklists are clean"),
            ("1", "problems were found, listed on stdout"),
            ("2", "the command was misused, such as --add-known without --known"),
        ],
    ),
)
def lint(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="PATH", help="Checklist files or folders. Default: ./checklists."),
    ] = None,
    known: Annotated[
        Path | None,
        typer.Option(
            metavar="FILE",
            help="Known checklist versions: a line 'id@version sha256' each, # comments."
            " A listed id@version whose content changed is a problem: it needs a new version."
            " Default: released.sha256 in each folder, when there is one.",
        ),
    ] = None,
    add_known: Annotated[
        bool,
        typer.Option(
            "--add-known",
            help="Add the id@versions under PATH that --known FILE does not list yet"
            " (a listed hash is never rewritten).",
        ),
    ] = False,
    output_format: FormatOption = Format.TEXT,
) -> None:
    """Check checklist files: schema, duplicate ids, references, translations.

    Also that no released checklist was edited without a new version: --known FILE (default:
    each folder's released.sha256) lists 'id@version sha256' (the SHA-256 of the checklist's
    content, as certificates record it), one a line; --add-known adds the versions not yet
    listed. A file named id@version.yaml must hold that version; withdrawals.yaml must name
    versions there are.
    """
    from qa_check.core.messages import msg
    from qa_check.engine.checklists import add_known as add_versions
    from qa_check.engine.checklists import bundled_folders, default_checklist_dirs
    from qa_check.engine.checklists import lint as lint_paths
    from qa_check.reporters import lint_report

    folders = paths or default_checklist_dirs()
    if add_known and known is None:
        raise UsageError([Problem(Location("--add-known"), msg("known_needed"))])
    added = add_versions(known, folders) if add_known and known else []
    problems = lint_paths(folders, known, bundled_folders())
    out = _Stdout()
    out.write(lint_report(output_format, problems, added))
    for key in added:
        typer.echo(msg("known_added", file=str(known), key=key), err=True)
    count = len(problems)
    typer.echo(
        f"{count} problem{'s' if count != 1 else ''} found" if count else "checklists OK", err=True
    )
    out.exit(EXIT_FAILED if problems else EXIT_OK)


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check summarize shard-1/summary.json shard-2/summary.json -o month/",
        ]
    ),
)
def summarize(
    parts: Annotated[
        list[Path],
        typer.Argument(metavar="SUMMARY.json...", help="summary.json files, one per shard."),
    ],
    *,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder for the merged summary."),
    ],
    lang: Annotated[Lang, typer.Option(help="Language of summary.pdf.")] = Lang.EN,
) -> None:
    """Merge the summaries of certify runs over shards of one batch into one summary.

    Writes summary.json, summary.csv and summary.pdf into --out, the records in the order the
    files are given.
    """
    from qa_check.files.fileio import writable_folder
    from qa_check.files.safe_yaml import read_text
    from qa_check.reporters.summary import merge, read_json

    rows = merge(read_json(read_text(part, "utf-8"), str(part)) for part in parts)
    writable_folder(out)
    _write_listed(_summary_files(rows, out, lang.value))


register_app = _group("List, show and revoke the certificates certify recorded in its register.")
app.add_typer(register_app, name="register")

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
    Lang, typer.Option("--lang", help="Language of the reasons and messages.")
]
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


def _register_path(path: Path | None) -> Path:
    from qa_check.certificates.register_file import REGISTER_NAME

    return path if path is not None else Path("reports") / REGISTER_NAME


@register_app.command(
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
    *,
    register: RegisterOption = None,
    sku: Annotated[
        str | None, typer.Option("--sku", metavar="SKU", help="Only this SKU's certificates.")
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
    lang: RegisterLangOption = Lang.EN,
) -> None:
    """List the certificate files in the register, oldest first: ISSUED, STALE or REVOKED.

    STALE: a newer certificate was issued for the same SKU (superseded), or a checklist it was
    judged against is installed (--checklists) as the same id@version with other content.
    A certificate in two languages is two lines, one per file.
    """
    from qa_check.certificates.register import Register
    from qa_check.core.messages import in_lang, msg
    from qa_check.reporters.register import (
        STALE,
        Tally,
        counted,
        lines_text,
        list_csv,
        list_json,
        list_text,
        words,
    )

    installed: dict[str, str] | None = None
    if checklists:
        from qa_check.engine.checklists import content_hash, load_registry

        installed = {c.checklist.key: content_hash(c.data) for c in load_registry(checklists)}
    counts: Tally = {}
    wanted = {STALE} if stale else None
    only = verdict.value if verdict else None
    with Register.open(_register_path(register), create=False) as opened:
        if output_format is RegisterFormat.TEXT and not installed:
            found = opened.lines(sku=sku, verdict=only, words=words(lang.value))
            text = lines_text(found, counts, wanted)
        elif output_format is RegisterFormat.TEXT:
            listed = opened.listing(sku=sku, verdict=only, installed=installed)
            text = list_text(counted(listed, counts, wanted), lang.value)
        else:
            rows = counted(opened.rows(sku=sku, verdict=only, installed=installed), counts, wanted)
            text = list_json(rows) if output_format is RegisterFormat.JSON else list_csv(rows)
    out = _Stdout()
    out.write(text)
    tally = {key.lower(): f"{number:,}" for key, number in counts.items()}
    said = msg("register_listed", count=f"{sum(counts.values()):,}", **tally)
    typer.echo(in_lang(said, lang.value), err=True)
    out.exit(EXIT_OK)


@register_app.command(
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
    certificate_id: Annotated[
        str, typer.Argument(metavar="ID", help="Certificate id, as printed: QC-XXXX-XXXX-XXXX.")
    ],
    register: RegisterOption = None,
    output_format: FormatOption = Format.TEXT,
    lang: RegisterLangOption = Lang.EN,
) -> None:
    """Show one certificate: what it certifies, its status, and its file in each language."""
    from qa_check.certificates.register import Register
    from qa_check.core.errors import RegisterError
    from qa_check.core.messages import msg, printable
    from qa_check.reporters.register import show_json, show_text

    path = _register_path(register)
    with Register.open(path, create=False) as opened:
        rows = opened.find(certificate_id)
    if not rows:
        unknown = msg("register_unknown_id", id=printable(certificate_id.strip().upper()))
        raise RegisterError([Problem(Location(str(path)), unknown)])
    out = _Stdout()
    out.write(show_json(rows) if output_format is Format.JSON else show_text(rows, lang.value))
    out.exit(EXIT_OK)


@register_app.command(
    "revoke",
    cls=Command,
    epilog=epilog(
        [
            'qa-check register revoke QC-1A2B-3C4D-5E6F --why "issued from the wrong batch"',
        ],
        [
            ("0", "revoked, or revoked before (the first revocation is kept)"),
            ("2", "no register, a damaged one, an unknown id, or the command was misused"),
        ],
    ),
)
def register_revoke(
    certificate_id: Annotated[
        str, typer.Argument(metavar="ID", help="Certificate id, as printed: QC-XXXX-XXXX-XXXX.")
    ],
    *,
    why: Annotated[
        str,
        typer.Option("--why", metavar="TEXT", help="Why: one line, up to 500 characters."),
    ],
    register: RegisterOption = None,
    lang: RegisterLangOption = Lang.EN,
) -> None:
    """Revoke a certificate, every language of it: verify --register then reports REVOKED.

    The time and the reason are recorded; a revocation is never undone or rewritten.
    """
    from datetime import UTC, datetime

    from qa_check.certificates.register import Register, why_problem
    from qa_check.core.messages import in_lang, msg, printable

    bad = why_problem(why)
    if bad is not None:
        raise UsageError([Problem(Location("--why"), bad)])
    with Register.open(_register_path(register), create=False) as opened:
        done = opened.revoke(certificate_id, why, datetime.now(UTC))
    values = {"id": done.certificate_id, "why": printable(done.why), "files": done.files}
    if done.new:
        text = msg("register_revoked_now", **values)
        _Stdout().write(in_lang(text, lang.value) + "\n")
    else:
        text = msg("register_revoked_before", at=done.revoked_at, **values)
        typer.echo(f"note: {in_lang(text, lang.value)}", err=True)
    raise typer.Exit(EXIT_OK)


def _summary_files(
    rows: Sequence[Row], out: Path, lang: str, *, interrupted: bool = False
) -> dict[Path, bytes]:
    """summary.json, summary.csv and summary.pdf of ``rows``, by their paths in ``out``.

    ``interrupted``: the run stopped before its last record; the JSON and the PDF say so.
    """
    from qa_check.certificates.payload import GENERATOR
    from qa_check.reporters.summary import to_csv, to_json
    from qa_check.reporters.summary_pdf import render

    return {
        out / "summary.json": to_json(rows, interrupted=interrupted).encode("utf-8"),
        out / "summary.csv": to_csv(rows).encode("utf-8-sig"),  # Excel reads UTF-8 with its mark
        out / "summary.pdf": render(rows, GENERATOR, lang, interrupted=interrupted),
    }


def _write_listed(files: Mapping[Path, str | bytes]) -> NoReturn:
    """Write each file whole and list it on stdout; end the command.

    A closed or full stdout does not stop the next file from being written.
    """
    from qa_check.files.fileio import atomic_write

    stdout = _Stdout()
    for path, data in files.items():
        atomic_write(path, data)
        stdout.write(f"{path}\n")
    stdout.exit(EXIT_OK)


@app.command(cls=Command, epilog=epilog(["qa-check schema", "qa-check schema -o schemas/"]))
def schema(
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder to write the schema files into."),
    ] = Path("schemas"),
) -> None:
    """Write JSON Schema (draft 7) for checklists and records, for editors' YAML support."""
    from qa_check.engine.schema import SCHEMA_FILES, schema_text

    _write_listed({out / name: schema_text(model) for name, model in SCHEMA_FILES.items()})


@app.command(
    cls=Command,
    epilog=epilog(
        [
            "qa-check template",
            "qa-check template drop-test compression-test -o forms/",
            "qa-check template drop-test@2 -o forms/ --force",
        ]
    ),
)
def template(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="CHECKLIST",
            help="Checklists as id or id@version. Default: all, newest versions.",
        ),
    ] = None,
    checklists: ChecklistsOption = None,
    out: Annotated[
        Path,
        typer.Option("-o", "--out", metavar="DIR", help="Folder for the two template files."),
    ] = Path(),
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing template files.")
    ] = False,
) -> None:
    """Write a blank CSV sheet (record-template.csv) and YAML skeleton (record-template.yaml)."""
    from qa_check.core.messages import msg
    from qa_check.engine.checklists import select
    from qa_check.records.template import csv_template, yaml_template

    chosen = select(_registry(checklists), names or [])
    targets = {
        out / "record-template.csv": csv_template(chosen),
        out / "record-template.yaml": yaml_template(chosen),
    }
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise UsageError([Problem(_where(existing), msg("template_exists"))])
    _write_listed(targets)


# --- keys: the issuing site's signing key (shared with certify and verify) --------------------

keys_app = _group("Signing keys: create the issuing site's key, show its fingerprint.")
app.add_typer(keys_app, name="keys")

KeysOption = Annotated[
    Path | None,
    typer.Option(
        "--keys",
        envvar="QA_CHECK_KEYS",
        metavar="DIR",
        help="Folder of the signing key. Default: keys in qa-check's configuration folder.",
    ),
]
KeysLangOption = Annotated[
    Lang | None,
    typer.Option(help="Language of the output. Default: $QA_CHECK_LANG, else the locale."),
]
PASSPHRASE_VARIABLE = "QA_CHECK_KEY_PASSPHRASE"


def _key_folder(option: Path | None) -> Path:
    """The key folder: ``--keys DIR`` (or QA_CHECK_KEYS), else the user's configuration folder."""
    return option if option is not None else Path(typer.get_app_dir("qa-check")) / "keys"


def _terminal() -> bool:
    """Whether a person can be asked: standard input is a terminal (not closed, not a file)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):  # closed by the caller's shell, or by Python
        return False


def _passphrase_from_env() -> bytes | None:
    import os

    value = os.environ.get(PASSPHRASE_VARIABLE)
    return value.encode("utf-8") if value else None


def _passphrase_for(folder: Path, lang: str = "en") -> bytes | None:
    """The passphrase to unlock the signing key in ``folder``; None when it is not encrypted.

    QA_CHECK_KEY_PASSPHRASE when set, else asked once (hidden) when standard input is a
    terminal, else a KeysError saying how to give it.
    """
    from qa_check.certificates.signing.keys import SIGNING_KEY, KeysError, needs_passphrase
    from qa_check.core.messages import in_lang, msg

    if not needs_passphrase(folder):
        return None
    given = _passphrase_from_env()
    if given is not None:
        return given
    if not _terminal():
        problem = Problem(Location(str(folder / SIGNING_KEY)), msg("keys_passphrase_needed"))
        raise KeysError([problem])
    typed = typer.prompt(in_lang(msg("keys_passphrase_prompt"), lang), hide_input=True, err=True)
    return str(typed).encode("utf-8")


def _key_lines(info: object, lang: str) -> list[str]:
    """Issuer and fingerprints, as ``keys init`` and ``keys show`` print them."""
    from qa_check.certificates.payload import grouped_fingerprint
    from qa_check.certificates.signing.keys import KeyInfo
    from qa_check.core.messages import in_lang, msg

    assert isinstance(info, KeyInfo)
    return [
        in_lang(message, lang)
        for message in (
            msg("keys_issuer", issuer=info.issuer),
            msg("keys_fingerprint", fingerprint=grouped_fingerprint(info.fingerprint)),
            msg("keys_ca_fingerprint", fingerprint=grouped_fingerprint(info.ca_fingerprint)),
        )
    ]


@keys_app.command(
    "init",
    cls=Command,
    epilog=epilog(
        [
            'qa-check keys init --issuer "Shenzhen QA Lab"',
            'qa-check keys init --issuer "深圳 QA Lab" --keys /srv/qa-keys',
            'qa-check keys init --issuer "Shenzhen QA Lab" --no-passphrase',
        ],
        [("0", "the keys were created"), ("2", "a key is already there, or no passphrase")],
    ),
)
def keys_init(
    *,
    issuer: Annotated[
        str,
        typer.Option(metavar="NAME", help="The issuing site or lab, as the certificates name it."),
    ],
    keys: Annotated[
        Path | None,
        typer.Option(
            "--keys",
            "--dir",
            envvar="QA_CHECK_KEYS",
            metavar="DIR",
            help="Folder to create the keys in. Default: keys in qa-check's configuration folder.",
        ),
    ] = None,
    no_passphrase: Annotated[
        bool,
        typer.Option(
            "--no-passphrase",
            help="Leave the private keys unencrypted (a machine that signs unattended).",
        ),
    ] = False,
    lang: KeysLangOption = None,
) -> None:
    """Create the issuing site's signing key and a small CA that vouches for it.

    The passphrase comes from QA_CHECK_KEY_PASSPHRASE, else it is asked twice (hidden). The
    private keys stay in the folder, readable by you only; hand out ca-cert.pem: whoever
    trusts it accepts the certificates this key signs. An existing key is never replaced.
    """
    from datetime import UTC, datetime

    from qa_check.certificates.signing.keys import SIGNING_KEY, KeysError, init_keys
    from qa_check.core.messages import in_lang, msg, pick_language

    language = pick_language(lang.value if lang else None)
    folder = _key_folder(keys)
    passphrase: bytes | None = None
    if not no_passphrase:
        passphrase = _passphrase_from_env()
        if passphrase is None and not _terminal():
            raise KeysError([Problem(Location(str(folder)), msg("keys_no_passphrase"))])
        if passphrase is None:
            typed = typer.prompt(
                in_lang(msg("keys_passphrase_prompt"), language),
                hide_input=True,
                confirmation_prompt=in_lang(msg("keys_passphrase_again"), language),
                err=True,
            )
            passphrase = str(typed).encode("utf-8")
    info = init_keys(folder, issuer, passphrase, now=datetime.now(UTC))
    lines = _key_lines(info, language)
    lines.append(in_lang(msg("keys_private_at", path=str(folder / SIGNING_KEY)), language))
    if passphrase is None:
        lines.append(in_lang(msg("keys_unencrypted"), language))
    lines.append(in_lang(msg("keys_hand_out", path=str(info.ca_file)), language))
    typer.echo("\n".join(lines))


@keys_app.command(
    "show",
    cls=Command,
    epilog=epilog(
        ["qa-check keys show", "qa-check keys show --keys /srv/qa-keys"],
        [("0", "the key is there"), ("2", "no key in the folder, or a damaged one")],
    ),
)
def keys_show(*, keys: KeysOption = None, lang: KeysLangOption = None) -> None:
    """Print the signing key's issuer, fingerprints, end of validity and folder."""
    from qa_check.certificates.signing.keys import check_private, read_keys
    from qa_check.core.messages import in_lang, msg, pick_language

    language = pick_language(lang.value if lang else None)
    folder = _key_folder(keys)
    info = read_keys(folder)
    check_private(folder)
    lines = _key_lines(info, language)
    until = info.not_after.strftime("%Y-%m-%d %H:%M UTC")
    lines.append(in_lang(msg("keys_valid_until", when=until), language))
    lines.append(in_lang(msg("keys_folder", folder=str(info.folder)), language))
    typer.echo("\n".join(lines))


def _where(paths: Sequence[Path]) -> Location:
    return Location(", ".join(str(p) for p in paths))


def main() -> None:
    """Console-script entry point (through ``qa_check.__main__``, which guards the imports)."""
    import signal

    for stream in (sys.stdout, sys.stderr):
        # A terminal in a GBK or ASCII locale gets a replacement mark, not a crash.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    for signum, code in ((signal.SIGTERM, 143), (signal.SIGHUP, 129)):
        signal.signal(signum, _stop_with(code))
    app(prog_name="qa-check")  # also under `python -m qa_check`: usage lines, completion


def _stop_with(code: int) -> Callable[[int, object], None]:
    """A signal handler that unwinds like Ctrl-C, so files are closed whole and drafts saved."""

    def stop(signum: int, frame: object) -> None:
        raise _Signalled(code)

    return stop
