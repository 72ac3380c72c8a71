"""The screenshots of docs/serve.md: a team's page and an inbox, from a real `chainmap serve`.

    .venv/bin/python scripts/serve_screenshots.py [--out docs]

Serves a copy of the example hospital on 127.0.0.1 (any free port), opens the team lead's
invitation of Urgences and the inbox of Imagerie médicale in headless Chromium, and
writes docs/serve-team.png and docs/serve-inbox.png.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from server_fixture import copy_example, invitations, start_server  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright
    with tempfile.TemporaryDirectory() as folder:
        root = copy_example(Path(folder))
        server = start_server(root, "--invite", str(Path(folder) / "invitations"))
        links = invitations(Path(folder) / "invitations")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
                page = browser.new_page(viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
                page.goto(links["urgences"]["edit_link"])
                page.wait_for_url("**/teams/urgences")
                page.locator(".diagram-slot svg").wait_for()
                page.screenshot(path=str(options.out / "serve-team.png"), full_page=True)
                page.goto(links["radiologie"]["edit_link"])
                page.wait_for_url("**/teams/radiologie")
                page.goto(f"{server.url}/teams/radiologie/inbox")
                page.screenshot(path=str(options.out / "serve-inbox.png"), full_page=True)
                browser.close()
        finally:
            server.stop()
    print(f"wrote {options.out / 'serve-team.png'} and {options.out / 'serve-inbox.png'}")


if __name__ == "__main__":
    main()
