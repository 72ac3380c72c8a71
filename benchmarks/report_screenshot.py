"""The README's picture of the report: diagrams/report.png, from the embedded example.

Writes the example organisation's report, opens it in headless Chromium, chooses a team
in the search box as a reader would, and saves the top of the page.

Run:  .venv/bin/python benchmarks/report_screenshot.py [--team "Cadres de santé"] [-o diagrams/report.png]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path
from typing import List

import chainmap
from chainmap.report import write_report

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]


def screenshot(output: Path, team: str, width: int = 1400, height: int = 1900) -> None:
    """Save the top of the example's report with ``team`` chosen in the search box."""
    from playwright.sync_api import sync_playwright
    analysis = chainmap.analyse(chainmap.load(chainmap.example_path()), as_of=dt.date(2026, 11, 23))
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        report = Path(folder) / "report.html"
        write_report(analysis, report, strict=True)
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(report.as_uri())
        page.fill("#cm-search", team)
        page.keyboard.press("Enter")
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(output))
        browser.close()


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--team", default="Cadres de santé")
    parser.add_argument("-o", "--output", type=Path, default=Path("diagrams/report.png"))
    args = parser.parse_args(argv)
    screenshot(args.output, args.team)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main(sys.argv[1:])
