"""The large outputs against their floors: ``chains --format json`` and a deck of cards.

    .venv/bin/python benchmarks/outputs.py ORG chains        # one JSON line: the chains JSON and its floor
    .venv/bin/python benchmarks/outputs.py ORG cards [N]     # one JSON line: N workers' cards (A4) and their floor

Each measure runs in this fresh process, after the organisation is loaded and analysed
(neither is timed here: ``weak`` measures them).

Floors, measured in the same process, right after:

- chains: ``json.dumps`` (compact, the C encoder) of the same data, already built as
  dictionaries and lists (:func:`chainmap.formats.data.chains_data`, not timed). It is what
  the fastest encoder of the standard library takes for the same content, with none of
  the work of finding each worker's chain and no indentation: a floor chainmap's streamed,
  indented writer cannot go under. (Building the dictionaries it needs takes longer than
  the encoding, and gigabytes at XL: that is why the writer streams.)
- cards: ReportLab drawing the same number of cards, each one the deck's first card again
  (its texts measured once, then remembered), into the same number of pages: the cost of
  putting that much drawing into a PDF with nothing left to work out. The ratio says how
  much the cards' own contents (each worker's teams, chain, lists and wrapped texts) add.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Callable, Dict, Tuple

import chainmap


def timed(function: Callable[[], object]) -> Tuple[float, float, object]:
    """Wall seconds, processor seconds, and the result of ``function()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def chains_row(analysis: chainmap.Analysis) -> Dict[str, float]:
    from chainmap.formats.chains_stream import write_chains_json
    from chainmap.formats.data import chains_data

    written = [0]

    def discard(piece: str) -> None:
        written[0] += len(piece.encode("utf-8"))

    wall, cpu, _unused = timed(lambda: write_chains_json(analysis, discard))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    data = chains_data(analysis)
    floor_wall, floor_cpu, _unused = timed(lambda: json.dumps(data, ensure_ascii=False))
    return {"seconds": wall, "cpu": cpu, "floor": floor_wall, "floor_cpu": floor_cpu, "mb": written[0] / 1e6,
            "peak_mb_writing": peak}


def cards_row(analysis: chainmap.Analysis, count: int) -> Dict[str, float]:
    from chainmap.workshop.deck import card_pdf, make_cards

    def deck() -> bytes:
        return card_pdf(make_cards(analysis)[:count], "A4")

    wall, cpu, pdf = timed(deck)
    first = make_cards(analysis)[:1]
    floor_wall, floor_cpu, _unused = timed(lambda: card_pdf(first * count, "A4"))
    return {"seconds": wall, "cpu": cpu, "floor": floor_wall, "floor_cpu": floor_cpu, "cards": count,
            "pages": -(-count // 4), "mb": len(pdf) / 1e6}  # type: ignore[arg-type]


def main() -> None:
    root, what = Path(sys.argv[1]), sys.argv[2]
    analysis = chainmap.analyse(chainmap.load(root))
    if what == "chains":
        print(json.dumps(chains_row(analysis)))
    else:
        print(json.dumps(cards_row(analysis, int(sys.argv[3]) if len(sys.argv) > 3 else len(analysis.org.workers))))


if __name__ == "__main__":
    main()
