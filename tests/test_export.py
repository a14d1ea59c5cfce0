"""`casebook export`: what a trainer gets in the folder, and what a mistyped command must not do.

The sample course is exported once per module into a temp dir (and once in Traditional script);
the error cases run against a scratch copy of the library, so no test writes into the repository.
Browser behaviour (search, links from file://, printing) is in test_export_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from casebook import cli, fsutil
from casebook.model.library import load_library
from casebook.pack import export, pdf
from casebook.text.chinese import to_traditional
from casebook.validate.yamlio import TextFile, load_yaml, plain

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = "community-governance-basics"


def sample_manifest() -> dict[str, Any]:
    path = ROOT / "courses" / f"{SAMPLE}.yml"
    return plain(load_yaml(TextFile(path, path.name, path.read_text("utf-8"))))


def folded(text: str) -> str:
    """Manifest text as a reader sees it: YAML folding joins lines, Chinese has no space there."""
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", text)


class Links(HTMLParser):
    """Every URL a page links to or loads, with the tag and attribute that holds it."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def parse(path: Path) -> Links:
    p = Links()
    p.feed(path.read_text("utf-8"))
    return p


def text_of(path: Path) -> str:
    return re.sub(r"<[^>]+>", "", path.read_text("utf-8"))


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export") / "课程包"
    started = time.perf_counter()
    result = export.export_course(SAMPLE, out, root=ROOT)
    seconds = time.perf_counter() - started
    print(f"\nexport of {SAMPLE}: {seconds:.2f} s, {result.files} files, {result.bytes / 1e6:.2f} MB")
    return out


@pytest.fixture(scope="module")
def hant_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("export-hant") / "pack"
    export.export_course(SAMPLE, out, root=ROOT, script="hant")
    return out


@pytest.fixture(scope="module")
def scratch_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the library (our five cases) with its own courses/ folder to put broken courses in."""
    root = tmp_path_factory.mktemp("library")
    shutil.copytree(ROOT / "cases", root / "cases")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "courses").mkdir()
    return root


def write_course(root: Path, course_id: str, text: str) -> Path:
    path = root / "courses" / f"{course_id}.yml"
    path.write_text(text, "utf-8")
    return path


GOOD_SMALL = """\
id: {id}
title: 两个单位型社区
audience: 社区书记
hours: 2
objectives:
  - 比较两个社区的起点。
sessions:
  - title: 对照阅读
    cases: [nanyang-yungang, kunming-shaba]
    questions:
      - 两个社区最先解决的问题是什么？
"""


def listing(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# --- what the pack contains ----------------------------------------------------------------------


@pytest.mark.site
def test_pack_has_home_sessions_cases_handout_and_marker(pack: Path) -> None:
    m = sample_manifest()
    assert (pack / "index.html").is_file()
    assert (pack / export.HANDOUT).is_file()
    marker = json.loads((pack / export.MARKER).read_text("utf-8"))
    assert marker["course"] == SAMPLE
    case_ids = {c for s in m["sessions"] for c in s["cases"]}
    assert set(marker["cases"]) == case_ids
    for cid in case_ids:
        assert (pack / "cases" / f"{cid}.html").is_file(), cid
    for n in range(1, len(m["sessions"]) + 1):
        assert (pack / "sessions" / f"{n}.html").is_file()


@pytest.mark.site
def test_home_page_shows_objectives_schedule_and_how_to_use(pack: Path) -> None:
    m = sample_manifest()
    home = text_of(pack / "index.html")
    assert m["title"] in home and m["audience"] in home
    for objective in m["objectives"]:
        assert objective in home
    for s in m["sessions"]:
        assert s["title"] in home
    assert "使用说明" in home and "index.html" in home
    hrefs = {u for _, _, u in parse(pack / "index.html").urls}
    assert export.HANDOUT in hrefs
    assert "sessions/1.html" in hrefs


@pytest.mark.site
def test_session_pages_list_questions_and_reading_order(pack: Path) -> None:
    m = sample_manifest()
    lib = load_library(ROOT)
    for n, s in enumerate(m["sessions"], 1):
        page = pack / "sessions" / f"{n}.html"
        text = text_of(page)
        for q in s["questions"]:
            assert q in text
        order = [r if isinstance(r, str) else r["case"] for r in s.get("reading_order") or s["cases"]]
        names = [lib.get(c).name for c in order]  # type: ignore[union-attr]
        positions = [text.index(name, text.index("阅读顺序")) for name in names]
        assert positions == sorted(positions), f"第 {n} 讲的阅读顺序不对"
        for item in s.get("reading_order") or []:
            if isinstance(item, dict) and item.get("focus"):
                assert item["focus"] in text


@pytest.mark.site
def test_pages_load_nothing_from_the_network(pack: Path) -> None:
    offenders = []
    for page in pack.rglob("*.html"):
        for tag, attr, url in parse(page).urls:
            if tag != "a" and re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.name}: <{tag} {attr}={url}>")
    for css in pack.rglob("*.css"):
        offenders += [
            f"{css.name}: {u}" for u in re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text())
        ]
    assert offenders == []
    # Material loads Google Fonts unless told not to, and the search shim from a CDN.
    everything = "".join(p.read_text("utf-8", errors="replace") for p in pack.rglob("*.html"))
    assert "fonts.googleapis" not in everything and "unpkg.com" not in everything
    assert (pack / export.SHIM).is_file()


@pytest.mark.site
def test_every_link_in_every_page_resolves_inside_the_pack(pack: Path) -> None:
    broken = []
    for page in pack.rglob("*.html"):
        for _tag, _attr, url in parse(page).urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("mailto:"):
                continue
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if not target.is_file() or not target.is_relative_to(pack.resolve()):
                broken.append(f"{page.relative_to(pack)} → {url}")
            elif (
                parts.fragment
                and "=" not in parts.fragment  # a script's state (compare selection), not an anchor
                and target.suffix == ".html"
                and unquote(parts.fragment) not in parse(target).ids
            ):
                broken.append(f"{page.relative_to(pack)} → {url}（没有这个锚点）")
    assert broken == []


@pytest.mark.site
def test_handout_lists_every_case_and_question_with_a_page_break_per_case(pack: Path) -> None:
    m = sample_manifest()
    lib = load_library(ROOT)
    handout = (pack / export.HANDOUT).read_text("utf-8")
    text = text_of(pack / export.HANDOUT)
    for s in m["sessions"]:
        assert s["title"] in text
        for q in s["questions"]:
            assert q in text
    case_ids = list(dict.fromkeys(c for s in m["sessions"] for c in s["cases"]))
    for cid in case_ids:
        case = lib.get(cid)
        assert case is not None
        assert f'id="case-{cid}"' in handout
        # The case's own discussion questions are part of the printed case, too.
        for q in case.data.get("questions", []):
            assert q in text
    assert handout.count('<section class="case"') == len(case_ids)
    assert re.search(r"\.case\b[^{]*\{[^}]*break-before:\s*page", handout)
    assert "@media print" in handout
    assert m["title"] in text and folded(m["description"])[:20] in text


@pytest.fixture(scope="module")
def small_pack(scratch_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A two-case course: what the pack leaves out is as telling as what it keeps."""
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    out = tmp_path_factory.mktemp("small") / "small-pack"
    export.export_course("small", out, root=scratch_root)
    return out


IN_SMALL = ("nanyang-yungang", "kunming-shaba")
CATS = ("community_types", "challenges", "practices", "themes")


@pytest.mark.site
def test_a_course_pack_holds_only_its_own_cases(small_pack: Path, scratch_root: Path) -> None:
    cases = sorted(p.stem for p in (small_pack / "cases").glob("*.html") if p.stem != "index")
    assert cases == sorted(IN_SMALL)
    docs = json.loads((small_pack / "search" / "search_index.json").read_text("utf-8"))["docs"]
    index = "".join(d["title"] + d["text"] for d in docs).replace("\u200b", "")
    lib = load_library(scratch_root)
    for case in lib.cases:
        assert (case.name in index) == (case.id in IN_SMALL), case.id
    everything = "".join(p.read_text("utf-8") for p in small_pack.rglob("*.html"))
    for case in lib.cases:
        if case.id not in IN_SMALL:
            assert case.id not in everything and case.name not in everything


@pytest.mark.site
def test_glossary_is_linked_from_home_and_covers_only_the_course_cases(
    small_pack: Path, scratch_root: Path
) -> None:
    lib = load_library(scratch_root)
    home_links = {u for _, _, u in parse(small_pack / "index.html").urls}
    glossary = [u for u in home_links if "glossary" in u and not u.startswith("http")]
    assert glossary, "课程首页应链接到术语页"
    text = html.unescape(text_of(small_pack / glossary[0].split("#")[0]))
    kept = [p.name for c in lib.cases if c.id in IN_SMALL for p in c.practices]
    kept += [t for c in lib.cases if c.id in IN_SMALL for cat in CATS for t in c.tags(cat)]
    left_out = [p.name for c in lib.cases if c.id not in IN_SMALL for p in c.practices]
    assert [n for n in kept if n in text]
    assert [n for n in left_out if n in text and n not in kept] == []


@pytest.mark.site
def test_handout_defines_exactly_the_terms_the_course_cases_use(small_pack: Path, scratch_root: Path) -> None:
    lib = load_library(scratch_root)
    used = {t for c in lib.cases if c.id in IN_SMALL for cat in CATS for t in c.tags(cat)}
    handout = (small_pack / export.HANDOUT).read_text("utf-8")
    appendix = html.unescape(re.sub(r"<[^>]+>", "\n", handout[handout.index('id="glossary"') :]))
    defined = {line.strip() for line in appendix.splitlines() if line.strip()}
    for cat in CATS:
        for term in lib.vocab.all(cat):
            assert (term.label in defined) == (term.label in used), term.label
            if term.label in used:
                assert term.definition in defined


@pytest.mark.site
def test_traditional_pack_is_in_traditional_script(hant_pack: Path) -> None:
    m = sample_manifest()
    home = (hant_pack / "index.html").read_text("utf-8")
    assert to_traditional(m["title"]) != m["title"]
    assert to_traditional(m["title"]) in home and m["title"] not in home
    assert 'lang="zh-Hant"' in home
    handout = (hant_pack / export.HANDOUT).read_text("utf-8")
    assert to_traditional(m["sessions"][0]["questions"][0]) in handout
    assert json.loads((hant_pack / export.MARKER).read_text("utf-8"))["script"] == "hant"
    # The compare view's data is script too: the names it shows must be Traditional.
    compare_data = (hant_pack / "compare" / "cases.js").read_text("utf-8")
    lib = load_library(ROOT)
    in_course = {cid for session in m["sessions"] for cid in session["cases"]}
    for case in lib.cases:
        if case.id in in_course and to_traditional(case.name) != case.name:
            assert to_traditional(case.name) in compare_data and case.name not in compare_data


@pytest.fixture(scope="module")
def cli_export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int, str]:
    """The sample course exported the way a trainer would: through the command, with a zip."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("cli")
    out, zip_path = folder / "pack", folder / "pack.zip"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = cli.main(["export", SAMPLE, "--out", str(out), "--zip", str(zip_path), "--root", str(ROOT)])
    return out, zip_path, code, printed.getvalue()


@pytest.mark.site
def test_cli_prints_size_and_time(cli_export: tuple[Path, Path, int, str]) -> None:
    out, zip_path, code, printed = cli_export
    assert code == 0
    assert re.search(r"\d+\.\d MB", printed) and re.search(r"用时 \d+\.\d 秒", printed)
    assert str(out / "index.html") in printed and str(zip_path) in printed
    print(printed)


@pytest.mark.site
def test_zip_holds_the_pack_under_its_folder_name(cli_export: tuple[Path, Path, int, str]) -> None:
    out, zip_path, _, _ = cli_export
    with zipfile.ZipFile(zip_path) as z:
        names = sorted(n.removeprefix("pack/") for n in z.namelist())
        assert all(n.startswith("pack/") for n in z.namelist())
        assert z.testzip() is None
    assert names == sorted(p for p in listing(out) if (out / p).is_file())
    assert export.MARKER in names
    assert sorted(p.name for p in zip_path.parent.iterdir()) == ["pack", "pack.zip"]


# --- refusing bad input: clear message, nothing written ------------------------------------------


def run_export(root: Path, course: str, out: Path, *extra: str) -> tuple[int, str]:
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli.main(["export", course, "--out", str(out), "--root", str(root), *extra])
    return code, err.getvalue()


def test_unknown_case_id_is_named_with_its_line_and_nothing_is_written(
    scratch_root: Path, tmp_path: Path
) -> None:
    text = GOOD_SMALL.format(id="typo").replace("kunming-shaba", "kunming-shabba")
    write_course(scratch_root, "typo", text)
    before = listing(tmp_path)
    code, err = run_export(scratch_root, "typo", tmp_path / "out")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "kunming-shabba" in t)
    assert code == 1
    assert f"courses/typo.yml:{line}:" in err
    assert "kunming-shabba" in err and "kunming-shaba" in err  # the did-you-mean
    assert "Traceback" not in err
    assert listing(tmp_path) == before


def test_a_community_name_instead_of_an_id_gets_the_id_as_fix(scratch_root: Path, tmp_path: Path) -> None:
    write_course(scratch_root, "byname", GOOD_SMALL.format(id="byname").replace("kunming-shaba", "沙坝社区"))
    code, err = run_export(scratch_root, "byname", tmp_path / "out")
    assert code == 1 and "kunming-shaba" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace("hours: 2", "hours: 两小时"), "hours"),
        (lambda t: t.replace("audience: 社区书记\n", ""), "audience"),
        (lambda t: t.replace("title: 对照阅读", "titel: 对照阅读"), "titel"),
        (lambda t: t.replace("    questions:\n      - 两个社区最先解决的问题是什么？\n", ""), "questions"),
        (lambda t: t + "  - title: 空的一讲\n    cases: []\n    questions: [为什么？]\n", "cases"),
        (lambda t: t.replace("id: bad", "id: other"), "id"),
        (lambda t: t.replace("sessions:\n  - title", "sessions:\n\t- title"), "Tab"),
    ],
    ids=[
        "hours-not-number",
        "missing-audience",
        "unknown-field",
        "no-questions",
        "empty-cases",
        "id-mismatch",
        "tab",
    ],
)
def test_invalid_manifest_is_refused_with_a_positioned_message(
    scratch_root: Path, tmp_path: Path, change: Any, expected: str
) -> None:
    write_course(scratch_root, "bad", change(GOOD_SMALL.format(id="bad")))
    before = listing(tmp_path)
    code, err = run_export(scratch_root, "bad", tmp_path / "out")
    assert code == 1
    assert re.search(r"courses/bad\.yml:\d+:\d+: 错误: ", err), err
    assert expected in err
    assert "没有写入任何文件" in err and "Traceback" not in err
    assert listing(tmp_path) == before


def test_reading_order_must_name_the_sessions_own_cases(scratch_root: Path, tmp_path: Path) -> None:
    text = GOOD_SMALL.format(id="order").replace(
        "    questions:", "    reading_order:\n      - kunming-shaba\n      - xinyang-minzu\n    questions:"
    )
    write_course(scratch_root, "order", text)
    code, err = run_export(scratch_root, "order", tmp_path / "out")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "xinyang-minzu" in t)
    assert code == 1 and f"courses/order.yml:{line}:" in err and "xinyang-minzu" in err


def test_unknown_course_lists_the_courses_there_are(scratch_root: Path, tmp_path: Path) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    code, err = run_export(scratch_root, "smal", tmp_path / "out")
    assert code == 1 and "smal" in err and "small" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.site
def test_course_can_be_named_by_path(scratch_root: Path, tmp_path: Path) -> None:
    path = write_course(scratch_root, "bypath", GOOD_SMALL.format(id="bypath"))
    code, _ = run_export(scratch_root, str(path), tmp_path / "out")
    assert code == 0 and (tmp_path / "out" / "index.html").is_file()


def test_existing_folder_that_is_not_a_pack_is_left_alone(scratch_root: Path, tmp_path: Path) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    out = tmp_path / "我的文件"
    out.mkdir()
    (out / "笔记.txt").write_text("不能被覆盖", "utf-8")
    before = listing(tmp_path)
    code, err = run_export(scratch_root, "small", out)
    assert code == 1 and "不是 casebook 课程包" in err
    assert listing(tmp_path) == before
    assert (out / "笔记.txt").read_text("utf-8") == "不能被覆盖"


def test_an_unwritable_folder_gets_a_message_not_a_traceback(
    scratch_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))

    real_mkdtemp = tempfile.mkdtemp

    def refuse(*args: Any, **kwargs: Any) -> str:
        if kwargs.get("dir") is not None and Path(kwargs["dir"]) == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real_mkdtemp(*args, **kwargs)

    # A read-only folder, as a trainer's locked share would be (root, running the tests, ignores chmod).
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    code, err = run_export(scratch_root, "small", tmp_path / "out")
    assert code == 1 and "无法" in err and "Permission denied" in err and "Traceback" not in err
    assert listing(tmp_path) == []


def test_existing_file_at_out_is_refused(scratch_root: Path, tmp_path: Path) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    (tmp_path / "out").write_text("x", "utf-8")
    code, err = run_export(scratch_root, "small", tmp_path / "out")
    assert code == 1 and "文件" in err
    assert (tmp_path / "out").read_text("utf-8") == "x"


def test_zip_inside_the_pack_or_over_another_file_is_refused(scratch_root: Path, tmp_path: Path) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    code, err = run_export(scratch_root, "small", tmp_path / "out", "--zip", str(tmp_path / "out" / "p.zip"))
    assert code == 1 and not (tmp_path / "out").exists()
    (tmp_path / "报告.zip").write_bytes(b"not ours")
    code, err = run_export(scratch_root, "small", tmp_path / "out", "--zip", str(tmp_path / "报告.zip"))
    assert code == 1 and "报告.zip" in err
    assert (tmp_path / "报告.zip").read_bytes() == b"not ours" and not (tmp_path / "out").exists()


def test_pdf_without_a_chinese_font_is_refused_before_anything_is_written(
    scratch_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    monkeypatch.setattr(pdf, "cjk_font_installed", lambda: False)
    code, err = run_export(scratch_root, "small", tmp_path / "out", "--pdf")
    assert code == 1 and "中文字体" in err and "fonts-noto-cjk" in err
    assert listing(tmp_path) == []


# --- re-export: whole replacement, never half a pack -----------------------------------------------


@pytest.mark.site
@pytest.mark.parametrize("swap", ["exchange", "rename"])
def test_reexport_replaces_the_old_pack_whole(
    scratch_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swap: str
) -> None:
    if swap == "rename":  # systems without an atomic directory exchange (not Linux)
        monkeypatch.setattr(fsutil, "_exchange", lambda a, b: False)
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    out = tmp_path / "pack"
    export.export_course("small", out, root=scratch_root)
    (out / "stale.html").write_text("old", "utf-8")
    write_course(
        scratch_root,
        "small",
        GOOD_SMALL.format(id="small").replace("title: 两个单位型社区", "title: 改过的课程名"),
    )
    export.export_course("small", out, root=scratch_root)
    assert not (out / "stale.html").exists()
    assert "改过的课程名" in (out / "index.html").read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]  # no temp folders left beside it


@pytest.mark.site
def test_a_failed_reexport_leaves_the_old_pack_untouched(
    scratch_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_course(scratch_root, "small", GOOD_SMALL.format(id="small"))
    out = tmp_path / "pack"
    export.export_course("small", out, root=scratch_root)
    before = {p: (out / p).read_bytes() for p in listing(out) if (out / p).is_file()}

    def half_then_fail(root: Path, course: Any, site_dir: Path, script: str) -> None:
        (site_dir / "index.html").write_text("half written", "utf-8")
        raise export.ExportError("模拟构建失败")

    monkeypatch.setattr(export, "build_pack", half_then_fail)
    code, err = run_export(scratch_root, "small", out)
    assert code == 1 and "模拟构建失败" in err
    assert {p: (out / p).read_bytes() for p in listing(out) if (out / p).is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_check_reports_broken_courses(scratch_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_course(
        scratch_root, "zz-broken", GOOD_SMALL.format(id="zz-broken").replace("nanyang-yungang", "nanyang")
    )
    try:
        code = cli.main(["check", "--root", str(scratch_root)])
    finally:
        os.remove(scratch_root / "courses" / "zz-broken.yml")
    printed = capsys.readouterr().out
    assert code == 1
    assert re.search(r"courses/zz-broken\.yml:\d+:\d+: 错误: .*“nanyang”不存在", printed)
    assert "门课程" in printed


def test_the_sample_course_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", "--root", str(ROOT)]) == 0
    assert "0 个错误" in capsys.readouterr().out
