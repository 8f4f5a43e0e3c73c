"""Tests of analysis.tables (CSV / JSON Lines / Parquet readers).

Fixtures are in tests/fixtures/inputs (csv_*, jsonl_*, parquet_*, bad_*), written by
enc_make_fixtures.py and make_parquet.py there; every text in them is a fixture
written for these tests (fictional French), never a real article. For every table
fixture the number of input records is counted independently (pandas, pyarrow's
footer, a plain line count) and compared with the number of records yielded.
"""

from __future__ import annotations

import csv
import doctest
import io
import json
import re
import time
import unicodedata
import warnings
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import corpus as corpus_module
from analysis.config import SHARED_CORPORA
from analysis.errors import CorpusError, InputTypeError, OptionError
from analysis.tables import (
    PROGRESS_MIN_BYTES,
    TABLE_READERS,
    TABLE_TEXT_RULE,
    read_csv,
    read_jsonl,
    read_parquet,
)

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
PHRASE = "Texte fictif (fixture) : le conseil municipal a voté le budget de l’école à Évreux."
SUITE = "Deuxième paragraphe fictif : « ça suffit », déclare une élue imaginaire."


def _errors(records):
    return {r["record"]: r["error"] for r in records if "error" in r}


def _good(records):
    return [r for r in records if "error" not in r]


def _body(record) -> list[str]:
    return [s["text"] for s in record["segments"] if s["role"] == "body"]


def _nonempty_lines(path: Path) -> list[int]:
    """1-based numbers of the lines that hold anything (JSON Lines oracle)."""
    lines = path.read_bytes().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return [i for i, ln in enumerate(lines, start=1) if ln.rstrip(b"\r")]


def _reason(reader, path, **kw) -> str:
    with pytest.raises(CorpusError) as info:
        list(reader(path, **kw))
    assert str(info.value).startswith(f"cannot load {Path(path)}: ")
    assert info.value.path == Path(path)
    return info.value.reason


# --- CSV ------------------------------------------------------------------------------------


def test_csv_basic_counts_and_values():
    path = INPUTS / "csv_basic.csv"
    records = list(read_csv(path))
    oracle = pd.read_csv(path, dtype=str, keep_default_na=False)  # blank lines skipped
    assert len(records) == len(oracle) == 5
    assert [r["record"] for r in records] == list(range(1, len(oracle) + 1))
    for rec, (_, row) in zip(records, oracle.iterrows(), strict=True):
        if not row["texte"].strip():
            continue
        md = rec["metadata"]
        assert md["id"] == row["id"]
        assert md.get("title", "") == row["titre"]
        assert md.get("outlet", "") == row["journal"]
        assert md.get("date", "") == row["date"]
        assert md.get("rubrique", "") == row["rubrique"]  # an extra column, kept
        assert re.sub(r"\s", "", "".join(_body(rec))) == re.sub(r"\s", "", row["texte"])
        assert rec["encoding"] == "utf-8"
    # duplicate ids and an impossible date are passed through unchanged
    assert [r["metadata"]["id"] for r in _good(records)].count("a2") == 2
    assert records[1]["metadata"]["date"] == "2024-13-45"
    # two paragraphs; single line breaks only → one segment a line
    assert _body(records[0]) == [PHRASE, SUITE]
    assert records[0]["segments"][0] == {
        "role": "title",
        "rule": "metadata_title",
        "text": "Titre fictif un",
    }
    assert {s["rule"] for s in records[0]["segments"][1:]} == {TABLE_TEXT_RULE}
    assert _body(records[4]) == ["Ligne un du texte fictif.", "Ligne deux du texte fictif."]
    assert records[4]["metadata"] == {"id": "a5"}  # blank values are left out


def test_csv_empty_text_names_row_and_line():
    path = INPUTS / "csv_basic.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    line = next(i for i, ln in enumerate(lines, start=1) if ln.startswith("a4,"))
    assert _errors(read_csv(path)) == {4: f"row 4: empty text (line {line})"}


def test_csv_french_excel_cp1252_semicolon():
    path = INPUTS / "csv_excel_fr.csv"
    records = list(read_csv(path))
    oracle = pd.read_csv(path, sep=";", encoding="cp1252", dtype=str)
    assert len(records) == len(oracle) == 2
    for rec, (_, row) in zip(records, oracle.iterrows(), strict=True):
        assert rec["encoding"] == "cp1252"
        assert rec["metadata"]["title"] == row["Titre"]
        assert rec["metadata"]["outlet"] == row["Média"]  # 'média' is a default name
        assert rec["metadata"]["date"] == row["Date"]
        assert rec["metadata"]["Identifiant"] == row["Identifiant"]  # not an id name: extra
        assert _body(rec) == [row["Contenu"]]
    assert _body(records[1]) == ["Texte fictif, avec des virgules, et un « guillemet »."]


def test_csv_excel_utf16_tab_separated():
    path = INPUTS / "csv_excel_utf16.csv"
    records = list(read_csv(path))
    oracle = pd.read_csv(path, sep="\t", encoding="utf-16", dtype=str)
    assert len(records) == len(oracle) == 2
    assert [r["metadata"]["id"] for r in records] == oracle["id"].tolist()
    assert [_body(r) for r in records] == [[t] for t in oracle["text"]]
    assert {r["encoding"] for r in records} == {"utf-16-le"}


def test_csv_excel_sep_line(tmp_path):
    path = tmp_path / "sep.csv"
    path.write_bytes(
        "sep=;\r\nid;texte\r\ns1;Texte fictif, avec virgules, et encore.\r\n".encode("cp1252")
    )
    records = list(read_csv(path))
    oracle = pd.read_csv(path, sep=";", skiprows=1, encoding="cp1252")
    assert len(records) == len(oracle) == 1
    assert records[0]["metadata"] == {"id": "s1"}
    assert _body(records[0]) == [oracle.loc[0, "texte"]]


def test_csv_without_text_column():
    reason = _reason(read_csv, INPUTS / "csv_no_text_column.csv")
    assert "'id', 'titre', 'journal'" in reason
    assert "pass columns={'text': '<column>'}" in reason
    # naming the column makes it readable
    (rec,) = read_csv(INPUTS / "csv_no_text_column.csv", columns={"text": "titre"})
    assert _body(rec) == ["Titre fictif"]
    assert rec["metadata"] == {"id": "b1", "outlet": "Le Journal Fictif"}


def test_csv_columns_mapping_and_case():
    (rec, *_) = read_csv(INPUTS / "csv_basic.csv", columns={"text": "RUBRIQUE", "title": "texte"})
    assert _body(rec) == ["politique"]
    assert rec["metadata"]["title"] == f"{PHRASE}\n\n{SUITE}"
    assert rec["segments"][0]["text"] == f"{PHRASE} {SUITE}"  # a title segment is one line
    reason = _reason(read_csv, INPUTS / "csv_basic.csv", columns={"text": "corps"})
    assert "'corps' for 'text'" in reason and "'texte'" in reason


def test_extra_columns_with_our_names_are_renamed(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("contenu,text,source_path\nTexte fictif.,autre,x\n", encoding="utf-8")
    (rec,) = read_csv(path, columns={"text": "contenu"})
    assert rec["metadata"] == {"extra_text": "autre", "extra_source_path": "x"}


def test_csv_wrong_width_rows():
    path = INPUTS / "csv_wrong_width.csv"
    bad_lines: list[list[str]] = []
    oracle = pd.read_csv(path, dtype=str, engine="python", on_bad_lines=bad_lines.append)
    # pandas pads short rows with NaN and reports long ones; count both as bad here
    short = oracle[oracle.isna().any(axis=1)]
    n_bad = len(bad_lines) + len(short)
    records = list(read_csv(path))
    assert len(records) == len(oracle) + len(bad_lines) == 4
    errors = _errors(records)
    assert len(errors) == n_bad == 2
    assert errors[2] == "row 2: 4 fields where the header has 3 (line 3; delimiter ',')"
    assert errors[3].startswith("row 3: 2 fields where the header has 3 (line 4")
    assert [r["metadata"]["id"] for r in _good(records)] == ["w1", "w4"]


def test_csv_unterminated_quote_is_one_error_record_at_the_end():
    path = INPUTS / "csv_truncated.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # the line whose quotes do not pair up opens the unterminated field
    start = next(i for i, ln in enumerate(lines, start=1) if ln.count('"') % 2)
    rest = len(lines) - start + 1
    records = list(read_csv(path))
    assert len(records) == (start - 2) + 1  # rows before it (header excluded), then one error
    assert _errors(records) == {
        start - 1: f"row {start - 1}: unterminated quote starting on line {start}; "
        f"the rest of the file ({rest} lines) could not be split into rows"
    }
    # every physical line is accounted for: header + good rows + the lines named in the error
    assert 1 + len(_good(records)) + rest == len(lines)


def test_csv_malformed_quote_mid_file_goes_on(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(
        'id,text\nq1,Texte fictif un.\nq2,"Texte" fictif deux\nq3,Texte fictif trois.\n',
        encoding="utf-8",
    )
    records = list(read_csv(path))
    assert len(records) == 3
    assert records[1]["error"].startswith("row 2: malformed quoting in the row starting on line 3")
    assert records[2]["metadata"]["id"] == "q3" and records[2]["record"] == 3


def test_csv_quoted_multiline_fields_and_delimiters(tmp_path):
    path = tmp_path / "m.csv"
    rows = [
        ["id", "title", "text"],
        ["m1", "Titre; fictif", "Un, deux\n\ntrois « quatre »"],
        ["m2", 'Un "titre"', "Texte fictif\r\nsur deux lignes"],
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    records = list(read_csv(path))
    assert len(records) == len(pd.read_csv(path)) == 2
    assert _body(records[0]) == ["Un, deux", "trois « quatre »"]
    assert records[1]["metadata"]["title"] == 'Un "titre"'
    assert _body(records[1]) == ["Texte fictif", "sur deux lignes"]


def test_csv_header_problems(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("text,Text,text\na,b,c\n", encoding="utf-8")
    assert "repeats" in _reason(read_csv, dup)
    only_header = tmp_path / "h.csv"
    only_header.write_text("id,text\n", encoding="utf-8")
    assert list(read_csv(only_header)) == []
    assert "cannot be read" in _reason(read_csv, tmp_path / "missing.csv")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "empty (0 bytes)" in _reason(read_csv, empty)
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\n\n")
    assert "only whitespace" in _reason(read_csv, blank)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.sampled_from(list("abcéèàç Œ’«»,;|\t\"'\n.")), min_size=0, max_size=40),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([",", ";", "\t"]),
)
def test_csv_round_trip_property(tmp_path_factory, texts, delimiter):
    """Whatever the texts (quotes, delimiters, line breaks), one record per row, text kept."""
    path = tmp_path_factory.mktemp("prop") / "p.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(["id", "title", "text"])
    for i, t in enumerate(texts):
        writer.writerow([f"p{i}", "Titre fictif", t])
    path.write_text(buf.getvalue(), encoding="utf-8")
    records = list(read_csv(path))
    assert len(records) == len(texts)
    for rec, t in zip(records, texts, strict=True):
        if t.strip():
            assert re.sub(r"\s", "", "".join(_body(rec))) == re.sub(r"\s", "", t)
        else:
            assert rec["error"].startswith(f"row {rec['record']}: empty text")


# --- JSON Lines -----------------------------------------------------------------------------


def test_jsonl_mixed_counts_and_errors():
    path = INPUTS / "jsonl_mixed.jsonl"
    records = list(read_jsonl(path))
    numbers = _nonempty_lines(path)
    assert len(records) == len(numbers) == 12
    assert [r["record"] for r in records] == numbers
    errors = _errors(records)
    for n, message in errors.items():
        assert message.startswith(f"line {n}: ")
    raw = path.read_text(encoding="utf-8").split("\n")
    json_error = None
    try:
        json.loads(raw[1])
    except json.JSONDecodeError as exc:
        json_error = f"line 2: invalid JSON ({exc.msg} at column {exc.colno})"
    assert errors[2] == json_error
    assert errors[4] == "line 4: not a JSON object (a list)"
    assert errors[5] == "line 5: text is null"
    assert errors[7] == "line 7: not a JSON object (a number)"
    assert errors[8] == "line 8: not a JSON object (a string)"
    assert errors[9] == "line 9: not a JSON object (null)"
    assert errors[10] == "line 10: blank line (whitespace only)"
    assert errors[12] == "line 12: no 'text' field (it has 'id', 'title')"
    assert errors[13] == "line 13: text is a list, not a string"
    good = {r["record"]: r for r in _good(records)}
    assert sorted(good) == [1, 6, 11]
    assert good[1]["metadata"] == {
        "id": "j1",
        "title": "Titre fictif",
        "outlet": "Le Journal Fictif",
        "date": "2024-02-01",
        "pays": "France",
    }
    assert _body(good[1]) == [PHRASE, SUITE]
    assert good[6]["metadata"]["id"] == "j1"  # duplicate id passed through
    assert good[6]["metadata"]["date"] == "2024-02-30"  # impossible date passed through
    assert good[11]["metadata"] == {"id": "7", "date": "20240201"}  # non-strings → str


def test_jsonl_bom_and_a_cp1252_line():
    path = INPUTS / "jsonl_bom_cp1252_line.jsonl"
    records = list(read_jsonl(path))
    assert len(records) == len(_nonempty_lines(path)) == 2
    assert records[0]["encoding"] == "utf-8-sig"
    assert _body(records[0]) == [PHRASE]
    assert records[1]["encoding"] == "cp1252"
    assert _body(records[1]) == ["Ligne fictive en cp1252 : été."]


def test_jsonl_cp1252_lines_share_one_encoding_and_a_mixed_line_is_decoded_alone(tmp_path):
    texts = [
        "Première ligne fictive : le préfet a parlé.",
        "Deuxième ligne fictive : à Noël, l’été ?",
        "Troisième : ça",  # short: a guess on this line alone would be weak
    ]
    lines = [json.dumps({"text": t}, ensure_ascii=False).encode("cp1252") for t in texts]
    mixed = json.dumps({"text": "Mixte fictif : déjà "}, ensure_ascii=False).encode()
    mixed = mixed[:-2] + 'é"}'.encode("cp1252")  # UTF-8 'déjà ' then a cp1252 'é'
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"\n".join([*lines, mixed]) + b"\n")
    records = list(read_jsonl(path))
    assert [r["encoding"] for r in records] == ["cp1252"] * 3 + ["utf-8+cp1252"]
    assert [_body(r)[0] for r in records] == [*texts, "Mixte fictif : déjà é"]


def test_jsonl_utf16_file(tmp_path):
    path = tmp_path / "u.jsonl"
    lines = [json.dumps({"id": f"u{i}", "text": f"Texte fictif {i} été."}) for i in range(3)]
    path.write_bytes("\r\n".join(lines).encode("utf-16"))
    records = list(read_jsonl(path))
    assert [r["metadata"]["id"] for r in records] == ["u0", "u1", "u2"]
    assert {r["encoding"] for r in records} == {"utf-16-le"}


def test_jsonl_whole_file_problems(tmp_path):
    assert "not JSON Lines" in _reason(read_jsonl, INPUTS / "jsonl_no_object.jsonl")
    reason = _reason(read_jsonl, INPUTS / "jsonl_no_text_field.jsonl")
    assert "'id', 'corps_du_texte'" in reason and "columns={'text': '<field>'}" in reason
    (rec,) = read_jsonl(INPUTS / "jsonl_no_text_field.jsonl", columns={"text": "corps_du_texte"})
    assert _body(rec) == ["Texte fictif."]
    empty = tmp_path / "e.jsonl"
    empty.write_bytes(b"")
    assert "empty" in _reason(read_jsonl, empty)
    blank = tmp_path / "b.jsonl"
    blank.write_bytes(b"\n\r\n\n")
    assert "only empty lines" in _reason(read_jsonl, blank)


def test_jsonl_error_lines_before_the_first_object_are_kept(tmp_path):
    path = tmp_path / "late.jsonl"
    path.write_text('[1]\n{oops\n{"text": "Texte fictif."}\n', encoding="utf-8")
    records = list(read_jsonl(path))
    assert [r["record"] for r in records] == [1, 2, 3]
    assert "error" in records[0] and "error" in records[1] and "error" not in records[2]


def test_jsonl_large_single_article(tmp_path):
    """A 50 MB one-article file (made here, not committed) loads and the text is intact."""
    paragraphs, size, i = [], 0, 0
    while size < PROGRESS_MIN_BYTES:
        p = f"Paragraphe fictif n° {i} : le conseil a voté « oui » à l’unanimité, dit-on."
        paragraphs.append(p)
        size += len(p.encode("utf-8")) + 2
        i += 1
    text = "\n\n".join(paragraphs)
    path = tmp_path / "big.jsonl"
    record = {"id": "big", "language": "fr", "text": text}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.stat().st_size >= 50 * 1024 * 1024
    t0 = time.perf_counter()
    records = list(read_jsonl(path, progress=False))
    elapsed = time.perf_counter() - t0
    assert len(records) == 1
    assert "\n\n".join(_body(records[0])) == text
    assert len(_body(records[0])) == len(paragraphs)
    assert elapsed < 120, f"reading 50 MB took {elapsed:.1f} s"


@pytest.mark.parametrize(
    ("reader", "name"),
    [
        (read_csv, "csv_basic.csv"),
        (read_jsonl, "jsonl_mixed.jsonl"),
        (read_parquet, "parquet_extra_columns.parquet"),
    ],
)
def test_progress_bar_option(capsys, reader, name):
    list(reader(INPUTS / name))  # a small file, automatic: no bar
    assert f"Reading {name}" not in capsys.readouterr().err
    list(reader(INPUTS / name, progress=False))
    assert f"Reading {name}" not in capsys.readouterr().err
    list(reader(INPUTS / name, progress=True))
    assert f"Reading {name}" in capsys.readouterr().err


def test_docstring_examples():
    import analysis.tables

    result = doctest.testmod(analysis.tables)
    assert result.attempted > 0 and result.failed == 0


# --- Parquet --------------------------------------------------------------------------------


def test_parquet_valid_with_extra_columns():
    path = INPUTS / "parquet_extra_columns.parquet"
    records = list(read_parquet(path))
    table = pq.read_table(path).to_pandas()
    assert len(records) == pq.read_metadata(path).num_rows == len(table) == 5
    assert [r["record"] for r in records] == [1, 2, 3, 4, 5]
    for rec, (_, row) in zip(records, table.iterrows(), strict=True):
        if "error" in rec:
            continue
        md = rec["metadata"]
        assert md["id"] == str(row["id"])
        assert md["rubrique"] == row["rubrique"] and md["mots"] == row["mots"]
        assert ("score" in md) == (not pd.isna(row["score"]))  # NaN → absent
        assert ("date" in md) == (not pd.isna(row["published"]))
        if "date" in md:
            assert pd.Timestamp(md["date"]) == row["published"]
        assert "\n".join(_body(rec)).replace("\n\n", "\n") == row["text"].replace("\n\n", "\n")
        assert rec["encoding"] == "parquet"
    assert records[0]["metadata"]["outlet"] == "Le Journal Fictif"  # 'source' is a default name
    assert _errors(records) == {4: "row 4: text is null", 5: "row 5: empty text"}


def test_parquet_non_string_text_is_an_error_row():
    path = INPUTS / "parquet_int_text.parquet"
    records = list(read_parquet(path))
    assert len(records) == pq.read_metadata(path).num_rows == 2
    assert _errors(records) == {
        1: "row 1: text is a number, not a string",
        2: "row 2: text is a number, not a string",
    }


def test_parquet_bytes_text_is_decoded_and_pandas_index_dropped(tmp_path):
    import pyarrow as pa

    path = tmp_path / "b.parquet"
    frame = pd.DataFrame(
        {"text": ["Texte fictif : été".encode("cp1252"), PHRASE.encode()], "rubrique": ["a", "b"]},
        index=[10, 20],
    )
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=True), path)
    assert "__index_level_0__" in pq.read_schema(path).names
    records = list(read_parquet(path))
    assert len(records) == len(frame)
    assert [_body(r) for r in records] == [["Texte fictif : été"], [PHRASE]]
    assert [r["encoding"] for r in records] == ["cp1252", "utf-8"]
    assert [r["metadata"] for r in records] == [{"rubrique": "a"}, {"rubrique": "b"}]


@pytest.mark.parametrize("name", ["bad_parquet_magic.parquet", "bad_parquet_truncated.parquet"])
def test_corrupt_parquet_is_refused(name):
    reason = _reason(read_parquet, INPUTS / name)
    assert "not a readable Parquet file" in reason and "magic bytes" in reason


def test_parquet_corrupt_row_group_gives_one_error_per_row():
    path = INPUTS / "bad_parquet_corrupt_group.parquet"
    meta = pq.read_metadata(path)
    first_group = meta.row_group(0).num_rows
    records = list(read_parquet(path))
    assert len(records) == meta.num_rows
    errors = _errors(records)
    assert sorted(errors) == list(range(first_group + 1, meta.num_rows + 1))
    for n, message in errors.items():
        assert message.startswith(f"row {n}: row group 2 of 2 could not be read (")
        assert message.isprintable()
    assert [r["metadata"]["id"] for r in _good(records)] == ["101", "102", "103"]


# --- options --------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_csv, read_jsonl, read_parquet])
def test_option_errors(reader):
    path = INPUTS / "csv_basic.csv"
    with pytest.raises(OptionError, match=r"unknown name\(s\) \['body'\]; allowed: 'id', 'text'"):
        reader(path, columns={"body": "texte"})
    with pytest.raises(InputTypeError, match="columns must be a mapping"):
        reader(path, columns=["texte"])
    with pytest.raises(InputTypeError, match="must be column names"):
        reader(path, columns={"text": 3})
    with pytest.raises(OptionError, match="maps both 'text' and 'title'"):
        reader(path, columns={"text": "x", "title": "x"})
    with pytest.raises(OptionError, match="progress must be True, False or None"):
        reader(path, progress="yes")
    with pytest.raises(InputTypeError, match="path must be"):
        reader(3)


def test_table_readers_registry():
    assert TABLE_READERS == {
        ".csv": read_csv,
        ".tsv": read_csv,
        ".jsonl": read_jsonl,
        ".ndjson": read_jsonl,
        ".parquet": read_parquet,
    }


# --- with the loader ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "n_records"),
    [
        ("csv_basic.csv", lambda p: len(pd.read_csv(p))),
        ("csv_excel_fr.csv", lambda p: len(pd.read_csv(p, sep=";", encoding="cp1252"))),
        ("jsonl_mixed.jsonl", lambda p: len(_nonempty_lines(p))),
        ("parquet_extra_columns.parquet", lambda p: pq.read_metadata(p).num_rows),
    ],
)
def test_loader_reports_every_record(monkeypatch, name, n_records):
    for suffix, reader in TABLE_READERS.items():
        monkeypatch.setitem(corpus_module.READERS, suffix, reader)
    path = INPUTS / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = corpus_module.load_corpus(path)
    report = c.report
    assert len(report) == n_records(path)
    assert report["id"].dropna().is_unique  # duplicate ids made unique by the loader
    assert (report["status"] == "error").sum() == len(_errors(TABLE_READERS[path.suffix](path)))
    assert len(c) == (report["status"] == "loaded").sum()


# --- the real corpus (read where it lies, never copied) -------------------------------------

CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason=f"real-press corpus not found at {CORPUS}")
def test_real_corpus_jsonl():
    with CORPUS.open(encoding="utf-8") as fh:
        rows = [json.loads(line) for line in fh if line.strip()]
    records = list(read_jsonl(CORPUS))
    assert len(records) == len(rows) == len(_nonempty_lines(CORPUS))
    for rec, row in zip(records, rows, strict=True):
        if "error" in rec:
            assert not str(row.get("text") or "").strip()
            continue
        md = rec["metadata"]
        assert md["id"] == str(row["id"])
        assert md.get("outlet") == (row["outlet"] or None)
        assert md.get("source_file") == (row.get("source_file") or None)
        want = re.sub(r"\s", "", unicodedata.normalize("NFC", row["text"]))
        assert re.sub(r"\s", "", "".join(_body(rec))) == want


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.exists(), reason=f"real-press corpus not found at {CORPUS}")
@pytest.mark.parametrize("fmt", ["csv", "tsv-utf16", "parquet"])
def test_real_corpus_through_other_formats(tmp_path, fmt):
    """The real articles written by pandas (in tmp_path only) come back whole."""
    # every 4th article (about 1,250), to keep the shared machine free; all 5,028 pass too
    frame = pd.read_json(CORPUS, lines=True, dtype=False).iloc[::4].reset_index(drop=True)
    path = tmp_path / f"corpus.{fmt.split('-')[0]}"
    if fmt == "csv":
        frame.to_csv(path, index=False)
        reader = read_csv
    elif fmt == "tsv-utf16":
        frame.to_csv(path, index=False, sep="\t", encoding="utf-16")
        reader = read_csv
    else:
        frame.to_parquet(path, index=False, row_group_size=1000)
        reader = read_parquet
    records = list(reader(path))
    assert len(records) == len(frame)
    assert not _errors(records)
    for rec, (_, row) in zip(records, frame.iterrows(), strict=True):
        assert rec["metadata"]["id"] == str(row["id"])
        want = re.sub(r"\s", "", unicodedata.normalize("NFC", row["text"]))
        assert re.sub(r"\s", "", "".join(_body(rec))) == want
