"""`casebook build`: both editions into one site folder, Simplified at the root and Traditional under
zh-hant/.

The case library, the OpenCC converters and jieba's dictionary are loaded once.  With `jobs` > 1
(what `casebook build` does on a machine with two or more cores) each edition is then built in a
forked child, so the two editions take about the time of one: the children inherit what was
loaded, each writes its log to a file that the parent prints afterwards (edition by edition, never
interleaved), and a failure comes back as the same Chinese message a one-process build gives.
The site is built in a temp folder beside the destination and moved into place only when every
edition built, so a failed build never leaves a half-written or half-deleted site behind.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.fsutil import building, replace_dir, staging_dir, write_atomic
from casebook.pipeline.editions import EDITIONS, Edition


class BuildError(CasebookError):
    """A build that stopped for a reason the reader can fix; the message says how."""


class _CurrentStderr(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is when a record arrives, not the one of the first build:
    a process that builds more than once (tests, `casebook serve`, a forked fuzz child) may have
    closed or replaced that stream since, and logging would then print its own traceback."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def quiet_logs() -> None:
    # MkDocs's own command line sets up its logging; called from here it would print nothing, or
    # everything.  Show warnings and errors, as `mkdocs build` does.
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = _CurrentStderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler.setLevel(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_edition(root: Path, edition: Edition, site_dir: Path) -> float:
    """Build one edition into `site_dir` with its MkDocs config; returns the seconds it took."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, MkDocsException

    config_file = root / edition.config_file
    if not config_file.is_file():
        raise BuildError(f"找不到 {edition.config_file}：{edition.name}版的配置文件应在仓库根目录。")
    _vet_config(root, config_file)
    start = time.perf_counter()
    try:
        cfg = load_config(str(config_file), site_dir=str(site_dir))
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except Abort as e:
        # MkDocs has already logged the cause (an ERROR or WARNING line above); say what to do.
        warnings = re.search(r"(\d+) warnings? in strict mode", str(e))
        if warnings:
            count = warnings.group(1)
            raise BuildError(
                f"{edition.name}版构建中止：严格模式下有 {count} 条警告，请按上面的警告修改后重试。"
            ) from e
        raise BuildError(f"{edition.name}版构建失败，原因见上面的错误信息。") from e
    except MkDocsException as e:
        raise BuildError(f"{edition.name}版构建失败：{e}") from e
    return time.perf_counter() - start


def _vet_config(root: Path, config_file: Path) -> None:
    """The configs through the validator's reader first: MkDocs' own YAML loader recurses once per
    nesting level (a mkdocs.yml of 60,000 "[" ended the build in a RecursionError)."""
    from casebook.validate.reader import read_text
    from casebook.validate.yamlio import prescan

    for path in dict.fromkeys([config_file, root / "mkdocs.yml"]):
        if not path.is_file():
            continue
        tf = read_text(path, path.name, root)
        found = [(p.line, p.col, p.message) for p in tf.problems]
        if tf.text is not None:
            found += [
                (f.line, f.col, f.message) for f in prescan(tf.text, allow_tags=True) if f.rule == "CB117"
            ]
        if found:
            line, col, message = found[0]
            raise BuildError(f"{path.name}:{line}:{col}: {message}，请修正配置文件后重试。")


def build_site(
    root: Path, out: Path, scripts: Sequence[str] | None = None, jobs: int = 1
) -> dict[str, float]:
    """Build the chosen editions into `out` (replacing it only on success); seconds per edition.

    `jobs`: how many editions may build at once (forked children); 1 builds them one after the
    other in this process, which is what a process with threads of its own (`casebook serve`) needs."""
    chosen = [e for e in EDITIONS if scripts is None or e.script in scripts]
    # The root edition first: MkDocs empties its site_dir before building.
    chosen.sort(key=lambda e: e.subdir.count("/") + bool(e.subdir))
    out = out.resolve()
    timings: dict[str, float] = {}
    from casebook.pipeline import pagefind

    with building(out) as tmp, tempfile.TemporaryDirectory(prefix="casebook-shadows-") as shadows:
        # The editions' post-build steps leave their pages for Pagefind in `shadows`; they are
        # indexed below, once every MkDocs process (each holding all its pages) has finished.
        pagefind.DEFER = Path(shadows)
        pagefind.DERIVED = frozenset(derived_editions([e.script for e in chosen]))
        try:
            if jobs > 1 and len(chosen) > 1 and hasattr(os, "fork"):
                timings = _build_forked(root, chosen, tmp, jobs)
            else:
                for e in chosen:
                    timings[e.script] = build_edition(root, e, tmp / e.subdir if e.subdir else tmp)
        finally:
            pagefind.DEFER, pagefind.DERIVED = None, frozenset()
        start = time.perf_counter()
        if index_editions(Path(shadows), {e.script: tmp / e.subdir if e.subdir else tmp for e in chosen}):
            timings[SEARCH] = time.perf_counter() - start
        replace_dir(tmp, out)
    return timings


SEARCH = "search"  # the key of build_site's timings for the Pagefind indexes


def derived_editions(scripts: Sequence[str]) -> list[str]:
    """The editions of a build that search another's index: the Traditional one, when the
    Simplified one is built too."""
    from casebook.pipeline.editions import HANS, HANT

    return [HANT] if HANS in scripts and HANT in scripts else []


def index_editions(shadows: Path, sites: dict[str, Path]) -> bool:
    """Pagefind over the shadow pages the editions left in `shadows/<script>/` (False: none did,
    as for a course pack).  The Simplified edition is indexed; the Traditional one, when both were
    built, searches that index with its own excerpts and titles (pagefind.derive_bundle) and folds
    its queries into Simplified."""
    from casebook.pipeline import pagefind
    from casebook.pipeline.editions import HANS, convert_text
    from casebook.pipeline.steps import FOLD_MAP

    prepared = {script: shadows / script for script in sites if (shadows / script).is_dir()}
    if not prepared:
        return False
    derived = next(iter(derived_editions(list(prepared))), None)
    for script, folder in prepared.items():
        if script != derived:
            pagefind.index_shadows(folder, sites[script])
    if derived is not None:
        pagefind.derive_bundle(
            sites[HANS], prepared[derived], sites[derived], lambda text: convert_text(text, derived)
        )
        write_atomic(sites[derived] / FOLD_MAP, (sites[HANS] / FOLD_MAP).read_bytes())
    return True


def _build_forked(root: Path, chosen: Sequence[Edition], tmp: Path, jobs: int) -> dict[str, float]:
    """Each edition in a child of its own, at most `jobs` at a time; an edition with a subdir is
    built in a folder of its own beside `tmp` (the root edition empties its site_dir) and moved in
    when all have built."""
    from casebook.pipeline import source

    with tempfile.TemporaryDirectory(prefix="casebook-build-") as work:
        # Loaded and generated here, once, so that every child starts with it (a library that cannot
        # be loaded fails later, in the child, with the plugin's own message).
        try:
            source.generated_pages(source.library(root))
        except Exception:  # reported by the child, as a one-process build reports it
            pass
        dirs = {e.script: (staging_dir(tmp) if e.subdir else tmp) for e in chosen}
        running: dict[int, Edition] = {}
        results: dict[str, dict[str, Any]] = {}
        try:
            queue = list(chosen)
            while queue or running:
                while queue and len(running) < jobs:
                    e = queue.pop(0)
                    running[_fork_edition(root, e, dirs[e.script], Path(work))] = e
                pid, status = _wait_any(running)
                e = running.pop(pid)
                results[e.script] = _child_result(Path(work), e, status)
                if "seconds" not in results[e.script]:
                    for other in running:  # the site will not be used: stop the others
                        os.kill(other, signal.SIGTERM)
        except BaseException:
            for other in running:
                os.kill(other, signal.SIGTERM)
            for other in running:
                os.waitpid(other, 0)
            raise
        finally:
            for e in chosen:
                if dirs[e.script] != tmp and (e.script not in results or "seconds" not in results[e.script]):
                    shutil.rmtree(dirs[e.script], ignore_errors=True)
                log = Path(work) / f"{e.script}.log"
                if log.is_file() and e.script in results:
                    sys.stderr.write(log.read_text("utf-8", "replace"))
            sys.stderr.flush()
        # The failure itself before the editions it stopped.
        for e in sorted(chosen, key=lambda e: results.get(e.script, {}).get("signal") == signal.SIGTERM):
            _raise_failure(e, results.get(e.script, {}))
        for e in chosen:
            if e.subdir:
                (tmp / e.subdir).parent.mkdir(parents=True, exist_ok=True)
                os.rename(dirs[e.script], tmp / e.subdir)
        return {e.script: float(results[e.script]["seconds"]) for e in chosen}


def _wait_any(pids: dict[int, Edition]) -> tuple[int, int]:
    """The first of our children to end (os.wait would also reap children that are not ours, such
    as a subprocess a test or a server started)."""
    while True:
        for pid in pids:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                return done, status
        time.sleep(0.05)


def _fork_edition(root: Path, e: Edition, site_dir: Path, work: Path) -> int:
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    # The child: build, write what happened to a file, and leave without running the parent's
    # cleanup (atexit handlers, temp folders, pytest's own machinery).
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        with open(work / f"{e.script}.log", "w", encoding="utf-8", errors="replace") as log:
            os.dup2(log.fileno(), 2)
            sys.stderr = log
            payload: dict[str, Any]
            try:
                payload = {"seconds": build_edition(root, e, site_dir)}
            except BuildError as err:
                payload = {"error": str(err)}
            except OSError as err:
                payload = {"oserror": [err.errno, err.strerror, err.filename]}
            except BaseException as err:  # reported by the parent as a failed build, not a traceback
                payload = {"crash": f"{type(err).__name__}: {str(err)[:500]}"}
            log.flush()
        (work / f"{e.script}.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    except BaseException:
        code = 3
    os._exit(code)


def _child_result(work: Path, e: Edition, status: int) -> dict[str, Any]:
    result_file = work / f"{e.script}.json"
    if os.WIFSIGNALED(status) and not result_file.is_file():
        return {"signal": os.WTERMSIG(status)}
    try:
        data = json.loads(result_file.read_text("utf-8"))
        return data if isinstance(data, dict) else {"crash": "?"}
    except (OSError, ValueError):
        return {"crash": f"exit status {os.waitstatus_to_exitcode(status)}"}


def _raise_failure(e: Edition, result: dict[str, Any]) -> None:
    if "seconds" in result:
        return
    if "error" in result:
        raise BuildError(str(result["error"]))
    if "oserror" in result:
        errno_, strerror, filename = result["oserror"]
        raise OSError(errno_, strerror, filename)
    if result.get("signal") == signal.SIGTERM:
        raise BuildError(f"{e.name}版构建已停止：另一个版本构建失败，原因见上面的错误信息。")
    if "signal" in result:
        raise BuildError(
            f"{e.name}版构建进程意外结束（信号 {result['signal']}，常见原因是内存不足）："
            "请关闭其他程序后重试，或用 casebook build --jobs 1 逐个版本构建。"
        )
    raise BuildError(f"{e.name}版构建意外中止（{result.get('crash', '原因不明')}），原因见上面的信息。")
