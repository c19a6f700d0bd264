"""What a certificate needs of a record, checked as it is judged: glyphs, barcode, photos."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qa_check.certificates import preflight
from qa_check.certificates.preflight import CHECKS, sku_barcode_problem
from qa_check.core.errors import Location, Problem, dotted
from qa_check.engine.checklists import Registry
from qa_check.engine.judge import Judged, RawRecord, SkuResult, Verdict, judge
from qa_check.engine.models import Record


def judged(folder: Path, registry: Registry, data: dict[str, Any], **options: Any) -> SkuResult:
    origin = Location(str(folder / "r.yaml"))
    raw = RawRecord(data, origin, lambda path: origin.at(field=dotted(path) or None))
    return judge(raw, registry, checks=CHECKS, **options)


def places(result: SkuResult) -> list[tuple[str | None, str]]:
    return [(p.location.field, p.message) for p in result.problems]


def test_the_checks_run_glyphs_then_barcode_then_photos(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    record["sku"] = "杯-\U00020000"
    record["photos"] = ["missing.jpg"]
    result = judged(tmp_path, registry, record)
    assert [field for field, _ in places(result)] == ["sku", "sku", "photos[0]"]
    font, code, photo = (message for _, message in places(result))
    assert "the certificate font cannot show '\U00020000' (U+20000)" in font
    assert "Code 128 cannot encode '杯' (U+676F), '\U00020000' (U+20000)" in code
    assert "no photo file" in photo


def test_text_answers_must_be_drawable_where_they_sit(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    record["answers"]["label-placement"]["barcode_scan"] = "\U0001f600"
    [(field, message)] = [p for p in places(judged(tmp_path, registry, record)) if "font" in p[1]]
    assert field == "answers.label-placement.barcode_scan"
    assert "'\U0001f600' (U+1F600)" in message


def test_a_replacement_character_the_reader_reported_is_not_reported_again(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    record["product_name"] = "Kettle \ufffd"
    assert "font" in places(judged(tmp_path, registry, record))[0][1]
    origin = Location(str(tmp_path / "r.yaml"))
    unread = Problem(origin, "bytes that are not UTF-8")
    raw = RawRecord(record, origin, lambda path: origin, (unread,))
    assert judge(raw, registry, checks=CHECKS).problems == (unread,)


def test_photo_files_are_looked_for_only_when_files_may_be(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    record["photos"] = ["missing.jpg"]
    assert judged(tmp_path, registry, record, files=False).verdict is Verdict.PASS
    record["photos"] = ["missing.jpg"] * 13
    [(field, message)] = places(judged(tmp_path, registry, record, files=False))
    assert (field, message) == ("photos", "13 photos: a certificate shows at most 12")


@pytest.mark.parametrize(("sku", "bad"), [("TWS-EB-01", None), ("ü-1", "'ü' (U+00FC)")])
def test_a_sku_is_a_code_128_in_printable_ascii(sku: str, bad: str | None) -> None:
    problem = sku_barcode_problem(sku)
    assert (problem is None) is (bad is None)
    if bad is not None:
        assert bad in str(problem)


def test_each_check_reads_only_the_judged_record(tmp_path: Path, record: dict[str, Any]) -> None:
    """A check is a plain function of what the judgement hands it: no judging of its own."""
    origin = Location(str(tmp_path / "r.yaml"))
    raw = RawRecord(record, origin, lambda path: origin)
    seen = Judged(
        raw, Record.model_validate(record), ((("answers", "x", "y"), "\U0001f600"),), True
    )
    assert list(preflight.barcode(seen)) == []
    assert list(preflight.photo_files(seen)) == []
    [(path, _)] = preflight.drawable_texts(seen)
    assert path == ("answers", "x", "y")


@pytest.mark.parametrize(
    ("entry", "field", "message"),
    [
        ("missing.jpg", "photos[0]", "no photo file"),
        ({"file": "missing.jpg"}, "photos[0].file", "no photo file"),
        ({"file": "missing.jpg", "caption": "Front"}, "photos[0].file", "no photo file"),
        ("\U00020000.jpg", "photos[0]", "the certificate font cannot show '\U00020000'"),
        ({"file": "\U00020000.jpg"}, "photos[0].file", "the certificate font cannot show"),
        (
            {"file": "a.jpg", "caption": "Front \U0001f600"},
            "photos[0].caption",
            "the certificate font cannot show '\U0001f600' (U+1F600)",
        ),
    ],
)
def test_what_a_certificate_needs_of_a_photo_is_located_in_its_entry(
    tmp_path: Path,
    registry: Registry,
    record: dict[str, Any],
    entry: object,
    field: str,
    message: str,
) -> None:
    for name in ("a.jpg", "\U00020000.jpg"):
        (tmp_path / name).write_bytes(b"")
    record["photos"] = [entry]
    result = judged(tmp_path, registry, record)
    assert result.verdict is Verdict.INVALID
    [(where, text)] = places(result)
    assert where == field
    assert message in text


def test_a_caption_the_font_can_show_passes(
    tmp_path: Path, registry: Registry, record: dict[str, Any]
) -> None:
    (tmp_path / "a.jpg").write_bytes(b"")
    record["photos"] = [{"file": "a.jpg", "caption": "跌落第4次，角2-3-5：无破损"}]
    assert judged(tmp_path, registry, record).verdict is Verdict.PASS
