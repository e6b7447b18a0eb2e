"""The injection checks of a built site, shared by the hostile-content test (one site from a corpus of
hostile text) and the pipeline fuzzer (sites from mutated content): no script but the theme's own, no
event handler or script URL, no element that content could have added to an article, no script in a
chart. Each check returns what it found wrong (empty: nothing), so a caller can assert or collect.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from bs4 import BeautifulSoup, Tag

# Material's own inline scripts, recognised by how they start; their text must be the same on every page
# (up to the relative path of the site root), so no content can have reached them.
THEME_INLINE_SCRIPTS = ('__md_scope=new URL(', 'var palette=__md_get("__palette")',
                        'var target=document.getElementById(location.hash.slice(1))')

_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href", "poster", "background",
                   "srcset", "content"}
BAD_SCHEME = re.compile(r"^(?:javascript|data|vbscript):", re.IGNORECASE)

# Elements no content may ever produce inside the article (the templates emit none of them; images
# are the site's own charts, checked below).
FORBIDDEN_IN_ARTICLE = {"script", "style", "iframe", "frame", "object", "embed", "link", "base", "meta", "form",
                        "input", "textarea", "button", "svg", "math", "template", "audio", "video", "source"}


def script_problems(soup: BeautifulSoup, page: str, is_file: Callable[[str], bool]) -> tuple[list[str], set[str]]:
    """Scripts that are not the theme's, on one page (`page`: its path in the site); and the theme's
    inline script texts found, with the root path taken out (they must be the same on every page)."""
    problems, inline = [], set()
    for script in soup.find_all("script"):
        text = script.string or ""
        if script.get("src"):
            src = re.sub(r"^/[a-z0-9-]+/", "", script["src"])   # 404.html links from the site_url's path
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), src))
            # the theme's bundle or mkdocs.yml's extra_javascript: files of the site, never a URL
            if not (target.startswith("assets/") and is_file(target)) or text.strip():
                problems.append(f"{page}: script {script}")
        elif script.get("type") == "application/ld+json":
            if not page.startswith("troubleshooting/"):
                problems.append(f"{page}: structured data outside the troubleshooting pages")
            json.loads(text)
        elif script.get("id") == "__config" and script.get("type") == "application/json":
            json.loads(text)
        elif script.attrs != {} or not text.startswith(THEME_INLINE_SCRIPTS):
            problems.append(f"{page}: inline script {text[:200]!r}")
        else:
            inline.add(re.sub(r'new URL\("[^"]*",location\)', "new URL(ROOT,location)", text))
    return problems, inline


def attribute_problems(root: Tag, page: str) -> list[str]:
    """Event handlers and javascript:, data: or vbscript: URLs anywhere under `root`."""
    problems = []
    for element in root.find_all(True):
        for name, value in element.attrs.items():
            if name.lower().startswith("on"):
                problems.append(f"{page}: <{element.name} {name}={value!r}>")
            elif name.lower() in _URL_ATTRIBUTES and not (element.name == "meta" and name == "content"):
                if BAD_SCHEME.match(re.sub(r"[\s\x00-\x1f]", "", str(value))):
                    problems.append(f"{page}: <{element.name} {name}={value!r}>")
    return problems


OUR_FORM = {"p", "fieldset", "legend", "label", "input", "button"}


def article_problems(article: Tag, page: str, is_file: Callable[[str], bool]) -> list[str]:
    """Elements content could have added to an article, and images that are not the site's own files."""
    problems = []
    # The reader's-weights form is ours, built from the scoring weights: its own fields only, never content's.
    for form in article.find_all("form", class_="versus-weights"):
        problems += [f"{page}: <{name}> in the weights form"
                     for name in sorted({e.name for e in form.find_all(True)} - OUR_FORM)]
        form.extract()
    problems += [f"{page}: <{name}> in the article"
                 for name in sorted({e.name for e in article.find_all(True)} & FORBIDDEN_IN_ARTICLE)]
    for img in article.find_all("img"):   # a chart of ours: a file of the site, never a URL from content
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), img.get("src", "")))
        if target.startswith("..") or not is_file(target):
            problems.append(f"{page}: image {img}")
    return problems


def svg_problems(site: Path) -> list[str]:
    """A chart opened on its own is a document: names drawn in it must stay text there too."""
    problems = []
    for svg in sorted(site.rglob("*.svg")):
        for element in ElementTree.parse(svg).iter():
            if element.tag.rpartition("}")[2] in ("script", "foreignObject"):
                problems.append(f"{svg}: <{element.tag}>")
            for name, value in element.attrib.items():
                name = name.rpartition("}")[2]
                if name.lower().startswith("on") or (name == "href" and BAD_SCHEME.match(value.strip())):
                    problems.append(f"{svg}: {name}={value!r}")
    return problems


def site_problems(site: Path) -> list[str]:
    """Every injection check over every page of a built site."""
    problems, inline = svg_problems(site), set()

    def is_file(rel: str) -> bool:
        return (site / rel).is_file()

    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        found, texts = script_problems(soup, page, is_file)
        problems += found + attribute_problems(soup, page)
        inline |= texts
        if (article := soup.find("article")) is not None:
            problems += article_problems(article, page, is_file)
    if len(inline) > len(THEME_INLINE_SCRIPTS):
        problems.append(f"the theme's inline scripts differ between pages: {sorted(inline)}")
    return problems
