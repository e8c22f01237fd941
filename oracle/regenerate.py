"""Recomputes the expectations of test/contract/pydantic-cases.json with real pydantic.

Each case names a schema of openapi/v3.json (or carries one inline) and an input; this validates the
input with the type FastAPI would build for that schema and writes what pydantic answers: the issues
as a 422 body holds them (`jsonable_encoder` of `errors()`, the case's `loc` in front) and, where the
case checks one, the validated value in the emulator's spelling (decimals, UUIDs and enum members as
strings; a field left out with no default in the document stays out). Numbers JSON cannot hold are
written {"$float": "NaN" | "Infinity" | "-Infinity"}; {"$float": "5.0"} is a float in Python.

python regenerate.py           check: list every case whose stored expectation pydantic disagrees with
python regenerate.py --write   also rewrite the file with pydantic's answers
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from fastapi.encoders import jsonable_encoder
from pydantic import BaseModel, TypeAdapter, ValidationError

from schema_types import REPO, TypeBuilder, load_document

CASES_PATH = REPO / "test" / "contract" / "pydantic-cases.json"


def decode(v: Any) -> Any:
    if isinstance(v, dict):
        if set(v) == {"$float"}:
            return float(v["$float"].replace("Infinity", "inf"))
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v


def encode(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return {"$float": "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")}
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    return v


def _same(a: Any, b: Any) -> bool:
    """Equal as stored ({"$float": "1e19"} is 1e19, NaN is NaN)."""
    return encode(decode(a)) == encode(decode(b))


def case_schema(document: dict, builder: TypeBuilder, case: dict) -> dict:
    if "component" in case:
        return {"$ref": f"#/components/schemas/{case['component']}"}
    if "property" in case:
        component, prop = case["property"]
        return document["components"]["schemas"][component]["properties"][prop]
    if "param" in case:
        path, method, name = case["param"]
        params = document["paths"][path][method]["parameters"]
        return next(p["schema"] for p in params if p["name"] == name)
    return case["schema"]


class ValueWriter:
    """The validated value as the emulator spells it."""

    def __init__(self, builder: TypeBuilder):
        self.builder = builder

    def write(self, v: Any) -> Any:
        if isinstance(v, BaseModel):
            defaults = self.builder.schema_defaults.get(type(v), set())
            return {name: self.write(getattr(v, name)) for name in type(v).model_fields if name in v.model_fields_set or name in defaults}
        if isinstance(v, Enum):
            return v.value
        if isinstance(v, (UUID, Decimal)):
            return str(v)
        if isinstance(v, datetime):
            return TypeAdapter(datetime).dump_python(v, mode="json")
        if isinstance(v, dict):
            return {k: self.write(x) for k, x in v.items()}
        if isinstance(v, (list, tuple)):
            return [self.write(x) for x in v]
        return v


def expectation(document: dict, case: dict) -> dict:
    builder = TypeBuilder(document, forbid_extra=bool(case.get("forbidExtra")))
    adapter = TypeAdapter(builder.annotation(case_schema(document, builder, case)))
    prefix = case.get("loc", [])
    try:
        # FastAPI validates request data this way (hence model_attributes_type for a non-dict).
        value = adapter.validate_python(decode(case["input"]), from_attributes=True)
    except ValidationError as err:
        issues = []
        for e in err.errors(include_url=False):
            item = {"type": e["type"], "loc": [*prefix, *e["loc"]], "msg": e["msg"], "input": e["input"]}
            if "ctx" in e:
                item["ctx"] = e["ctx"]
            issues.append(item)
        return {"issues": encode(jsonable_encoder(issues))}
    return {"issues": [], "value": encode(ValueWriter(builder).write(value))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="rewrite the file with pydantic's answers")
    args = parser.parse_args()
    document = load_document()
    data = json.loads(CASES_PATH.read_text(encoding="utf-8"))
    changed = 0
    total = 0
    for group in data["groups"]:
        for case in group["cases"]:
            total += 1
            got = expectation(document, case)
            stored_issues = case.get("issues", [])
            differs = not _same(got["issues"], stored_issues) or ("value" in case and not _same(got.get("value"), case["value"]))
            if not differs:
                continue
            changed += 1
            print(f"regenerate: {group['group']} / {case['name']}:")
            print(f"  stored:   issues {json.dumps(stored_issues, ensure_ascii=False)}" + (f" value {json.dumps(case['value'], ensure_ascii=False)}" if "value" in case else ""))
            print(f"  pydantic: issues {json.dumps(got['issues'], ensure_ascii=False)}" + (f" value {json.dumps(got.get('value'), ensure_ascii=False)}" if "value" in case else ""))
            if args.write:
                case["issues"] = got["issues"]
                if "value" in case:
                    case["value"] = got.get("value")
    if args.write and changed:
        CASES_PATH.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    verb = "rewritten" if args.write else "differ from pydantic"
    print(f"regenerate: {total} cases, {changed} {verb}")
    return 1 if changed and not args.write else 0


if __name__ == "__main__":
    sys.exit(main())
