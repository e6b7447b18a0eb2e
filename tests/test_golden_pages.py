"""Golden files of the rendered Markdown of the mini corpus: every generated page, reviewed as a diff.

Regenerate after an intended change:  .venv/bin/python -m pytest tests/test_golden_pages.py --update-goldens
"""

from __future__ import annotations

from pathlib import Path

from generator.build import generate

GOLDEN = Path(__file__).parent / "golden" / "pages"


def test_rendered_pages_match_the_golden_files(mini: Path, update_goldens: bool) -> None:
    output = generate(mini)
    assert output.errors == []
    pages = {p: c for p, c in output.files.items() if p.endswith(".md")}
    if update_goldens:
        for old in GOLDEN.rglob("*.md"):
            old.unlink()
        for path, content in pages.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text() for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(golden), "pages added or removed: rerun with --update-goldens and review"
    for path in pages:
        assert pages[path] == golden[path], f"{path} differs from its golden file"


def test_rendering_is_deterministic(mini: Path) -> None:
    assert generate(mini).files == generate(mini).files
