"""Metamorphic tests of the tokenizer on real French press (../shared/corpora).

The corpus is read where it lies and never copied; without it these tests skip.
"""

from __future__ import annotations

import json

import pytest

from analysis.config import SHARED_CORPORA
from analysis.tokens import _LEXICALISED, tokenize

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
pytestmark = pytest.mark.skipif(
    not CORPUS.exists(), reason=f"real-press corpus not found at {CORPUS} (needs ../shared/corpora)"
)


@pytest.fixture(scope="module")
def texts() -> list[str]:
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    # a deterministic sample across outlets: every 17th article
    return [r["text"] for r in rows[::17]]


def test_sample_is_mixed(texts):
    assert len(texts) >= 250
    assert sum("’" in t for t in texts) > 20 and sum("'" in t for t in texts) > 20


def test_typographic_apostrophe_changes_no_token(texts):
    for t in texts:
        assert tokenize(t.replace("’", "'")) == tokenize(t)
        assert tokenize(t.replace("'", "’")) == tokenize(t)


def test_no_break_space_changes_no_token(texts):
    for t in texts:
        assert tokenize(t.replace("\u00a0", " ").replace("\u202f", " ")) == tokenize(t)
        assert tokenize(t.replace(" ", "\u00a0")) == tokenize(t)


def test_default_tokens_carry_no_apostrophe(texts):
    offenders = {tok for t in texts for tok in tokenize(t) if "'" in tok and tok not in _LEXICALISED}
    assert offenders == set()
