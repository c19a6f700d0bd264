"""A test report's rows on the page: number, sample, conditioning, equipment, ISTA positions.

The report's sentences and the names under the signature lines are here too, and the drops are
named by their ISTA positions where the checklist names them.

Each is printed only when the payload holds it, and only on pages of a format with a
``report`` part: an older certificate is drawn again as its version drew it.
"""

from __future__ import annotations

from datetime import date

from qa_check.certificates.formats import FORMATS
from qa_check.certificates.page.words import Words
from qa_check.certificates.payload import Payload
from qa_check.certificates.report import Report
from qa_check.core.messages import in_lang, msg
from qa_check.engine import models as m

Row = tuple[str, str, str]
"""(the label's catalogue key, value, where the value comes from): as the identity table takes
them."""


def is_report(payload: Payload) -> bool:
    """True when the payload's format is a test report's (format @5 on)."""
    return FORMATS[payload.format].report


def number(report: Report) -> list[Row]:
    """The report number, when the site numbers its reports: the right column's first row."""
    return [] if report.number is None else [("report_number", report.number, "report.number")]


def sample(words: Words, record: m.Record) -> list[Row]:
    """The sample: how many units were tested, received when; each when the record says."""
    parts: list[str] = []
    if record.sample_quantity is not None:
        parts.append(msg("report_units", n=record.sample_quantity))
    if record.received_on is not None:
        parts.append(msg("report_received", date=record.received_on.isoformat()))
    if not parts:
        return []
    text = words.say(lambda lang: _comma(lang).join(in_lang(part, lang) for part in parts))
    return [("report_sample", text, "sample_quantity")]


def conditioning(words: Words, report: Report) -> list[Row]:
    """How the sample was conditioned, when configured: a short line beside the product's."""
    rows: list[Row] = []
    found = report.conditioning
    if found is not None:
        climate = [
            f"{_number(found.temperature_c)} °C" if found.temperature_c is not None else "",
            f"{_number(found.humidity_rh)} % RH" if found.humidity_rh is not None else "",
        ]
        parts: list[str] = [
            text for text in (found.standard, " / ".join(filter(None, climate))) if text
        ]
        if found.hours is not None:
            parts.append(msg("report_hours", hours=_number(found.hours)))
        text = words.say(lambda lang: " · ".join(in_lang(part, lang) for part in parts))
        rows.append(("report_conditioning", text, "site configuration"))
    return rows


def equipment(words: Words, report: Report) -> list[Row]:
    """The equipment with its calibration, when configured: a row across the table."""
    rows: list[Row] = []
    if report.equipment:
        listed = words.say(
            lambda lang: in_lang(msg("report_list_separator"), lang).join(
                _instrument(item.name, item.asset, item.calibration, item.due, lang)
                for item in report.equipment
            )
        )
        rows.append(("report_equipment", listed, "site configuration"))
    return rows


def _instrument(
    name: str, asset: str | None, calibration: str | None, due: date | None, lang: str
) -> str:
    """``Drop tester DT-01 (calibration CAL-1, due 2027-04-30)``."""
    named = f"{name} {asset}" if asset else name
    notes = []
    if calibration is not None:
        notes.append(in_lang(msg("report_calibration", id=calibration), lang))
    if due is not None:
        notes.append(in_lang(msg("report_due", date=due.isoformat()), lang))
    if not notes:
        return named
    return in_lang(msg("report_instrument", name=named, notes=_comma(lang).join(notes)), lang)


def _comma(lang: str) -> str:
    return in_lang(msg("report_comma"), lang)


def _number(value: float) -> str:
    """``23``, ``23.5``: a configured number as a person writes it."""
    return f"{value:g}"


def statement(words: Words) -> str:
    """The sentences every test report carries, in the page's languages."""
    return words.message(msg("report_statement"))


def signed_as(words: Words, role: str, name: str) -> str:
    """What stands under a signature line: the role and the person's name."""
    key = "report_tested_by" if role == "inspector" else "report_approved_by"
    return words.message(msg(key, name=name))


def entry_name(words: Words, group: m.SeriesGroup, n: int) -> str:
    """``Corner 2-3-5`` where the checklist names ISTA positions, else ``Corner 2``."""
    if group.positions is None:
        return words.entry_name(group, n)
    position = group.positions[n - 1]
    return words.say(
        lambda lang: in_lang(
            msg("report_entry_position", name=getattr(group.name, lang), position=position), lang
        )
    )
