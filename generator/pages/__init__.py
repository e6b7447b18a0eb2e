"""Stage 'pages': the derived site -> a list of PageSpec, one module per family of pages.

Planning is pure: it decides every page's path, template and typed context, and renders nothing.
"""

from __future__ import annotations

from .spec import PageSpec

__all__ = ["PageSpec"]
