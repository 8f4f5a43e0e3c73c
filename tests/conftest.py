"""Fixtures shared by the test modules."""

from __future__ import annotations

import pytest

import analysis
from analysis.config import RAW_DIR


@pytest.fixture(scope="module")
def seed():
    """The shipped Press TV article, loaded once per test module."""
    return analysis.load_corpus(RAW_DIR)
