"""The build as `make site` runs it (`python -m generator build`): a failed build leaves the last good
site/ exactly as it was, and two builds of the same input are byte-identical, whatever the clock says.

Each test assembles a throw-away project from the hostile fixture corpus (tests/helpers_site.py): it
has every kind of page, so every kind of page is compared.
"""

from __future__ import annotations

import calendar
import shutil
from pathlib import Path

import pytest
from helpers_site import FIXTURES, Project, assemble, build, snapshot

from generator.pipeline import load

CORPUS = FIXTURES / "hostile"
FAKETIME = shutil.which("faketime")


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str]]:
    """A project with a good site/ built (SOURCE_DATE_EPOCH unset: derived from the content), and the
    snapshot of that site. Tests that change the project get a copy of it (`built`)."""
    project = assemble(tmp_path_factory.mktemp("build") / "project", CORPUS)
    result = build(project, env={"SOURCE_DATE_EPOCH": None})
    assert result.returncode == 0, result.output
    return project, snapshot(project.site)


@pytest.fixture
def built(good: tuple[Project, dict[str, str]], tmp_path: Path) -> tuple[Project, dict[str, str]]:
    project, before = good
    copy = Project(tmp_path / "project")
    shutil.copytree(project.root, copy.root, symlinks=True)
    assert snapshot(copy.site) == before
    return copy, before


def _leftovers(project: Project) -> list[str]:
    """Temporary build folders next to site/ (.site.building-*, .site.old) that a build failed to remove."""
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".site."))


def test_a_content_error_leaves_the_site_untouched(built: tuple[Project, dict[str, str]]) -> None:
    project, before = built
    entity = project.root / "content" / "entities" / "plain-model.yaml"
    entity.write_text(entity.read_text().replace("links: {model_card: \"https://example.org/plain\"}",
                                                 "links: {model_card: \"javascript:alert(1)\"}"))
    result = build(project)
    assert result.returncode != 0
    assert ("content/entities/plain-model.yaml:12:21: error[bad-url] links.model_card: not an http(s) address "
            "(got 'javascript:alert(1)'; expected an absolute http:// or https:// URL) hint: links accept http "
            "and https only (no javascript:, data: or relative paths)") in result.stderr.splitlines()
    assert "Traceback" not in result.output
    assert snapshot(project.site) == before
    assert _leftovers(project) == []


def test_a_strict_mode_failure_leaves_the_site_untouched(built: tuple[Project, dict[str, str]]) -> None:
    project, before = built
    about = project.pages / "about.md"
    about.write_text(about.read_text() + "\nSee [the missing page](no-such-page.md).\n")
    result = build(project)
    assert result.returncode != 0
    assert "no-such-page.md" in result.output              # MkDocs names the broken link
    assert "Aborted with 1 warnings in strict mode!" in result.output
    assert "site/ was left as it was" in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(project.site) == before
    assert _leftovers(project) == []


def test_a_build_into_an_empty_place_makes_nothing_on_failure(tmp_path: Path) -> None:
    project = assemble(tmp_path / "project", CORPUS / "refused")
    result = build(project)
    assert result.returncode == 1
    # the same report as `versus validate`, every problem once (tests/test_hostile.py checks each line)
    expected = (CORPUS / "refused" / "expected-diagnostics.txt").read_text(encoding="utf-8").splitlines()
    assert result.stderr.splitlines() == expected + [f"{len(expected)} errors, 0 warnings in 9 files"]
    assert "Traceback" not in result.output
    assert not project.site.exists() and _leftovers(project) == []


def _derived_epoch(project: Project) -> str:
    return str(calendar.timegm(load(project.root).site.data_date.timetuple()))


def test_two_builds_of_the_same_input_are_byte_identical(good: tuple[Project, dict[str, str]]) -> None:
    project, first = good
    assert "sitemap.xml.gz" in first and "pagefind/pagefind-entry.json" in first
    # SOURCE_DATE_EPOCH set to the value a build derives when it is unset: the same bytes, sitemap included
    again = project.root / "again"
    result = build(project, site_dir=again, env={"SOURCE_DATE_EPOCH": _derived_epoch(project)})
    assert result.returncode == 0, result.output
    assert snapshot(again) == first


@pytest.mark.skipif(FAKETIME is None, reason="faketime is not installed (apt-get install -y faketime)")
def test_the_clock_and_time_zone_do_not_change_the_site(good: tuple[Project, dict[str, str]]) -> None:
    project, first = good
    other_day = project.root / "other-day"
    # Another year, another day, and a time zone 14 hours ahead of UTC: nothing on the site may depend on them.
    result = build(project, site_dir=other_day, wrapper=[FAKETIME, "2031-07-15 23:30:00"],
                   env={"SOURCE_DATE_EPOCH": None, "TZ": "Pacific/Kiritimati"})
    assert result.returncode == 0, result.output
    assert snapshot(other_day) == first
