"""The rules' names: data beside the engine, one for every rule a shipped checklist cites."""

from __future__ import annotations

import re

import pytest

from qa_check.engine.checklists import Registry
from qa_check.engine.models import RULE_PATTERN
from qa_check.engine.rule_names import _names, rule_label, rule_name


def test_every_rule_a_shipped_checklist_cites_has_a_name_in_both_languages(
    registry: Registry,
) -> None:
    cited = {item.item.rule for c in registry for item in c.items}
    assert cited
    assert sorted(rule for rule in cited if rule_name(rule) is None) == []
    for rule, name in _names().items():
        assert re.fullmatch(RULE_PATTERN, rule)
        assert str(name).strip() and name.zh.strip()
        assert not re.search(r"[A-Za-z]{3}", name.zh.replace("OPP", ""))  # Chinese, not English


@pytest.mark.parametrize(
    ("rule", "lang", "label"),
    [
        ("PK-5", "en", "PK-5 OPP bag inside the foam"),
        ("PK-5", "zh", "PK-5 入泡棉前套 OPP 袋"),
        ("CP-2", "zh", "CP-2 堆码载荷达标"),
        ("ZZ-9", "zh", "ZZ-9"),  # not named: its id alone
    ],
)
def test_a_rule_is_labelled_by_its_id_then_its_name(rule: str, lang: str, label: str) -> None:
    assert rule_label(rule, lang) == label
