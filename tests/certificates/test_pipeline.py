"""Issuing a batch: one PDF per PASS/FAIL record, only inside --out, problems kept per record."""

from __future__ import annotations

import copy
import errno
import multiprocessing
import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from conftest import CHECKLISTS, with_sku
from qa_check.certificates import pipeline as issue_module
from qa_check.certificates.payload import ATTACHMENT_NAME, read_payload
from qa_check.certificates.pipeline import Issued, issue_all
from qa_check.certificates.pool import WINDOW_PER_JOB
from qa_check.certificates.render import render
from qa_check.certificates.site import NO_SITE, Issuer, Site
from qa_check.core.errors import Location, dotted
from qa_check.engine.checklists import WITHDRAWALS_NAME, Registry, load_registry
from qa_check.engine.judge import RawRecord, Verdict

ISSUED = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)


def raw(data: dict[str, Any], name: str, folder: Path) -> RawRecord:
    origin = Location(str(folder / f"{name}.yaml"), 1)
    return RawRecord(data, origin, lambda path: origin.at(field=dotted(path) or None))


def variant(record: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A changed copy; a new SKU comes with its own barcode scan (LB-3)."""
    changed = with_sku(record, changes["sku"]) if "sku" in changes else copy.deepcopy(record)
    return {**changed, **changes}


def test_hostile_skus_never_write_outside_out(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    out = tmp_path / "deep" / "reports"
    skus = ["../../escape", "a/b", "/abs/path", "..", "a\\..\\..\\b", "plain"]
    sources = [raw(variant(record, sku=sku), str(i), tmp_path) for i, sku in enumerate(skus)]
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE))
    assert [i.result.verdict for i in issued] == [Verdict.PASS] * len(skus)
    written = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(written) == len(skus)
    assert all(path.parent == out for path in written)
    assert {i.path for i in issued} == set(written)


def test_a_batch_goes_on_past_records_that_cannot_be_certified(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    invalid = variant(record)
    del invalid["site"]
    sources = [
        raw(variant(record, sku="OK-1"), "ok1", tmp_path),
        raw(invalid, "invalid", tmp_path),
        raw(variant(record, sku="杯子-01"), "unicode-sku", tmp_path),
        raw(variant(record, sku="OK-2", product_name="Mug \U0001f600"), "emoji", tmp_path),
        raw(variant(record, sku="OK-1"), "again", tmp_path),
        raw(variant(record, sku="OK-3"), "ok3", tmp_path),
    ]
    out = tmp_path / "out"
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE))
    verdicts = [i.result.verdict for i in issued]
    assert verdicts == [Verdict.PASS, *[Verdict.INVALID] * 4, Verdict.PASS]
    messages = [str(p) for i in issued for p in i.result.problems]
    assert any("Code 128 cannot encode '杯'" in m for m in messages)
    assert any("U+1F600" in m and "[product_name]" in m for m in messages)
    assert any("ok1.yaml:1 already has this SKU, verdict and date" in m for m in messages)
    assert sorted(p.name for p in out.iterdir()) == [
        "OK-1_PASS_2026-11-20.pdf",
        "OK-3_PASS_2026-11-20.pdf",
    ]


def test_pass_and_fail_both_get_certificates(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    failing = variant(record, sku="F-1")
    failing["answers"]["drop-test"]["surface"] = "other"
    issued = list(
        issue_all(
            [raw(record, "p", tmp_path), raw(failing, "f", tmp_path)],
            registry,
            tmp_path / "out",
            ISSUED,
            "zh",
            site=NO_SITE,
        )
    )
    assert [(i.result.verdict, i.path is not None) for i in issued] == [
        (Verdict.PASS, True),
        (Verdict.FAIL, True),
    ]
    assert issued[1].path is not None
    assert issued[1].path.name == "F-1_FAIL_2026-11-20_zh.pdf"
    assert issued[1].path.read_bytes().startswith(b"%PDF-")


def test_a_failed_write_is_reported_on_its_record(
    registry: Registry, record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("qa_check.files.fileio.os.fsync", disk_full)
    (issued,) = issue_all(
        [raw(record, "p", tmp_path)], registry, tmp_path, ISSUED, "en", site=NO_SITE
    )
    assert issued.path is None
    assert issued.result.verdict is Verdict.INVALID
    assert str(issued.result.problems[-1]) == (
        f"{tmp_path / 'TWS-EB-001_PASS_2026-11-20.pdf'}: cannot write: No space left on device"
    )


FORKED = pytest.mark.skipif(
    multiprocessing.get_start_method() != "fork",
    reason="workers see this test's monkeypatch only when they are forked from it",
)


@pytest.mark.parametrize("jobs", [1, pytest.param(2, marks=FORKED)])
def test_a_record_that_meets_a_bug_is_invalid_and_the_batch_goes_on(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    jobs: int,
) -> None:
    real_render = render

    def broken_for_b(payload: Any, origin: Location) -> Any:
        if payload.record["sku"] == "B":
            raise TypeError("unforeseen")
        return real_render(payload, origin)

    monkeypatch.setattr(issue_module, "render", broken_for_b)
    sources = [raw(variant(record, sku=sku), sku, tmp_path) for sku in ("A", "B", "C")]
    out = tmp_path / "out"
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE, jobs=jobs))
    assert [i.result.verdict for i in issued] == [Verdict.PASS, Verdict.INVALID, Verdict.PASS]
    [problem] = issued[1].result.problems
    assert str(problem) == (
        f"{tmp_path / 'B.yaml'}:1: qa-check failed on this record (TypeError: unforeseen):"
        " this is a bug in qa-check, please report it with the record;"
        " the other records are judged as usual"
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "A_PASS_2026-11-20.pdf",
        "C_PASS_2026-11-20.pdf",
    ]


def test_each_certificate_carries_the_site_it_was_issued_under(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    site = Site(Issuer("Lab 1", "Road 1"), "Wang Fang", 6)
    sources = [raw(variant(record, sku=sku), sku, tmp_path) for sku in ("A", "B")]
    issued = list(issue_all(sources, registry, tmp_path / "out", ISSUED, "en", site=site))
    for one in issued:
        assert one.path is not None
        embedded = PdfReader(one.path).attachments[ATTACHMENT_NAME][0]
        assert read_payload(embedded, str(one.path))[0].site == site


def shown(issued: list[Issued]) -> list[tuple[str, str | None, bool, list[str]]]:
    """Each outcome as plain values: verdict, file name, kept, problems."""
    return [
        (
            one.result.verdict.value,
            one.path.name if one.path else None,
            one.kept,
            [str(problem) for problem in one.result.problems],
        )
        for one in issued
    ]


def mixed_batch(record: dict[str, Any], folder: Path) -> list[RawRecord]:
    """PASS, FAIL, INVALID, a name taken twice, a SKU no barcode carries, in many records."""
    failing = variant(record, sku="F-1")
    failing["answers"]["drop-test"]["surface"] = "other"
    invalid = variant(record, sku="I-1")
    del invalid["site"]
    cases = [
        variant(record, sku="P-1"),
        failing,
        invalid,
        variant(record, sku="P-1"),
        variant(record, sku="杯子"),
        *(variant(record, sku=f"P-{n}") for n in range(2, 14)),
    ]
    return [raw(case, f"r{n:02}", folder) for n, case in enumerate(cases)]


def test_any_number_of_jobs_gives_the_same_results_and_the_same_files(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    found = []
    for jobs in (1, 2, 3):
        out = tmp_path / f"out-{jobs}"
        issued = list(
            issue_all(
                mixed_batch(record, tmp_path), registry, out, ISSUED, "en", site=NO_SITE, jobs=jobs
            )
        )
        files = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
        found.append((shown(issued), files))
    assert found[0] == found[1] == found[2]
    outcomes, files = found[0]
    assert [verdict for verdict, *_ in outcomes] == [
        "PASS", "FAIL", "INVALID", "INVALID", "INVALID", *["PASS"] * 12
    ]  # fmt: skip
    assert len(files) == 14


@pytest.mark.parametrize("jobs", [1, 3])
def test_records_are_read_as_they_are_needed(
    registry: Registry, record: dict[str, Any], tmp_path: Path, jobs: int
) -> None:
    read: list[int] = []

    def sources() -> Iterator[RawRecord]:
        for n in range(40):
            read.append(n)
            yield raw(variant(record, sku=f"S-{n}"), f"s{n}", tmp_path)

    issued = issue_all(sources(), registry, tmp_path / "out", ISSUED, "en", site=NO_SITE, jobs=jobs)
    next(issued)
    assert len(read) == (1 if jobs == 1 else WINDOW_PER_JOB * jobs)
    issued.close()


@FORKED
def test_a_worker_that_dies_on_a_record_makes_it_invalid_and_the_batch_goes_on(
    registry: Registry, record: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_render = render

    def dies_on_b(payload: Any, origin: Location) -> Any:
        if payload.record["sku"] == "B":
            os.kill(os.getpid(), signal.SIGKILL)
        return real_render(payload, origin)

    monkeypatch.setattr(issue_module, "render", dies_on_b)
    skus = ["A", "B", "C", "D", "E", "F"]
    sources = [raw(variant(record, sku=sku), sku, tmp_path) for sku in skus]
    out = tmp_path / "out"
    issued = list(issue_all(sources, registry, out, ISSUED, "en", site=NO_SITE, jobs=2))
    verdicts = [i.result.verdict for i in issued]
    assert verdicts == [Verdict.PASS, Verdict.INVALID, *[Verdict.PASS] * 4]
    [problem] = issued[1].result.problems
    assert str(problem) == (
        f"{tmp_path / 'B.yaml'}:1: the process drawing this certificate stopped abruptly, also"
        " when it drew it alone (killed, out of memory or crashed): no certificate; the other"
        " records are certified as usual"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        f"{sku}_PASS_2026-11-20.pdf" for sku in skus if sku != "B"
    ]


def certify_once(
    registry: Registry,
    record: dict[str, Any],
    folder: Path,
    *,
    issued_at: datetime = ISSUED,
    site: Site = NO_SITE,
    force: bool = False,
) -> Issued:
    (issued,) = issue_all(
        [raw(record, "r", folder)],
        registry,
        folder / "out",
        issued_at,
        "en",
        site=site,
        force=force,
    )
    return issued


def changed_answer(record: dict[str, Any]) -> dict[str, Any]:
    changed = variant(record)
    changed["answers"]["drop-test"]["drop_height_m"] = 1.5
    return changed


LATER = ISSUED + timedelta(days=1)


@pytest.mark.parametrize(
    ("again", "force", "outcome", "redrawn"),
    [
        (lambda r: r, False, "kept", False),
        (lambda r: r, True, "written", True),
        (changed_answer, False, "refused", False),
        (changed_answer, True, "written", True),
        (lambda r: variant(r, product_name="Other Earbuds"), False, "refused", False),
    ],
    ids=["same record", "same record, --force", "changed", "changed, --force", "renamed"],
)
def test_certifying_again_keeps_what_is_there_unless_forced(
    registry: Registry,
    record: dict[str, Any],
    tmp_path: Path,
    again: Any,
    force: bool,
    outcome: str,
    redrawn: bool,
) -> None:
    first = certify_once(registry, record, tmp_path)
    assert first.path is not None and not first.kept
    before = first.path.read_bytes()
    first_id, first_digest = read_payload(PdfReader(first.path).attachments[ATTACHMENT_NAME][0], "")
    assert first.digest == first_digest == first_id.digest
    second = certify_once(registry, again(record), tmp_path, issued_at=LATER, force=force)
    assert (first.path.read_bytes() != before) is redrawn
    now = read_payload(PdfReader(first.path).attachments[ATTACHMENT_NAME][0], "")[1]
    expected = {
        "kept": (Verdict.PASS, first.path, True, first_digest),  # the kept file's digest
        "written": (Verdict.PASS, first.path, False, now),
        "refused": (Verdict.INVALID, None, False, ""),
    }
    found = (second.result.verdict, second.path, second.kept, second.digest)
    assert found == expected[outcome]
    assert (now != first_digest) is redrawn
    if outcome == "refused":
        assert [str(p) for p in second.result.problems] == [
            f"{tmp_path / 'r.yaml'}:1: {first.path} holds another certificate"
            f" ({first_id.certificate_id}), which this record's would replace: it is left as it"
            " is; certify --force replaces it"
        ]


def test_a_certificate_issued_under_another_site_is_another_certificate(
    registry: Registry, record: dict[str, Any], tmp_path: Path
) -> None:
    certify_once(registry, record, tmp_path)
    elsewhere = certify_once(registry, record, tmp_path, site=Site(Issuer("Lab 2")))
    assert elsewhere.result.verdict is Verdict.INVALID
    assert "holds another certificate (QC-" in str(elsewhere.result.problems[0])


@pytest.mark.parametrize(
    "content",
    [b"not a pdf", b"%PDF-1.4 but no record", b""],
    ids=["text", "pdf without record", "empty"],
)
def test_a_file_that_is_no_certificate_is_left_alone_unless_forced(
    registry: Registry, record: dict[str, Any], tmp_path: Path, content: bytes
) -> None:
    target = tmp_path / "out" / "TWS-EB-001_PASS_2026-11-20.pdf"
    target.parent.mkdir()
    target.write_bytes(content)
    left = certify_once(registry, record, tmp_path)
    assert left.result.verdict is Verdict.INVALID
    assert [str(p) for p in left.result.problems] == [
        f"{tmp_path / 'r.yaml'}:1: {target} is there and is no certificate this qa-check version"
        " issued: it is left as it is; certify --force replaces it"
    ]
    assert target.read_bytes() == content
    forced = certify_once(registry, record, tmp_path, force=True)
    assert forced.result.verdict is Verdict.PASS
    assert target.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("since", "refused"),
    [("2026-11-23", True), ("2026-11-24", False)],
    ids=["withdrawn on the issue day", "withdrawn the day after"],
)
def test_no_certificate_against_a_version_withdrawn_by_the_issue_day(
    record: dict[str, Any], tmp_path: Path, since: str, refused: bool
) -> None:
    folder = tmp_path / "withdrawn"
    folder.mkdir()
    (folder / WITHDRAWALS_NAME).write_text(
        f"drop-test@1: {{from: {since}, use: drop-test@2}}\n", "utf-8"
    )
    registry = load_registry([CHECKLISTS, folder])
    old = variant(record, sku="OLD-1")
    old["checklists"]["drop-test"] = "1"
    sources = [raw(old, "old", tmp_path), raw(variant(record, sku="NEW-1"), "new", tmp_path)]
    issued = list(issue_all(sources, registry, tmp_path / "out", ISSUED, "en", site=NO_SITE))
    assert [i.result.verdict for i in issued] == [
        Verdict.INVALID if refused else Verdict.PASS,
        Verdict.PASS,
    ]
    assert [i.path is not None for i in issued] == [not refused, True]
    problems = [(p.location, p.message) for p in issued[0].result.problems]
    assert problems == (
        [
            (
                Location(str(tmp_path / "old.yaml"), 1, field="checklists.drop-test"),
                f"drop-test@1 is withdrawn from {since}: no certificate is issued against it;"
                " record the inspection again against drop-test@2",
            )
        ]
        if refused
        else []
    )
