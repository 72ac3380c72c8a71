"""How fast is the HTML report of a large organisation, in a real browser?

Generates a deterministic organisation (500 teams by default), writes its report, then
opens it in headless Chromium (Debian's, driven by Playwright) several times and measures:

- first paint: the browser's first-contentful-paint, from the start of navigation;
- ready: the end of the ``load`` event (the script has indexed the diagram and the table);
- highlight: a click on a team (the breadth-first searches downstream and upstream and the
  highlighting of the diagram), from the click to the next painted frame, over many teams;
- search: typing a worker's name and choosing the first match, to the next painted frame.

Run:  .venv/bin/python benchmarks/report_bench.py [--teams 500] [--runs 5] [--keep report.html]
A benchmark, not a test: it prints figures for the README and asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import yaml

import chainmap
from chainmap.render.large import choose
from chainmap.report import write_report

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
FIRST_NAMES = ["Alice", "Bruno", "Chloé", "Denis", "Élodie", "Fanny", "Gaspard", "Hugo", "Inès", "Jules",
               "Karim", "Léa", "Manon", "Nicolas", "Océane", "Paul", "Quentin", "Rose", "Sami", "Théo"]
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
              "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux"]


def generate_org(teams: int, seed: int = 4) -> Dict:
    """A layered organisation: value flows from deep support teams to frontline teams and
    three end clients, with a few backward links (cycles), one-sided links and low scores."""
    rng = random.Random(seed)
    layers = 6
    departments = [f"Département {i + 1:02d}" for i in range(max(1, teams // 20))]
    ids = [f"team-{i:04d}" for i in range(teams)]
    layer = {team_id: min(layers - 1, i * layers // teams) for i, team_id in enumerate(ids)}
    by_layer: Dict[int, List[str]] = {}
    for team_id in ids:
        by_layer.setdefault(layer[team_id], []).append(team_id)
    declarations = []
    for i, team_id in enumerate(ids):
        level = layer[team_id]
        if level == layers - 1:
            clients = rng.sample(["patients", "families", "partners"], rng.randint(1, 2))
        else:
            clients = rng.sample(by_layer[level + 1], min(len(by_layer[level + 1]), rng.randint(1, 3)))
            if rng.random() < 0.05 and level > 0:
                clients.append(rng.choice(by_layer[level - 1]))
        members = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {i}-{m}" for m in range(rng.randint(2, 9))]
        declarations.append({"id": team_id, "name": f"Équipe {i:04d} {rng.choice(LAST_NAMES)}",
                             "department": departments[i * len(departments) // teams],
                             "members": members, "clients": clients})
    _declare_suppliers(declarations, rng)
    return {"org": f"Benchmark organisation ({teams} teams)",
            "end_clients": [{"id": "patients"}, {"id": "families"}, {"id": "partners"}],
            "teams": declarations}


def _declare_suppliers(declarations: List[Dict], rng: random.Random) -> None:
    """Most clients confirm their suppliers (some with a score); the rest stay one-sided."""
    by_id = {d["id"]: d for d in declarations}
    for declaration in declarations:
        for client in declaration["clients"]:
            if client in by_id and rng.random() < 0.85:
                entry = {"id": declaration["id"]}
                if rng.random() < 0.3:
                    entry["satisfaction"] = rng.randint(2, 10)
                by_id[client].setdefault("suppliers", []).append(entry)


def build(teams: int, folder: Path) -> Path:
    """Write the organisation and its report; print how long each step took."""
    org_file = folder / "org.yaml"
    org_file.write_text(yaml.safe_dump(generate_org(teams), allow_unicode=True, sort_keys=False), encoding="utf-8")
    started = time.perf_counter()
    analysis = chainmap.analyse(chainmap.load(org_file), as_of=dt.date(2026, 11, 23))
    analysed = time.perf_counter()
    output = folder / "report.html"
    # every team drawn (as `report --no-overview`): above 300 teams chainmap would draw the
    # department overview, and the clicks below are on teams
    problem = write_report(analysis, output, strict=True, selection=choose(analysis, overview=False))
    written = time.perf_counter()
    assert problem is None
    print(f"organisation: {len(analysis.org.teams)} teams, {len(analysis.org.links)} links, "
          f"{len(analysis.org.workers)} workers, {len(analysis.findings)} weak links")
    print(f"load + analyse: {analysed - started:.2f} s; report (Graphviz layout included): {written - analysed:.2f} s; "
          f"file: {output.stat().st_size / 1e6:.2f} MB")
    return output


HIGHLIGHT_JS = """async (ids) => {
  const times = [];
  for (const id of ids) {
    const node = document.getElementById(id);
    const start = performance.now();
    node.dispatchEvent(new MouseEvent("click", {bubbles: true}));
    await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
    times.push(performance.now() - start);
  }
  return times;
}"""

SEARCH_JS = """async (text) => {
  const box = document.getElementById("cm-search");
  const start = performance.now();
  box.value = text;
  box.dispatchEvent(new Event("input"));
  box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
  await new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve, 0)));
  return performance.now() - start;
}"""


def measure(report: Path, runs: int) -> None:
    """Open the report ``runs`` times in a fresh page; print first paint, ready and interaction times."""
    from playwright.sync_api import sync_playwright
    results: Dict[str, List[float]] = {"paint": [], "ready": [], "highlight": [], "search": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        for _ in range(runs):
            _one_visit(browser, report, results)
        browser.close()
    _print("first paint", results["paint"])
    _print("ready (load event end)", results["ready"])
    _print("highlight after a click, to next frame", results["highlight"])
    _print("search and choose a worker, to next frame", results["search"])
    print("network requests besides the file itself: 0")


def _one_visit(browser, report: Path, results: Dict[str, List[float]]) -> None:
    """One fresh page: load timings, then 40 team clicks and one search."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests: List[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(report.as_uri(), wait_until="load")
    paint, ready = page.evaluate("""() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      const nav = performance.getEntriesByType("navigation")[0];
      return [paint ? paint.startTime : NaN, nav.loadEventEnd];
    }""")
    results["paint"].append(paint)
    results["ready"].append(ready)
    teams = page.eval_on_selector_all("#cm-diagram g.node.cm-team", "nodes => nodes.map(n => n.id)")
    results["highlight"] += page.evaluate(HIGHLIGHT_JS, random.Random(1).sample(teams, min(40, len(teams))))
    results["search"].append(page.evaluate(SEARCH_JS, "Alice Martin"))
    assert requests == [report.as_uri()], requests
    page.close()


def _print(what: str, values: List[float]) -> None:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    print(f"{what}: median {statistics.median(values):.0f} ms, p95 {p95:.0f} ms, max {max(values):.0f} ms "
          f"({len(values)} measures)")


def main(argv: List[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also copy the report to this path")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        report = build(args.teams, Path(folder))
        if args.keep:
            args.keep.write_bytes(report.read_bytes())
        measure(report, args.runs)


if __name__ == "__main__":
    main(sys.argv[1:])
