"""Lighthouse mobile performance of the model-selection pages of a built site.

Not a test: Lighthouse's score depends on the machine's load (it scales the main-thread time it observes),
so a run is a measurement, reported with its median and spread. The site is served the way GitHub Pages
serves it (gzip for text, Cache-Control max-age=600), since an uncompressed local server measures the
transfer of ~270 KB of theme CSS and JS that no reader downloads that way.

    .venv/bin/python -m generator build --site-dir /tmp/site
    (cd /tmp/lh && npm install lighthouse@12)      # once, into a scratch folder
    .venv/bin/python benchmarks/lighthouse.py /tmp/site --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Prints, per page, the median score of --runs runs (default 3), every run's score, and the median
first and largest contentful paint, total blocking time, layout shift and element count.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

PAGES = ("selection/", "selection/text-generation/", "selection/image-generation/", "selection/video-generation/")
TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv")


class _PagesLike(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if path.endswith(TEXT) and os.path.isfile(path) and "gzip" in self.headers.get("Accept-Encoding", ""):
            data = gzip.compress(Path(path).read_bytes(), 6)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(path))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return io.BytesIO(data)
        return super().send_head()


def run_once(lighthouse: str, chrome: str, url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run([lighthouse, url, "--only-categories=performance", "--output=json", f"--output-path={out}",
                        "--quiet", "--chrome-flags=--headless=new --no-sandbox"],
                       check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)
        report: dict[str, Any] = json.loads(out.read_text())
    audits = report["audits"]
    return {"score": round(100 * report["categories"]["performance"]["score"]),
            "form_factor": report["configSettings"]["formFactor"],
            "fcp_s": audits["first-contentful-paint"]["numericValue"] / 1000,
            "lcp_s": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "tbt_ms": audits["total-blocking-time"]["numericValue"],
            "cls": audits["cumulative-layout-shift"]["numericValue"],
            "elements": audits["dom-size"]["numericValue"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", type=Path)
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("--chrome", default="/usr/bin/chromium")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesLike, directory=str(args.site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        for page in PAGES:
            if not (args.site / page / "index.html").is_file():
                print(f"{page}: not in the site")
                continue
            runs = [run_once(args.lighthouse, args.chrome, base + page) for _ in range(args.runs)]
            median = {k: statistics.median(r[k] for r in runs) for k in ("score", "fcp_s", "lcp_s", "tbt_ms", "cls",
                                                                          "elements")}
            print(f"{page:32} {runs[0]['form_factor']} score {median['score']:.0f} "
                  f"(runs: {', '.join(str(r['score']) for r in runs)}); FCP {median['fcp_s']:.1f} s, "
                  f"LCP {median['lcp_s']:.1f} s, TBT {median['tbt_ms']:.0f} ms, CLS {median['cls']:.3f}, "
                  f"{median['elements']:.0f} elements")
    finally:
        server.shutdown()
    sys.stdout.flush()


if __name__ == "__main__":
    main()
