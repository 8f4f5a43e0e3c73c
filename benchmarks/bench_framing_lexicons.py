"""Naming lexicons on real French press: time to match and count every article.

Run: ``.venv/bin/python benchmarks/bench_framing_lexicons.py``. Reads
../shared/corpora/fr-press-gilets-jaunes.jsonl in place (never copied). Prints the time of
``lexicon_counts`` over the whole corpus straight from the Corpus (matching included, 1,000
bootstrap resamples), then the same work split into its steps: matching once
(``lexicon_dtm``), counting by outlet from that matrix, shares, a weekly timeline and the
concordance table. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import platform
import sys
import time
import warnings
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import analysis  # noqa: E402
from analysis import lexicons, timeline  # noqa: E402
from analysis.config import SHARED_CORPORA  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"{label:52} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    columns = ["id", "outlet", "date", "title", "text", "language"]
    corpus = analysis.Corpus.from_frames(pd.read_json(CORPUS, lines=True)[columns])
    lexicon = lexicons.load_lexicon("conflict_fr")
    print(
        f"{len(corpus)} articles, {corpus.articles['outlet'].nunique()} outlets; {lexicon!r}; "
        f"Python {platform.python_version()} on {platform.machine()}"
    )
    counts = timed("lexicon_counts(corpus) — match + count + bootstrap", lexicons.lexicon_counts, corpus)
    print(f"{'':52} {int(counts['count'].sum())} matches, {int(counts['n_tokens'].iloc[0])} words")
    matrix = timed("  lexicon_dtm(corpus) — matching once", lexicons.lexicon_dtm, corpus)
    timed("  lexicon_counts(matrix, by='outlet')", lexicons.lexicon_counts, matrix, by="outlet")
    timed("  naming_shares(matrix, by='outlet')", lexicons.naming_shares, matrix, by="outlet")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the undated articles: reported in attrs below
        weekly = timed(
            "  attention(matrix, freq='week', query='israel')",
            timeline.attention,
            matrix,
            query="israel",
        )
    print(f"{'':52} {weekly.attrs['undated']} undated articles left out of the timeline")
    timed("  lexicon_matches(corpus) — concordance rows", lexicons.lexicon_matches, corpus)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
