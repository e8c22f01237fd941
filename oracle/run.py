"""Differential check: send the same requests to the emulator and to the FastAPI reference, compare.

Cases are drawn from both documents: openapi/v3.json (under /api/v3) and openapi/v2.json (under /api/v2).

A case agrees when both let it through validation (reference 200, emulator any status that is not
401, 422 or 5xx: past validation the emulator may answer 404 for an object that does not exist, 402 or
429), or both answer 401/422 with the same body (every key, value and order), or both answer the same
other status (routing). Differences that come from JavaScript numbers are listed with their reasons in
expected-differences.json and counted apart; any other difference fails the run.

python run.py [--count N] [--count-v2 N] [--only v3|v2] [--seed S] [--show N] [--report FILE]
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from cases import Case, Generator
from schema_types import API_VERSIONS, REPO, load_document

HERE = Path(__file__).resolve().parent
EXPECTED_PATH = HERE / "expected-differences.json"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(port: int, path: str, proc: subprocess.Popen, name: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"oracle: {name} exited with status {proc.returncode} before it served")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"oracle: {name} did not answer on port {port} within {timeout:.0f} s")


class Server:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], probe: str, cwd: Path):
        self.name = name
        self.port = free_port()
        env = {**os.environ, **env, "PORT": str(self.port)}
        self.proc = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_up(self.port, probe, self.proc, name)
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)

    def send(self, case: Case) -> tuple[int, bytes]:
        """Status and body; status 0 when the server gave no answer (it closed the connection or died)."""
        for attempt in range(2):
            try:
                self.conn.putrequest(case.method, case.target, skip_accept_encoding=True)
                for k, v in case.headers.items():
                    self.conn.putheader(k, v.encode("utf-8"))
                if case.body is not None:
                    self.conn.putheader("Content-Length", str(len(case.body)))
                self.conn.endheaders(case.body)
                res = self.conn.getresponse()
                return res.status, res.read()
            except (http.client.HTTPException, OSError) as err:
                # A closed keep-alive connection: reconnect and try once more.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 1:
                    return 0, f"no answer: {err!r}".encode()
        raise AssertionError("unreachable")

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self) -> None:
        self.conn.close()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class Float(float):
    """A JSON number written with a fraction or exponent; never equal to an int (5.0 is not 5)."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Float) and float(self) == float(other)

    __hash__ = float.__hash__


def ordered(body: bytes, as_doubles: bool = False, sort_keys: bool = False) -> Any:
    """JSON with key order and number spelling kept (objects become lists of pairs), or the raw text.

    With `as_doubles`, every number is read as a double, as JavaScript reads it; with `sort_keys`, the
    order of keys in objects does not count.
    """
    number = float if as_doubles else Float

    def pairs_of(pairs: list) -> list:
        tagged = [("{}", k, v) for k, v in pairs]
        return sorted(tagged, key=repr) if sort_keys else tagged

    try:
        return json.loads(
            body,
            object_pairs_hook=pairs_of,
            parse_float=number,
            parse_int=float if as_doubles else int,
            parse_constant=number,
        )
    except ValueError:
        return body.decode("utf-8", "replace")


def passes_validation(status: int) -> bool:
    return status not in (401, 422) and status < 500


def verdict(ref: tuple[int, bytes], emu: tuple[int, bytes]) -> bool:
    rs, rb = ref
    es, eb = emu
    if rs == 200:
        return passes_validation(es)
    if rs in (401, 422):
        return es == rs and ordered(rb) == ordered(eb)
    return rs == es


def _same_as_doubles(case: Case, ref: tuple[int, bytes], emu: tuple[int, bytes]) -> bool:
    """Both answer 401/422 and the bodies agree once every number is read as a double."""
    return ref[0] == emu[0] and ref[0] in (401, 422) and ordered(ref[1], as_doubles=True) == ordered(emu[1], as_doubles=True)


INDEX_KEY = re.compile(rb'"(0|[1-9][0-9]{0,9})"\s*:')


def _index_keys_first(case: Case, ref: tuple[int, bytes], emu: tuple[int, bytes]) -> bool:
    """The body has an object key that is an array index ("0"); JavaScript objects list such keys first."""
    if case.body is None or INDEX_KEY.search(case.body) is None or ref[0] != emu[0] or ref[0] not in (401, 422):
        return False
    return ordered(ref[1], as_doubles=True, sort_keys=True) == ordered(emu[1], as_doubles=True, sort_keys=True)


def _detail(body: bytes) -> list | None:
    try:
        detail = json.loads(body).get("detail")
    except (ValueError, AttributeError):
        return None
    return detail if isinstance(detail, list) else None


def _float_beyond_int64(case: Case, ref: tuple[int, bytes], emu: tuple[int, bytes]) -> bool:
    """The reference refuses a float too large for a 64-bit integer, which JavaScript cannot tell from an
    integer literal; the emulator judges the integer (bounds) instead. Every other issue must agree."""
    ref_detail = _detail(ref[1]) if ref[0] == 422 else None
    if not ref_detail:
        return False
    locs = [item["loc"] for item in ref_detail if item.get("type") == "int_parsing_size"]
    if not locs:
        return False
    rest = [item for item in ref_detail if item["loc"] not in locs]
    if not rest:
        emu_detail = _detail(emu[1]) if emu[0] == 422 else []
        return passes_validation(emu[0]) or (emu_detail is not None and all(item["loc"] in locs for item in emu_detail))
    emu_rest = [item for item in _detail(emu[1]) or [] if item["loc"] not in locs] if emu[0] == 422 else None
    return emu_rest is not None and ordered(_as_body(rest), as_doubles=True) == ordered(_as_body(emu_rest), as_doubles=True)


def _as_body(items: list) -> bytes:
    return json.dumps({"detail": items}, ensure_ascii=False).encode("utf-8")


# NaN, infinities (also literals that overflow a double) and lone surrogate escapes.
UNWRITABLE = re.compile(rb"NaN|Infinity|\d[eE]\+?(?:309|3[1-9]\d|[4-9]\d\d|\d{4,})|\\u[dD][89a-fA-F][0-9a-fA-F]{2}")


def _reference_cannot_render(case: Case, ref: tuple[int, bytes], emu: tuple[int, bytes]) -> bool:
    """The reference fails (500) writing its 422 because the input echoed holds NaN, an infinity or a lone surrogate."""
    return ref[0] == 500 and emu[0] == 422 and case.body is not None and UNWRITABLE.search(case.body) is not None


# The rule behind each documented difference; expected-differences.json gives the reason.
RULES: dict[str, Callable[[Case, tuple[int, bytes], tuple[int, bytes]], bool]] = {
    "js-number-echo": _same_as_doubles,
    "float-beyond-int64": _float_beyond_int64,
    "index-keys-first": _index_keys_first,
    "unwritable-echo": _reference_cannot_render,
}


def load_expected() -> list[dict]:
    entries = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))["differences"]
    for entry in entries:
        if entry["rule"] not in RULES:
            raise SystemExit(f"oracle: {EXPECTED_PATH.name}: unknown rule {entry['rule']!r}")
    return entries


def shorten(v: Any) -> Any:
    """Long strings cut for printing."""
    if isinstance(v, str) and len(v) > 2000:
        return v[:2000] + "..."
    if isinstance(v, dict):
        return {k: shorten(x) for k, x in v.items()}
    return v


def start_servers() -> tuple[Server, Server]:
    emulator = Server(
        "emulator",
        ["node", str(REPO / "dist" / "cli.js")],
        {"BU_MOCK_CLOCK": "manual", "BU_MOCK_SEED": "oracle", "LOG_LEVEL": "silent", "HOST": "127.0.0.1"},
        "/health",
        REPO,
    )
    try:
        reference = Server("reference", [sys.executable, str(HERE / "reference_app.py")], {}, "/api/v3/billing/account", HERE)
    except BaseException:
        emulator.stop()
        raise
    return emulator, reference


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=int(os.environ.get("ORACLE_CASES", "4000")), help="cases drawn from openapi/v3.json")
    parser.add_argument("--count-v2", type=int, default=int(os.environ.get("ORACLE_CASES_V2", "4200")), help="cases drawn from openapi/v2.json")
    parser.add_argument("--only", choices=sorted(API_VERSIONS), help="draw cases from one document only")
    parser.add_argument("--seed", type=int, default=int(os.environ.get("ORACLE_SEED", "1")))
    parser.add_argument("--show", type=int, default=5, help="differences printed in full")
    parser.add_argument("--report", type=Path, help="write every difference as JSON to this file")
    args = parser.parse_args()

    started = time.monotonic()
    expected = load_expected()
    counts = {"v3": args.count, "v2": args.count_v2}
    cases: list[Case] = []
    for version, (path, prefix) in API_VERSIONS.items():
        if args.only in (None, version) and counts[version] > 0:
            cases.extend(Generator(load_document(path), prefix, version).cases(counts[version], args.seed))
    generated = time.monotonic()
    emulator, reference = start_servers()
    per_op: Counter[str] = Counter()
    per_kind: Counter[str] = Counter()
    per_version: Counter[str] = Counter()
    differences: Counter[str] = Counter()
    undocumented: list[dict] = []
    documented: Counter[str] = Counter()
    try:
        for case in cases:
            per_op[f"{case.version} {case.operation}"] += 1
            per_kind[case.kind] += 1
            per_version[case.version] += 1
            ref = reference.send(case)
            emu = emulator.send(case)
            for server in (reference, emulator):
                if not server.alive():
                    print(f"oracle: the {server.name} exited (status {server.proc.returncode}) on this case:")
                    print(json.dumps(case.to_json(), ensure_ascii=False, indent=2))
                    return 2
            if verdict(ref, emu):
                continue
            differences[case.version] += 1
            rule = next((e["rule"] for e in expected if RULES[e["rule"]](case, ref, emu)), None)
            if rule:
                documented[rule] += 1
                continue
            undocumented.append({"case": case.to_json(), "reference": {"status": ref[0], "body": ref[1].decode("utf-8", "replace")}, "emulator": {"status": emu[0], "body": emu[1].decode("utf-8", "replace")}})
    finally:
        emulator.stop()
        reference.stop()

    print(f"oracle: seed {args.seed}, generated in {generated - started:.1f} s, run in {time.monotonic() - generated:.1f} s")
    print("oracle: cases per operation:")
    for op, n in sorted(per_op.items()):
        print(f"  {n:6d}  {op}")
    print("oracle: cases per kind: " + ", ".join(f"{k} {n}" for k, n in sorted(per_kind.items())))
    for entry in expected:
        if documented[entry["rule"]]:
            print(f"oracle: documented difference {entry['rule']}: {documented[entry['rule']]} case(s): {entry['reason']}")
    by_op = Counter(f'{d["case"]["version"]} {d["case"]["operation"]}' for d in undocumented)
    for op, n in sorted(by_op.items()):
        print(f"oracle: undocumented differences in {op}: {n}")
    for diff in undocumented[: args.show]:
        print(json.dumps({k: shorten(v) for k, v in diff.items()}, ensure_ascii=False, indent=2))
    if args.report:
        args.report.write_text(json.dumps(undocumented, ensure_ascii=False, indent=2), encoding="utf-8")
    for version, n in per_version.items():
        open_here = sum(1 for d in undocumented if d["case"]["version"] == version)
        print(f"oracle: openapi/{version}.json: {n} cases, {differences[version]} differences ({differences[version] - open_here} documented)")
    total_docs = sum(documented.values())
    print(f"oracle: {len(cases)} cases, {len(undocumented) + total_docs} differences ({total_docs} documented)")
    return 1 if undocumented else 0


if __name__ == "__main__":
    sys.exit(main())
