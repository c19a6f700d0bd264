"""``qa-check config``: set up the site configuration, and the note when none names an issuer.

``config init`` asks once, in the worker's language, who issues the certificates and who
approves them, and writes ``qa-check.toml`` atomically; an existing file is changed only when
the worker says so, keeping its other settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from qa_check.cli.boundary import EXIT_OK
from qa_check.cli.command import Command, epilog
from qa_check.cli.options import group
from qa_check.core.errors import Location, Problem, UsageError
from qa_check.core.languages import Lang

if TYPE_CHECKING:
    from qa_check.certificates.site import Site
    from qa_check.guided.site_setup import Config

commands = group("The site configuration: who issues the certificates (qa-check.toml).")

INIT_COMMAND = "qa-check config init"


def note_unconfigured(site: Site, language: str) -> None:
    """Say once, on stderr, that no issuer is configured, and the command that configures one.

    Said to a person only (stderr a terminal): a script's log gets no line that changes with
    the folder it runs in, and the certificates say "not configured" all the same.
    """
    import sys

    from qa_check.core.messages import in_lang, msg

    if site.issuer is None and _terminal(sys.stderr):
        note = msg("evidence_no_issuer", command=INIT_COMMAND)
        typer.echo(f"note: {in_lang(note, language)}", err=True)


@commands.command(
    "init",
    cls=Command,
    epilog=epilog(
        ["qa-check config init", "qa-check config init --lang zh --config /srv/qa/qa-check.toml"],
        [
            ("0", "the file was written, or left as it was"),
            ("2", "no terminal to ask on, or the file could not be written"),
        ],
    ),
)
def config_init(
    *,
    config: Annotated[
        Path,
        typer.Option("--config", metavar="FILE", help="The file to write."),
    ] = Path("qa-check.toml"),
    lang: Annotated[
        Lang | None,
        typer.Option(help="Language of the questions. Default: QA_CHECK_LANG, else the locale."),
    ] = None,
) -> None:
    """Ask who issues the certificates here, and who approves them; write qa-check.toml.

    Asks the issuer's name, address and accreditation and the approver, once. A file already
    there is changed only when you say so, and keeps its other settings.
    """
    from rich.console import Console

    from qa_check.certificates.site import read_site
    from qa_check.cli.boundary import pick_language
    from qa_check.cli.keys import terminal
    from qa_check.cli.terminal import TerminalPrompter
    from qa_check.core.messages import msg
    from qa_check.files.fileio import atomic_write
    from qa_check.guided.prompter import Notice, Tone
    from qa_check.guided.site_setup import ask_site, replace_it, toml_text

    language = pick_language(lang)
    if not terminal():
        raise UsageError([Problem(Location(str(config)), msg("evidence_config_no_terminal"))])
    prompter = TerminalPrompter(Console(highlight=False, soft_wrap=True), language)
    current: Config = {}
    if config.exists() or config.is_symlink():
        if not replace_it(prompter, str(config)):
            prompter.tell(Notice(Tone.INFO, msg("evidence_config_left", path=str(config))))
            raise typer.Exit(EXIT_OK)
        current = _current(config)
    answers = ask_site(prompter, current)
    if answers is None:
        prompter.tell(Notice(Tone.WARNING, msg("evidence_config_not_written")))
        raise typer.Exit(EXIT_OK)
    atomic_write(config, toml_text(answers))
    read_site(config)  # what certify will read: a problem here is said, exit 2
    prompter.tell(Notice(Tone.PASS, msg("evidence_config_written", path=str(config))))


def _terminal(stream: TextIO | None) -> bool:
    """Whether ``stream`` is a terminal a person reads (not closed, not a file or a pipe)."""
    try:
        return stream is not None and stream.isatty()
    except (OSError, ValueError):
        return False


def _current(path: Path) -> Config:
    """The settings of the file there, when it reads as a configuration (else none are kept)."""
    import tomllib

    from qa_check.certificates.site import MAX_CONFIG_BYTES, read_site
    from qa_check.core.errors import QaCheckError
    from qa_check.files.safe_yaml import read_text

    try:
        read_site(path)
        data = tomllib.loads(read_text(path, limit=MAX_CONFIG_BYTES))
    except (QaCheckError, tomllib.TOMLDecodeError):
        return {}
    return {name: dict(table) for name, table in data.items() if isinstance(table, dict)}
