"""French and English dates: metadata strings, running text, partial dates, file names, priority."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.dates import (
    DATE_SOURCES,
    DateMatch,
    complete_partial_date,
    date_from_filename,
    find_dates,
    find_partial_dates,
    parse_date,
    resolve_date,
)
from analysis.config import SHARED_CORPORA
from analysis.errors import InputTypeError

_CORPUS = SHARED_CORPORA / "fr-press-gilets-jaunes.jsonl"

FR_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("le jeudi 1er février 2024", "2024-02-01"),
        ("1 février 2024", "2024-02-01"),
        ("1er févr. 2024", "2024-02-01"),
        ("Jeudi 1ER FÉVRIER 2024", "2024-02-01"),
        ("1 fevrier 2024", "2024-02-01"),
        ("15 août 2023", "2023-08-15"),
        ("March 08, 2019", "2019-03-08"),
        ("Thursday, 1st February 2024", "2024-02-01"),
        ("Feb. 1st 2024", "2024-02-01"),
        ("8 March 2019", "2019-03-08"),
        ("2024-02-01", "2024-02-01"),
        ("01/02/2024", "2024-02-01"),
        ("01.02.2024", "2024-02-01"),
        ("03/25/2024", "2024-03-25"),  # only one reading is valid
        ("Publié le 1er février 2024 à 10h30", "2024-02-01"),
    ],
)
def test_parse_date(value, expected):
    assert parse_date(value) == pd.Timestamp(expected)


def test_parse_date_keeps_time_and_drops_zone():
    assert parse_date("2024-02-01T10:30:00+01:00") == pd.Timestamp("2024-02-01 10:30")
    assert parse_date(dt.date(2024, 2, 1)) == pd.Timestamp("2024-02-01")
    assert parse_date(pd.Timestamp("2024-02-01", tz="UTC")) == pd.Timestamp("2024-02-01")


def test_parse_date_month_first_on_request():
    assert parse_date("01/02/2024", dayfirst=False) == pd.Timestamp("2024-01-02")


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), "", "   ", "hier", "31 février 2024", "31/02/2024", "they may 5 2024"],
)
def test_parse_date_missing_or_not_understood_is_nat(value):
    assert parse_date(value) is pd.NaT


def test_parse_date_rejects_other_types():
    with pytest.raises(InputTypeError, match="date must be a string"):
        parse_date(20240201)


def test_find_dates_in_the_seed_caption_order():
    text = (
        "… on the East Steps of the US Capitol on March 08, 2019 in Washington, DC. (AFP photo)\n"
        "… occupée par le régime sioniste, le jeudi 1er février 2024. ©Getty Images/archives"
    )
    found = find_dates(text)
    assert [m.date for m in found] == [pd.Timestamp("2019-03-08"), pd.Timestamp("2024-02-01")]
    assert found[1].weekday == 3 and found[1].text == "jeudi 1er février 2024"


def test_find_dates_no_break_spaces():
    assert find_dates("le\u00a01er\u00a0février\u00a02024")[0].date == pd.Timestamp("2024-02-01")


def test_partial_dates():
    found = find_partial_dates(
        "publié ce jeudi 1er février, depuis le 7 octobre, et le 1er mars 2024"
    )
    assert [(m.day, m.month, m.weekday, m.year) for m in found] == [
        (1, 2, 3, None),
        (7, 10, None, None),
    ]
    assert find_partial_dates("on Thursday, February 1 the army")[0].weekday == 3
    assert find_partial_dates("Il a gagné 5 mai") and not find_partial_dates("they may 5 go")
    assert find_partial_dates("le 29 février")  # exists in leap years


def test_complete_partial_date_checks_weekday():
    partial = find_partial_dates("ce jeudi 1er février")[0]
    wednesday = find_dates("le 1er février 2023")[0]
    thursday = find_dates("le 1er février 2024")[0]
    assert complete_partial_date(partial, [wednesday, thursday]) is thursday
    assert complete_partial_date(partial, [wednesday]) is None
    no_weekday = find_partial_dates("le 1er février")[0]
    assert complete_partial_date(no_weekday, [wednesday, thursday]) is wednesday


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("presstv-fr-2024-02-01-haifa.txt", "2024-02-01"),
        ("lemonde_20190308.txt", "2019-03-08"),
        ("2024_02_01-article.txt", "2024-02-01"),
        ("article-01-02-2024.txt", "2024-02-01"),
        ("/some/2019-03-08/article.txt", None),  # folders are not searched
        ("article.txt", None),
        ("report-2024-13-45.txt", None),
        ("id-123456789.txt", None),
    ],
)
def test_date_from_filename(name, expected):
    got = date_from_filename(name)
    assert (got is pd.NaT) if expected is None else got == pd.Timestamp(expected)


def test_resolve_date_priority():
    body = ["La Résistance a frappé ce jeudi 1er février.", "La guerre dure depuis le 7 octobre."]
    caption = ["Haïfa, le jeudi 1er février 2024. ©Getty Images"]
    name = "x-2024-01-31.txt"
    assert resolve_date(metadata="2024-01-30", body=body, captions=caption, filename=name)[:2] == (
        pd.Timestamp("2024-01-30"), "metadata")  # fmt: skip
    full_body = ["Le 2 février 2024, la Résistance a frappé."]
    assert resolve_date(body=full_body, captions=caption, filename=name).source == "body_full"
    assert resolve_date(body=body, captions=caption, filename=name)[:3] == (
        pd.Timestamp("2024-02-01"), "body_partial+caption",
        "jeudi 1er février + jeudi 1er février 2024",
    )  # fmt: skip
    assert resolve_date(body=body, captions=[], filename=name)[:2] == (
        pd.Timestamp("2024-01-31"), "filename")  # fmt: skip
    assert resolve_date(body=body, captions=[], filename="x.txt") == (pd.NaT, "none", "", "")
    assert set(DATE_SOURCES) == {
        "metadata",
        "body_full",
        "body_partial+caption",
        "filename",
        "none",
    }


def test_resolve_date_caption_must_match_day_and_month():
    body = ["La Résistance a frappé ce jeudi 1er février."]
    other_day = ["Washington, March 08, 2019. (AFP photo)"]
    assert resolve_date(body=body, captions=other_day).source == "none"


def test_resolve_date_notes_an_unreadable_metadata_date():
    got = resolve_date(metadata="bientôt", body=["Le 2 février 2024, rien."])
    assert got.source == "body_full"
    assert "bientôt" in got.note


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_written_french_and_english_dates_round_trip(day):
    first = "1er" if day.day == 1 else str(day.day)
    french = f"le {FR_DAYS[day.weekday()]} {first} {FR_MONTHS[day.month - 1]} {day.year}"
    english = f"{EN_MONTHS[day.month - 1]} {day.day:02d}, {day.year}"
    for text in (french, english, day.isoformat(), day.strftime("%d/%m/%Y")):
        assert parse_date(text) == pd.Timestamp(day), text


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_partial_date_is_completed_by_the_same_day(day):
    first = "1er" if day.day == 1 else str(day.day)
    partial = find_partial_dates(f"ce {FR_DAYS[day.weekday()]} {first} {FR_MONTHS[day.month - 1]}")
    assert len(partial) == 1
    full = find_dates(f"le {first} {FR_MONTHS[day.month - 1]} {day.year}")
    match = complete_partial_date(partial[0], full)
    assert isinstance(match, DateMatch) and match.date == pd.Timestamp(day)


# --- find_dates searches only windows around years: same result as a whole-text scan ---------
def _whole_text_dates(text):
    """The unoptimised search (every pattern over the whole text): the oracle."""
    from analysis import dates as d

    found = []
    for _name, pattern, months, weekdays in d._FULL_PATTERNS:
        for m in pattern.finditer(text):
            x = d._from_match(m, months, weekdays, full=True)
            if x is not None:
                found.append(x)
    for m in d._ISO.finditer(text):
        y, mo, da = int(m.group("year")), int(m.group("month")), int(m.group("day"))
        if d._valid(y, mo, da):
            found.append(d.DateMatch(da, mo, y, None, m.start(), m.end(), m.group(0)))
    for m in d._NUMERIC.finditer(text):
        x = d._numeric(m, dayfirst=True)
        if x is not None:
            found.append(x)
    return [(x.day, x.month, x.year, x.start, x.end) for x in d._drop_overlaps(found)]


_PIECES = ["jeudi", "1er", "février", "2024", "le", "7", "octobre", "2023", "01/02/2024", "2019-03-08",
           "March", "08,", "2019", "Thursday,", "1st", "février2024", "x2024", "2024-", "/", ".", "31",
           "12.05.2020", "1900", "2100", "mardi 5 mars 2019", "«", "»", "\n", "a" * 90]


@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.lists(st.sampled_from([" ", "", "\n", "  "]), max_size=40))
def test_find_dates_windows_equal_whole_text_scan(words, seps):
    text = "".join(w + (seps[i] if i < len(seps) else " ") for i, w in enumerate(words))
    got = [(x.day, x.month, x.year, x.start, x.end) for x in find_dates(text)]
    assert got == _whole_text_dates(text)


@pytest.mark.skipif(not _CORPUS.exists(), reason="../shared/corpora is absent (real French press)")
def test_find_dates_windows_equal_whole_text_scan_on_real_press():
    import json

    with _CORPUS.open(encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for _, line in zip(range(600), fh, strict=False)]
    for text in texts:
        assert [(x.day, x.month, x.year, x.start, x.end) for x in find_dates(text)] == _whole_text_dates(text)


def test_parse_date_of_pandas_na_is_missing():
    # Regression: Parquet read by dask/pandas gives pd.NA for a missing date.
    assert parse_date(pd.NA) is pd.NaT
