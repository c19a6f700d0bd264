"""Photo steps of the guided run: asked after the answers the checklists want evidence of."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from PIL import Image
from test_photo_intake import heic, jpeg
from test_session import SKU, ScriptedPrompter, Typist, start

from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import Registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import Verdict
from qa_check.guided import drafts
from qa_check.guided.prompter import Question, Tone
from qa_check.guided.session import Finished, Session, Stopped
from qa_check.records.read import read_records

SHAPE = "compression-test.package_held_shape"
PHOTO = f"photo:{SHAPE}"
SKIP = f"photo-skip:{SHAPE}"
SHAPE_PHOTO = f"photos/{SKU}/{SHAPE}-1.jpg"
CAPTION = "Package kept its shape: the package after the load was removed"


def run(
    registry: Registry,
    results: Path,
    lines: dict[str, list[str]],
    only: tuple[str, ...] = ("compression-test",),
    *,
    lang: str = "en",
    phone: Path | None = None,
    before: Callable[[Session], None] = lambda session: None,
) -> tuple[Session, ScriptedPrompter, Finished | Stopped]:
    """A passing run of ``only``, typing ``lines`` at the questions they name."""
    session, chosen = start(registry, only, results, lang)
    session.photos_from = phone
    before(session)
    prompter = ScriptedPrompter(otherwise=Typist(chosen, lines), lang=lang)
    return session, prompter, session.run(prompter)


def written(outcome: Finished | Stopped) -> dict[str, Any]:
    assert isinstance(outcome, Finished)
    data: dict[str, Any] = yaml.safe_load(outcome.path.read_text("utf-8"))
    return data


def test_a_typed_path_adds_the_photo_right_after_its_answer(
    registry: Registry, tmp_path: Path
) -> None:
    photo = jpeg(tmp_path / "camera" / "box after load.jpg")
    results = tmp_path / "results"
    _, prompter, outcome = run(registry, results, {PHOTO: [f"'{photo}' "]})
    assert prompter.asked_after(SHAPE) == PHOTO
    question = prompter.question(PHOTO)
    assert (question.section, question.position, question.rule) == (
        "Compression test",
        "photo for Package kept its shape",
        "CP-1",
    )
    assert question.text == (
        "Photo: the package after the load was removed\n"
        "Type or drag in the photo's file and press Enter  ·  s skip (say why)"
    )
    assert f"Photo saved: {SHAPE_PHOTO}" in prompter.told(Tone.PASS)
    assert written(outcome)["photos"] == [{"file": SHAPE_PHOTO, "caption": CAPTION}]
    assert (results / SHAPE_PHOTO).read_bytes() == photo.read_bytes()
    assert isinstance(outcome, Finished)
    [judged] = judge_all(read_records([outcome.path], registry), registry, checks=CHECKS)
    assert (judged.verdict, judged.problems) == (Verdict.PASS, ())


def test_only_a_damaged_drop_asks_for_a_photo_and_its_caption_names_the_drop(
    registry: Registry, tmp_path: Path
) -> None:
    photo = jpeg(tmp_path / "dent.jpg")
    lines = {"drop-test.drops#5": ["damaged"], "photo:drop-test.drops#5": [str(photo)]}
    _, prompter, outcome = run(registry, tmp_path / "r", lines, ("drop-test",))
    assert [key for key in prompter.keys if key.startswith("photo:")] == ["photo:drop-test.drops#5"]
    assert prompter.asked_after("drop-test.drops#5") == "photo:drop-test.drops#5"
    assert written(outcome)["photos"] == [
        {
            "file": f"photos/{SKU}/drop-test.drops.5-1.jpg",
            "caption": "Drops: corner, edge, face #5: the damage this drop did, close up",
        }
    ]


def test_a_chinese_run_captions_the_photo_in_chinese(registry: Registry, tmp_path: Path) -> None:
    photo = jpeg(tmp_path / "箱子.jpg")
    _, prompter, outcome = run(registry, tmp_path / "r", {PHOTO: [str(photo)]}, lang="zh")
    asked = prompter.question(PHOTO).text
    assert asked.startswith("拍照：卸载后的包装\n输入或拖入照片文件后按回车")
    assert prompter.question(PHOTO).position == "包装未塌陷的照片"
    caption = "包装未塌陷：卸载后的包装"
    assert written(outcome)["photos"] == [{"file": SHAPE_PHOTO, "caption": caption}]


class Phone:
    """Types Enter at the photo step, the phone syncing a photo only after the first Enter."""

    def __init__(self, typist: Typist, folder: Path, sync: Callable[[Path], Path]) -> None:
        self.typist = typist
        self.folder = folder
        self.sync = sync
        self.enters = 0

    def __call__(self, question: Question) -> str:
        if not question.key.startswith("photo:"):
            return self.typist(question)
        self.enters += 1
        if self.enters == 2:
            self.sync(self.folder)
        return ""


@pytest.mark.parametrize(
    ("name", "make"), [("IMG_0002.JPG", jpeg), ("IMG_0002.HEIC", heic)], ids=["jpeg", "heic"]
)
def test_enter_takes_the_photos_new_in_the_phone_folder(
    registry: Registry, tmp_path: Path, name: str, make: Callable[[Path], Path]
) -> None:
    phone = tmp_path / "phone"
    jpeg(phone / "IMG_0001.JPG")  # there before the question: not this step's photo
    session, chosen = start(registry, ["compression-test"], tmp_path / "results")
    session.photos_from = phone
    prompter = ScriptedPrompter(otherwise=Phone(Typist(chosen), phone, lambda f: make(f / name)))
    outcome = session.run(prompter)
    assert prompter.keys.count(PHOTO) == 2
    assert prompter.question(PHOTO).text.endswith(
        f"Take it with the phone, then press Enter: the photos new in {phone} are taken.\n"
        "Or type or drag in its file  ·  s skip (say why)"
    )
    assert [notice.text for notice in prompter.told_after(PHOTO)] == [
        f"no new photo in {phone} yet: wait until the phone has synced it, then press Enter again"
    ]
    assert written(outcome)["photos"] == [{"file": SHAPE_PHOTO, "caption": CAPTION}]
    with Image.open(tmp_path / "results" / SHAPE_PHOTO) as saved:
        assert saved.format == "JPEG"  # a HEIC as JPEG


def test_enter_without_a_phone_folder_says_how_to_give_a_photo(
    registry: Registry, tmp_path: Path
) -> None:
    _, prompter, outcome = run(registry, tmp_path / "r", {PHOTO: ["", "s"], SKIP: ["no phone"]})
    assert [notice.text for notice in prompter.told_after(PHOTO)] == [
        "no photo folder was given (run --photos DIR): type or drag in the photo's file, or s"
        " to skip"
    ]
    assert written(outcome)["photos_skipped"] == [{"step": SHAPE, "reason": "no phone"}]


def test_skipping_needs_a_reason_which_the_record_keeps(registry: Registry, tmp_path: Path) -> None:
    lines = {PHOTO: ["s", "s"], SKIP: ["  ", "b", "?", "相机没电 camera flat"]}
    _, prompter, outcome = run(registry, tmp_path / "r", lines)
    assert prompter.keys[-6:] == [PHOTO, SKIP, SKIP, PHOTO, SKIP, SKIP]
    assert prompter.told(Tone.INFO)[0].startswith("A photo step is skipped only with a reason")
    assert prompter.question(SKIP).text == "Why is there no photo? (the record keeps the reason)"
    assert [notice.text for notice in prompter.told_after(SKIP)] == [
        "a photo is skipped only with a reason: type why"
    ]
    record = written(outcome)
    assert record["photos_skipped"] == [{"step": SHAPE, "reason": "相机没电 camera flat"}]
    assert "photos" not in record
    assert isinstance(outcome, Finished)
    [judged] = judge_all(read_records([outcome.path], registry), registry, checks=CHECKS)
    assert judged.verdict is Verdict.PASS
    assert judged.record is not None
    assert judged.record.photos_skipped is not None
    assert judged.record.photos_skipped[0].reason == "相机没电 camera flat"


def test_a_file_certify_could_not_print_is_refused_and_the_photo_asked_again(
    registry: Registry, tmp_path: Path
) -> None:
    text = tmp_path / "notes.jpg"
    text.write_text("not a photo", "utf-8")
    photo = jpeg(tmp_path / "ok.jpg")
    lines = {PHOTO: [str(text), "'unclosed", str(photo)]}
    _, prompter, outcome = run(registry, tmp_path / "r", lines)
    assert [notice.text for notice in prompter.told_after(PHOTO)] == [
        "'notes.jpg': not a readable JPEG or PNG image"
    ]
    assert [notice.text for notice in prompter.told_after(PHOTO, 1)] == [
        "'unclosed: a quote in this path is not closed: type or drag in the file again"
    ]
    assert written(outcome)["photos"] == [{"file": SHAPE_PHOTO, "caption": CAPTION}]


def test_more_photos_than_a_certificate_shows_are_refused(
    registry: Registry, tmp_path: Path
) -> None:
    photo = jpeg(tmp_path / "ok.jpg")
    given = [f"given-{n}.jpg" for n in range(12)]

    def twelve(session: Session) -> None:
        session.record["photos"] = list(given)

    lines = {PHOTO: [str(photo), "s"], SKIP: ["twelve already"]}
    _, prompter, outcome = run(registry, tmp_path / "r", lines, before=twelve)
    assert [notice.text for notice in prompter.told_after(PHOTO)] == [
        "13 photos: a certificate shows at most 12: skip this photo with s and say why"
    ]
    assert written(outcome)["photos"] == given


def test_b_goes_back_to_the_answer_and_q_stops_with_the_photo_still_owed(
    registry: Registry, tmp_path: Path
) -> None:
    results = tmp_path / "results"
    lines = {PHOTO: ["b", "s"], SHAPE: ["yes", ""], SKIP: ["q"]}
    _, prompter, outcome = run(registry, results, lines)
    assert prompter.keys[-4:] == [PHOTO, SHAPE, PHOTO, SKIP]
    assert prompter.question(SHAPE, 1).current == "Yes"
    assert isinstance(outcome, Stopped)
    draft = drafts.load(drafts.draft_path(results, SKU))
    assert "photos" not in draft.record

    photo = jpeg(tmp_path / "box.jpg")
    session, chosen = start(registry, ["compression-test"], results)
    session.resume(draft)
    prompter = ScriptedPrompter([str(photo)], otherwise=Typist(chosen))
    resumed = session.run(prompter)
    assert prompter.keys == [PHOTO], "the photo owed is asked first, nothing else"
    assert written(resumed)["photos"] == [{"file": SHAPE_PHOTO, "caption": CAPTION}]
