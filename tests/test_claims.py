"""Numeric claims (analysis.claims).

Acceptance, read by hand on the seed article's BODY (captions, title and the "Lire
aussi" link left out). Its numbers, in order:

¶2  "ce jeudi 1er février"               a date            → not a claim
¶4  "la quatrième fois"                   an ordinal        → not a claim
¶6  "six bases militaires"                6, bases militaires
¶6  "trois morts parmi les soldats américains"   3, morts, complement soldats américains
¶7  "depuis le 7 octobre"                 a date            → not a claim
¶8  "plus de 27 000 Palestiniens"         27 000, qualifier "plus de"
¶9  "des milliers de lots d'armes"        vague: order of magnitude 1 000, qualifier kept

Decisions tested with FIXTURES (sentences written for these tests, not real press):
dates, ordinals, years, clock times and numbers in identifiers are not claims;
percentages ARE claims (kind "percent", noun "%"), as are sums of money ("money") and
durations ("duration"), so that a reader can filter them by ``kind``.
"""

from __future__ import annotations

import pandas as pd
import pytest

import analysis
from analysis.claims import CLAIM_COLUMNS, CLAIM_KINDS, numeric_claims, parse_number_words
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError, OptionError

GILETS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"
SEED_ID = "presstv-fr-2024-02-01-haifa"


@pytest.fixture(scope="module")
def seed_table(seed):
    return numeric_claims(seed)


def claims(text: str, lang: str = "fr") -> pd.DataFrame:
    """Claims of one FIXTURE sentence (written for the test)."""
    frame = pd.DataFrame({"id": ["f"], "text": [text], "language": [lang]})
    return numeric_claims(analysis.Corpus.from_frames(frame))


def rows(text: str, lang: str = "fr", cols=("value", "noun", "qualifier")) -> list[list]:
    t = claims(text, lang)
    out = t[list(cols)].astype(object).where(t[list(cols)].notna(), None)
    return out.values.tolist()


# ----------------------------------------------------------------- acceptance (seed body)
def test_seed_has_exactly_four_claims(seed, seed_table):
    t = seed_table
    assert list(t.columns) == list(CLAIM_COLUMNS)
    assert list(t.columns[:5]) == ["id", "value", "noun", "qualifier", "context"]
    assert t["id"].tolist() == [SEED_ID] * 4
    assert t["value"].tolist() == [6.0, 3.0, 27000.0, 1000.0]
    assert t["noun"].tolist() == ["bases militaires", "morts", "Palestiniens", "lots d'armes"]
    assert t["qualifier"].fillna("").tolist() == ["", "", "plus de", "des milliers"]
    assert t["number"].tolist() == ["six", "trois", "27 000", "des milliers"]
    assert t["complement"].fillna("").tolist() == ["", "soldats américains", "", ""]
    assert t["kind"].tolist() == ["count"] * 4
    body = seed.texts("body").loc[SEED_ID]
    assert t["position"].tolist() == [
        body.index("six bases"),
        body.index("trois morts"),
        body.index("plus de 27"),
        body.index("des milliers"),
    ]
    assert t["context"].iloc[2].startswith("Depuis le début de l'agression, Israël a tué")


def test_seed_dates_and_ordinals_are_not_claims(seed_table):
    written = " ".join(seed_table["number"])
    for not_a_claim in ("7", "1er", "quatrième", "2024"):
        assert not_a_claim not in written.split()


# ----------------------------------------------------------------- fixtures: what is a claim
def test_fixture_digits_with_a_space_separator():
    assert rows("Le 7 octobre 2023, 1 200 personnes ont été tuées.") == [
        [1200.0, "personnes", None]
    ]


def test_fixture_number_words_and_qualifier():
    assert rows("Au moins trois mille personnes ont manifesté.") == [
        [3000.0, "personnes", "au moins"]
    ]


def test_fixture_approximation():
    assert rows("Une dizaine de soldats ont été blessés.") == [[10.0, "soldats", "une dizaine"]]


def test_fixture_range_has_a_lower_and_an_upper_bound():
    t = claims("On compte entre 20 et 30 blessés.")
    assert t[["value", "upper", "noun", "qualifier", "number"]].values.tolist() == [
        [20.0, 30.0, "blessés", "entre", "20 et 30"]
    ]
    assert t["position"].tolist() == [len("On compte ")]


def test_fixture_complement_after_parmi():
    t = claims("L'attaque a fait quatre morts parmi les civils.")
    assert t[["value", "noun", "complement"]].values.tolist() == [[4.0, "morts", "civils"]]


def test_fixture_percentages_are_claims_of_their_own_kind():
    t = claims("Le chômage a atteint 7,5 % en mars.")
    assert t[["value", "noun", "kind"]].values.tolist() == [[7.5, "%", "percent"]]


def test_fixture_money_and_duration_kinds():
    t = claims("La prime de 1000 euros sera versée pendant six mois.")
    assert t[["value", "noun", "kind"]].values.tolist() == [
        [1000.0, "euros", "money"],
        [6.0, "mois", "duration"],
    ]


def test_fixture_four_digit_count_before_a_plural_noun_is_not_a_year():
    # regression: "de 1500 postes" and "entre 1000 et 6500 euros" were taken for years
    assert rows("Il annonce la création de 1500 postes.") == [[1500.0, "postes", None]]
    t = claims("Elles peuvent recevoir entre 1000 et 6500 euros.")
    assert t[["value", "upper", "noun"]].values.tolist() == [[1000.0, 6500.0, "euros"]]
    assert rows("2000 manifestants ont défilé.") == [[2000.0, "manifestants", None]]


# ----------------------------------------------------------------- fixtures: not claims
@pytest.mark.parametrize(
    "sentence",
    [
        "Le 7 octobre, la guerre a commencé.",  # date
        "Le jeudi 1er février, ils ont frappé.",  # date with an ordinal day
        "C'est la troisième attaque et le 2e raid.",  # ordinals
        "En 2019, la guerre a repris.",  # year
        "La révolution de 1789 était un tournant.",  # year after "de", no plural noun
        "L'année 2019 fut longue.",  # year
        "La frappe a eu lieu à 14 heures, puis à 10h30.",  # clock times
        "Le F-16 et la résolution 2728.",  # identifiers
        "Lors de l'acte 3 du mouvement.",  # label
        "Les deux pays ont signé.",  # number word after a definite determiner
        "Un soldat a été blessé.",  # "un" is an article
    ],
)
def test_fixture_not_a_claim(sentence):
    assert claims(sentence).empty, claims(sentence)[["number", "noun"]]


# ----------------------------------------------------------------- English fixtures
def test_fixture_english_claims():
    assert rows("At least 12 people were killed on March 3, 2024.", "en") == [
        [12.0, "people", "at least"]
    ]
    assert rows("Thousands of people marched at 10:30.", "en") == [[1000.0, "people", "thousands"]]
    assert rows("More than 27,000 Palestinians have been killed.", "en") == [
        [27000.0, "Palestinians", "more than"]
    ]
    assert claims("It was the 4th attack since 2019.", "en").empty


def test_parse_number_words_by_hand():
    assert parse_number_words("vingt-trois") == 23.0
    assert parse_number_words("quatre-vingt-dix") == 90.0
    assert parse_number_words("deux mille cinq cents") == 2500.0
    assert parse_number_words("one hundred and twenty") == 120.0


def test_kinds_are_documented(seed_table):
    assert set(seed_table["kind"]) <= set(CLAIM_KINDS)


def test_no_number_gives_an_empty_table_with_the_columns():
    t = claims("Il pleut sur la ville.")
    assert t.empty and list(t.columns) == list(CLAIM_COLUMNS)


# ----------------------------------------------------------------- friendly errors
def test_error_field(seed):
    with pytest.raises(OptionError, match=r"field='texte'.*'body'"):
        numeric_claims(seed, field="texte")


def test_error_progress(seed):
    with pytest.raises(OptionError, match=r"progress must be True, False or None.*1"):
        numeric_claims(seed, progress=1)


def test_error_not_a_corpus():
    with pytest.raises(InputTypeError):
        numeric_claims("Trois morts.")


# ----------------------------------------------------------------- real press, if present
@pytest.mark.skipif(not GILETS.exists(), reason=f"real-press corpus not found at {GILETS}")
def test_real_press_sample_numbers_are_written_where_they_are_said_to_be():
    frame = pd.read_json(GILETS, lines=True).iloc[::50][["id", "text", "language"]]
    corpus = analysis.Corpus.from_frames(frame.reset_index(drop=True))
    t = numeric_claims(corpus)
    assert len(t) > 0 and set(t["kind"]) <= set(CLAIM_KINDS)
    texts = corpus.texts("body")
    for doc_id, pos, number in t[["id", "position", "number"]].itertuples(index=False):
        window = " ".join(texts.loc[doc_id][pos : pos + 80].split()).lower()
        # the number as written is in the text at the position (qualifier first)
        assert number.split()[0].lower() in window
    # no year of the press period is a bare claim without a noun
    years = t[t["number"].isin(["2018", "2019"])]
    assert years["noun"].notna().all()
