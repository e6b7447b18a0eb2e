"""Build the site into a temporary folder and swap it in only when MkDocs succeeded.

A failed build (bad content, a broken link in strict mode, a crash) leaves the last good site/ as it
was. The build is reproducible: SOURCE_DATE_EPOCH, when unset, is taken from the newest date in the
content, so the sitemap's dates and the gzip header do not depend on the day of the build.
"""

from __future__ import annotations

import calendar
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import diagnostics as dx
from .pipeline import load


def source_date_epoch(root: Path) -> str | None:
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = load(root)
    if result.site is None:
        return None
    return str(calendar.timegm(result.site.data_date.timetuple()))


def build_site(config_file: Path, site_dir: Path) -> int:
    root = config_file.resolve().parent
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")   # the maintainers' banner hides real warnings
    epoch = source_date_epoch(root)
    if epoch is None:
        # Content errors: report them the same way `versus validate` does, and stop before MkDocs.
        print(dx.report(load(root).diagnostics), file=sys.stderr)
        return 1
    env["SOURCE_DATE_EPOCH"] = epoch
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                               "--config-file", str(config_file), "--site-dir", str(tmp)], env=env, check=False)
        if proc.returncode != 0:
            print(f"build failed; {site_dir.name}/ was left as it was", file=sys.stderr)
            return proc.returncode
        swap_in(tmp, site_dir)
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def swap_in(new: Path, target: Path) -> None:
    """Replace the folder `target` with `new`, a folder beside it: a rename within one folder, so the new
    one appears whole and a reader never sees half of either."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
