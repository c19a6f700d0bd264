"""JSON Schema (draft 7, what editors' YAML language servers read) for checklists and records."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from qa_check.engine.models import Checklist, Record

DRAFT_7 = "http://json-schema.org/draft-07/schema#"
SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "checklist.schema.json": Checklist,
    "record.schema.json": Record,
}
"""File name -> the model it describes; ``qa-check schema`` writes these."""


def schema_for(model: type[BaseModel]) -> dict[str, Any]:
    """A draft-7 schema: pydantic's output with ``$defs`` moved to ``definitions``."""
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    result: dict[str, Any] = {"$schema": DRAFT_7, **schema}
    if definitions:
        result["definitions"] = definitions
    _single_or_list(definitions.get("Item", {}).get("properties", {}), "when")
    return result


def _single_or_list(properties: dict[str, Any], name: str) -> None:
    """A field that accepts one object or a list of them (``when``) says so in the schema."""
    field = properties.get(name)
    if field and field.get("type") == "array":
        entry = field["items"]
        properties[name] = {
            "anyOf": [entry, {"type": "array", "items": entry}],
            "title": field.get("title", name.title()),
        }


def schema_text(model: type[BaseModel]) -> str:
    """The schema as stable, readable JSON text."""
    return json.dumps(schema_for(model), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
