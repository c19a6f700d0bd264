"""What every batch command shares: a report on stdout that a closed pipe or a full disk
cannot stop, progress on stderr, and signals that finish the report and keep files whole."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shlex
import signal
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner

from conftest import CHECKLISTS, certificates_in, qa_check_args, records_folder, started
from qa_check.cli import progress as progress_module
from qa_check.cli.app import app
from qa_check.engine.schema import SCHEMA_FILES
from qa_check.reporters.json import JsonReporter

runner = CliRunner()


def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


def invoke(*args: str | Path) -> Any:
    return runner.invoke(app, ["validate", *map(str, args), "-c", str(CHECKLISTS)])


def _into_closed_pipe(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run with stdout a pipe whose reader is gone before the first line: ``| head -0``."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            args, stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120, check=False
        )
    finally:
        os.close(write_end)


def test_a_closed_stdout_neither_stops_the_batch_nor_looks_like_a_fail(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """``certify ... | head -1``, then ``verify ... | head -1``."""
    records = records_folder(tmp_path / "in", record, 4)
    done = _into_closed_pipe(qa_check_args("certify", records, "--out", tmp_path / "out"))
    assert (done.returncode, done.stderr) == (0, "")
    certificates = certificates_in(tmp_path / "out")
    assert len(certificates) == 4
    checked = _into_closed_pipe(
        qa_check_args("verify", *certificates, "--at", "2026-11-23T00:00:00+00:00")
    )
    assert (checked.returncode, checked.stderr) == (0, "")


def test_a_full_disk_on_stdout_is_reported_once_and_the_batch_goes_on(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 3)
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            qa_check_args("certify", records, "--out", tmp_path / "out"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: cannot write the report to standard output (No space left on device):"
        " it is incomplete; certificates and records already written are whole"
    ]
    assert len(certificates_in(tmp_path / "out")) == 3


@pytest.mark.parametrize(
    ("command", "both"),
    [
        ("template", ["record-template.csv", "record-template.yaml"]),
        ("schema", sorted(SCHEMA_FILES)),
    ],
)
def test_both_files_are_written_whatever_becomes_of_stdout(
    tmp_path: Path, command: str, both: list[str]
) -> None:
    """``qa-check template | head -0`` and a full disk: the second file is written all the same."""

    def args(out: Path) -> list[str]:
        return [sys.executable, "-m", "qa_check", command, "-o", str(out)]

    closed = _into_closed_pipe(args(tmp_path / "closed"))
    assert (closed.returncode, closed.stderr) == (0, "")
    assert sorted(path.name for path in (tmp_path / "closed").iterdir()) == both
    with Path("/dev/full").open("w") as full:
        done = subprocess.run(
            args(tmp_path / "full"),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.startswith("error: cannot write the report to standard output")
    assert sorted(path.name for path in (tmp_path / "full").iterdir()) == both


INTERRUPTED = r"\ninterrupted after \d+ records: \d+ passed, 0 failed, 0 invalid\n"
"""All a stopped certify says on stderr."""


def test_sigterm_finishes_the_report_and_leaves_no_temporary_file(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    with subprocess.Popen(
        qa_check_args("certify", records, "--out", out, "--lang", "en"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None
        first = process.stdout.readline()
        process.send_signal(signal.SIGTERM)
        rest, errors = process.communicate(timeout=60)
    assert first.startswith("PASS")
    assert process.returncode == 143
    assert re.fullmatch(INTERRUPTED, errors), errors
    written = certificates_in(out)
    assert 1 <= len(written) < 60
    assert all(p.read_bytes().rstrip().endswith(b"%%EOF") for p in written)
    assert f"certificates in {out}" in rest or "certificate in" in rest
    _assert_summary_of_an_interrupted_run(out, written)


def _certify_stopped_after_one(
    records: Path, out: Path, signum: signal.Signals
) -> tuple[subprocess.Popen[str], str, str]:
    """certify on two jobs, sent ``signum`` once its first certificate is reported.

    The signal goes to every process, as a terminal sends Ctrl-C. Returns the process, the rest
    of its stdout, and its stderr.
    """
    with started(qa_check_args("certify", records, "--out", out, "--jobs", "2")) as process:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("PASS")
        os.killpg(process.pid, signum)
        rest, errors = process.communicate(timeout=60)
    return process, rest, errors


def test_ctrl_c_stops_every_process_and_leaves_only_whole_certificates(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    process, rest, errors = _certify_stopped_after_one(records, out, signal.SIGINT)
    assert process.returncode == 130
    assert re.fullmatch(INTERRUPTED, errors), errors
    assert rest.endswith(
        f" in {out}/\n" + f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    written = certificates_in(out)
    assert 1 <= len(written) < 60
    assert all(path.read_bytes().rstrip().endswith(b"%%EOF") for path in written), [
        (p.name, p.stat().st_size, p.read_bytes()[-30:]) for p in written
    ]
    _assert_summary_of_an_interrupted_run(out, written)


def _assert_summary_of_an_interrupted_run(out: Path, written: list[Path]) -> None:
    """The summary lists the records done before the stop, says so, and is not merged."""
    assert all(path.suffix == ".pdf" for path in written)  # no temporary file left
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["interrupted"] is True
    listed = {row["certificate"] for row in summary["records"]}
    assert listed <= {path.name for path in written}
    assert len(listed) >= len(written) - 1  # Ctrl-C may come between a write and its row
    merged = runner.invoke(app, ["summarize", str(out / "summary.json"), "-o", str(out / "m")])
    assert merged.exit_code == 2
    assert "the summary of an interrupted run" in merged.stderr


def test_a_run_killed_outright_is_finished_by_the_next_one(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    process, _, _ = _certify_stopped_after_one(records, out, signal.SIGKILL)
    killed = {path.name for path in out.glob("*.pdf")}  # killed outright: no summary
    assert 1 <= len(killed) < 60
    again = certify(records, "-q", "--out", out)
    assert (again.exit_code, again.stderr) == (0, "")
    assert again.stdout.count("(unchanged, kept)") == len(killed)
    assert again.stdout.endswith(
        f"60 certificates in {out}/\n{len(killed)} of them there already for the same record,"
        " not drawn again (--force draws them again)\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    leftovers = [path.name for path in certificates_in(out) if path.suffix != ".pdf"]
    assert all(re.fullmatch(rf"\..+\.pdf\.{process.pid}\.\w+\.tmp", name) for name in leftovers)
    assert all(path.read_bytes().rstrip().endswith(b"%%EOF") for path in out.glob("*.pdf"))


ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def screen(raw: str) -> list[str]:
    """The lines a terminal shows: each line as its last carriage return left it, no escapes."""
    return [ANSI.sub("", line.rsplit("\r", 1)[-1]) for line in raw.split("\r\n")]


def test_on_a_terminal_a_bar_runs_below_the_report_and_leaves_it_clean(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """Real pseudo-terminals: report lines scroll above the bar, which is gone at the end."""
    records = records_folder(tmp_path / "in", record, 3)
    args = qa_check_args("certify", records, "--out", tmp_path / "out")
    command = " ".join(map(shlex.quote, args))
    on_terminal = str(pexpect.run(command, timeout=120, encoding="utf-8"))
    lines = screen(on_terminal)
    reported = [line for line in lines if "SKU-00" in line]
    assert len(reported) == 3
    assert all(line.startswith("PASS     SKU-00") for line in reported)  # no bar written in
    out = tmp_path / "out"
    assert f"3 certificates in {out}/" in lines
    assert re.search(r"certify .*\b[0-3]/3\b", ANSI.sub("", on_terminal))  # the bar ran
    assert "records…" not in on_terminal
    to_file = str(
        pexpect.run(
            f"bash -c {shlex.quote(command + ' > report.txt')}",
            cwd=str(tmp_path),
            timeout=120,
            encoding="utf-8",
        )
    )
    assert "PASS" not in to_file  # the terminal shows the bar only, and the bar is gone
    assert re.search(r"certify .*\b[0-3]/3\b", ANSI.sub("", to_file))
    report = (tmp_path / "report.txt").read_text("utf-8")
    assert "\x1b" not in report and "━" not in report
    assert report.startswith("PASS     SKU-000")


def test_a_log_gets_plain_progress_lines_and_quiet_gets_none(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = records_folder(tmp_path / "in", record, 3)
    monkeypatch.setattr(progress_module, "LINE_INTERVAL", 0.0)  # a line per record
    logged = runner.invoke(app, ["validate", str(records), "-c", str(CHECKLISTS)])
    assert logged.exit_code == 0
    progress = [line for line in logged.stderr.splitlines() if line]
    assert len(progress) == 3
    assert progress[-1].startswith("validate: 3 of about 3 records done (3 passed, 0 failed")
    assert "validate:" not in logged.stdout
    quiet = runner.invoke(app, ["validate", str(records), "-c", str(CHECKLISTS), "--quiet"])
    assert (quiet.exit_code, quiet.stderr) == (0, "")
    assert quiet.stdout == logged.stdout


class _SignalledMidWrite:
    """Standard output that Ctrl-C reaches halfway through writing the second result."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.results = 0

    def write(self, text: str) -> int:
        if '"verdict"' in text:
            self.results += 1
            if self.results == 2:
                half = len(text) // 2
                self.stream.write(text[:half])
                signal.raise_signal(signal.SIGINT)
                return int(self.stream.write(text[half:])) + half
        return int(self.stream.write(text))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def test_an_interrupted_json_report_lists_every_result_it_counts(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of a write (a full pipe): the result is written whole, then stops."""
    start = JsonReporter.start

    def replaced(self: JsonReporter) -> str:
        sys.stdout = _SignalledMidWrite(sys.stdout)  # the runner puts its own back afterwards
        return start(self)

    monkeypatch.setattr(JsonReporter, "start", replaced)
    records = records_folder(tmp_path / "in", record, 4)
    done = invoke(records, "--format", "json", "-q")
    assert done.exit_code == 130
    report = json.loads(done.stdout)
    assert report["summary"]["interrupted"] is True
    assert len(report["results"]) == report["summary"]["total"] == 2
    assert done.stderr == "\ninterrupted after 2 records: 2 passed, 0 failed, 0 invalid\n"


def test_validate_stopped_while_its_pipe_is_full_lists_every_result_it_counts(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """A real process, its reader not reading: SIGINT once the pipe is full, then read it all."""
    records = records_folder(tmp_path / "in", record, 300)
    with started(qa_check_args("validate", records, "--format", "json", "-q")) as process:
        assert process.stdout is not None
        capacity = fcntl.fcntl(process.stdout.fileno(), 1032)  # F_GETPIPE_SZ
        waiting, seen = bytearray(4), [0]
        for _ in range(600):  # 60 s at most, until it holds more than half and stays so 0.5 s
            fcntl.ioctl(process.stdout.fileno(), termios.FIONREAD, waiting)
            seen.append(int.from_bytes(waiting, sys.byteorder))
            if seen[-1] > capacity // 2 and len(set(seen[-6:])) == 1:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the pipe never filled")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    assert process.returncode == 130
    report = json.loads(out)
    assert report["summary"]["interrupted"] is True
    assert len(report["results"]) == report["summary"]["total"] < 300
    assert err.endswith(f"\ninterrupted after {report['summary']['total']} records:"
                        f" {report['summary']['total']} passed, 0 failed, 0 invalid\n")
