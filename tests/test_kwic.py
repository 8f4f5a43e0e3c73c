"""KWIC concordances.

Every sentence below is a FIXTURE written for these tests (not press). Expected contexts are
written by hand from the fixture; counts are checked against the package's own independent
counting path (the DTM behind keyness) and against a brute-force run without the pre-filter.
"""

from __future__ import annotations

import importlib
import re

import pandas as pd
import pytest

import analysis
from analysis.config import RAW_DIR
from analysis.errors import InputTypeError, OptionError
from analysis.keyness import keyness
from analysis.kwic import KWIC_COLUMNS, Concordance, kwic, kwic_for, kwic_html

# the module itself, even once the package exports a function named `kwic`
K = importlib.import_module("analysis.kwic")

# FIXTURE texts (invented).
TEXTS = {
    "a": "Le régime israélien frappe Gaza. L’armée sioniste recule devant la Résistance.",
    "b": "L'armée avance. Le régime. Israélien, le porte-parole parle des attaques sionistes.",
    "c": "Une attaque contre Tel Aviv. Les antisionistes manifestent à Gaza.",
}
COUNTING = "un deux trois quatre cinq six sept huit neuf dix"  # FIXTURE


@pytest.fixture(scope="module")
def corpus():
    frame = pd.DataFrame(
        {
            "id": list(TEXTS),
            "outlet": ["Alpha", "Beta", "Alpha"],
            "date": ["2024-02-01", "2024-02-02", None],
            "text": list(TEXTS.values()),
        }
    )
    return analysis.Corpus.from_frames(frame)


def lines(table):
    return table[["id", "left", "match", "right"]].values.tolist()


def test_columns_and_types(corpus):
    t = kwic(corpus, "gaza")
    assert isinstance(t, Concordance) and isinstance(t, pd.DataFrame)
    assert tuple(t.columns) == KWIC_COLUMNS
    assert t["id"].tolist() == ["a", "c"]
    assert t["outlet"].tolist() == ["Alpha", "Alpha"]
    assert t["date"].iloc[0] == pd.Timestamp("2024-02-01") and pd.isna(t["date"].iloc[1])
    for row in t.itertuples():
        assert TEXTS[row.id][row.start : row.end] == row.match


def test_empty_result_keeps_columns(corpus):
    t = kwic(corpus, "introuvable")
    assert t.empty and tuple(t.columns) == KWIC_COLUMNS
    assert str(t["start"].dtype) == "int64"
    assert "No occurrence" in t._repr_html_()


def test_window_counts_tokens_by_hand():
    texts = pd.Series({"x": COUNTING})
    assert lines(kwic(texts, "cinq", window=2)) == [["x", "trois quatre", "cinq", "six sept"]]
    assert lines(kwic(texts, "un", window=3)) == [["x", "", "un", "deux trois quatre"]]
    assert lines(kwic(texts, "dix", window=0)) == [["x", "", "dix", ""]]


def test_window_counts_stop_words_and_elisions_not_punctuation(corpus):
    # "L’armée sioniste recule" : L’ + armée are two tokens; the full stop is none
    t = kwic(corpus, "sioniste", window=3)
    assert lines(t) == [["a", "Gaza. L’armée", "sioniste", "recule devant la"]]


def test_word_is_case_insensitive_and_apostrophes_are_one(corpus):
    for pattern in ("l'armée", "L’ARMÉE", "l’Armée"):
        t = kwic(corpus, pattern, window=1)
        assert t["match"].tolist() == ["L’armée", "L'armée"], pattern


def test_spelling_variants_are_found(corpus):
    assert kwic(corpus, "Tel-Aviv")["match"].tolist() == ["Tel Aviv"]
    assert kwic(corpus, "tel aviv")["match"].tolist() == ["Tel Aviv"]


def test_phrase_stays_within_a_sentence(corpus):
    # "Le régime. Israélien," in text b is not the phrase
    t = kwic(corpus, "régime israélien", window=1)
    assert lines(t) == [["a", "Le", "régime israélien", "frappe"]]


def test_glob_matches_whole_tokens(corpus):
    t = kwic(corpus, "sionis*", window=0)
    assert t["match"].tolist() == ["sioniste", "sionistes"]  # not "antisionistes"
    assert kwic(corpus, "*sionistes", window=0)["match"].tolist() == ["sionistes", "antisionistes"]
    assert kwic(corpus, "régime isr*", window=0)["match"].tolist() == ["régime israélien"]


def test_regex_compiled_or_flag_and_widened_to_tokens(corpus):
    a = kwic(corpus, re.compile(r"sionis"), window=0)
    b = kwic(corpus, "SIONIS", regex=True, window=0)  # a string regex ignores case
    assert a["match"].tolist() == ["sioniste", "sionistes", "antisionistes"]
    assert b["match"].tolist() == a["match"].tolist()
    # a regex may span words and punctuation
    c = kwic(corpus, r"régime\.\s+israélien", regex=True, window=1)
    assert lines(c) == [["b", "Le", "régime. Israélien", ", le"]]
    # a case-sensitive compiled regex is used as given
    assert kwic(corpus, re.compile("Gaza"), window=0)["id"].tolist() == ["a", "c"]
    assert kwic(corpus, re.compile("gaza"), window=0).empty


def test_lemma_matches_inflected_forms(corpus):
    surface = kwic(corpus, "attaque", window=0)
    lemma = kwic(corpus, "attaques", lemma=True, window=0)
    assert surface["match"].tolist() == ["attaque"]
    assert sorted(lemma["match"]) == ["attaque", "attaques"]


def test_sentence_clips_context():
    text = pd.Series({"x": "Un deux trois. Quatre Gaza cinq. Six sept."})  # FIXTURE
    assert lines(kwic(text, "gaza", window=3, sentence=True)) == [["x", "Quatre", "Gaza", "cinq"]]
    assert lines(kwic(text, "gaza", window=3)) == [
        ["x", "deux trois. Quatre", "Gaza", "cinq. Six sept"]
    ]


def test_whitespace_is_shown_as_one_space():
    text = pd.Series({"x": "Un\n\ndeux   Gaza\ttrois"})  # FIXTURE
    assert lines(kwic(text, "gaza", window=2)) == [["x", "Un deux", "Gaza", "trois"]]


def test_series_input_has_missing_outlet_and_date():
    t = kwic(pd.Series({"p1": "Gaza", "p2": "rien"}), "gaza")
    assert t["id"].tolist() == ["p1"] and t["outlet"].isna().all() and t["date"].isna().all()


def test_prefilter_changes_nothing(corpus, monkeypatch):
    seed = analysis.load_corpus(RAW_DIR)
    patterns = ["Israël", "régime*", "bande de gaza", "Tel Aviv", "27 000", "l'attaque", "*ien"]
    fast = {p: kwic(seed, p) for p in patterns} | {("c", p): kwic(corpus, p) for p in patterns}
    monkeypatch.setattr(K._Matcher, "may_occur", lambda self, *a: True)
    for p in patterns:
        pd.testing.assert_frame_equal(fast[p], kwic(seed, p))
        pd.testing.assert_frame_equal(fast[("c", p)], kwic(corpus, p))
    assert len(fast["27 000"]) == 1  # the number rewritten by the tokenizer is still found


# -------------------------------------------------------------------------------------------
# HTML
def test_html_escapes_markup():
    text = pd.Series(
        {"x<y": "Le <script>alert('x')</script> & Gaza résiste « vraiment »."}
    )  # FIXTURE
    t = kwic(text, "gaza", window=5)
    assert t["left"].tolist() == ["Le <script>alert('x')</script> &"]
    out = t._repr_html_()
    assert out == kwic_html(t)
    assert "<script>" not in out and "</script>" not in out
    assert ">Le &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;</td>" in out
    assert "x&lt;y" in out  # ids are escaped too
    assert "<b>Gaza</b>" in out


def test_html_truncates_with_a_note(corpus):
    t = kwic(corpus, "le", window=1)
    assert len(t) >= 3
    out = kwic_html(t, max_rows=1)
    assert out.count("<tr>") == 2  # header + one line
    assert f"{len(t) - 1} more line(s)" in out


def test_html_errors():
    with pytest.raises(InputTypeError, match="left"):
        kwic_html(pd.DataFrame({"x": [1]}))
    with pytest.raises(InputTypeError, match="DataFrame"):
        kwic_html("text")
    with pytest.raises(OptionError, match="max_rows"):
        kwic_html(pd.DataFrame({"left": [], "match": [], "right": []}), max_rows=0)


def test_subset_of_concordance_still_displays(corpus):
    t = kwic(corpus, "gaza")
    assert isinstance(t.head(1), Concordance)
    assert "<table" in t[["id", "outlet"]]._repr_html_()  # falls back to pandas' display


# -------------------------------------------------------------------------------------------
# From a result table to its concordance
@pytest.fixture(scope="module")
def press():
    """Two outlets, enough repetition for keyness (FIXTURE sentences)."""
    rows = []
    for i in range(4):
        rows.append(
            (
                "A",
                f"La bande de Gaza est sous blocus. Les attaques contre Gaza continuent, jour {i}.",
            )
        )
        rows.append(
            (
                "B",
                f"L'attaque du Hamas. Le régime israélien riposte ; une attaque encore, jour {i}.",
            )
        )
    frame = pd.DataFrame({"id": [f"d{i}" for i in range(len(rows))], "outlet": [r[0] for r in rows],
                          "text": [r[1] for r in rows]})  # fmt: skip
    return analysis.Corpus.from_frames(frame)


@pytest.mark.parametrize("lemmatize", [False, True])
def test_kwic_for_finds_what_keyness_counted(press, lemmatize):
    m = analysis.dtm(press, ngram=(1, 3), lemmatize=lemmatize)
    table = keyness(m, by="outlet", target="A", min_docs=1)
    assert {"bande de gaza", "régime israélien"} <= set(table["term"])
    assert any(" " in t for t in table["term"])
    for _, row in table.iterrows():
        c = kwic_for(row, press, lemma=lemmatize, window=2)
        assert len(c) == row["n_target"] + row["n_reference"], row["term"]
    if lemmatize:
        row = table[table["term"] == "attaque"].iloc[0]
        assert sorted(set(kwic_for(row, press, lemma=True)["match"])) == ["attaque", "attaques"]


def test_kwic_for_reads_terms_literally(press):
    assert kwic_for("gaza", press)["match"].tolist() == kwic(press, "gaza")["match"].tolist()
    with pytest.warns(UserWarning, match="lemma=True"):
        assert kwic_for("ga*", press).empty  # a star in a term is not a wildcard


def test_kwic_for_collocation_row(press):
    from analysis.collocations import collocations

    table = collocations(press, "gaza", window=3, min_count=1)
    row = table[table["collocate"] == "blocus"].iloc[0]
    c = kwic_for(row, press)
    # "La bande de Gaza est sous blocus. Les attaques contre Gaza continuent" : only the first
    # Gaza of each article has "blocus" within 3 tokens
    assert len(c) == 4
    assert all("blocus" in r for r in c["right"])
    assert c.attrs["options"]["window"] == 3


def test_kwic_for_errors(press):
    with pytest.raises(InputTypeError, match="iloc"):
        kwic_for(pd.DataFrame({"term": ["gaza"]}), press)
    with pytest.raises(InputTypeError, match="'term'"):
        kwic_for(pd.Series({"word": "gaza"}), press)
    with pytest.raises(InputTypeError, match="Series"):
        kwic_for(3, press)


# -------------------------------------------------------------------------------------------
# Friendly errors
def test_errors(corpus):
    with pytest.raises(InputTypeError, match="load_corpus"):
        kwic("data/raw", "gaza")
    with pytest.raises(InputTypeError, match="Corpus"):
        kwic(["Gaza"], "gaza")
    with pytest.raises(InputTypeError, match="pattern must be"):
        kwic(corpus, 3)
    with pytest.raises(OptionError, match="empty"):
        kwic(corpus, "  ")
    with pytest.raises(OptionError, match="holds no word"):
        kwic(corpus, "« ! »")
    with pytest.raises(OptionError, match="not a valid regular expression"):
        kwic(corpus, "(gaza", regex=True)
    with pytest.raises(OptionError, match="lemma=True cannot"):
        kwic(corpus, "gaza", regex=True, lemma=True)
    with pytest.raises(OptionError, match="lemma=True cannot"):
        kwic(corpus, re.compile("gaza"), lemma=True)
    with pytest.raises(OptionError, match="window must be an integer >= 0; received -1"):
        kwic(corpus, "gaza", window=-1)
    with pytest.raises(OptionError, match="sentence"):
        kwic(corpus, "gaza", sentence="yes")
    with pytest.raises(OptionError, match="field='text' is not allowed"):
        kwic(corpus, "gaza", field="text")
    with pytest.raises(OptionError, match="language"):
        kwic(corpus, "gaza", language="de")
    with pytest.raises(InputTypeError, match="Series of texts"):
        kwic(pd.Series({"a": 3}), "gaza")


# -------------------------------------------------------------------------------------------
# Line-by-line tokenising (only the lines around matches) equals whole-text tokenising
def _seed_and_sample():
    import json

    from analysis.config import SHARED_CORPORA

    texts = {"seed": analysis.load_corpus(RAW_DIR)}
    path = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh][::50]
        frame = pd.DataFrame(rows)[["id", "outlet", "date", "text", "language"]]
        texts["press"] = analysis.Corpus.from_frames(frame)
    return texts


def test_lines_concatenate_to_the_whole_text():
    from analysis.tokens import scan

    for corpus in _seed_and_sample().values():
        for text in corpus.texts("all"):
            lines = K._Lines(text, "fr")
            got = lines.stream(0, len(lines) - 1)
            whole = scan(text)
            assert got.tokens == whole.tokens and got.starts == whole.starts
            assert got.ends == whole.ends and got.is_stop == whole.is_stop
            assert got.is_number == whole.is_number
            # the same tokens share a sentence in both
            same = [a == b for a, b in zip(got.sentence, got.sentence[1:], strict=False)]
            assert same == [
                a == b for a, b in zip(whole.sentence, whole.sentence[1:], strict=False)
            ]


@pytest.mark.parametrize("sentence", [False, True])
def test_linewise_equals_whole_text(monkeypatch, sentence):
    from analysis.collocations import collocations

    cases = [
        ("gaza", 5),
        ("bande de gaza", 8),
        ("régime*", 3),
        ("macron", 12),
        ("gilets jaunes", 5),
    ]
    for name, corpus in _seed_and_sample().items():
        fast = {
            (p, w): (kwic(corpus, p, window=w, sentence=sentence),
                     collocations(corpus, p, window=w, sentence=sentence, min_count=1))
            for p, w in cases
        }  # fmt: skip
        with monkeypatch.context() as m:
            m.setattr(K, "_LINEWISE", False)
            for (p, w), (k, c) in fast.items():
                pd.testing.assert_frame_equal(k, kwic(corpus, p, window=w, sentence=sentence))
                slow = collocations(corpus, p, window=w, sentence=sentence, min_count=1)
                pd.testing.assert_frame_equal(c, slow)
        if name == "press":
            assert len(fast[("macron", 12)][0]) > 20


def test_kwic_for_ngram_with_an_elided_word():
    # regression: "tempête d' al-aqsa" (an n-gram term) was read back as "tempête d al-aqsa"
    texts = pd.Series(
        {"a": "La Tempête d’Al-Aqsa a commencé. Tempête d'Al-Aqsa encore."}
    )  # FIXTURE
    freq = analysis.term_frequencies(analysis.Corpus.from_frames(
        pd.DataFrame({"id": texts.index, "text": texts.values})), ngram=3)  # fmt: skip
    row = freq[freq["term"] == "tempête d' al-aqsa"].iloc[0]
    assert row["count"] == 2
    assert kwic_for(row, texts, window=1)["match"].tolist() == [
        "Tempête d’Al-Aqsa",
        "Tempête d'Al-Aqsa",
    ]
