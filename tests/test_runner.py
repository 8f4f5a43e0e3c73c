"""analysis.runner and ``python -m analysis``: execute notebooks headless, store them stably.

Every notebook here is a tiny one built with nbformat in ``tmp_path``; the
project's own ``notebooks/`` is never touched.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from analysis import config, runner
from analysis.__main__ import main
from analysis.errors import CorpusError, OptionError

PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (\S+\.ipynb) … \d+\.\d s")

ENV_CELL = (
    "import os\n"
    "print(os.environ['TQDM_DISABLE'], os.environ['MPLBACKEND'], os.environ['PYTHONHASHSEED'])"
)
CORPUS_CELL = "print(os.environ.get('ANALYSIS_CORPUS', 'unset'))"
CWD_CELL = "import pathlib\nprint(pathlib.Path.cwd())"


def make_notebook(path: Path, *sources: str, minor: int = 5) -> Path:
    """Write a notebook whose first cell is markdown and the others run ``sources``."""
    cells = [new_markdown_cell("# Fixture notebook")] + [new_code_cell(s) for s in sources]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.nbformat_minor = minor
    if minor < 5:
        for cell in nb.cells:
            cell.pop("id", None)
    nbformat.write(nb, path)
    return path


def code_outputs(path: Path) -> list[str]:
    """Concatenated text of each code cell's outputs."""
    nb = nbformat.read(path, as_version=4)
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        parts = []
        for out in cell.outputs:
            parts.append(out.get("text") or out.get("data", {}).get("text/plain", ""))
        texts.append("".join(parts))
    return texts


@pytest.fixture
def lines() -> list[str]:
    return []


def test_runs_in_place_with_fixed_environment_and_cwd(tmp_path, lines, monkeypatch):
    monkeypatch.setenv(config.CORPUS_ENV, "/left/over/from/the/shell")
    nb_path = make_notebook(tmp_path / "01_env.ipynb", ENV_CELL, CORPUS_CELL, CWD_CELL, "1 + 1")
    runs = runner.run_notebooks(notebooks_dir=tmp_path, echo=lines.append)

    assert [r.written for r in runs] == [nb_path]
    assert runs[0].changed
    assert code_outputs(nb_path) == ["1 Agg 0\n", "unset\n", f"{tmp_path}\n", "2"]
    nb = nbformat.read(nb_path, as_version=4)
    assert [c.execution_count for c in nb.cells if c.cell_type == "code"] == [1, 2, 3, 4]
    assert len(lines) == 1 and PROGRESS.match(lines[0])


def test_second_run_is_byte_identical_and_ids_are_kept(tmp_path):
    nb_path = make_notebook(tmp_path / "01_stable.ipynb", ENV_CELL, "{'b': 1, 'a': 2}")
    nb = nbformat.read(nb_path, as_version=4)
    ids = [c.id for c in nb.cells]
    # Timings as JupyterLab records them: must not survive a run.
    nb.cells[1].metadata["execution"] = {"iopub.execute_input": "2024-02-01T10:00:00Z"}
    nbformat.write(nb, nb_path)

    runner.run_notebooks(notebooks_dir=tmp_path, echo=None)
    first = nb_path.read_bytes()
    second_run = runner.run_notebooks(notebooks_dir=tmp_path, echo=None)

    assert nb_path.read_bytes() == first
    assert not second_run[0].changed
    written = nbformat.read(nb_path, as_version=4)
    assert [c.id for c in written.cells] == ids
    assert all("execution" not in c.metadata for c in written.cells)
    assert first.endswith(b"}\n")


def test_notebooks_run_in_name_order_and_only_numbered_ones(tmp_path, lines):
    make_notebook(tmp_path / "02_second.ipynb", "print('two')")
    make_notebook(tmp_path / "01_first.ipynb", "print('one')")
    make_notebook(tmp_path / "scratch.ipynb", "raise SystemExit('must not run')")
    (tmp_path / "03_notes.txt").write_text("not a notebook", encoding="utf-8")

    runs = runner.run_notebooks(notebooks_dir=tmp_path, echo=lines.append)

    assert [r.source.name for r in runs] == ["01_first.ipynb", "02_second.ipynb"]
    parsed = [PROGRESS.match(line).groups() for line in lines]
    assert parsed == [("1", "2", "01_first.ipynb"), ("2", "2", "02_second.ipynb")]
    assert nbformat.read(tmp_path / "scratch.ipynb", as_version=4).cells[1].outputs == []


def test_glob_selects_notebooks(tmp_path):
    make_notebook(tmp_path / "01_first.ipynb", "print('one')")
    make_notebook(tmp_path / "02_second.ipynb", "print('two')")
    runs = runner.run_notebooks(notebooks_dir=tmp_path, pattern="02_*", echo=None)
    assert [r.source.name for r in runs] == ["02_second.ipynb"]
    assert code_outputs(tmp_path / "01_first.ipynb") == [""]


def test_other_corpus_never_overwrites_the_notebooks(tmp_path, lines):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb_path = make_notebook(notebooks / "01_corpus.ipynb", "import os", CORPUS_CELL)
    original = nb_path.read_bytes()
    corpus = tmp_path / "press-2024.jsonl"
    corpus.write_text("{}\n", encoding="utf-8")
    out = tmp_path / "out"

    runs = runner.run_notebooks(
        notebooks_dir=notebooks, corpus=corpus, output_dir=out, echo=lines.append
    )

    assert nb_path.read_bytes() == original
    assert runs[0].written == out / "01_corpus.ipynb"
    assert code_outputs(out / "01_corpus.ipynb") == ["", f"{corpus.resolve()}\n"]
    assert str(out / "01_corpus.ipynb") in lines[0]


def test_other_corpus_defaults_to_output_corpus_name_notebooks(tmp_path, monkeypatch):
    monkeypatch.setattr(config, "OUTPUT_DIR", tmp_path / "output")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    nb_path = make_notebook(notebooks / "01_corpus.ipynb", "x = 1")
    original = nb_path.read_bytes()
    corpus = tmp_path / "fr-press.jsonl"
    corpus.write_text("{}\n", encoding="utf-8")

    runs = runner.run_notebooks(notebooks_dir=notebooks, corpus=corpus, echo=None)

    assert runs[0].written == tmp_path / "output" / "fr-press" / "notebooks" / "01_corpus.ipynb"
    assert runs[0].written.exists()
    assert nb_path.read_bytes() == original


def test_failing_notebook_stops_the_run_and_is_not_written(tmp_path, lines):
    bad = make_notebook(tmp_path / "01_bad.ipynb", "print('before')", "raise ValueError('boom')")
    later = make_notebook(tmp_path / "02_later.ipynb", "print('later')")
    bad_bytes, later_bytes = bad.read_bytes(), later.read_bytes()

    with pytest.raises(runner.NotebookExecutionError, match=r"01_bad\.ipynb(.|\n)*boom"):
        runner.run_notebooks(notebooks_dir=tmp_path, echo=lines.append)

    assert bad.read_bytes() == bad_bytes
    assert later.read_bytes() == later_bytes
    assert lines == [lines[0]] and "failed" in lines[0]


def test_missing_cell_ids_get_positional_ids(tmp_path):
    nb_path = make_notebook(tmp_path / "01_ids.ipynb", "x = 1", "x")
    nb = nbformat.read(nb_path, as_version=4)
    for cell in nb.cells:
        del cell["id"]
    # Written by hand: nbformat itself would refuse or repair the missing ids.
    nb_path.write_text(json.dumps(nb, indent=1, sort_keys=True) + "\n", encoding="utf-8")

    runner.run_notebooks(notebooks_dir=tmp_path, echo=None)
    first = nb_path.read_bytes()
    assert [c.id for c in nbformat.read(nb_path, as_version=4).cells] == [
        "cell-000",
        "cell-001",
        "cell-002",
    ]
    runner.run_notebooks(notebooks_dir=tmp_path, echo=None)
    assert nb_path.read_bytes() == first


def test_nbformat_4_4_notebooks_stay_without_ids(tmp_path):
    nb_path = make_notebook(tmp_path / "01_old.ipynb", "x = 1", minor=4)
    runner.run_notebooks(notebooks_dir=tmp_path, echo=None)
    nb = nbformat.read(nb_path, as_version=4)
    assert nb.nbformat_minor == 4
    assert all("id" not in c for c in nb.cells)


def test_normalise_notebook_needs_no_kernel():
    nb = new_notebook(cells=[new_code_cell("x"), new_code_cell("y")])
    nb.cells[0].metadata["execution"] = {"shell.execute_reply": "now"}
    nb.cells[1].id = ""
    taken = nb.cells[0].id
    runner.normalise_notebook(nb)
    assert "execution" not in nb.cells[0].metadata
    assert nb.cells[0].id == taken
    assert nb.cells[1].id == "cell-001"


def test_write_notebook_reports_changes(tmp_path):
    nb = new_notebook(cells=[new_code_cell("x = 1")])
    target = tmp_path / "sub" / "nb.ipynb"
    assert runner.write_notebook(nb, target) is True
    assert runner.write_notebook(nb, target) is False
    assert target.read_bytes().endswith(b"\n")


def test_no_matching_notebook_is_an_option_error(tmp_path):
    make_notebook(tmp_path / "01_a.ipynb", "x = 1")
    with pytest.raises(OptionError, match="no notebook .* matches '09_\\*'"):
        runner.run_notebooks(notebooks_dir=tmp_path, pattern="09_*", echo=None)
    with pytest.raises(OptionError, match="does not exist"):
        runner.find_notebooks(tmp_path / "missing")


def test_other_corpus_refuses_to_write_into_the_notebooks_folder(tmp_path):
    nb_path = make_notebook(tmp_path / "01_a.ipynb", "x = 1")
    corpus = tmp_path / "other.jsonl"
    corpus.write_text("{}\n", encoding="utf-8")
    with pytest.raises(OptionError, match="must not overwrite"):
        runner.run_notebooks(notebooks_dir=tmp_path, corpus=corpus, output_dir=tmp_path, echo=None)
    assert code_outputs(nb_path) == [""]


def test_timeout_must_be_positive(tmp_path):
    make_notebook(tmp_path / "01_a.ipynb", "x = 1")
    with pytest.raises(OptionError, match="timeout"):
        runner.run_notebooks(notebooks_dir=tmp_path, timeout=0, echo=None)


def test_missing_corpus_is_a_corpus_error(tmp_path):
    make_notebook(tmp_path / "01_a.ipynb", "x = 1")
    with pytest.raises(CorpusError, match="no such file"):
        runner.run_notebooks(notebooks_dir=tmp_path, corpus=tmp_path / "nope.jsonl", echo=None)


def test_kernel_environment():
    env = runner.kernel_environment(Path("/data/corpus.jsonl"))
    assert env["TQDM_DISABLE"] == "1" and env["MPLBACKEND"] == "Agg"
    assert env["PYTHONHASHSEED"] == "0"
    assert env[config.CORPUS_ENV] == "/data/corpus.jsonl"
    assert config.CORPUS_ENV not in runner.kernel_environment(None)


# ---------------------------------------------------------------- command line


def test_help_from_the_command_line():
    top = subprocess.run(
        [sys.executable, "-m", "analysis", "--help"],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
    )
    assert top.returncode == 0, top.stderr
    assert "figures" in top.stdout
    sub = subprocess.run(
        [sys.executable, "-m", "analysis", "figures", "--help"],
        capture_output=True,
        text=True,
        cwd=config.PROJECT_ROOT,
    )
    assert sub.returncode == 0, sub.stderr
    for option in ("--corpus", "--notebooks", "--notebooks-dir", "--timeout"):
        assert option in sub.stdout


def test_main_runs_figures(tmp_path, capsys):
    make_notebook(tmp_path / "01_a.ipynb", "print('a')")
    assert main(["figures", "--notebooks-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert PROGRESS.match(out[0])
    assert out[-1] == "1 notebook(s) executed, 1 changed on disk."


def test_main_reports_errors_without_traceback(tmp_path, capsys):
    assert main(["figures", "--notebooks-dir", str(tmp_path), "--notebooks", "01_*"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: no notebook")


def test_main_without_command_shows_usage(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert "figures" in capsys.readouterr().err
