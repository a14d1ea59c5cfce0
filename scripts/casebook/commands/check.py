"""`casebook check`: the contributor-facing validator.

Prints one line per problem, `path:line:col: 错误: … （how to fix） [rule]`, and exits 1 when any
error is found: the same lines CI shows on a pull request (`--format github` turns them into
annotations on the changed lines).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casebook.model import completeness
from casebook.model.course import check_courses
from casebook.model.library import case_dirs, load_library
from casebook.paths import find_root
from casebook.validate import lint, media
from casebook.validate.problems import ERROR, capped, display_path, to_json


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="*", type=Path, metavar="路径", help="要检查的案例目录或文件（默认：cases/ 下全部）"
    )
    p.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="输出格式：text 给人看，json 给程序，github 生成 PR 注释",
    )
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")
    p.add_argument(
        "--fix",
        action="store_true",
        help="先就地修正能安全自动修正的文字问题（空格、全角标点、重复标点），逐条报告",
    )
    p.add_argument(
        "--changed",
        metavar="基准",
        default=None,
        help="文字规范（CB5xx）只查相对 git 基准（如 origin/main）改动过的文件",
    )
    p.add_argument(
        "--min-completeness",
        choices=completeness.LEVELS,
        default=None,
        help="要求每个案例至少达到的完整度：stub 待充实、partial 基本完整、complete 完整",
    )


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    paths = [p if p.is_absolute() else Path.cwd() / p for p in args.paths] or None
    folders = case_dirs(root, paths)
    # Copywriting rules apply to the files in question (all, or those changed since --changed).
    lint_files = lint.case_files(folders)
    if args.changed:
        changed = lint.changed_files(root, args.changed)
        if isinstance(changed, str):
            print(changed, file=sys.stderr)
            return 2
        lint_files = [f for f in lint_files if f.resolve() in changed]
    if args.fix:
        print("\n".join(lint.fix_files(lint_files, root)))
    lib = load_library(root, paths)
    # Course manifests name cases, so they are checked against the whole library only.
    courses, course_problems = (0, []) if args.paths else check_courses(root, lib)
    # Hand-written pages may not load images or media from elsewhere either (CB308).
    docs_problems = [] if args.paths else media.config_problems(root) + media.docs_problems(root)
    lint_problems = [q for f in lint_files for q in lint.problems_for(f, display_path(f, root))]
    rated, ratings, rating_summary = completeness.library_report(lib.cases, args.min_completeness)
    problems = sorted(
        capped(lib.problems + course_problems + docs_problems + lint_problems + rated),
        key=lambda p: (p.path, p.line, p.col),
    )
    errors = sum(p.level == ERROR for p in problems)
    notes = len(problems) - errors
    checked = sum(1 for d in folders if d.is_dir())
    if args.format == "json":
        print(to_json(problems, {"cases": checked, "completeness": ratings}))
    else:
        for p in problems:
            print(p.github() if args.format == "github" else p.format())
        what = f"{checked} 个案例" + (f"和 {courses} 门课程" if courses else "")
        summary = f"检查了 {what}：{errors} 个错误，{notes} 条提示。"
        if any(c.is_draft for c in lib.cases):
            drafts = "、".join(c.id for c in lib.cases if c.is_draft)
            summary += f"草稿（{drafts}）的待补项只作提示，不算错误。"
        if lib.cases:
            summary += rating_summary
        print(summary, file=sys.stderr if args.format == "github" else sys.stdout)
    return 1 if errors else 0
