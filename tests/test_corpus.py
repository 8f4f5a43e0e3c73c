"""Corpus, load_corpus and its report, file decoding, every friendly error, outlets, languages."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import RAW_DIR
from analysis.corpus import (
    ARTICLE_COLUMNS,
    READERS,
    REPORT_COLUMNS,
    REPORT_STATUSES,
    SEGMENT_COLUMNS,
    Corpus,
    load_corpus,
    read_text,
)
from analysis.errors import CorpusError, InputTypeError, OptionError
from analysis.langid import detect_language, normalise_language
from analysis.outlets import normalise_outlet, outlet_aliases

SEED = RAW_DIR / "presstv-fr-2024-02-01-haifa.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "pagedumps"
# A short synthetic page written for these tests.
PAGE = (
    "Un titre de page tout à fait substantiel\n\n"
    "Le premier paragraphe du corps.\n\n"
    "Le second paragraphe."
)


def _write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _check_invariants(corpus: Corpus) -> None:
    assert list(corpus.articles.columns[: len(ARTICLE_COLUMNS)]) == list(ARTICLE_COLUMNS)
    assert list(corpus.segments.columns[: len(SEGMENT_COLUMNS)]) == list(SEGMENT_COLUMNS)
    assert list(corpus.report.columns) == list(REPORT_COLUMNS)
    assert set(corpus.report["status"]) <= set(REPORT_STATUSES)
    loaded = corpus.report["status"] == "loaded"
    assert len(corpus) + (~loaded).sum() == len(corpus.report)
    assert corpus.report.loc[loaded, "id"].tolist() == corpus.articles["id"].tolist()
    assert corpus.articles["id"].is_unique
    assert set(corpus.segments["id"]) <= set(corpus.articles["id"])


# --- Corpus ------------------------------------------------------------------------------


def test_from_frames_fills_columns_and_default_segments():
    c = Corpus.from_frames(
        pd.DataFrame({"id": ["a", "b"], "title": ["Titre A", None], "outlet": ["X", "Y"],
                      "date": ["2024-02-01", "le 3 mars 2024"], "text": ["P1.\n\nP2.", "Q."]})
    )  # fmt: skip
    _check_invariants(c)
    assert c.articles["date"].tolist() == [pd.Timestamp("2024-02-01"), pd.Timestamp("2024-03-03")]
    assert c.articles["date_source"].tolist() == ["metadata", "metadata"]
    assert c.segments[["id", "position", "role", "text"]].values.tolist() == [
        ["a", 0, "title", "Titre A"], ["a", 1, "body", "P1."], ["a", 2, "body", "P2."],
        ["b", 0, "body", "Q."],
    ]  # fmt: skip
    assert c.report["status"].tolist() == ["loaded", "loaded"]


def test_from_frames_minimal_and_repr():
    c = Corpus.from_frames(pd.DataFrame({"text": ["Un.", "Deux."]}))
    assert c.articles["id"].tolist() == ["doc-1", "doc-2"]
    assert repr(c) == "<Corpus: 2 articles, 0 outlets, no dates>"
    assert repr(Corpus.from_frames(pd.DataFrame({"text": []}))) == "<Corpus: 0 articles>"
    c2 = Corpus.from_frames(
        pd.DataFrame({"outlet": ["A", "B", "A"], "date": ["2024-01-03", None, "2023-12-30"],
                      "text": ["x", "y", "z"]})
    )  # fmt: skip
    assert repr(c2) == "<Corpus: 3 articles, 2 outlets, 2023-12-30..2024-01-03, 1 undated>"


def test_seed_repr(tmp_path):
    shutil.copyfile(SEED, tmp_path / "article.txt")
    assert repr(load_corpus(tmp_path / "article.txt")) == (
        "<Corpus: 1 article, 1 outlet, 2024-02-01..2024-02-01>"
    )


def test_texts_fields(tmp_path):
    shutil.copyfile(SEED, tmp_path / "article.txt")
    c = load_corpus(tmp_path / "article.txt")
    body, title, captions, everything = (c.texts(f) for f in ("body", "title", "captions", "all"))
    assert body.index.tolist() == ["article"] and body.name == "body"
    assert body.iloc[0] == c.articles.loc[0, "text"]
    assert title.iloc[0] == c.articles.loc[0, "title"]
    assert captions.iloc[0].endswith("©Getty Images/archives")
    assert "\n\n" not in captions.iloc[0]  # only the on-story caption
    assert everything.iloc[0] == "\n\n".join([title.iloc[0], captions.iloc[0], body.iloc[0]])
    assert "Lire aussi" not in everything.iloc[0] and "Partager" not in everything.iloc[0]
    both = c.texts("captions", include_off_story=True).iloc[0]
    assert both.split("\n\n")[0].startswith("US Rep. Ilhan Omar")


def test_texts_without_captions_are_empty_strings():
    c = Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": ["Corps."]}))
    assert c.texts("captions").tolist() == [""]
    assert c.texts("all").tolist() == ["Corps."]


def test_texts_rejects_unknown_field():
    c = Corpus.from_frames(pd.DataFrame({"id": ["a"], "text": ["Corps."]}))
    with pytest.raises(
        OptionError, match=r"field='body_text' is not allowed; choose one of 'body'"
    ):
        c.texts("body_text")


def test_from_frames_errors():
    with pytest.raises(InputTypeError, match="articles must be a pandas DataFrame"):
        Corpus.from_frames([{"text": "x"}])
    with pytest.raises(CorpusError, match="needs a 'text' column"):
        Corpus.from_frames(pd.DataFrame({"id": ["a"]}))
    with pytest.raises(CorpusError, match="ids must be unique; repeated: \\['a'\\]"):
        Corpus.from_frames(pd.DataFrame({"id": ["a", "a"], "text": ["x", "y"]}))
    arts = pd.DataFrame({"id": ["a"], "text": ["x"]})
    with pytest.raises(CorpusError, match="not in articles"):
        Corpus.from_frames(arts, pd.DataFrame({"id": ["b"], "role": ["body"], "text": ["x"]}))
    with pytest.raises(CorpusError, match="segments role holds \\['paragraph'\\]"):
        Corpus.from_frames(arts, pd.DataFrame({"id": ["a"], "role": ["paragraph"], "text": ["x"]}))
    with pytest.raises(CorpusError, match="report status holds"):
        Corpus.from_frames(arts, report=pd.DataFrame({"id": ["a"], "status": ["ok"]}))
    with pytest.raises(CorpusError, match="date_source holds"):
        Corpus.from_frames(pd.DataFrame({"text": ["x"], "date_source": ["guess"]}))


# --- Reading files -----------------------------------------------------------------------


def test_readers_registry():
    assert set(READERS) == {".txt", ".html", ".htm", ".csv", ".tsv", ".jsonl", ".ndjson", ".parquet"}


def test_a_registered_reader_yields_records_and_may_fail_midway(tmp_path, monkeypatch):
    def read_lines(path):
        for i, line in enumerate(path.read_text(encoding="utf-8").split("\n")):
            if line == "BAD":
                yield {"record": i, "error": "row has no text"}
            elif line == "STOP":
                raise CorpusError(f"cannot load {path}: truncated file")
            else:
                yield {"record": i, "metadata": {"outlet": "LaLibre", "date": "2024-02-01"},
                       "segments": [{"role": "body", "rule": "row", "text": line}],
                       "encoding": "utf-8"}  # fmt: skip

    monkeypatch.setitem(READERS, ".lines", read_lines)
    path = _write(tmp_path, "feed.lines", "Un.\nBAD\nDeux.\nSTOP\nTrois.")
    with pytest.warns(UserWarning, match="2 records could not be loaded"):
        c = load_corpus(path)
    _check_invariants(c)
    assert c.articles["id"].tolist() == ["feed-0", "feed-2"]
    assert c.articles["outlet"].tolist() == ["La Libre Belgique"] * 2
    assert c.report["status"].tolist() == ["loaded", "error", "loaded", "error"]
    assert c.report["reason"].tolist()[3] == "reading stopped: cannot load " + str(path) + (
        ": truncated file"
    )


def test_symbolic_link_loops_are_reported_not_followed(tmp_path):
    _write(tmp_path, "pages/a.txt", PAGE)
    try:
        (tmp_path / "pages" / "loop").symlink_to(tmp_path / "pages", target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    c = load_corpus(tmp_path / "pages")
    assert c.report["status"].tolist() == ["loaded", "skipped"]
    assert "symbolic link" in c.report["reason"].tolist()[1]


def test_read_text_encodings_and_normalisation(tmp_path):
    nfd = "Re\u0301sistance"  # é as e + combining accent
    assert read_text(_write(tmp_path, "a.txt", f"A\r\nB\rC {nfd}"))[:2] == (
        "A\nB\nC Résistance",
        "utf-8",
    )
    bom = _write(tmp_path, "b.txt", b"\xef\xbb\xbfTitre")
    assert read_text(bom)[:2] == ("Titre", "utf-8-sig")
    cp = _write(tmp_path, "c.txt", "Résistance à Haïfa – l’attaque".encode("cp1252"))
    assert read_text(cp)[:2] == ("Résistance à Haïfa – l’attaque", "cp1252")


def test_cp1252_page_loads_and_reports_its_encoding(tmp_path):
    path = _write(
        tmp_path, "page.txt", PAGE.replace("Le premier", "L’été à Haïfa,").encode("cp1252")
    )
    c = load_corpus(path)
    assert c.report["encoding"].tolist() == ["cp1252"]
    assert "L’été à Haïfa" in c.articles.loc[0, "text"]


# One test per friendly error: a bad file named directly raises, naming the file and the reason.


def _raises_naming(path: Path, match: str) -> None:
    with pytest.raises(CorpusError, match=match) as info:
        load_corpus(path)
    assert path.name in str(info.value)
    assert str(path) in str(info.value)


def test_error_empty_file(tmp_path):
    _raises_naming(_write(tmp_path, "empty.txt", b""), r"the file is empty \(0 bytes\)")


def test_error_whitespace_only(tmp_path):
    _raises_naming(_write(tmp_path, "blank.txt", " \n\u00a0\t\r\n"), "contains only whitespace")


def test_error_png_disguised_as_text(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    _raises_naming(_write(tmp_path, "image.txt", png), r"binary file \(a PNG image\), not text")


def test_error_many_control_bytes(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8]) * 10 + b"un peu de texte"
    _raises_naming(
        _write(tmp_path, "controls.txt", data), r"looks like a binary file \(80 control bytes"
    )


def test_nul_bytes_are_removed_and_reported(tmp_path):
    c = load_corpus(_write(tmp_path, "nul.txt", PAGE.replace("premier", "pre\x00mier").encode()))
    assert "\x00" not in c.articles.loc[0, "text"] and "premier" in c.articles.loc[0, "text"]
    assert "1 NUL byte removed" in c.report.loc[0, "reason"]


def test_utf16_with_bom_is_decoded(tmp_path):
    c = load_corpus(_write(tmp_path, "utf16.txt", PAGE.encode("utf-16")))
    assert c.report.loc[0, "encoding"] == "utf-16-le"
    assert "premier paragraphe" in c.articles.loc[0, "text"]


def test_error_binary(tmp_path):
    _raises_naming(_write(tmp_path, "bin.txt", bytes(range(0, 32)) * 4), "binary")


def test_error_unsupported_suffix(tmp_path):
    _raises_naming(
        _write(tmp_path, "page.docx", PAGE), r"unsupported file type '.docx'; supported: .csv, .htm"
    )


def test_error_missing_file(tmp_path):
    _raises_naming(tmp_path / "nowhere.txt", "no such file or folder")


def test_error_page_without_article_text(tmp_path):
    _raises_naming(
        _write(tmp_path, "furniture.txt", "TV\n\nPartager\nSOURCE: PRESS TV"), "no article text"
    )


def test_error_wrong_argument_types(tmp_path):
    with pytest.raises(InputTypeError, match="path_or_paths must be a file or folder path"):
        load_corpus(42)
    with pytest.raises(InputTypeError, match="received bytes"):
        load_corpus(b"data/raw")
    with pytest.raises(CorpusError, match="the list is empty"):
        load_corpus([])
    with pytest.raises(CorpusError, match="empty string is not a path"):
        load_corpus("")


def test_error_options(tmp_path):
    path = _write(tmp_path, "page.txt", PAGE)
    with pytest.raises(OptionError, match="progress must be True, False or None"):
        load_corpus(path, progress="yes")
    with pytest.raises(OptionError, match="recursive must be True or False"):
        load_corpus(path, recursive=1)
    with pytest.raises(InputTypeError, match="language must be a str"):
        load_corpus(path, language=1)
    with pytest.raises(OptionError, match="not a language code"):
        load_corpus(path, language="fr1")
    with pytest.raises(InputTypeError, match="outlet must be a str"):
        load_corpus(path, outlet=["Le Monde"])
    with pytest.raises(InputTypeError, match="aliases must be a mapping"):
        load_corpus(path, aliases=[("x", "y")])


# --- Folders: never abort, never skip silently --------------------------------------------


@pytest.fixture()
def messy_folder(tmp_path):
    _write(tmp_path, "a-good.txt", PAGE)
    _write(tmp_path, "b-empty.txt", b"")
    _write(tmp_path, "c-copy.txt", PAGE.replace("\n\n", "\n\n\n"))  # same body
    _write(tmp_path, "d-image.png", b"\x89PNG\r\n\x1a\n")
    _write(tmp_path, "README.md", "# About these pages")
    _write(tmp_path, "LICENSE.txt", "All rights reserved.")
    _write(tmp_path, ".hidden.txt", PAGE + " Caché.")
    _write(tmp_path, ".git/config", "[core]")
    _write(tmp_path, "sub/a-good.txt", "Un autre titre\n\nUn tout autre texte, sans rapport avec la page.")
    _write(tmp_path, "sub/e-binary.txt", b"\x00\x01\x02")
    return tmp_path


def test_folder_reports_every_file_and_goes_on(messy_folder):
    with pytest.warns(UserWarning, match="2 records could not be loaded"):
        c = load_corpus(messy_folder)
    _check_invariants(c)
    report = c.report.assign(
        name=c.report["source_path"].str.replace(messy_folder.as_posix() + "/", "")
    )
    got = report.set_index("name")[["status", "reason", "duplicate_of", "id"]]
    assert got.loc[".git", "status"] == "skipped" and got.loc[".git", "reason"] == "hidden folder"
    assert got.loc[".hidden.txt", "reason"] == "hidden file"
    assert got.loc["README.md", "reason"] == "not an article (README)"
    assert got.loc["LICENSE.txt", "reason"] == "not an article (LICENSE)"
    assert got.loc["d-image.png", "reason"].startswith("unsupported suffix '.png'; supported: .csv")
    assert got.loc["b-empty.txt", ["status", "reason"]].tolist() == [
        "error",
        "the file is empty (0 bytes)",
    ]
    assert got.loc["sub/e-binary.txt", "status"] == "error"
    assert "NUL" in got.loc["sub/e-binary.txt", "reason"]
    assert got.loc["c-copy.txt", ["status", "duplicate_of"]].tolist() == ["duplicate", "a-good"]
    assert got.loc["a-good.txt", "status"] == "loaded"
    # Same stem in a subfolder: made unique.
    assert got.loc["sub/a-good.txt", "id"] == "a-good-2"
    assert c.articles["id"].tolist() == ["a-good", "a-good-2"]
    assert len(c.report) == 10


def test_folder_not_recursive_reports_subfolders(messy_folder):
    with pytest.warns(UserWarning):
        c = load_corpus(messy_folder, recursive=False)
    sub = c.report[c.report["source_path"].str.endswith("/sub")]
    assert sub[["status", "reason"]].values.tolist() == [
        ["skipped", "subfolder not read (recursive=False)"]
    ]
    assert c.articles["id"].tolist() == ["a-good"]


def test_empty_folder_warns_and_gives_an_empty_corpus(tmp_path):
    with pytest.warns(UserWarning, match="no article was loaded"):
        c = load_corpus(tmp_path)
    assert len(c) == 0 and repr(c) == "<Corpus: 0 articles>"
    _check_invariants(c)


def test_list_of_paths_and_duplicates_across_them(tmp_path):
    a = _write(tmp_path, "one/page.txt", PAGE)
    b = _write(tmp_path, "two/page.txt", PAGE + "\n\nAutre fin.")
    c = load_corpus([str(a), b, a], dedup="exact")
    _check_invariants(c)
    assert c.articles["id"].tolist() == ["page", "page-2"]
    assert c.report["status"].tolist() == ["loaded", "loaded", "duplicate"]
    assert c.report["duplicate_of"].tolist()[2] == "page"


def test_duplicates_ignore_apostrophe_and_spacing_differences(tmp_path):
    _write(tmp_path, "a.txt", "Un titre de page substantiel\n\nL’attaque a eu lieu.")
    _write(tmp_path, "b.txt", "Un autre titre de page\n\nL'attaque\u00a0 a  eu lieu.")
    c = load_corpus(tmp_path)
    assert c.report["status"].tolist() == ["loaded", "duplicate"]


def test_nothing_is_silently_dropped_in_the_fixture_folder():
    c = load_corpus(FIXTURES)
    _check_invariants(c)
    on_disk = sorted(p.name for p in FIXTURES.iterdir())
    assert sorted(Path(p).name for p in c.report["source_path"]) == on_disk


# --- Options -----------------------------------------------------------------------------


def test_language_and_outlet_arguments_override(tmp_path):
    shutil.copyfile(SEED, tmp_path / "article.txt")
    c = load_corpus(tmp_path / "article.txt", language="FR-fr", outlet="presstv.ir")
    art = c.articles.iloc[0]
    assert (art["language"], art["language_source"]) == ("fr", "argument")
    assert (art["outlet"], art["outlet_source"]) == ("Press TV", "argument")


def test_aliases_extend_the_outlet_table(tmp_path):
    path = _write(tmp_path, "page.txt", PAGE + "\nSOURCE: Canard Exemple")
    assert load_corpus(path).articles.loc[0, "outlet"] == "Canard Exemple"
    c = load_corpus(path, aliases={"canard exemple": "Le Canard d'Exemple"})
    assert c.articles.loc[0, "outlet"] == "Le Canard d'Exemple"


def test_outlet_from_url_when_nothing_else(tmp_path):
    path = _write(tmp_path, "page.txt", "---\nurl: https://www.lalibre.be/x\n---\n" + PAGE)
    art = load_corpus(path).articles.iloc[0]
    assert (art["outlet"], art["outlet_source"]) == ("La Libre Belgique", "url")


def test_progress_bar_runs(tmp_path, capsys):
    path = _write(tmp_path, "page.txt", PAGE)
    assert len(load_corpus(path, progress=True)) == 1
    assert len(load_corpus(path, progress=False)) == 1


def test_ids_from_front_matter(tmp_path):
    _write(tmp_path, "a.txt", "---\nid: seed-1\n---\n" + PAGE)
    _write(tmp_path, "b.txt", "---\nid: seed-1\n---\n" + PAGE + "\n\nAutre.")
    c = load_corpus(tmp_path, dedup="exact")
    assert c.articles["id"].tolist() == ["seed-1", "seed-1-2"]
    assert c.report["reason"].tolist()[1] == "id 'seed-1' was already used; renamed 'seed-1-2'"


def test_loaded_report_row_notes_an_unreadable_metadata_date(tmp_path):
    path = _write(tmp_path, "x-2024-02-03.txt", "---\ndate: bientôt\n---\n" + PAGE)
    c = load_corpus(path)
    assert c.articles.loc[0, "date_source"] == "filename"
    assert "bientôt" in c.report.loc[0, "reason"]


# --- Outlets and languages ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("FRENCH PRESS TV", "Press TV"),
        ("PRESS TV", "Press TV"),
        ("https://french.presstv.ir/Detail/2024/02/01/x", "Press TV"),
        ("LaLibre", "La Libre Belgique"),
        ("La Libre Belgique", "La Libre Belgique"),
        ("lefigaro.fr", "Le Figaro"),
        ("Le Figaro", "Le Figaro"),
        ("L’Humanité", "L'Humanité"),
        ("  le\u00a0 monde ", "Le Monde"),
        ("Le Canard  enchaîné", "Le Canard enchaîné"),
        ("", None),
        (None, None),
    ],
)
def test_normalise_outlet(name, expected):
    assert normalise_outlet(name) == expected


def test_outlet_aliases_table_and_user_entries():
    table = outlet_aliases()
    assert list(table.columns) == ["alias", "outlet"]
    assert table["alias"].is_unique
    assert {"french press tv", "press tv"} <= set(table.loc[table["outlet"] == "Press TV", "alias"])
    extended = outlet_aliases({"Figaro Vox": "Le Figaro", "LaLibre": "LaLibre.be"})
    assert "figaro vox" in set(extended["alias"])
    assert normalise_outlet("LaLibre", {"LaLibre": "LaLibre.be"}) == "LaLibre.be"
    with pytest.raises(OptionError, match="non-empty str"):
        normalise_outlet("x", {"x": ""})
    with pytest.raises(InputTypeError, match="outlet name must be a str"):
        normalise_outlet(3)


def test_language_detection_and_normalisation():
    assert (
        detect_language("La Résistance irakienne a mené une attaque de drones contre le port.")
        == "fr"
    )
    assert (
        detect_language("Speaker of the House talks with fellow Democrats before voting.") == "en"
    )
    assert detect_language("Photo : AFP") == "und"
    declared = ("fr", "FR", "fr-FR", "fr_CA", "French", "français", None)
    assert [normalise_language(v) for v in declared] == [
        "fr", "fr", "fr", "fr", "fr", "fr", "und"]  # fmt: skip
    with pytest.raises(InputTypeError):
        detect_language(None)
    with pytest.raises(OptionError, match="at least one language"):
        detect_language("texte", candidates=())


def test_language_comes_from_metadata_before_detection(tmp_path):
    path = _write(tmp_path, "page.txt", "---\nlanguage: English\n---\n" + PAGE)
    art = load_corpus(path).articles.iloc[0]
    assert (art["language"], art["language_source"]) == ("en", "metadata")


def test_no_warning_on_a_clean_load(tmp_path):
    _write(tmp_path, "page.txt", PAGE)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(tmp_path)
