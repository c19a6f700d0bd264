"""``qa-check certify``: certificates, reruns, jobs, configuration, the lock, the register and
summary at the batch's end, and the language it speaks (its certificates follow --lang alone)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import (
    CHECKLISTS,
    EXAMPLE_CONFIG,
    ROOT,
    SUMMARY_FILES,
    bounded,
    certificates_in,
    ctrl_c_when_judging,
    embedded_site,
    qa_check_args,
    records_folder,
    started,
    with_sku,
    withdrawn_folder,
    write_record,
)
from qa_check.certificates import pipeline as issue_module
from qa_check.certificates import pool as pool_module
from qa_check.certificates.register import Register
from qa_check.certificates.site import Issuer, Site, read_site
from qa_check.cli.app import app
from qa_check.core.errors import Location, Problem, RegisterError
from qa_check.core.messages import msg

runner = CliRunner()
ISSUED_AT = "2026-11-23T09:00:00+08:00"


def certify_at(records: Path, out: Path, *args: str) -> Result:
    command = ["certify", str(records), "-o", str(out), "-c", str(CHECKLISTS), "-j", "1", "-q"]
    return runner.invoke(app, [*command, "--issued-at", ISSUED_AT, *args])


def test_qa_check_lang_changes_the_report_never_the_certificate(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / "records"
    records.mkdir()
    write_record(records / "a.yaml", record)
    english = certify_at(records, tmp_path / "en")
    assert english.exit_code == 0
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    spoken = certify_at(records, tmp_path / "zh")
    assert (spoken.exit_code, spoken.stderr) == (0, "")
    assert spoken.stdout.endswith(
        "\n共 1 条记录：1 条合格，0 条不合格，0 条无效\n"
        f"1 份证书已保存到 {tmp_path / 'zh'}/\n"
        f"批次汇总：{tmp_path / 'zh'}/summary.pdf、summary.csv、summary.json\n"
    )
    [wrote_en] = certificates_in(tmp_path / "en")
    [wrote_zh] = certificates_in(tmp_path / "zh")
    assert wrote_zh.name == wrote_en.name == "TWS-EB-001_PASS_2026-11-20.pdf"
    assert wrote_zh.read_bytes() == wrote_en.read_bytes()  # its language, name and id
    for summary in ("summary.pdf", "summary.csv"):
        assert (tmp_path / "zh" / summary).read_bytes() == (tmp_path / "en" / summary).read_bytes()
    both = certify_at(records, tmp_path / "both", "--lang", "en+zh")
    assert both.stdout.endswith("summary.json\n")
    assert "\n1 record: 1 passed" in both.stdout  # --lang names no one language: English
    assert [path.name for path in certificates_in(tmp_path / "both")] == [
        "TWS-EB-001_PASS_2026-11-20_en+zh.pdf"
    ]


def test_certify_errors_follow_qa_check_lang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QA_CHECK_LANG", "zh")
    missing = certify_at(tmp_path / "none", tmp_path / "out")
    assert (missing.exit_code, missing.stdout) == (2, "")
    assert missing.stderr == f"error: {tmp_path / 'none'}: 文件或文件夹不存在\n"


def certify(*args: str | Path) -> Any:
    return runner.invoke(app, ["certify", *map(str, args), "-c", str(CHECKLISTS)])


def test_certify_refuses_a_withdrawn_version_and_validate_still_judges_it(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    old = with_sku(record, "OLD-1")
    old["checklists"]["drop-test"] = 1
    records = tmp_path / "records"
    records.mkdir()
    write_record(records / "a-old.yaml", old)
    write_record(records / "b-new.yaml", record)
    folder = withdrawn_folder(tmp_path, "drop-test@1", "2026-11-23", "drop-test@2")
    both = ["-c", str(CHECKLISTS), "-c", str(folder)]
    judged = runner.invoke(app, ["validate", str(records), *both])
    assert (judged.exit_code, judged.stderr) == (0, "")
    assert "2 records: 2 passed, 0 failed, 0 invalid" in judged.stdout
    out = tmp_path / "out"
    args = ["certify", str(records), "-o", str(out), *both, "--issued-at"]
    refused = runner.invoke(app, [*args, "2026-11-23T00:00:00+00:00"])
    assert (refused.exit_code, refused.stderr) == (2, "")
    assert (
        f"INVALID  OLD-1  无线蓝牙耳机 Wireless Earbuds  ({records / 'a-old.yaml'}:1)\n"
        f"    ! {records / 'a-old.yaml'}:1 [checklists.drop-test]: drop-test@1 is withdrawn from"
        " 2026-11-23: no certificate is issued against it; record the inspection again against"
        " drop-test@2\n"
    ) in refused.stdout
    assert "2 records: 1 passed, 0 failed, 1 invalid" in refused.stdout
    assert [path.name for path in certificates_in(out)] == ["TWS-EB-001_PASS_2026-11-20.pdf"]
    # The day before, by the issue time in UTC (a certificate's issue time), it is issued.
    earlier = runner.invoke(app, [*args, "2026-11-23T07:59:00+08:00"])
    assert earlier.exit_code == 0, earlier.stdout
    assert "OLD-1_PASS_2026-11-20.pdf" in [path.name for path in certificates_in(out)]


def test_certify_writes_pass_and_fail_and_lists_invalid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports"
    result = certify("examples/", "--out", out, "--issued-at", "2026-11-23T09:00:00+08:00")
    assert result.exit_code == 2
    assert "15 records: 7 passed, 7 failed, 1 invalid" in result.stdout
    assert f"14 certificates in {out}/" in result.stdout
    earbuds = f"{out}/TWS-EB-001_PASS_2026-11-20.pdf"
    assert f"PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> {earbuds}" in result.stdout
    assert "INVALID  FAN-USB-01" in result.stdout
    assert "fan-usb-invalid.yaml:41 [answers.drop-test.drop_height_m]" in result.stdout
    assert result.stderr == ""
    names = [path.name for path in certificates_in(out)]
    assert len(names) == 14
    assert sum("_FAIL_" in name for name in names) == 7
    verified = runner.invoke(app, ["verify", *map(str, certificates_in(out))])
    assert verified.exit_code == 0
    assert verified.stdout.count("UNSIGNED ") == 14
    everything = runner.invoke(app, ["verify", *map(str, sorted(out.glob("*.pdf")))])
    assert (everything.exit_code, everything.stdout) == (0, verified.stdout)
    assert everything.stderr == (
        f"note: {out}/summary.pdf: a batch summary certify wrote beside the certificates,"
        " not a certificate: passed over\n"
    )
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert [summary[key] for key in ("total", "passed", "failed", "invalid")] == [15, 7, 7, 1]
    assert sorted(row["certificate"] for row in summary["records"] if row["certificate"]) == names
    assert (out / "summary.csv").read_bytes().count(b"\r\n") == 1 + 15
    assert "interrupted" not in summary


def test_certify_exit_codes_follow_validate(tmp_path: Path, record: dict[str, Any]) -> None:
    passing = write_record(tmp_path / "p.yaml", record)
    assert certify(passing, "--out", tmp_path / "a").exit_code == 0
    record["answers"]["drop-test"]["surface"] = "other"
    failing = write_record(tmp_path / "f.yaml", record)
    assert certify(failing, "--out", tmp_path / "b").exit_code == 1
    assert len(certificates_in(tmp_path / "b")) == 1


def test_the_same_issue_time_gives_the_same_bytes(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    when = ("--issued-at", "2026-11-23T09:00:00+08:00")
    certify(source, "--out", tmp_path / "a", *when)
    certify(source, "--out", tmp_path / "b", *when)
    certify(source, "--out", tmp_path / "c", "--issued-at", "2026-11-23T09:00:01+08:00")
    name = "TWS-EB-001_PASS_2026-11-20.pdf"
    first, second, third = ((tmp_path / d / name).read_bytes() for d in "abc")
    assert first == second
    assert first != third


def test_each_language_keeps_its_own_file_under_one_certificate_id(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    out = tmp_path / "out"
    for lang in ("en", "zh", "en+zh"):
        done = certify(source, "--out", out, "--lang", lang, "--issued-at", "2026-11-23T09:00:00Z")
        assert done.exit_code == 0, done.output
    names = [path.name for path in certificates_in(out)]
    assert names == [
        "TWS-EB-001_PASS_2026-11-20.pdf",
        "TWS-EB-001_PASS_2026-11-20_en+zh.pdf",
        "TWS-EB-001_PASS_2026-11-20_zh.pdf",
    ]
    checked = runner.invoke(app, ["verify", *(str(out / name) for name in names)])
    assert checked.exit_code == 0, checked.output
    ids = {line.split()[2] for line in checked.stdout.splitlines()}
    assert len(ids) == 1 and checked.stdout.count("UNSIGNED ") == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--issued-at", "2026-11-23 09:00"], "is not a time with a zone"),
        (["--lang", "fr"], "Invalid value for '--lang'"),
    ],
)
def test_certify_usage_errors_exit_2(
    tmp_path: Path, record: dict[str, Any], args: list[str], message: str
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_certify_into_a_file_is_a_usage_error(tmp_path: Path, record: dict[str, Any]) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", source)
    assert result.exit_code == 2
    assert result.stderr == f"error: {source}: cannot write here: a file, not a folder\n"
    missing = certify(tmp_path / "nothere", "--out", tmp_path / "out")
    assert missing.exit_code == 2
    assert not (tmp_path / "out").exists()


PASS_PDF = "TWS-EB-001_PASS_2026-11-20.pdf"


def test_certify_issues_under_the_named_configuration(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", "--config", EXAMPLE_CONFIG)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(
        f"PASS     TWS-EB-001  无线蓝牙耳机 Wireless Earbuds  -> {tmp_path}"
    )
    assert embedded_site(tmp_path / "out" / PASS_PDF) == replace(
        read_site(EXAMPLE_CONFIG), timezone=None
    )


def test_certify_finds_the_working_folders_configuration(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    monkeypatch.chdir(tmp_path)
    assert certify(source, "--out", "plain").exit_code == 0
    assert embedded_site(tmp_path / "plain" / PASS_PDF) == Site()
    (tmp_path / "qa-check.toml").write_text('[issuer]\nname = "Lab 1"\n', encoding="utf-8")
    assert certify(source, "--out", "site").exit_code == 0
    assert embedded_site(tmp_path / "site" / PASS_PDF) == Site(Issuer("Lab 1"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[issuer]\nname = "Lab"\nadress = "Road 1"\n', ":3 [issuer.adress]: unknown field"),
        ('[issuer]\nname = "Lab"\nlogo = "logo.png"\n', ":3 [issuer.logo]: no logo file "),
        ("[certificate]\nvalid_months = 0\n", ":2 [certificate.valid_months]: must be at least 1"),
        ("[issuer]\nname = ", ":2: invalid TOML: Invalid value (at end of document)"),
        (None, ": cannot read file: No such file or directory"),
    ],
    ids=["unknown key", "no logo", "months", "syntax", "no file"],
)
def test_a_bad_configuration_stops_certify_before_anything_is_written(
    tmp_path: Path, record: dict[str, Any], text: str | None, message: str
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    config = tmp_path / "site.toml"
    if text is not None:
        config.write_text(text, encoding="utf-8")
    result = certify(source, "--out", tmp_path / "out", "--config", config)
    assert result.exit_code == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {config}{message}")
    assert not (tmp_path / "out").exists()


def test_certify_prints_and_writes_the_same_for_any_number_of_jobs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    seen = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}"
        result = certify("examples/", "-q", "--out", out, "--issued-at", ISSUED_AT, "--jobs", jobs)
        files = {path.name: path.read_bytes() for path in sorted(out.iterdir())}
        printed = result.stdout.replace(str(out), "OUT")
        seen.append((result.exit_code, printed, result.stderr, files))
    assert seen[0] == seen[1]
    assert len(seen[0][3]) == 14 + len(SUMMARY_FILES) + 1  # and the register


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
def test_certify_needs_at_least_one_job(tmp_path: Path, record: dict[str, Any], jobs: str) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    result = certify(source, "--out", tmp_path / "out", "--jobs", jobs)
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j'" in result.stderr
    assert not (tmp_path / "out").exists()


ISSUED_AT = "2026-11-23T09:00:00+08:00"
LATER = "2026-11-24T09:00:00+08:00"


def test_certifying_again_draws_only_what_is_missing_and_says_what_it_kept(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    assert certify(records, "--out", out, "--issued-at", ISSUED_AT).exit_code == 0
    first = {path.name: path.read_bytes() for path in certificates_in(out)}
    first_digests = _summary_digests(out)
    (out / "SKU-001_PASS_2026-11-20.pdf").unlink()
    again = certify(records, "-q", "--out", out, "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (0, "")
    name = "无线蓝牙耳机 Wireless Earbuds"
    assert again.stdout == (
        f"PASS     SKU-000  {name}  -> {out}/SKU-000_PASS_2026-11-20.pdf (unchanged, kept)\n"
        f"PASS     SKU-001  {name}  -> {out}/SKU-001_PASS_2026-11-20.pdf\n"
        f"PASS     SKU-002  {name}  -> {out}/SKU-002_PASS_2026-11-20.pdf (unchanged, kept)\n"
        "\n3 records: 3 passed, 0 failed, 0 invalid\n"
        f"3 certificates in {out}/\n"
        "2 of them there already for the same record, not drawn again (--force draws them again)\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    now = {path.name: path.read_bytes() for path in certificates_in(out)}
    digests = _summary_digests(out)  # a kept certificate is listed under its own digest
    assert [sku for sku in digests if digests[sku] != first_digests[sku]] == ["SKU-001"]
    assert [name for name in sorted(now) if now[name] != first[name]] == [
        "SKU-001_PASS_2026-11-20.pdf"
    ]
    forced = certify(records, "--out", out, "--issued-at", LATER, "--force")
    assert forced.exit_code == 0
    assert "kept" not in forced.stdout
    assert f"3 certificates in {out}/\n" in forced.stdout
    assert all(path.read_bytes() != first[path.name] for path in certificates_in(out))


def _summary_digests(out: Path) -> dict[str, str]:
    """Each SKU's certificate digest, as ``summary.json`` in ``out`` lists it."""
    rows = json.loads((out / "summary.json").read_text("utf-8"))["records"]
    return {row["sku"]: row["digest"] for row in rows if row["digest"]}


def test_certify_leaves_another_records_certificate_alone_without_force(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "p.yaml", record)
    out = tmp_path / "out"
    certify(source, "--out", out, "--issued-at", ISSUED_AT)
    issued = (out / PASS_PDF).read_bytes()
    record["product_name"] = "Other Earbuds"
    write_record(source, record)
    again = certify(source, "--out", out, "--issued-at", ISSUED_AT)
    assert again.exit_code == 2
    assert again.stdout.startswith(f"INVALID  TWS-EB-001  Other Earbuds  ({source}:1)\n")
    assert f"    ! {source}:1: {out / PASS_PDF} holds another certificate (QC-" in again.stdout
    assert "0 certificates in" in again.stdout
    assert (out / PASS_PDF).read_bytes() == issued
    forced = certify(source, "--out", out, "--issued-at", ISSUED_AT, "--force")
    assert forced.exit_code == 0
    assert (out / PASS_PDF).read_bytes() != issued


def test_certify_json_names_each_certificate_or_null_and_what_a_rerun_kept(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write_record(folder / "a.yaml", with_sku(record, "P-1"))
    failing = with_sku(record, "F-1")
    failing["answers"]["drop-test"]["surface"] = "other"
    write_record(folder / "b.yaml", failing)
    broken = with_sku(record, "I-1")
    broken["answers"]["drop-test"]["drop_height_m"] = "1.2 m"
    write_record(folder / "c.yaml", broken)
    out = tmp_path / "out"
    first = certify(folder, "-q", "--out", out, "--format", "json", "--issued-at", ISSUED_AT)
    assert (first.exit_code, first.stderr) == (2, "")
    report = json.loads(first.stdout)
    assert report["format"] == "qa-check/certify-report@1"
    issued = [(r["verdict"], r["sku"], r["certificate"], r["kept"]) for r in report["results"]]
    assert issued == [
        ("PASS", "P-1", f"{out}/P-1_PASS_2026-11-20.pdf", False),
        ("FAIL", "F-1", f"{out}/F-1_FAIL_2026-11-20.pdf", False),
        ("INVALID", "I-1", None, False),
    ]
    assert report["results"][1]["failures"][0]["rule"] == "DT-1"
    [problem] = report["results"][2]["problems"]
    assert problem["location"]["field"] == "answers.drop-test.drop_height_m"
    assert certificates_in(out) == sorted(Path(r[2]) for r in issued[:2])
    counts = {"total": 3, "passed": 1, "failed": 1, "invalid": 1}
    assert report["summary"] == {**counts, "certificates": 2, "kept": 0, "folder": str(out)}
    again = certify(folder, "-q", "-o", out, "-f", "json", "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (2, "")
    rerun = json.loads(again.stdout)
    assert [r["kept"] for r in rerun["results"]] == [True, True, False]
    assert rerun["summary"] == {**counts, "certificates": 2, "kept": 2, "folder": str(out)}


def test_certify_json_interrupted_is_still_one_document(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a", "b"):
        write_record(tmp_path / f"{name}.yaml", with_sku(record, name))
    ctrl_c_when_judging(monkeypatch, "b")
    out = tmp_path / "out"
    result = certify(tmp_path, "-q", "-j", "1", "-o", out, "--format", "json")
    assert result.exit_code == 130
    report = json.loads(result.stdout)
    assert [r["certificate"] for r in report["results"]] == [f"{out}/a_PASS_2026-11-20.pdf"]
    assert report["summary"] == {
        "total": 1,
        "passed": 1,
        "failed": 0,
        "invalid": 0,
        "certificates": 1,
        "kept": 0,
        "folder": str(out),
        "interrupted": True,
    }
    assert "interrupted after 1 records" in result.stderr


def test_two_certify_runs_into_one_folder_the_second_refuses(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    records = records_folder(tmp_path / "in", record, 60)
    out = tmp_path / "out"
    with started(qa_check_args("certify", records, "-q", "--out", out)) as first:
        assert first.stdout is not None
        assert first.stdout.readline().startswith("PASS")
        os.kill(first.pid, signal.SIGSTOP)  # still running, however fast the rest would go
        second = certify(records, "--out", out)
        os.kill(first.pid, signal.SIGCONT)
        rest, errors = first.communicate(timeout=120)
    assert (second.exit_code, second.stdout) == (2, "")
    assert second.stderr == (
        f"error: {out}: another qa-check certify (process {first.pid}) is writing into this"
        " folder: wait until it ends, or certify into another --out\n"
    )
    assert (first.returncode, errors) == (0, "")
    assert rest.endswith(
        f"60 certificates in {out}/\n"
        + f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    assert [path.name for path in certificates_in(out)] == [
        f"SKU-{n:03}_PASS_2026-11-20.pdf" for n in range(60)
    ]
    assert json.loads((out / "summary.json").read_text("utf-8"))["passed"] == 60


def test_an_issue_time_before_the_inspection_is_refused(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    source = write_record(tmp_path / "a.yaml", record)
    out = tmp_path / "out"
    args = ["certify", str(source), "--out", str(out), "-c", str(CHECKLISTS)]
    result = runner.invoke(app, [*args, "--issued-at", "2026-11-20T02:14:00+00:00"])
    assert result.exit_code == 2
    assert (
        "    ! --issued-at: issued 2026-11-20 02:14 UTC, before the inspection ended"
        " (2026-11-20 10:15 +08:00): a certificate cannot come first\n"
    ) in result.stdout
    assert not out.exists() or not certificates_in(out)
    fine = runner.invoke(app, [*args, "--issued-at", "2026-11-20T02:15:00+00:00"])
    assert fine.exit_code == 0, fine.output


def test_certify_draws_on_no_more_processes_than_cores_and_says_so(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--jobs 10000`` met the limit on processes and hung: it is capped, with a note."""
    used: list[int] = []
    real = pool_module.in_order

    def recorded(work: Any, items: Any, jobs: int, start: Any) -> Any:
        used.append(jobs)
        return real(work, items, min(jobs, 2), start)  # never thousands of processes here

    monkeypatch.setattr(pool_module, "default_jobs", lambda: 2)
    monkeypatch.setattr(issue_module, "in_order", recorded)
    records = records_folder(tmp_path / "in", record, 3)
    for asked, stderr in (
        (
            "10000",
            "note: --jobs 10,000 is more than the cores this process may use (2):"
            " it draws with --jobs 2\n",
        ),
        ("2", ""),
        ("1", ""),
    ):
        result = certify(records, "-q", "--out", tmp_path / asked, "--jobs", asked)
        assert (result.exit_code, result.stderr) == (0, stderr)
        assert len(certificates_in(tmp_path / asked)) == 3
    assert used == [2, 2, 1]
    zh = certify(records, "-q", "--out", tmp_path / "zh", "--jobs", "3", "--lang", "zh")
    assert zh.stderr == "note: --jobs 3 超过本进程可用的核心数（2）：改用 --jobs 2 绘制\n"


def test_jobs_far_above_one_core_finish_bounded(tmp_path: Path, record: dict[str, Any]) -> None:
    """A real process on one core (taskset) asked for 64 jobs draws on 1, in time and memory."""
    records = records_folder(tmp_path / "in", record, 3)
    done = bounded(
        [
            "taskset",
            "-c",
            "0",
            *qa_check_args("certify", records, "-q", "--out", tmp_path / "out", "--jobs", "64"),
        ],
        seconds=60,
    )
    assert done.returncode == 0
    assert "3 records: 3 passed, 0 failed, 0 invalid" in done.stdout.splitlines()
    assert done.stderr == (
        "note: --jobs 64 is more than the cores this process may use (1): it draws with --jobs 1\n"
    )
    assert len(certificates_in(tmp_path / "out")) == 3


def test_a_summary_that_cannot_be_written_ends_the_report_all_the_same(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """summary.json a folder (as a full disk): every certificate and the counts, then the error."""
    records = records_folder(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    (out / "summary.json").mkdir(parents=True)
    error = f"error: {out / 'summary.json'}: cannot write: Is a directory\n"
    text = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT)
    assert (text.exit_code, text.stderr) == (2, error)
    lines = text.stdout.splitlines()
    assert [line.split(" -> ")[0] for line in lines[:3]] == [
        f"PASS     SKU-00{n}  无线蓝牙耳机 Wireless Earbuds " for n in range(3)
    ]
    assert lines[3:] == [  # and not "the batch's summary: ...": it is not there
        "",
        "3 records: 3 passed, 0 failed, 0 invalid",
        f"3 certificates in {out}/",
    ]
    assert len(certificates_in(out)) == 3
    assert (out / "summary.csv").is_file() and (out / "summary.pdf").is_file()
    done = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT, "--format", "json")
    assert (done.exit_code, done.stderr) == (2, error)
    report = json.loads(done.stdout)  # one whole document
    assert len(report["results"]) == report["summary"]["total"] == 3
    assert report["summary"]["errors"] == [
        {"message": "cannot write: Is a directory", "location": {"file": str(out / "summary.json")}}
    ]


def test_a_register_that_cannot_be_added_to_is_completed_by_the_next_run(
    tmp_path: Path, record: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register busy past its wait: the batch ends whole, and running it again adds them."""
    records = records_folder(tmp_path / "in", record, 3)
    out = tmp_path / "out"
    book = out / "register.sqlite"

    def busy(self: Register, entries: Any) -> int:
        raise RegisterError([Problem(Location(str(book)), msg("register_locked", seconds=10))])

    with monkeypatch.context() as patched:
        patched.setattr(Register, "add", busy)
        done = certify(records, "-q", "--out", out, "--issued-at", ISSUED_AT, "--format", "json")
    assert done.exit_code == 2
    assert done.stderr == (
        f"error: {book}: another qa-check kept the register busy for 10 s; try again when it has"
        f" finished\nerror: {book}: certificates of this run that are not in the register: 3;"
        " the files are written, and the same certify command, run again, adds them\n"
    )
    report = json.loads(done.stdout)
    assert [item["certificate"] is not None for item in report["results"]] == [True] * 3
    assert [error["location"]["file"] for error in report["summary"]["errors"]] == [str(book)] * 2
    assert json.loads((out / "summary.json").read_text("utf-8"))["total"] == 3
    with Register.open(book, create=False) as register:
        assert list(register.rows()) == []
    again = certify(records, "-q", "--out", out, "--issued-at", LATER)
    assert (again.exit_code, again.stderr) == (0, "")
    assert "3 of them there already for the same record" in again.stdout
    with Register.open(book, create=False) as register:
        files = sorted(row.file for row in register.rows())
    assert files == sorted(path.name for path in certificates_in(out))


def test_a_register_kept_busy_by_another_writer_ends_a_real_batch_whole(
    tmp_path: Path, record: dict[str, Any]
) -> None:
    """Another connection holds the register's write lock past certify's 10 s wait."""
    records = records_folder(tmp_path / "in", record, 2)
    out = tmp_path / "out"
    out.mkdir()
    book = out / "register.sqlite"
    Register.open(book, create=True).close()
    holder = sqlite3.connect(book, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        done = bounded(qa_check_args("certify", records, "-q", "--out", out, "--format", "json"))
    finally:
        holder.close()
    assert done.returncode == 2
    report = json.loads(done.stdout)  # one whole document, the failure in it
    assert len(report["results"]) == report["summary"]["total"] == 2
    assert [error["message"][:38] for error in report["summary"]["errors"]] == [
        "another qa-check kept the register bus",
        "certificates of this run that are not ",
    ]
    assert done.stderr.endswith(
        f"error: {book}: certificates of this run that are not in the register: 2; the files are"
        " written, and the same certify command, run again, adds them\n"
    )
    assert len(certificates_in(out)) == 2
    assert json.loads((out / "summary.json").read_text("utf-8"))["total"] == 2
