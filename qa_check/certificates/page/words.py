"""The page's words: in its languages, plain or wrapped, and checked against the font.

Every text the page shows goes through ``Words``, which notes each character the font cannot
draw (reportlab would draw an empty box and say nothing) under the record field or checklist
text it comes from: the page is then refused, naming them all (``refuse_missing``). A cell's
text that fits its column is ``Plain``, drawn by the table itself (``table``); else it is a
Paragraph, wrapped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from qa_check.certificates.page import fonts, glyphs
from qa_check.certificates.page.breaking import ChineseParagraph, is_wide
from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.messages import Message, in_lang, msg, word
from qa_check.engine import answers
from qa_check.engine import models as m
from qa_check.engine.judge import ItemResult


class Words:
    """The page's texts in its languages; collects the characters the font cannot draw."""

    def __init__(self, langs: tuple[str, ...], styles: dict[str, ParagraphStyle]) -> None:
        self.langs = langs
        self.styles = styles
        self.missing: dict[str, list[str]] = {}

    def say(self, pick: Callable[[str], str]) -> str:
        """Text in each of the page's languages, one per line; said once when they agree."""
        return "\n".join(dict.fromkeys(pick(lang) for lang in self.langs))

    def word(self, key: str, *values: object) -> str:
        """A certificate word from the catalogue, in the page's languages."""
        return self.say(lambda lang: word(f"cert_{key}", lang).format(*values))

    def message(self, text: Message) -> str:
        """A catalogue message, in the page's languages."""
        return self.say(lambda lang: in_lang(text, lang))

    def text(self, value: m.Text) -> str:
        """Checklist text, in the page's languages."""
        return self.say(lambda lang: getattr(value, lang))

    def check(self, text: str, where: str) -> None:
        """Note the characters of ``text`` the font cannot draw, under ``where``.

        ``where`` is the record field the text comes from (``product_name``, ``answers.…``),
        or words saying which checklist text it is.
        """
        gaps = _missing(text)
        if gaps:
            found = self.missing.setdefault(where, [])
            found.extend(char for char in gaps if char not in found)

    def para(self, text: str, style: str = "base", where: str = "certificate text") -> Paragraph:
        """A paragraph of plain text (never markup), checked against the font.

        Each line of ``text`` (a language) starts a new line on the page.
        """
        self.check(text, where)
        markup = "<br/>".join(escape(" ".join(line.split())) for line in text.split("\n"))
        if any(is_wide(char) for char in text):
            style = f"{style}-cjk"
            if style not in self.styles:
                base = self.styles[style.removesuffix("-cjk")]
                self.styles[style] = ParagraphStyle(style, base, wordWrap="CJK")
            return ChineseParagraph(markup, self.styles[style])
        return Paragraph(markup, self.styles[style])

    def cell(
        self, text: str, width: float, style: str = "base", where: str = "certificate text"
    ) -> Paragraph | Plain:
        """A table cell's text: plain when each line fits ``width`` as it is, else a paragraph.

        A Paragraph is parsed and wrapped again each time the table is measured; most cells
        (rule ids, results, short values) never wrap, and the table draws them itself.
        """
        chosen = self.styles[style]
        lines = [" ".join(line.split()) for line in text.split("\n")]
        if all(lines) and all(
            stringWidth(line, chosen.fontName, chosen.fontSize) <= width for line in lines
        ):
            self.check(text, where)
            return Plain("\n".join(lines), chosen)
        return self.para(text, style, where)

    # --- what was judged --------------------------------------------------------------------

    def requirement(self, item: ItemResult) -> str:
        """What the item requires, in the page's languages."""
        return self.say(lambda lang: item.requirement.get(lang, ""))

    def recorded(self, item: ItemResult) -> str:
        """The recorded value in words (items that do not apply are listed with their reason)."""
        if item.not_done:  # a test stopped once a failure decided it: never a value
            return self.say(lambda lang: item.not_done.get(lang, ""))
        answer = item.item.item.answer
        expected = answers.series_expected(item.item.item)
        if isinstance(answer, m.SeriesAnswer) and expected is not None:
            good = sum(1 for value in item.value if value == expected)
            return self.say(
                lambda lang: f"{answers.labeller(answer, lang)(expected)} {good}/{len(item.value)}"
            )
        return self.say(lambda lang: answers.display(answer, item.value, lang))

    def item_name(self, item: ItemResult) -> str:
        """An item's short name in the page's languages, on one line."""
        return " ".join(self.text(item.item.item.label or item.item.item.prompt).split("\n"))

    def checklist_name(self, checklist: m.Checklist) -> str:
        """``Drop test, version 2``: a checklist as a reader names it, not ``drop-test@2``."""
        return self.say(
            lambda lang: in_lang(
                msg(
                    "cert_checklist_version",
                    title=getattr(checklist.title, lang),
                    version=checklist.version,
                ),
                lang,
            )
        )

    def entry_name(self, group: m.SeriesGroup, n: int) -> str:
        """``Corner 2``: the n-th entry of a series group, in the page's languages."""
        return self.say(
            lambda lang: in_lang(msg("cert_entry", name=getattr(group.name, lang), n=n), lang)
        )

    def shown(self, answer: m.AnswerSpec, value: Any) -> str:
        """One recorded value (a choice, a drop) by its label in the page's languages."""
        return self.say(lambda lang: answers.labeller(answer, lang)(value))

    def refuse_missing(self, origin: Location) -> None:
        """Raise CertificateError naming each character the font cannot show, and where."""
        if not self.missing:
            return
        problems = [
            Problem(
                origin.at(field=where),
                f"the certificate font cannot show {glyphs.describe(chars)}",
            )
            if _is_field(where)
            else Problem(
                origin,
                f"the certificate font cannot show {glyphs.describe(chars)} (in {where})",
            )
            for where, chars in self.missing.items()
        ]
        raise CertificateError(problems)


def one_line(text: str, joint: str = " / ") -> str:
    """A text in each of the page's languages, on one line: for headers and labels."""
    return joint.join(text.split("\n"))


def answer_field(item: ItemResult) -> str:
    """The record field an item's answer is in: ``answers.<checklist>.<item>``."""
    return f"answers.{item.item.checklist_id}.{item.item.item_id}"


_RECORD_FIELDS = frozenset(m.Record.model_fields)


def _is_field(where: str) -> bool:
    """True when ``where`` names a record field rather than describing checklist text."""
    return where.split(".", maxsplit=1)[0].split("[", maxsplit=1)[0] in _RECORD_FIELDS


@lru_cache(maxsize=4096)
def _missing(text: str) -> tuple[str, ...]:
    """``fonts.missing``, remembered: a batch's certificates repeat their checklists' words."""
    return tuple(fonts.missing(text))


class Plain(str):
    """A table cell's text that fits on one line per language: the table draws it in ``style``.

    It is what a Paragraph of the same text would show, without parsing and wrapping it.
    """

    style: ParagraphStyle

    def __new__(cls, text: str, style: ParagraphStyle) -> Plain:
        """``text``, to be drawn in ``style``."""
        plain = super().__new__(cls, text)
        plain.style = style
        return plain


def table(
    rows: list[list[Any]],
    widths: Sequence[float],
    commands: Sequence[tuple[Any, ...]],
    kind: type[Table] = Table,
    **options: Any,
) -> Table:
    """A left-aligned table of ``widths`` styled by ``commands``, in the embedded font.

    Empty cells use the embedded font (Helvetica otherwise); plain cells their own style's
    font, and colour unless it is black. ``kind`` is the Table class to make.
    """
    table = kind(rows, colWidths=widths, hAlign="LEFT", **options)
    default = ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR)
    table.setStyle(TableStyle([default, *commands, *_plain_styles(rows)]))
    return table


def _plain_styles(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Font and colour commands for the plain cells: one per block of cells in one style.

    Each command costs the table a pass over its cells: a row of five cells in two styles
    takes two, and rows alike are one block.
    """
    blocks: list[list[Any]] = []  # first column, first row, last column, last row, style
    above: dict[tuple[int, int], list[Any]] = {}
    for r, row in enumerate(rows):
        here: dict[tuple[int, int], list[Any]] = {}
        c = 0
        while c < len(row):
            cell = row[c]
            end = c
            if isinstance(cell, Plain):
                while end + 1 < len(row) and _same_style(row[end + 1], cell):
                    end += 1
                block = above.get((c, end))
                if block is not None and block[4] is cell.style:
                    block[3] = r
                else:
                    block = [c, r, end, r, cell.style]
                    blocks.append(block)
                here[c, end] = block
            c = end + 1
        above = here
    commands: list[tuple[Any, ...]] = []
    for first, top, last, bottom, style in blocks:
        cells = (first, top), (last, bottom)
        commands.append(("FONT", *cells, style.fontName, style.fontSize, style.leading))
        if style.textColor != colors.black:
            commands.append(("TEXTCOLOR", *cells, style.textColor))
    return commands


def _same_style(cell: Any, plain: Plain) -> bool:
    return isinstance(cell, Plain) and cell.style is plain.style
