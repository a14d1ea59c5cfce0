"""The data downloads (cases.csv, cases.json) and the page that offers them.

They are drawn from the same case model as the tables, in the same order, and `casebook tables
--format csv|json` writes the same bytes the site publishes.
"""

from __future__ import annotations

import csv
import io
import json

from casebook.model.case import SCALE_LABELS, Case
from casebook.pages.markdown import front


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to Excel; an apostrophe keeps it text.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def cases_csv(cases: list[Case]) -> str:
    """One row per case, UTF-8 with BOM and CRLF: what Excel on Chinese Windows opens correctly."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    head = ["编号", "社区", "状态", "省份", "城市", "区县", "街道", "社区类型", "成立"]
    for label in SCALE_LABELS.values():
        head += [label, f"{label}（数值）"]
    head += ["面临的问题", "做法标签", "做法名称", "经验主题", "荣誉数", "最高荣誉层级", "概要"]
    head += ["成效数字", "成效与做法", "资料来源", "来源网址", "页面"]
    w.writerow(head)
    for c in cases:
        loc = c.location
        line = [c.id, c.name, "草稿" if c.is_draft else "已审核", loc.province, loc.city, loc.county]
        line += [loc.street, "、".join(c.community_types), c.founded_text if c.founded else ""]
        for key in SCALE_LABELS:
            fig = c.figure(key)
            line += [fig.text, f"{fig.magnitude:g}"] if fig else ["", ""]
        line += [
            "、".join(c.challenge_tags),
            "、".join(c.practice_tags),
            "、".join(p.name for p in c.practices),
            "、".join(c.themes),
            str(len(c.honors)),
            c.top_honor or "",
            c.summary,
            outcome_figures_text(c),
            outcome_practices_text(c),
            "；".join(f"《{x.title}》{x.publisher}" + (f"，{x.date}" if x.date else "") for x in c.sources),
            " ".join(x.link for x in c.sources if x.link),
            page_url(c),
        ]
        w.writerow([_csv_safe(str(x)) for x in line])
    return "\ufeff" + buf.getvalue()


def page_url(c: Case) -> str:
    """The case page's address relative to the edition's root (where the data/ folder sits too),
    so that the same file is right on either edition and wherever the site is published."""
    return f"cases/{c.id}/"


def outcome_figures_text(c: Case) -> str:
    """Every outcome figure with what it counts: 接单办理 112件（2022年）；…"""
    return "；".join(f"{f.label} {f.dated}".strip() for f in c.outcome_figures)


def outcome_practices_text(c: Case) -> str:
    """Each outcome tied to practices, by its figures (or text) and the practices' names."""
    parts = []
    for o in c.outcomes:
        if o.practices:
            what = "、".join(f"{f.label} {f.dated}".strip() for f in o.figures) or o.text
            parts.append(f"{what} ← {'、'.join(o.practices)}")
    return "；".join(parts)


def cases_json(cases: list[Case]) -> str:
    """Every case's case.yml fields (as the model writes them back), its narrative and the address
    of its page (relative to the edition's root)."""
    records = [{**c.to_dict(), "narrative": c.narrative, "page": page_url(c)} for c in cases]
    body = json.dumps({"count": len(records), "cases": records}, ensure_ascii=False, separators=(",", ":"))
    return body + "\n"


def data_page(n: int) -> str:
    cols = "、".join(SCALE_LABELS.values())
    return "\n".join(
        [
            *front("数据下载"),
            "# 数据下载",
            "",
            f"本库 {n} 个案例的结构化数据，与网站上的表格出自同一份数据，随网站一起构建。",
            "",
            "- [cases.csv](cases.csv)：每个案例一行，UTF-8（带 BOM）编码，"
            "在中文 Windows 上用 Excel 双击即可正确打开。"
            f"规模数字（{cols}）各有两列：照原文书写的一列（如“1000多人”）"
            "和数值一列（单位换算为个、人、元等基本单位，便于排序和计算；"
            "原文的“余”“多”“近”等限定词只保留在前一列）。",
            "  每行还有成效数字（“指标 数字”，以“；”分隔）、成效与做法的对应（“成效 ← 做法名称”，"
            "只列资料写明出自哪项做法的成效）、资料来源和网址，以及案例页的地址（相对于网站根目录）。",
            "- [cases.json](cases.json)：校验后的全部字段（与 case.yml 相同的结构，成效的 `practices` "
            "是它出自的做法名称）加上叙述正文和案例页地址（`page`），供程序使用。",
            "",
            "维护者在仓库里可以用 `casebook tables` 命令生成同样的文件（见仓库的 scripts/README.md）。",
            "",
        ]
    )


def pages(cases: list[Case]) -> dict[str, str]:
    """The download page and its two files, docs-relative path → content."""
    return {
        "data/index.md": data_page(len(cases)),
        "data/cases.csv": cases_csv(cases),
        "data/cases.json": cases_json(cases),
    }
