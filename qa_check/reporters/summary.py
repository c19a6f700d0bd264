"""A batch's summary: one row per input record, as CSV and JSON, and JSON files merged.

Every record of the input is a row, PASS, FAIL or INVALID, so the counts add up and nothing is
lost. A QA manager opens the CSV in a spreadsheet: a cell that starts like a formula is written
so that the spreadsheet shows it as text and never runs it. The JSON holds the same rows and the
counts; summaries of shards of one batch (each an independent ``certify`` run) merge into one.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from qa_check.core.errors import InputError, Location, Problem
from qa_check.core.formats import SUMMARY_FORMAT_ID
from qa_check.core.messages import msg, printable
from qa_check.engine.judge import SkuResult, Verdict
from qa_check.files.safe_json import parse_json
from qa_check.files.spreadsheet import cell as _cell

COLUMNS = (
    "verdict",
    "sku",
    "product_name",
    "failed_rules",
    "failed_checklists",
    "first_failure",
    "certificate",
    "digest",
    "problems",
    "source",
)

VERDICTS = tuple(verdict.value for verdict in Verdict)
"""The verdicts a row may hold: every row is counted under one of them."""


@dataclass(frozen=True, slots=True)
class Row:
    """One input record in the summary: its verdict and why, and its certificate if any."""

    verdict: str
    sku: str
    product_name: str
    failed_rules: tuple[str, ...]
    failed_checklists: tuple[str, ...]
    first_failure: str
    """The first failed item as ``RULE checklist.item``: where a fix starts."""
    certificate: str
    """The certificate's file name inside ``--out``; empty when none was written."""
    digest: str
    problems: tuple[str, ...]
    """Why an INVALID record is invalid, each with its location."""
    source: str
    """Where the record was read: file and line, or CSV row."""


def row_for(result: SkuResult, certificate: Path | None = None, digest: str = "") -> Row:
    """The summary row of one judged (and maybe certified) record."""
    failures = result.failures
    first = failures[0] if failures else None
    return Row(
        verdict=result.verdict.value,
        sku=result.sku or "",
        product_name=result.product_name or "",
        failed_rules=tuple(dict.fromkeys(failure.rule for failure in failures)),
        failed_checklists=tuple(dict.fromkeys(failure.checklist for failure in failures)),
        first_failure=f"{first.rule} {first.checklist}.{first.item}" if first else "",
        certificate=certificate.name if certificate is not None else "",
        digest=digest,
        problems=tuple(problem.show() for problem in result.problems),
        source=result.location.show(),
    )


def to_csv(rows: Iterable[Row]) -> str:
    """The rows as CSV with a header; lists joined by ``; ``; formula-like cells made text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_cell(value) for value in _flat(row)])
    return buffer.getvalue()


def _flat(row: Row) -> list[str]:
    return [
        "; ".join(value) if isinstance(value, tuple) else str(value)
        for value in (getattr(row, name) for name in COLUMNS)
    ]


def counts(rows: Sequence[Row]) -> dict[str, Any]:
    """The batch's numbers: totals by verdict, pass rate, failures by rule and by checklist."""
    verdicts = Counter(row.verdict for row in rows)
    by_rule = Counter(rule for row in rows for rule in row.failed_rules)
    by_checklist = Counter(checklist for row in rows for checklist in row.failed_checklists)
    judged = verdicts[Verdict.PASS.value] + verdicts[Verdict.FAIL.value]
    return {
        "total": len(rows),
        "passed": verdicts[Verdict.PASS.value],
        "failed": verdicts[Verdict.FAIL.value],
        "invalid": verdicts[Verdict.INVALID.value],
        "pass_rate": round(verdicts[Verdict.PASS.value] / judged, 4) if judged else None,
        "failures_by_rule": dict(sorted(by_rule.items(), key=lambda pair: (-pair[1], pair[0]))),
        "failures_by_checklist": dict(
            sorted(by_checklist.items(), key=lambda pair: (-pair[1], pair[0]))
        ),
    }


def to_json(rows: Sequence[Row], *, interrupted: bool = False) -> str:
    """The summary as JSON: its format, the counts and every row.

    ``interrupted``: the run stopped before its last record, so rows are missing; such a
    summary is not merged (``read_json`` refuses it) until a rerun has finished the batch.
    """
    document: dict[str, Any] = {"format": SUMMARY_FORMAT_ID}
    if interrupted:
        document["interrupted"] = True
    document |= {
        **counts(rows),
        "records": [asdict(row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_json(text: str, where: str) -> list[Row]:
    """The rows of a summary JSON written by ``to_json``; InputError saying what is wrong."""
    here = Location(where)
    data = parse_json(text, where)
    if not isinstance(data, dict) or data.get("format") != SUMMARY_FORMAT_ID:
        raise InputError([Problem(here, msg("summary_not_format", format=SUMMARY_FORMAT_ID))])
    if data.get("interrupted") is True:
        raise InputError([Problem(here.at(field="interrupted"), msg("summary_interrupted"))])
    records = data.get("records")
    if not isinstance(records, list):
        not_rows = msg("summary_not_format", format=SUMMARY_FORMAT_ID)
        raise InputError([Problem(here.at(field="records"), not_rows)])
    rows: list[Row] = []
    for index, entry in enumerate(records):
        row = _row(entry)
        if row is None:
            problem = Problem(here.at(field=f"records[{index}]"), msg("summary_bad_row"))
            raise InputError([problem])
        if row.verdict not in VERDICTS:  # its counts would not add up
            place = here.at(field=f"records[{index}].verdict")
            unknown = msg("summary_bad_verdict", verdict=printable(row.verdict))
            raise InputError([Problem(place, unknown)])
        rows.append(row)
    return rows


def _row(entry: object) -> Row | None:
    """A row read back, or None when the entry is not one ``to_json`` writes."""
    if not isinstance(entry, dict) or set(entry) != set(COLUMNS):
        return None
    lists = ("failed_rules", "failed_checklists", "problems")
    values: dict[str, Any] = {}
    for name in COLUMNS:
        value = entry[name]
        if name in lists:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return None
            values[name] = tuple(value)
        elif isinstance(value, str):
            values[name] = value
        else:
            return None
    return Row(**values)


def merge(parts: Iterable[Sequence[Row]]) -> list[Row]:
    """The rows of several shards' summaries, in the order given: one batch's summary."""
    return [row for part in parts for row in part]
