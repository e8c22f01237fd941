"""Request cases drawn with hypothesis from the operations and schemas of openapi/v3.json and openapi/v2.json.

A case is one HTTP request: method, raw path with its query string, headers and body bytes. Values
are drawn near each schema: valid ones, the edges of every bound, wrong types, lax forms pydantic
coerces (numeric strings, boolean words, UUIDs in every spelling), unknown fields, unicode. Whole
requests are also broken: malformed or non-UTF-8 JSON, NaN literals, other content types, no body,
no API key. The same seed and count give the same cases.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote, quote_plus

from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st

from schema_types import DECIMAL_PATTERN, TypeBuilder

API_KEY_HEADER = "X-Browser-Use-API-Key"


@dataclass
class Case:
    operation: str
    method: str
    target: str  # path and query, percent-encoded as sent
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    kind: str = "schema"
    version: str = "v3"  # the API version (document) the operation belongs to

    def to_json(self) -> dict:
        body = None if self.body is None else self.body.decode("utf-8", "backslashreplace")
        return {"version": self.version, "operation": self.operation, "kind": self.kind, "method": self.method, "target": self.target, "headers": self.headers, "body": body}


# ---------------------------------------------------------------- values near a schema

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
)
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=6)
BOOL_WORDS = ["0", "1", "true", "false", "True", "FALSE", "on", "off", "On", "yes", "no", "y", "n", "t", "f", "YES", "", " yes", "2", "1.0"]
NUMERIC_STRINGS = [" 12 ", "+3", "1_0", "1__0", "5.0", "5.5", "5.", ".5", "-0", "00.5", "1e3", "1E-7", "1_000", "\u00a07", "\u0663", "\u0661\u0662", "inf", "-inf", "NaN", "nan", "Infinity", "0x10", "", " ", "_1", "1_", "abc"]


def uuid_forms() -> st.SearchStrategy[str]:
    """Every spelling pydantic accepts, and near misses it rejects."""
    base = st.uuids().map(str)
    good = st.one_of(
        base,
        base.map(str.upper),
        base.map(lambda u: u.replace("-", "")),
        base.map(lambda u: "{" + u + "}"),
        base.map(lambda u: "urn:uuid:" + u),
        base.map(lambda u: "urn:uuid:" + u.upper()),
    )
    bad = st.one_of(
        base.map(lambda u: u[:-1]),
        base.map(lambda u: u + "a"),
        base.map(lambda u: u + " "),
        base.map(lambda u: "URN:UUID:" + u),
        base.map(lambda u: "{" + u.replace("-", "") + "}"),
        base.map(lambda u: u[:8] + "-" + u[9:13] + u[14:]),
        base.map(lambda u: u[:13] + u[14:19] + "-" + u[19:]),
        st.tuples(base, st.integers(0, 35), st.characters(codec="utf-8", exclude_categories=("Cs",))).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]),
        st.text(min_size=1, max_size=40),
        st.text(alphabet="0123456789abcdefABCDEF-{}", min_size=1, max_size=40),
        st.sampled_from(["3c90c3cc-0d44-4b50-8888", ""]),
    )
    return st.one_of(good, bad)


def datetime_forms() -> st.SearchStrategy[str]:
    """Instants in the spellings pydantic accepts (ISO 8601 with or without a zone, a date alone, a space
    for the T, Unix seconds or milliseconds) and near misses (a month, day or hour out of range, stray text)."""
    base = st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59))
    good = st.one_of(
        base.map(lambda d: d.isoformat()),
        base.map(lambda d: d.isoformat() + "Z"),
        st.tuples(base, st.sampled_from(["+00:00", "+02:00", "-05:30", "+14:00", "+0100"])).map(lambda t: t[0].isoformat() + t[1]),
        base.map(lambda d: d.date().isoformat()),
        base.map(lambda d: d.isoformat(sep=" ")),
        st.integers(-(10**13), 10**13).map(str),
        st.floats(-1e10, 1e10, allow_nan=False).map(lambda f: f"{f:.3f}"),
    )
    bad = st.one_of(
        base.map(lambda d: d.isoformat().replace("-", "-13-", 1)[:19]),
        base.map(lambda d: d.isoformat()[:10] + "T24:00:01"),
        base.map(lambda d: d.isoformat()[:8] + "32"),
        base.map(lambda d: d.isoformat()[:-1]),
        base.map(lambda d: d.isoformat() + "+25:00"),
        st.sampled_from(["", " ", "now", "2026-02-30", "2026-01-01T", "2026-01-01T00:00:00ZZ", "1e10", "inf", "2026/01/01"]),
        st.text(max_size=12),
    )
    return st.one_of(good, bad)


def _around(lo: int | None, hi: int | None) -> st.SearchStrategy[int]:
    edges = [v for b in (lo, hi) if b is not None for v in (b - 1, b, b + 1)]
    return st.one_of(st.sampled_from(edges or [0]), st.integers(-(10**6), 10**6), st.integers(-(2**70), 2**70))


class Values:
    """Strategies for one schema; `wrong` adds values of every other JSON type."""

    def __init__(self, builder: TypeBuilder):
        self.builder = builder

    def near(self, schema: dict, depth: int = 0) -> st.SearchStrategy[Any]:
        return st.one_of(self.valid(schema, depth), self.wrong(schema, depth))

    def wrong(self, schema: dict, depth: int) -> st.SearchStrategy[Any]:
        return JSON_VALUES if depth < 2 else JSON_SCALARS

    def valid(self, schema: dict, depth: int = 0) -> st.SearchStrategy[Any]:
        if "$ref" in schema:
            return self.valid(self.builder.resolve(schema["$ref"]), depth)
        if "anyOf" in schema:
            branches = schema["anyOf"]
            if [b.get("type") for b in branches if b.get("type") != "null"] == ["number", "string"] and any(b.get("pattern") == DECIMAL_PATTERN for b in branches):
                decimal = st.one_of(
                    st.integers(-(2**60), 2**60),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.sampled_from(NUMERIC_STRINGS + ["2.50", "0.50", "-2", "1e-7", "1.5", "10"]),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
                )
                return st.one_of(decimal, st.none()) if any(b.get("type") == "null" for b in branches) else decimal
            return st.one_of(*(self.near(b, depth + 1) for b in branches))
        if "const" in schema:
            return st.one_of(st.just(schema["const"]), st.text(max_size=6))
        if "enum" in schema:
            values = schema["enum"]
            return st.one_of(st.sampled_from(values), st.sampled_from(values).map(str.upper), st.text(max_size=10), st.none())
        kind = schema.get("type")
        if kind == "string":
            if schema.get("format") == "uuid":
                return st.one_of(uuid_forms(), st.integers(), st.none())
            if schema.get("format") == "date-time":
                return st.one_of(datetime_forms(), st.integers(), st.none())
            lo, hi = schema.get("minLength", 0), schema.get("maxLength")
            lengths = [n for n in (lo - 1, lo, lo + 1) if n >= 0] + ([hi - 1, hi, hi + 1] if hi is not None else [])
            sized = st.tuples(st.sampled_from(lengths), st.characters(codec="utf-8", exclude_categories=("Cs",))).map(lambda t: t[1] * t[0])
            return st.one_of(st.text(max_size=(hi + 2) if hi is not None else 30), sized)
        if kind == "integer":
            lo, hi = schema.get("minimum"), schema.get("maximum")
            ints = _around(lo, hi)
            return st.one_of(
                ints,
                ints.map(float),
                st.floats(allow_nan=False, allow_infinity=False, min_value=-1e30, max_value=1e30),
                ints.map(str),
                st.sampled_from(NUMERIC_STRINGS),
                st.booleans(),
            )
        if kind == "number":
            return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(), st.sampled_from(NUMERIC_STRINGS), st.booleans())
        if kind == "boolean":
            return st.one_of(st.booleans(), st.sampled_from([0, 1, 2, 0.0, 1.0, 0.5, -1]), st.sampled_from(BOOL_WORDS))
        if kind == "null":
            return st.none()
        if kind == "array":
            item = self.valid(schema.get("items", {}), depth + 1) if depth < 3 else JSON_SCALARS
            lo, hi = schema.get("minItems", 0), schema.get("maxItems", 4)
            return st.one_of(st.lists(item, min_size=lo, max_size=min(hi, 4)), st.lists(item, max_size=hi + 1))
        if kind == "object":
            if "properties" in schema:
                return self.model(schema, depth)
            return st.dictionaries(st.text(max_size=6), JSON_SCALARS, max_size=3)
        return JSON_VALUES

    def model(self, schema: dict, depth: int) -> st.SearchStrategy[dict]:
        props = schema.get("properties", {})
        required = set(schema.get("required", []))
        optional = {k: self.near(v, depth + 1) for k, v in props.items() if k not in required}
        # Mostly valid required fields, now and then a missing one (pydantic's `missing`).
        must = {k: self.near(v, depth + 1) for k, v in props.items() if k in required}
        base = st.one_of(st.fixed_dictionaries(must), st.fixed_dictionaries({}, optional=must))
        extras = st.dictionaries(st.text(min_size=1, max_size=6).filter(lambda k: k not in props), JSON_SCALARS, max_size=2)
        return st.tuples(base, st.fixed_dictionaries({}, optional=optional), extras).map(
            lambda t: {**t[2], **t[0], **t[1]} if t[2] else {**t[0], **t[1]}
        )


# ---------------------------------------------------------------- whole requests


def _json_bytes(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8")


def malformed_bodies(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[bytes]:
    text = valid.map(lambda v: json.dumps(v, ensure_ascii=False))
    return st.one_of(
        st.tuples(text, st.integers(0, 200)).map(lambda t: t[0][: max(0, min(t[1], len(t[0]) - 1))].encode()),
        st.tuples(text, st.integers(0, 200), st.sampled_from(["'", ",", "}", "]", ":", "\\", "\x01", "\n", "tru", "NaN", "-Infinity", "\\ud800", "\"\\x\"", "1.", "-", "01", "\ufeff", "é"])).map(
            lambda t: (t[0][: t[1] % (len(t[0]) + 1)] + t[2] + t[0][t[1] % (len(t[0]) + 1) :]).encode()
        ),
        # Nesting around Python's recursion limit (json.loads gives up near 1000 levels).
        st.sampled_from([100, 900, 1100, 100000]).map(lambda n: b"[" * n + b"]" * n),
        st.sampled_from([b"{", b"[", b"{'a': 1}", b'{"a":1,}', b"[1,]", b"nul", b"\xef\xbb\xbf{}", b"{}\n{}", b"  ", b'{"task": "\x00"}', b'"\\ud83d"', b"\xff\xfe", b'{"task": "\xe9"}']),
        st.binary(max_size=20),
    )


class Generator:
    def __init__(self, document: dict, prefix: str = "/api/v3", version: str = "v3"):
        self.document = document
        self.prefix = prefix
        self.version = version
        self.builder = TypeBuilder(document)
        self.values = Values(self.builder)
        self.operations = [(path, method, op) for path, ops in document["paths"].items() for method, op in ops.items()]

    def _param_value(self, spec: dict) -> st.SearchStrategy[str | None]:
        schema = spec.get("schema", {})
        target = schema
        if "anyOf" in schema:
            target = next((b for b in schema["anyOf"] if b.get("type") != "null"), schema)
        if "$ref" in target:
            target = self.builder.resolve(target["$ref"])
        if target.get("format") == "uuid":
            text = uuid_forms()
        elif target.get("format") == "date-time":
            text = datetime_forms()
        elif target.get("type") == "integer":
            text = st.one_of(_around(target.get("minimum"), target.get("maximum")).map(str), st.sampled_from(NUMERIC_STRINGS))
        elif target.get("type") == "boolean":
            text = st.sampled_from(BOOL_WORDS)
        elif "enum" in target:
            text = st.one_of(st.sampled_from(target["enum"]), st.text(max_size=8))
        else:
            hi = target.get("maxLength", 20)
            text = st.one_of(st.text(max_size=hi + 2), st.integers(hi - 1, hi + 1).map(lambda n: "q" * max(n, 0)))
        if spec["in"] == "path":
            return text
        return st.one_of(st.none(), text)

    def request(self, path: str, method: str, op: dict) -> st.SearchStrategy[Case]:
        params = op.get("parameters", [])
        body_spec = op.get("requestBody")
        body_schema = body_spec["content"]["application/json"]["schema"] if body_spec else None

        # Strategies are built once per operation: building them inside each draw is slow.
        param_values = [(spec, self._param_value(spec)) for spec in params]
        valid = self.values.valid(body_schema) if body_schema is not None else None
        malformed = malformed_bodies(valid) if valid is not None else None

        @st.composite
        def draw(d) -> Case:
            kind = "schema"
            target = path
            query: list[tuple[str, str]] = []
            for spec, values in param_values:
                value = d(values)
                if spec["in"] == "path":
                    target = target.replace("{" + spec["name"] + "}", quote(value, safe=""))
                elif value is not None:
                    query.append((spec["name"], value))
                    if d(st.integers(0, 9)) == 0:
                        query.append((spec["name"], d(values) or ""))
            if query:
                # Mostly percent-encoded; now and then spaces as '+' or raw escapes Starlette must decode.
                encode = d(st.sampled_from([quote, quote, quote, quote_plus]))
                target += "?" + "&".join(f"{quote(k, safe='')}={encode(v, safe='')}" for k, v in query)
                if d(st.integers(0, 19)) == 0:
                    target += d(st.sampled_from(["%FF", "%zz", "%", "+1", "%2B1", "%00", "%C3%A9", "%ED%A0%80"]))
            headers = {API_KEY_HEADER: "oracle-key"}
            roll = d(st.integers(0, 19))
            if roll == 0:
                del headers[API_KEY_HEADER]
                kind = "no-key"
            elif roll == 1:
                headers[API_KEY_HEADER] = d(st.sampled_from(["", " ", "\t"]))
                kind = "no-key"
            body: bytes | None = None
            if valid is not None and malformed is not None:
                shape = d(st.integers(0, 19))
                if shape <= 12:
                    body = _json_bytes(d(valid))
                elif shape <= 14:
                    body = d(malformed)
                    kind = "malformed"
                elif shape == 15:
                    body = None
                    kind = "no-body"
                elif shape == 16:
                    body = d(st.sampled_from([b"", b"null", b"[]", b"0", b'"x"', b"true", b"NaN", b"[1, 2]"]))
                    kind = "odd-body"
                else:
                    body = _json_bytes(d(JSON_VALUES if shape == 17 else valid))
                    headers["Content-Type"] = d(st.sampled_from(["text/plain", "application/x-www-form-urlencoded", "application/json; charset=utf-8", "application/vnd.api+json", "APPLICATION/JSON", "application/jsonx", "multipart/form-data; boundary=x", "application/merge-patch+json", "json"]))
                    kind = "content-type"
                if body is not None and "Content-Type" not in headers:
                    headers["Content-Type"] = "application/json"
            elif d(st.integers(0, 9)) == 0:
                body = _json_bytes(d(JSON_VALUES))
                headers["Content-Type"] = "application/json"
                kind = "unexpected-body"
            return Case(op["operationId"], method.upper(), self.prefix + target, headers, body, kind, self.version)

        return draw()

    def cases(self, count: int, seed_value: int) -> list[Case]:
        """`count` cases spread evenly over the operations, reproducible from `seed_value`."""
        out: list[Case] = []
        per_op = max(1, count // len(self.operations))
        for index, (path, method, op) in enumerate(self.operations):
            collected: list[Case] = []
            n = per_op + (1 if index < count - per_op * len(self.operations) else 0)

            @seed(seed_value * 1000 + index)
            @settings(max_examples=n, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
            @given(self.request(path, method, op))
            def collect(case: Case) -> None:
                collected.append(case)

            collect()
            out.extend(collected[:n])
        return out
