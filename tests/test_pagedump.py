"""The page-dump parser and its rules: the seed article, the synthetic fixtures, every rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.config import RAW_DIR
from analysis.corpus import load_corpus
from analysis.errors import InputTypeError
from analysis.pagedump import parse_front_matter, parse_pagedump
from analysis.patterns import (
    ALL_RULES,
    CAPTION_RULES,
    FURNITURE_RULES,
    RELATED_RULES,
    ROLES,
    LineContext,
    caption_on_story,
    classify_line,
    content_words,
    related_marker_only,
    rules_table,
    source_value,
)

SEED = RAW_DIR / "presstv-fr-2024-02-01-haifa.txt"
FIXTURES = Path(__file__).parent / "fixtures" / "pagedumps"
# The seed's title, as the page spells it: the source has the typo "quatrière"
# (for "quatrième"), and raw data is never edited.
SEED_TITLE = "Une quatrière attaque de la Résistance irakienne contre le port de Haïfa"


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    """The seed loaded from a copy whose file name carries no date."""
    folder = tmp_path_factory.mktemp("seed")
    shutil.copyfile(SEED, folder / "article.txt")
    return load_corpus(folder / "article.txt")


@pytest.fixture(scope="module")
def fixtures():
    return load_corpus(FIXTURES)


def _segments(corpus, article_id):
    return corpus.segments[corpus.segments["id"] == article_id]


def _article(corpus, article_id):
    return corpus.articles.set_index("id").loc[article_id]


# --- The seed: acceptance ----------------------------------------------------------------


def test_seed_title_is_the_pages_title(seed):
    assert seed.articles.loc[0, "title"] == SEED_TITLE
    assert SEED_TITLE in SEED.read_text(encoding="utf-8").splitlines()


def test_seed_outlet_language_and_date(seed):
    art = seed.articles.iloc[0]
    assert art["outlet"] == "Press TV"
    assert art["language"] == "fr"
    assert art["date"] == pd.Timestamp("2024-02-01")
    assert art["date_source"] == "body_partial+caption"
    assert art["date_evidence"] == "jeudi 1er février + jeudi 1er février 2024"
    assert seed.articles["date"].dtype.kind == "M"


def test_seed_segment_counts(seed):
    counts = seed.segments["role"].value_counts().to_dict()
    assert counts == {"body": 10, "furniture": 3, "caption": 2, "related": 1, "title": 1}


def test_seed_text_holds_no_furniture_captions_or_links(seed):
    text = seed.articles.loc[0, "text"]
    assert "TV" not in text.split("\n")
    for fragment in ("Partager Cet Article", "SOURCE:", "Lire aussi", "Ilhan Omar", "Getty"):
        assert fragment not in text
    assert text.count("\n\n") == 9  # ten paragraphs


def test_seed_furniture_rules(seed):
    furniture = seed.segments[seed.segments["role"] == "furniture"]
    assert furniture[["rule", "text"]].values.tolist() == [
        ["logo_remnant", "TV"],
        ["share_button", "Partager Cet Article"],
        ["source_line", "SOURCE: FRENCH PRESS TV"],
    ]


def test_seed_off_story_caption_is_flagged_and_never_dates_the_article(seed):
    captions = seed.segments[seed.segments["role"] == "caption"]
    assert captions["on_story"].tolist() == [False, True]
    assert "Ilhan Omar" in captions["text"].iloc[0]
    assert "Getty Images" in captions["text"].iloc[1]
    assert "Ilhan Omar" not in seed.texts("captions").iloc[0]
    assert "Ilhan Omar" in seed.texts("captions", include_off_story=True).iloc[0]
    # The first date on the page (March 08, 2019) belongs to the off-story caption.
    assert seed.articles.loc[0, "date"].year == 2024


def test_seed_segments_reproduce_every_nonblank_line(seed):
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").split("\n") if ln.strip()]
    ordered = seed.segments.sort_values("position")
    assert ordered["text"].tolist() == lines
    assert ordered["line"].tolist() == [
        i + 1 for i, ln in enumerate(SEED.read_text(encoding="utf-8").split("\n")) if ln.strip()
    ]


def test_seed_keeps_no_break_spaces_and_apostrophes(seed):
    text = seed.articles.loc[0, "text"]
    assert "\u00a0" in text
    # The seed README counts nine ’ and two ' on the page, all in the body.
    assert (text.count("’"), text.count("'")) == (9, 2)


def test_loading_data_raw(recwarn):
    corpus = load_corpus(RAW_DIR)
    assert len(corpus) == 1
    art = corpus.articles.iloc[0]
    assert art["id"] == "presstv-fr-2024-02-01-haifa"
    assert art["title"] == SEED_TITLE
    # The file name carries the date too, but the page's own evidence comes first.
    assert art["date_source"] == "body_partial+caption"
    assert (corpus.report["status"] == "loaded").sum() == 1


# --- The synthetic fixtures: each rule, each date source ---------------------------------


def test_fixture_folder_skips_its_readme(fixtures):
    readme = fixtures.report[fixtures.report["source_path"].str.endswith("README.md")]
    assert readme[["status", "reason"]].values.tolist() == [["skipped", "not an article (README)"]]
    assert len(fixtures) == 4


def test_fixture_a_lire_aussi_photo_afp_and_body_date(fixtures):
    seg = _segments(fixtures, "fr-body-date").set_index("rule")
    assert seg.loc["a_lire_aussi", "role"] == "related"
    assert seg.loc["a_lire_aussi", "text"].startswith("À lire aussi :")
    assert seg.loc["photo_credit", "role"] == "caption"
    assert seg.loc["photo_credit", "text"].endswith("Photo : AFP")
    assert {"logo_remnant", "advertisement", "subscribe_prompt", "share_button"} <= set(seg.index)
    art = _article(fixtures, "fr-body-date")
    assert (art["date"], art["date_source"]) == (pd.Timestamp("2024-03-05"), "body_full")
    assert art["language"] == "fr"
    assert pd.isna(art["outlet"])
    assert "Publicité" not in art["text"] and "Abonnez-vous" not in art["text"]


def test_fixture_front_matter_metadata_date_and_lire_aussi_chevrons(fixtures):
    seg = _segments(fixtures, "fr-front-matter")
    rules = seg.set_index("rule")
    assert rules.loc["lire_aussi_chevrons", "text"] == "LIRE AUSSI >>"
    assert (
        rules.loc["related_link_text", "text"] == "Les cerfs-volants géants reviennent sur la côte"
    )
    assert rules.loc["related_link_text", "role"] == "related"
    assert rules.loc["copyright_sign", "text"].endswith("© Reuters")
    assert rules.loc["metadata_title", "role"] == "title"
    assert (seg["rule"] == "front_matter").sum() == 7
    art = _article(fixtures, "fr-front-matter")
    # Metadata wins over the full date in the body (3 February 2003).
    assert (art["date"], art["date_source"]) == (pd.Timestamp("2024-01-15"), "metadata")
    assert (art["outlet"], art["outlet_source"]) == ("Le Figaro", "metadata")
    assert art["url"] == "https://www.lefigaro.fr/exemple/cerfs-volants"
    assert art["language_source"] == "metadata"
    assert "cerfs-volants géants reviennent" not in art["text"]
    assert "outlet:" not in art["text"]


def test_fixture_only_filename_date_ignores_off_story_caption(fixtures):
    art = _article(fixtures, "2025-01-05-fr-filename-date")
    assert (art["date"], art["date_source"]) == (pd.Timestamp("2025-01-05"), "filename")
    caption = _segments(fixtures, "2025-01-05-fr-filename-date").query("role == 'caption'")
    assert caption["on_story"].tolist() == [False]
    assert caption["rule"].tolist() == ["agency_photo_paren"]


def test_off_story_caption_never_dates_even_without_a_filename_date(tmp_path):
    # Same page, no date in the name: the English caption (January 5, 2020, a Sunday
    # like the body's "ce dimanche 5 janvier") must not complete the partial date.
    page = (FIXTURES / "2025-01-05-fr-filename-date.txt").read_bytes()
    (tmp_path / "truffes.txt").write_bytes(page)
    art = load_corpus(tmp_path / "truffes.txt").articles.iloc[0]
    assert pd.isna(art["date"])
    assert art["date_source"] == "none"


def test_fixture_english_page_read_more(fixtures):
    seg = _segments(fixtures, "en-read-more").set_index("rule")
    assert seg.loc["read_more", "role"] == "related"
    assert seg.loc["agency_photo_paren", "role"] == "caption"
    assert seg.loc["share_button", "text"] == "Share"
    assert seg.loc["advertisement", "text"] == "Advertisement"
    art = _article(fixtures, "en-read-more")
    assert art["language"] == "en"
    assert (art["date"], art["date_source"]) == (pd.Timestamp("2024-02-01"), "body_full")
    assert (art["outlet"], art["outlet_source"]) == ("Press TV", "page")
    assert "Read more" not in art["text"]


def test_fixture_segments_reproduce_pages(fixtures):
    for art_id, path in zip(fixtures.articles["id"], fixtures.articles["source_path"], strict=True):
        lines = [
            ln.strip() for ln in Path(path).read_text(encoding="utf-8").split("\n") if ln.strip()
        ]
        assert _segments(fixtures, art_id).sort_values("position")["text"].tolist() == lines


# --- Each rule ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda r: r.name)
def test_every_rule_matches_its_example(rule):
    context = LineContext(index=5, before_title=rule.name == "logo_remnant")
    assert rule.role in ROLES
    assert rule.matches(rule.example, context)
    assert classify_line(rule.example, context) is rule


def test_rule_names_are_unique_and_documented():
    table = rules_table()
    assert table["name"].is_unique
    assert table["description"].str.len().gt(10).all()
    assert list(table.columns) == [
        "order", "name", "role", "description", "example", "pattern", "max_length"
    ]  # fmt: skip
    assert {r.name for r in FURNITURE_RULES + RELATED_RULES + CAPTION_RULES} <= set(table["name"])


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("À lire aussi : La crue de la Seine", "a_lire_aussi"),
        ("A lire également: un autre article", "a_lire_aussi"),
        ("LIRE AUSSI >> Les péniches", "lire_aussi_chevrons"),
        ("Lire aussi\u00a0: Une autre brigade", "lire_aussi"),
        ("Voir aussi : la chronologie", "voir_aussi"),
        ("Sur le même sujet", "voir_aussi"),
        ("Read more: Ferry resumes", "read_more"),
        ("See also: the timeline", "read_more"),
        ("Un drone au-dessus de la mer. Photo : AFP", "photo_credit"),
        ("Crédit photo : Jean Exemple", "photo_credit"),
        ("Le port. © Reuters", "copyright_sign"),
        ("Une rue de Bruxelles (Photo d'illustration)", "photo_paren"),
        ("Ilhan Omar at the Capitol. (AFP photo)", "agency_photo_paren"),
        ("Des soldats à la frontière (Reuters/Jean Exemple)", "agency_photo_paren"),
        ("Un drone au-dessus de la mer. Getty Images", "getty_images"),
        ("Le port de Haïfa. Photo d'archives", "archives_credit"),
        ("Le Premier ministre à Bruxelles. BELGA", "agency_at_end"),
        ("Des manifestants à Paris, le 1er décembre 2018 - AFP / Jean Exemple", "agency_at_end"),
        ("Partager", "share_button"),
        ("Partager sur Facebook", "share_button"),
        ("Share this article", "share_button"),
        ("Source : AFP", "source_line"),
        ("(avec AFP)", "agency_signoff"),
        ("Abonnez-vous", "subscribe_prompt"),
        ("PUBLICITÉ", "advertisement"),
        ("Publié le 01/02/2024 à 10h30", "published_line"),
    ],
)
def test_rule_on_line(line, rule):
    got = classify_line(line, LineContext(index=3, before_title=False))
    assert got is not None and got.name == rule


@pytest.mark.parametrize(
    "line",
    [
        "La Résistance islamique en Irak a revendiqué l’attaque, a indiqué l'AFP.",
        "Le mouvement a été fondé en 2019, rapporte Reuters.",
        "Washington a également utilisé son droit de veto.",
        "Publié en 2019, le rapport a été largement commenté par la presse régionale et nationale.",
        "Les archives de la ville ont été numérisées.",
        "Partager les richesses reste un objectif du gouvernement, dit-il.",
        # Regressions found on real French press (Swiss dispatch codes, "À lire" as a verb).
        "Un automobiliste est mort dans la nuit, et de nouvelles actions sont prévues. (afp/nxp)",
        "Le dispositif de sécurité sera déployé samedi dans le canton. (ats/nxp)",
        "A lire les réactions sur les groupes Facebook, les annonces n'ont pas convaincu.",
        "Une longue phrase " * 25 + "qui se termine par un crédit. (Photo AFP)",
        "La mobilité, question centrale pour notre futur (PHOTOS)",
    ],
)
def test_body_sentences_are_not_classified(line):
    assert classify_line(line, LineContext(index=3, before_title=False)) is None


def test_logo_remnant_only_above_the_title():
    text = "TV\n\nUn titre de page tout à fait substantiel\n\nTV\n\nUn paragraphe du corps."
    roles = [(s["role"], s["rule"]) for s in parse_pagedump(text)["segments"]]
    assert roles == [
        ("furniture", "logo_remnant"),
        ("title", "first_substantial_line"),
        ("body", "body_paragraph"),
        ("body", "body_paragraph"),
    ]


def test_related_marker_alone_claims_only_the_next_line_of_its_block():
    text = "Un titre de page substantiel\n\nLIRE AUSSI >>\n\nUn paragraphe séparé par un blanc."
    roles = [s["role"] for s in parse_pagedump(text)["segments"]]
    assert roles == ["title", "related", "body"]
    assert related_marker_only("À lire aussi :") and not related_marker_only("À lire aussi : X")


def test_source_value_and_dateline_are_read_off_the_page():
    record = parse_pagedump(
        "Un titre de page substantiel\nPublié le 2 février 2024 à 10h\n\nCorps.\nSOURCE: LaLibre"
    )
    assert record["page"] == {"outlet": "LaLibre", "dateline": "Publié le 2 février 2024 à 10h"}
    assert source_value("SOURCE: FRENCH PRESS TV") == "FRENCH PRESS TV"


def test_dateline_is_a_metadata_date(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "Un titre de page substantiel\nPublié le 2 février 2024 à 10h\n\n"
        "Un corps daté du 3 mars 2024.",
        encoding="utf-8",
    )
    art = load_corpus(path).articles.iloc[0]
    assert (art["date"], art["date_source"]) == (pd.Timestamp("2024-02-02"), "metadata")


def test_front_matter_parsing():
    meta, end = parse_front_matter(
        ["", "---", "Outlet: Le Monde", "Date: '2024-02-01'", "author: X", "---", "T"]
    )
    assert meta == {"outlet": "Le Monde", "date": "2024-02-01", "author": "X"}
    assert end == 6
    assert parse_front_matter(["---", "not a key value line", "---"]) == ({}, 0)
    assert parse_front_matter(["---", "title: never closed"]) == ({}, 0)
    assert parse_front_matter(["Titre", "---"]) == ({}, 0)


def test_front_matter_extra_keys_become_columns(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text(
        "---\nauthor: Jeanne Exemple\n---\nUn titre de page substantiel\n\nCorps.", encoding="utf-8"
    )
    art = load_corpus(path).articles.iloc[0]
    assert art["author"] == "Jeanne Exemple"


def test_parse_pagedump_rejects_bytes():
    with pytest.raises(InputTypeError, match="str"):
        parse_pagedump(b"TV")


# --- Does a caption belong to the story? -------------------------------------------------


def test_caption_on_story_rule():
    story = (
        "La Résistance irakienne frappe le port de Haïfa. "
        "Attaque de drones contre la ville portuaire."
    )
    same = "La ville portuaire de Haïfa frappée par la Résistance irakienne. ©Getty Images/archives"
    other_fr = "Un marché aux truffes à Bourg-Exemple, le 5 janvier 2020. Photo : AFP"
    english = "The port of Haifa attacked by drones. (AFP photo)"
    assert caption_on_story(same, story, caption_language="fr", story_language="fr")
    assert not caption_on_story(other_fr, story, caption_language="fr", story_language="fr")
    assert not caption_on_story(english, story, caption_language="en", story_language="fr")
    assert caption_on_story(same, story, caption_language="und", story_language="fr")


def test_content_words_drop_stopwords_credits_and_plural():
    assert content_words("Les attaques contre l’occupant sioniste. ©Getty Images/archives") == {
        "attaque",
        "occupant",
        "sioniste",
    }
