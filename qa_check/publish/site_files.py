"""The site's folder: what it holds (its manifest), written file by file, never outside it.

The manifest (``.qa-check-site.json``) lists every file a publish wrote, with its SHA-256: a
publish rewrites only the files whose bytes changed, and removes only files the manifest lists
that the site no longer holds (never one it does not list). Before writing, a publish saves the
manifest marked unfinished, listing the files it may write as well as the old ones: a publish
stopped half-way (Ctrl-C, a full disk) leaves every file whole, the old or the new, and the next
publish, finding the mark, compares each file's bytes instead of trusting the hashes, so that
it finishes the site.

Each file is written to a temporary name beside it and renamed into place (whole or not at all),
without ``fsync`` (``files.fileio.atomic_write`` syncs each file, which at 500,000 files would
take minutes): a site is rebuilt from its registers at any time, and the manifest, written last,
is synced. A folder of the site that is a link, or a file that is a special one, is refused:
nothing is ever written outside ``--out``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa_check.core.errors import Location, Problem, UsageError, WriteError
from qa_check.core.messages import msg
from qa_check.files.fileio import atomic_write, cannot_write, writable_folder

MANIFEST = ".qa-check-site.json"
MANIFEST_FORMAT = "qa-check-site@1"
MAX_MANIFEST_BYTES = 1 << 30
SITE_PATH = re.compile(
    r"(index\.html|zh/index\.html|ca-cert\.pem|revocations\.json"
    r"|assets/qa-check\.(js|css)"
    r"|c/QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}/(index\.html|zh/index\.html|status\.json)"
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
    finished: bool = True
    """False: that publish was stopped; the hashes may not be the files' bytes."""

    def data(self) -> dict[str, Any]:
        """The manifest as its file holds it."""
        return {
            "format": MANIFEST_FORMAT,
            "finished": self.finished,
            "changed_at": self.changed_at,
            "files": dict(sorted(self.files.items())),
            "certificates": {key: list(value) for key, value in sorted(self.states.items())},
        }


def read_manifest(site: Path) -> Manifest:
    """The manifest of the site in ``site``; an empty one for an empty or a missing folder.

    UsageError for a folder that holds files but no manifest (it is not a site, and a publish
    must not mix its files with others), or a manifest qa-check did not write.
    """
    path = site / MANIFEST
    try:
        data = path.read_bytes() if path.is_file() and not path.is_symlink() else None
    except OSError as exc:
        raise cannot_write(path, exc) from exc
    if data is None:
        if site.is_dir() and any(site.iterdir()):
            raise UsageError([Problem(Location(str(site)), msg("web_not_a_site", path=str(site)))])
        return Manifest()
    bad = UsageError([Problem(Location(str(path)), msg("web_not_manifest", path=str(site)))])
    try:
        found = json.loads(data)
        files = found["files"]
        states = found["certificates"]
        manifest = Manifest(
            {str(k): str(v) for k, v in files.items()},
            {str(k): (str(v[0]), str(v[1])) for k, v in states.items()},
            str(found["changed_at"]),
            bool(found["finished"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise bad from None
    if found.get("format") != MANIFEST_FORMAT or not all(map(SITE_PATH.fullmatch, manifest.files)):
        raise bad
    return manifest


def sha256(data: bytes) -> str:
    """The hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


@dataclass(slots=True)
class SiteWriter:
    """Writes a site's files into ``root``, each only when its bytes changed."""

    root: Path
    old: Manifest
    new: dict[str, str] = field(default_factory=dict)
    written: int = 0
    kept: int = 0
    removed: int = 0
    _folders: set[str] = field(default_factory=set)

    def begin(self, paths: Iterable[str]) -> None:
        """Save the manifest marked unfinished, listing ``paths`` beside the old files."""
        writable_folder(self.root)
        files = dict(self.old.files)
        for path in paths:
            files.setdefault(path, "")
        pending = Manifest(files, self.old.states, self.old.changed_at, finished=False)
        self._save(pending)

    def put(self, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path`` unless the site has these bytes there; True: written."""
        digest = sha256(data)
        self.new[path] = digest
        if self._same(path, digest, data):
            self.kept += 1
            return False
        folder, _, name = path.rpartition("/")
        target = self._folder(folder) / name
        temp = target.with_name(f".{name}.{os.getpid()}.tmp")
        try:
            try:
                handle = os.open(temp, _NEW, 0o666)
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                temp.replace(target)
            except OSError as exc:
                raise cannot_write(target, exc) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise
        self.written += 1
        return True

    def finish(self, states: Mapping[str, tuple[str, str]], changed_at: str) -> None:
        """Remove the files the old manifest lists that the site no longer holds; save it whole."""
        for path in sorted(set(self.old.files) - set(self.new)):
            self._remove(path)
        self._save(Manifest(dict(self.new), dict(states), changed_at))

    def changed(self, path: str, data: bytes) -> bool:
        """Whether ``data`` differs from what the site holds at ``path``."""
        return not self._same(path, sha256(data), data)

    def _same(self, path: str, digest: str, data: bytes) -> bool:
        if self.old.finished:
            return self.old.files.get(path) == digest
        try:  # after a stopped publish: the file's bytes, not the manifest's word
            return (self.root / path).read_bytes() == data
        except OSError:
            return False

    def _folder(self, folder: str) -> Path:
        """The site's folder ``folder``, made when missing; never a link or a file."""
        path = self.root / folder if folder else self.root
        if not folder or folder in self._folders:
            return path
        parent, _, _ = folder.rpartition("/")
        self._folder(parent)
        try:
            path.mkdir()
        except FileExistsError:
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                where = Location(str(path))
                raise WriteError(
                    [Problem(where, msg("web_link_in_site", path=str(path)))]
                ) from None
        except OSError as exc:
            raise cannot_write(path, exc) from exc
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
