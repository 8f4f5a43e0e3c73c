"""Tokenising speed on real French press, beside scikit-learn's and spaCy's tokenizers.

Run: ``make bench`` (or ``.venv/bin/python benchmarks/bench_tokenize.py``). Reads
../shared/corpora/fr-press-gilets-jaunes.jsonl where it lies (never copied) and prints one
table: seconds, MB/s and the ratio to scikit-learn's default analyzer, all measured in this
one run on the same texts. A benchmark, not a test: nothing here asserts a time.
"""

from __future__ import annotations

import json
import platform
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from analysis.config import SHARED_CORPORA  # noqa: E402
from analysis.tokens import tokenize  # noqa: E402

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


def timed(fn, texts):
    start = time.perf_counter()
    n = 0
    for t in texts:
        n += len(fn(t))
    return time.perf_counter() - start, n


def main() -> int:
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} not found (the benchmark needs ../shared/corpora)")
        return 0
    with CORPUS.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    from sklearn.feature_extraction.text import CountVectorizer

    sk = CountVectorizer().build_analyzer()
    rows = []
    floor = re.compile(r"\w+")
    rows.append(("re.findall(r'\\w+', lower) — floor", *timed(lambda t: floor.findall(t.lower()), texts)))
    rows.append(("scikit-learn CountVectorizer analyzer", *timed(sk, texts)))
    rows.append(("analysis.tokenize (French rules, stop words)", *timed(tokenize, texts)))
    rows.append(("analysis.tokenize(lemmatize=True)", *timed(lambda t: tokenize(t, lemmatize=True), texts)))
    try:
        import spacy

        nlp = spacy.blank("fr")
        start = time.perf_counter()
        n = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
        rows.append(("spaCy blank('fr') tokenizer", time.perf_counter() - start, n))
    except ImportError:
        rows.append(("spaCy blank('fr') tokenizer (not installed)", float("nan"), 0))

    base = rows[1][1]
    print(f"{len(texts)} articles, {mb:.1f} MB — {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.machine()}")
    print(f"{'tokenizer':48} {'seconds':>8} {'MB/s':>7} {'× sklearn':>9} {'tokens':>10}")
    for name, sec, n in rows:
        print(f"{name:48} {sec:8.2f} {mb / sec:7.1f} {sec / base:9.2f} {n:10d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
