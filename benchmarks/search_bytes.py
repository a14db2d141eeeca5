"""Index size and bytes of a first search, on a built site.

    python benchmarks/search_bytes.py OUTPUT_DIR ["query" ...]

Serves OUTPUT_DIR on 127.0.0.1, opens tim-kiem/?q=QUERY in headless Chromium with an
empty cache (a new browser context per query) and sums the bytes of every file the
search fetched: Pagefind's files and the search page's JSON files (the layers file,
the province names).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    out = Path(sys.argv[1])
    queries = sys.argv[2:] or ["khuyen hoc"]
    for name in sorted(p.name for p in out.iterdir() if p.name.startswith("pagefind")):
        n, size = folder_size(out / name)
        print(f"{name}/: {n} files, {size / 1024:.0f} KiB")
    from playwright.sync_api import sync_playwright

    server = serve_folder(out)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for query in queries:
            context = browser.new_context()
            page = context.new_page()
            fetched: dict[str, int] = {}

            def on_response(response, fetched=fetched):
                if "/pagefind" in response.url or response.url.endswith(".json"):
                    try:
                        fetched[response.url] = len(response.body())
                    except Exception:
                        pass

            page.on("response", on_response)
            page.goto(f"{url}/tim-kiem/?q={query}")
            page.wait_for_selector("#tim-kiem[data-ready=true]", timeout=60000)
            page.wait_for_timeout(1500)
            context.close()
            total = sum(fetched.values())
            print(f"first query {query!r}: {len(fetched)} files, {total / 1024:.0f} KiB (as served)")
            for u, b in sorted(fetched.items(), key=lambda x: -x[1])[:6]:
                print(f"  {b:>8} {u.split('/', 3)[-1]}")
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
