"""`casebook synth`: a synthetic library of N valid cases, for scale tests and benchmarks.

Real cases are few and hand-digested, so questions like "does a case page grow with the library?"
need made-up ones.  They are assembled from our own templates and word lists (data/synth.yml;
nothing is copied from the seed texts), vary in the ways real cases vary (province, community
type, which figures exist, qualifiers such as 余/多/近, number of practices and honors), and pass
`casebook check`.  The library around them is the one `casebook init` writes, so it builds and
serves both editions like any other.

Case i depends only on (seed, i): the first 100 cases of a 1,000-case library are the 100 cases of
a 100-case library, so page sizes can be compared across library sizes case by case.
"""

from __future__ import annotations

import functools
import json
import random
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from casebook.model.case import HONOR_LEVELS
from casebook.model.ids import derive_id
from casebook.model.vocabulary import Vocabulary
from casebook.text.quantities import format_figure

CN_NUM = "零一二三四五六七八九十"


@dataclass(frozen=True)
class Outcome:
    text: str  # with {fig}
    label: str
    unit: str
    low: int
    high: int


@dataclass(frozen=True)
class Words:
    """The contents of data/synth.yml (see the comments there)."""

    cities: dict[str, list[str]]
    counties: list[str]
    street_words: list[str]
    name_words: list[str]
    name_suffixes: list[str]
    method_chars: list[str]
    method_kinds: list[str]
    brand_words: list[str]
    brand_nouns: list[str]
    components: list[str]
    practice_actions: dict[str, str]
    generic_action: str
    challenge_texts: dict[str, list[str]]
    generic_challenge: str
    lesson_texts: dict[str, list[str]]
    generic_lesson: str
    question_templates: list[str]
    honor_words: list[str]
    outcome_templates: list[Outcome]
    outcome_without_figure: str
    summary_aims: list[str]
    practice_details: list[str]
    challenge_followups: list[str]
    outcome_followups: list[str]
    qualifiers: list[str]
    openings: list[str]
    type_sentences: list[str]
    bridges: list[str]
    practice_intros: list[str]
    outcome_intros: list[str]
    history: list[str]
    practice_closers: list[str]
    closings: list[str]


@functools.cache
def words() -> Words:
    text = resources.files("casebook.devtools").joinpath("data", "synth.yml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    data["outcome_templates"] = [
        Outcome(o["text"], o["label"], o["unit"], *o["range"]) for o in data["outcome_templates"]
    ]
    return Words(**data)


def _count(n: int) -> str:
    """Chinese count word: 2 → 两 (两个方面, never 二个方面)."""
    return "两" if n == 2 else CN_NUM[n]


def _figure(rng: random.Random, lo: int, hi: int, unit: str, qualifier_ok: bool = True) -> dict[str, Any]:
    w = words()
    value: float = rng.randint(lo, hi)
    if qualifier_ok and rng.random() < 0.4:
        q = rng.choice(w.qualifiers)
        value = round(value, -1) if value >= 100 else value
        if q in ("余", "多") and value >= 1000:
            value = round(value, -2)
        fig = {"value": int(value), "unit": unit, "qualifier": q}
    else:
        fig = {"value": int(value), "unit": unit}
    return fig


def _method_name(rng: random.Random) -> tuple[str, list[str]]:
    """A named method and its components, e.g. “三联”工作法 with three components."""
    w = words()
    style = rng.random()
    if style < 0.5:
        n = rng.randint(3, 6)
        comps = rng.sample(w.components, n)
        return f"“{CN_NUM[n]}{rng.choice(w.method_chars)}”{rng.choice(w.method_kinds)}", comps
    if style < 0.8:
        return f"“{rng.choice(w.brand_words)}{rng.choice(w.brand_nouns)}”", []
    n = rng.randint(2, 4)
    comps = rng.sample(w.components, n)
    digits = "".join(str(i) for i in range(1, n + 2))
    return f"“{digits}”{rng.choice(w.method_kinds)}", comps


def make_case(i: int, seed: int, vocab: Vocabulary, taken: set[str]) -> tuple[dict[str, Any], str]:
    """(case.yml data, case.md narrative) of synthetic case number `i`."""
    w = words()
    rng = random.Random(f"{seed}-{i}")
    province = rng.choice(list(w.cities))
    city = rng.choice(w.cities[province])
    county = rng.choice(w.counties)
    street = rng.choice(w.street_words) + "街道"
    name = rng.choice(w.name_words) + rng.choice(w.name_suffixes) + "社区"
    base_id = derive_id(city, name)
    case_id = base_id if base_id not in taken else f"{base_id}-{i}"
    taken.add(case_id)

    types = [t.label for t in rng.sample(vocab.all("community_types"), rng.choice([1, 1, 2]))]
    data: dict[str, Any] = {"id": case_id, "name": name}
    data["summary"] = ""  # filled below, once the practices are known
    data["location"] = {"province": province, "city": city, "county": county, "street": street}
    data["community_types"] = types
    if rng.random() < 0.7:
        year = rng.randint(1985, 2020)
        data["founded"] = f"{year}-{rng.randint(1, 12):02d}" if rng.random() < 0.5 else str(year)

    scale: dict[str, Any] = {}
    households = rng.randint(600, 9000)
    if rng.random() < 0.8:
        scale["households"] = _figure(rng, households, households, "户")
    if rng.random() < 0.85:
        scale["population"] = _figure(rng, int(households * 2.4), int(households * 3.3), "人")
    if rng.random() < 0.2:
        scale["area"] = {"value": round(rng.uniform(0.2, 5.0), 2), "unit": "平方公里"}
    if rng.random() < 0.6:
        scale["party_members"] = _figure(rng, 30, 700, "名")
    if rng.random() < 0.5:
        scale["grids"] = {"value": rng.randint(3, 30), "unit": "个"}
    if rng.random() < 0.5:
        scale["volunteers"] = _figure(rng, 20, 1500, "人")
    if rng.random() < 0.3:
        scale["grid_workers"] = {"value": rng.randint(3, 40), "unit": "名"}
    if rng.random() < 0.3:
        scale["residential_compounds"] = {"value": rng.randint(2, 60), "unit": "个"}
    if rng.random() < 0.3:
        scale["staff"] = {"value": rng.randint(5, 30), "unit": "名"}
    if not scale:
        scale["households"] = {"value": households, "unit": "户"}
    data["scale"] = scale

    challenge_terms = rng.sample(vocab.all("challenges"), rng.randint(2, 4))
    challenges = []
    for term in challenge_terms:
        text = rng.choice(w.challenge_texts.get(term.label, [w.generic_challenge]))
        text = text.format(years=rng.randint(20, 45), n=rng.randint(3, 30), pct=rng.randint(18, 35))
        challenges.append({"tag": term.label, "text": text})
    data["challenges"] = challenges

    practice_terms = vocab.all("practices")
    practices = []
    used_names: set[str] = set()
    for _ in range(rng.randint(3, 7)):
        tags = [t.label for t in rng.sample(practice_terms, rng.choice([1, 1, 2]))]
        pname, comps = _method_name(rng)
        while pname in used_names:
            pname, comps = _method_name(rng)
        used_names.add(pname)
        action = w.practice_actions.get(tags[0], w.generic_action)
        extra = w.practice_actions.get(tags[1], "") if len(tags) > 1 else ""
        summary = f"社区推出{pname}，{action}。" + (f"同时{extra}。" if extra else "")
        if comps:
            summary += f"具体包括{'、'.join(comps)}等{_count(len(comps))}个方面。"
        summary += rng.choice(w.practice_details)
        p: dict[str, Any] = {"name": pname, "summary": summary}
        if comps:
            p["components"] = comps
        p["tags"] = tags
        practices.append(p)
    data["practices"] = practices
    first = practices[0]["name"]
    data["summary"] = (
        f"{types[0]}，面对{challenges[0]['tag']}等难题，以{first}等做法推动{rng.choice(w.summary_aims)}。"
    )

    outcomes = []
    for k, o in enumerate(rng.sample(w.outcome_templates, rng.randint(2, 4))):
        fig = _figure(rng, o.low, o.high, o.unit)
        outcome: dict[str, Any] = {
            "text": o.text.format(fig=format_figure(fig)),  # type: ignore[arg-type]
            "figures": [{"label": o.label, **fig}],
        }
        if k % 3 != 2:  # most outcomes name the practice they came from; chosen without the
            # random stream, so that every other synthetic field stays what it was
            outcome["practices"] = [practices[k % len(practices)]["name"]]
        outcomes.append(outcome)
    if rng.random() < 0.5:
        outcomes.append({"text": w.outcome_without_figure})
    data["outcomes"] = outcomes

    honors: list[dict[str, Any]] = []
    for _ in range(rng.choice([0, 1, 2, 2, 3, 4, 5])):
        level = rng.choice(HONOR_LEVELS)
        prefix = {"国家级": "全国", "省级": province, "市级": city, "县区级": county, "街道级": street}[level]
        honor = {"name": prefix + rng.choice(w.honor_words), "level": level, "year": rng.randint(2008, 2024)}
        if honor["name"] not in {h["name"] for h in honors}:
            honors.append(honor)
    if honors:
        data["honors"] = honors

    themes = rng.sample(vocab.all("themes"), rng.randint(2, 4))
    data["lessons"] = [
        {"theme": t.label, "text": rng.choice(w.lesson_texts.get(t.label, [w.generic_lesson]))}
        for t in themes
    ]
    questions = rng.sample(w.question_templates, rng.randint(3, 5))
    data["questions"] = [
        q.format(
            name=name, challenge=challenges[0]["tag"], type=types[0], practice=rng.choice(practices)["name"]
        )
        for q in questions
    ]
    data["sources"] = [
        {
            "title": f"{name}党建引领社区治理（合成案例）",
            "publisher": "本库合成数据",
            "script": "简体",
            "note": "由 casebook synth 按模板生成，只用于测试和性能评估，所述社区、人物和数字均为虚构。",
        }
    ]
    data["review"] = {"status": "reviewed", "contributors": ["casebook synth"]}
    return data, narrative(data, rng, vocab)


def narrative(data: dict[str, Any], rng: random.Random, vocab: Vocabulary) -> str:
    """A case.md of realistic length (about 1,500-2,500 characters) built from the structured data."""
    w = words()
    loc = data["location"]
    name = data["name"]
    founded = ""
    if data.get("founded"):
        year, _, month = data["founded"].partition("-")
        founded = f"社区成立于{year}年{int(month)}月，" if month else f"社区成立于{year}年，"
    types = data["community_types"]
    out = ["### 社区概况", ""]
    opening = rng.choice(w.openings).format(
        name=name,
        city=loc["city"],
        county=loc["county"],
        street=loc["street"],
        founded=founded,
        type=types[0],
    )
    scale_bits = []
    labels = {
        "households": "居民",
        "population": "常住人口",
        "party_members": "党员",
        "grids": "网格",
        "volunteers": "志愿者",
    }
    for key, label in labels.items():
        if key in data["scale"]:
            scale_bits.append(f"{label}{format_figure(data['scale'][key])}")
    para = opening
    term = vocab.get("community_types", types[0])
    if term:
        para += rng.choice(w.type_sentences).format(type=term.label, definition=term.definition)
    if scale_bits:
        para += "辖区有" + "，".join(scale_bits) + "。"
    out += [para + rng.choice(w.history), ""]
    out += ["### 面临的难题", ""]
    out += [
        "".join(c["text"] + rng.choice(w.challenge_followups) for c in data["challenges"])
        + rng.choice(w.bridges),
        "",
    ]
    out += ["### 主要做法", ""]
    for i, p in enumerate(data["practices"]):
        intro = rng.choice(w.practice_intros).format(name=p["name"]) if i else f"第一件事是{p['name']}。"
        body = p["summary"].removeprefix(f"社区推出{p['name']}，")
        out += [f"{intro}社区{body}{rng.choice(w.practice_closers)}", ""]
    out += ["### 取得的成效", ""]
    out += [
        rng.choice(w.outcome_intros)
        + "".join(o["text"] for o in data["outcomes"])
        + rng.choice(w.outcome_followups),
        "",
    ]
    if data.get("honors"):
        names = "、".join(f"“{h['name']}”" for h in data["honors"][:3])
        out += [f"社区先后获得{names}等荣誉。", ""]
    out += ["### 经验与体会", ""]
    out += [rng.choice(w.closings).format(name=name) + "".join(x["text"] for x in data["lessons"]), ""]
    return "\n".join(out)


# Keys whose values are written as one-line flow mappings, as the hand-written cases have them.
FLOW_KEYS = ("scale", "figures", "honors")
_ID_RE = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")  # case ids: baishan-cuizhuyuan
_PLAIN_RE = re.compile(r"[^\x00-\x7f][^\x00-\x1f\x7f:#,\[\]{}\"']*")


def _scalar(value: Any) -> str:
    """A YAML scalar: plain when it starts with a Chinese character and holds no YAML indicator,
    otherwise double-quoted (JSON string syntax is valid YAML)."""
    if isinstance(value, bool) or value is None:
        raise TypeError(f"合成数据里不该有 {value!r}")
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _PLAIN_RE.fullmatch(text) or _ID_RE.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def _flow(d: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in d.items()) + "}"


def to_yaml(data: dict[str, Any]) -> str:
    """case.yml text for a synthetic case.

    Written directly rather than through ruamel.yaml's round-trip dumper, which took 80 ms a case
    (most of `synth --cases 1000`); the structure is ours and small, so a direct writer is exact.
    """
    out: list[str] = []

    def block(value: Any, indent: int, key: str = "") -> None:
        pad = " " * indent
        if isinstance(value, dict):
            for k, v in value.items():
                if isinstance(v, dict) and key in FLOW_KEYS:
                    out.append(f"{pad}{k}: {_flow(v)}")
                elif isinstance(v, dict | list):
                    out.append(f"{pad}{k}:")
                    block(v, indent + 2, k)
                else:
                    out.append(f"{pad}{k}: {_scalar(v)}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict) and key in FLOW_KEYS:
                    out.append(f"{pad}- {_flow(item)}")
                elif isinstance(item, dict):
                    start = len(out)
                    block(item, indent + 2, key)
                    out[start] = f"{pad}- " + out[start].lstrip()
                else:
                    out.append(f"{pad}- {_scalar(item)}")

    block(data, 0)
    return "\n".join(out) + "\n"


def modeline() -> str:
    """The editor hint line `casebook check` expects on a case.yml's first line."""
    from casebook.validate.editorschema import MODELINE

    return MODELINE


def write_library(out: Path, n: int, seed: int) -> None:
    """Write a library of `n` synthetic cases into `out`, which must be new or empty (callers build
    beside the target and rename into place): the `casebook init` skeleton, then the cases."""
    from casebook.model.library import load_vocabulary
    from casebook.skeleton import write

    write(out)
    vocab, _ = load_vocabulary(out)
    taken: set[str] = set()
    for i in range(n):
        data, text = make_case(i, seed, vocab, taken)
        folder = out / "cases" / data["id"]
        folder.mkdir()
        header = f"{modeline()}\n# 合成案例（casebook synth 生成），只用于测试和性能评估。\n"
        (folder / "case.yml").write_text(header + to_yaml(data), "utf-8")
        (folder / "case.md").write_text(text, "utf-8")


def project_root() -> Path:
    """The checkout this package runs from, else the library around the current folder (the
    benchmark measures text throughput on real cases)."""
    from casebook.paths import find_root

    here = Path(__file__).resolve().parents[3]
    return here if (here / "cases" / "vocabulary.yml").is_file() else find_root()
