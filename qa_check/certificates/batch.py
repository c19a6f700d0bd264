"""The certify use case: a batch of records into certificates in one folder, whole or not at all.

``certify`` and ``run --certify`` both go through here, so that both take the folder's lock,
clear what a killed run left, sign with the same key, and keep the register. Nothing here prints,
asks or exits: the batch yields each record's outcome as it is written, asks its caller for a
key's passphrase through a callback, and hands what it could not write to another callback.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from qa_check.certificates.images import ImageFormat
from qa_check.certificates.issuer import check_issuer
from qa_check.certificates.payload import SignedBy
from qa_check.certificates.pipeline import Issued, Signing, issue_all
from qa_check.certificates.register import Entry, Register
from qa_check.certificates.register_file import REGISTER_NAME
from qa_check.certificates.signing.keys import has_keys, load_signing_key
from qa_check.certificates.signing.signer import SigningSpec
from qa_check.certificates.site import Site
from qa_check.core.errors import Location, Problem, QaCheckError, RegisterError, WriteError
from qa_check.core.languages import CertificateLang
from qa_check.core.messages import msg
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import RawRecord
from qa_check.files.fileio import atomic_write, remove_stale_temps, writable_folder
from qa_check.files.lock import FolderLock

REGISTER_BATCH = 256
"""Certificates added to the register in one transaction: a killed batch loses at most these,
and a rerun, keeping their files, adds them again."""


class Summary(Protocol):
    """The batch's summary files, kept by whoever formats them (the reporters)."""

    def add(self, issued: Issued) -> None:
        """One more record, with its certificate if it got one."""

    def files(self, *, interrupted: bool) -> Mapping[Path, bytes]:
        """The summary files of the records so far, by their paths; ``interrupted``: stopped."""
        ...


@dataclass(slots=True)
class BatchEnd:
    """What could not be written at a batch's end: said after every certificate and the counts.

    In the report (JSON's ``errors``) and on stderr, never instead of them; exit code 2.
    """

    unwritten: list[Problem] = field(default_factory=list)
    """The register or a summary file, and why."""
    summarized: bool = True
    """Every summary file was written."""


def certify_batch(
    sources: Iterable[RawRecord | Problem],
    registry: Registry,
    out: Path,
    issued_at: datetime,
    lang: CertificateLang,
    *,
    site: Site,
    jobs: int = 1,
    force: bool = False,
    signing: Signing | None = None,
    register: Path | None = None,
    summary: Summary | None = None,
    ended: Callable[[BatchEnd], None] = lambda end: None,
    image: ImageFormat | None = None,
) -> Generator[Issued, None, None]:
    """Certify each record into ``out`` (see ``issue_all``), holding the folder's lock.

    A second batch into the same folder is refused (UsageError) while this one runs; the
    temporary files of a batch killed there are removed first. Each certificate is added to
    the register (default: register.sqlite in ``out``), ``REGISTER_BATCH`` at a time. At the
    end, also when stopped or closed, the summary's files are written and ``ended`` learns
    what could not be (the register, a summary file). A site naming an issuer other than the
    signing key's is refused (ConfigError) before anything is drawn or written. With ``image``,
    each certificate's pages are also written as images beside it.
    """
    if signing is not None:
        check_issuer(site, signing.signed_by, signing.spec.folder)
    writable_folder(out)
    with FolderLock(out), Register.open(register or out / REGISTER_NAME, create=True) as book:
        remove_stale_temps(out)
        added = _Book(book)
        end = BatchEnd()
        finished = False
        try:
            for issued in issue_all(
                sources,
                registry,
                out,
                issued_at,
                lang,
                site=site,
                jobs=jobs,
                force=force,
                signing=signing,
                numbers=added.report_number,
                image=image,
            ):
                if summary is not None:
                    summary.add(issued)
                if issued.entry is not None and issued.path is not None:
                    added.add(issued.entry)
                yield issued
            finished = True
        finally:  # also when stopped: the records so far, marked as such
            added.flush()
            end.unwritten += added.problems()
            if summary is not None:
                unsummarized = _write_each(summary.files(interrupted=not finished))
                end.unwritten += unsummarized
                end.summarized = not unsummarized
            ended(end)


def signing_for(
    folder: Path,
    passphrase: Callable[[Path], bytes | None],
    *,
    sign: bool | None,
    named: bool,
) -> Signing | None:
    """How a batch signs: with the key in ``folder`` when there is one (or ``sign`` says so).

    A key folder ``named`` by the user must hold a key; ``passphrase`` gives the one of the
    key in a folder. The key is loaded here once, before any work, so that a wrong passphrase
    or an expired certificate stops at once; each worker process loads it again, once. Both
    check the key at the clock's time, not at the issue time: the signature is made now (and
    a worker refusing a key the parent accepted would make every record INVALID).
    """
    if sign is False or (sign is None and not named and not has_keys(folder)):
        return None  # no key in the default folder: unsigned, as before keys existed
    given = passphrase(folder)
    now = datetime.now(UTC)  # the clock's, not the issue time: a key made today signs back-dated
    info = load_signing_key(folder, given, now=now).info
    return Signing(SigningSpec(folder, given), SignedBy(info.issuer, info.fingerprint))


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
        self.numbering_failed: list[Problem] = []
        """Why the register gave no report number, once it failed to."""

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

    def report_number(self, issuer: str, record: str, number: Callable[[int], str]) -> str:
        """A record's report number from the register; after one failure, that failure at once.

        A register that another command keeps busy past its wait fails each record alike: the
        batch goes on without waiting again for each of thousands.
        """
        if self.numbering_failed:
            raise RegisterError(self.numbering_failed)
        try:
            return self.book.report_number(issuer, record, number)
        except RegisterError as exc:
            self.numbering_failed = list(exc.problems)
            raise

    def problems(self) -> list[Problem]:
        """Why the register is incomplete, and how to complete it; empty when it is not."""
        if not self.failed:
            return []
        missing = msg("register_unfinished", count=self.missing)
        return [*self.failed, Problem(Location(str(self.book.path)), missing)]


def _write_each(files: Mapping[Path, bytes]) -> list[Problem]:
    """Write each file whole; why each that could not be, the others written all the same."""
    unwritten: list[Problem] = []
    for path, data in files.items():
        try:
            atomic_write(path, data)
        except WriteError as exc:
            unwritten.extend(exc.problems)
    return unwritten
