"""nbval really compares outputs, the sanitize file is narrow, and the notebooks are fit for it.

``make nbval`` is only worth something if (a) a changed output fails it, (b) the
sanitize file hides only what cannot be stable, and (c) the stored notebooks
carry executed outputs — stripped notebooks turn nbval into a smoke test, and a
trailing ``;`` makes a cell fail under nbval although it looks fine in Lab.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tokenize
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from nbval.plugin import get_sanitize_patterns

from analysis import config

SANITIZE = Path(__file__).with_name("nbval_sanitize.cfg")
IGNORE_MARKER = "NBVAL_IGNORE_OUTPUT"


def _nbval(notebook: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run nbval on one notebook in a fresh interpreter, as `make nbval` does."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTEST_ADDOPTS", config.CORPUS_ENV)}
    env.update({"MPLBACKEND": "Agg", "PYTHONHASHSEED": "0", "TQDM_DISABLE": "1"})
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--nbval",
            "--nbval-current-env",
            "-p",
            "no:cacheprovider",
            *extra,
            str(notebook),
        ],
        cwd=notebook.parent,  # away from the project's pytest settings
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _notebook(path: Path, cells: list) -> Path:
    nb = new_notebook(cells=[new_markdown_cell("# nbval fixture"), *cells])
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)
    return path


def _executed(source: str, count: int, *outputs) -> nbformat.NotebookNode:
    cell = new_code_cell(source, execution_count=count)
    cell.outputs = list(outputs)
    return cell


def _stdout(text: str) -> nbformat.NotebookNode:
    return new_output("stream", name="stdout", text=text)


def test_nbval_passes_on_the_stored_output_and_fails_on_a_wrong_one(tmp_path):
    path = _notebook(tmp_path / "check.ipynb", [_executed("print(1 + 1)", 1, _stdout("2\n"))])
    good = _nbval(path)
    assert good.returncode == 0, good.stdout + good.stderr

    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs[0]["text"] = "3\n"
    nbformat.write(nb, path)
    bad = _nbval(path)
    assert bad.returncode != 0
    assert "1 failed" in bad.stdout


def test_sanitize_file_absorbs_addresses_and_figure_sizes_only(tmp_path):
    """A new object address and another figure size pass only with the sanitize file."""
    cells = [
        _executed("print(object())", 1, _stdout("<object object at 0x7f00deadbeef>\n")),
        _executed(
            "from matplotlib.figure import Figure\nFigure(figsize=(3, 2))",
            2,
            new_output(
                "execute_result",
                data={"text/plain": "<Figure size 640x480 with 0 Axes>"},
                execution_count=2,
            ),
        ),
    ]
    path = _notebook(tmp_path / "unstable.ipynb", cells)
    sanitized = _nbval(path, "--nbval-sanitize-with", str(SANITIZE))
    assert sanitized.returncode == 0, sanitized.stdout + sanitized.stderr
    raw = _nbval(path)
    assert raw.returncode != 0
    assert "2 failed" in raw.stdout


def _sanitize(text: str) -> str:
    for regex, replace in get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8")):
        text = re.sub(regex, replace, text)
    return text


def test_sanitize_patterns_are_narrow():
    assert len(get_sanitize_patterns(SANITIZE.read_text(encoding="utf-8"))) == 2
    assert _sanitize("<object object at 0x7f3a>") == "<object object at MEMORY_ADDRESS>"
    assert _sanitize("<Figure size 1050x675 with 2 Axes>") == (
        "<Figure size WIDTHxHEIGHT with 2 Axes>"
    )
    # the number of axes, plain numbers, hex literals and tables stay compared
    for kept in (
        "<Figure size 640x480 with 1 Axes> vs 2 Axes",
        "0x1f",
        "count 640x480",
        "term  per_10k\ngrève  12.5",
        "<Axes: title={'center': 'Top terms'}>",
    ):
        assert _sanitize(kept).replace("WIDTHxHEIGHT", "640x480") == kept


# ---------------------------------------------------------------- the project's notebooks


def _project_notebooks() -> list[Path]:
    if not config.NOTEBOOKS_DIR.is_dir():
        return []
    return sorted(config.NOTEBOOKS_DIR.glob("*.ipynb"))


def _last_statement_ends_with_semicolon(source: str) -> bool:
    """True when the cell's last code token is ``;`` (IPython then hides the result)."""
    skip = {tokenize.NEWLINE, tokenize.NL, tokenize.COMMENT, tokenize.ENDMARKER, tokenize.DEDENT}
    try:
        tokens = [
            t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in skip
        ]
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # IPython syntax (magics, `!cmd`) may not tokenize: look at the last code line.
        lines = [ln for ln in source.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
        return bool(lines) and lines[-1].rstrip().endswith(";")
    return bool(tokens) and tokens[-1].type == tokenize.OP and tokens[-1].string == ";"


def _ignore_is_justified(source: str) -> bool:
    """The marker comment says why on its own line (``# NBVAL_IGNORE_OUTPUT: reason``)."""
    for line in source.splitlines():
        if IGNORE_MARKER in line:
            reason = line.split(IGNORE_MARKER, 1)[1].strip(" :-—–\t")
            return len(reason.split()) >= 2
    return False


@pytest.mark.parametrize("path", _project_notebooks(), ids=lambda p: p.name)
def test_project_notebook_is_stored_executed_and_nbval_ready(path):
    nb = nbformat.read(path, as_version=4)
    code = {i: c for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()}
    problems = []
    unexecuted = [i for i, c in code.items() if c.execution_count is None]
    if unexecuted:
        problems.append(f"cells {unexecuted} not executed: run `make figures`")
    if code and not any(c.outputs for c in code.values()):
        problems.append(
            "no stored output at all: outputs were stripped, nbval would compare nothing"
        )
    for i, cell in code.items():
        if any(o.output_type == "error" for o in cell.outputs):
            problems.append(f"cell {i} stored an error")
        if _last_statement_ends_with_semicolon(cell.source):
            problems.append(
                f"cell {i} ends with ';' (nbval still sees the output): "
                "assign it (`_ = ...`) or end the cell with the figure"
            )
        if "nbval-ignore-output" in cell.metadata.get("tags", []):
            problems.append(
                f"cell {i} is ignored through a tag; use a `# {IGNORE_MARKER}: reason` comment "
                "so the reason is visible"
            )
    ignored = [i for i, c in code.items() if IGNORE_MARKER in c.source]
    if len(ignored) > 1:
        problems.append(f"{len(ignored)} cells {ignored} ignore their output; at most one may")
    for i in ignored:
        if not _ignore_is_justified(code[i].source):
            problems.append(f"cell {i}: write why, e.g. `# {IGNORE_MARKER}: wall-clock timings`")
    assert not problems, f"{path.name}: " + "; ".join(problems)


@pytest.mark.parametrize(
    ("source", "flagged"),
    [
        ("ax.bar(x, y);", True),
        ("ax.bar(x, y);  # hide the container", True),
        ("fig, ax = plt.subplots()\n_ = ax.bar(x, y)\nfig", False),
        ("x = 1; y = 2\nprint(x)", False),
        ("s = 'a;'", False),
        ("%matplotlib inline\nax.plot([1]);", True),
    ],
)
def test_semicolon_rule(source, flagged):
    assert _last_statement_ends_with_semicolon(source) is flagged
