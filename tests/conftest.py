"""Shared fixtures: the shipped checklists, a complete passing record, file writers."""

from __future__ import annotations

import copy
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from qa_check.certificates import verify as verify_module
from qa_check.certificates.preflight import CHECKS
from qa_check.engine.checklists import Registry, load_registry
from qa_check.engine.dispatch import judge_all
from qa_check.engine.judge import SkuResult
from qa_check.files.safe_yaml import load_yaml
from qa_check.records.read import read_records, record_files

ROOT = Path(__file__).resolve().parent.parent
CHECKLISTS = ROOT / "checklists"
DATA = Path(__file__).resolve().parent / "data"

PASSING_RECORD: dict[str, Any] = load_yaml(
    (ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8"), "earbuds-pass.yaml"
)[0]
"""The example that passes every shipped checklist (foam cushioning, electrical product)."""

ITEM: dict[str, Any] = {
    "id": "drop_height_m",
    "rule": "DT-2",
    "prompt": {"en": "Drop height?", "zh": "跌落高度？"},
    "help": {"en": "From the lowest point.", "zh": "从最低点量起。"},
    "answer": {"kind": "number", "unit": "m"},
    "severity": "critical",
    "criterion": {"at_least": 1.2},
    "corrective": {"en": "Repeat.", "zh": "重做。"},
}
"""A minimal valid checklist item, for tests that change one field of it."""


def small_checklist(
    checklist_id: str, order: int, items: list[tuple[str, str]], answer: str = "{kind: yes_no}"
) -> str:
    """A one-file checklist: ``items`` are (id, extra lines such as a condition or criterion)."""
    text = (
        f"id: {checklist_id}\nversion: 1\norder: {order}\n"
        f"title: {{en: {checklist_id}, zh: {checklist_id}}}\nitems:\n"
    )
    for item_id, extra in items:
        text += (
            f"  - id: {item_id}\n"
            "    rule: LB-3\n"
            "    prompt: {en: Check it?, zh: 检查？}\n"
            "    help: {en: Look., zh: 看。}\n"
            f"    answer: {answer}\n"
            "    severity: major\n"
            + (extra or '    criterion: {equals: "yes"}\n')
            + "    corrective: {en: Fix it., zh: 修好。}\n"
        )
    return text


EQUALS_YES = '    criterion: {equals: "yes"}\n'


TIME_LIMIT = 30
MEMORY_LIMIT = 768 * 1024 * 1024
"""Bounds for a child given hostile input: a hang or a blow-up fails its test, not the CI run."""


def bounded(
    args: Sequence[str | Path],
    cwd: Path = ROOT,
    memory: int = MEMORY_LIMIT,
    seconds: float = TIME_LIMIT,
) -> subprocess.CompletedProcess[str]:
    """Run a child in its own session with limited memory; fail (and kill it all) on a hang."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        os.setsid()

    with subprocess.Popen(
        [str(arg) for arg in args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limit,  # noqa: PLW1509 - no threads are started by then in these tests
    ) as child:
        try:
            out, err = child.communicate(timeout=seconds)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.communicate()
            pytest.fail(f"still running after {seconds} s: {args}")
    return subprocess.CompletedProcess(args, child.returncode, out, err)


def run_bounded(code: str, *args: str, seconds: float = 30, memory_mib: int = 256) -> str:
    """Run Python ``code`` in a bounded child (see ``bounded``); its stdout, once it succeeded.

    A reader that hangs or holds a whole hostile input then fails the test (a timeout, a
    MemoryError, a crash) instead of hanging CI or taking the machine down.
    """
    done = bounded(
        [sys.executable, "-c", code, *args], memory=memory_mib * 1024 * 1024, seconds=seconds
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


SUMMARY_FILES = ("summary.csv", "summary.json", "summary.pdf")
"""What ``certify`` writes into ``--out`` beside the certificates."""


REGISTER_FILE = "register.sqlite"
"""The register ``certify`` keeps in ``--out`` unless ``--register`` puts it elsewhere."""


def certificates_in(folder: Path) -> list[Path]:
    """The certificates ``certify`` wrote into ``folder``, sorted: its files but the summary."""
    beside = (*SUMMARY_FILES, REGISTER_FILE)
    return sorted(path for path in folder.iterdir() if path.name not in beside)


def with_sku(record: dict[str, Any], sku: str) -> dict[str, Any]:
    """A deep copy of ``record`` for another SKU, whose barcode scan (LB-3) reads as that SKU."""
    changed = copy.deepcopy(record)
    changed["sku"] = sku
    changed["answers"]["label-placement"]["barcode_scan"] = sku
    return changed


JUDGED_AT = datetime(2026, 11, 23, tzinfo=UTC)
"""When the tests' certificates are judged: the examples were inspected in November 2026."""


@pytest.fixture(autouse=True)
def _judge_validity_in_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """Certificates verified in-process are judged as of 2026, whatever today's date is.

    Commands run as children are given ``--at`` instead.
    """
    monkeypatch.setattr(verify_module, "now", lambda: JUDGED_AT)


@pytest.fixture(autouse=True)
def _no_real_keys(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test sees the developer's signing keys: a configuration folder of its own, no key env."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.delenv("QA_CHECK_KEYS", raising=False)
    monkeypatch.delenv("QA_CHECK_KEY_PASSPHRASE", raising=False)


@pytest.fixture(autouse=True)
def _english_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every command speaks English unless a test asks otherwise, whatever the machine's locale.

    Commands follow --lang, else QA_CHECK_LANG, else the locale (children inherit this too).
    """
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "QA_CHECK_LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The checklists shipped in ``checklists/``."""
    return load_registry([CHECKLISTS])


@pytest.fixture
def record() -> dict[str, Any]:
    """A fresh deep copy of the passing record, for a test to change."""
    return copy.deepcopy(PASSING_RECORD)


@pytest.fixture
def judge_files(registry: Registry) -> Callable[..., list[SkuResult]]:
    """Judge files or folders against the shipped checklists, as ``validate`` would."""

    def run(*paths: Path, encoding: str = "utf-8-sig") -> list[SkuResult]:
        files = record_files(list(paths))
        return list(judge_all(read_records(files, registry, encoding), registry, checks=CHECKS))

    return run


# --- signed certificates (issue 11): keys made once, certificates certified once -------------

# Imported here, with the fixtures that use them (the file's top is shared with other work).
from typing import NamedTuple  # noqa: E402

import yaml  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from qa_check.certificates.signing.keys import init_keys  # noqa: E402
from qa_check.cli.app import app  # noqa: E402

KEYS_MADE = datetime(2026, 1, 5, tzinfo=UTC)
"""When the tests' signing keys start: before the examples' inspection, ten years to run."""
SIGNED_ISSUED_AT = "2026-11-23T09:00:00+08:00"
"""The issue time the signed certificates are certified with (before ``JUDGED_AT``)."""


class Certified(NamedTuple):
    """A folder ``certify`` wrote: a PASS and a FAIL certificate, and its register."""

    out: Path
    passed: Path
    failed: Path

    @property
    def register(self) -> Path:
        return self.out / "register.sqlite"


def _make_keys(factory: pytest.TempPathFactory, issuer: str) -> Path:
    folder = factory.mktemp("keys") / "keys"
    init_keys(folder, issuer, None, now=KEYS_MADE)
    return folder


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key folder (no passphrase): the issuing lab the signed certificates come from."""
    return _make_keys(tmp_path_factory, "Lab One 深圳")


@pytest.fixture(scope="session")
def other_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Another lab's key folder: its CA vouches for nothing the first one signed."""
    return _make_keys(tmp_path_factory, "Lab Two")


def failing_record(record: dict[str, Any], sku: str = "TWS-EB-FAIL") -> dict[str, Any]:
    """The passing record for another SKU, failing DT-2 (dropped from too low)."""
    failed = with_sku(record, sku)
    failed["answers"]["drop-test"]["drop_height_m"] = "1.0"
    return failed


def certify_into(factory: pytest.TempPathFactory, name: str, *args: str | Path) -> Certified:
    """``certify`` (in this process, one job) of a PASS and a FAIL record into a new folder."""
    folder = factory.mktemp(name)
    records = folder / "records"
    records.mkdir()
    for file, data in (
        ("pass.yaml", PASSING_RECORD),
        ("fail.yaml", failing_record(PASSING_RECORD)),
    ):
        text = yaml.safe_dump(data, allow_unicode=True)
        (records / file).write_text(text, encoding="utf-8")
    out = folder / "out"
    command = ["certify", records, "-o", out, "-c", CHECKLISTS, "--jobs", "1"]
    command += ["--issued-at", SIGNED_ISSUED_AT, "-q", *args]
    env = {"XDG_CONFIG_HOME": str(folder / "config"), "QA_CHECK_KEYS": None}
    done = CliRunner().invoke(app, [str(arg) for arg in command], env=env)
    assert done.exit_code == 1, (done.stdout, done.stderr)  # one FAIL
    return Certified(
        out,
        out / "TWS-EB-001_PASS_2026-11-20.pdf",
        out / "TWS-EB-FAIL_FAIL_2026-11-20.pdf",
    )


@pytest.fixture(scope="session")
def signed(tmp_path_factory: pytest.TempPathFactory, signing_keys: Path) -> Certified:
    """Certificates signed with ``signing_keys`` by ``certify --keys``: read them, never change."""
    return certify_into(tmp_path_factory, "signed", "--keys", signing_keys)


@pytest.fixture(scope="session")
def unsigned(tmp_path_factory: pytest.TempPathFactory) -> Certified:
    """The same records certified ``--no-sign``: read them, never change."""
    return certify_into(tmp_path_factory, "unsigned", "--no-sign")


@contextmanager
def held_in_another_process(script: str, *args: str) -> Iterator[int]:
    """Another process running ``script``, which prints ``held`` once it holds a lock and lets
    go when a line comes; its process id, until the block ends (then it must exit 0)."""
    with subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        assert holder.stdout.readline() == "held\n"
        yield holder.pid
        holder.stdin.write("\n")
        holder.stdin.close()
    assert holder.returncode == 0


DRAFT_HOLD = """
import sys
from datetime import datetime, timezone
from pathlib import Path
from qa_check.guided.drafts import DraftLock
lock = DraftLock(Path(sys.argv[1]), sys.argv[2], datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc))
print("held", flush=True)
sys.stdin.readline()
lock.release()
"""


def draft_held_elsewhere(results: Path, sku: str) -> AbstractContextManager[int]:
    """Another process running ``sku`` (holding its draft's lock since 2026-11-23T09:30Z)."""
    return held_in_another_process(DRAFT_HOLD, str(results), sku)


# --- records written for commands, and qa-check run with no terminal (CliRunner's stdin) -------

import json  # noqa: E402

from pypdf import PdfReader  # noqa: E402

from qa_check.certificates.payload import ATTACHMENT_NAME, read_payload  # noqa: E402
from qa_check.certificates.site import Site  # noqa: E402


def write_record(path: Path, data: dict[str, Any]) -> Path:
    """``data`` as a YAML record file at ``path``."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def withdrawn_folder(tmp_path: Path, key: str, since: str, use: str) -> Path:
    """A folder holding only a withdrawals file, named beside the shipped checklists."""
    folder = tmp_path / "withdrawn"
    folder.mkdir()
    (folder / "withdrawals.yaml").write_text(f"{key}: {{from: {since}, use: {use}}}\n", "utf-8")
    return folder


RUN_SKU = "TWS-EB-001"
DROP_TEST_GIVEN: dict[str, Any] = {
    "sku": RUN_SKU,
    "product_name": "无线蓝牙耳机 Wireless Earbuds",
    "product": {
        "electrical": "yes",
        "gross_weight_kg": 0.45,
        "length_cm": 18,
        "width_cm": 12,
        "height_cm": 6,
    },
    "inspector": "李娜",
    "site": "Shenzhen WH-2",
    "answers": {
        "drop-test": {
            "surface": "concrete",
            "drop_height_m": 1.2,
            "drops": ["intact"] * 9,
            "works_normally": "yes",
            "no_visible_damage": "yes",
            "parts_fit": "yes",
            "tested_as_shipped": "yes",
        }
    },
}
"""Everything a run of ``--only drop-test`` asks, given beforehand (a partial record)."""


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """``qa-check run`` with the repo's checklists, results in tmp_path, home in tmp_path."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("QA_CHECK_CHECKLISTS", raising=False)  # the language: _english_unless_told

    def run(*args: str | Path) -> Any:
        results = ["--results", str(tmp_path / "results")]
        return CliRunner().invoke(app, ["run", "-c", str(CHECKLISTS), *results, *map(str, args)])

    return run


def given_file(tmp_path: Path, **drop_test: object) -> Path:
    """The drop-test answers file, with some answers changed."""
    data = json.loads(json.dumps(DROP_TEST_GIVEN))
    data["answers"]["drop-test"].update(drop_test)
    return write_record(tmp_path / "given.yaml", data)


def written_records(tmp_path: Path) -> list[Path]:
    """The records ``run_cli`` wrote."""
    return sorted((tmp_path / "results").glob("*.yaml"))


EXAMPLE_CONFIG = ROOT / "examples" / "qa-check.toml"
"""The example site configuration."""


def embedded_site(pdf: Path) -> Site:
    """The site configuration a certificate file was issued under."""
    return read_payload(PdfReader(pdf).attachments[ATTACHMENT_NAME][0], str(pdf))[0].site


# --- commands run as users run them: records to feed them, a child, Ctrl-C at a record ---------

from qa_check.engine import dispatch  # noqa: E402
from qa_check.engine.judge import judge as real_judge  # noqa: E402


def ctrl_c_when_judging(monkeypatch: pytest.MonkeyPatch, sku: str) -> None:
    """Ctrl-C comes as the record of ``sku`` is being judged."""

    def interrupted(raw: Any, registry: Any, **options: Any) -> Any:
        if raw.data.get("sku") == sku:
            raise KeyboardInterrupt
        return real_judge(raw, registry, **options)

    monkeypatch.setattr(dispatch, "judge", interrupted)


def records_folder(folder: Path, record: dict[str, Any], count: int) -> Path:
    """``folder`` made with ``count`` passing records, SKU-000 on."""
    folder.mkdir()
    for n in range(count):
        write_record(folder / f"r{n:03}.yaml", with_sku(record, f"SKU-{n:03}"))
    return folder


def qa_check_args(*args: str | Path) -> list[str]:
    """``python -m qa_check ARGS -c checklists/``: a command run as a child."""
    return [sys.executable, "-m", "qa_check", *map(str, args), "-c", str(CHECKLISTS)]


def started(args: list[str]) -> subprocess.Popen[str]:
    """A command in a session of its own, as a shell runs it in the foreground."""
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
