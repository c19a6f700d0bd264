"""How a guided run starts: its options, as typed or as the draft it resumes kept them.

A run saves the options it was started with in its draft, so that ``--resume SKU`` alone goes
on as the run began (its language, ``--only``, ``--certify``, ``--out``, the key folder,
``--photos``). An option typed again on resume wins; a draft of an earlier version keeps none,
and resumes as before. The command a stopped run prints is the one this run was started with,
so that it works as typed where it was printed.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa_check.core.languages import CertificateLang, Lang

DEFAULT_OUT = Path("reports")


@dataclass(frozen=True, slots=True)
class RunStart:
    """The options a run goes by, after those a resumed draft kept were filled in."""

    lang: Lang | None
    """``--lang`` as typed when the run began (the certificate follows it alone)."""
    worker_lang: str | None
    """The language the draft was answered in: a resume speaks it unless ``--lang`` says."""
    only: list[str]
    certify: bool
    out: Path
    config: Path | None
    keys: Path | None
    sign: bool | None
    checklists: list[Path] | None
    photos: Path | None = None
    """``--photos DIR``, the phone's folder the photo steps take new images from."""

    @property
    def certificate_lang(self) -> CertificateLang:
        """The certificate's language: ``--lang`` alone, never the environment's."""
        return CertificateLang(self.lang) if self.lang else CertificateLang.EN

    def kept(self) -> dict[str, Any]:
        """What the draft keeps, as JSON: paths made absolute, so any folder resumes it."""
        kept: dict[str, Any] = {"only": list(self.only), "certify": self.certify}
        kept["out"] = str(self.out.absolute())
        for name, path in (("config", self.config), ("keys", self.keys), ("photos", self.photos)):
            if path is not None:
                kept[name] = str(path.absolute())
        if self.lang is not None:
            kept["lang"] = str(self.lang)
        if self.sign is not None:
            kept["sign"] = self.sign
        if self.checklists:
            kept["checklists"] = [str(path.absolute()) for path in self.checklists]
        return kept


def run_start(  # noqa: PLR0917 - each is one option of the run
    resume: str | None,
    results: Path,
    lang: Lang | None,
    only: list[str] | None,
    certify: bool,
    out: Path | None,
    config: Path | None,
    keys: Path | None,
    sign: bool | None,
    checklists: list[Path] | None,
    photos: Path | None = None,
) -> RunStart:
    """The run's options: as typed, the rest from the draft ``--resume`` names (if readable).

    A draft that is missing or damaged gives nothing here: the run says what is wrong with
    it when it takes it up.
    """
    kept, worker_lang = _kept(resume, results)
    path = _path_from(kept)
    kept_lang = kept.get("lang")
    return RunStart(
        lang or (Lang(kept_lang) if kept_lang in {each.value for each in Lang} else None),
        worker_lang,
        list(only or kept.get("only") or []),
        certify or bool(kept.get("certify")),
        out or path("out") or DEFAULT_OUT,
        config or path("config"),
        keys or path("keys"),
        sign if sign is not None else kept.get("sign"),
        checklists or [Path(str(p)) for p in kept.get("checklists") or []] or None,
        photos or path("photos"),
    )


def _kept(resume: str | None, results: Path) -> tuple[dict[str, Any], str | None]:
    if not resume:
        return {}, None
    from qa_check.core.errors import UsageError
    from qa_check.guided import drafts

    try:
        draft = drafts.load(drafts.draft_path(results, resume))
    except UsageError:
        return {}, None
    return draft.options, draft.lang


def _path_from(kept: dict[str, Any]) -> Any:
    def path(name: str) -> Path | None:
        value = kept.get(name)
        return Path(value) if isinstance(value, str) else None

    return path


def program() -> str:
    """The command that started this process, as it is typed here.

    ``qa-check`` when that name on PATH is this program; else the path it was started by
    (``.venv/bin/qa-check`` after the README's set-up); ``python -m qa_check`` with the
    interpreter that runs it, named as PATH finds it when it does.
    """
    started = sys.argv[0] if sys.argv else ""
    if not started or Path(started).name == "__main__.py":
        python = Path(sys.executable)
        found = shutil.which(python.name)
        same = found is not None and Path(found).resolve() == python.resolve()
        return f"{shlex.quote(python.name if same else str(python))} -m qa_check"
    name = Path(started).name
    found = shutil.which(name)
    if found is not None and Path(found).resolve() == Path(started).resolve():
        return shlex.quote(name)
    return shlex.quote(started)


def resume_command(sku: str, results: Path) -> str:
    """The command that resumes the run of ``sku``: the draft keeps the rest of its options."""
    command = f"{program()} run --resume {shlex.quote(sku)}"
    if results != Path("results"):
        command += f" --results {shlex.quote(str(results))}"
    return command
