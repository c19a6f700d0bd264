"""The README and the pages under docs/ show real output, and CI runs the README's test command.

Each transcript is looked for on every page and checked where it landed, so that moving text
between pages keeps it tested; the table of commands per page says which pages show what.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shlex
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import ROOT
from qa_check.certificates import verify as verify_module
from qa_check.cli.app import app

PAGES = {
    path.relative_to(ROOT).as_posix(): path.read_text("utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
}
README = PAGES["README.md"]

# Every `$ qa-check` command each page shows, in order: those marked "shown" are typed sessions
# that no test here runs; every other one is run below and its output compared.
COMMANDS = {
    "README.md": [],
    "docs/managers.md": [
        *("validate", "validate --format json"),
        *("lint --format json", "certify --format json", "verify --format json"),
        *("lint", "lint", "template", "schema", "schema -h"),
        *("template", "validate (shown)", "validate (shown)"),  # test_docs_sheets.py runs them
        *("validate", "certify"),
        *("lot", "lot", "validate"),
        *("certify", "verify", "register", "lot"),
        *("register", "register", "register"),  # test_docs_merge.py runs them
    ],
    "docs/operators.md": [
        *("certify", "config (shown)", "certify", "keys", "certify", "verify"),
        *("register", "register", "verify"),
        *("keys", "verify", "keys", "verify"),
    ],
    "docs/readers.md": ["certify", "verify", "verify (shown)", "image"],
    "docs/warehouse.md": ["run (shown)"] * 10,
}


def landed(pattern: str, flags: int = 0) -> tuple[str, re.Match[str]]:
    """The one page showing what `pattern` finds, and the match: a transcript is kept once."""
    found = [(name, m) for name, text in PAGES.items() if (m := re.search(pattern, text, flags))]
    assert len(found) == 1, f"{len(found)} pages show {pattern!r}, not one"
    return found[0]


def _shown(page: str) -> list[str]:
    named = []
    for command, rest in re.findall(r"^ *\$ qa-check (\S+)([^\n]*)", PAGES[page], re.M):
        json_format = " --format json" if "--format json" in rest else ""
        named.append(command + json_format + (" -h" if rest.strip() == "-h" else ""))
    return named


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_page_shows_the_commands_the_tests_expect(page: str) -> None:
    expected = [command.removesuffix(" (shown)") for command in COMMANDS[page]]
    assert _shown(page) == expected


def test_every_page_is_linked_from_the_readme() -> None:
    assert set(COMMANDS) == set(PAGES)
    for page in PAGES:
        if page != "README.md":
            assert f"]({page})" in README, page


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_links_lead_to_a_file_and_a_heading(page: str) -> None:
    """Links between pages moved with the text: each file is there, each heading on its page."""
    for target, anchor in re.findall(r"\]\((?!https?:)([^)#]*)(?:#([\w-]+))?\)", PAGES[page]):
        name = (Path(page).parent / target).as_posix() if target else page
        name = name.removeprefix("docs/../")
        assert (ROOT / name).is_file(), (page, target)
        if anchor:
            headings = re.findall(r"^#+ (.+)$", PAGES[name], re.M)
            slugs = {re.sub(r"[^\w -]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in slugs, (page, target, anchor)


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = re.findall(r"```console\n((?:apt-get|python3 -m venv) [^\n]+)\n```", README)
    assert len(commands) == 2, "the README has exactly two set-up commands"
    setup, tests = commands
    assert "pip install -q --require-hashes -r requirements/qa-check.txt && " in setup
    assert setup.endswith(" && .venv/bin/qa-check --version")  # exits 0 when it worked
    assert "pip install -q --require-hashes -r requirements/test.txt && " in tests
    assert "pytest" in tests
    assert "poppler-utils zbar-tools" in tests
    assert tests in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_certifying_the_examples_is_the_command_after_the_setup_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    setup = README.index("&& .venv/bin/qa-check --version\n```\n")
    block = re.compile(r"```console\n\.venv/bin/qa-check (certify examples/ --out reports/)\n```")
    after = block.search(README, setup)
    assert after, "README lost the command that certifies the examples"
    assert README.index("```console", setup + 1) == after.start()  # the very next command
    assert "it exits 2 because one example is deliberately invalid" in README[after.end() :]
    monkeypatch.chdir(ROOT)
    out = tmp_path / "reports"
    args = after.group(1).replace("--out reports/", f"--out {out}/")
    result = CliRunner().invoke(app, shlex.split(args))
    assert result.exit_code == 2
    assert result.stdout.endswith(
        f"14 certificates in {out}/\n"
        f"the batch's summary: {out}/summary.pdf, summary.csv, summary.json\n"
    )
    assert "(14 certificates, beside the batch's summary" in README[after.end() :]


def test_the_readmes_examples_are_commands_and_options_qa_check_has() -> None:
    """Each example command, with -h after it: an option qa-check lacks would be refused."""
    examples = re.findall(r"^qa-check ([^\n]+)$", README, re.M)
    assert [example.split()[0] for example in examples] == [
        *("run", "lint", "validate", "certify", "verify", "keys", "certify", "publish")
    ]
    for example in examples:
        result = CliRunner().invoke(app, [*shlex.split(example), "-h"], prog_name="qa-check")
        assert result.exit_code == 0, example
        assert f"qa-check {example.split()[0]} " in result.stdout.splitlines()[0], example


CERTIFY_AND_VERIFY = (
    r"```console\n\$ qa-check (certify [^\n]+)\n([^`]*?)\$ qa-check (verify [^\n]+)\n([^`]*?)```"
)


def test_the_certify_and_verify_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, block = landed(CERTIFY_AND_VERIFY)
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    assert "--out certs/" in block.group(1)  # replaced below: nothing is written into the repo
    certify = shlex.split(block.group(1).replace("--out certs/", f"--out {out}/"))
    result = CliRunner().invoke(app, certify)
    assert result.stdout.replace(str(out), "certs") == block.group(2)
    assert result.exit_code == 2
    verify = shlex.split(block.group(3).replace("certs/", f"{out}/"))
    result = CliRunner().invoke(app, verify)
    assert result.stdout.replace(str(out), "certs") == block.group(4)
    assert result.exit_code == 0


def test_the_rerun_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The certify transcript's run, then the rerun the docs show: everything kept."""
    _, first = landed(CERTIFY_AND_VERIFY)
    kept = r"```console\n\$ qa-check (certify [^\n]+)\n([^`]*?\(unchanged, kept\)[^`]*?)```"
    _, again = landed(kept)
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    for command in (first.group(1), again.group(1)):
        assert "--out certs/" in command
        result = CliRunner().invoke(
            app, shlex.split(command.replace("--out certs/", f"--out {out}/"))
        )
    assert result.stdout.replace(str(out), "certs") == again.group(2)
    assert result.exit_code == 1


def test_the_docs_show_a_pass_a_two_page_fail_a_bilingual_certificate_and_a_summary() -> None:
    image = r"!\[([^]]+)\]\((images/[^)]+\.png)\)"
    page, _ = landed(image)
    images = re.findall(image, PAGES[page])
    assert [alt for alt, _ in images] == [
        "PASS certificate",
        "FAIL certificate, page 1",
        "FAIL certificate, page 2",
        "PASS certificate in English and Chinese",
        "Summary of a batch",
    ]
    for _, picture in images:
        data = (ROOT / Path(page).parent / picture).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < 200_000, picture
        assert f"](docs/{picture})" in README
    pictures = {path.name for path in (ROOT / "docs" / "images").glob("*.png")}
    assert pictures == {Path(picture).name for _, picture in images}  # none left over
    assert not list((ROOT / "docs").glob("*.png"))


def test_the_pictures_script_draws_each_picture_from_inputs_that_are_there() -> None:
    """``docs/images/make.py`` (run by hand after a page change) names what it draws from."""
    spec = importlib.util.spec_from_file_location("make", ROOT / "docs" / "images" / "make.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert set(script.PICTURES) == {path.name for path in (ROOT / "docs" / "images").glob("*.png")}
    assert script.INPUTS and all((ROOT / path).exists() for path in script.INPUTS)
    assert {lang for lang, _, _ in script.PICTURES.values()} == set(script.RUNS)
    for lang, _, _ in script.PICTURES.values():
        assert lang in ("en", "zh", "en+zh")


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_validate_transcripts_are_real_output(
    page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text report of `validate` a page shows, and its exit code where it shows it."""
    blocks = re.findall(
        r"```console\n\$ qa-check (validate [^\n]+)\n(.*?)(?:\$ echo \$\?\n(\d+)\n)?```",
        PAGES[page],
        re.S,
    )
    text = [block for block in blocks if "--format json" not in block[0]]
    assert len(blocks) - len(text) == COMMANDS[page].count("validate --format json")
    assert len(text) == COMMANDS[page].count("validate")
    monkeypatch.chdir(ROOT)
    for command, shown, code in text:
        result = CliRunner().invoke(app, shlex.split(command))
        assert result.stdout == shown
        if code:
            assert result.exit_code == int(code)


def test_the_released_versions_transcript_is_real_output(monkeypatch: pytest.MonkeyPatch) -> None:
    heading = "### Versions: kept, filled in, withdrawn, released"
    page, _ = landed(re.escape(heading))
    section = PAGES[page].split(heading, 1)[1]
    block = re.search(r"```console\n\$ qa-check (validate [^\n]+)\n(.*?)```", section, re.S)
    assert block, "docs lost their released versions transcript"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert (result.stdout, result.exit_code) == (block.group(2), 1)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_json_transcripts_are_real_output(
    page: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every command a page shows with ``--format json``, in order: the document, lines wrapped."""
    step = r"^\$ qa-check ([^\n]+--format json[^\n]*)\n(.*?)(?=^\$ |^```)"
    shown = re.findall(step, PAGES[page], re.S | re.M)
    assert [command.split()[0] for command, _ in shown] == [
        command.split()[0] for command in COMMANDS[page] if command.endswith("--format json")
    ]
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    for command, document in shown:
        args = command.removesuffix(" 2>/dev/null").replace("certs/", f"{out}/")
        result = CliRunner().invoke(app, shlex.split(args))
        assert json.loads(result.stdout.replace(str(out), "certs")) == json.loads(document)


def test_the_lint_template_and_schema_transcript_and_forms_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each step of the block that checks checklists and writes forms, the files into tmp_path."""
    page, block = landed(r"```console\n(\$ qa-check lint checklists/\n.*?)```", re.S)
    steps = re.findall(r"^\$ qa-check ([^\n]+)\n(.*?)(?=^\$ |\Z)", block.group(1), re.S | re.M)
    assert [command.split()[0] for command, _ in steps] == ["lint", "lint", "template", "schema"]
    monkeypatch.chdir(ROOT)
    for command, shown in steps:
        moved = re.sub(r"--out (forms|schemas)/", rf"--out {tmp_path}/\1/", command)
        result = CliRunner().invoke(app, shlex.split(moved))
        printed = result.stdout + result.stderr  # lint's count and its OK go to stderr
        assert printed.replace(f"{tmp_path}/", "") == shown, command
    form = re.search(r"```yaml\n(checklists:\n.*?)```", PAGES[page], re.S)
    assert form, "docs lost their excerpt of the YAML form"
    assert form.group(1) in (tmp_path / "forms" / "record-template.yaml").read_text("utf-8")
    first_row = (tmp_path / "forms" / "record-template.csv").read_text("utf-8").splitlines()[1]
    assert f"only its `checklists` cell filled in, `{first_row.strip(',')}`," in PAGES[page]
    written = (tmp_path / "schemas" / "record.schema.json").read_text("utf-8")
    assert written == (ROOT / "schemas" / "record.schema.json").read_text("utf-8")


def test_the_examples_summary_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate", "examples/"])
    landed(re.escape(f"`{result.stdout.splitlines()[-1]}`"))


def test_the_configuration_error_transcript_is_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _, block = landed(
        r"```console\n\$ qa-check (certify [^\n]+--config qa-check\.toml)\n(.*?)"
        r"\$ echo \$\?\n(\d+)\n```",
        re.S,
    )
    example = (ROOT / "examples" / "qa-check.toml").read_text("utf-8")
    assert example.count("\naddress = ") == 1
    (tmp_path / "qa-check.toml").write_text(example.replace("\naddress = ", "\nadress = "), "utf-8")
    for folder in ("examples", "checklists"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, shlex.split(block.group(1)))
    assert (result.stdout, result.stderr) == ("", block.group(2))
    assert result.exit_code == int(block.group(3))
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("page", sorted(PAGES))
def test_the_help_transcripts_are_real_output(page: str) -> None:
    blocks = re.findall(r"```console\n\$ qa-check (\w+ -h)\n(.*?)```", PAGES[page], re.S)
    assert len(blocks) == sum(command.endswith(" -h") for command in COMMANDS[page])
    for command, shown in blocks:
        result = CliRunner().invoke(app, shlex.split(command), prog_name="qa-check")
        assert (result.exit_code, result.stdout) == (0, shown)


CERTIFICATE_ID = re.compile(r"QC-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}")
VARYING = (  # what differs from one key to the next, and the moment of a revocation
    (re.compile(r"(?:[0-9A-F]{4} ){15}[0-9A-F]{4}"), "FINGERPRINT"),
    (re.compile(r"[0-9A-F]{16}…"), "KEY…"),
    (CERTIFICATE_ID, "QC-ID"),
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"), "TIME"),
)


def _masked(text: str) -> str:
    for pattern, stand_in in VARYING:
        text = pattern.sub(stand_in, text)
    return text


def test_the_signatures_and_register_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each command of the section runs as shown and prints what it shows, but for the key.

    A new key has new fingerprints, and the certificate ids it signs are new: those are
    compared by their shape, and the ids the page names are passed on as the real ones.
    """
    page, _ = landed(r"^## Signatures and the register$", re.M)
    section = PAGES[page].split("## Signatures and the register", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    assert len(blocks) == 2, "docs lost a transcript of the signatures section"
    step = r"^\$ qa-check ([^\n]+)\n((?:(?!\$ qa-check )[^\n]*\n)*)"
    steps = re.findall(step, "".join(blocks), re.M)
    assert [command.split()[0] for command, _ in steps] == [
        *("keys", "certify", "verify"),
        *("register", "register", "verify"),
    ]
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(verify_module, "now", lambda: datetime.now(UTC))  # the key is new
    real_ids: dict[str, str] = {}
    for command, shown in steps:
        moved = command.replace("lab-keys", f"{tmp_path}/lab-keys").replace(
            "certs/", f"{tmp_path}/certs/"
        )
        args = [real_ids.get(arg, arg) for arg in shlex.split(moved)]
        result = CliRunner().invoke(app, args)
        printed = result.stdout.replace(f"{tmp_path}/", "")
        named_ids, real = CERTIFICATE_ID.findall(shown), CERTIFICATE_ID.findall(printed)
        for named, real_id in zip(named_ids, real, strict=False):
            real_ids.setdefault(named, real_id)
        assert _masked(printed) == _masked(shown), command
    assert not (ROOT / "lab-keys").exists()  # everything went into tmp_path


def test_the_lot_plan_transcripts_are_real_output() -> None:
    blocks = re.findall(
        r"```console\n\$ qa-check (lot plan [^\n]+)\n([^`]*)```", PAGES["docs/managers.md"]
    )
    assert len(blocks) == 2
    for command, shown in blocks:
        result = CliRunner().invoke(app, shlex.split(command), env={"QA_CHECK_LANG": "en"})
        assert (result.exit_code, result.stdout) == (0, shown)


def test_the_lab_report_transcript_is_real_output_and_the_page_prints_what_it_says(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    page, block = landed(
        r"```console\n\$ qa-check (certify [^\n]+--config examples/lab/qa-check\.toml[^\n]*)\n"
        r"([^`]*?)```\n\nprints (.*?) on the page\.",
        re.S,
    )
    assert page == "docs/operators.md"
    monkeypatch.chdir(ROOT)
    out = tmp_path / "certs"
    command = block.group(1).replace("--out certs/", f"--out {out}/")
    result = CliRunner().invoke(app, shlex.split(command))
    assert (result.stdout.replace(str(out), "certs"), result.exit_code) == (block.group(2), 0)
    [pdf] = out.glob("*_PASS_*.pdf")
    text = " ".join(_pdftotext(pdf).split())
    said = " ".join(block.group(3).split())
    for quoted in re.findall(r'"([^"]+)"', said):
        for part in quoted.split("(…)"):
            assert part.strip() in text, part


def _pdftotext(path: Path) -> str:
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def test_the_lot_certificate_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """certify a lot, verify it, list the register and plan from it, as the lots section shows."""
    page = PAGES["docs/managers.md"]
    section = page.split("### Lot certificates and the register", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n(.*?)```", section, re.S)
    step = r"^\$ qa-check ([^\n]+)\n((?:(?!\$ qa-check )[^\n]*\n)*)"
    steps = re.findall(step, "".join(blocks), re.M)
    assert [command.split()[0] for command, _ in steps] == ["certify", "verify", "register", "lot"]
    monkeypatch.chdir(ROOT)
    for command, shown in steps:
        args = shlex.split(command.replace("lots-out/", f"{tmp_path}/lots-out/"))
        result = CliRunner().invoke(app, args, env={"QA_CHECK_LANG": "en"})
        printed = result.stdout.replace(f"{tmp_path}/", "")
        assert _masked(printed) == _masked(shown), command
    assert not (ROOT / "lots-out").exists()  # everything went into tmp_path


# --- r24-revoke: rotating and withdrawing signing keys ------------------------------------------

FULL_FINGERPRINT = re.compile(r"[0-9A-F]{64}")


def test_the_key_rotation_transcripts_are_real_output(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """keys rotate, verify, keys revoke, verify, as the section shows them, after the keys and
    certificates of the signatures section; fingerprints and times compared by their shape."""
    page, _ = landed(r"^## Rotating and withdrawing signing keys$", re.M)
    section = PAGES[page].split("## Rotating and withdrawing signing keys", 1)[1]
    section = section.split("\n## ", 1)[0]
    steps = re.findall(r"^\$ qa-check ([^\n]+)\n((?:(?!\$ qa-check )[^\n`]*\n)*)", section, re.M)
    assert [command.split()[:2] for command, _ in steps] == [
        ["keys", "rotate"],
        ["verify", "certs/KETTLE-1.7_FAIL_2026-11-21.pdf"],
        ["keys", "revoke"],
        ["verify", "certs/KETTLE-1.7_FAIL_2026-11-21.pdf"],
    ]
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(verify_module, "now", lambda: datetime.now(UTC))  # the key is new
    keys, certs = tmp_path / "lab-keys", tmp_path / "certs"
    made = CliRunner().invoke(
        app, ["keys", "init", "--issuer", "Shenzhen QA Lab", "--keys", str(keys), "--no-passphrase"]
    )
    assert made.exit_code == 0
    examples = ["examples/lamp-220-pass.yaml", "examples/kettle-17-fail.yaml"]
    issued = ["--keys", str(keys), "--out", f"{certs}/", "--issued-at", "2026-11-23T09:00:00+08:00"]
    assert CliRunner().invoke(app, ["certify", *examples, *issued]).exit_code == 1
    old = CliRunner().invoke(app, ["keys", "show", "--keys", str(keys)]).stdout
    old_fingerprint = old.splitlines()[1].split(":", 1)[1].replace(" ", "")
    for command, shown in steps:
        moved = command.replace("lab-keys", str(keys)).replace("certs/", f"{certs}/")
        moved = FULL_FINGERPRINT.sub(old_fingerprint, moved)
        result = CliRunner().invoke(app, shlex.split(moved))
        assert result.exit_code == 0, (command, result.stderr)
        printed = result.stdout.replace(f"{tmp_path}/", "")
        assert _masked(FULL_FINGERPRINT.sub("F" * 64, printed)) == _masked(
            FULL_FINGERPRINT.sub("F" * 64, shown)
        ), command
def test_the_readme_shows_every_screenshot_of_the_site_that_its_script_takes() -> None:
    """``docs/images/site.py`` (run by hand after a change to the site) takes each one."""
    spec = importlib.util.spec_from_file_location("site_shots", ROOT / "docs/images/site.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    folder = ROOT / "docs" / "images" / "site"
    assert {path.name for path in folder.glob("*.png")} == set(script.SHOTS)
    assert set(re.findall(r"\]\(docs/images/site/([^)]+\.png)\)", README)) == set(script.SHOTS)
    for name in script.SHOTS:
        data = (folder / name).read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) < 200_000, name
    assert script.INPUTS and all((ROOT / path).exists() for path in script.INPUTS)
