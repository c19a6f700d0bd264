"""A batch's summary: one row per input record, as CSV and JSON, and JSON files merged.

Every record of the input is a row, PASS, FAIL or INVALID, so the counts add up and nothing is
lost. A row holds codes (rule ids, ``drop-test@2``, item paths) for programs and, beside them,
the same in the summary's language (rule names, checklist titles, item labels, problems) for
people. A QA manager opens the CSV in a spreadsheet: a cell that starts like a formula is written
so that the spreadsheet shows it as text and never runs it. The JSON holds the same rows and the
counts; summaries of shards of one batch (each an independent ``certify`` run) merge into one,
and a record in two of them is refused, never counted twice.
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
from qa_check.core.messages import in_lang, msg, printable
from qa_check.engine.judge import Failure, SkuResult, Verdict
from qa_check.engine.rule_names import rule_name
from qa_check.files.safe_json import parse_json
from qa_check.files.spreadsheet import cell as _cell

CODE_COLUMNS = (
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
"""The columns every summary has had: a summary lacking one is not a summary."""
ADDED_COLUMNS = (
    "inspected_at",
    "site",
    "failed_rule_names",
    "failed_checklist_titles",
    "first_failure_label",
    "problem_messages",
)
"""Columns added later, optional when read: in the summary's ``lang``, but for the first two."""
COLUMNS = CODE_COLUMNS + ADDED_COLUMNS
LISTS = (
    "failed_rules",
    "failed_checklists",
    "problems",
    "failed_rule_names",
    "failed_checklist_titles",
    "problem_messages",
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
    inspected_at: str = ""
    """When the inspection started, with the record's own offset; empty when unknown."""
    site: str = ""
    """Where it was inspected, as the record names the site."""
    failed_rule_names: tuple[str, ...] = ()
    """Each failed rule's name (empty when the data has none), in the summary's language."""
    failed_checklist_titles: tuple[str, ...] = ()
    """Each failed checklist as people name it (``Drop test, version 2``)."""
    first_failure_label: str = ""
    """The first failed item's label (``Product held still``)."""
    problem_messages: tuple[str, ...] = ()
    """``problems`` in the summary's language."""


@dataclass(frozen=True, slots=True)
class Shard:
    """A summary read back: its rows, the language of their words and its issuer."""

    where: str
    rows: list[Row]
    lang: str | None = None
    """None for a summary written before rows had words (0.5 and earlier)."""
    issuer: str | None = None


def row_for(
    result: SkuResult, certificate: Path | None = None, digest: str = "", lang: str = "en"
) -> Row:
    """The summary row of one judged (and maybe certified) record, its words in ``lang``."""
    failures = result.failures
    first = failures[0] if failures else None
    record = result.record
    rules = tuple(dict.fromkeys(failure.rule for failure in failures))
    checklists = tuple(dict.fromkeys(failure.checklist for failure in failures))
    return Row(
        verdict=result.verdict.value,
        sku=result.sku or "",
        product_name=result.product_name or "",
        failed_rules=rules,
        failed_checklists=checklists,
        first_failure=f"{first.rule} {first.checklist}.{first.item}" if first else "",
        certificate=certificate.name if certificate is not None else "",
        digest=digest,
        problems=tuple(problem.show() for problem in result.problems),
        source=result.location.show(),
        inspected_at=record.inspected_at.isoformat() if record is not None else "",
        site=record.site if record is not None else "",
        failed_rule_names=tuple(in_lang(rule_name(rule) or "", lang) for rule in rules),
        failed_checklist_titles=tuple(_title(result, key, lang) for key in checklists),
        first_failure_label=_label(result, first, lang) if first else "",
        problem_messages=tuple(problem.show(lang) for problem in result.problems),
    )


def _title(result: SkuResult, key: str, lang: str) -> str:
    """``Drop test, version 2`` for ``drop-test@2``; the key when the result lacks it."""
    for compiled in result.judged_against:
        checklist = compiled.checklist
        if checklist.key == key:
            title = getattr(checklist.title, lang)
            return in_lang(
                msg("cert_checklist_version", title=title, version=checklist.version), lang
            )
    return key


def _label(result: SkuResult, failure: Failure, lang: str) -> str:
    """The failed item's short name as the certificate shows it; its id when unknown."""
    for compiled in result.judged_against:
        if compiled.checklist.key == failure.checklist and failure.item in compiled.by_id:
            item = compiled.by_id[failure.item].item
            return " ".join(getattr(item.label or item.prompt, lang).split())
    return failure.item


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


def to_json(
    rows: Sequence[Row],
    *,
    interrupted: bool = False,
    lang: str = "en",
    issuer: str | None = None,
) -> str:
    """The summary as JSON: its format, language and issuer, the counts and every row.

    ``interrupted``: the run stopped before its last record, so rows are missing; such a
    summary is not merged (``read_json`` refuses it) until a rerun has finished the batch.
    """
    document: dict[str, Any] = {"format": SUMMARY_FORMAT_ID, "lang": lang, "issuer": issuer}
    if interrupted:
        document["interrupted"] = True
    document |= {
        **counts(rows),
        "records": [asdict(row) for row in rows],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_json(text: str, where: str) -> Shard:
    """A summary JSON written by ``to_json``; InputError saying what is wrong."""
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
    lang, issuer = data.get("lang"), data.get("issuer")
    if lang is not None and lang not in ("en", "zh"):
        raise InputError([Problem(here.at(field="lang"), msg("summary_bad_lang", lang=lang))])
    return Shard(where, rows, lang, issuer if isinstance(issuer, str) else None)


def _row(entry: object) -> Row | None:
    """A row read back, or None when the entry is not one ``to_json`` writes."""
    if not isinstance(entry, dict) or not set(CODE_COLUMNS) <= set(entry) <= set(COLUMNS):
        return None
    values: dict[str, Any] = {}
    for name in entry:
        value = entry[name]
        if name in LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return None
            values[name] = tuple(value)
        elif isinstance(value, str):
            values[name] = value
        else:
            return None
    return Row(**values)


def merge(shards: Iterable[Shard]) -> list[Row]:
    """The rows of several shards' summaries, in the order given: one batch's summary.

    A record in two shards (the same SKU read from the same place, as when a summary is given
    twice) is refused: counted twice, it would make the numbers lie. One problem per pair of
    summaries, naming how many records they share and the first of them.
    """
    merged: list[Row] = []
    seen: dict[tuple[str, str], str] = {}
    shared: dict[tuple[str, str], list[tuple[int, Row]]] = {}
    for shard in shards:
        for index, row in enumerate(shard.rows):
            key = (row.sku, row.source)
            if key in seen:
                shared.setdefault((shard.where, seen[key]), []).append((index, row))
            else:
                seen[key] = shard.where
            merged.append(row)
    if shared:
        raise InputError(
            [_counted_twice(where, first, rows) for (where, first), rows in shared.items()]
        )
    return merged


def _counted_twice(where: str, first: str, rows: list[tuple[int, Row]]) -> Problem:
    index, row = rows[0]
    again = msg(
        "summary_counted_twice",
        count=f"{len(rows):,}",
        first=first,
        sku=printable(row.sku),
        source=row.source,
    )
    return Problem(Location(where, field=f"records[{index}]"), again)
