"""The guided run at a terminal: rich for what is shown, whole lines (Enter) for what is typed.

Input is read a line at a time, so a barcode scanner that types fast and presses Enter works,
and no single key press ever answers a question. Everything the worker typed or a record holds
is shown as plain text, never as markup, so a value cannot restyle the screen.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from qa_check.core.messages import Message, msg, word
from qa_check.guided.prompter import Notice, Question, Table, Tone

with contextlib.suppress(ImportError):  # line editing and history where the platform has it
    import readline  # noqa: F401

_STYLES = {
    Tone.INFO: "cyan",
    Tone.ERROR: "bold yellow",
    Tone.FAIL: "bold red",
    Tone.PASS: "bold green",
    Tone.WARNING: "yellow",
}
_OUTCOME_STYLES = {"pass": "green", "fail": "bold red", "n/a": "dim"}
_UNDECODED = re.compile("[\udc80-\udcff]")
"""What Python makes of bytes that are not UTF-8 (``surrogateescape``): a line to refuse."""
_UTF8 = re.compile("utf-?8", re.IGNORECASE)


class TerminalPrompter:
    """Asks and tells on a terminal, in the worker's language: it picks it from each Message."""

    def __init__(self, console: Console, lang: str) -> None:
        self.console = console
        self.lang = lang

    def ask(self, question: Question) -> str:
        """Show the question, then read one line (the scanner's Enter ends it too).

        A line the terminal sent in another encoding than UTF-8 is refused, never returned:
        stored, it would be corrupted text in a record.
        """
        self._show(question)
        while True:
            try:
                typed: str | None = self.console.input("> ")
            except UnicodeDecodeError:  # stdin decodes strictly under some locales
                typed = None
            if typed is not None and not _UNDECODED.search(typed):
                return typed
            self.console.print(Text(in_both_at_once(msg("unit_input_not_utf8")), "bold yellow"))

    def _show(self, question: Question) -> None:
        question = question.shown(self.lang)
        out = self.console
        head = Text()
        head.append(question.section, "bold")
        if question.position:
            head.append(f"  ·  {question.position}")
        if question.rule:
            head.append(f"  ·  {question.rule}", "magenta")
        out.print()
        out.print(head)
        prompt = Text(question.text, "bold")
        if question.unit:
            prompt.append(f"  [{question.unit}]", "cyan")
        out.print(prompt)
        if question.requirement:
            out.print(Text(word("required_label", self.lang) + question.requirement, "cyan"))
        for number, label in enumerate(question.options, start=1):
            out.print(Text(f"  {number}  {label}"))
        hint = question.hint or word("keys_hint", self.lang)
        if question.current is not None:
            hint = f"{word('enter_keeps', self.lang)}{question.current}  ·  {hint}"
        out.print(Text(hint, "dim"))

    def tell(self, notice: Notice) -> None:
        """One notice, coloured by its tone."""
        notice = notice.shown(self.lang)
        self.console.print(Text(notice.text, _STYLES[notice.tone]))

    def table(self, table: Table) -> None:
        """The summary table, results coloured."""
        table = table.shown(self.lang)
        shown = RichTable(title=table.title, title_style="bold", show_lines=False)
        for header in table.headers:
            shown.add_column(header)
        for row, outcome in zip(table.rows, table.outcomes, strict=True):
            cells = [Text(cell) for cell in row]
            cells[-1].stylize(_OUTCOME_STYLES.get(outcome, ""))
            shown.add_row(*cells)
        self.console.print()
        self.console.print(shown)


def in_both_at_once(message: Message) -> str:
    """English, then Chinese: for a terminal that may not show Chinese (the English reads)."""
    return f"{message}\n{message.zh}"


def locale_problem(environ: Mapping[str, str], utf8_mode: bool) -> str | None:
    """The setting that keeps this terminal from UTF-8 input (``LANG=C``), or None.

    Not ``sys.stdin.encoding``: Python reads a C locale as UTF-8 anyway (PEP 538 sets
    ``LC_CTYPE=C.UTF-8``, PEP 540 turns on ``utf8_mode``), while the terminal, told C by the
    shell, may send other bytes or none for Chinese. The shell's variables tell, the first set
    of LC_ALL, LC_CTYPE (unless Python set it) and LANG, as the C library reads them.
    """
    coerced = utf8_mode and environ.get("LC_CTYPE") == "C.UTF-8" and "PYTHONUTF8" not in environ
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = environ.get(name)
        if value and not (name == "LC_CTYPE" and coerced):
            return None if _UTF8.search(value) else f"{name}={value}"
    return "LANG="
