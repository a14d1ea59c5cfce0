"""The `casebook` command: one subcommand per module, imported only when it is used.

Each command module defines `add_arguments(parser)` and `run(args) -> int`.  Importing lazily keeps
`casebook check` fast (OpenCC and jieba load only when a command needs them).
"""

from __future__ import annotations

import argparse
import importlib
import sys

from casebook.errors import CasebookError, os_error_message

# name → (module, one-line help).  Add a line here when a module gains a command.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": (
        "casebook.commands.init",
        "新建一个空的案例库：词表、两个版本的网站配置、首页、贡献指南和 GitHub 工作流",
    ),
    "build": (
        "casebook.commands.build",
        "构建网站：简体版在输出目录根部，繁体版在 zh-hant/（默认输出到 site/）",
    ),
    "serve": ("casebook.commands.serve", "在本机预览两个版本（简体 /、繁体 /zh-hant/），修改后自动重新构建"),
    "check": ("casebook.commands.check", "校验案例数据（结构、词表、文字规范、安全），逐条报告 文件:行:列"),
    "new": ("casebook.commands.new", "新建一个案例草稿：问答或参数填写名称、地点、类型，自动生成编号"),
    "schema": (
        "casebook.commands.schema",
        "生成编辑器用的 schema（含词表标签补全）：schema/case.editor.schema.json",
    ),
    "normalize": ("casebook.commands.normalize", "规范化粘贴的中文文本：解码、去拼音注音、繁转简、全角标点"),
    "import": ("casebook.commands.import_", "把原文导入为草稿 case.yml + case.md，报告找到/没找到/需复核"),
    "synth": ("casebook.commands.synth", "生成 N 个合成案例的完整案例库（用于规模测试和性能评估）"),
    "tables": (
        "casebook.commands.tables",
        "输出比较表格（md）、每案一行的 CSV 或校验后的 JSON，与网站发布的相同",
    ),
    "bench": (
        "casebook.commands.bench",
        "基准测试：不同规模下的构建时间、页面大小、搜索索引和首次搜索时间，附基线对比",
    ),
    "export": (
        "casebook.commands.export",
        "把一门课程导出为可离线使用的课程包（文件夹或 zip），含搜索和可打印讲义",
    ),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="casebook", description="社区治理案例库工具")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    # Only the chosen command's module is imported: the others pull in MkDocs, jieba or
    # Playwright, and a broken module must not take every command down with it.
    words = sys.argv[1:] if argv is None else argv
    chosen = next((w for w in words if not w.startswith("-")), None)
    for name, (module_name, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_module=module_name)
        if name == chosen:
            importlib.import_module(module_name).add_arguments(p)
    args = parser.parse_args(argv)
    if not getattr(args, "_module", None):
        parser.print_help()
        return 2
    module = importlib.import_module(args._module)
    try:
        return int(module.run(args) or 0)
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except CasebookError as e:
        print(f"错误：{e}", file=sys.stderr)
        return e.exit_code
    except OSError as e:
        # Every OSError a command did not explain itself: the path and the reason, no traceback.
        print(f"错误：{os_error_message(e)}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
