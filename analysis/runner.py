"""Execute the study notebooks top to bottom, headless, and store them with their outputs.

This is what ``make figures`` runs. Each ``notebooks/[0-9][0-9]_*.ipynb`` is
executed in name order in a fresh ``python3`` kernel whose working directory is
the notebooks directory, with a fixed environment (:data:`KERNEL_ENV`):
progress bars off, the Agg backend, ``PYTHONHASHSEED=0``.

On the shipped corpus the executed notebooks replace the originals, so their
stored outputs are what ``make nbval`` compares against. On another corpus
(``--corpus PATH``, exported to the kernel as ``$ANALYSIS_CORPUS``) they are
written to ``output/<corpus>/notebooks/`` instead — they quote the articles, which
must not reach the repository — next to that corpus's figures.

A notebook is written only through :func:`write_notebook`, which makes the file a
function of its content alone: per-cell ``execution`` timing metadata removed,
missing cell ids filled with ids derived from the cell's position (nbformat would
otherwise invent random ones), nbformat's canonical JSON. Executing twice
therefore leaves ``git diff`` empty unless an output really changed.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbformat import NotebookNode

from analysis import config
from analysis.errors import AnalysisError, CorpusError, OptionError, check_positive_int

__all__ = [
    "DEFAULT_PATTERN",
    "KERNEL_ENV",
    "NotebookExecutionError",
    "NotebookRun",
    "find_notebooks",
    "kernel_environment",
    "normalise_notebook",
    "read_notebook",
    "write_notebook",
    "execute_notebook",
    "run_notebooks",
]

#: Which notebooks ``make figures`` runs: the numbered ones.
DEFAULT_PATTERN = "[0-9][0-9]_*.ipynb"

#: Environment every kernel gets, on top of the caller's.
KERNEL_ENV: dict[str, str] = {
    "TQDM_DISABLE": "1",
    "MPLBACKEND": "Agg",
    "PYTHONHASHSEED": "0",
}

#: Seconds a single cell may run before the notebook is abandoned.
DEFAULT_TIMEOUT = 1800


class NotebookExecutionError(AnalysisError, RuntimeError):
    """A notebook failed to execute (a cell raised, the kernel died or timed out).

    The notebook on disk is left as it was.
    """


@dataclass(frozen=True)
class NotebookRun:
    """What happened to one notebook.

    Attributes
    ----------
    source : pathlib.Path
        The notebook executed.
    written : pathlib.Path
        Where the executed notebook was stored (``source`` itself when run in place).
    seconds : float
        Wall-clock execution time (printed, never stored in the notebook).
    changed : bool
        Whether the stored file's bytes changed.
    """

    source: Path
    written: Path
    seconds: float
    changed: bool


def find_notebooks(directory: str | os.PathLike[str], pattern: str = DEFAULT_PATTERN) -> list[Path]:
    """The ``.ipynb`` files of ``directory`` matching the glob ``pattern``, sorted by name.

    Parameters
    ----------
    directory : path
        Folder to look in (not recursive).
    pattern : str
        Glob on file names, e.g. ``"02_*"``; only ``.ipynb`` files are kept.

    Returns
    -------
    list of pathlib.Path

    Raises
    ------
    OptionError
        If ``directory`` is not a folder or nothing matches.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise OptionError(f"notebooks directory {directory} does not exist or is not a folder.")
    found = sorted(
        (p for p in directory.glob(pattern) if p.suffix == ".ipynb" and p.is_file()),
        key=lambda p: p.name,
    )
    if not found:
        raise OptionError(
            f"no notebook in {directory} matches {pattern!r}; notebooks are named like "
            "'02_term_frequencies.ipynb' (try --notebooks '02_*')."
        )
    return found


def kernel_environment(corpus: Path | None = None) -> dict[str, str]:
    """The environment a notebook kernel runs in: ours, plus :data:`KERNEL_ENV`.

    Parameters
    ----------
    corpus : pathlib.Path, optional
        Absolute path exported as ``$ANALYSIS_CORPUS``. When None the variable is
        removed, so an ``ANALYSIS_CORPUS`` left in the shell cannot redirect a run
        meant for the shipped corpus.

    Returns
    -------
    dict of str to str
    """
    env = dict(os.environ)
    env.update(KERNEL_ENV)
    env.pop(config.CORPUS_ENV, None)
    if corpus is not None:
        env[config.CORPUS_ENV] = str(corpus)
    return env


def _corpus_layout(corpus: Path | None) -> tuple[bool, str]:
    """(is it the shipped corpus?, its name), as the kernels' config module will see them."""
    saved = os.environ.get(config.CORPUS_ENV)
    try:
        if corpus is None:
            os.environ.pop(config.CORPUS_ENV, None)
        else:
            os.environ[config.CORPUS_ENV] = str(corpus)
        return config.is_default_corpus(), config.corpus_name()
    finally:
        if saved is None:
            os.environ.pop(config.CORPUS_ENV, None)
        else:
            os.environ[config.CORPUS_ENV] = saved


def normalise_notebook(nb: NotebookNode) -> NotebookNode:
    """Remove run-to-run noise from an executed notebook, in place.

    Drops per-cell ``metadata.execution`` (timings that JupyterLab or nbclient may
    record) and gives every cell of an nbformat >= 4.5 notebook that lacks an id
    the id ``cell-<index>`` (made unique if needed), so validation on write does not
    invent random ones.

    Parameters
    ----------
    nb : nbformat.NotebookNode or dict
        A version-4 notebook (a plain dict from ``json.load`` works too).

    Returns
    -------
    nbformat.NotebookNode or dict
        The same object.
    """
    needs_ids = (nb.get("nbformat", 0), nb.get("nbformat_minor", 0)) >= (4, 5)
    cells = nb.get("cells", [])
    taken = {cell.get("id") for cell in cells if cell.get("id")}
    for index, cell in enumerate(cells):
        cell.get("metadata", {}).pop("execution", None)
        if needs_ids and not cell.get("id"):
            candidate, suffix = f"cell-{index:03d}", 0
            while candidate in taken:
                suffix += 1
                candidate = f"cell-{index:03d}-{suffix}"
            cell["id"] = candidate
            taken.add(candidate)
    return nb


def read_notebook(path: str | os.PathLike[str]) -> NotebookNode:
    """Read a notebook as nbformat 4, filling missing cell ids with positional ones.

    ``nbformat.read`` would fill them with *random* ids while validating, so every
    run would rewrite them; here :func:`normalise_notebook` runs on the raw JSON first.

    Parameters
    ----------
    path : path

    Returns
    -------
    nbformat.NotebookNode
    """
    text = Path(path).read_text(encoding="utf-8")
    raw = json.loads(text)
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        return nbformat.reads(text, as_version=4)  # older formats: nbformat converts
    # reads() joins multi-line sources and validates; the ids are already there.
    return nbformat.reads(json.dumps(normalise_notebook(raw)), as_version=4)


def write_notebook(nb: NotebookNode, path: str | os.PathLike[str]) -> bool:
    """Write ``nb`` to ``path`` canonically; return whether the file's bytes changed.

    The notebook is normalised (:func:`normalise_notebook`) and serialised by
    nbformat (sorted keys, one-space indent, trailing newline). An unchanged file is
    not rewritten, so its modification time stays put.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    path : path

    Returns
    -------
    bool
    """
    path = Path(path)
    text = nbformat.writes(normalise_notebook(nb), version=nbformat.NO_CONVERT)
    if not text.endswith("\n"):
        text += "\n"
    payload = text.encode("utf-8")
    if path.exists() and path.read_bytes() == payload:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(payload)
    os.replace(tmp, path)
    return True


def execute_notebook(
    path: str | os.PathLike[str],
    *,
    env: dict[str, str],
    cwd: str | os.PathLike[str] | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    kernel_name: str = "python3",
) -> NotebookNode:
    """Execute one notebook in a fresh kernel and return it with its outputs (not saved).

    Parameters
    ----------
    path : path
        The notebook.
    env : dict
        The kernel's full environment (see :func:`kernel_environment`).
    cwd : path, optional
        Kernel working directory; default the notebook's folder.
    timeout : int
        Seconds allowed per cell.
    kernel_name : str
        Jupyter kernel to start.

    Returns
    -------
    nbformat.NotebookNode

    Raises
    ------
    NotebookExecutionError
        If a cell raises, the kernel dies or a cell exceeds ``timeout``.
    """
    path = Path(path)
    nb = read_notebook(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        record_timing=False,
        resources={"metadata": {"path": str(Path(cwd) if cwd is not None else path.parent)}},
    )
    try:
        client.execute(env=env)
    except Exception as exc:  # CellExecutionError, DeadKernelError, CellTimeoutError, …
        raise NotebookExecutionError(f"{path.name} failed:\n{exc}") from exc
    return nb


def run_notebooks(
    *,
    notebooks_dir: str | os.PathLike[str] | None = None,
    pattern: str = DEFAULT_PATTERN,
    corpus: str | os.PathLike[str] | None = None,
    output_dir: str | os.PathLike[str] | None = None,
    timeout: int = DEFAULT_TIMEOUT,
    kernel_name: str = "python3",
    echo: Callable[[str], None] | None = print,
) -> list[NotebookRun]:
    """Execute every matching notebook in name order and store it with its outputs.

    Parameters
    ----------
    notebooks_dir : path, optional
        Where the notebooks are; default :data:`analysis.config.NOTEBOOKS_DIR`. It is
        also every kernel's working directory.
    pattern : str
        Glob selecting notebooks by file name (default :data:`DEFAULT_PATTERN`).
    corpus : path, optional
        Study these articles instead of ``data/raw``: exported as ``$ANALYSIS_CORPUS``
        (made absolute). Unless it is ``data/raw`` itself, the executed notebooks go
        to ``output_dir``, never over the originals.
    output_dir : path, optional
        Where executed notebooks go for another corpus; default
        ``output/<corpus name>/notebooks``. Ignored (with the originals overwritten)
        for the shipped corpus.
    timeout : int
        Seconds allowed per cell.
    kernel_name : str
        Jupyter kernel to start.
    echo : callable, optional
        Receives one progress line per notebook, e.g.
        ``"[2/4] 02_term_frequencies.ipynb … 3.1 s"``; None for silence.

    Returns
    -------
    list of NotebookRun
        One per notebook, in execution order.

    Raises
    ------
    CorpusError
        If ``corpus`` does not exist.
    OptionError
        If the notebooks directory has no matching notebook, ``timeout`` is not a
        positive integer, or ``output_dir`` is the notebooks directory itself.
    NotebookExecutionError
        At the first notebook that fails; it and the later ones are not written.
    """
    say = echo if echo is not None else (lambda line: None)
    timeout = check_positive_int("timeout", timeout)
    source_dir = Path(notebooks_dir) if notebooks_dir is not None else config.NOTEBOOKS_DIR
    notebooks = find_notebooks(source_dir, pattern)
    source_dir = source_dir.resolve()

    corpus_abs: Path | None = None
    if corpus is not None:
        corpus_abs = Path(corpus).expanduser().resolve()
        if not corpus_abs.exists():
            raise CorpusError(f"--corpus {corpus}: no such file or folder ({corpus_abs}).")
    in_place, name = _corpus_layout(corpus_abs)
    if in_place:
        target_dir = source_dir
    else:
        target_dir = (
            Path(output_dir) if output_dir is not None else (config.OUTPUT_DIR / name / "notebooks")
        )
        if target_dir.resolve() == source_dir:
            raise OptionError(
                f"output_dir={output_dir} is the notebooks folder: notebooks run on another "
                "corpus quote its articles and must not overwrite the committed ones."
            )
    env = kernel_environment(corpus_abs)

    runs: list[NotebookRun] = []
    total = len(notebooks)
    for number, path in enumerate(notebooks, start=1):
        start = time.perf_counter()
        try:
            nb = execute_notebook(
                path, env=env, cwd=source_dir, timeout=timeout, kernel_name=kernel_name
            )
        except NotebookExecutionError:
            say(
                f"[{number}/{total}] {path.name} … failed after {time.perf_counter() - start:.1f} s"
            )
            raise
        written = target_dir / path.name
        changed = write_notebook(nb, written)
        seconds = time.perf_counter() - start
        where = "" if in_place else f" → {written}"
        say(f"[{number}/{total}] {path.name} … {seconds:.1f} s{where}")
        runs.append(NotebookRun(source=path, written=written, seconds=seconds, changed=changed))
    return runs
