"""Every path the suite reads or writes, in one place.

Notebooks never build paths of their own: they ask this module. The corpus the
notebooks study defaults to ``data/raw``; setting the environment variable
``ANALYSIS_CORPUS`` (what ``make figures CORPUS=…`` does) points them at other
articles, and their figures then go to the git-ignored ``output/<name>/figures``
so that copyrighted text never reaches the repository.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_ROOT: Path = Path(__file__).resolve().parent.parent
DATA_DIR: Path = PROJECT_ROOT / "data"
RAW_DIR: Path = DATA_DIR / "raw"
FIGURES_DIR: Path = PROJECT_ROOT / "figures"
NOTEBOOKS_DIR: Path = PROJECT_ROOT / "notebooks"
OUTPUT_DIR: Path = PROJECT_ROOT / "output"
SHARED_CORPORA: Path = PROJECT_ROOT.parent / "shared" / "corpora"

CORPUS_ENV = "ANALYSIS_CORPUS"

#: Seed for every random draw (bootstrap, sampling) so outputs are reproducible.
RANDOM_SEED = 20240201


def corpus_path() -> Path:
    """The corpus the notebooks study: ``$ANALYSIS_CORPUS`` if set, else ``data/raw``."""
    value = os.environ.get(CORPUS_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else RAW_DIR


def is_default_corpus() -> bool:
    """True when the notebooks study the shipped corpus (``data/raw``)."""
    return corpus_path() == RAW_DIR.resolve()


def corpus_name() -> str:
    """A short file-system-safe name for the corpus being studied."""
    if is_default_corpus():
        return "data-raw"
    stem = corpus_path().name.split(".")[0] or "corpus"
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem)


def figures_dir() -> Path:
    """Where figures go: ``figures/`` for the shipped corpus, else ``output/<name>/figures``."""
    if is_default_corpus():
        return FIGURES_DIR
    return OUTPUT_DIR / corpus_name() / "figures"
