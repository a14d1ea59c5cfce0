"""`casebook serve`: preview both editions on localhost, rebuilt when a source file changes.

`mkdocs serve` previews one config at a time and reloads pages live; this previews the site as
`casebook build` makes it (Simplified at /, Traditional at /zh-hant/), so the language switch and
cross-script search can be tried.  It rebuilds into a temp folder and swaps it in, as `build`
does, so the server never serves a half-built site.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from casebook.paths import find_root
from casebook.pipeline.build import BuildError, build_site, quiet_logs

WATCHED = ("cases", "docs", "overrides", "courses", "mkdocs.yml", "mkdocs.zh-hant.yml")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    p.add_argument("--root", type=Path, default=None, help="仓库根目录（默认：从当前目录向上查找）")


def _stamp(root: Path) -> tuple[tuple[str, int], ...]:
    items = []
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        items += [(str(p), p.stat().st_mtime_ns) for p in paths if p.is_file()]
    return tuple(items)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _rebuild(root: Path, out: Path) -> bool:
    start = time.perf_counter()
    try:
        build_site(root, out)
    except BuildError as e:
        print(f"错误：{e}（修改后保存，会自动重新构建）", file=sys.stderr)
        return False
    print(f"已构建（{time.perf_counter() - start:.1f} 秒）")
    return True


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # so the temp folder is removed on `kill` as on Ctrl+C


def run(args: argparse.Namespace) -> int:
    root = find_root(args.root)
    quiet_logs()
    # A preview: the courses' offline packs (a second build each) are left out (casebook.pack.site).
    os.environ["CASEBOOK_PREVIEW"] = "1"
    signal.signal(signal.SIGTERM, _stop)
    with tempfile.TemporaryDirectory(prefix="casebook-serve-") as tmp:
        out = Path(tmp) / "site"
        if not _rebuild(root, out):
            out.mkdir(exist_ok=True)
        handler = functools.partial(_Handler, directory=str(out))
        try:
            server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
        except OSError as e:
            print(f"错误：端口 {args.port} 无法使用（{e.strerror}），请用 --port 换一个。", file=sys.stderr)
            return 1
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"预览：http://127.0.0.1:{args.port}/（简体）  http://127.0.0.1:{args.port}/zh-hant/（繁體）")
        print("修改案例或页面后会自动重新构建；按 Ctrl+C 结束。")
        stamp = _stamp(root)
        try:
            while True:
                time.sleep(1)
                now = _stamp(root)
                if now != stamp:
                    stamp = now
                    _rebuild(root, out)
        finally:
            server.shutdown()
            server.server_close()
