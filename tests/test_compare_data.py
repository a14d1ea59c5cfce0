"""The compare page's data at scale: the pickers' list stays small per case, and each case's
fields are in exactly one records file, so a comparison loads a few small files instead of every
case's fields (12 MB at 10,000 cases when they were one file)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from casebook.devtools.synth import make_case
from casebook.model.case import Case
from casebook.model.library import load_vocabulary
from casebook.pages import compare

ROOT = Path(__file__).resolve().parents[1]


def synthetic(n: int) -> list[Case]:
    vocab, _ = load_vocabulary(ROOT)
    taken: set[str] = set()
    out = []
    for i in range(n):
        data, text = make_case(i, 3, vocab, taken)
        out.append(Case.from_data(data, text))
    return out


def payload(script: str) -> object:
    m = re.fullmatch(r"window\.[A-Z_]+(?:=|\()(.*?)\)?;\n", script, re.S)
    assert m, script[:80]
    return json.loads(m.group(1).replace("<\\/", "</"))


def test_each_case_is_listed_once_and_its_fields_are_in_its_own_bucket() -> None:
    cases = synthetic(300)
    files = compare.pages(cases)
    listed = payload(files[compare.DATA_FILE])
    assert isinstance(listed, dict)
    entries = listed["cases"]
    assert [e["id"] for e in entries] == [c.id for c in cases]
    assert all(set(e) == {"id", "name", "province", "b"} for e in entries)
    found: dict[str, int] = {}
    for path, script in files.items():
        if not path.startswith(compare.RECORDS + "/"):
            continue
        bucket = int(path.rsplit("/", 1)[1].removesuffix(".js"))
        rows = payload(script)
        assert isinstance(rows, list)
        for row in rows:
            assert row["id"] not in found
            found[row["id"]] = bucket
            assert row["v"] == compare.case_record(next(c for c in cases if c.id == row["id"]))["v"]
    assert found == {e["id"]: e["b"] for e in entries}
    assert len(set(found.values())) > 32  # spread over the buckets


def test_the_pickers_list_is_small_per_case() -> None:
    cases = synthetic(2000)
    files = compare.pages(cases)
    per_case = len(files[compare.DATA_FILE].encode("utf-8")) / len(cases)
    assert per_case < 100, per_case
    biggest = max(len(s.encode("utf-8")) for p, s in files.items() if p.startswith(compare.RECORDS))
    # A bucket holds about n / BUCKETS cases; four of them are what a comparison loads.
    assert (
        biggest
        < 2.5
        * sum(len(s.encode("utf-8")) for p, s in files.items() if p.startswith(compare.RECORDS))
        / compare.BUCKETS
    )
