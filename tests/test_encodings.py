"""Tests of analysis.encodings on small fixture files (tests/fixtures/inputs/enc_*).

Every sentence below is a fixture written for these tests (fictional, in French).
The expected texts are rebuilt here from those sentences or decoded with Python's
own codecs from the fixture bytes, never copied from the module's output.
"""

from __future__ import annotations

import codecs
import doctest
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.encodings import DecodedText, decode, read_text
from analysis.errors import CorpusError, InputTypeError

INPUTS = Path(__file__).parent / "fixtures" / "inputs"
# The two fixture sentences of enc_make_fixtures.py, rewritten here by hand.
PHRASE = "Texte fictif (fixture) : le conseil municipal a voté le budget de l’école à Évreux."
SUITE = "Deuxième paragraphe fictif : « ça suffit », déclare une élue imaginaire."


def _reason(path: Path) -> str:
    with pytest.raises(CorpusError) as info:
        read_text(path)
    err = info.value
    assert str(err) == f"cannot load {path}: {err.reason}."
    assert err.path == path
    return err.reason


# --- refusals ------------------------------------------------------------------------------


def test_empty_file_is_refused():
    assert "empty (0 bytes)" in _reason(INPUTS / "enc_empty.txt")


def test_blank_file_is_refused():
    assert "only whitespace" in _reason(INPUTS / "enc_blank.txt")


def test_png_bytes_are_refused_as_binary():
    assert "binary file (a PNG image)" in _reason(INPUTS / "enc_binary.txt")


def test_mostly_nul_file_is_refused_as_binary():
    data = (INPUTS / "enc_mostly_nul.txt").read_bytes()
    reason = _reason(INPUTS / "enc_mostly_nul.txt")
    assert "binary" in reason
    n_nul = data.count(0)
    assert f"({n_nul} control bytes in {len(data)} bytes, {n_nul} of them NUL)" in reason


def test_random_control_bytes_are_binary():
    data = bytes(range(1, 32)) * 10 + b"Texte fictif."
    with pytest.raises(CorpusError, match="binary"):
        decode(data, "fixture.bin")


def test_undecodable_bytes_name_the_offset():
    # Bytes undefined in cp1252 and C1 controls in latin-1: no Western encoding fits.
    data = b"Texte fictif \x81\x8d\x8f\x90\x9d" * 20
    with pytest.raises(CorpusError) as info:
        decode(data, "fixture.txt")
    offset = data.index(bytes([0x81]))
    assert f"at offset {offset}" in info.value.reason
    assert "invalid byte 0x81" in info.value.reason


def test_missing_file_and_wrong_types():
    with pytest.raises(CorpusError, match="cannot be read"):
        read_text(INPUTS / "enc_does_not_exist.txt")
    with pytest.raises(InputTypeError, match="bytes"):
        decode("déjà du texte", "x")  # type: ignore[arg-type]
    with pytest.raises(InputTypeError, match="path"):
        read_text(42)  # type: ignore[arg-type]


def test_utf16_with_odd_length_is_refused_naming_the_offset():
    data = codecs.BOM_UTF16_LE + "Texte fictif".encode("utf-16-le") + b"\x41"
    with pytest.raises(CorpusError, match=r"UTF-16-LE .*truncated data at byte offset 26"):
        decode(data, "fixture.txt")


# --- decoding ------------------------------------------------------------------------------


def test_nul_bytes_are_removed_and_counted():
    data = (INPUTS / "enc_nul.txt").read_bytes()
    got = read_text(INPUTS / "enc_nul.txt")
    assert got.text == data.replace(b"\x00", b"").decode("utf-8")
    assert got.encoding == "utf-8"
    assert f"{data.count(0)} NUL bytes removed" in got.notes
    assert data.count(0) == 3


def test_nul_padding_at_the_end_is_dropped():
    got = decode(f"{PHRASE}\n".encode() + b"\x00" * 300, "fixture.txt")
    assert got.text == PHRASE + "\n"
    assert got.notes == ("300 NUL bytes padding the end of the file removed",)
    with pytest.raises(CorpusError, match="only NUL bytes"):
        decode(b"\x00" * 30, "fixture.txt")


def test_cp1252():
    data = (INPUTS / "enc_cp1252.txt").read_bytes()
    got = read_text(INPUTS / "enc_cp1252.txt")
    assert got.text == data.decode("cp1252").replace("\r\n", "\n")
    assert got.text == f"{PHRASE}\n\n{SUITE}\n"
    assert got.encoding == "cp1252"
    assert not got.repaired
    assert any("cp1252" in n for n in got.notes)


@pytest.mark.parametrize(
    ("name", "encoding", "sep"),
    [
        ("enc_utf16le_bom.txt", "utf-16-le", "\n"),
        ("enc_utf16be_bom.txt", "utf-16-be", "\n"),
    ],
)
def test_utf16_with_bom_is_decoded(name, encoding, sep):
    data = (INPUTS / name).read_bytes()
    got = read_text(INPUTS / name)
    assert got.text == data.decode("utf-16").replace("\r\n", "\n")
    assert got.text == f"{PHRASE}{sep}{SUITE}"
    assert got.encoding == encoding
    assert "\ufeff" not in got.text


def test_utf16_without_bom_only_when_evident():
    got = read_text(INPUTS / "enc_utf16le_nobom.txt")
    assert got.text == f"{PHRASE}\n{SUITE}"
    assert got.encoding == "utf-16-le"
    assert any("no byte-order mark" in n for n in got.notes)
    # Big endian the same way; and too short to be evident: binary (NUL bytes).
    assert decode(PHRASE.encode("utf-16-be"), "f").encoding == "utf-16-be"
    with pytest.raises(CorpusError, match="binary"):
        decode("ab".encode("utf-16-le"), "f")


def test_utf32_bom():
    got = decode(codecs.BOM_UTF32_LE + PHRASE.encode("utf-32-le"), "f")
    assert (got.text, got.encoding) == (PHRASE, "utf-32-le")


def test_utf8_bom():
    got = read_text(INPUTS / "enc_utf8_bom.txt")
    assert got.text == PHRASE + "\n"
    assert got.encoding == "utf-8-sig"


@pytest.mark.parametrize("name", ["enc_crlf.txt", "enc_cr.txt"])
def test_crlf_and_cr_line_ends(name):
    got = read_text(INPUTS / name)
    assert "\r" not in got.text
    assert got.text == f"{PHRASE}\n\n{SUITE}\n"


def test_invalid_utf8_in_the_middle_is_read_as_cp1252_for_those_bytes():
    data = (INPUTS / "enc_invalid_utf8_middle.txt").read_bytes()
    got = read_text(INPUTS / "enc_invalid_utf8_middle.txt")
    assert got.text == f"{PHRASE}\nLigne fictive collée en cp1252 : un été à Sète.\n{SUITE}\n"
    assert got.encoding == "utf-8+cp1252"
    first_bad = data.index(b"coll") + len(b"coll")  # the cp1252 é (0xE9) of "collée"
    assert data[first_bad] == 0xE9
    # é of collée, é and é of été, à, è of Sète: 5 cp1252 bytes
    assert any(
        n.startswith("5 bytes invalid in UTF-8 read as cp1252") and f"offset {first_bad}" in n
        for n in got.notes
    )


def test_a_single_cp1252_byte_undefined_becomes_fffd_and_is_reported():
    data = f"{PHRASE} ".encode() + b"\x81" + b" fin."
    got = decode(data, "fixture.txt")
    assert got.text == f"{PHRASE} \ufffd fin."
    assert got.encoding == "utf-8+cp1252"
    assert "1 U+FFFD replacement character in the text" in got.notes


def test_replacement_character_already_in_the_file_is_reported():
    got = read_text(INPUTS / "enc_replacement_char.txt")
    assert got.encoding == "utf-8"
    assert got.text.count("\ufffd") == 1
    assert "1 U+FFFD replacement character in the text" in got.notes


def test_mojibake_is_repaired_and_said_in_the_encoding():
    raw = (INPUTS / "enc_mojibake.txt").read_bytes().decode("utf-8")
    assert "Ã©" in raw and "â€™" in raw  # the fixture really is double-encoded
    got = read_text(INPUTS / "enc_mojibake.txt")
    assert got.text == PHRASE + "\n"
    assert got.encoding == "utf-8+ftfy"
    assert got.repaired is True
    assert any("mojibake" in n for n in got.notes)


def test_correct_french_is_never_touched_by_ftfy():
    text = "Âge, pâte, hôtel, « déjà », l’œuvre, CHÂTEAU, naïf, Noël, ÉTÉ, 5 € – fin…"
    got = decode(text.encode(), "fixture.txt")
    assert (got.text, got.encoding, got.repaired, got.notes) == (text, "utf-8", False, ())


def test_nfc():
    nfd = unicodedata.normalize("NFD", PHRASE)
    assert nfd != PHRASE
    assert decode(nfd.encode(), "f").text == PHRASE


def test_decoded_text_is_a_named_tuple_with_defaults():
    d = DecodedText("x", "utf-8")
    assert (d.repaired, d.notes) == (False, ())
    assert read_text(INPUTS / "enc_utf8_bom.txt")[:2] == (PHRASE + "\n", "utf-8-sig")


# --- properties -----------------------------------------------------------------------------

FRENCH = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'-\n")
        + list("éèêëàâäîïôöùûüçœæÉÈÊÀÎÔÙÛÇŒ’«»–—…\u00a0\u202f")
    ),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip() != "")


@settings(max_examples=150, deadline=None)
@given(FRENCH)
def test_utf8_and_utf16_round_trip(text):
    for data, enc in [
        (text.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"),
        (text.encode("utf-16"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16-be"),
    ]:
        got = decode(data, "fixture.txt")
        assert (got.text, got.encoding, got.repaired) == (text, enc, False)


def test_docstring_examples():
    import analysis.encodings

    result = doctest.testmod(analysis.encodings)
    assert result.attempted > 0 and result.failed == 0


def test_short_cp1252_french_is_not_read_as_mac_roman():
    # A short French phrase is ambiguous to charset-normalizer (it picked Mac Roman:
    # '…tÈ ‡ NoÎl'); the plausible cp1252 reading must win.
    got = decode("Été à Noël, « déjà » l’œuvre".encode("cp1252"))
    assert (got.text, got.encoding) == ("Été à Noël, « déjà » l’œuvre", "cp1252")
