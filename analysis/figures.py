"""One house style for every chart, and the only function that writes a figure to disk.

Every figure of the study goes through :func:`save`, which writes three files side
by side — ``<name>.png``, ``<name>.svg`` and ``<name>.csv`` (the table drawn) — and
records the figure in ``manifest.json`` in the same directory: which notebook made
it, with which parameters, on which corpus (a hash of the article ids and texts)
and with which package versions.

All four files are byte-identical from one run to the next, and from one process
to the next, on the same matplotlib wheel: PNG and SVG are saved without their
date/software stamps, SVG clip-path ids are salted with a fixed string, the CSV
has a fixed float format and ``\\n`` line endings, and the manifest holds no
timestamp and is written with sorted keys. So ``make figures`` twice leaves
``git diff`` empty, and a diff that does appear means the figure really changed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from analysis import config
from analysis.errors import InputTypeError, OptionError

__all__ = [
    "OKABE_ITO",
    "STYLE",
    "DPI",
    "FLOAT_FORMAT",
    "MANIFEST",
    "use_style",
    "save",
    "corpus_hash",
    "package_versions",
]

#: Okabe & Ito (2008) colour-blind-safe palette, in their order (black last).
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}

#: Resolution of every saved PNG (dots per inch).
DPI = 150

#: ``printf`` format of floats in the sidecar CSV: 10 significant digits, enough to
#: re-draw the chart and short enough not to show float noise.
FLOAT_FORMAT = "%.10g"

#: File name of the per-directory figure manifest.
MANIFEST = "manifest.json"

# A fixed salt makes the SVG clip-path and glyph ids identical across processes.
_SVG_HASHSALT = "analysis-figures"

#: The rcParams :func:`use_style` applies. Sizes are in points and chosen to stay
#: readable when a 7-inch-wide figure is shrunk to a page column.
STYLE: dict[str, Any] = {
    "axes.prop_cycle": cycler(color=list(OKABE_ITO.values())),
    "image.cmap": "cividis",  # perceptually uniform and colour-blind safe
    "figure.figsize": (7.0, 4.5),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "savefig.dpi": DPI,
    "savefig.facecolor": "white",
    "savefig.bbox": "tight",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.title_fontsize": 10,
    "figure.titlesize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "svg.hashsalt": _SVG_HASHSALT,
    "svg.fonttype": "path",  # text as outlines: same drawing without the fonts installed
    "pdf.fonttype": 42,
}

_VERSIONED = {
    "matplotlib": "matplotlib",
    "numpy": "numpy",
    "pandas": "pandas",
    "scipy": "scipy",
    "simplemma": "simplemma",
    "sklearn": "scikit-learn",
    "wordfreq": "wordfreq",
}

_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def use_style() -> None:
    """Apply the house style (:data:`STYLE`) to :data:`matplotlib.rcParams`.

    Colour cycle: the Okabe–Ito palette; colormap: ``cividis``; font sizes readable
    in print; a fixed ``svg.hashsalt``. Nothing here selects a backend, so it is
    safe headless (Agg) and inline alike. :mod:`analysis.plots` calls it on import.

    Examples
    --------
    >>> import matplotlib
    >>> use_style()
    >>> matplotlib.rcParams["svg.hashsalt"]
    'analysis-figures'
    """
    matplotlib.rcParams.update(STYLE)


def corpus_hash(corpus: Any) -> dict[str, Any]:
    """Fingerprint of a corpus: SHA-256 over its article ids and texts, in order.

    Each article contributes ``str(id)``, a unit separator (``\\x1f``), its text
    (missing text as the empty string) and a record separator (``\\x1e``), all in
    UTF-8. Reordering, adding, removing or editing any article changes the hash;
    metadata (titles, dates, outlets) does not.

    Parameters
    ----------
    corpus : object with an ``articles`` DataFrame, or a DataFrame
        Must have the columns ``id`` and ``text``.

    Returns
    -------
    dict
        ``{"n_articles": int, "sha256": str}``.

    Raises
    ------
    InputTypeError
        If ``corpus`` has no ``articles`` DataFrame with ``id`` and ``text`` columns.

    Examples
    --------
    >>> import pandas as pd
    >>> corpus_hash(pd.DataFrame({"id": ["a"], "text": ["Bonjour."]}))["n_articles"]
    1
    """
    articles = corpus if isinstance(corpus, pd.DataFrame) else getattr(corpus, "articles", None)
    if not isinstance(articles, pd.DataFrame):
        raise InputTypeError(
            "corpus must be a Corpus (an object with an `articles` DataFrame) or a DataFrame "
            f"with `id` and `text` columns; received {type(corpus).__name__}."
        )
    missing = [c for c in ("id", "text") if c not in articles.columns]
    if missing:
        raise InputTypeError(
            f"corpus articles lack the column(s) {', '.join(missing)}; "
            "the corpus hash needs `id` and `text`."
        )
    digest = hashlib.sha256()
    for ident, text in zip(articles["id"].tolist(), articles["text"].tolist(), strict=True):
        text = "" if text is None or (isinstance(text, float) and np.isnan(text)) else str(text)
        digest.update(str(ident).encode("utf-8") + b"\x1f" + text.encode("utf-8") + b"\x1e")
    return {"n_articles": int(len(articles)), "sha256": digest.hexdigest()}


def package_versions() -> dict[str, str]:
    """Versions of the packages a figure depends on, keyed by import name.

    Returns
    -------
    dict
        ``analysis``, ``matplotlib``, ``numpy``, ``pandas``, ``scipy``, ``simplemma``,
        ``sklearn`` and ``wordfreq``; ``"not installed"`` for a missing one.
    """
    import analysis  # late: analysis/__init__ may import this module

    versions = {"analysis": str(analysis.__version__)}
    for key, dist in _VERSIONED.items():
        try:
            versions[key] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[key] = "not installed"
    return versions


def _check_name(name: Any) -> str:
    if not isinstance(name, str) or not _SLUG.fullmatch(name):
        raise OptionError(
            f"name={name!r} is not a safe figure name; use 1-100 lower-case letters, digits, "
            "'_' or '-', starting with a letter or digit and without an extension, "
            "e.g. '02_top_terms'."
        )
    return name


def _json_default(value: Any) -> Any:
    """Make numpy scalars, paths, tuples and sets JSON-serialisable, stably."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Path):
        return value.as_posix()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(type(value).__name__)


def _dumps(obj: Any) -> str:
    text = json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False, default=_json_default)
    return text + "\n"


def _write_atomic(path: Path, payload: bytes) -> None:
    """Write ``payload`` to ``path`` through a temporary file, so a crash leaves no half file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_manifest(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"figures": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise OptionError(
            f"{path} is not valid JSON ({exc}); delete it and re-run `make figures` to rebuild it."
        ) from exc
    if not isinstance(manifest, dict) or not isinstance(manifest.get("figures"), dict):
        raise OptionError(
            f"{path} is not a figure manifest (no 'figures' object); delete it and re-run "
            "`make figures` to rebuild it."
        )
    return manifest


def save(
    fig: Figure | Axes,
    name: str,
    *,
    data: pd.DataFrame,
    notebook: str | None = None,
    parameters: Mapping[str, Any] | None = None,
    corpus: Any = None,
    directory: str | os.PathLike[str] | None = None,
) -> dict[str, Path]:
    """Write a figure as PNG and SVG, the table behind it as CSV, and record it in the manifest.

    Files go to ``directory`` (default :func:`analysis.config.figures_dir`, i.e.
    ``figures/`` for the shipped corpus and ``output/<corpus>/figures`` for any
    other), which is created if needed:

    - ``<name>.png`` at :data:`DPI` dpi, without the ``Software`` stamp;
    - ``<name>.svg`` without the ``Date`` stamp, clip-path ids salted with a fixed
      string;
    - ``<name>.csv``: ``data`` without its index, floats as :data:`FLOAT_FORMAT`,
      UTF-8, ``\\n`` line endings;
    - ``manifest.json``: the entry ``figures[name]`` is replaced by ::

        {"corpus": {"n_articles": …, "sha256": …} or null,
         "data": {"columns": […], "rows": …, "sha256": <of the CSV bytes>},
         "files": {"csv": "<name>.csv", "png": "<name>.png", "svg": "<name>.svg"},
         "notebook": …, "parameters": {…}, "versions": {…}}

      other entries are kept. No timestamp, sorted keys, two-space indent and a
      trailing newline: the same figure saved twice gives the same bytes.

    Parameters
    ----------
    fig : matplotlib.figure.Figure or matplotlib.axes.Axes
        The figure, or any Axes on it (what the :mod:`analysis.plots` functions return).
    name : str
        File stem: lower-case letters, digits, ``_`` and ``-``; e.g. ``"02_top_terms"``.
    data : pandas.DataFrame
        The table the chart draws (a result table, not the raw corpus).
    notebook : str, optional
        The notebook that made the figure, e.g. ``"02_term_frequencies.ipynb"``.
    parameters : mapping, optional
        Options that produced ``data`` (JSON-serialisable: strings, numbers, lists…).
    corpus : Corpus or DataFrame, optional
        The corpus studied; its :func:`corpus_hash` is recorded.
    directory : path, optional
        Output directory; default :func:`analysis.config.figures_dir`.

    Returns
    -------
    dict of str to pathlib.Path
        ``{"png": …, "svg": …, "csv": …}``.

    Raises
    ------
    OptionError
        If ``name`` is not a safe slug, or an existing ``manifest.json`` is unreadable.
    InputTypeError
        If ``fig`` is not a Figure or Axes, ``data`` is not a DataFrame, ``parameters``
        is not a JSON-serialisable mapping, or ``corpus`` has no ``articles`` table.

    Examples
    --------
    >>> import tempfile, matplotlib.pyplot as plt, pandas as pd
    >>> fig, ax = plt.subplots()
    >>> table = pd.DataFrame({"term": ["a", "b"], "count": [2, 1]})
    >>> _ = ax.bar(table["term"], table["count"])
    >>> paths = save(fig, "demo", data=table, directory=tempfile.mkdtemp())
    >>> sorted(paths)
    ['csv', 'png', 'svg']
    >>> plt.close(fig)
    """
    name = _check_name(name)
    if isinstance(fig, Axes):
        fig = fig.figure
    if not isinstance(fig, Figure):
        raise InputTypeError(
            f"fig must be a matplotlib Figure or Axes; received {type(fig).__name__}."
        )
    if not isinstance(data, pd.DataFrame):
        raise InputTypeError(
            "data must be the pandas DataFrame the chart draws (it is saved as the sidecar "
            f"CSV); received {type(data).__name__}."
        )
    if parameters is None:
        parameters = {}
    if not isinstance(parameters, Mapping):
        raise InputTypeError(
            f"parameters must be a dict of option names to values; received "
            f"{type(parameters).__name__}."
        )
    try:
        parameters_json = json.loads(_dumps(dict(parameters)))
    except (TypeError, ValueError) as exc:
        raise InputTypeError(
            f"parameters must be JSON-serialisable (strings, numbers, lists, dicts); {exc}."
        ) from exc
    if notebook is not None and not isinstance(notebook, str):
        raise InputTypeError(f"notebook must be a file name string; received {notebook!r}.")
    corpus_info = None if corpus is None else corpus_hash(corpus)

    out = Path(directory) if directory is not None else config.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    paths = {ext: out / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    manifest_path = out / MANIFEST
    manifest = _read_manifest(manifest_path)  # before writing anything: fail early

    # Pinned here rather than trusted to rcParams, so a notebook that skipped
    # use_style() (or changed the style) still gets stable, comparable files.
    with matplotlib.rc_context({"svg.hashsalt": _SVG_HASHSALT, "svg.fonttype": "path"}):
        for ext, stamp in (("png", {"Software": None}), ("svg", {"Date": None})):
            fig.savefig(
                paths[ext],
                format=ext,
                dpi=DPI,
                bbox_inches="tight",
                facecolor="white",
                metadata=stamp,
            )

    csv = data.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    csv_bytes = csv.encode("utf-8")
    _write_atomic(paths["csv"], csv_bytes)

    manifest["figures"][name] = {
        "corpus": corpus_info,
        "data": {
            "columns": [str(c) for c in data.columns],
            "rows": int(len(data)),
            "sha256": hashlib.sha256(csv_bytes).hexdigest(),
        },
        "files": {ext: p.name for ext, p in paths.items()},
        "notebook": notebook,
        "parameters": parameters_json,
        "versions": package_versions(),
    }
    _write_atomic(manifest_path, _dumps(manifest).encode("utf-8"))
    return paths
