"""Checklist loading and linting: YAML files -> validated, compiled checklists in a registry."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from qa_check.core.errors import (
    ChecklistError,
    InputError,
    Location,
    Problem,
    UsageError,
    dotted,
    pydantic_messages,
)
from qa_check.core.messages import msg
from qa_check.engine import answers, rules, units
from qa_check.engine import models as m
from qa_check.files.fileio import atomic_write, files_under
from qa_check.files.safe_yaml import Path_, line_for, load_yaml, read_text

CHECKLIST_SUFFIXES = (".yaml", ".yml")
KNOWN_NAME = "released.sha256"
"""The known-hashes file in a checklist folder: every released version's content, so that
``lint`` of the folder reports a released version edited instead of copied to a new one."""
WITHDRAWALS_NAME = "withdrawals.yaml"
"""The file in a checklist folder naming withdrawn versions: read beside the checklists, never
as one, and outside every checklist's content (withdrawing changes no hash)."""


@dataclass(frozen=True, slots=True)
class CompiledItem:
    """An item ready to judge answers: parser, conditions and check already built."""

    qname: str
    item: m.Item
    parse: answers.Parser
    conditions: tuple[rules.When, ...]
    check: rules.Check
    describe: rules.Describe
    checklist_id: str
    item_id: str
    passing_texts: frozenset[str]
    """Answers known to pass as typed, once the item applies; empty where there is no such set."""
    depends: frozenset[str] = frozenset()
    """Items (``checklist.item``) its conditions and criterion refer to: asked before it."""


@dataclass(frozen=True)
class CompiledChecklist:
    """A checklist with its source file and compiled items, in the order they are asked."""

    checklist: m.Checklist
    source: str
    items: tuple[CompiledItem, ...]
    by_id: dict[str, CompiledItem] = field(repr=False)
    data: dict[str, Any] = field(repr=False)
    """The checklist as read, before validation: what a certificate embeds to be re-judged."""
    version_line: int | None = field(default=None, repr=False)
    """The line of its ``version:``, where lint points when its content changed."""


@dataclass(frozen=True)
class _Parsed:
    checklist: m.Checklist
    source: str
    lines: dict[Path_, int]
    data: dict[str, Any]


class Registry:
    """Every loaded checklist, by id and version, with the versions withdrawn from certifying.

    ``fill_ins`` (the released versions shipped with qa-check) answer only ``get``: a record
    that names a version the loaded folders lack is judged by it, while the newest versions,
    the ids and the iteration (template, run, lint, select) are the loaded folders' alone.
    """

    def __init__(
        self,
        checklists: Iterable[CompiledChecklist],
        fill_ins: Iterable[CompiledChecklist] = (),
        withdrawals: Mapping[str, m.Withdrawal] | None = None,
    ) -> None:
        self._by_key = {c.checklist.key: c for c in checklists}
        self._fill_ins = {
            c.checklist.key: c for c in fill_ins if c.checklist.key not in self._by_key
        }
        self.withdrawals: Mapping[str, m.Withdrawal] = withdrawals or {}

    def get(self, checklist_id: str, version: str) -> CompiledChecklist | None:
        """The checklist a record names, or None when it is not loaded."""
        key = f"{checklist_id}@{version}"
        return self._by_key.get(key) or self._fill_ins.get(key)

    def versions(self, checklist_id: str) -> list[str]:
        """The versions of a checklist id a record may name, oldest first, for messages."""
        return sorted(
            (c.checklist.version for c in self.nameable() if c.checklist.id == checklist_id),
            key=_version_key,
        )

    def nameable(self) -> Iterator[CompiledChecklist]:
        """Every version a record may name: the loaded ones, then the fill-ins."""
        yield from self._by_key.values()
        yield from self._fill_ins.values()

    def latest(self, checklist_id: str) -> CompiledChecklist | None:
        """The newest loaded version (versions compare as numbers where they are numbers)."""
        found = [c for c in self._by_key.values() if c.checklist.id == checklist_id]
        return max(found, key=lambda c: _version_key(c.checklist.version), default=None)

    def ids(self) -> list[str]:
        """Checklist ids in the order their files were loaded, each once."""
        return list(dict.fromkeys(c.checklist.id for c in self._by_key.values()))

    def withdrawn(self, key: str, day: date) -> m.Withdrawal | None:
        """The withdrawal of ``id@version`` in force on ``day``, if any."""
        found = self.withdrawals.get(key)
        return found if found is not None and day >= found.since else None

    def __iter__(self) -> Iterator[CompiledChecklist]:
        return iter(self._by_key.values())


def _version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in version.split("."))


def checklist_files(paths: Sequence[Path]) -> list[Path]:
    """The checklist files under the given files and folders; finding none is an error."""
    found = files_under(paths, CHECKLIST_SUFFIXES, msg("kind_checklist_file"))
    skipped = [entry for entry in found if isinstance(entry, Problem)]
    if skipped:
        raise UsageError(skipped)
    files = [
        entry
        for entry in found
        if isinstance(entry, Path) and (entry.name != WITHDRAWALS_NAME or entry in paths)
    ]
    if not files:
        where = ", ".join(str(p) for p in paths)
        raise UsageError([Problem(Location(where), "no checklist files (*.yaml) found")])
    return files


def lint(
    paths: Sequence[Path], known: Path | None = None, fill_in: Sequence[Path] = ()
) -> list[Problem]:
    """Every problem in the checklists under ``paths``: syntax, schema, ids, references.

    Also every ``id@version`` listed in ``known`` (a file of known hashes; by default each
    folder's ``released.sha256``) whose content is no longer what was listed: a checklist
    edited without a new version; a file named ``id@version.yaml`` holding another version;
    and a withdrawals file that cannot be read or names a version neither ``paths`` nor the
    ``fill_in`` folders hold.
    """
    registry, problems = _build(checklist_files(paths))
    problems.extend(_misnamed(registry))
    for listing in [known] if known is not None else _beside(paths, KNOWN_NAME):
        problems.extend(_changed(registry, read_known(listing), listing))
    extra = _extra(paths, fill_in)
    shipped = _build(checklist_files(extra))[0] if extra else Registry(())
    problems.extend(_withdrawals(paths, Registry(registry, shipped))[1])
    return problems


def load_registry(paths: Sequence[Path], fill_in: Sequence[Path] = ()) -> Registry:
    """Load and compile checklists, or raise ChecklistError listing every problem.

    ``fill_in`` folders (the released versions qa-check ships, ``bundled_folders()``) give the
    versions ``paths`` lack, for records that name them; their withdrawals count too, after
    those beside ``paths``.
    """
    registry, problems = _build(checklist_files(paths))
    extra = _extra(paths, fill_in)
    shipped, found = _build(checklist_files(extra)) if extra else (Registry(()), [])
    withdrawals, withdrawal_problems = _withdrawals([*paths, *extra])
    problems += found + withdrawal_problems
    if problems:
        raise ChecklistError(problems)
    return Registry(registry, shipped, withdrawals)


def _extra(paths: Sequence[Path], fill_in: Sequence[Path]) -> list[Path]:
    """The fill-in folders that are not among ``paths`` (the bundled folder named as the one)."""
    named = {path.resolve() for path in paths}
    return [folder for folder in fill_in if folder.resolve() not in named]


def registry_from_data(checklists: Sequence[object], source: str) -> Registry:
    """Compile checklists held as data (as embedded in a certificate), or raise ChecklistError."""
    registry, problems = _build_from(
        (
            _validate(data, {}, f"{source} checklists[{index}]")
            for index, data in enumerate(checklists)
        ),
        [],
    )
    if problems:
        raise ChecklistError(problems)
    return registry


def _build(files: list[Path]) -> tuple[Registry, list[Problem]]:
    problems: list[Problem] = []
    found: list[_Parsed | list[Problem]] = []
    for file in files:
        try:
            found.append(_parse(file))
        except InputError as exc:
            problems.extend(exc.problems)
    return _build_from(found, problems)


def _build_from(
    entries: Iterable[_Parsed | list[Problem]], problems: list[Problem]
) -> tuple[Registry, list[Problem]]:
    parsed: list[_Parsed] = []
    seen: dict[str, str] = {}
    for found in entries:
        if isinstance(found, list):
            problems.extend(found)
            continue
        key = found.checklist.key
        if key in seen:
            where = Location(found.source, line_for(found.lines, ("version",)))
            problems.append(Problem(where, f"{key} is also defined in {seen[key]}"))
            continue
        seen[key] = found.source
        parsed.append(found)
    # Cross-checklist references resolve against the newest version of the other checklist.
    newest: dict[str, _Parsed] = {}
    for entry in parsed:
        current = newest.get(entry.checklist.id)
        if current is None or _version_key(entry.checklist.version) > _version_key(
            current.checklist.version
        ):
            newest[entry.checklist.id] = entry
    compiled = []
    for entry in parsed:
        result = _compile(entry, newest)
        if isinstance(result, list):
            problems.extend(result)
        else:
            compiled.append(result)
    by_source = {entry.source: entry for entry in parsed}
    in_use = [c for c in compiled if newest[c.checklist.id].source == c.source]
    for item, cycle in _cycles(in_use):
        entry = by_source[next(c.source for c in in_use if c.checklist.id == item.checklist_id)]
        index = next(i for i, spec in enumerate(entry.checklist.items) if spec.id == item.item_id)
        path: Path_ = ("items", index, "when" if item.item.when else "criterion")
        where = Location(entry.source, line_for(entry.lines, path), field=dotted(path))
        chain = " -> ".join(cycle)
        problems.append(Problem(where, f"conditions and comparisons form a cycle: {chain}"))
    return Registry(compiled), problems


def question_order(
    checklists: Sequence[CompiledChecklist],
) -> tuple[list[CompiledItem], list[CompiledItem]]:
    """Items in the order they are asked, and those that cannot be placed (a cycle).

    Checklists come by their ``order`` (then as given) and items as written, except that an
    item comes after every item it refers to, in whatever checklist: the one order in which
    each question can be decided when it is reached.
    """
    ranked = sorted(enumerate(checklists), key=lambda pair: (pair[1].checklist.order, pair[0]))
    pending = [item for _, compiled in ranked for item in compiled.items]
    known = {item.qname for item in pending}
    placed: set[str] = set()
    ordered: list[CompiledItem] = []
    while pending:
        for index, item in enumerate(pending):
            if all(need in placed or need not in known for need in item.depends):
                ordered.append(pending.pop(index))
                placed.add(item.qname)
                break
        else:
            return ordered, pending
    return ordered, []


def _cycles(checklists: Sequence[CompiledChecklist]) -> Iterator[tuple[CompiledItem, list[str]]]:
    """Each item on a cycle of references, with the cycle as ``a.x -> b.y -> a.x``."""
    _, stuck = question_order(checklists)
    by_name = {item.qname: item for item in stuck}
    reported: set[str] = set()
    for start in stuck:
        chain = [start.qname]
        while True:
            following = next(need for need in sorted(by_name[chain[-1]].depends) if need in by_name)
            if following in chain:
                cycle = [*chain[chain.index(following) :], following]
                break
            chain.append(following)
        for name in cycle[:-1]:
            if name not in reported:
                reported.add(name)
                yield by_name[name], cycle


def _parse(file: Path) -> _Parsed | list[Problem]:
    source = str(file)
    data, lines = load_yaml(read_text(file), source)
    return _validate(data, lines, source)


def _validate(data: object, lines: dict[Path_, int], source: str) -> _Parsed | list[Problem]:
    if not isinstance(data, dict):
        return [Problem(Location(source, 1), "a checklist is a mapping with id, version, items")]
    try:
        checklist = m.Checklist.model_validate(data)
    except ValidationError as exc:
        return _located(exc, data, lines, source)
    return _Parsed(checklist, source, lines, data)


def _located(
    exc: ValidationError, data: object, lines: dict[Path_, int], source: str
) -> list[Problem]:
    """Each of a file's validation errors at its line and field."""
    return [
        Problem(Location(source, line_for(lines, path), field=dotted(path) or None), message)
        for path, message in pydantic_messages(exc.errors(), data)
    ]


def _beside(paths: Sequence[Path], name: str) -> list[Path]:
    """The files called ``name`` directly in the folders among ``paths``."""
    return [path / name for path in paths if (path / name).is_file()]


def _misnamed(registry: Registry) -> list[Problem]:
    """A problem for each file named ``id@version.yaml`` that holds another version.

    Released versions are kept as ``id@version.yaml``: a copy made for a new version whose
    name or ``version:`` was not changed with it would otherwise judge under the wrong name.
    """
    problems = []
    for compiled in registry:
        name = Path(compiled.source).stem
        if "@" in name and name != compiled.checklist.key:
            where = Location(compiled.source, compiled.version_line, field="version")
            problems.append(
                Problem(where, msg("checklist_misnamed", name=name, key=compiled.checklist.key))
            )
    return problems


_WITHDRAWALS = TypeAdapter(dict[m.Key, m.Withdrawal])


def _withdrawals(
    paths: Sequence[Path], registry: Registry | None = None
) -> tuple[dict[str, m.Withdrawal], list[Problem]]:
    """The withdrawals files in the folders among ``paths``, the first to name a version winning.

    Their problems too: what cannot be read and, with ``registry``, each version they name
    that it does not hold (a withdrawal sits beside the versions it is about).
    """
    found: dict[str, m.Withdrawal] = {}
    problems: list[Problem] = []
    for file in _beside(paths, WITHDRAWALS_NAME):
        source = str(file)
        try:
            text = read_text(file)
            if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
                continue  # comments alone (as shipped): nothing withdrawn
            data, lines = load_yaml(text, source)
            entries = _WITHDRAWALS.validate_python(data)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        except ValidationError as exc:
            problems.extend(_located(exc, data, lines, source))
            continue
        for key, entry in entries.items():
            found.setdefault(key, entry)
            if registry is None:
                continue
            for path, named in (((key,), key), ((key, "use"), entry.use)):
                checklist_id, _, version = named.partition("@")
                if registry.get(checklist_id, version) is None:
                    where = Location(source, line_for(lines, path), field=dotted(path))
                    problems.append(Problem(where, msg("withdrawal_unknown", key=named)))
    return found, problems


def _compile(entry: _Parsed, newest: dict[str, _Parsed]) -> CompiledChecklist | list[Problem]:
    checklist = entry.checklist
    problems: list[Problem] = []

    def report(path: Path_, message: str) -> None:
        where = Location(entry.source, line_for(entry.lines, path), field=dotted(path) or None)
        problems.append(Problem(where, message))

    others = {
        f"{other.checklist.id}.{item.id}": item
        for other in newest.values()
        if other.checklist.id != checklist.id
        for item in other.checklist.items
    }
    own = {f"{checklist.id}.{item.id}": item for item in checklist.items}
    earlier = set(others)
    scope = rules.Scope(checklist, {**others, **own}, earlier)
    compiled: list[CompiledItem] = []
    ids_seen: dict[str, int] = {}
    for index, item in enumerate(checklist.items):
        path: Path_ = ("items", index)
        if item.id in ids_seen:
            report(
                (*path, "id"), f"duplicate item id {item.id!r} (also items[{ids_seen[item.id]}])"
            )
            continue
        ids_seen[item.id] = index
        scope.referenced = set()
        try:
            parse = answers.parser_for(item.answer)
            _measured(item.answer, (*path, "answer"))
            conditions = tuple(
                rules.condition(cond, scope, (*path, "when", i)) for i, cond in enumerate(item.when)
            )
            check, describe = rules.criterion(item, parse, scope, (*path, "criterion"))
        except rules.SpecError as exc:
            report(exc.path, str(exc))
        else:
            compiled.append(
                CompiledItem(
                    f"{checklist.id}.{item.id}",
                    item,
                    parse,
                    conditions,
                    check,
                    describe,
                    checklist.id,
                    item.id,
                    answers.passing_texts(item, parse),
                    frozenset(scope.referenced),
                )
            )
        earlier.add(f"{checklist.id}.{item.id}")
    if problems:
        return problems
    return CompiledChecklist(
        checklist,
        entry.source,
        tuple(compiled),
        {c.item.id: c for c in compiled},
        entry.data,
        line_for(entry.lines, ("version",)),
    )


def _measured(answer: m.AnswerSpec, path: Path_) -> None:
    """A number's ``quantity`` must be measured in its unit: SpecError saying why not."""
    if isinstance(answer, m.SeriesAnswer):
        answer, path = answer.entry, (*path, "entry")
    if isinstance(answer, m.NumberAnswer) and answer.quantity is not None:
        problem = units.quantity_problem(answer.unit, answer.quantity)
        if problem is not None:
            raise rules.SpecError((*path, "quantity"), problem)


def content_hash(data: object) -> str:
    """SHA-256 of data as JSON with sorted keys: equal for equal content, however it was laid out.

    One hash for ``id@version`` content everywhere: a draft remembers it, a certificate records
    it and ``lint --known`` compares with it, so they all agree on what "changed" means.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


KNOWN_HEADER = (
    "# Checklist versions known to qa-check lint: id@version, then the SHA-256 of its content.\n"
    "# Add the current ones with: qa-check lint --known FILE --add-known (a listed hash is\n"
    "# never rewritten: an edited checklist needs a new version).\n"
)
_KNOWN_LINE = re.compile(r"(\S+@\S+)[ \t]+([0-9a-f]{64})", re.ASCII)


@dataclass(frozen=True, slots=True)
class Known:
    """A listed checklist version: the hash of its content and the line it is listed on."""

    sha256: str
    line: int


def read_known(path: Path) -> dict[str, Known]:
    """The file of known hashes: ``id@version sha256`` a line, ``#`` comments and blank lines.

    Raises InputError naming every line that is not one entry, or lists a version twice.
    """
    return _parse_known(_known_text(path), str(path))


def add_known(path: Path, paths: Sequence[Path]) -> list[str]:
    """List the checklist versions under ``paths`` that ``path`` does not list yet.

    Appends, never rewrites: a listed hash stays what it was, so that lint keeps reporting an
    edited checklist until it gets a new version. Returns the ``id@version`` added.
    """
    text = _known_text(path) if path.exists() else ""
    known = _parse_known(text, str(path))
    registry = _build(checklist_files(paths))[0]
    new = {c.checklist.key: content_hash(c.data) for c in registry if c.checklist.key not in known}
    if new:
        if not text:
            text = KNOWN_HEADER
        elif not text.endswith("\n"):
            text += "\n"
        atomic_write(path, text + "".join(f"{key} {sha256}\n" for key, sha256 in new.items()))
    return list(new)


def _known_text(path: Path) -> str:
    """The known-hashes file's text; an empty file is an empty list, not an error."""
    return "" if path.is_file() and path.stat().st_size == 0 else read_text(path)


def _parse_known(text: str, where: str) -> dict[str, Known]:
    known: dict[str, Known] = {}
    problems: list[Problem] = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        found = _KNOWN_LINE.fullmatch(entry)
        if found is None:
            problems.append(Problem(Location(where, number), msg("known_line")))
        elif found[1] in known:
            first = known[found[1]].line
            problems.append(Problem(Location(where, number), msg("known_twice", first=first)))
        else:
            known[found[1]] = Known(found[2], number)
    if problems:
        raise InputError(problems)
    return known


def _changed(registry: Registry, known: dict[str, Known], path: Path) -> list[Problem]:
    """A problem at the ``version:`` line of each listed checklist whose content changed."""
    problems = []
    for compiled in registry:
        key = compiled.checklist.key
        listed = known.get(key)
        if listed is not None and listed.sha256 != content_hash(compiled.data):
            where = Location(compiled.source, compiled.version_line, field="version")
            listing = f"{path}:{listed.line}"
            problems.append(Problem(where, msg("known_changed", key=key, known=listing)))
    return problems


class _Absent:
    """A value one side does not have."""


ABSENT = _Absent()


def differences(first: object, second: object, path: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Where two checklists' data differ, value by value, as (path, first, second).

    Dictionaries go key by key (``settings.drop_height_m``); lists of entries that have ids go
    id by id (``items[drop_height_m].criterion.at_least``), so that an item moved or inserted
    is not every later item changed; other lists go entry by entry. ABSENT stands for a value
    one side lacks.
    """
    if isinstance(first, dict) and isinstance(second, dict):
        for key in dict.fromkeys([*first, *second]):
            inner = f"{path}.{key}" if path else str(key)
            yield from differences(first.get(key, ABSENT), second.get(key, ABSENT), inner)
    elif isinstance(first, list) and isinstance(second, list):
        ours, theirs = _by_id(first), _by_id(second)
        if ours is None or theirs is None:
            ours = dict(enumerate(first))
            theirs = dict(enumerate(second))
        for key in dict.fromkeys([*ours, *theirs]):
            yield from differences(ours.get(key, ABSENT), theirs.get(key, ABSENT), f"{path}[{key}]")
    elif first != second:
        yield path, first, second


def _by_id(entries: list[Any]) -> dict[Any, Any] | None:
    """A list's entries by their ``id``, when every entry has a distinct one."""
    ids = [entry.get("id") if isinstance(entry, dict) else None for entry in entries]
    if None in ids or len(set(map(str, ids))) != len(ids):
        return None
    return {str(key): entry for key, entry in zip(ids, entries, strict=True)}


def default_checklist_dirs() -> list[Path]:
    """``./checklists`` when it exists (a QA manager's own), else the set shipped with qa-check."""
    local = Path("checklists")
    bundled = Path(__file__).parents[1] / "bundled_checklists"
    return [bundled] if not local.is_dir() and bundled.is_dir() else [local]


def bundled_folders() -> list[Path]:
    """The checklists shipped with qa-check, every released version: the fill-ins.

    Installed, they are ``qa_check/bundled_checklists``; run from a source checkout (an
    editable install), the checkout's ``checklists/``, which the wheel ships as that folder.
    The known-hashes file tells either from a folder that only has the name.
    """
    package = Path(__file__).parents[1]
    for folder in (package / "bundled_checklists", package.parent / "checklists"):
        if folder.is_dir() and (folder / KNOWN_NAME).is_file():
            return [folder]
    return []


def select(registry: Registry, wanted: Sequence[str]) -> list[CompiledChecklist]:
    """Checklists named ``id`` (newest version) or ``id@version``, in the order named.

    None named means all, newest versions, in the order an inspection takes them: by their
    ``order``, then as loaded.
    """
    if not wanted:
        newest = [registry.latest(checklist_id) for checklist_id in registry.ids()]
        return sorted((c for c in newest if c is not None), key=lambda c: c.checklist.order)
    chosen: list[CompiledChecklist] = []
    for name in wanted:
        checklist_id, _, version = name.partition("@")
        found = registry.get(checklist_id, version) if version else registry.latest(checklist_id)
        if found is None:
            known = ", ".join(c.checklist.key for c in registry)
            raise UsageError([Problem(Location(name), f"unknown checklist (loaded: {known})")])
        chosen.append(found)
    return chosen
