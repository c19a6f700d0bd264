"""Benchmark `qa-check run` as a worker feels it, in a real pseudo-terminal (pexpect).

(a) start-up: from spawning `qa-check run` to the first question shown and waiting for input;
(b) feedback: from an answer's Enter to the next question's header on the screen, which
includes reading the answer, saving the draft (atomic write with fsync) and judging the record
so far. Answers are typed by a script that answers whatever is asked (the first choice, or a
number that passes), over whole runs of drop-test + compression-test, so every answer counts.
It prints the figures next to the targets; it reports, it does not fail.

    python bench/bench_run.py [--starts 10] [--runs 3] [--dir DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pexpect

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["run", "-c", str(ROOT / "checklists"), "--only", "drop-test", "--only", "compression-test"]
TIMEOUT = 30
PROMPT = "\r\n> "
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
HEADER = re.compile(r"\r\n\r\n[^\r\n]*  ·  (?:\x1b\[[0-9;]*m)*item \d+ of \d+")
"""The next question's first line (colour codes may sit anywhere in it)."""
STARTUP_TARGET, FEEDBACK_TARGET = 0.5, 0.050

ANSWERS = {
    "SKU": "BENCH-001",
    "Product name": "无线蓝牙耳机 Wireless Earbuds",
    "Gross weight": "1.2",
    "Package length": "30",
    "Package width": "20",
    "Package height": "20",
    "Inspector": "李娜",
    "Site": "Shenzhen WH-2",
    "Drop height": "1.2",
    "Load applied": "50",
    "How long was the load held": "60",
}
"""What to type at a question by the start of its prompt; a question with choices gets 1."""


def command() -> list[str]:
    script = Path(sys.executable).with_name("qa-check")
    return [str(script)] if script.exists() else [sys.executable, "-m", "qa_check"]


def spawn(folder: Path) -> pexpect.spawn[str]:
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": str(folder),
        "XDG_CONFIG_HOME": str(folder / "cfg"),
        "LANG": "C.UTF-8",
        "TERM": "xterm",
        "COLUMNS": "120",
    }
    program, *args = command()
    child = pexpect.spawn(
        program,
        [*args, *ARGS],
        cwd=str(folder),
        env=env,
        encoding="utf-8",
        timeout=TIMEOUT,
        dimensions=(40, 120),
    )
    child.delaybeforesend = None  # no pause before typing: the figures are the program's
    return child


def screen(text: str) -> str:
    return ANSI.sub("", text).replace("\r\n", "\n")


def answer_for(question: str) -> str:
    """The line to type at a question (its text as shown, from its header to the prompt)."""
    lines = question.strip("\n").split("\n")
    prompt = lines[1] if len(lines) > 1 else ""
    if any(line.startswith("  1  ") for line in lines):
        return "1"
    for start, typed in ANSWERS.items():
        if prompt.startswith(start):
            return typed
    raise SystemExit(f"bench_run: no answer for this question:\n{question}")


def startup(folder: Path) -> float:
    """Seconds from spawning the run to its first question waiting for input."""
    started = time.perf_counter()
    child = spawn(folder)
    child.expect_exact(PROMPT)
    took = time.perf_counter() - started
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    return took


@dataclass
class Run:
    header: list[float] = field(default_factory=list)
    """Per answer: seconds from Enter to the next question's header."""
    ready: list[float] = field(default_factory=list)
    """Per answer: seconds from Enter to the next question waiting for input."""
    slowest: tuple[float, str] = (0.0, "")
    finish: float = 0.0
    """The last answer: seconds to the summary shown and the program exited."""
    exit_status: int | None = None
    tail: str = ""


def full_run(folder: Path) -> Run:
    """One whole run, answered as it asks; the timings of each answer."""
    found = Run()
    child = spawn(folder)
    child.expect_exact(PROMPT)
    question = screen(str(child.before))
    while True:
        typed = answer_for(question)
        started = time.perf_counter()
        child.sendline(typed)
        if child.expect([HEADER, pexpect.EOF]) == 1:
            found.finish = time.perf_counter() - started
            found.tail = screen(str(child.before))
            break
        shown = time.perf_counter() - started
        header = screen(str(child.after))
        child.expect_exact(PROMPT)
        found.ready.append(time.perf_counter() - started)
        found.header.append(shown)
        found.slowest = max(found.slowest, (shown, question.strip("\n").split("\n")[0]))
        question = header + screen(str(child.before))
    child.close()
    found.exit_status = child.exitstatus
    return found


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else 0.0


def verdict(value: float, target: float) -> str:
    return "OK" if value < target else "MISSED"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--starts", type=int, default=10, help="runs for the start-up time")
    parser.add_argument("--runs", type=int, default=3, help="whole runs for the feedback time")
    parser.add_argument(
        "--dir", type=Path, help="run in a new folder under DIR (the disk the drafts go to)"
    )
    options = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="qa-check-bench-run-", dir=options.dir))
    try:
        print(f"command: {' '.join(command() + ARGS)}")
        print(f"in a pty 40x120 under {base} ({os.cpu_count()} CPUs)\n")
        starts = []
        for number in range(options.starts):
            folder = base / f"start-{number}"
            folder.mkdir()
            starts.append(startup(folder))
        median, worst = statistics.median(starts), max(starts)
        print(
            f"(a) start-up to the first question, {len(starts)} runs:"
            f" median {median:.3f} s, max {worst:.3f} s"
            f"  (target < {STARTUP_TARGET} s) {verdict(median, STARTUP_TARGET)}"
            f"{'' if worst < STARTUP_TARGET else ' (max over the target)'}"
        )
        runs = []
        for number in range(options.runs):
            folder = base / f"run-{number}"
            folder.mkdir()
            runs.append(full_run(folder))
        header = [t * 1000 for run in runs for t in run.header]
        ready = [t * 1000 for run in runs for t in run.ready]
        worst_ms = max(header)
        print(
            f"(b) feedback per answer, {len(header)} answers in {len(runs)} runs:"
            f" median {statistics.median(header):.1f} ms, p95 {p95(header):.1f} ms,"
            f" max {worst_ms:.1f} ms  (target < {FEEDBACK_TARGET * 1000:.0f} ms)"
            f" {verdict(p95(header) / 1000, FEEDBACK_TARGET)}"
            f"{'' if worst_ms < FEEDBACK_TARGET * 1000 else ' (max over the target)'}"
        )
        print(
            f"    to the next input prompt: median {statistics.median(ready):.1f} ms,"
            f" p95 {p95(ready):.1f} ms, max {max(ready):.1f} ms"
        )
        slow, where = max(run.slowest for run in runs)
        print(f"    slowest: {slow * 1000:.1f} ms, the answer to {where!r}")
        finish = [run.finish for run in runs]
        print(
            f"    last answer to the summary and exit: median {statistics.median(finish):.3f} s,"
            f" max {max(finish):.3f} s"
        )
        for run in runs:
            if run.exit_status != 0 or "PASS: every check that applies passed." not in run.tail:
                print(f"\nwarning: a run ended with exit {run.exit_status}:\n{run.tail[-1500:]}")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
