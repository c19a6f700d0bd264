"""config init's questions, driven as a worker answers them, and the file they make."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_session import ScriptedPrompter

from qa_check.certificates.site import Issuer, read_site
from qa_check.guided.prompter import Tone
from qa_check.guided.site_setup import Config, ask_site, replace_it, toml_text

KEYS = ["issuer.name", "issuer.address", "issuer.accreditation", "signatory.approver"]


def written(tmp_path: Path, config: Config | None) -> Path:
    assert config is not None
    path = tmp_path / "qa-check.toml"
    path.write_text(toml_text(config), "utf-8")
    return path


def test_each_value_is_asked_once_and_the_file_reads_back(tmp_path: Path) -> None:
    lines = [
        "东莞示例包装测试实验室 Dongguan Example Lab",
        'Building 3, "Songshan Lake"',
        "",
        "王芳",
    ]
    prompter = ScriptedPrompter(lines)
    config = ask_site(prompter, {})
    assert prompter.keys == KEYS
    assert [q.position for q in prompter.questions] == [f"item {n} of 4" for n in range(1, 5)]
    assert prompter.questions[0].text == "Issuer: the lab or warehouse that issues the certificates"
    assert prompter.questions[0].hint == "? help  ·  b back  ·  q stop (nothing is written)"
    site = read_site(written(tmp_path, config))
    assert site.issuer == Issuer(
        "东莞示例包装测试实验室 Dongguan Example Lab", 'Building 3, "Songshan Lake"'
    )
    assert site.approver == "王芳"


def test_the_questions_in_chinese(tmp_path: Path) -> None:
    prompter = ScriptedPrompter(["深圳示例实验室", "", "CNAS L1234", ""], lang="zh")
    config = ask_site(prompter, {})
    first = prompter.questions[0]
    assert (first.section, first.position) == ("站点配置", "第 1 项，共 4 项")
    assert first.text == "签发机构：签发证书的实验室或仓库"
    assert first.hint == "? 帮助  ·  b 返回上一题  ·  q 停止（不写入任何内容）"
    site = read_site(written(tmp_path, config))
    assert site.issuer == Issuer("深圳示例实验室", accreditation="CNAS L1234")
    assert site.approver is None


@pytest.mark.parametrize(
    ("typed", "told"),
    [
        ("", "the issuer's name is needed: type it (q stops, nothing written)"),
        ("Lab 😀", "the certificate font cannot show '😀' (U+1F600)"),
        ("x" * 201, "at most 200 characters"),
    ],
)
def test_a_name_the_certificate_could_not_print_is_asked_again(typed: str, told: str) -> None:
    prompter = ScriptedPrompter([typed, "Lab", "", "", ""])
    config = ask_site(prompter, {})
    assert prompter.keys[:2] == ["issuer.name", "issuer.name"]
    [error] = prompter.told(Tone.ERROR)
    assert told in error
    assert config == {"issuer": {"name": "Lab"}}


def test_b_goes_back_and_q_stops_with_nothing_to_write() -> None:
    prompter = ScriptedPrompter(["Lab", "b", "Lab Two", "?", "q"])
    assert ask_site(prompter, {}) is None
    name, address = "issuer.name", "issuer.address"
    assert prompter.keys == [name, address, name, address, address]
    assert prompter.question("issuer.name", 1).current == "Lab"
    assert prompter.told(Tone.INFO) == [
        "Printed under the issuer's name; one line, at most 300 characters."
    ]


def test_enter_keeps_what_the_file_had_and_its_other_settings_stay(tmp_path: Path) -> None:
    current: Config = {
        "issuer": {"name": "Old Lab", "address": "Old Road 1"},
        "certificate": {"valid_months": 6, "verify_url": "https://qa.example.com/verify"},
        "site": {"timezone": "Asia/Shanghai"},
    }
    prompter = ScriptedPrompter(["", "New Road 2", "", "Wang Fang, QA manager"])
    config = ask_site(prompter, current)
    assert prompter.questions[0].current == "Old Lab"
    text = toml_text(config or {})
    assert text.index("[issuer]") < text.index("[signatory]") < text.index("[certificate]")
    site = read_site(written(tmp_path, config))
    assert site.issuer == Issuer("Old Lab", "New Road 2")
    assert (site.approver, site.valid_months, site.timezone) == (
        "Wang Fang, QA manager",
        6,
        "Asia/Shanghai",
    )
    assert site.verify_url == "https://qa.example.com/verify"


@pytest.mark.parametrize(("typed", "replace"), [("1", True), ("2", False), ("q", False)])
def test_a_file_already_there_is_changed_only_when_the_worker_says_so(
    typed: str, replace: bool
) -> None:
    prompter = ScriptedPrompter(["maybe", typed])
    assert replace_it(prompter, "qa-check.toml") is replace
    assert prompter.questions[0].text == (
        "qa-check.toml is already there. Change it? (its other settings are kept)"
    )
    assert prompter.questions[0].options == ("Change it", "Leave it as it is")
    assert prompter.told(Tone.ERROR) == ["Type 1 or 2 and press Enter."]
