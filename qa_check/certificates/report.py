"""What makes a certificate a lab's test report: its number, conditioning and equipment.

The site configuration says how a lab numbers its reports and conditions its samples and which
instruments it tests with (``site.Lab``); ``certify`` draws a number from the register's
sequence for the issuer. The payload carries the outcome as its ``report`` part (format @5 on),
so that the page and ``verify`` need nothing but the certificate. Every part is optional and
printed only when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from qa_check.certificates.site import Conditioning, Equipment, Lab, ShortText
from qa_check.core.errors import Location, Problem, dotted, pydantic_messages

MAX_EQUIPMENT = 12
"""Instruments listed on one report: a drop tester, a compression tester, a balance, a rule…"""


@dataclass(frozen=True, slots=True)
class Report:
    """A certificate's report-grade fields; each None or empty when not configured."""

    number: str | None = None
    conditioning: Conditioning | None = None
    equipment: tuple[Equipment, ...] = ()


NO_REPORT = Report()
"""A certificate whose site configures none of a test report's fields."""


def report_for(lab: Lab | None, number: str | None = None) -> Report:
    """The report part of a certificate issued under ``lab``, numbered ``number``."""
    if lab is None:
        return Report(number)
    return Report(number, lab.conditioning, lab.equipment)


def report_number(numbering: str, seq: int, issued_at: datetime, zone: str | None) -> str:
    """``DGL-2026-000123``: the ``seq``-th report of an issuer, in the year it is issued.

    The year is the issue time's in the site's time zone (UTC without one). ``numbering`` was
    checked when the configuration was read: only ``{year}`` and ``{seq}`` are left in it.
    """
    moment = issued_at.astimezone(ZoneInfo(zone) if zone else UTC)
    return numbering.format(year=moment.year, seq=seq)


def report_data(report: Report) -> dict[str, Any]:
    """The report part as a payload holds it: every key present, null or empty when absent."""
    found = report.conditioning
    return {
        "number": report.number,
        "conditioning": None
        if found is None
        else {
            "standard": found.standard,
            "temperature_c": found.temperature_c,
            "humidity_rh": found.humidity_rh,
            "hours": found.hours,
        },
        "equipment": [
            {
                "name": item.name,
                "asset": item.asset,
                "calibration": item.calibration,
                "due": None if item.due is None else item.due.isoformat(),
            }
            for item in report.equipment
        ],
    }


# --- read back from a payload ---------------------------------------------------------------

_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,17})?(?:[eE][+-]?[0-9]{1,3})?", re.ASCII)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _json_number(value: object) -> object:
    """A number as ``parse_json`` keeps it (text) as a float; anything else as it is.

    ``report_data`` wrote a float, so the text reads back as the float it was: its digest holds.
    """
    if isinstance(value, str) and _NUMBER.fullmatch(value):
        return float(value)
    return value


def _day(value: object) -> object:
    """A day as ``report_data`` writes it, ``2027-04-30``, as a date; anything else as it is."""
    if isinstance(value, str) and _DAY.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    return value


Number = Annotated[float, BeforeValidator(_json_number)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class _ConditioningData(_Strict):
    standard: ShortText | None
    temperature_c: Annotated[Number, Field(ge=-70, le=100)] | None
    humidity_rh: Annotated[Number, Field(ge=0, le=100)] | None
    hours: Annotated[Number, Field(gt=0, le=10_000)] | None


class _EquipmentData(_Strict):
    name: ShortText
    asset: ShortText | None
    calibration: ShortText | None
    due: Annotated[date, BeforeValidator(_day)] | None


class _ReportData(_Strict):
    """The report part: the same values ``qa-check.toml`` allows, every key present."""

    number: Annotated[ShortText, Field(max_length=60)] | None
    conditioning: _ConditioningData | None
    equipment: Annotated[list[_EquipmentData], Field(max_length=MAX_EQUIPMENT)]


def read_report(data: object, here: Location, problems: list[Problem]) -> Report:
    """The report part of a payload (None: a format without one), problems added to ``problems``.

    A part that is wrong adds a located problem for each thing wrong, and reads as no report.
    """
    if data is None:
        return NO_REPORT
    try:
        found = _ReportData.model_validate(data)
    except ValidationError as exc:
        problems += [
            Problem(here.at(field=".".join(filter(None, ("report", dotted(path))))), text)
            for path, text in pydantic_messages(exc.errors(), data)
        ]
        return NO_REPORT
    conditioning = found.conditioning
    return Report(
        found.number,
        None if conditioning is None else Conditioning(**conditioning.model_dump()),
        tuple(Equipment(**item.model_dump()) for item in found.equipment),
    )
