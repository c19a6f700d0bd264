"""A PDF from anyone drawn as images in a child process bounded in memory and time.

``qa-check image`` takes any PDF a user is handed. A few KB of nested form XObjects, each
drawing the next four times, make PDFium build millions of objects while it merely loads the
page: 12 levels took 7.8 GB and 34 s, and one more kills the machine, not the command. PDFium
cannot be told to stop, so the drawing runs in a child with an address-space and CPU limit and
a wall-clock timeout; a child that dies or overruns is one located error, and the run goes on
with its next file. ``certify --image`` draws the PDFs it has just made itself, in-process.

The child answers on its standard output: a JSON line (the pages' sizes and steps, or the
errors, each message in English and Chinese), then the images' bytes one after another. Only
data crosses, never a pickle: a child subverted by its PDF can at worst say something false.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from typing import Any

from qa_check.certificates.images import ImageFormat, PageImage, page_images
from qa_check.core.errors import CertificateError, Location, Problem
from qa_check.core.messages import Message, in_lang, msg

MEMORY = 1536 * 1024 * 1024
"""Address space of the child: a page of MAX_PIXELS as RGBA with its encodings is under 300 MB."""
CPU_SECONDS = 60
"""CPU time of the child: the examples' pages draw in 60 ms each, 50 pages of them in seconds."""
WALL_SECONDS = 120
"""Waited for the child in all: a child blocked, not computing, is stopped as well."""


def bounded_page_images(
    pdf: bytes, image: ImageFormat, where: Location, *, limit: int | None = None
) -> tuple[PageImage, ...]:
    """``images.page_images`` of ``pdf``, drawn in a bounded child; CertificateError at ``where``.

    A child that runs out of memory or time, or dies, is refused as too costly to draw.
    """
    costly = CertificateError([Problem(where, _too_costly())])
    try:
        child = subprocess.run(
            [sys.executable, "-m", __name__],
            input=json.dumps({"image": image.value, "limit": limit}).encode("ascii") + b"\n" + pdf,
            capture_output=True,
            timeout=WALL_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise costly from None
    head, _, body = child.stdout.partition(b"\n")
    try:
        said: dict[str, Any] = json.loads(head)
        if child.returncode != 0:
            raise ValueError
        if "errors" in said:
            problems = [Problem(where, Message(en, zh)) for en, zh in said["errors"]]
            raise CertificateError(problems)
        return tuple(_pages(said["pages"], body))
    except (ValueError, KeyError, TypeError):
        raise costly from None


def _pages(described: list[dict[str, Any]], body: bytes) -> list[PageImage]:
    """The child's pages, each its bytes cut from ``body`` in turn."""
    pages, at = [], 0
    for page in described:
        size = int(page["size"])
        lowered = page["lowered"]
        step = None if lowered is None else Message(str(lowered[0]), str(lowered[1]))
        data = body[at : at + size]
        if len(data) != size:
            raise ValueError
        pages.append(PageImage(data, int(page["width"]), int(page["height"]), step))
        at += size
    if at != len(body):
        raise ValueError
    return pages


def _limits() -> None:
    """The child's memory and CPU bounded, no core file left: first, before the PDF is read."""
    for kind, most in _LIMITS:
        bound = _bound(kind, most)
        resource.setrlimit(kind, (bound, bound))


_LIMITS = (
    (resource.RLIMIT_AS, MEMORY),
    (resource.RLIMIT_CPU, CPU_SECONDS),
    (resource.RLIMIT_CORE, 0),
)


def _bound(kind: int, most: int) -> int:
    """``most``, or the limit qa-check already runs under when that is tighter (only lowered)."""
    hard = resource.getrlimit(kind)[1]
    return most if hard == resource.RLIM_INFINITY else min(most, hard)


def _too_costly() -> Message:
    memory = _bound(resource.RLIMIT_AS, MEMORY) // (1024 * 1024)
    return msg(
        "attack_img_too_costly", memory=memory, seconds=_bound(resource.RLIMIT_CPU, CPU_SECONDS)
    )


def _child() -> None:
    """Draw the PDF on standard input; answer as the module's docstring says."""
    _limits()
    head, _, pdf = sys.stdin.buffer.read().partition(b"\n")
    asked = json.loads(head)
    image = ImageFormat(asked["image"])
    out = sys.stdout.buffer
    try:
        pages = page_images(pdf, image, Location(""), limit=asked["limit"])
    except CertificateError as exc:
        errors = [[str(p.message), in_lang(p.message, "zh")] for p in exc.problems]
        out.write(json.dumps({"errors": errors}).encode("utf-8") + b"\n")
        return
    described = [
        {
            "size": len(page.data),
            "width": page.width,
            "height": page.height,
            "lowered": None if page.lowered is None else [str(page.lowered), page.lowered.zh],
        }
        for page in pages
    ]
    out.write(json.dumps({"pages": described}).encode("utf-8") + b"\n")
    for page in pages:
        out.write(page.data)
    out.flush()
    os._exit(0)  # nothing left to tidy: PDFium's and Pillow's teardown is not waited for


if __name__ == "__main__":
    _child()
