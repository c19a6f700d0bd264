"""The names of the domain brief's rules (``PK-5``: "OPP bag inside the foam"), from data.

Checklist items cite a rule by its id; people read a name. The names live beside this module in
``rule_names.yaml``, in both languages, read once when first asked for.
"""

from __future__ import annotations

import functools
from pathlib import Path

from qa_check.core.messages import Message
from qa_check.files.safe_yaml import load_yaml, read_text

NAMES_FILE = Path(__file__).with_name("rule_names.yaml")


def rule_name(rule: str) -> Message | None:
    """The rule's name in both languages; None for a rule the data does not name."""
    return _names().get(rule)


def rule_label(rule: str, lang: str) -> str:
    """``PK-5 OPP bag inside the foam``: the id, then its name when it has one."""
    name = rule_name(rule)
    if name is None:
        return rule
    return f"{rule} {name.zh if lang == 'zh' else name}"


@functools.cache
def _names() -> dict[str, Message]:
    data, _ = load_yaml(read_text(NAMES_FILE), str(NAMES_FILE))
    return {rule: Message(text["en"], text["zh"]) for rule, text in data.items()}
