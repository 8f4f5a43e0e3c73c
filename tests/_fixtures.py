"""Helpers shared by the test modules (plain functions, imported by name)."""

from __future__ import annotations

import pandas as pd

import analysis


def fixture_corpus(texts: list[str], lang: str, outlets: list[str] | None = None):
    """One article per FIXTURE sentence (written for the tests)."""
    frame = pd.DataFrame(
        {"id": [f"{lang}{i}" for i in range(len(texts))], "text": texts, "language": lang}
    )
    if outlets is not None:
        frame["outlet"] = outlets
    return analysis.Corpus.from_frames(frame)
