"""A complete, valid case of our own making, to vary in tests (contributor tests share it).

Tags are taken from the repository's vocabulary at run time, so the case stays valid when terms
are added or renamed; everything else is invented for the tests.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from casebook.model.library import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]

NARRATIVE = (
    "### 背景\n\n"
    "示范社区位于老城区东侧，居民以退休职工为主。社区党委从楼栋走访入手，把居民最关心的修路、"
    "照明和养老三件事列为年度重点，并请驻区单位认领。\n"
)

# A narrative long enough for a "complete" rating (800+ Chinese characters), invented for tests.
LONG_NARRATIVE = NARRATIVE + "".join(
    f"\n### 第{n}阶段\n\n"
    "这一阶段，社区党委先把全体党员按楼栋编入小组，每个小组认领一段道路或一处活动场地，"
    "每月向居民说明进展。居民代表会议对经费使用逐项表决，表决结果张贴在单元门口，"
    "有疑问的居民可以当面询问社区干部。驻区单位提供场地和志愿者，社区负责组织和记录，"
    "双方每季度碰头一次，把下一季度要办的事写进共建清单。遇到涉及多户利益的难题，"
    "由楼栋长先摸清各家想法，再请法律顾问和物业代表一起商量，尽量在楼栋里化解。"
    "年底评议时，居民按完成情况给各小组打分，得分靠后的小组要在会上说明原因并提出改进办法。\n"
    for n in ("一", "二", "三", "四")
)


def first_label(root: Path, category: str) -> str:
    vocab, _ = load_vocabulary(root)
    return vocab.all(category)[0].label


def valid_case(case_id: str, root: Path = ROOT) -> dict[str, Any]:
    return {
        "id": case_id,
        "name": "示范社区",
        "summary": "为测试编写的虚构社区，用来确认合格数据不报错。",
        "location": {"province": "河南省", "city": "南阳市", "county": "示范县", "street": "示范街道"},
        "community_types": [first_label(root, "community_types")],
        "founded": "2012-05",
        "scale": {
            "households": {"value": 1500, "unit": "户"},
            "population": {"value": 4200, "qualifier": "余", "unit": "人"},
        },
        "challenges": [{"tag": first_label(root, "challenges"), "text": "楼房老旧，路灯常年不亮。"}],
        "practices": [
            {
                "name": "“楼栋夜谈”工作法",
                "summary": "每周一个晚上在楼道里和居民商量一件事，当场分工。",
                "components": ["收集问题", "当场分工", "按期回访"],
                "tags": [first_label(root, "practices")],
            }
        ],
        "outcomes": [
            {
                "text": "一年里修好了全部路灯。",
                "figures": [{"label": "修复路灯", "value": 80, "qualifier": "近", "unit": "盏"}],
            }
        ],
        "lessons": [{"theme": first_label(root, "themes"), "text": "先办小事，才能聚起人心。"}],
        "questions": ["楼栋夜谈为什么选在晚上？", "回访由谁负责？", "你所在的社区能这样做吗？"],
        "sources": [
            {
                "title": "测试用虚构材料",
                "publisher": "casebook 测试组",
                "date": "2023-05-01",
                "url": "https://example.org/cases/1",
                "script": "简体",
            }
        ],
        "review": {"status": "reviewed", "contributors": ["casebook 测试组"]},
    }


def dump(data: dict[str, Any]) -> str:
    """YAML as a contributor would write it: block style, one field a line (JSON for scalars)."""
    lines = ["# yaml-language-server: $schema=../../schema/case.editor.schema.json"]

    def scalar(v: Any) -> str:
        return json.dumps(v, ensure_ascii=False)

    def emit(value: Any, indent: int, key: str | None, dash: bool) -> None:
        prefix = " " * indent + ("- " if dash else "")
        col = indent + (2 if dash else 0)  # where this entry's key starts
        if isinstance(value, dict) and key is None:  # a mapping that is a list item
            for i, (k, v) in enumerate(value.items()):
                emit(v, indent if i == 0 else col, k, dash and i == 0)
        elif isinstance(value, dict):
            lines.append(f"{prefix}{key}:")
            for k, v in value.items():
                emit(v, col + 2, k, False)
        elif isinstance(value, list):
            lines.append(f"{prefix}{key}:" + ("" if value else " []"))
            for item in value:
                emit(item, col + 2, None, True)
        else:
            lines.append(f"{prefix}{key + ': ' if key is not None else ''}{scalar(value)}")

    for k, v in data.items():
        emit(v, 0, k, False)
    return "\n".join(lines) + "\n"


def write_case(
    library: Path, data: dict[str, Any], narrative: str | None = NARRATIVE, folder_name: str | None = None
) -> Path:
    folder = library / "cases" / (folder_name or str(data["id"]))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "case.yml").write_text(dump(data), "utf-8")
    if narrative is not None:
        (folder / "case.md").write_text(narrative, "utf-8")
    return folder


def scratch_library(dest: Path) -> Path:
    (dest / "cases").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "cases" / "vocabulary.yml", dest / "cases" / "vocabulary.yml")
    return dest


def varied(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    cur: Any = out
    for key in path[:-1]:
        cur = cur[key]
    cur[path[-1]] = value
    return out


def complete_case(case_id: str, root: Path = ROOT) -> dict[str, Any]:
    """valid_case with the second items a "complete" rating asks for."""
    vocab, _ = load_vocabulary(root)
    data = valid_case(case_id, root)
    data["challenges"].append(
        {"tag": vocab.all("challenges")[1].label, "text": "不少居民是独居老人，看病和买菜不便。"}
    )
    data["practices"].append(
        {
            "name": "“邻里帮帮团”",
            "summary": "低龄老人结对照顾高龄老人，社区记录服务时长。",
            "tags": [vocab.all("practices")[1].label],
        }
    )
    data["lessons"].append({"theme": vocab.all("themes")[1].label, "text": "把居民组织起来，服务才能持久。"})
    return data
