"""What a certificate needs of a record beyond its verdict, handed to the judgement as checks.

``certify`` refuses a record whose texts its font cannot draw, whose SKU no Code 128 can carry,
or whose photos it cannot find. ``validate``, ``certify``, the guided run and the page judge
with the same ``CHECKS``, so they all agree and ``validate`` says so first. Nothing here
imports reportlab or decodes a photo: ``validate`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from qa_check.certificates import photos
from qa_check.certificates.page import glyphs
from qa_check.core.errors import data_path
from qa_check.core.messages import Message, msg
from qa_check.engine import models as m
from qa_check.engine.judge import Judged, RecordCheck
from qa_check.engine.rules import PathKey

Found = Iterator[tuple[PathKey, str]]

_PRINTED_FIELDS = ("sku", "product_name", *m.PARTY_FIELDS, "inspector", "site")
"""The record's own fields a certificate prints."""


def sku_barcode_problem(sku: str) -> Message | None:
    """Why a SKU cannot be the Code 128 barcode of a certificate (non-ASCII), or None."""
    outside = [char for char in dict.fromkeys(sku) if not " " <= char <= "~"]
    if not outside:
        return None
    return msg("sku_not_code128", chars=glyphs.describe(outside))


def drawable_texts(judged: Judged) -> Found:
    """Every text the certificate prints is in its font: fields, photos and captions, answers."""
    record = judged.record
    texts: list[tuple[PathKey, str]] = [
        ((name,), text) for name in _PRINTED_FIELDS if (text := getattr(record, name)) is not None
    ]
    for index, photo in enumerate(record.photos):
        texts.append((_photo_file(judged, index), photo.file))
        if photo.caption is not None:
            texts.append((("photos", index, "caption"), photo.caption))
    texts.extend(judged.text_answers)
    for path, text in texts:
        gaps = glyphs.missing(text)
        if judged.raw.problems:  # U+FFFD stands for bytes the reader already reported
            gaps = [char for char in gaps if char != "\ufffd"]
        if gaps:
            yield path, msg("font_lacks", chars=glyphs.describe(gaps))


def barcode(judged: Judged) -> Found:
    """The SKU is printed as Code 128: it must be ASCII."""
    problem = sku_barcode_problem(judged.record.sku)
    if problem is not None:
        yield ("sku",), problem


def photo_files(judged: Judged) -> Found:
    """Photos fit on one certificate and, when files may be looked at, are files beside it.

    They are found by ``photos.find`` as ``certify`` finds them; only ``certify`` decodes them.
    """
    record = judged.record
    many = photos.too_many(len(record.photos))
    if many is not None:
        yield ("photos",), many
    elif judged.files:
        folder = Path(judged.raw.origin.file).parent
        for index, photo in enumerate(record.photos):
            found = photos.find(folder, photo.file)
            if isinstance(found, Message):
                yield _photo_file(judged, index), found


def _photo_file(judged: Judged, index: int) -> PathKey:
    """Where photo ``index`` names its file: the entry itself, or its ``file`` field."""
    return data_path(judged.raw.data, ("photos", index, "file"))


CHECKS: tuple[RecordCheck, ...] = (drawable_texts, barcode, photo_files)
"""What every judgement for a certificate or for ``validate`` checks, in this order."""
