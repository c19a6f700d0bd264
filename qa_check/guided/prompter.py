"""What the guided run shows and how it is shown: questions, notices, the summary table.

The session words everything in both languages (a ``Message`` carries English and Chinese);
the prompter, a terminal or a test, picks the worker's language when it shows it (``shown``),
so the same session runs in either language and a test reads what a worker would.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from qa_check.core.messages import in_lang


@dataclass(frozen=True, slots=True)
class Question:
    """One question, its texts in both languages (Messages) until a prompter shows it."""

    key: str
    """Where the answer goes: ``sku``, ``product.height_cm``, ``drop-test.drops#4``."""
    section: str
    position: str
    """``item 3 of 7`` (and for a series entry, which entry)."""
    rule: str | None
    text: str
    unit: str | None
    options: tuple[str, ...]
    """Numbered choices; the worker may type the number, the value or a label."""
    requirement: str | None
    """What a passing answer is, computed for this record, shown before it is needed."""
    current: str | None
    """The answer Enter keeps (going back, or the value last used on this machine)."""
    help: str
    hint: str | None = None
    """The keys this question takes, when not the run's (``? help · b back · q stop``)."""

    def shown(self, lang: str) -> Question:
        """The question as the worker reads it in ``lang``."""
        return Question(
            self.key,
            in_lang(self.section, lang),
            in_lang(self.position, lang),
            self.rule,
            in_lang(self.text, lang),
            self.unit,
            tuple(in_lang(option, lang) for option in self.options),
            None if self.requirement is None else in_lang(self.requirement, lang),
            None if self.current is None else in_lang(self.current, lang),
            in_lang(self.help, lang),
            None if self.hint is None else in_lang(self.hint, lang),
        )


class Tone(StrEnum):
    """How a notice reads: a terminal colours it, a test reads it."""

    INFO = "info"
    ERROR = "error"
    FAIL = "fail"
    PASS = "pass"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Notice:
    """A line (or a few) the session tells the worker: a Message, or text with no language."""

    tone: Tone
    text: str

    def shown(self, lang: str) -> Notice:
        """The notice as the worker reads it in ``lang``."""
        return Notice(self.tone, in_lang(self.text, lang))


@dataclass(frozen=True, slots=True)
class Table:
    """The summary at the end: a row per item that applies, and the verdict."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    outcomes: tuple[str, ...]
    """``pass`` / ``fail`` / ``n/a`` per row, for colouring."""

    def shown(self, lang: str) -> Table:
        """The table as the worker reads it in ``lang``."""
        return Table(
            in_lang(self.title, lang),
            tuple(in_lang(header, lang) for header in self.headers),
            tuple(tuple(in_lang(cell, lang) for cell in row) for row in self.rows),
            self.outcomes,
        )


class Prompter(Protocol):
    """How the session talks to the worker: whole lines in, notices and a table out.

    The prompter knows the worker's language: it shows each text in it (``shown``).
    """

    def ask(self, question: Question) -> str:
        """Show the question and return the line typed (KeyboardInterrupt / EOFError to stop)."""
        ...

    def tell(self, notice: Notice) -> None:
        """Show a notice."""
        ...

    def table(self, table: Table) -> None:
        """Show the summary table."""
        ...
