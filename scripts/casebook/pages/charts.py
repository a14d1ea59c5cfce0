"""Bar charts drawn at build time as inline SVG.

Inline SVG needs no script and no font file: the browser draws the labels with the reader's own
Chinese fonts, the charts print like text, and they work from file://.  Colours carry no meaning
on their own (a printout in grey must still read): approximate figures (余/多/近/超/约) are marked
by a dashed outline and by the figure's own text, which every bar carries.
"""

from __future__ import annotations

from collections import Counter

from casebook.model.case import SCALE_LABELS, Case
from casebook.pages.markdown import attr, cell, front
from casebook.pages.tables import OVERVIEW_SCALE

BAR_FILL = "#b71c1c"
ROW_H = 24
FONT = 13
WIDTH = 760
MAX_LABEL_CHARS = 12
TOP = 30  # at most this many bars per scale chart; the table has every figure


def _text_width(text: str) -> float:
    """Rough width in px at FONT size: CJK and full-width marks one em, ASCII about half."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)


def _clip(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(title: str, bars: list[tuple[str, float, str, bool]], note: str = "") -> str:
    """A horizontal bar chart: bars are (label, value, value as written, approximate?)."""
    if not bars:
        return ""
    labels = [_clip(b[0]) for b in bars]
    label_w = max(_text_width(x) for x in labels) + 10
    value_w = max(_text_width(b[2]) for b in bars) + 10
    plot_w = max(WIDTH - label_w - value_w, 120)
    top = max(b[1] for b in bars) or 1
    height = ROW_H * len(bars) + 8
    esc = attr  # inside SVG, text and attribute values alike
    parts = [
        f'<svg class="cb-chart__svg" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{esc(title)}</title>",
    ]
    for i, ((_, value, text, approx), label) in enumerate(zip(bars, labels, strict=True)):
        y = 4 + i * ROW_H
        w = max(plot_w * value / top, 1.5)
        mid = y + ROW_H / 2
        parts.append(
            f'<text x="{label_w - 6:.0f}" y="{mid:.1f}" text-anchor="end" dominant-baseline="central" '
            f'font-size="{FONT}" fill="currentColor">{esc(label)}</text>'
        )
        if approx:
            parts.append(
                f'<rect x="{label_w:.0f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}" fill="{BAR_FILL}" '
                f'fill-opacity="0.35" stroke="{BAR_FILL}" stroke-width="1.5" stroke-dasharray="4 3"/>'
            )
        else:
            bar = f'x="{label_w:.0f}" y="{y + 4}" width="{w:.1f}" height="{ROW_H - 8}"'
            parts.append(f'<rect {bar} fill="{BAR_FILL}"/>')
        parts.append(
            f'<text x="{label_w + w + 5:.1f}" y="{mid:.1f}" dominant-baseline="central" font-size="{FONT}" '
            f'fill="currentColor">{esc(text)}</text>'
        )
    parts.append("</svg>")
    caption = f"<figcaption>{esc(title)}{'。' + esc(note) if note else ''}</figcaption>"
    # One line per element and no blank line: Markdown keeps the block as raw HTML.
    return '<figure class="cb-chart">\n' + "\n".join(parts) + "\n" + caption + "\n</figure>\n"


def frequency_chart(title: str, counts: Counter[str], order: list[str]) -> str:
    bars = [
        (label, float(counts[label]), f"{counts[label]} 个案例", False) for label in order if counts[label]
    ]
    bars.sort(key=lambda b: -b[1])
    return bar_chart(title, bars)


def scale_chart(key: str, cases: list[Case]) -> str:
    having = [(c, fig) for c in cases if (fig := c.figure(key)) is not None]
    if not having:
        return ""
    having.sort(key=lambda x: (-x[1].magnitude, x[0].id))
    shown = having[:TOP]
    names = Counter(c.name for c, _ in shown)
    bars = []
    for c, fig in shown:
        label = c.name if names[c.name] == 1 else f"{c.name}（{c.location.city}）"
        bars.append((label, fig.magnitude, fig.text, fig.approx))
    label = SCALE_LABELS[key]
    note = f"{len(having)} 个案例有这一数字"
    if len(having) > len(shown):
        note += f"，图中是最大的 {len(shown)} 个"
    return bar_chart(f"{label}", bars, note)


def charts_page(cases: list[Case], practice_labels: list[str], challenge_labels: list[str]) -> str:
    out = [*front("图表"), "# 图表", ""]
    out.append(
        f"根据本库 {len(cases)} 个案例的结构化数据在构建时生成。数字照原文书写；"
        "浅色虚线框的条表示原文是约数（余、多、近、超、约），条长按数值本身画出。"
        "逐项数字见[总览表](../tables/index.md)。"
    )
    out.append("")
    out += ["## 做法出现的频次", ""]
    out.append(
        frequency_chart(
            "各类做法被多少个案例用到", Counter(t for c in cases for t in c.practice_tags), practice_labels
        )
    )
    out += ["## 问题出现的频次", ""]
    out.append(
        frequency_chart(
            "各类问题在多少个案例中出现",
            Counter(t for c in cases for t in c.challenge_tags),
            challenge_labels,
        )
    )
    out += ["## 规模", ""]
    for key in OVERVIEW_SCALE:
        chart = scale_chart(key, cases)
        if chart:
            out += [f"### {cell(SCALE_LABELS[key])}", "", chart]
    return "\n".join(out) + "\n"
