"""Check every external address in content/ and benchmarks/; report dead ones as GitHub warnings.

Run weekly by .github/workflows/links.yml, never on pull requests: the network is slow and flaky, and
a site that is down today says nothing about a contributor's change. It always exits 0 (`--strict`
exits 1 when a link is dead), prints `::warning file=...,line=...::` annotations at the line of each
occurrence, and writes a summary table to $GITHUB_STEP_SUMMARY when that is set.

    python .github/scripts/check_links.py [--root .] [--strict] [--timeout 20]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.models.common import URL_PATTERN  # noqa: E402
from generator.sources import gather  # noqa: E402

USER_AGENT = "versus-link-check/1 (+https://github.com/versus-ai/versus)"
# Answers that mean "the page exists, but not for robots": not worth a warning.
ALIVE = {401, 403, 429}


@dataclass(frozen=True, order=True)
class Link:
    url: str
    file: str
    line: int
    col: int


def _walk(data: object, path: tuple = ()) -> Iterable[tuple[tuple, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _walk(value, path + (i,))
    elif isinstance(data, str) and re.fullmatch(URL_PATTERN, data):
        yield path, data


def collect(root: Path) -> list[Link]:
    """Every external address in the content and benchmark files, with where it is written."""
    raw = gather(root)
    links = []
    records = raw.entities + raw.faq + raw.run_provenance + [r for r in (raw.comparisons, raw.scoring) if r]
    for record in records:
        for path, url in _walk(record.doc.data):
            line, col = record.doc.position(path)
            links.append(Link(url, record.file, line, col))
    for table in raw.benchmark_tables:
        for row in table.rows:
            for column, cell in row.values.items():
                if re.fullmatch(URL_PATTERN, cell.strip()):
                    links.append(Link(cell.strip(), table.file, row.line, table.header.index(column) + 1))
    return sorted(links)


def fetch(url: str, timeout: float) -> str | None:
    """None when the address answers, else why not. HEAD first; GET when a server refuses HEAD."""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if exc.code in ALIVE:
                return None
            if method == "HEAD" and exc.code in (400, 404, 405, 501):
                continue   # many servers answer HEAD wrongly; ask again with GET
            return f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return f"unreachable ({reason})"
    return "no answer"


def check(links: list[Link], probe: Callable[[str], str | None], workers: int = 8) -> dict[str, str]:
    """url -> problem, for each distinct url that does not answer."""
    urls = sorted({link.url for link in links})
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(probe, urls))
    return {url: problem for url, problem in zip(urls, results) if problem is not None}


def annotations(links: list[Link], dead: dict[str, str]) -> list[str]:
    def esc(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    return [f"::warning file={esc(link.file)},line={link.line},col={link.col},title=dead link::"
            f"{esc(link.url)}: {esc(dead[link.url])}" for link in links if link.url in dead]


def summary(links: list[Link], dead: dict[str, str]) -> str:
    lines = [f"## External links: {len(dead)} of {len({link.url for link in links})} do not answer", ""]
    if dead:
        lines += ["| Address | Problem | Where |", "|---|---|---|"]
        for url, problem in sorted(dead.items()):
            where = ", ".join(f"{link.file}:{link.line}" for link in links if link.url == url)
            lines.append(f"| {url} | {problem} | {where} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a link is dead")
    args = parser.parse_args(argv)
    links = collect(args.root)
    dead = check(links, lambda url: fetch(url, args.timeout))
    for line in annotations(links, dead):
        print(line)
    report = summary(links, dead)
    print(report)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
            out.write(report)
    return 1 if args.strict and dead else 0


if __name__ == "__main__":
    sys.exit(main())
