"""Benchmark: what the built site's search answers, in headless Chromium (Debian's package).

    python bench/search.py SITE_DIR [QUERY ...]

Serves SITE_DIR, types each query into the search box (default: --etcd-servers, etcd-servers,
CreateServerChain, EtcdOptions, NewServerRunOptions) and prints material's result count and
the first result item's links; prints the search index size; screenshots go to bench/results/.
"""

from __future__ import annotations

import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

QUERIES = ["--etcd-servers", "etcd-servers", "CreateServerChain", "EtcdOptions", "NewServerRunOptions"]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
RESULTS = Path(__file__).resolve().parent / "results"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    site, queries = Path(sys.argv[1]), sys.argv[2:] or QUERIES
    index = site / "search" / "search_index.json"
    print(f"{index}: {index.stat().st_size} bytes, {len(json.loads(index.read_text(encoding='utf-8'))['docs'])} entries")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    RESULTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        for n, query in enumerate(queries):
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/")
            tab.locator(".md-search__input").click()
            tab.keyboard.type(query, delay=20)
            tab.wait_for_timeout(1500)  # the worker answers each keystroke; let the last answer land
            items = tab.locator(".md-search-result__item")
            links = items.first.locator("a.md-search-result__link").evaluate_all("a => a.map(l => l.pathname + l.hash)") if items.count() else []
            print(f"{query!r}: {tab.locator('.md-search-result__meta').inner_text()!r}; first item: {links[:3]}")
            tab.screenshot(path=str(RESULTS / f"search-{n}.png"))
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
