"""Every notebook has a jupytext percent-format twin (notebooks/NN_*.py) with the same cells."""

from __future__ import annotations

import jupytext
import pytest

from analysis.config import NOTEBOOKS_DIR

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _cells(nb):
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_pair_in_sync(path):
    twin = path.with_suffix(".py")
    assert twin.exists(), f"{twin.name} is missing: run `jupytext --set-formats ipynb,py:percent {path.name}`"
    assert _cells(jupytext.read(path)) == _cells(jupytext.read(twin)), (
        f"{path.name} and {twin.name} have drifted: edit one, then `jupytext --sync {path.name}`"
    )


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 4


def test_a_drifted_pair_is_caught(tmp_path):
    nb = jupytext.read(NOTEBOOKS[0])
    changed = jupytext.read(NOTEBOOKS[0].with_suffix(".py"))
    changed.cells[-1].source += "\nextra words"
    assert _cells(nb) != _cells(changed)
