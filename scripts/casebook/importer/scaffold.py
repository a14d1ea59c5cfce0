"""`casebook new`: start a case from a name, a place and a type, without knowing YAML.

The command asks for what it needs (or takes flags, for scripts), derives the ASCII id from the
city and the community name with pypinyin (南阳市 + 云钢社区 → nanyang-yungang), and writes a
draft case.yml that `casebook check` accepts: the fields still to fill are left as commented
examples, and the check lists them as 提示 (drafts are lenient).  It never overwrites anything:
the folder is assembled under a temporary name and renamed into place only if the id is free.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Callable
from pathlib import Path

from casebook.errors import CasebookError
from casebook.fsutil import Exists, create_dir
from casebook.model.ids import derive_id, is_valid
from casebook.model.vocabulary import Vocabulary
from casebook.schemas import case_schema as schema
from casebook.text.pinyin import slug
from casebook.validate.editorschema import MODELINE


class Refused(CasebookError):
    """Input that cannot make a case; the message is Chinese and says what to do."""


def provinces() -> list[str]:
    return list(schema()["properties"]["location"]["properties"]["province"]["enum"])


def normalize_province(text: str) -> str:
    """Full name of a province-level region from its full or short name (河南 → 河南省)."""
    text = text.strip()
    names = provinces()
    if text in names:
        return text
    hits = [p for p in names if p.startswith(text)] if len(text) >= 2 else []
    if len(hits) == 1:
        return hits[0]
    raise Refused(f"“{text}”不是省级行政区的名称，请写全称，如 河南省、广西壮族自治区")


def _strip(text: str, suffixes: tuple[str, ...]) -> str:
    for s in suffixes:
        if text.endswith(s) and len(text) > len(s):
            return text[: -len(s)]
    return text


def new_id(city: str, name: str) -> str:
    case_id = derive_id(city, name)
    if not is_valid(case_id):
        raise Refused(f"无法从“{city}”和“{name}”生成编号，请用 --id 指定，如 nanyang-yungang")
    return case_id


def resolve_types(text: str, vocab: Vocabulary) -> list[str]:
    labels: list[str] = []
    for name in re.split(r"[,，、;；/\s]+", text.strip()):
        if not name:
            continue
        term = vocab.resolve("community_types", name)
        if term is None:
            hint = vocab.suggest("community_types", name)
            choices = "、".join(t.label for t in vocab.all("community_types"))
            raise Refused(
                f"“{name}”不是词表里的社区类型"
                + (f"，你是不是想写“{'”或“'.join(hint)}”？" if hint else "。")
                + f"可选：{choices}"
            )
        if term.label not in labels:
            labels.append(term.label)
    if not labels:
        raise Refused("至少要选一个社区类型")
    return labels


def _block(items: list[str], indent: str = "") -> list[str]:
    return [f"{indent}{line}" for line in items]


def render_yaml(
    case_id: str, name: str, location: dict[str, str], types: list[str], vocab: Vocabulary
) -> str:
    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    def example(category: str) -> str:
        terms = vocab.all(category)
        return terms[0].label if terms else "（见词表）"

    lines = [MODELINE, f"id: {case_id}", f"name: {q(name)}", "location:"]
    lines += [f"  {k}: {q(v)}" for k, v in location.items() if v]
    lines += ["community_types:"] + [f"  - {q(t)}" for t in types]
    lines += [
        "",
        "# —— 以下各项待补：填写时删去行首的“# ”，把示例换成这个社区的内容。",
        "# —— 写法见 CONTRIBUTING.md；运行 casebook check 可以看到还缺哪些。",
        "# summary: 一句话摘要（索引和搜索结果里显示，200 字以内）",
        '# founded: "2004-06"  # 成立时间，年或年-月；来源没写就不填',
        "# scale:  # 规模数字，至少一项；原文“3430户”“1.2万余人”这样记：",
        "#   households: {value: 3430, unit: 户}",
        "#   population: {value: 1.2, qualifier: 余, unit: 万人}",
        "# challenges:  # 面临的问题；tag 从 cases/vocabulary.yml 的 challenges 里选",
        f"#   - tag: {example('challenges')}",
        "#     text: 一两句话说明",
        "# practices:  # 做法：每项是一个有名称的方法",
        "#   - name: “五好”工作法",
        "#     summary: 这个方法做什么、怎么做",
        f"#     tags: [{example('practices')}]",
        "# outcomes:  # 成效，能附数字就附上",
        "#   - text: 成效说明",
        "#     figures:",
        "#       - {label: 筹集资金, value: 4100, qualifier: 余, unit: 万元}",
        "# lessons:  # 经验与启示；theme 从词表的 themes 里选",
        f"#   - theme: {example('themes')}",
        "#     text: 一句话经验",
        "# questions:  # 教学思考题，3 至 8 道",
        "#   - 第一道思考题？",
        "#   - 第二道思考题？",
        "#   - 第三道思考题？",
        "# sources:  # 资料来源，至少一条；链接只能是 http(s)",
        "#   - title: 原文标题",
        "#     publisher: 发布单位或媒体",
        "#     url: https://example.org/原文地址",
        "#     script: 简体",
        "",
        "review:",
        "  status: draft  # 审核通过后由审核人改为 reviewed",
    ]
    return "\n".join(lines) + "\n"


Ask = Callable[[str], str]


def _ask_until(ask: Ask, prompt: str, accept: Callable[[str], object], out: Callable[[str], None]) -> object:
    while True:
        text = ask(prompt).strip()
        try:
            return accept(text)
        except Refused as e:
            out(f"  {e}")


def _nonempty(label: str) -> Callable[[str], str]:
    def accept(text: str) -> str:
        if not text:
            raise Refused(f"{label}不能为空")
        return text

    return accept


def collect(
    args: argparse.Namespace, vocab: Vocabulary, ask: Ask | None, out: Callable[[str], None]
) -> dict[str, object]:
    """Values from flags, asking for the missing ones when a person is at the terminal."""
    missing = [
        flag
        for flag, v in (
            ("--name", args.name),
            ("--province", args.province),
            ("--city", args.city),
            ("--type", args.type),
        )
        if not v
    ]
    if missing and ask is None:
        raise Refused("缺少 " + "、".join(missing) + "（在终端里直接运行 casebook new 会逐项提问）")
    values: dict[str, object] = {}
    if args.name:
        values["name"] = _nonempty("社区名称")(args.name.strip())
    else:
        assert ask is not None
        values["name"] = _ask_until(ask, "社区名称（如 云钢社区）：", _nonempty("社区名称"), out)
    if args.province:
        values["province"] = normalize_province(args.province)
    else:
        assert ask is not None
        values["province"] = _ask_until(
            ask, "省级行政区（如 河南省，可简写为 河南）：", normalize_province, out
        )
    if args.city:
        values["city"] = args.city.strip()
    else:
        assert ask is not None
        values["city"] = _ask_until(ask, "地级市（如 南阳市；直辖市写市名）：", _nonempty("地级市"), out)
    if ask is not None and args.county is None and missing:
        values["county"] = ask("县、区或县级市（可留空）：").strip()
    else:
        values["county"] = (args.county or "").strip()
    if ask is not None and args.street is None and missing:
        values["street"] = ask("街道、镇或乡（可留空）：").strip()
    else:
        values["street"] = (args.street or "").strip()
    if args.type:
        values["types"] = resolve_types(args.type, vocab)
    else:
        assert ask is not None
        terms = vocab.all("community_types")
        out("社区类型（可选多个，用顿号或逗号隔开，可写编号或名称）：")
        for i, t in enumerate(terms, 1):
            out(f"  {i}. {t.label}：{t.definition}")

        def accept(text: str) -> list[str]:
            names = [
                terms[int(x) - 1].label if x.isdigit() and 0 < int(x) <= len(terms) else x
                for x in re.split(r"[,，、;；/\s]+", text)
                if x
            ]
            return resolve_types("、".join(names), vocab)

        values["types"] = _ask_until(ask, "类型：", accept, out)
    return values


def create(
    root: Path, out_dir: Path, case_id: str | None, values: dict[str, object], vocab: Vocabulary
) -> Path:
    name = str(values["name"])
    if case_id is None:
        case_id = new_id(str(values["city"]), name)
    elif not is_valid(case_id):
        raise Refused(f"编号“{case_id}”只能用小写字母、数字和连字符，如 nanyang-yungang")
    target = out_dir / case_id
    in_library = root / "cases" / case_id
    if target.exists() or target.is_symlink() or in_library.exists():
        where = target if target.exists() else in_library
        county = slug(_strip(str(values.get("county") or ""), ("自治县", "县", "区", "市", "旗")))
        other = f"{case_id}-{county}" if county else f"{case_id}-2"
        raise Refused(f"编号“{case_id}”已被使用（{where}），不会覆盖。请用 --id 指定另一个编号，如 {other}")
    location = {
        "province": str(values["province"]),
        "city": str(values["city"]),
        "county": str(values.get("county") or ""),
        "street": str(values.get("street") or ""),
    }
    text = render_yaml(case_id, name, location, list(values["types"]), vocab)  # type: ignore[call-overload]
    try:
        return create_dir(target, {"case.yml": text})
    except Exists as e:  # appeared meanwhile
        raise Refused(f"编号“{case_id}”已被使用（{target}），不会覆盖") from e
