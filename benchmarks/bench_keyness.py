"""Every-outlet-vs-rest keyness on real French press: time per measure and test.

Run: ``.venv/bin/python benchmarks/bench_keyness.py`` (part of ``make bench``). Reads
../shared/corpora/fr-press-gilets-jaunes.jsonl in place (never copied). Prints the time to
count terms once and then each keyness configuration over every outlet, and checks the
``min_docs`` guarantee on the result (no key term from fewer than min_docs articles).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import analysis  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    frame = pd.read_json(CORPUS, lines=True)[["id", "outlet", "date", "title", "text"]]
    corpus = analysis.Corpus.from_frames(frame)
    start = time.perf_counter()
    m = analysis.dtm(corpus)
    print(f"{len(corpus)} articles, {m.shape[1]} terms, {m.docs.outlet.nunique()} outlets; "
          f"counting: {time.perf_counter() - start:.1f} s")
    print(f"{'measure':16} {'test':12} {'seconds':>8} {'rows':>8} {'min doc_freq of key terms':>26}")
    for measure, test in [("g2", "token"), ("specificities", "token"), ("fightin_words", "token"),
                          ("log_ratio", "welch"), ("log_ratio", "mannwhitney")]:
        start = time.perf_counter()
        res = analysis.keyness(m, by="outlet", measure=measure, test=test, min_docs=3)
        sec = time.perf_counter() - start
        low = res.loc[res.stat > 0, "doc_freq_target"].min()
        print(f"{measure:16} {test:12} {sec:8.2f} {len(res):8d} {low:26.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
