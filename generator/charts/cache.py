"""Render many charts: reuse what the cache holds, draw the rest on all cores.

A chart's key hashes everything its bytes depend on: the spec, this package's source, the
matplotlib version and the style. Same key, same bytes, so a cache hit is always safe.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_EXCEPTION, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib

from . import style
from .draw import svg
from .spec import ChartSpec, canonical_json

Progress = Callable[[int, int], None]

# A spawned worker spends ~0.5 s importing matplotlib, the time of ~5 charts (~0.11 s each), so a
# worker only pays off with several charts to draw; below that, drawing in-process is faster.
CHARTS_PER_WORKER = 8


@dataclass(frozen=True)
class RenderResult:
    svgs: dict[str, bytes]  # slug -> SVG, in the order of the specs given
    drawn: int
    cached: int
    workers: int = 1        # processes that drew them (1: one worker, or this process)


@lru_cache(maxsize=1)
def _code_and_style() -> str:
    h = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(matplotlib.__version__.encode() + b"\0" + style.fingerprint().encode())
    return h.hexdigest()


def cache_key(spec: ChartSpec) -> str:
    return hashlib.sha256(f"{_code_and_style()}\0{canonical_json(spec)}".encode()).hexdigest()


def _store(path: Path, data: bytes) -> None:
    # Write then rename, so a parallel or interrupted build never leaves half a file under a key.
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _workers(jobs: int | None, todo: int) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(jobs or cores or 1, todo // CHARTS_PER_WORKER))


def render_all(specs: Sequence[ChartSpec], cache_dir: Path | None = None,
               jobs: int | None = None, progress: Progress | None = None) -> RenderResult:
    """SVG bytes for every spec, drawing only what `cache_dir` lacks.

    jobs: most worker processes (None: all cores; 1: in-process). Workers are spawned, so a script
    that calls this must guard its entry point with `if __name__ == "__main__":`.
    progress(done, total) is called after each chart drawn, not for cache hits; nothing is printed.
    """
    return start_all(specs, cache_dir, jobs, progress, beside=False).result()


def start_all(specs: Sequence[ChartSpec], cache_dir: Path | None = None, jobs: int | None = None,
              progress: Progress | None = None, *, beside: bool = True) -> Drawing:
    """`render_all`, started: the charts the cache lacks are drawn while the caller goes on, and
    `result()` waits for them. beside: the caller has work of its own meanwhile, so the charts go to
    worker processes however few they are (a worker's start no longer delays anything)."""
    slugs = [s.slug for s in specs]
    if len(set(slugs)) != len(slugs):
        dupes = sorted({s for s in slugs if slugs.count(s) > 1})
        raise ValueError(f"chart slugs must be unique, repeated: {', '.join(dupes)}")
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
    drawing = Drawing(slugs, progress)
    for spec in specs:
        path = cache_dir / f"{cache_key(spec)}.svg" if cache_dir is not None else None
        if path is not None and path.is_file():
            drawing.done[spec.slug] = path.read_bytes()
        else:
            drawing.todo.append((spec, path))
    drawing.workers = _workers(jobs, len(drawing.todo))
    if drawing.todo and (drawing.workers > 1 or beside):
        # spawn: a fresh interpreter per worker, safe even when the caller runs threads.
        drawing.pool = ProcessPoolExecutor(max_workers=drawing.workers, mp_context=multiprocessing.get_context("spawn"))
        drawing.pending = {drawing.pool.submit(_draw, spec): (spec, path) for spec, path in drawing.todo}
    return drawing


class Drawing:
    """Charts being drawn (`start_all`); `result()` once."""

    def __init__(self, slugs: list[str], progress: Progress | None) -> None:
        self.slugs, self.progress = slugs, progress
        self.done: dict[str, bytes] = {}
        self.todo: list[tuple[ChartSpec, Path | None]] = []
        self.workers = 1
        self.pool: ProcessPoolExecutor | None = None
        self.pending: dict[Future[bytes], tuple[ChartSpec, Path | None]] = {}

    def result(self) -> RenderResult:
        if self.pool is None:
            for spec, path in self.todo:
                self._finish(spec, path, _draw(spec))
        else:
            with self.pool as pool:   # its workers end here: their CPU time counts where this is called
                while self.pending:
                    finished, _ = wait(self.pending, return_when=FIRST_EXCEPTION)
                    for future in finished:
                        spec, path = self.pending.pop(future)
                        if future.exception() is not None:
                            pool.shutdown(cancel_futures=True)
                        self._finish(spec, path, future.result())
        return RenderResult({slug: self.done[slug] for slug in self.slugs}, drawn=len(self.todo),
                            cached=len(self.slugs) - len(self.todo), workers=self.workers if self.todo else 0)

    def cancel(self) -> None:
        """Stop drawing: the caller failed and will not ask for the result."""
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def _finish(self, spec: ChartSpec, path: Path | None, data: bytes) -> None:
        self.done[spec.slug] = data
        if path is not None:
            _store(path, data)
        if self.progress is not None:
            self.progress(len(self.done) - (len(self.slugs) - len(self.todo)), len(self.todo))


def _draw(spec: ChartSpec) -> bytes:
    try:
        return svg(spec)
    except Exception as error:  # name the chart; the cause stays chained
        raise RuntimeError(f"chart {spec.slug!r} ({spec.kind}) failed: {error}") from error
