"""`casebook serve`: preview both editions on localhost, rebuilt when a source file changes.

`mkdocs serve` previews one config at a time and reloads pages live; this previews the site as
`casebook build` makes it (Simplified at /, Traditional at /zh-hant/), so the language switch and
cross-script search can be tried.  It rebuilds into a temp folder and swaps it in, as `build`
does, so the server never serves a half-built site.

An edit to one case's files takes the fast path first (pipeline/preview.py): that case's page in
both editions is replaced within a second or two, and the terminal says so; the full build then
runs in the background and the terminal says when listings and search are up to date too.
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
from casebook.pipeline import preview
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
        print(f"错误：{e}（修改后保存，会自动重新构建）", file=sys.stderr, flush=True)
        return False
    print(f"已构建（{time.perf_counter() - start:.1f} 秒）", flush=True)
    return True


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt  # so the temp folder is removed on `kill` as on Ctrl+C


class _Watcher:
    """The serve loop's state: the last stamp, the fast path's memory, the background full build."""

    def __init__(self, root: Path, out: Path) -> None:
        self.root = root
        self.out = out
        self.stamp = _stamp(root)
        self.preview: preview.Preview | None = None
        self.full: threading.Thread | None = None
        self.full_from: tuple[tuple[str, int], ...] = ()
        self.pending = False
        self.lock = threading.Lock()

    def remember(self) -> None:
        try:
            self.preview = preview.Preview.after_build(self.root, self.out)
        except Exception as e:  # the fast path is a convenience; the full build still runs
            self.preview = None
            print(f"提示：快速预览不可用（{e}），每次修改都完整重建。", file=sys.stderr, flush=True)

    def _full(self) -> None:
        start = time.perf_counter()
        try:
            build_site(self.root, self.out)
        except BuildError as e:
            print(f"错误：{e}（修改后保存，会自动重新构建）", file=sys.stderr, flush=True)
            return
        with self.lock:
            self.remember()
        print(f"全站已更新：列表、表格和搜索都是最新的（{time.perf_counter() - start:.1f} 秒）", flush=True)

    def step(self) -> None:
        now = _stamp(self.root)
        if now != self.stamp:
            changed = sorted({p for p, _ in set(now) ^ set(self.stamp)})
            self.stamp = now
            self.fast(changed)
            self.pending = True
        if self.full is not None and not self.full.is_alive():
            self.full = None
            if _stamp(self.root) != self.full_from:
                # Edited while it built: its pages may predate the edit; show the edit again.
                changed = sorted({p for p, _ in set(self.stamp) ^ set(self.full_from)})
                self.fast(changed)
                self.pending = True
        if self.pending and self.full is None:
            self.pending = False
            self.full_from = self.stamp
            self.full = threading.Thread(target=self._full, daemon=True)
            self.full.start()

    def fast(self, changed: list[str]) -> None:
        with self.lock:
            if self.preview is None:
                return
            folders = preview.changed_case_dirs(self.root, changed)
            done = preview.timed_refresh(self.preview, folders) if folders else None
        if done is not None:
            names = "、".join(sorted({p.parent.name for p in done[0]}))
            print(f"已更新案例页 {names}（两个版本，{done[1]:.1f} 秒）；列表和搜索稍后更新……", flush=True)
        else:
            print("正在重新构建全站……", flush=True)


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
        print("修改案例或页面后会自动重新构建；按 Ctrl+C 结束。", flush=True)
        watcher = _Watcher(root, out)
        watcher.remember()
        try:
            while True:
                time.sleep(0.2)
                watcher.step()
        finally:
            server.shutdown()
            server.server_close()
