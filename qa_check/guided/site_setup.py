"""``config init``'s questions: who issues the site's certificates, asked once through a Prompter.

A certificate without an issuer says "Issued by: not configured", which a reviewer reads as a
fake. The issuer's name, address and accreditation and the approver are asked one at a time, in
the worker's language, each checked as ``certificates.site`` reads it; the answers become the
TOML of ``qa-check.toml``, which keeps the settings it already had.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter, ValidationError

from qa_check.certificates.site import Accreditation, Address, Approver, IssuerName
from qa_check.core.errors import pydantic_messages
from qa_check.core.messages import Message, msg
from qa_check.guided import questions as q
from qa_check.guided.prompter import Notice, Prompter, Question, Tone

_BACK, _HELP, _STOP = "b", "?", "q"


@dataclass(frozen=True, slots=True)
class Setting:
    """One value ``config init`` asks for: where it goes in the file and how it is checked."""

    table: str
    key: str
    check: TypeAdapter[str]
    required: bool


SETTINGS = (
    Setting("issuer", "name", TypeAdapter(IssuerName), required=True),
    Setting("issuer", "address", TypeAdapter(Address), required=False),
    Setting("issuer", "accreditation", TypeAdapter(Accreditation), required=False),
    Setting("signatory", "approver", TypeAdapter(Approver), required=False),
)
TABLE_ORDER = ("issuer", "signatory", "certificate", "site")
"""The tables of ``qa-check.toml`` as ``config init`` writes them (as the docs list them)."""

Config = dict[str, dict[str, Any]]
"""A configuration as data: table -> key -> value (text or a whole number)."""


def replace_it(prompter: Prompter, name: str) -> bool:
    """Whether to change the configuration already at ``name`` (1), or leave it as it is (2)."""
    question = Question(
        "replace",
        msg("evidence_config_section"),
        q.plain(""),
        None,
        msg("evidence_config_exists", path=name),
        None,
        (msg("evidence_config_change"), msg("evidence_config_leave")),
        None,
        None,
        msg("evidence_config_exists", path=name),
        msg("evidence_config_keys"),
    )
    while True:
        typed = q.normalised(prompter.ask(question)).lower()
        if typed in ("1", "y", "yes", "是"):
            return True
        if typed in ("2", "n", "no", "否", _STOP, ""):
            return False
        prompter.tell(Notice(Tone.ERROR, msg("type_1_or_2")))


def ask_site(prompter: Prompter, current: Config) -> Config | None:
    """``current`` with each setting asked (Enter keeps it, or leaves an optional one out).

    None when the worker stops (``q``): nothing is to be written.
    """
    answers: Config = {table: dict(values) for table, values in current.items()}
    index = 0
    while index < len(SETTINGS):
        setting = SETTINGS[index]
        table = answers.setdefault(setting.table, {})
        kept = table.get(setting.key)
        value = _asked(prompter, setting, index + 1, kept if isinstance(kept, str) else None)
        if value is None:
            return None
        if value == _BACK:
            index = max(index - 1, 0)
            continue
        if value:
            table[setting.key] = value
        else:
            table.pop(setting.key, None)
        index += 1
    return {name: values for name, values in answers.items() if values}


def _asked(prompter: Prompter, setting: Setting, number: int, kept: str | None) -> str | None:
    """The value typed for one setting ("" to leave it out), ``_BACK``, or None to stop."""
    question = Question(
        f"{setting.table}.{setting.key}",
        msg("evidence_config_section"),
        msg("position", n=number, m=len(SETTINGS)),
        None,
        msg(f"evidence_config_ask_{setting.key}"),
        None,
        (),
        None,
        kept,
        msg(f"evidence_config_help_{setting.key}"),
        msg("evidence_config_keys"),
    )
    while True:
        typed = prompter.ask(question).strip()
        command = q.normalised(typed).lower()
        if command == _HELP:
            prompter.tell(Notice(Tone.INFO, question.help))
            continue
        if command == _STOP:
            return None
        if command == _BACK:
            return _BACK
        if not typed:
            if kept is not None:
                return kept
            if not setting.required:
                return ""
            prompter.tell(Notice(Tone.ERROR, msg("evidence_config_name_needed")))
            continue
        problem = _problem(setting, typed)
        if problem is None:
            return typed
        prompter.tell(Notice(Tone.ERROR, problem))


def _problem(setting: Setting, typed: str) -> Message | None:
    """Why ``typed`` cannot be this setting, as the configuration's reader would say; or None."""
    try:
        setting.check.validate_python(typed)
    except ValidationError as exc:
        [(_, message), *_] = pydantic_messages(exc.errors(), typed)
        return message if isinstance(message, Message) else q.plain(message)
    return None


def toml_text(config: Config) -> str:
    """The configuration as ``qa-check.toml``: a table a section, in the order the docs list."""
    lines = ["# The site configuration: written by qa-check config init (docs/operators.md)."]
    order = [*TABLE_ORDER, *sorted(set(config) - set(TABLE_ORDER))]
    for table in (name for name in order if config.get(name)):
        lines += ["", f"[{table}]"]
        lines += [f"{key} = {_value(value)}" for key, value in config[table].items()]
    return "\n".join(lines) + "\n"


def _value(value: object) -> str:
    """A TOML value: a basic string (one line, checked), or a number as it is."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"qa-check.toml holds text and whole numbers only, not {value!r}")
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
