"""``qa-check run``: the guided run at a terminal (or from an answers file), its certificate.

Also what the run remembers between runs on this machine (the inspector and site last used)
and the command that resumes a stopped run.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from qa_check.cli.boundary import EXIT_INVALID, EXIT_OK, interrupt_code, records_code
from qa_check.cli.command import epilog
from qa_check.cli.options import (
    ChecklistsOption,
    ForceOption,
    KeysOption,
    SignOption,
    registry,
)
from qa_check.core.errors import Location, Problem, QaCheckError, UsageError
from qa_check.core.languages import CertificateLang, Lang

if TYPE_CHECKING:
    from rich.console import Console

    from qa_check.certificates.pipeline import Signing
    from qa_check.certificates.site import Site
    from qa_check.core.languages import CertificateLang
    from qa_check.core.messages import Message
    from qa_check.engine.checklists import Registry
    from qa_check.engine.judge import SkuResult
    from qa_check.guided.prompter import Prompter
    from qa_check.guided.session import Finished, Session, Stopped

EPILOG = epilog(
    [
        "qa-check run",
        "qa-check run --lang zh --only drop-test",
        "qa-check run --resume KETTLE-1.7",
        "qa-check run --drafts",
        "qa-check run --retest results/KETTLE-1.7_20261123-095412.yaml --sheet",
        "qa-check run --sku LAMP-220 --certify -o reports/",
        "qa-check run --answers given.yaml --no-input",
    ],
    [
        ("0", "PASS, or stopped with q (every answer is saved)"),
        ("1", "FAIL"),
        ("2", "invalid input, such as an answer missing with --no-input"),
        ("130", "Ctrl-C (129 the terminal was closed): every answer is saved"),
    ],
)


SkuOption = Annotated[
    str | None, typer.Option(metavar="SKU", help="The SKU (else it is asked: type or scan).")
]
ProductOption = Annotated[str | None, typer.Option(metavar="NAME", help="The product name.")]
RunLangOption = Annotated[
    Lang | None,
    typer.Option(help="Language of the run. Default: QA_CHECK_LANG, else the locale."),
]
OnlyOption = Annotated[
    list[str] | None,
    typer.Option("--only", metavar="ID", help="Only these checklists (repeatable)."),
]
ResultsOption = Annotated[
    Path, typer.Option(metavar="DIR", help="Folder for the records (and the saved drafts).")
]
AnswersOption = Annotated[
    Path | None,
    typer.Option(metavar="FILE", help="A partial record whose answers are taken as given."),
]
ResumeOption = Annotated[
    str | None, typer.Option(metavar="SKU", help="Continue the saved run of this SKU.")
]
CertifyOption = Annotated[bool, typer.Option("--certify", help="Issue the certificate at the end.")]
CertificateOutOption = Annotated[
    Path | None,
    typer.Option(
        "-o",
        "--out",
        metavar="DIR",
        help="Folder for the certificate (with --certify). Default: reports.",
    ),
]
CertificateConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        help="Site configuration for the certificate (with --certify)."
        " Default: ./qa-check.toml when there is one.",
    ),
]
PhotosOption = Annotated[
    Path | None,
    typer.Option(
        "--photos",
        metavar="DIR",
        help="Folder a phone syncs photos into: a photo step takes the photos new there.",
    ),
]
NoInputOption = Annotated[
    bool, typer.Option("--no-input", help="Ask nothing: every answer must be given.")
]
DraftsOption = Annotated[
    bool, typer.Option("--drafts", help="List the saved runs (drafts) in the results folder.")
]
DiscardOption = Annotated[
    str | None,
    typer.Option(metavar="SKU", help="Remove the saved run of this SKU (asks first)."),
]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="With --discard: do not ask.")]
SheetOption = Annotated[
    bool,
    typer.Option(
        "--sheet", help="On a FAIL, write the corrective-action sheet (PDF) beside the record."
    ),
]
RetestOption = Annotated[
    Path | None,
    typer.Option(
        metavar="RECORD",
        help="Re-test a FAIL record: its answers kept, what the re-test needs asked again.",
    ),
]


def run(
    *,
    sku: SkuOption = None,
    product: ProductOption = None,
    lang: RunLangOption = None,
    checklists: ChecklistsOption = None,
    only: OnlyOption = None,
    results: ResultsOption = Path("results"),
    answers: AnswersOption = None,
    resume: ResumeOption = None,
    certify: CertifyOption = False,
    out: CertificateOutOption = None,
    config: CertificateConfigOption = None,
    force: ForceOption = False,
    sign: SignOption = None,
    keys: KeysOption = None,
    no_input: NoInputOption = False,
    photos: PhotosOption = None,
    list_drafts: DraftsOption = False,
    discard: DiscardOption = None,
    yes: YesOption = False,
    sheet: SheetOption = False,
    retest: RetestOption = None,
) -> None:
    """Walk through the checklists one question at a time; save the record and its verdict.

    Every answer is saved as it is typed: Ctrl-C or a closed terminal loses nothing, and
    `qa-check run --resume SKU` continues. At any question: ? help, b back, q stop.
    """
    from rich.console import Console

    from qa_check.cli.boundary import pick_language
    from qa_check.cli.keys import terminal
    from qa_check.cli.run_certify import certify_later, checked_before_asking
    from qa_check.cli.run_end import offer_sheet, retested
    from qa_check.cli.run_start import run_start
    from qa_check.cli.terminal import TerminalPrompter
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.guided.session import Finished

    if list_drafts or discard:
        from qa_check.cli.run_drafts import drafts_command

        raise typer.Exit(drafts_command(results, discard, lang, yes=yes, no_input=no_input))
    start = run_start(
        resume, results, lang, only, certify, out, config, keys, sign, checklists, photos
    )
    language = pick_language(start.lang or start.worker_lang)
    judged = registry(start.checklists)
    site, signed = checked_before_asking(start, language)
    read = _given(answers, judged) if answers is not None else None
    read, only_checklists, retest_notes = retested(retest, judged, start.only, resume, read)
    session = _session(judged, only_checklists, results, language, _pins(read, answers))
    session.keep({**start.kept(), "only": only_checklists})  # a re-test's own, too
    session.photos_from = _photo_folder(start.photos)
    console = Console(highlight=False, soft_wrap=True)
    prompter = TerminalPrompter(console, language)
    try:
        interactive = not no_input and terminal()
        given, notes = _resumed(session, resume, results, prompter if interactive else None)
        notes += retest_notes
        problems = _prefilled(session, given, read, sku=sku, product=product)
        if interactive:
            outcome = _asked(session, prompter, console, notes, problems, results=results)
        else:
            outcome = _unattended(session, prompter, notes, problems, language)
        if not isinstance(outcome, Finished):
            stopped = _stopped(outcome.sku, results)
            prompter.tell(Notice(Tone.WARNING, stopped))
            raise typer.Exit(EXIT_OK)
        _remember(outcome.result.record)
        offer_sheet(outcome, session, prompter, wanted=sheet, ask=interactive)
        code = _exit_code(outcome.result)
        if site is not None and code != EXIT_INVALID:
            certified = _certify(
                outcome.path,
                judged,
                start.out,
                start.certificate_lang,
                prompter,
                site=site,
                signing=signed,
                force=force,
                language=language,
                later=certify_later(
                    outcome.path,
                    start.out,
                    start.lang,
                    start.config,
                    start.checklists,
                    start.keys,
                    start.sign,
                ),
            )
            code = max(code, certified)
        raise typer.Exit(code)
    finally:
        session.release()  # the draft is free for the next run, whatever the exit


def _exit_code(result: SkuResult) -> int:
    """The run's exit code for its one record, as validate would give it."""
    from qa_check.engine.judge import Summary

    judged = Summary()
    judged.add(result)
    return records_code(judged)


def _session(
    checklists: Registry,
    only: list[str],
    results: Path,
    language: Lang,
    pins: dict[str, tuple[str, Location]],
) -> Session:
    """The run's session over the chosen checklists, its folders ready (no stale temporary).

    ``pins``: the versions an ``--answers`` file names, asked instead of the newest ones.
    """
    from datetime import datetime

    from qa_check.core.messages import msg
    from qa_check.engine.checklists import select
    from qa_check.files.fileio import remove_stale_temps, writable_folder
    from qa_check.guided import drafts
    from qa_check.guided.session import Session

    chosen = select(checklists, only)
    for index, compiled in enumerate(chosen):
        pinned = pins.get(compiled.checklist.id)
        if pinned is None or pinned[0] == compiled.checklist.version:
            continue
        found = checklists.get(compiled.checklist.id, pinned[0])
        if found is None:
            key = f"{compiled.checklist.id}@{pinned[0]}"
            known = ", ".join(checklists.versions(compiled.checklist.id))
            hint = msg("loaded_versions", versions=known)
            raise UsageError([Problem(pinned[1], msg("unknown_checklist", key=key, hint=hint))])
        chosen[index] = found
    writable_folder(results)
    for written_into in (results, results / drafts.DRAFT_FOLDER):
        remove_stale_temps(written_into)
    return Session(
        checklists,
        chosen,
        results,
        language,
        lambda: datetime.now().astimezone().replace(microsecond=0),
        _last_used(),
    )


def _photo_folder(photos: Path | None) -> Path | None:
    """``--photos DIR``, checked to be a folder before the first question."""
    from qa_check.core.messages import msg

    if photos is not None and not photos.is_dir():
        raise UsageError([Problem(Location(str(photos)), msg("evidence_not_a_folder"))])
    return photos


def _resumed(
    session: Session, resume: str | None, results: Path, prompter: Prompter | None
) -> tuple[dict[str, object], list[str]]:
    """With ``--resume``: the draft held and taken up; the answers given so far, and notes.

    ``prompter`` asks what to do with a damaged draft (none: it is set aside, as unattended).
    """
    from qa_check.core.messages import msg
    from qa_check.guided import drafts

    given: dict[str, object] = {}
    notes: list[str] = []
    if not resume:
        return given, notes
    if not drafts.draft_path(results, resume).exists():
        folder = str(results / drafts.DRAFT_FOLDER)
        missing_draft = msg("no_draft", sku=resume, folder=folder)
        raise UsageError([Problem(Location("--resume"), missing_draft)])
    taken = session.hold(resume)
    if taken is not None:
        notes.append(taken)
    draft = session.saved(resume, prompter)
    if draft is None:  # damaged, set aside: the run starts again with its SKU
        given["sku"] = resume
    else:
        notes += session.resume(draft)
    return given, notes


def _prefilled(
    session: Session,
    given: dict[str, object],
    read: _Given | None,
    *,
    sku: str | None,
    product: str | None,
) -> list[Problem]:
    """Fill the session with ``--answers``, then ``--sku`` and ``--product``; their problems."""
    problems: list[Problem] = []
    locate: Callable[[tuple[str | int, ...]], Location] = _located
    if read is not None:
        data, problems, locate = read
        given.update(data)
    typed = {k: v for k, v in (("sku", sku), ("product_name", product)) if v}
    given.update(typed)
    from qa_check.guided.given import prefill

    return problems + prefill(
        session, given, lambda path: _located(path) if path[0] in typed else locate(path)
    )


def _unattended(
    session: Session, prompter: Prompter, notes: list[str], problems: list[Problem], language: str
) -> Finished | Stopped:
    """``--no-input`` (or no terminal): every answer given, else each problem and gap, exit 2."""
    from qa_check.core.messages import in_lang, msg

    missing = session.missing()
    if problems or missing:
        lines = [in_lang(msg("missing_answers", n=len(missing)), language)] if missing else []
        for problem in problems:
            typer.echo(f"error: {problem.show(language)}", err=True)
        for line in lines + [f"  {in_lang(entry, language)}" for entry in missing]:
            typer.echo(line, err=True)
        raise typer.Exit(EXIT_INVALID)
    taken = session.hold(str(session.record["sku"]))  # known: nothing is missing
    if taken is not None:
        notes.append(taken)
    for note in notes:
        typer.echo(f"note: {in_lang(note, language)}", err=True)
    return session.conclude(prompter)


def _asked(
    session: Session,
    prompter: Prompter,
    console: Console,
    notes: list[str],
    problems: list[Problem],
    *,
    results: Path,
) -> Finished | Stopped:
    """The run at a terminal, question by question; Ctrl-C saves the draft and says so."""
    import contextlib
    import os
    import sys

    from qa_check.cli.terminal import in_both_at_once, locale_problem
    from qa_check.core.messages import msg
    from qa_check.guided.prompter import Notice, Tone

    setting = locale_problem(os.environ, bool(sys.flags.utf8_mode))
    if setting is not None:  # said before the first question, in both languages
        told = in_both_at_once(msg("unit_terminal_not_utf8", setting=setting))
        prompter.tell(Notice(Tone.WARNING, told))
    for note in notes:
        prompter.tell(Notice(Tone.WARNING, note))
    for problem in problems:
        prompter.tell(Notice(Tone.ERROR, problem.show(session.lang)))
    try:
        return session.run(prompter)
    except (KeyboardInterrupt, EOFError) as exc:
        session.save()
        stopped = _stopped(str(session.record.get("sku") or ""), results)
        with contextlib.suppress(OSError):  # a closed terminal; the draft is saved
            console.print()
            prompter.tell(Notice(Tone.WARNING, stopped))
        raise typer.Exit(interrupt_code(exc)) from None


def _stopped(sku: str, results: Path) -> Message:
    """What a stopped run says: how to resume it, when it got as far as its SKU."""
    from qa_check.cli.run_start import resume_command
    from qa_check.core.messages import msg

    if not sku:
        return msg("stopped_before_sku")
    return msg("stopped", command=resume_command(sku, results))


_Given = tuple[dict[str, object], list[Problem], Callable[[tuple[str | int, ...]], Location]]
"""An ``--answers`` file's record as data, its problems, and where each of its fields is."""


def _pins(read: _Given | None, answers: Path | None) -> dict[str, tuple[str, Location]]:
    """The checklist versions an ``--answers`` file names, each with where it names it."""
    if read is None or answers is None:
        return {}
    data, _, locate = read
    named = data.get("checklists")
    if not isinstance(named, dict):
        return {}
    return {
        str(checklist_id): (str(version), locate(("checklists", str(checklist_id))))
        for checklist_id, version in named.items()
        if isinstance(version, str | int | float) and not isinstance(version, bool)
    }


def _given(path: Path, checklists: Registry) -> _Given:
    """The first record of an ``--answers`` file, as data; its problems; where each field is.

    Content that is not a record (a list of numbers, a bare text) is a problem at the file.
    """
    from qa_check.core.messages import msg
    from qa_check.records.read import read_records, record_files

    [file] = record_files([path])
    for found in read_records([file], checklists):
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


def _certify(
    path: Path,
    checklists: Registry,
    out: Path,
    lang: CertificateLang,
    prompter: Prompter,
    *,
    site: Site,
    signing: Signing | None,
    force: bool,
    language: str,
    later: Message,
) -> int:
    """Issue the certificate of the record just written, as certify would; the exit code it adds.

    Through the same batch as certify: the folder's lock, the key, ``--force`` and the register
    in ``out`` alike; no summary files (one record is no batch to sum up). Whatever stops it
    (the folder's lock, the key, a file) is said, then ``later``: how to issue it afterwards.
    """
    from contextlib import closing

    from qa_check.certificates.batch import BatchEnd, certify_batch
    from qa_check.certificates.validity import issue_time
    from qa_check.core.messages import msg
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.records.read import read_records

    ends: list[BatchEnd] = []
    code = EXIT_OK
    records = read_records([path], checklists)
    moment = issue_time(None)
    try:
        batch = certify_batch(
            records,
            checklists,
            out,
            moment,
            lang,
            site=site,
            force=force,
            signing=signing,
            ended=ends.append,
        )
        with closing(batch):
            for issued in batch:
                if issued.path is None:
                    for problem in issued.result.problems:
                        prompter.tell(Notice(Tone.ERROR, problem.show(language)))
                    code = EXIT_INVALID
                else:
                    written = msg("certificate_written", path=str(issued.path))
                    prompter.tell(Notice(Tone.INFO, written))
    except QaCheckError as exc:  # the record is written: said as the boundary says it
        for problem in exc.problems:
            typer.echo(f"error: {problem.show(language)}", err=True)
        code = EXIT_INVALID
    for problem in (problem for end in ends for problem in end.unwritten):
        prompter.tell(Notice(Tone.ERROR, problem.show(language)))
        code = EXIT_INVALID
    if code == EXIT_INVALID:
        prompter.tell(Notice(Tone.WARNING, later))
    return code
