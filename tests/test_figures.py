"""analysis.figures: the house style and the one deterministic writer."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis import config, figures  # noqa: E402
from analysis.errors import InputTypeError, OptionError  # noqa: E402

FILES = ("png", "svg", "csv", "manifest.json")


@pytest.fixture
def table() -> pd.DataFrame:
    """A tiny result table with floats that do not print exactly, and French accents."""
    return pd.DataFrame(
        {
            "term": ["réforme", "grève", "sécurité"],
            "count": [12, 7, 3],
            "per_10k": [1 / 3, 2 / 3, 12.5],
        }
    )


@pytest.fixture
def corpus() -> SimpleNamespace:
    """Anything with an ``articles`` frame holding ``id`` and ``text`` counts as a corpus."""
    articles = pd.DataFrame(
        {"id": ["a1", "a2"], "text": ["Le gouvernement recule.", "La grève continue."]}
    )
    return SimpleNamespace(articles=articles)


def _draw(table: pd.DataFrame):
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh(table["term"], table["per_10k"])
    ax.set_title("Test: réforme")
    return fig


def _snapshot(directory: Path, name: str) -> dict[str, bytes]:
    return {
        ext: (directory / (ext if ext == "manifest.json" else f"{name}.{ext}")).read_bytes()
        for ext in FILES
    }


def test_save_writes_png_svg_csv_and_returns_paths(tmp_path, table):
    fig = _draw(table)
    paths = figures.save(fig, "fig_a", data=table, directory=tmp_path / "new" / "dir")
    plt.close(fig)
    assert set(paths) == {"png", "svg", "csv"}
    for ext, path in paths.items():
        assert path == tmp_path / "new" / "dir" / f"fig_a.{ext}"
        assert path.stat().st_size > 0
    assert paths["png"].read_bytes().startswith(b"\x89PNG")
    assert b"<svg" in paths["svg"].read_bytes()
    assert sorted(p.name for p in (tmp_path / "new" / "dir").iterdir()) == [
        "fig_a.csv",
        "fig_a.png",
        "fig_a.svg",
        "manifest.json",
    ]


def test_save_files_carry_no_date_or_software_stamp(tmp_path, table):
    fig = _draw(table)
    paths = figures.save(fig, "stamps", data=table, directory=tmp_path)
    plt.close(fig)
    assert b"<dc:date>" not in paths["svg"].read_bytes()
    assert b"Software" not in paths["png"].read_bytes()


def test_save_accepts_an_axes(tmp_path, table):
    fig = _draw(table)
    paths = figures.save(fig.axes[0], "from_axes", data=table, directory=tmp_path)
    plt.close(fig)
    assert paths["png"].exists()


def test_two_saves_are_byte_identical(tmp_path, table, corpus):
    fig = _draw(table)
    params = {"top": 20, "value": "per_10k"}
    figures.save(fig, "twice", data=table, parameters=params, corpus=corpus, directory=tmp_path)
    first = _snapshot(tmp_path, "twice")
    figures.save(fig, "twice", data=table, parameters=params, corpus=corpus, directory=tmp_path)
    plt.close(fig)
    assert _snapshot(tmp_path, "twice") == first


_SCRIPT = textwrap.dedent(
    """
    import sys
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd
    from types import SimpleNamespace
    from analysis import figures
    figures.use_style()
    table = pd.DataFrame({"term": ["réforme", "grève", "sécurité"], "count": [12, 7, 3],
                          "per_10k": [1 / 3, 2 / 3, 12.5]})
    corpus = SimpleNamespace(articles=pd.DataFrame({"id": ["a1", "a2"],
                             "text": ["Le gouvernement recule.", "La grève continue."]}))
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.barh(table["term"], table["per_10k"])
    ax.set_title("Test: réforme")
    figures.save(fig, "proc", data=table, notebook="02_x.ipynb", parameters={"top": 3},
                 corpus=corpus, directory=sys.argv[1])
    """
)


def test_separate_processes_write_byte_identical_files(tmp_path):
    """The real guarantee: `make figures` run twice (two interpreters) gives no git diff."""
    outputs = []
    for run in ("one", "two"):
        directory = tmp_path / run
        # Different hash seeds: set/dict ordering must not leak into the files.
        env = {"PYTHONHASHSEED": str(len(run) * 7 + (run == "two")), "MPLBACKEND": "Agg"}
        subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(directory)],
            check=True,
            cwd=config.PROJECT_ROOT,
            env={**_base_env(), **env},
            capture_output=True,
        )
        outputs.append(_snapshot(directory, "proc"))
    assert outputs[0].keys() == outputs[1].keys()
    for ext in FILES:
        assert outputs[0][ext] == outputs[1][ext], f"{ext} differs between processes"


def _base_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != config.CORPUS_ENV}


def test_csv_round_trips(tmp_path, table):
    fig = _draw(table)
    paths = figures.save(fig, "roundtrip", data=table, directory=tmp_path)
    plt.close(fig)
    raw = paths["csv"].read_bytes()
    assert b"\r\n" not in raw
    assert raw.endswith(b"\n")
    assert raw.decode("utf-8").splitlines()[0] == "term,count,per_10k"
    back = pd.read_csv(paths["csv"])
    pd.testing.assert_frame_equal(back, table, check_dtype=False, rtol=1e-9)


def test_csv_drops_the_index(tmp_path, table):
    indexed = table.set_index("term")
    fig = _draw(table)
    paths = figures.save(fig, "indexed", data=indexed, directory=tmp_path)
    plt.close(fig)
    assert paths["csv"].read_text(encoding="utf-8").splitlines()[0] == "count,per_10k"


def test_manifest_content(tmp_path, table, corpus):
    fig = _draw(table)
    figures.save(
        fig,
        "fig_m",
        data=table,
        notebook="02_term_frequencies.ipynb",
        parameters={"value": "per_10k", "top": np.int64(20), "groups": ("a", "b")},
        corpus=corpus,
        directory=tmp_path,
    )
    plt.close(fig)
    text = (tmp_path / "manifest.json").read_text(encoding="utf-8")
    assert text.endswith("}\n")
    manifest = json.loads(text)
    # sorted keys, two-space indent: the canonical dump reproduces the file exactly
    assert json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n" == text
    entry = manifest["figures"]["fig_m"]
    assert entry["files"] == {"csv": "fig_m.csv", "png": "fig_m.png", "svg": "fig_m.svg"}
    assert entry["notebook"] == "02_term_frequencies.ipynb"
    assert entry["parameters"] == {"groups": ["a", "b"], "top": 20, "value": "per_10k"}
    assert entry["data"]["rows"] == 3
    assert entry["data"]["columns"] == ["term", "count", "per_10k"]
    assert entry["corpus"]["n_articles"] == 2
    assert len(entry["corpus"]["sha256"]) == 64
    assert set(entry["versions"]) == {
        "analysis",
        "matplotlib",
        "numpy",
        "pandas",
        "scipy",
        "simplemma",
        "sklearn",
        "wordfreq",
    }
    assert entry["versions"]["matplotlib"] == matplotlib.__version__
    assert not any(word in text.lower() for word in ("date", "time", str(tmp_path).lower()))


def test_manifest_keeps_other_figures_and_replaces_own_entry(tmp_path, table):
    fig = _draw(table)
    figures.save(fig, "b_fig", data=table, parameters={"top": 1}, directory=tmp_path)
    figures.save(fig, "a_fig", data=table, directory=tmp_path)
    figures.save(fig, "b_fig", data=table, parameters={"top": 2}, directory=tmp_path)
    plt.close(fig)
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert list(manifest["figures"]) == ["a_fig", "b_fig"]
    assert manifest["figures"]["b_fig"]["parameters"] == {"top": 2}
    assert manifest["figures"]["a_fig"]["corpus"] is None
    assert manifest["figures"]["a_fig"]["notebook"] is None


def test_corpus_hash_follows_ids_texts_and_order(corpus):
    base = figures.corpus_hash(corpus)
    same = figures.corpus_hash(SimpleNamespace(articles=corpus.articles.copy()))
    assert base == same
    reordered = corpus.articles.iloc[::-1].reset_index(drop=True)
    edited = corpus.articles.assign(text=["Le gouvernement recule.", "La grève cesse."])
    assert figures.corpus_hash(reordered)["sha256"] != base["sha256"]
    assert figures.corpus_hash(edited)["sha256"] != base["sha256"]
    with_meta = corpus.articles.assign(outlet=["Le Monde", "Libération"])
    assert figures.corpus_hash(with_meta) == base


def test_corpus_hash_is_the_documented_sha256():
    import hashlib

    articles = pd.DataFrame({"id": [1, 2], "text": ["é", None]})
    expected = hashlib.sha256("1\x1fé\x1e2\x1f\x1e".encode()).hexdigest()
    assert figures.corpus_hash(articles) == {"n_articles": 2, "sha256": expected}


def test_default_directory_is_config_figures_dir(tmp_path, table, monkeypatch):
    monkeypatch.setattr(config, "figures_dir", lambda: tmp_path / "configured")
    fig = _draw(table)
    paths = figures.save(fig, "default_dir", data=table)
    plt.close(fig)
    assert paths["png"].parent == tmp_path / "configured"


def test_use_style_sets_palette_salt_and_sizes():
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        figures.use_style()
        params = matplotlib.rcParams
        assert params["svg.hashsalt"] == "analysis-figures"
        assert params["axes.prop_cycle"].by_key()["color"] == list(figures.OKABE_ITO.values())
        assert params["font.size"] >= 10
        assert params["image.cmap"] == "cividis"


@pytest.mark.parametrize(
    "name", ["", "Fig", "../escape", "a/b", "fig.png", "with space", "é", "-lead", 3, None]
)
def test_unsafe_names_raise_option_error(tmp_path, table, name):
    fig = _draw(table)
    with pytest.raises(OptionError, match="not a safe figure name"):
        figures.save(fig, name, data=table, directory=tmp_path)
    plt.close(fig)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("data", [None, [1, 2], {"a": [1]}, pd.Series([1, 2])])
def test_data_must_be_a_dataframe(tmp_path, table, data):
    fig = _draw(table)
    with pytest.raises(InputTypeError, match="data must be the pandas DataFrame"):
        figures.save(fig, "x", data=data, directory=tmp_path)
    plt.close(fig)
    assert not any(tmp_path.iterdir())


def test_fig_must_be_a_figure(tmp_path, table):
    with pytest.raises(InputTypeError, match="matplotlib Figure or Axes"):
        figures.save("figure.png", "x", data=table, directory=tmp_path)


def test_parameters_must_be_json(tmp_path, table):
    fig = _draw(table)
    with pytest.raises(InputTypeError, match="JSON-serialisable"):
        figures.save(fig, "x", data=table, parameters={"f": object()}, directory=tmp_path)
    with pytest.raises(InputTypeError, match="dict of option names"):
        figures.save(fig, "x", data=table, parameters=[("top", 3)], directory=tmp_path)
    plt.close(fig)


def test_corpus_without_articles_is_refused(tmp_path, table):
    fig = _draw(table)
    with pytest.raises(InputTypeError, match="articles"):
        figures.save(fig, "x", data=table, corpus="data/raw", directory=tmp_path)
    with pytest.raises(InputTypeError, match="text"):
        figures.save(fig, "x", data=table, corpus=pd.DataFrame({"id": [1]}), directory=tmp_path)
    plt.close(fig)


def test_corrupt_manifest_is_reported(tmp_path, table):
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    fig = _draw(table)
    with pytest.raises(OptionError, match="delete it"):
        figures.save(fig, "x", data=table, directory=tmp_path)
    plt.close(fig)
