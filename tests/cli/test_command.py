"""Every command's frame: help as git, pip or ruff give it, and one error boundary."""

from __future__ import annotations

import errno
import inspect
import os
import re
import shlex
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from conftest import CHECKLISTS, ROOT
from qa_check.cli.app import app
from qa_check.core.catalogue import HELP
from qa_check.engine import schema as schema_module

runner = CliRunner()
ENGLISH = {"QA_CHECK_LANG": "en"}
CHINESE = {"QA_CHECK_LANG": "zh"}
COMMANDS = ["validate", "certify", "verify", "run", "lint", "schema", "template"]
USAGE = {
    "validate": "qa-check validate [OPTIONS] PATH...",
    "certify": "qa-check certify [OPTIONS] PATH...",
    "verify": "qa-check verify [OPTIONS] CERT.pdf...",
    "run": "qa-check run [OPTIONS]",
    "lint": "qa-check lint [OPTIONS] [PATH]...",
    "schema": "qa-check schema [OPTIONS]",
    "template": "qa-check template [OPTIONS] [CHECKLIST]...",
}


def help_of(command: str, flag: str = "--help") -> str:
    result = runner.invoke(app, [command, flag], prog_name="qa-check", env=ENGLISH)
    assert (result.exit_code, result.stderr) == (0, "")
    return str(result.stdout)


def section(text: str, title: str) -> list[str]:
    """The lines of a help section (``Examples:``, ``Exit codes:``), without its title."""
    found = re.search(rf"^{title}[:：]\n((?:  .*\n)+)", text, re.MULTILINE)
    assert found, f"no {title} section"
    return [line[2:] for line in found.group(1).splitlines()]


# --- help ---------------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_h_is_help_and_usage_has_no_python_types(command: str) -> None:
    text = help_of(command)
    assert help_of(command, "-h") == text
    assert text.startswith(f"Usage: {USAGE[command]}\n")
    assert "<list[" not in text
    assert "[[" not in text
    assert "-h, --help" in text


@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_80_columns_and_never_breaks_a_word_at_a_hyphen(command: str) -> None:
    """CliRunner lays help out for 80 columns; a line ending in ``qa-`` is a broken word."""
    for line in help_of(command).splitlines():
        assert len(line) <= 80, line
        assert not re.search(r"\w-$", line), f"broken at a hyphen: {line!r}"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_example_is_a_command_line_that_parses(command: str) -> None:
    """Each example is whole on its line and names options and choices the command has."""
    examples = section(help_of(command), "Examples")
    assert examples
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    for example in examples:
        words = shlex.split(example.partition(" > ")[0])
        assert words[:2] == ["qa-check", command], example
        group.commands[command].make_context(command, words[2:])  # a usage error raises


def test_on_an_80_column_terminal_examples_are_whole() -> None:
    """A real terminal: ``qa-`` / ``check verify`` was broken at the hyphen here."""
    code = (
        "from qa_check.cli.app import app\n"
        f"for name in {COMMANDS!r}:\n"
        "    try:\n"
        "        app([name, '--help'], prog_name='qa-check')\n"
        "    except SystemExit:\n"
        "        pass\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "80"},
        capture_output=True,
        text=True,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert "  qa-check verify reports/*.pdf" in lines
    assert max(len(line) for line in lines) <= 80
    assert not [line for line in lines if re.search(r"\w-$", line)]


@pytest.mark.parametrize("command", ["validate", "certify", "verify", "run", "lint"])
def test_judging_commands_give_their_exit_codes_and_the_readme_explains_each(
    command: str,
) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("\n## Exit codes\n", 1)[1].split("\n## ", 1)[0]
    codes = [line.split()[0] for line in section(help_of(command), "Exit codes")]
    assert codes[:3] == ["0", "1", "2"]
    for code in codes:
        assert f"| {code} |" in table, code


@pytest.mark.parametrize("command", ["certify", "run", "schema", "template"])
def test_o_is_short_for_out(command: str) -> None:
    assert re.search(r"^  -o, --out DIR ", help_of(command), re.MULTILINE)


# --- help in Chinese ------------------------------------------------------------------------

TYPER_WORDS = ["Usage:", "Arguments:", "Options:", "Commands:", "default", "env var", "required"]
"""Words typer and click write into help: Chinese help needs them too."""


def commands() -> Iterator[tuple[list[str], typer.Context]]:
    """Every command and group of the app, the app first: the words naming it, and a context."""
    root = typer.main.get_command(app)
    ctx = typer.Context(root, info_name="qa-check", **root.context_settings)
    yield [], ctx
    stack: list[tuple[list[str], typer.Context]] = [([], ctx)]
    while stack:
        path, parent = stack.pop(0)
        if isinstance(parent.command, typer.core.TyperGroup):
            for name, command in parent.command.commands.items():
                found = ([*path, name], typer.Context(command, parent=parent, info_name=name))
                yield found
                stack.append(found)


def english_texts(ctx: typer.Context) -> list[str]:
    """What a command's help says in English: its description paragraph by paragraph (the
    first is its summary in its group's list), each parameter's help, the epilog's headings and
    the meaning of each exit code (the examples are command lines, shown as written)."""
    command = ctx.command
    texts = [" ".join(part.split()) for part in inspect.cleandoc(command.help or "").split("\n\n")]
    helps = [getattr(param, "help", None) for param in command.get_params(ctx)]
    texts += [" ".join(help_.split()) for help_ in helps if help_]
    heading = ""
    for line in (command.epilog or "").splitlines():
        if line and not line[0].isspace():
            heading = line
            texts.append(line)
        elif line.strip() and heading != "Examples:":
            texts.append(line.split(None, 1)[1])
    return [text for text in texts if text]


ALL = list(commands())
NAMES = [" ".join(path) or "qa-check" for path, _ in ALL]


def test_the_walk_finds_every_command_and_group() -> None:
    assert {"qa-check", "certify", "register", "register revoke", "keys init"} <= set(NAMES)
    assert len(NAMES) >= 16


@pytest.mark.parametrize(("path", "ctx"), ALL, ids=NAMES)
def test_every_help_text_has_its_chinese(path: list[str], ctx: typer.Context) -> None:
    texts = english_texts(ctx)
    assert texts
    assert [text for text in texts if text not in HELP] == []


def test_typers_own_words_have_their_chinese() -> None:
    assert [word for word in TYPER_WORDS if word not in HELP] == []


def columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


@pytest.mark.parametrize(("path", "ctx"), ALL, ids=NAMES)
def test_with_qa_check_lang_zh_every_help_is_chinese_and_fits_80_columns(
    path: list[str], ctx: typer.Context
) -> None:
    """Each text is shown in Chinese (wrapped: compared without spaces), nothing in English."""
    result = runner.invoke(app, [*path, "-h"], prog_name="qa-check", env=CHINESE)
    assert (result.exit_code, result.stderr) == (0, "")
    shown = result.stdout
    squashed = "".join(shown.split())
    for text in english_texts(ctx):
        assert "".join(HELP[text].split()) in squashed, text
    if isinstance(ctx.command, typer.core.TyperGroup):  # each command listed by its summary
        for listed in ctx.command.commands.values():
            summary = " ".join(inspect.cleandoc(listed.help or "").split("\n\n")[0].split())
            assert "".join(HELP[summary].split()) in squashed, summary
    for english in ("Usage:", "Arguments:", "Options:", "Commands:", "default:", "required]"):
        assert english not in shown
    assert shown.startswith(f"用法：qa-check {' '.join(path)}".rstrip() + " [OPTIONS]")
    for line in shown.splitlines():
        assert columns(line) <= 80, line
        assert not re.match(r"\s*[，。；：、）]", line), f"starts with a closing mark: {line!r}"
        assert not re.search(r"（$", line), f"ends with an opening mark: {line!r}"
        assert not re.search(r"\[[^\]]*$", line), f"a note in brackets is broken: {line!r}"


def test_certify_help_in_chinese_keeps_examples_options_and_codes_as_written() -> None:
    shown = runner.invoke(app, ["certify", "-h"], prog_name="qa-check", env=CHINESE).stdout
    english = help_of("certify")
    assert shown.startswith(
        "用法：qa-check certify [OPTIONS] PATH...\n\n  为每个 SKU 写出一份 PDF 证书"
    )
    assert section(shown, "示例") == section(english, "Examples")
    assert [line.split()[0] for line in section(shown, "退出码")] == ["0", "1", "2", "130"]
    assert "  0    所有记录均合格\n" in shown
    for option in ("-o, --out DIR", "--lang <en|zh|en+zh>", "-j, --jobs N", "-h, --help"):
        assert f"\n  {option} " in shown
    assert "[默认：reports]" in shown
    assert "[环境变量：QA_CHECK_CHECKLISTS]" in shown


@pytest.mark.parametrize("asked", [["--lang", "zh"], ["--lang=zh"]])
def test_lang_before_h_asks_for_chinese_help_whatever_the_environment_says(
    asked: list[str],
) -> None:
    result = runner.invoke(app, ["certify", *asked, "-h"], prog_name="qa-check", env=ENGLISH)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith("用法：qa-check certify [OPTIONS] PATH...")
    assert "显示本帮助并退出。" in result.stdout


def test_lang_en_before_h_keeps_the_english_help_under_qa_check_lang_zh() -> None:
    result = runner.invoke(
        app, ["certify", "--lang", "en", "-h"], prog_name="qa-check", env=CHINESE
    )
    assert result.stdout == help_of("certify")


def test_the_locale_picks_the_help_language_when_nothing_else_does() -> None:
    env = {"QA_CHECK_LANG": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}
    result = runner.invoke(app, ["keys", "-h"], prog_name="qa-check", env=env)
    assert result.stdout.startswith("用法：qa-check keys [OPTIONS] COMMAND [ARGS]...")


@pytest.mark.parametrize("path", [[], ["register"]])
def test_a_group_alone_shows_its_help_in_chinese(path: list[str]) -> None:
    """``qa-check`` alone prints it on stdout; ``qa-check register`` (no command) on stderr."""
    result = runner.invoke(app, path, prog_name="qa-check", env=CHINESE)
    shown = result.stdout + result.stderr
    assert shown.startswith("用法：qa-check")
    assert "命令：\n" in shown


@pytest.mark.parametrize(("path", "ctx"), ALL, ids=NAMES)
def test_english_help_has_no_chinese_and_no_environment_changes_it(
    path: list[str], ctx: typer.Context
) -> None:
    """English help is as it always was: the same with QA_CHECK_LANG=en as with LANG=C alone."""
    english = runner.invoke(app, [*path, "-h"], prog_name="qa-check", env=ENGLISH).stdout
    plain = {"QA_CHECK_LANG": "", "LC_ALL": "C", "LANG": "C"}
    assert runner.invoke(app, [*path, "-h"], prog_name="qa-check", env=plain).stdout == english
    assert english.startswith("Usage: qa-check")
    assert not re.search(r"[\u4e00-\u9fff]", english.replace("深圳", ""))


@pytest.mark.parametrize(
    "path",
    [["validate"], ["run"], ["register", "list"], ["register", "show"], ["keys", "show"]],
    ids=" ".join,
)
def test_a_lang_that_follows_the_environment_shows_no_default_but_says_so(
    path: list[str],
) -> None:
    """Its default is QA_CHECK_LANG, else the locale: ``[default: en]`` would be untrue."""
    shown = runner.invoke(app, [*path, "-h"], prog_name="qa-check", env=ENGLISH).stdout
    [found] = re.findall(r"\n  --lang <en\|zh> +(.*(?:\n {4,}.*)*)", shown)
    said = " ".join(found.split())
    assert said.endswith("Default: QA_CHECK_LANG, else the locale.") or said.endswith(
        "Default: $QA_CHECK_LANG, else the locale."
    ), said
    assert "[default:" not in said


def test_certify_lang_is_the_certificates_and_defaults_to_english() -> None:
    """The environment never changes a certificate's language: its default is shown, en."""
    said = " ".join(help_of("certify").split())
    assert "--lang <en|zh|en+zh> Language of the certificate;" in said
    assert "in each cell. [default: en]" in said


# --- the error boundary -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["schema", "template"])
def test_writing_into_a_file_is_one_located_line(
    command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's own example: ``qa-check schema --out README.md`` was a traceback, exit 1."""
    monkeypatch.chdir(ROOT)
    before = (ROOT / "README.md").read_bytes()
    result = runner.invoke(app, [command, "--out", "README.md"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == "error: README.md: cannot write here: a file, not a folder\n"
    assert (ROOT / "README.md").read_bytes() == before


def test_a_folder_under_a_file_names_the_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["schema", "-o", str(blocker / "schemas")])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {blocker}: cannot write here: a file, not a folder\n"


def _failing(step: str, code: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``step`` of ``atomic_write`` fail as the system would, with ``code``."""

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(step, fail)


def test_a_read_only_folder_is_one_located_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root may write anywhere, so the refusal a read-only folder gives is made here."""
    _failing("qa_check.files.fileio.os.open", errno.EACCES, monkeypatch)
    out = tmp_path / "schemas"
    result = runner.invoke(app, ["schema", "-o", str(out)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert (
        result.stderr
        == f"error: {out / 'checklist.schema.json'}: cannot write: Permission denied\n"
    )


def test_a_full_disk_is_one_located_line_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing("qa_check.files.fileio.os.fsync", errno.ENOSPC, monkeypatch)
    out = tmp_path / "forms"
    result = runner.invoke(app, ["template", "drop-test", "-o", str(out), "-c", str(CHECKLISTS)])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        f"error: {out / 'record-template.csv'}: cannot write: No space left on device\n"
    )
    assert list(out.iterdir()) == []


def test_a_guided_run_that_cannot_save_says_so_in_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = tmp_path / "given.yaml"
    answers.write_text((ROOT / "examples" / "earbuds-pass.yaml").read_text("utf-8"), "utf-8")
    _failing("qa_check.files.fileio.os.fsync", errno.ENOSPC, monkeypatch)
    results = tmp_path / "results"
    args = ["run", "-c", str(CHECKLISTS), "--results", str(results), "--answers", str(answers)]
    result = runner.invoke(app, [*args, "--no-input", "--lang", "zh"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {results}{os.sep}TWS-EB-001_")
    assert line.endswith(".yaml: 无法写入：磁盘空间已满")


def test_usage_errors_speak_the_language_asked_for(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", str(tmp_path / "gone"), "--lang", "zh"])
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / 'gone'}: 文件或文件夹不存在\n"


COMMAND_WORDS = {"validate", "certify", "schema", "keys", "register", "list"}
USAGE_ERRORS = [
    (["validate", "--bogus"], "No such option: --bogus", "没有此选项：--bogus"),
    (
        ["validate", "--qu"],
        "No such option: --qu (Possible options: --quiet)",
        "没有此选项：--qu（可能是：--quiet）",
    ),
    (["validate"], "Missing argument 'PATH'.", "缺少参数 'PATH'。"),
    (
        ["validate", "x", "-f", "xml"],
        "Invalid value for '--format' / '-f': Value error, 'xml' is not one of 'text', 'json'.",
        "'--format' / '-f' 的值无效：'xml' 不在可选值 'text', 'json' 之中。",
    ),
    (
        ["certify", "x", "-j", "0"],
        "Invalid value for '--jobs' / '-j': Input should be greater than or equal to 1",
        "'--jobs' / '-j' 的值无效：Input should be greater than or equal to 1",
    ),
    (["bogus"], "No such command 'bogus'.", "没有此命令：'bogus'。"),
    (
        ["valdate", "x"],
        "No such command 'valdate'. Did you mean 'validate'?",
        "没有此命令：'valdate'。是否要用 'validate'？",
    ),
    (["keys", "bogus"], "No such command 'bogus'.", "没有此命令：'bogus'。"),
    (["schema", "a", "b"], "Got unexpected extra argument(s) (a b)", "多余的参数：a b"),
    (["register", "list", "-f", "yaml"], None, "'yaml' 不在可选值 'text', 'json', 'csv' 之中。"),
]


@pytest.mark.parametrize(("args", "english", "chinese"), USAGE_ERRORS, ids=str)
def test_usage_errors_are_typers_in_english_and_chinese_under_qa_check_lang_zh(
    args: list[str], english: str | None, chinese: str
) -> None:
    """Exit code 2 either way; in Chinese the fixed words, the names and values as typed."""
    shown = runner.invoke(app, args, prog_name="qa-check", env=ENGLISH)
    assert (shown.exit_code, shown.stdout) == (2, "")
    command = " ".join(["qa-check", *(arg for arg in args[:2] if arg in COMMAND_WORDS)])
    assert shown.stderr.startswith(f"Usage: {command} [OPTIONS]")
    assert f"\nTry '{command} -h' for help.\n\nError: " in shown.stderr
    if english is not None:
        assert shown.stderr.endswith(f"\nError: {english}\n")
    spoken = runner.invoke(app, args, prog_name="qa-check", env=CHINESE)
    assert (spoken.exit_code, spoken.stdout) == (2, "")
    usage, hint, blank, error = spoken.stderr.splitlines()
    assert usage == shown.stderr.splitlines()[0].replace("Usage: ", "用法：")
    assert (hint, blank) == (f"运行 '{command} -h' 查看帮助。", "")
    assert error.startswith("错误：")
    assert error.endswith(chinese)


def test_a_usage_error_follows_lang_on_the_command_line_whatever_the_environment() -> None:
    spoken = runner.invoke(app, ["validate", "--lang", "zh", "--bogus"], env=ENGLISH)
    assert spoken.exit_code == 2
    assert spoken.stderr.endswith("\n\n错误：没有此选项：--bogus\n")
    kept = runner.invoke(app, ["validate", "--lang", "en", "--bogus"], env=CHINESE)
    assert kept.exit_code == 2
    assert kept.stderr.endswith("\n\nError: No such option: --bogus\n")


def test_an_option_without_its_value_is_one_line_in_either_language() -> None:
    """Typer gives no usage line here: the Chinese neither."""
    shown = runner.invoke(app, ["validate", "--lang"], env=ENGLISH)
    assert (shown.exit_code, shown.stderr) == (2, "Error: Option '--lang' requires an argument.\n")
    spoken = runner.invoke(app, ["validate", "--lang"], env=CHINESE)
    assert (spoken.exit_code, spoken.stderr) == (2, "错误：选项 '--lang' 需要一个值。\n")


def test_an_error_typer_words_otherwise_keeps_its_english_under_the_chinese_frame() -> None:
    spoken = runner.invoke(app, ["certify", "x", "-j", "two"], prog_name="qa-check", env=CHINESE)
    assert spoken.exit_code == 2
    assert "\n\n错误：'--jobs' / '-j' 的值无效：" in spoken.stderr
    assert spoken.stderr.startswith("用法：qa-check certify [OPTIONS] PATH...\n")


@pytest.mark.parametrize(
    ("error", "line"),
    [
        (
            PermissionError(errno.EACCES, "Permission denied", "/x/y.json"),
            "/x/y.json: Permission denied",
        ),
        (OSError(errno.EIO, os.strerror(errno.EIO)), os.strerror(errno.EIO)),
    ],
    ids=["with a file", "without"],
)
def test_an_os_error_nobody_expected_is_still_one_line(
    error: OSError, line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(model: object) -> str:
        raise error

    monkeypatch.setattr(schema_module, "schema_text", fail)
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: {line}\n")


def test_a_reader_that_left_is_not_reported_as_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``qa-check schema | head -0``: the reader chose to stop reading; typer ends quietly."""

    def gone(model: object) -> str:
        raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))

    monkeypatch.setattr(schema_module, "schema_text", gone)
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert (result.exit_code, result.stderr) == (1, "")


LEAVES = [(path, ctx) for path, ctx in ALL if not isinstance(ctx.command, typer.core.TyperGroup)]


@pytest.mark.parametrize(("path", "ctx"), LEAVES, ids=[" ".join(path) for path, _ in LEAVES])
@pytest.mark.parametrize(("env", "heading"), [(ENGLISH, "Exit codes"), (CHINESE, "退出码")])
def test_every_commands_help_ends_with_its_exit_codes_in_either_language(
    path: list[str], ctx: typer.Context, env: dict[str, str], heading: str
) -> None:
    result = runner.invoke(app, [*path, "-h"], prog_name="qa-check", env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    codes = [line.split()[0] for line in section(result.stdout, heading)]
    assert codes[0] == "0" and "2" in codes, codes
    assert result.stdout.rstrip().splitlines()[-1].startswith(f"  {codes[-1]} ")


def test_summarizes_usage_names_its_files_once() -> None:
    usage = help_of("summarize").splitlines()[0]
    assert usage == "Usage: qa-check summarize [OPTIONS] SUMMARY.json..."


def test_validates_lang_says_it_governs_everything_validate_says() -> None:
    shown = " ".join(help_of("validate").split())
    assert (
        "--lang <en|zh> Language of everything validate says: the report, its corrective" in shown
    )
