"""Search: Pagefind indexes the site MkDocs has just written (the plugin's last step, build and serve).

Pagefind reads the built HTML and writes pagefind/ at the site root: an entry file, its WebAssembly, a
metadata file and the index split into chunks, of which a search downloads only those its words need,
plus one small fragment per page, fetched when that page is shown as a result. Nothing loads until a
reader searches (site_templates/overrides/assets/javascripts/search.js).

What is indexed is marked in the HTML: the article only (`data-pagefind-body`,
site_templates/overrides/main.html), entity and FAQ pages weighed up (`data-pagefind-weight`, from the
page's `search.boost`), and a comparison's repeated sections skipped (`data-pagefind-ignore`,
site_templates/compare.html.j2). The binary comes from the `pagefind[bin]` package (pyproject.toml).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from pagefind_bin import get_executable

BUNDLE = "pagefind"   # the folder Pagefind writes at the site root (its default)


class SearchIndexError(RuntimeError):
    """Pagefind failed; the message holds its own report."""


def write_index(site_dir: Path) -> int:
    """Index the built site in place; return the number of pages indexed."""
    proc = subprocess.run([str(get_executable()), "--site", str(site_dir), "--output-subdir", BUNDLE, "--quiet"],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind exited with {proc.returncode}:\n{proc.stdout}{proc.stderr}".rstrip())
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())
