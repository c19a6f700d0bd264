"""The site's folder: what it holds (its manifest), written file by file, never outside it.

The manifest (``.qa-check-site.json``) lists every file a publish wrote, with its SHA-256: a
publish rewrites only the files whose bytes changed, and removes only files the manifest lists
that the site no longer holds (never one it does not list). Before writing, a publish leaves a
note (``.qa-check-site.pending.json``) naming every file it may write that the manifest does not
vouch for, and removes it once the manifest is saved whole: a publish stopped half-way (Ctrl-C,
a full disk) leaves every file whole, the old or the new, and the next publish, finding the
note, compares each file's bytes instead of trusting the hashes, and so finishes the site.

A file that was not there is created and written in one go (removed again if Ctrl-C comes
between); one that was is written to a temporary name beside it and renamed over it. Neither is
synced (``files.fileio.atomic_write`` syncs each file, which at 500,000 files takes minutes): a
site is rebuilt from its registers at any time, and the manifest, written last, is synced. A
folder of the site that is a link is refused: nothing is ever written outside ``--out``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_check.core.errors import Location, Problem, UsageError, WriteError
from qa_check.core.messages import msg
from qa_check.files.fileio import (
    NotRegularFile,
    atomic_write,
    cannot_write,
    open_regular,
    read_regular,
    writable_folder,
)

MANIFEST = ".qa-check-site.json"
PENDING = ".qa-check-site.pending.json"
MANIFEST_FORMAT = "qa-check-site@1"
MAX_MANIFEST_BYTES = 1 << 30
SITE_PATH = re.compile(
    r"(index\.html|zh/index\.html|ca-cert\.pem|revocations\.json"
    r"|assets/qa-check\.(js|css)"
    r"|c/QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/(index\.html|zh/index\.html|status\.json)"
    r"|QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/index\.html"
    r"|[hs]/[0-9a-f]{64}\.json)",
    re.ASCII,
)
"""Every path a site holds: a manifest naming any other is not one qa-check wrote."""
_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


@dataclass(slots=True)
class Manifest:
    """What a publish left in the site: its files' hashes, and each certificate's state."""

    files: dict[str, str] = field(default_factory=dict)
    """Path (relative, ``/``-separated) -> SHA-256 of its bytes; ``""``: not known."""
    states: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Certificate id -> (a hash of its status object, the publish time that made it)."""
    changed_at: str = ""
    """The publish time that last changed the site."""
    renderer: str = ""
    """A hash of what rendered its files (the qa-check, its words): another renders them again."""
    finished: bool = True
    """False: a publish was stopped (its note is there); the hashes may not be the files'."""

    def data(self) -> dict[str, Any]:
        """The manifest as its file holds it."""
        return {
            "format": MANIFEST_FORMAT,
            "changed_at": self.changed_at,
            "renderer": self.renderer,
            "files": self.files,
            "certificates": self.states,
        }


def _created(target: str, data: bytes) -> bool:
    """Write a file that was not there, whole or not at all; False: a file is there already.

    One ``write`` of a few KB is never cut short; Ctrl-C after the file was made and before it
    was written removes it again. A rename (``_replaced``) costs as much again, half a million
    times over on a first publish.
    """
    try:
        handle = os.open(target, _NEW, 0o666)
    except FileExistsError:
        return False
    except OSError as exc:
        raise cannot_write(Path(target), exc) from exc
    try:
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
        except OSError as exc:
            raise cannot_write(Path(target), exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(target)  # noqa: PTH108 - text paths, see SiteWriter.put
        raise
    return True


def _replaced(target: str, data: bytes) -> None:
    """Replace the file at ``target`` with ``data``: written beside it, then renamed over it."""
    name = target.rpartition("/")[2]
    temp = f"{target[: -len(name)]}.{name}.{os.getpid()}.tmp"
    try:
        try:
            handle = os.open(temp, _NEW, 0o666)
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temp, target)  # noqa: PTH105 - text paths, see SiteWriter.put
        except OSError as exc:
            raise cannot_write(Path(target), exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)  # noqa: PTH108
        raise


def read_manifest(site: Path) -> Manifest:
    """The manifest of the site in ``site``; an empty one for an empty or a missing folder.

    UsageError for a folder that holds files but no manifest (it is not a site, and a publish
    must not mix its files with others), or a manifest qa-check did not write.
    """
    data, pending = _read(site / MANIFEST), _read(site / PENDING)
    if data is None and pending is None:
        if site.is_dir() and any(site.iterdir()):
            raise UsageError([Problem(Location(str(site)), msg("web_not_a_site", path=str(site)))])
        return Manifest()
    bad = UsageError([Problem(Location(str(site)), msg("web_not_manifest", path=str(site)))])
    try:
        found: dict[str, Any] = {"format": MANIFEST_FORMAT}
        if data is not None:
            found = json.loads(data)
        manifest = Manifest(
            {str(k): str(v) for k, v in found.get("files", {}).items()},
            {str(k): (str(v[0]), str(v[1])) for k, v in found.get("certificates", {}).items()},
            str(found.get("changed_at", "")),
            str(found.get("renderer", "")),
        )
        if pending is not None:
            manifest.finished = False
            for path in json.loads(pending)["files"]:
                manifest.files.setdefault(str(path), "")
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise bad from None
    if found.get("format") != MANIFEST_FORMAT or not all(map(SITE_PATH.fullmatch, manifest.files)):
        raise bad
    return manifest


def _read(path: Path) -> bytes | None:
    """A file of the site's own, or None when there is none (a link counts as none).

    Read bounded: a manifest over MAX_MANIFEST_BYTES is not one a publish wrote.
    """
    try:
        handle = open_regular(path)
    except (FileNotFoundError, IsADirectoryError, NotRegularFile):
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None
        raise cannot_write(path, exc) from exc
    with os.fdopen(handle, "rb") as file:
        try:
            large = os.fstat(handle).st_size > MAX_MANIFEST_BYTES
            data = b"" if large else file.read()
        except OSError as exc:
            raise cannot_write(path, exc) from exc
    if large or len(data) > MAX_MANIFEST_BYTES:
        where = Location(str(path))
        raise UsageError([Problem(where, msg("web_not_manifest", path=str(path.parent)))])
    return data


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class SiteWriter:
    """Writes a site's files into ``root``, each only when its bytes changed."""

    root: Path
    old: Manifest
    renderer: str = ""
    """What renders the files now (``Manifest.renderer``)."""
    new: dict[str, str] = field(default_factory=dict)
    written: int = 0
    kept: int = 0
    removed: int = 0
    _folders: set[str] = field(default_factory=set)

    def begin(self, paths: Iterable[str]) -> None:
        """Leave the note of a publish under way: ``paths``, and the files not vouched for."""
        writable_folder(self.root)
        old = self.old.files
        unsure = [path for path in paths if not old.get(path)]
        unsure += [path for path, digest in old.items() if not digest]
        note = {"format": MANIFEST_FORMAT, "files": sorted(set(unsure))}
        atomic_write(self.root / PENDING, json.dumps(note) + "\n")

    def put(self, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path`` unless the site has these bytes there; True: written."""
        digest = sha256(data)
        self.new[path] = digest
        if self._same(path, digest, data):
            self.kept += 1
            return False
        folder, _, name = path.rpartition("/")
        # Paths as text, not Path objects: half a million of them took seconds to build.
        target = f"{self._folder(folder)}/{name}"
        if path in self.old.files or not _created(target, data):
            _replaced(target, data)
        self.written += 1
        return True

    def keep(self, paths: Sequence[str]) -> bool:
        """Keep ``paths`` as the last publish wrote them, if it finished them, rendered alike.

        False (nothing kept) when one of them is not known: they must be rendered and put.
        """
        old = self.old
        if not old.finished or old.renderer != self.renderer:
            return False
        hashes = [old.files.get(path, "") for path in paths]
        if not all(hashes):
            return False
        self.new.update(zip(paths, hashes, strict=True))
        self.kept += len(paths)
        return True

    def finish(self, states: Mapping[str, tuple[str, str]], changed_at: str) -> None:
        """Remove the files the old manifest lists that the site no longer holds; save it whole."""
        for path in sorted(set(self.old.files) - set(self.new)):
            self._remove(path)
        self._save(Manifest(dict(self.new), dict(states), changed_at, self.renderer))
        try:
            (self.root / PENDING).unlink()
        except OSError as exc:
            raise cannot_write(self.root / PENDING, exc) from exc

    def changed(self, path: str, data: bytes) -> bool:
        """Whether ``data`` differs from what the site holds at ``path``."""
        return not self._same(path, sha256(data), data)

    def _same(self, path: str, digest: str, data: bytes) -> bool:
        if self.old.finished:
            return self.old.files.get(path) == digest
        try:  # after a stopped publish: the file's bytes, not the manifest's word; a link,
            # a device or a pipe planted in the site is not read (and is replaced)
            return read_regular(self.root / path, len(data)) == data
        except OSError:
            return False

    def _folder(self, folder: str) -> str:
        """The site's folder ``folder``, made when missing; never a link or a file."""
        path = f"{self.root}/{folder}" if folder else str(self.root)
        if not folder or folder in self._folders:
            return path
        parent, _, _ = folder.rpartition("/")
        self._folder(parent)
        try:
            os.mkdir(path)  # noqa: PTH102 - text paths, see put
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                where = Location(path)
                raise WriteError([Problem(where, msg("web_link_in_site", path=path))]) from None
        except OSError as exc:
            raise cannot_write(Path(path), exc) from exc
        self._folders.add(folder)
        return path

    def _remove(self, path: str) -> None:
        target = self.root / path
        try:
            for parent in reversed(target.relative_to(self.root).parents[:-1]):
                if not stat.S_ISDIR(os.lstat(self.root / parent).st_mode):
                    return  # a link put in the site: what it leads to is not the site's
            if stat.S_ISREG(os.lstat(target).st_mode):
                target.unlink()
                self.removed += 1
        except FileNotFoundError:
            return
        except OSError as exc:
            raise cannot_write(target, exc) from exc
        folder = target.parent
        while folder != self.root:  # c/<id>/zh and c/<id> of a certificate no longer published
            try:
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent

    def _save(self, manifest: Manifest) -> None:
        text = json.dumps(manifest.data(), ensure_ascii=False, separators=(",", ":"))
        atomic_write(self.root / MANIFEST, text + "\n")
