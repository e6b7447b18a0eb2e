"""Stage 'pages': the derived site -> a list of PageSpec, one module per family of pages.

Planning is pure: it decides every page's path and its view (a frozen dataclass of formatted values that
names its template), and renders nothing.
"""

from __future__ import annotations

from .spec import PageSpec, PageView

__all__ = ["PageSpec", "PageView"]
