"""load_corpus on real-world inputs: every fixture at once, sidecars, copies, filters, masking.

The fixture files in tests/fixtures/inputs/ are short texts written for these tests (each
says so); none is a real article.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

import analysis
from analysis.config import SHARED_CORPORA
from analysis.corpus import READERS, REPORT_STATUSES, Corpus, load_corpus
from analysis.errors import CorpusError, InputTypeError, OptionError

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
REAL = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


def _records_by_reader(path: Path) -> int:
    """How many records the file's reader yields (1 for a file it refuses as a whole)."""
    try:
        return sum(1 for _ in READERS[path.suffix.lower()](path))
    except CorpusError:
        return 1


@pytest.fixture(scope="module")
def every_fixture():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return load_corpus(INPUTS)


def test_folder_of_every_fixture_raises_nothing_and_reports_every_file(every_fixture):
    c = every_fixture
    names = sorted(p.name for p in INPUTS.iterdir())
    assert sorted({Path(p).name for p in c.report["source_path"]}) == names
    assert set(c.report["status"]) <= set(REPORT_STATUSES)
    # nothing lost: loaded articles + every other row == rows; loaded rows are the articles
    loaded = c.report["status"] == "loaded"
    assert loaded.sum() == len(c.articles)
    assert c.report.loc[loaded, "id"].tolist() == c.articles["id"].tolist()
    # every record a reader yields has exactly one report row
    per_file = c.report.groupby(c.report["source_path"].map(lambda p: Path(p).name)).size()
    for path in INPUTS.iterdir():
        if path.suffix.lower() in READERS:
            assert per_file[path.name] == _records_by_reader(path), path.name
        else:
            assert per_file[path.name] == 1 and c.report.loc[
                c.report["source_path"].str.endswith(path.name), "status"
            ].item() == "skipped"


def test_every_row_that_is_not_loaded_says_why(every_fixture):
    c = every_fixture
    rest = c.report[c.report["status"] != "loaded"]
    assert rest["reason"].notna().all() and (rest["reason"].str.len() > 5).all()
    table_errors = rest[rest["source_path"].str.endswith((".csv", ".jsonl", ".parquet")) & (rest["status"] == "error")]
    with_record = table_errors[table_errors["record"].notna()]
    assert with_record["reason"].str.match(r"^(line|row) \d+").all(), with_record["reason"].tolist()


def test_exact_and_near_copies_of_a_dispatch(every_fixture):
    r = every_fixture.report.assign(name=every_fixture.report["source_path"].map(lambda p: Path(p).name)).set_index("name")
    assert r.loc["dup_dispatch_a.txt", "status"] == "loaded"
    assert r.loc["dup_dispatch_b_exact.txt", ["status", "duplicate_of"]].tolist() == ["duplicate", "dup_dispatch_a"]
    assert r.loc["dup_dispatch_c_near.txt", ["status", "duplicate_of"]].tolist() == ["near_duplicate", "dup_dispatch_a"]
    assert r.loc["dup_dispatch_c_near.txt", "cluster_id"] == r.loc["dup_dispatch_a.txt", "cluster_id"]
    dups = every_fixture.duplicates
    cluster = dups[dups["cluster_id"] == r.loc["dup_dispatch_a.txt", "cluster_id"]]
    assert sorted(cluster["status"]) == ["duplicate", "kept", "near_duplicate"]


def test_table_rows_dates_and_ids(every_fixture):
    r = every_fixture.report
    csv_rows = r[r["source_path"].str.endswith("csv_basic.csv")].set_index("record")
    assert csv_rows.loc[2, "reason"] == "row 2: metadata date '2024-13-45' not understood, kept as missing"
    assert csv_rows.loc[3, "reason"] == "row 3: id 'a2' was already used; renamed 'a2-2'"
    assert csv_rows.loc[3, "id"] == "a2-2"
    assert csv_rows.loc[4, ["status", "reason"]].tolist() == ["error", "row 4: empty text (line 8)"]
    art = every_fixture.articles.set_index("id")
    assert pd.isna(art.loc["a2", "date"]) and art.loc["a2-2", "date"] == pd.Timestamp("2024-02-03")


def test_unsupported_extension_in_a_folder_is_skipped_but_named_directly_raises():
    with pytest.raises(CorpusError, match=r"unsupported_extension\.rtf.*unsupported file type '\.rtf'"):
        load_corpus(INPUTS / "unsupported_extension.rtf")


def test_a_single_bad_table_named_directly_raises_naming_file_and_reason():
    with pytest.raises(CorpusError, match=r"csv_no_text_column\.csv.*text"):
        load_corpus(INPUTS / "csv_no_text_column.csv")


def test_columns_mapping_reads_other_column_names(tmp_path):
    path = tmp_path / "export.csv"
    path.write_text("ident;media;contenu\nx1;LaLibre;Texte fictif de test, assez long pour une phrase.\n", encoding="utf-8")
    c = load_corpus(path, columns={"id": "ident", "outlet": "media", "text": "contenu"})
    assert c.articles[["id", "outlet"]].values.tolist() == [["x1", "La Libre Belgique"]]
    with pytest.raises(OptionError, match=r"columns= has unknown name\(s\) \['body'\]"):
        load_corpus(path, columns={"body": "contenu"})
    with pytest.raises(InputTypeError, match="columns must be a mapping"):
        load_corpus(path, columns=["contenu"])


def test_fifty_megabyte_article_loads_whole(tmp_path):
    para = " ".join(["Phrase fictive de test numéro {i}, écrite pour éprouver le chargeur."] * 3)
    text = "\n\n".join(para.format(i=i) for i in range(230_000))
    assert len(text.encode("utf-8")) > 50_000_000
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"id": "big", "outlet": "Le Journal Fictif", "text": text}) + "\n", encoding="utf-8")
    c = load_corpus(path)
    assert len(c) == 1 and c.articles.loc[0, "text"] == text


# --- metadata sidecar -------------------------------------------------------------------


def _dispatch_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for name in ("dup_dispatch_a.txt", "dup_dispatch_b_exact.txt", "dup_dispatch_c_near.txt"):
        shutil.copy(INPUTS / name, folder / name)
    return folder


def test_sidecar_overrides_inference_and_lists_cross_outlet_copies(tmp_path):
    folder = _dispatch_folder(tmp_path)
    (folder / "metadata.csv").write_text(
        "file;outlet;date;url\n"
        "dup_dispatch_a.txt;LaLibre;2024-03-04;https://example.org/a\n"
        "dup_dispatch_b_exact.txt;Le Figaro;2024-03-05;\n"
        "dup_dispatch_c_near.txt;L'Huma;2024-03-03;\n"
        "absent.txt;Le Point;2024-03-06;\n",
        encoding="utf-8",
    )
    c = load_corpus(folder)
    # the near copy is the earliest dated: it is the one analysed
    assert c.articles["id"].tolist() == ["dup_dispatch_c_near"]
    assert c.articles.loc[0, ["outlet", "date"]].tolist() == ["L'Humanité", pd.Timestamp("2024-03-03")]
    r = c.report.assign(name=c.report["source_path"].map(lambda p: Path(p).name)).set_index("name")
    assert r.loc["metadata.csv", "status"] == "skipped"
    assert r.loc["metadata.csv", "reason"] == "metadata sidecar: applied to 3 of the 4 files it lists; not found: absent.txt"
    copies = c.cross_outlet_copies()
    assert copies.loc[0, ["n_articles", "n_outlets"]].tolist() == [3, 3]
    assert copies.loc[0, "outlets"] == "L'Humanité; La Libre Belgique; Le Figaro"
    assert len(c) + (c.report["status"] != "loaded").sum() == len(c.report)


def test_broken_sidecar_is_an_error_row_and_files_still_load(tmp_path):
    folder = _dispatch_folder(tmp_path)
    (folder / "metadata.csv").write_text("name,outlet\nx.txt,Le Monde\n", encoding="utf-8")
    with pytest.warns(UserWarning):
        c = load_corpus(folder, dedup="none")
    r = c.report.assign(name=c.report["source_path"].map(lambda p: Path(p).name)).set_index("name")
    assert r.loc["metadata.csv", "status"] == "error"
    assert "needs a column naming the file" in r.loc["metadata.csv", "reason"]
    assert len(c) == 3


def test_dedup_modes(tmp_path):
    folder = _dispatch_folder(tmp_path)
    assert len(load_corpus(folder, dedup="near")) == 1
    assert len(load_corpus(folder, dedup="exact")) == 2
    assert len(load_corpus(folder, dedup="none")) == 3
    with pytest.raises(OptionError, match="dedup"):
        load_corpus(folder, dedup="fuzzy")


def test_alias_table_from_a_csv_file(tmp_path):
    folder = _dispatch_folder(tmp_path)
    (folder / "metadata.csv").write_text("file,outlet\ndup_dispatch_a.txt,Valmont Matin\n", encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("alias,outlet\nValmont Matin,Le Quotidien de Valmont\n", encoding="utf-8")
    c = load_corpus(folder, aliases=aliases, dedup="none")
    assert c.articles.set_index("id").loc["dup_dispatch_a", "outlet"] == "Le Quotidien de Valmont"


# --- filter and masking -------------------------------------------------------------------


def _frames_corpus() -> Corpus:
    return Corpus.from_frames(pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "outlet": ["Le Figaro", "L'Humanité", "Le Figaro", "L'Humanité"],
        "date": ["2019-01-02", "2019-01-10", None, "2019-02-01"],
        "subset": ["gj", "gj", "contrast", "gj"],
        "text": [
            "LE SCAN ÉCO - Le Figaro a appris que la taxe baisse.\nPar Jean Dupont",
            "Comme l’écrit l’Humanité, l’humanité entière regarde.\n» LIRE AUSSI - Un autre sujet",
            "Un texte fictif sur Figaro Live.",
            "Selon Le Figaro, la grève continue (AFP)",
        ],
    }))  # fmt: skip


def test_filter_by_any_metadata():
    c = _frames_corpus()
    assert c.filter(outlet="Le Figaro").articles["id"].tolist() == ["a", "c"]
    assert c.filter(start="2019-01-05", end="2019-01-31").articles["id"].tolist() == ["b"]
    assert c.filter(subset="gj", outlet=["L'Humanité"]).articles["id"].tolist() == ["b", "d"]
    assert c.filter(dated=False).articles["id"].tolist() == ["c"]
    assert c.filter(ids=["d", "a"]).articles["id"].tolist() == ["a", "d"]
    assert set(c.filter(outlet="Le Figaro").segments["id"]) == {"a", "c"}
    with pytest.raises(OptionError, match="no column 'rubrique'"):
        c.filter(rubrique="x")
    with pytest.raises(OptionError, match="matches no article; values in the corpus"):
        c.filter(outlet="Le Monde")
    with pytest.raises(OptionError, match="start must be a date"):
        c.filter(start="demain")


def test_masking_removes_names_furniture_and_bylines_but_not_the_common_noun():
    c = _frames_corpus().masked()
    text = dict(zip(c.articles["id"], c.articles["text"], strict=True))
    assert text["a"].split() == ["a", "appris", "que", "la", "taxe", "baisse."]
    assert "Humanité" not in text["b"] and "l’humanité entière" in text["b"] and "LIRE" not in text["b"]
    assert "Figaro" not in text["c"]
    # names="corpus": Le Figaro's name is masked in L'Humanité's article too
    assert "Figaro" not in text["d"] and "AFP" not in text["d"]
    own = _frames_corpus().masked(names="own")
    assert "Le Figaro" in own.articles.set_index("id").loc["d", "text"]


def test_dtm_mask_option_changes_only_the_masked_terms():
    c = _frames_corpus()
    plain = analysis.dtm(c)
    masked = analysis.dtm(c, mask=True)
    assert masked.options["mask"] is True
    gone = set(plain.terms) - set(masked.terms)
    assert {"figaro", "scan", "dupont"} <= gone
    assert "humanité" in set(masked.terms)  # the common noun stays
    with pytest.raises(OptionError, match="mask must be True or False"):
        analysis.dtm(c, mask="yes")


@pytest.mark.corpus
@pytest.mark.skipif(not REAL.exists(), reason="../shared/corpora is absent (real French press)")
def test_real_press_humanite_vs_figaro_keywords_have_no_elision_or_self_reference():
    df = pd.read_json(REAL, lines=True)
    df = df[df["outlet"].isin(["L'Humanité", "Le Figaro"])].reset_index(drop=True)
    c = Corpus.from_frames(df)
    m = analysis.dtm(c, mask=True)
    names = ("humanit", "huma", "figaro", "scan")
    for target, reference in (("L'Humanité", "Le Figaro"), ("Le Figaro", "L'Humanité")):
        top = analysis.keyness(m, by="outlet", target=target, reference=reference).head(50)["term"].tolist()
        assert not [t for t in top if "'" in t or "’" in t], top
        assert not [t for t in top if t.startswith(names)], top


def test_a_table_row_without_a_date_is_not_dated_from_its_body(tmp_path):
    # The first date in a long article is usually an event it mentions ("le 11 novembre 1918").
    path = tmp_path / "rows.jsonl"
    rows = [
        {"id": "r1", "date": None, "text": "Texte fictif : le 11 novembre 1918 fut signé l'armistice, rappelle l'élu."},
        {"id": "r2", "date": "2019-01-05", "text": "Texte fictif : le 11 novembre 1918, rappelle un autre élu."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    art = load_corpus(path, dedup="none").articles.set_index("id")
    assert pd.isna(art.loc["r1", "date"]) and art.loc["r1", "date_source"] == "none"
    assert art.loc["r2", "date"] == pd.Timestamp("2019-01-05")
    # a page file is still dated from its body
    page = tmp_path / "page.txt"
    page.write_text("Un titre fictif de page\n\nTexte fictif publié le 3 février 2024 à Valmont.", encoding="utf-8")
    assert load_corpus(page).articles.loc[0, "date"] == pd.Timestamp("2024-02-03")
