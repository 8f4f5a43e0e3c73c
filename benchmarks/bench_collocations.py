"""Collocations and concordances on real French press: how long they take.

Run: ``.venv/bin/python benchmarks/bench_collocations.py``. Reads
../shared/corpora/fr-press-gilets-jaunes.jsonl in place (never copied) and times
``collocations`` of "gilets" and "macron" by outlet (the counting pass of ``analysis.dtm``
included), then ``kwic`` of a word, a phrase and a glob. A benchmark, not a test: nothing
here asserts a time.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import analysis  # noqa: E402
from analysis.collocations import collocations  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402
from analysis.kwic import kwic  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:58} {time.perf_counter() - start:8.2f} s   {len(result):>6} rows", flush=True)
    return result


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    columns = ["id", "outlet", "date", "title", "text", "language"]
    corpus = analysis.Corpus.from_frames(pd.read_json(CORPUS, lines=True)[columns])
    print(
        f"{len(corpus)} articles, {corpus.articles['outlet'].nunique()} outlets; "
        f"Python {platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    g = timed(
        "collocations(corpus, 'gilets', by='outlet')", collocations, corpus, "gilets", by="outlet"
    )
    print(
        g[g["group"] == "Le Figaro"]
        .head(8)[["collocate", "o11", "f_collocate", "log_dice", "g2"]]
        .to_string()
    )
    label = "collocations(corpus, 'macron', by='outlet', sentence=True)"
    m = timed(label, collocations, corpus, "macron", by="outlet", sentence=True)
    print(
        m[m["group"] == "L'Humanité"]
        .head(8)[["collocate", "o11", "f_collocate", "log_dice", "g2"]]
        .to_string()
    )
    timed("kwic(corpus, 'Macron')", kwic, corpus, "Macron")
    timed("kwic(corpus, 'gilets jaunes')", kwic, corpus, "gilets jaunes")
    timed("kwic(corpus, 'violen*')", kwic, corpus, "violen*")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
