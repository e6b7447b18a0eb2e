"""Which cited addresses can change under their citation; `versus validate` counts them without failing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.pinning import unpinned_reason


@pytest.mark.parametrize("url, reason", [
    ("https://github.com/meta-llama/llama/blob/main/MODEL_CARD.md", "on branch 'main'"),
    ("https://github.com/comfyanonymous/ComfyUI/tree/master/comfy", "on branch 'master'"),
    ("https://raw.githubusercontent.com/o/r/main/README.md", "on branch 'main'"),
    ("https://huggingface.co/microsoft/Phi-3.5-mini-instruct/blob/main/config.json", "on branch 'main'"),
    ("https://huggingface.co/microsoft/Phi-3.5-mini-instruct", "a repository's front page"),
    ("https://github.com/AUTOMATIC1111/stable-diffusion-webui", "a repository's front page"),
    ("https://github.com/o/r/blob/e2e67cd8b0feca839666b7082dcc1c4fc0ae11e2/MODEL_CARD.md", None),
    ("https://github.com/o/r/blob/v1.5.0/CHANGELOG.md", None),              # a release tag
    ("https://huggingface.co/o/m/blob/0123abcd/config.json", None),
    ("https://github.com/o/r/releases/tag/v1.5.0", None),
    ("https://github.com/o/r/issues/9127", None),
    ("https://arxiv.org/abs/2404.14219", None),                             # a host without revisions
])
def test_unpinned_reason(url: str, reason: str | None) -> None:
    assert unpinned_reason(url) == reason


def test_validate_counts_unpinned_addresses_and_stays_green(mini: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--root", str(mini), "--unpinned"])
    assert result.exit_code == 0, result.output
    assert "cited addresses are not pinned to a revision" in result.output
    assert "commonest date" in result.output
    assert "published benchmark rows have no `published` date" in result.output
