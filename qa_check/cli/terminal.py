"""The guided run at a terminal: rich for what is shown, whole lines (Enter) for what is typed.

Input is read a line at a time, so a barcode scanner that types fast and presses Enter works,
and no single key press ever answers a question. Everything the worker typed or a record holds
is shown as plain text, never as markup, so a value cannot restyle the screen.
"""

from __future__ import annotations

import contextlib

from rich.console import Console
from rich.table import Table as RichTable
from rich.text import Text

from qa_check.core.messages import word
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


class TerminalPrompter:
    """Asks and tells on a terminal, in the worker's language: it picks it from each Message."""

    def __init__(self, console: Console, lang: str) -> None:
        self.console = console
        self.lang = lang

    def ask(self, question: Question) -> str:
        """Show the question, then read one line (the scanner's Enter ends it too)."""
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
        return out.input("> ")

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
