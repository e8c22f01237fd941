"""Python types for the JSON schemas of openapi/v3.json and openapi/v2.json, built the way a FastAPI
service declares them.

Each schema becomes the annotation a pydantic 2 model would use for it: `Optional[X]` for
`anyOf [X, null]`, `Decimal` for pydantic's own number-or-numeric-string pair, `UUID` for
`format: uuid`, an `Enum` for a named string enum, `Literal` for `const`, a model (`create_model`)
for an object with properties, `dict[str, X]` for a map, constraints as `Field` metadata.
"""
from __future__ import annotations

import enum
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, Optional, Union
from uuid import UUID

from pydantic import ConfigDict, Field, create_model, model_validator

# pydantic writes this pattern for Decimal in JSON schemas (the string half of the pair).
DECIMAL_PATTERN = r"^(?!^[-+.]*$)[+-]?0*\d*\.?\d*$"

REPO = Path(__file__).resolve().parent.parent
DOCUMENT_PATH = REPO / "openapi" / "v3.json"

# Each API version: its document and the prefix its routes are served under.
API_VERSIONS = {
    "v3": (REPO / "openapi" / "v3.json", "/api/v3"),
    "v2": (REPO / "openapi" / "v2.json", "/api/v2"),
}


def load_document(path: Path = DOCUMENT_PATH) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def _is_null(s: dict) -> bool:
    return s.get("type") == "null"


def _is_decimal_pair(branches: list) -> bool:
    kinds = sorted(b.get("type", "") for b in branches)
    if kinds != ["number", "string"]:
        return False
    text = next(b for b in branches if b.get("type") == "string")
    return text.get("pattern") == DECIMAL_PATTERN


class TypeBuilder:
    """Turns schemas of one document into annotations; named components are built once."""

    def __init__(self, document: dict, forbid_extra: bool = False, model_validators: dict[str, list] | None = None):
        self.document = document
        self.forbid_extra = forbid_extra
        # Per model title: functions run after field validation (pydantic's model_validator(mode="after")).
        self.model_validators = model_validators or {}
        self._named: dict[str, Any] = {}
        # Fields whose default the document states, per model (the rest default to None only for Python).
        self.schema_defaults: dict[Any, set[str]] = {}

    def resolve(self, ref: str) -> dict:
        node: Any = self.document
        for raw in ref[2:].split("/"):
            node = node[raw.replace("~1", "/").replace("~0", "~")]
        return node

    def annotation(self, schema: dict) -> Any:
        if "$ref" in schema:
            name = schema["$ref"].rsplit("/", 1)[-1]
            if name not in self._named:
                self._named[name] = self.annotation(self.resolve(schema["$ref"]))
            return self._named[name]
        if "anyOf" in schema:
            return self._any_of(schema["anyOf"])
        if "const" in schema:
            return Literal[schema["const"]]
        if "enum" in schema:
            title = schema.get("title", "Enum")
            return enum.Enum(title, {f"v{i}": v for i, v in enumerate(schema["enum"])}, type=str)
        kind = schema.get("type")
        if kind == "string":
            fmt = schema.get("format")
            if fmt == "uuid":
                return UUID
            if fmt == "date-time":
                return datetime
            return self._constrained(str, schema, {"minLength": "min_length", "maxLength": "max_length", "pattern": "pattern"})
        if kind == "integer":
            return self._constrained(int, schema, _NUMBER_BOUNDS)
        if kind == "number":
            return self._constrained(float, schema, _NUMBER_BOUNDS)
        if kind == "boolean":
            return bool
        if kind == "null":
            return None
        if kind == "array":
            item = self.annotation(schema["items"]) if "items" in schema else Any
            return self._constrained(list[item], schema, {"minItems": "min_length", "maxItems": "max_length"})
        if kind == "object":
            if "properties" in schema:
                return self.model(schema)
            extra = schema.get("additionalProperties", True)
            return dict[str, self.annotation(extra) if isinstance(extra, dict) else Any]
        return Any

    def _any_of(self, branches: list) -> Any:
        if _is_decimal_pair(branches):
            return Decimal
        solid = [b for b in branches if not _is_null(b)]
        if len(solid) + 1 == len(branches) and len(solid) >= 1:
            if len(solid) == 2 and _is_decimal_pair(solid):
                return Optional[Decimal]
            inner = [self.annotation(b) for b in solid]
            return Optional[Union[tuple(inner)]] if len(inner) > 1 else Optional[inner[0]]
        return Union[tuple(self.annotation(b) for b in branches)]

    def _constrained(self, base: Any, schema: dict, names: dict[str, str]) -> Any:
        kwargs = {py: schema[js] for js, py in names.items() if js in schema}
        return Annotated[base, Field(**kwargs)] if kwargs else base

    def model(self, schema: dict) -> Any:
        required = set(schema.get("required", []))
        fields: dict[str, Any] = {}
        for name, prop in schema.get("properties", {}).items():
            annotation = self.annotation(prop)
            if name in required:
                fields[name] = (annotation, ...)
            else:
                fields[name] = (annotation, Field(default=prop.get("default")))
        forbid = self.forbid_extra or schema.get("additionalProperties") is False
        config = ConfigDict(extra="forbid" if forbid else "ignore", protected_namespaces=())
        title = schema.get("title", "Model")
        checks = {f"check_{i}": model_validator(mode="after")(fn) for i, fn in enumerate(self.model_validators.get(title, []))}
        model = create_model(title, __config__=config, __validators__=checks, **fields)
        self.schema_defaults[model] = {name for name, prop in schema.get("properties", {}).items() if "default" in prop}
        return model


_NUMBER_BOUNDS = {
    "minimum": "ge",
    "maximum": "le",
    "exclusiveMinimum": "gt",
    "exclusiveMaximum": "lt",
    "multipleOf": "multiple_of",
}
