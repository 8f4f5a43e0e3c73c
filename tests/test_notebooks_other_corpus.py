"""The notebooks run unchanged on another corpus than the shipped single article.

They are executed on the synthetic page-dump fixtures (several articles, French and
English, dated and undated) into a temporary folder; nothing under notebooks/ or figures/
is touched.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.config import FIGURES_DIR, NOTEBOOKS_DIR
from analysis.runner import run_notebooks

FIXTURES = Path(__file__).parent / "fixtures" / "pagedumps"


@pytest.mark.skipif(not FIXTURES.exists(), reason="page-dump fixtures missing")
def test_every_notebook_runs_on_a_multi_article_corpus(tmp_path):
    before = {p: p.stat().st_mtime_ns for p in list(NOTEBOOKS_DIR.glob("*.ipynb")) + list(FIGURES_DIR.glob("*"))}
    runs = run_notebooks(corpus=FIXTURES, output_dir=tmp_path, echo=None)
    assert len(runs) == len(list(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")))
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == sorted(
        p.name for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb")
    )
    after = {p: p.stat().st_mtime_ns for p in before}
    assert before == after  # the shipped notebooks and figures were not rewritten
