"""Tests of analysis.dedup: exact and near-duplicate articles.

Every sentence below is a FIXTURE written for these tests (not press). The oracle is a
brute-force all-pairs computation written here, independently of the module: its own
normalisation, its own shingles as Python sets of word tuples, and its own clustering.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.config import SHARED_CORPORA
from analysis.dedup import (
    CROSS_OUTLET_COLUMNS,
    DEDUP_COLUMNS,
    _bands,
    _lsh_pairs,
    _sketches,
    _Tokens,
    cross_outlet_copies,
    find_duplicates,
    normalise_for_dedup,
)
from analysis.errors import CorpusError, InputTypeError, OptionError

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


# -------------------------------------------------------------------------------------------
# The oracle: brute force over all pairs
def oracle_norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")
    return re.sub(r"\s+", " ", text.casefold()).strip()


def oracle_shingles(text: str, k: int = 5) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", oracle_norm(text))
    return {tuple(tokens[i : i + k]) for i in range(len(tokens) - k + 1)}


def oracle_sim(a: set, b: set) -> tuple[float, float]:
    if not a and not b:
        return 1.0, 1.0
    inter = len(a & b)
    smaller = min(len(a), len(b))
    return inter / len(a | b), (inter / smaller if smaller else 0.0)


def oracle(texts: list[str], k: int = 5, jaccard: float = 0.8, containment: float = 0.9):
    """(flagged pairs (i, j), cluster root (kept article) of each position) by brute force."""
    norms = [oracle_norm(t) for t in texts]
    sets = [oracle_shingles(t, k) for t in texts]
    n = len(texts)
    pairs = set()
    for i in range(n):
        for j in range(i + 1, n):
            if not norms[i] or not norms[j]:
                continue
            if norms[i] == norms[j]:
                pairs.add((i, j))
            elif sets[i] and sets[j]:
                jac, con = oracle_sim(sets[i], sets[j])
                if jac >= jaccard or con >= containment:
                    pairs.add((i, j))
    # Leader clustering in input order, written plainly: an exact copy follows the first text
    # with its normalised body; any other text joins the first earlier *leader* it is
    # flagged with, else leads itself.
    root = list(range(n))
    first_of: dict[str, int] = {}
    for p in range(n):
        if norms[p] and norms[p] in first_of:
            root[p] = root[first_of[norms[p]]]
            continue
        if norms[p]:
            first_of[norms[p]] = p
        leaders = [q for q in range(p) if root[q] == q and (q, p) in pairs]
        if leaders:
            root[p] = min(leaders)
    return pairs, root, sets, norms


def same_cluster_pairs(roots) -> set[tuple[int, int]]:
    groups: dict[int, list[int]] = {}
    for i, r in enumerate(roots):
        groups.setdefault(r, []).append(i)
    return {(a, b) for g in groups.values() for ai, a in enumerate(g) for b in g[ai + 1 :]}


def roots_of(result: pd.DataFrame) -> list[int]:
    position = {i: p for p, i in enumerate(result["id"])}
    return [position[c] if c in position else position[int(c)] for c in result["cluster_id"]]


# -------------------------------------------------------------------------------------------
# Fixtures (sentences written for these tests)
DISPATCH = (  # fixture
    "Le gouvernement a annoncé mardi une hausse de la taxe sur les carburants à partir du "
    "premier janvier. Les syndicats dénoncent une mesure injuste pour les ménages ruraux qui "
    "dépendent de leur voiture pour aller travailler. Le ministre a défendu une décision "
    "nécessaire pour financer la transition écologique et réduire les émissions du pays. "
    "Selon les chiffres publiés par le ministère, le litre de gazole augmentera de six "
    "centimes, celui de l'essence de trois centimes, et la prime à la conversion sera "
    "étendue aux foyers modestes. L'opposition réclame un moratoire et un débat au "
    "Parlement avant toute nouvelle hausse. "
    "Des rassemblements sont prévus samedi dans plusieurs grandes villes du pays."
)
DISPATCH_ONE_SENTENCE_CHANGED = DISPATCH.replace(  # fixture
    "Des rassemblements sont prévus samedi dans plusieurs grandes villes du pays.",
    "Des manifestations auront lieu samedi dans plusieurs grandes villes.",
)
EXTRA_PARAGRAPH = (  # fixture
    "\n\nÀ Bordeaux, les commerçants du centre disent craindre une nouvelle baisse de leur "
    "chiffre d'affaires après plusieurs week-ends de blocages et de cortèges sur les boulevards."
)
SAME_TOPIC = (  # fixture: the same topic, written differently
    "Samedi, des milliers de personnes ont défilé contre le prix de l'essence. Dans les "
    "campagnes, beaucoup expliquent ne pas avoir d'autre choix que la voiture, et jugent la "
    "taxe injuste. L'exécutif maintient sa position au nom du climat."
)
OTHER_TOPIC = (  # fixture
    "La bibliothèque municipale rouvre ses portes après deux ans de travaux, avec une salle "
    "de lecture agrandie et un espace pour les enfants."
)


def test_fixture_similarities_are_as_intended():
    a, b = oracle_shingles(DISPATCH), oracle_shingles(DISPATCH_ONE_SENTENCE_CHANGED)
    assert oracle_sim(a, b)[0] >= 0.8
    jac, con = oracle_sim(a, oracle_shingles(DISPATCH + EXTRA_PARAGRAPH))
    assert jac < 0.8 and con >= 0.9
    assert max(oracle_sim(a, oracle_shingles(SAME_TOPIC))) < 0.2


def test_exact_duplicates_differ_only_in_apostrophes_spaces_case():
    variant = (
        DISPATCH.upper().replace("'", "\u2019").replace(" ", "\u00a0 ", 3).replace(". ", ".\n\n")
    )
    texts = pd.Series({"a": DISPATCH, "b": variant, "c": OTHER_TOPIC})  # fixture
    out = find_duplicates(texts)
    assert list(out.columns) == list(DEDUP_COLUMNS)
    assert out["status"].tolist() == ["kept", "duplicate", "unique"]
    assert out["duplicate_of"].tolist() == [None, "a", None]
    assert out.loc[1, ["jaccard", "containment"]].tolist() == [1.0, 1.0]
    assert out.loc[[0, 2], "jaccard"].isna().all()


def test_normalisation_matches_the_oracle_on_fixtures():
    for text in [
        DISPATCH,
        "L\u2019État  \u00a0dit\u202f: « non »",
        "Stra\u00dfe \u0301e\u0301t\u00e9",
    ]:
        assert normalise_for_dedup(text) == oracle_norm(text)


def test_one_sentence_changed_is_near_duplicate_and_topic_is_not():
    texts = pd.Series(  # fixture
        {
            "dispatch": DISPATCH,
            "changed": DISPATCH_ONE_SENTENCE_CHANGED,
            "longer": DISPATCH + EXTRA_PARAGRAPH,
            "topic": SAME_TOPIC,
            "other": OTHER_TOPIC,
        }
    )
    out = find_duplicates(texts).set_index("id")
    assert out.loc["changed", "status"] == "near_duplicate"
    assert out.loc["longer", "status"] == "near_duplicate"
    assert out.loc["dispatch", "status"] == "kept"
    assert out.loc["topic", "status"] == "unique"
    assert out.loc["other", "status"] == "unique"
    base = oracle_shingles(DISPATCH)
    for name in ("changed", "longer"):
        jac, con = oracle_sim(oracle_shingles(texts[name]), base)
        assert out.loc[name, "jaccard"] == jac and out.loc[name, "containment"] == con
    assert out.loc["longer", "jaccard"] < 0.8


def test_short_copy_inside_long_article_is_found_by_containment():
    # fixture: a dispatch inside an article four times as long (Jaccard ~0.25: LSH on
    # resemblance alone would miss it)
    filler = " ".join(f"mot{i} suite{i % 7}" for i in range(300))
    texts = pd.Series({"long": filler + " " + DISPATCH, "short": DISPATCH})
    jac, con = oracle_sim(oracle_shingles(texts["long"]), oracle_shingles(texts["short"]))
    assert jac < 0.5 and con == 1.0
    out = find_duplicates(texts)
    assert out["status"].tolist() == ["kept", "near_duplicate"]
    assert out.loc[1, "containment"] == 1.0 and out.loc[1, "jaccard"] == pytest.approx(jac)


def test_order_decides_which_is_kept():
    texts = pd.Series({"x": DISPATCH, "y": DISPATCH_ONE_SENTENCE_CHANGED, "z": OTHER_TOPIC})
    first = find_duplicates(texts).set_index("id")
    second = find_duplicates(texts[["y", "x", "z"]]).set_index("id")
    assert first.loc["x", "status"] == "kept" and first.loc["y", "duplicate_of"] == "x"
    assert second.loc["y", "status"] == "kept" and second.loc["x", "duplicate_of"] == "y"
    assert set(first["cluster_id"]) == {"x", "z"} and set(second["cluster_id"]) == {"y", "z"}
    # rows come back in input order
    assert find_duplicates(texts[["z", "y", "x"]])["id"].tolist() == ["z", "y", "x"]


def test_no_chaining_a_copy_of_a_copy_is_not_put_with_an_unrelated_text():
    # b = a + c: b copies a (containment 1) and holds c (containment 1), but a and c are
    # unrelated. Single-link clustering put all three together, reporting c as a "copy" of a
    # with Jaccard 0 (seen on real press). Each near copy must be a verified pair with its
    # kept article.
    part1 = DISPATCH  # fixture
    part2 = SAME_TOPIC + " " + OTHER_TOPIC  # fixture
    texts = pd.Series({"a": part1, "b": part1 + " " + part2, "c": part2})
    out = find_duplicates(texts).set_index("id")
    assert out["status"].tolist() == ["kept", "near_duplicate", "unique"]
    assert out["cluster_id"].tolist() == ["a", "a", "c"]
    assert out.loc["b", "containment"] == 1.0


def test_every_near_duplicate_is_a_verified_pair_with_its_kept_article():
    texts = pd.Series(
        {
            "a": DISPATCH,
            "b": DISPATCH + " " + SAME_TOPIC,
            "c": SAME_TOPIC + " " + OTHER_TOPIC,
            "d": DISPATCH_ONE_SENTENCE_CHANGED,
        }
    )  # fixtures
    out = find_duplicates(texts)
    near = out[out["status"] == "near_duplicate"]
    assert len(near) and ((near["jaccard"] >= 0.8) | (near["containment"] >= 0.9)).all()


def test_short_texts_compared_exactly_only():
    texts = pd.Series({"a": "Trois mots ici", "b": "trois  MOTS ici", "c": "Trois mots là"})
    out = find_duplicates(texts)
    assert out["status"].tolist() == ["kept", "duplicate", "unique"]


def test_empty_texts_warn_and_stay_unique():
    texts = pd.Series({"a": "", "b": "  \u00a0", "c": DISPATCH})
    with pytest.warns(UserWarning, match="2 of 3 texts are empty"):
        out = find_duplicates(texts)
    assert out["status"].tolist() == ["unique"] * 3


def test_near_false_finds_exact_only():
    texts = pd.Series({"a": DISPATCH, "b": DISPATCH_ONE_SENTENCE_CHANGED, "c": DISPATCH.lower()})
    out = find_duplicates(texts, near=False)
    assert out["status"].tolist() == ["kept", "unique", "duplicate"]


def test_cluster_ids_are_consistent():
    texts = pd.Series(
        {
            1: DISPATCH,
            2: OTHER_TOPIC,
            3: DISPATCH_ONE_SENTENCE_CHANGED,
            4: OTHER_TOPIC.upper(),
            5: DISPATCH + EXTRA_PARAGRAPH,
        }
    )
    out = find_duplicates(texts)
    assert out["cluster_id"].tolist() == ["1", "2", "1", "2", "1"]
    assert out["duplicate_of"].tolist() == [None, None, 1, 2, 1]
    for cid, group in out.groupby("cluster_id"):
        assert (group["status"] == "kept").sum() == (1 if len(group) > 1 else 0)
        kept = group[group["status"].isin(["kept", "unique"])]
        assert len(kept) == 1 and str(kept["id"].iloc[0]) == cid


# -------------------------------------------------------------------------------------------
# Against the brute force on random small corpora
WORDS = "le la les un une de du des et à en dans pour sur avec par gouvernement taxe prix".split()


@st.composite
def corpora(draw):
    bases = draw(
        st.lists(st.lists(st.sampled_from(WORDS), min_size=0, max_size=40), min_size=1, max_size=5)
    )
    texts = [" ".join(b) for b in bases]
    for _ in range(draw(st.integers(0, 8))):
        src = draw(st.sampled_from(texts)).split()
        op = draw(st.sampled_from(["copy", "edit", "append", "prepend", "cut", "case"]))
        if op == "edit" and src:
            i = draw(st.integers(0, len(src) - 1))
            src[i] = draw(st.sampled_from(WORDS))
        elif op == "append":
            src = src + draw(st.lists(st.sampled_from(WORDS), max_size=12))
        elif op == "prepend":
            src = draw(st.lists(st.sampled_from(WORDS), max_size=12)) + src
        elif op == "cut" and src:
            src = src[draw(st.integers(0, len(src) - 1)) :]
        text = " ".join(src)
        texts.append(text.upper() if op == "case" else text)
    return texts


@pytest.mark.filterwarnings("ignore:.*empty after normalisation")
@settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(corpora())
def test_agrees_with_brute_force(texts):
    pairs, oracle_roots, sets, norms = oracle(texts)
    series = pd.Series(texts, index=[f"t{i}" for i in range(len(texts))])
    out = find_duplicates(series)
    roots = roots_of(out)
    ours = same_cluster_pairs(roots)
    # No false positive: everything put together is together in the brute-force clustering,
    # and every text put with a kept article is flagged with it.
    assert ours <= same_cluster_pairs(oracle_roots)
    assert all((root, p) in pairs for p, root in enumerate(roots) if root != p)
    # Exact duplicates are always found.
    assert {(i, j) for i, j in pairs if norms[i] == norms[j]} <= ours
    for p, root in enumerate(roots):
        status = out["status"].iloc[p]
        if status in ("unique", "kept"):
            assert np.isnan(out["jaccard"].iloc[p]) and root == p
        elif status == "duplicate":
            assert norms[p] == norms[root]
            assert out["jaccard"].iloc[p] == 1.0 and out["containment"].iloc[p] == 1.0
        else:
            jac, con = oracle_sim(sets[p], sets[root])
            assert out["jaccard"].iloc[p] == jac and out["containment"].iloc[p] == con
    # And nothing missed: each generator misses a pair at its threshold with probability
    # < 0.001 (a text of <= 32 shingles is even sampled whole). The examples are
    # derandomized, so this is a deterministic check, not a claim of perfect recall.
    assert ours == same_cluster_pairs(oracle_roots)


def _random_text(rng, n_words, vocab=3000):
    return " ".join(f"w{v}" for v in rng.integers(0, vocab, n_words))


def test_recall_on_constructed_near_copies():
    rng = np.random.default_rng(7)
    texts, planted = [], []
    for _ in range(150):
        words = _random_text(rng, int(rng.integers(80, 400))).split()
        copy = list(words)
        # change a few words at random places, until the exact Jaccard is in [0.85, 0.95)
        while True:
            i = int(rng.integers(0, len(copy)))
            copy[i] = f"x{rng.integers(0, 10**6)}"
            jac, _ = oracle_sim(oracle_shingles(" ".join(words)), oracle_shingles(" ".join(copy)))
            if jac < 0.95:
                break
        if jac < 0.85:
            continue
        texts += [" ".join(words), " ".join(copy)]
        planted.append((len(texts) - 2, len(texts) - 1))
    assert len(planted) > 100
    out = find_duplicates(pd.Series(texts, index=range(len(texts))))
    ours = same_cluster_pairs(roots_of(out))
    recall = np.mean([p in ours for p in planted])
    assert recall >= 0.95
    # and nothing else: the random texts are unrelated
    assert ours <= set(planted)


def test_recall_on_constructed_contained_copies():
    rng = np.random.default_rng(8)
    texts, planted = [], []
    for _ in range(120):
        short = _random_text(rng, int(rng.integers(60, 200)))
        long = _random_text(rng, int(rng.integers(100, 800))) + " " + short
        drop = short.split()
        drop[int(rng.integers(0, len(drop)))] = "changé"  # containment just under 1
        texts += [long, " ".join(drop)]
        jac, con = oracle_sim(oracle_shingles(texts[-2]), oracle_shingles(texts[-1]))
        assert con >= 0.9
        if jac < 0.8:
            planted.append((len(texts) - 2, len(texts) - 1))
    assert len(planted) > 100
    out = find_duplicates(pd.Series(texts, index=range(len(texts))))
    recall = np.mean([p in same_cluster_pairs(roots_of(out)) for p in planted])
    assert recall >= 0.95


def test_banding_gives_the_buckets_of_datasketch():
    from datasketch import LeanMinHash, MinHashLSH

    rng = np.random.default_rng(3)
    base = [_random_text(rng, 150) for _ in range(40)]
    texts = base + [t.replace("w1", "z") for t in base[:20]] + [t[: len(t) // 2] for t in base[20:]]
    tokens = _Tokens()
    for t in texts:
        tokens.add(normalise_for_dedup(t))
    sk = _sketches(tokens, k=5, num_perm=64, seed=1, progress=False)
    ours = {(int(p >> 32), int(p & 0xFFFFFFFF)) for p in _lsh_pairs(sk, num_perm=64, jaccard=0.6)}
    b, r = _bands(64, 0.6)
    lsh = MinHashLSH(num_perm=64, params=(b, r))
    minhashes = [LeanMinHash(seed=1, hashvalues=sig, scheme="affine32") for sig in sk.signatures]
    for i, m in enumerate(minhashes):
        lsh.insert(i, m)
    theirs = {
        (min(i, j), max(i, j)) for i, m in enumerate(minhashes) for j in lsh.query(m) if i != j
    }
    assert ours == theirs and len(ours) >= 20


def test_signature_agreement_estimates_jaccard():
    rng = np.random.default_rng(4)
    texts, exact = [], []
    for _ in range(60):
        words = _random_text(rng, 300).split()
        cut = int(rng.integers(30, 290))
        other = words[:cut] + _random_text(rng, 300 - cut).split()
        texts += [" ".join(words), " ".join(other)]
        exact.append(oracle_sim(oracle_shingles(texts[-2]), oracle_shingles(texts[-1]))[0])
    tokens = _Tokens()
    for t in texts:
        tokens.add(normalise_for_dedup(t))
    sig = _sketches(tokens, k=5, num_perm=128, seed=1, progress=False).signatures
    estimate = (sig[0::2] == sig[1::2]).mean(axis=1)
    errors = estimate - np.array(exact)
    # MinHash is unbiased with standard deviation sqrt(J(1-J)/128) <= 0.045
    assert abs(errors.mean()) < 0.02
    assert np.abs(errors).max() < 0.2


# -------------------------------------------------------------------------------------------
# cross_outlet_copies
def test_cross_outlet_copies_lists_outlets_of_each_cluster():
    texts = pd.Series(  # fixture
        {
            "a1": DISPATCH,
            "b1": DISPATCH_ONE_SENTENCE_CHANGED,
            "c1": DISPATCH.lower(),
            "a2": OTHER_TOPIC,
            "a3": OTHER_TOPIC.upper(),
            "b2": SAME_TOPIC,
            "c2": SAME_TOPIC + " ",
            "a4": SAME_TOPIC,
        }
    )
    outlets = pd.Series(
        {"a1": "Le Temps", "b1": "La DH", "c1": "Le Devoir", "a2": "Le Temps", "a3": "Le Temps",
         "b2": "La DH", "c2": "Le Devoir", "a4": "Le Temps"}
    )  # fmt: skip
    table = cross_outlet_copies(find_duplicates(texts), outlets)
    assert list(table.columns) == list(CROSS_OUTLET_COLUMNS)
    # by hand: cluster a1 = {a1, b1, c1} on 3 outlets; cluster b2 = {b2, c2, a4} on 3
    # outlets; a2 = {a2, a3} one outlet only (left out). Ties broken by cluster_id.
    assert table.to_dict("records") == [
        {"cluster_id": "a1", "n_articles": 3, "n_outlets": 3,
         "outlets": "La DH; Le Devoir; Le Temps", "ids": "a1; b1; c1"},
        {"cluster_id": "b2", "n_articles": 3, "n_outlets": 3,
         "outlets": "La DH; Le Devoir; Le Temps", "ids": "b2; c2; a4"},
    ]  # fmt: skip


def test_cross_outlet_copies_sorts_by_outlets_then_articles():
    dups = pd.DataFrame(
        {
            "id": list("abcdefg"),
            "cluster_id": ["a", "a", "c", "c", "c", "f", "f"],
            "status": [
                "kept",
                "near_duplicate",
                "kept",
                "duplicate",
                "duplicate",
                "kept",
                "duplicate",
            ],
            "duplicate_of": [None, "a", None, "c", "c", None, "f"],
            "jaccard": np.nan,
            "containment": np.nan,
        }
    )
    outlets = pd.Series(dict(zip("abcdefg", ["X", "Y", "X", "Y", "Y", "Z", "W"], strict=True)))
    table = cross_outlet_copies(dups, outlets)
    assert table["cluster_id"].tolist() == ["c", "a", "f"]
    assert table["n_articles"].tolist() == [3, 2, 2]
    assert table["outlets"].tolist() == ["X; Y", "X; Y", "W; Z"]


# -------------------------------------------------------------------------------------------
# One test per friendly error
@pytest.mark.parametrize(
    "option, value",
    [
        ("shingle_size", 0),
        ("shingle_size", 2.5),
        ("jaccard", 0.0),
        ("jaccard", 1.5),
        ("containment", -0.1),
        ("containment", "0.9"),
        ("num_perm", 8),
        ("seed", -1),
        ("near", "yes"),
        ("progress", 1),
    ],
)
def test_option_errors_name_parameter_range_and_value(option, value):
    with pytest.raises(OptionError) as err:
        find_duplicates(pd.Series({"a": DISPATCH}), **{option: value})
    message = str(err.value)
    assert option in message and repr(value) in message


def test_not_a_series_is_input_type_error():
    with pytest.raises(InputTypeError, match="pandas Series.*received list"):
        find_duplicates([DISPATCH, OTHER_TOPIC])


def test_non_string_text_is_input_type_error():
    with pytest.raises(InputTypeError, match="id 'b' holds float"):
        find_duplicates(pd.Series({"a": DISPATCH, "b": None}, dtype=object).fillna(np.nan))


def test_repeated_ids_are_corpus_error():
    with pytest.raises(CorpusError, match="1 ids repeat: 'a'"):
        find_duplicates(pd.Series([DISPATCH, OTHER_TOPIC], index=["a", "a"]))


def test_cross_outlet_errors():
    dups = find_duplicates(pd.Series({"a": DISPATCH, "b": DISPATCH}))
    with pytest.raises(InputTypeError, match="dups must be the DataFrame"):
        cross_outlet_copies(dups[["id"]], pd.Series({"a": "X", "b": "Y"}))
    with pytest.raises(InputTypeError, match="outlets must be a pandas Series"):
        cross_outlet_copies(dups, {"a": "X", "b": "Y"})
    with pytest.raises(CorpusError, match="no entry for 1 ids of dups, e.g. 'b'"):
        cross_outlet_copies(dups, pd.Series({"a": "X"}))


# -------------------------------------------------------------------------------------------
# Real press (read where it lies; skipped without it)
@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason=f"real-press corpus not found at {CORPUS}")
def test_real_corpus_flags_are_exact():
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh]
    texts = pd.Series({r["id"]: r["text"] for r in rows})
    outlets = pd.Series({r["id"]: r["outlet"] for r in rows})
    start = time.perf_counter()
    out = find_duplicates(texts, progress=False)
    elapsed = time.perf_counter() - start
    counts = out["status"].value_counts()
    table = cross_outlet_copies(out, outlets)
    print(
        f"\n{len(texts)} articles in {elapsed:.1f} s: {counts.to_dict()}; "
        f"{len(table)} cross-outlet clusters"
    )
    assert len(out) == len(texts) == 5028
    # every non-unique row checked against the brute-force values against its kept one
    position = {i: p for p, i in enumerate(out["id"])}
    for row in out[out["status"].isin(["duplicate", "near_duplicate"])].itertuples():
        kept = texts.iloc[position[row.cluster_id]]
        mine = texts[row.id]
        if row.status == "duplicate":
            assert oracle_norm(mine) == oracle_norm(kept)
        else:
            jac, con = oracle_sim(oracle_shingles(mine), oracle_shingles(kept))
            assert (row.jaccard, row.containment) == (jac, con)
    assert counts.get("near_duplicate", 0) > 0 and len(table) > 0


# -------------------------------------------------------------------------------------------
# Internals that the results rest on
def test_chunk_tokens_equal_python_word_regex():
    from analysis.dedup import _read_texts

    texts = [  # fixtures: edges of the word pattern
        "« L’État, c’est moi ! » — dit-il_2 ; 3,5 % …",
        "   ",
        "élan ÉLAN ßtraße ﬁn Ωmega 42e 1er",
        "...début et fin...",
        DISPATCH,
    ]
    chunk = _read_texts(texts, True)
    offset = 0
    for text, length in zip(texts, chunk.lengths.tolist(), strict=True):
        expected = re.findall(r"\w+", oracle_norm(text))
        if not oracle_norm(text):
            assert length == -1
            continue
        got = [chunk.vocab[i] for i in chunk.ids[offset : offset + length]]
        assert got == expected
        offset += length


def test_parallel_reading_gives_the_same_result(monkeypatch):
    import analysis.dedup as dedup

    rng = np.random.default_rng(5)
    base = [_random_text(rng, 120) for _ in range(30)]
    texts = pd.Series(base + [t.upper() for t in base[:5]] + [t[:-40] for t in base[5:15]])
    serial = find_duplicates(texts)
    monkeypatch.setattr(dedup, "_PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(dedup, "_CHUNK_TEXTS", 7)
    parallel = find_duplicates(texts)
    pd.testing.assert_frame_equal(serial, parallel)
    assert (serial["status"] != "unique").sum() >= 30


def test_containment_batches_do_not_change_the_result(monkeypatch):
    import analysis.dedup as dedup

    rng = np.random.default_rng(9)
    shared = _random_text(rng, 50)  # a "sentence" many texts reuse
    texts = []
    for _ in range(40):
        short = _random_text(rng, 80) + " " + shared
        texts += [_random_text(rng, 300) + " " + short, short]
    series = pd.Series(texts)
    whole = find_duplicates(series)
    monkeypatch.setattr(dedup, "_EXPAND_BATCH", 7)
    pd.testing.assert_frame_equal(whole, find_duplicates(series))
    assert (whole["status"] == "near_duplicate").sum() >= 40


def test_verification_batches_give_the_same_result(monkeypatch):
    import analysis.dedup as dedup

    rng = np.random.default_rng(11)
    base = [_random_text(rng, 150) for _ in range(25)]
    edited = [" ".join(t.split()[:-8]) + " " + _random_text(rng, 8) for t in base[:15]]
    texts = pd.Series(base + edited + [t + " " + _random_text(rng, 40) for t in base[15:]])
    serial = find_duplicates(texts)
    monkeypatch.setattr(dedup, "_VERIFY_KEYS", 50)  # a pair or two per batch, in two threads
    pd.testing.assert_frame_equal(serial, find_duplicates(texts))
    assert (serial["status"] == "near_duplicate").sum() >= 20


def _exact_oracle(a, b, k):
    """Jaccard and containment of two shingle sets, from Python sets of token tuples."""
    sa = {tuple(a[i : i + k]) for i in range(len(a) - k + 1)}
    sb = {tuple(b[i : i + k]) for i in range(len(b) - k + 1)}
    if not sa and not sb:
        return 1.0, 1.0
    inter = len(sa & sb)
    smaller = min(len(sa), len(sb))
    return inter / len(sa | sb), (inter / smaller if smaller else 0.0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    docs=st.lists(st.lists(st.integers(0, 6), max_size=60), min_size=2, max_size=6),
    k=st.integers(1, 5),
    data=st.data(),
)
def test_pair_similarity_equals_python_sets(docs, k, data):
    """The verification's values on the hashed sets equal those of the Python sets of
    token tuples (small alphabets: many repeated shingles, texts with none)."""
    from analysis.dedup import _pair_similarity

    tokens = _Tokens()
    for doc in docs:
        tokens.ids.append(np.array(doc, np.int32))
    tokens.vocab.update({f"w{t}": t for t in range(7)})
    sk = _sketches(tokens, k=k, num_perm=16, seed=k, progress=False)
    i = np.array(data.draw(st.lists(st.integers(0, len(docs) - 1), min_size=1, max_size=10)))
    j = np.array(
        data.draw(st.lists(st.integers(0, len(docs) - 1), min_size=len(i), max_size=len(i)))
    )
    jac, con = _pair_similarity(sk, sk.matrix(), i, j)
    for p, (a, b) in enumerate(zip(i.tolist(), j.tolist(), strict=True)):
        assert (jac[p], con[p]) == _exact_oracle(docs[a], docs[b], k)


@settings(max_examples=200, deadline=None)
@given(
    per_text=st.lists(st.lists(st.integers(0, 40), max_size=30), min_size=1, max_size=300),
    low_bits=st.integers(0, 8),
)
def test_distinct_per_text_equals_sorted_sets(per_text, low_bits):
    """Hashes that differ only in their lowest bits (ties on the sort key's hash bits, the
    rare case a full sort puts right) come out sorted and distinct per text."""
    from analysis.dedup import _distinct_per_text

    top = np.uint64(1 << 61)  # a high bit set, so that the sort key cuts the low bits off
    h = np.array([top + np.uint64(v << low_bits) for t in per_text for v in t], np.uint64)
    text = np.repeat(np.arange(len(per_text), dtype=np.uint64), [len(t) for t in per_text])
    values, sizes = _distinct_per_text(h, text, len(per_text))
    expected = [sorted({int(top) + (v << low_bits) for v in t}) for t in per_text]
    assert sizes.tolist() == [len(e) for e in expected]
    assert values.tolist() == [v for e in expected for v in e]


def test_key_blocks_do_not_change_the_result(monkeypatch):
    """Containment read in blocks of a few keys, MinHash in blocks of a few tokens: the
    same clusters as in one block each (texts too short for a shingle included)."""
    import analysis.dedup as dedup

    rng = np.random.default_rng(13)
    shared = _random_text(rng, 40)
    texts = ["deux mots", "", "trois mots seulement"]
    for _ in range(30):
        short = _random_text(rng, 60) + " " + shared
        texts += [_random_text(rng, 200) + " " + short, short, "un deux"]
    series = pd.Series(texts)
    with pytest.warns(UserWarning, match="empty after normalisation"):
        whole = find_duplicates(series)
    monkeypatch.setattr(dedup, "_SCAN_KEYS", 50)
    monkeypatch.setattr(dedup, "_BLOCK_TOKENS", 64)
    with pytest.warns(UserWarning, match="empty after normalisation"):
        pd.testing.assert_frame_equal(whole, find_duplicates(series))
    assert (whole["status"] == "near_duplicate").sum() >= 30


def test_priority_equals_reordering_the_texts():
    rng = np.random.default_rng(17)
    base = [_random_text(rng, 120) for _ in range(20)]
    texts = pd.Series(base + [t.upper() for t in base[:6]] + [t[:-30] for t in base[6:14]])
    texts.index = [f"t{i}" for i in range(len(texts))]
    priority = rng.permutation(len(texts))
    expected = find_duplicates(texts.iloc[priority])
    pd.testing.assert_frame_equal(find_duplicates(texts, priority=priority), expected)
    assert (expected["status"] != "unique").sum() >= 14
    # an Arrow-backed Series (what the loader passes) gives the same
    arrow = texts.astype(pd.StringDtype("pyarrow"))
    pd.testing.assert_frame_equal(find_duplicates(arrow, priority=priority.tolist()), expected)


def test_priority_on_an_arrow_series_of_several_chunks(monkeypatch):
    """What load_corpus passes: bodies in Arrow chunks, read in priority order in threads
    (taken chunk by chunk, see dedup._take) — the same result as a plain Series."""
    import pyarrow as pa

    import analysis.dedup as dedup

    rng = np.random.default_rng(19)
    base = [_random_text(rng, 100) for _ in range(20)]
    texts = pd.Series(base + [t.upper() for t in base[:6]] + [t[:-25] for t in base[6:14]])
    texts.index = [f"t{i}" for i in range(len(texts))]
    priority = rng.permutation(len(texts))
    expected = find_duplicates(texts, priority=priority)
    chunks = [pa.array(texts.iloc[i : i + 5].tolist(), pa.large_string()) for i in range(0, 34, 5)]
    arrow = pa.chunked_array(chunks).to_pandas()
    arrow.index = texts.index
    assert len(pa.array(arrow.array).chunks) == 7
    monkeypatch.setattr(dedup, "_PARALLEL_MIN_TEXTS", 1)
    monkeypatch.setattr(dedup, "_CHUNK_TEXTS", 4)
    pd.testing.assert_frame_equal(find_duplicates(arrow, priority=priority), expected)
    assert (expected["status"] != "unique").sum() >= 14


@pytest.mark.parametrize(
    "priority", [[0, 1], [0, 0, 1], [0, 1, 3], [-1, 0, 1], [0.0, 1.0, 2.0], "abc"]
)
def test_priority_must_be_a_permutation(priority):
    texts = pd.Series(["un", "deux", "trois"])
    with pytest.raises(OptionError, match=r"priority must be a permutation of range\(3\)"):
        find_duplicates(texts, priority=priority)


def test_each_step_logs_its_time(caplog):
    """logging.getLogger("analysis.dedup") at DEBUG says where the time goes (the scale
    benchmark's profile reads it)."""
    import logging

    rng = np.random.default_rng(23)
    base = [_random_text(rng, 80) for _ in range(6)]
    texts = pd.Series(base + [t[:-20] for t in base[:3]])
    with caplog.at_level(logging.DEBUG, logger="analysis.dedup"):
        find_duplicates(texts)
    steps = [r.getMessage().split(": ")[1] for r in caplog.records]
    assert steps[:4] == [
        "read (normalise, digest, tokens)",
        "MinHash sketches",
        "LSH banding candidates",
        "containment candidates",
    ]
    assert steps[4].startswith("verification of ") and len(steps) == 5
