"""A PDF from anyone drawn in a bounded child: the same images as drawn in-process, the child's
errors located in both languages, and a child over its time refused as too costly."""

from __future__ import annotations

import pytest

from conftest import Certified
from qa_check.certificates import images_bounded
from qa_check.certificates.images import ImageFormat, page_images
from qa_check.certificates.images_bounded import bounded_page_images
from qa_check.core.errors import CertificateError, Location
from qa_check.core.messages import msg

HERE = Location("handed.pdf")


@pytest.mark.parametrize("image", list(ImageFormat))
def test_the_child_draws_the_same_images_as_the_process(
    unsigned: Certified, image: ImageFormat
) -> None:
    pdf = unsigned.failed.read_bytes()  # two pages
    drawn = bounded_page_images(pdf, image, HERE)
    assert len(drawn) == 2
    assert drawn == page_images(pdf, image, HERE)


def test_a_step_lower_comes_back_in_both_languages(unsigned: Certified) -> None:
    pdf = unsigned.passed.read_bytes()
    [alone] = page_images(pdf, ImageFormat.JPG, HERE, limit=1)
    [child] = bounded_page_images(pdf, ImageFormat.JPG, HERE, limit=1)
    assert child == alone  # under one byte: every step tried, the last kept
    assert child.lowered == msg("img_step_quality", quality=50)
    assert child.lowered is not None and alone.lowered is not None
    assert child.lowered.zh == alone.lowered.zh


@pytest.mark.parametrize(
    ("data", "key"),
    [(b"%PDF-1.4 broken", "img_not_pdf"), (b"", "img_not_pdf")],
)
def test_what_the_child_refuses_is_located_here_in_both_languages(data: bytes, key: str) -> None:
    with pytest.raises(CertificateError) as raised:
        bounded_page_images(data, ImageFormat.PNG, HERE)
    [problem] = raised.value.problems
    assert (problem.location, problem.message, problem.message.zh) == (  # type: ignore[attr-defined]
        HERE,
        msg(key),
        msg(key).zh,
    )


def test_a_child_over_its_time_is_refused_as_too_costly(
    unsigned: Certified, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(images_bounded, "WALL_SECONDS", 0.01)
    with pytest.raises(CertificateError) as raised:
        bounded_page_images(unsigned.passed.read_bytes(), ImageFormat.PNG, HERE)
    [problem] = raised.value.problems
    assert problem.location == HERE
    assert problem.message.startswith("drawing it needed more than ")
    assert problem.message.endswith(" (a crafted PDF?): no image drawn")
