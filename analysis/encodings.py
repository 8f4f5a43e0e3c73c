"""Turn the bytes of a text file into clean text, saying how.

:func:`decode` (bytes) and :func:`read_text` (a file) return a :class:`DecodedText`:
the text, the encoding used (for the load report) and human-readable notes on
every repair. The steps, in order:

1. **Refusals.** Empty data; a known binary format recognised by its first bytes
   (PNG, JPEG, GIF, PDF, ZIP/.docx/.xlsx, gzip, Parquet, SQLite, …).
2. **Byte-order marks.** UTF-32 and UTF-16 (little and big endian) and UTF-8 BOMs
   decide the encoding (``utf-16-le`` …, ``utf-8-sig``) and are stripped.
3. **UTF-16 without a BOM**, only when evident: at least 16 bytes, an even length,
   ≥ 70 % NUL bytes at odd positions and ≤ 5 % at even ones (little endian; the
   mirror for big endian), i.e. mostly Latin text stored two bytes a character.
4. **Binary refusal.** NUL bytes padding the end of the file are dropped first; then
   a file with more than 2 % control bytes other than NUL, tab and line ends (at
   least two of them), or more than 10 % NUL + control bytes, is binary.
   Otherwise NUL bytes are removed and counted in ``notes``.
5. **UTF-8** when the bytes are valid UTF-8 (``utf-8``).
6. **Invalid UTF-8 in an otherwise UTF-8 file** — more valid multi-byte UTF-8
   sequences than invalid bytes: each invalid byte is read as Windows-1252 (the
   usual cause is a cp1252 line pasted into a UTF-8 file, and ``é`` stays ``é``
   rather than becoming U+FFFD); the encoding is ``utf-8+cp1252`` and a note gives
   the number of bytes and the offset of the first. A byte undefined in cp1252
   becomes U+FFFD.
7. **A Western 8-bit encoding** otherwise: charset-normalizer's best guess among
   ``cp1252, iso-8859-1, iso-8859-15, mac-roman`` (in that order of preference
   on ties). No plausible guess → :class:`~analysis.errors.CorpusError` naming the
   offset of the first byte that is not UTF-8.
8. **Mojibake** (UTF-8 read as cp1252 before it was saved: ``Ã©``, ``â€™``,
   ``Â«``) is repaired with :func:`ftfy.fix_encoding`, only when such markers are
   present; the encoding then ends in ``+ftfy`` and ``repaired`` is True.
9. Unicode **NFC**; ``\\r\\n`` and ``\\r`` become ``\\n``; NUL characters decoded
   from UTF-16/32 are removed (noted). U+FFFD characters left in the text, from the
   file itself or from step 6, are counted in ``notes``.

Whitespace-only text is refused, as by :func:`analysis.corpus.read_text`.

References
----------
Speer, R. (2019). ftfy. Zenodo. https://doi.org/10.5281/zenodo.2591652
The Unicode Standard, §3.9 (UTF-8 well-formedness) and §23.8 (U+FFFD).

Examples
--------
>>> decode("Résistance à Haïfa".encode("cp1252"), "fixture.txt").encoding
'cp1252'
>>> d = decode("Le maire a dÃ©clarÃ© « non ».".encode("utf-8"), "fixture.txt")
>>> d.text, d.encoding, d.repaired
('Le maire a déclaré « non ».', 'utf-8+ftfy', True)
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from pathlib import Path
from typing import NamedTuple

from analysis.errors import CorpusError, InputTypeError

__all__ = [
    "DecodedText",
    "WESTERN_ENCODINGS",
    "decode",
    "read_text",
    "fail",
    "has_mojibake",
    "plain_cp1252",
]

#: charset-normalizer names → the names written in the load report, in order of preference.
WESTERN_ENCODINGS: dict[str, str] = {
    "cp1252": "cp1252",
    "latin_1": "iso-8859-1",
    "iso8859_15": "iso-8859-15",
    "mac_roman": "mac-roman",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt/.xlsx; export it as CSV or text)"),
    (b"\x1f\x8b", "a gzip archive (decompress it first)"),
    (b"BZh", "a bzip2 archive (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz archive (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"PAR1", "a Parquet file (give it a .parquet suffix)"),
    (b"\x7fELF", "an executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document (.doc/.xls)"),
)
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its little-endian BOM starts with UTF-16's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)
_NUL = 0x00
#: Control bytes that never occur in text (NUL counted apart; tab, LF, FF, CR allowed).
_CONTROL_BYTES = bytes(
    sorted(set(range(0x01, 0x09)) | {0x0B, 0x0E} | set(range(0x0F, 0x20)) | {0x7F})
)
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_CONTROL_MAX_SHARE = 0.02
_NUL_CONTROL_MAX_SHARE = 0.10
_UTF16_MIN_BYTES = 16
_UTF16_NUL_SHARE = 0.70
_UTF16_OTHER_MAX = 0.05
_HINT = "text files must be UTF-8, UTF-16 or Windows-1252 text"

# What a UTF-8 continuation byte (0x80-0xBF) looks like once read as cp1252 or latin-1.
_CONTINUATION = "".join(
    sorted(
        set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore"))
        | set(bytes(range(0x80, 0xC0)).decode("latin-1"))
    )
)
#: Lead bytes of two- and three-byte UTF-8 sequences of Latin text, read as cp1252,
#: followed by a continuation byte read the same way: ``Ã©``, ``â€``, ``Â«``, ``Å“``.
_MOJIBAKE = re.compile(f"[ÂÃÄÅâ][{re.escape(_CONTINUATION)}]")


class DecodedText(NamedTuple):
    """A file's text after decoding, how it was decoded and what was repaired.

    Attributes
    ----------
    text : str
        NFC text with ``\\n`` line ends.
    encoding : str
        ``utf-8``, ``utf-8-sig`` (BOM stripped), ``utf-16-le``, ``utf-16-be``,
        ``utf-32-le``, ``utf-32-be``, ``cp1252``, ``iso-8859-1``,
        ``iso-8859-15`` or ``mac-roman``, possibly followed by ``+cp1252``
        (invalid UTF-8 bytes read as cp1252) and ``+ftfy`` (mojibake repaired).
    repaired : bool
        True when ftfy changed the text.
    notes : tuple of str
        One human-readable sentence per repair or guess (NUL bytes removed,
        bytes read as cp1252, U+FFFD left in the text, …).
    """

    text: str
    encoding: str
    repaired: bool = False
    notes: tuple[str, ...] = ()


def has_mojibake(text: str) -> bool:
    """True when ``text`` holds UTF-8 read as cp1252/latin-1 (``Ã©``, ``â€™``, ``Â«`` …).

    The test that decides whether :func:`decode` calls ftfy.
    """
    return _MOJIBAKE.search(text) is not None


def fail(path: str | os.PathLike[str], reason: str) -> CorpusError:
    """A :class:`CorpusError` "cannot load <path>: <reason>." with ``.reason`` and ``.path``.

    The same form as the loader's own errors (``analysis.corpus``).
    """
    path = Path(path)
    err = CorpusError(f"cannot load {path}: {reason}.")
    err.reason = reason  # type: ignore[attr-defined]
    err.path = path  # type: ignore[attr-defined]
    return err


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` / ``utf-16-be`` when the NUL pattern makes it evident, else None."""
    if len(data) < _UTF16_MIN_BYTES or len(data) % 2:
        return None
    half = len(data) // 2
    even_nul = data[0::2].count(_NUL) / half
    odd_nul = data[1::2].count(_NUL) / half
    if odd_nul >= _UTF16_NUL_SHARE and even_nul <= _UTF16_OTHER_MAX:
        return "utf-16-le"
    if even_nul >= _UTF16_NUL_SHARE and odd_nul <= _UTF16_OTHER_MAX:
        return "utf-16-be"
    return None


def _decode_unicode(data: bytes, codec: str, path: Path, what: str, shift: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise fail(
            path,
            f"the file {what} but is not valid {codec.upper()} "
            f"({exc.reason} at byte offset {exc.start + shift}); re-save it as UTF-8",
        ) from None


# Non-ASCII characters of ordinary French (and Western European) text in cp1252.
_USUAL_CP1252 = frozenset(
    "àâäáãåæçèéêëìíîïñòóôöõøùúûüýÿœÀÂÄÁÃÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÖÕØÙÚÛÜÝŸŒß"
    "’‘“”«»–—…€°·\u00a0«»ºª§©®±×"
)


def plain_cp1252(data: bytes) -> str | None:
    """The bytes as cp1252 when that gives only usual Western characters, else None.

    Short French texts (``Été à Noël``) are ambiguous to statistical detectors, which may
    pick Mac Roman (``…tÈ ‡ NoÎl``); cp1252 is by far the commonest 8-bit encoding of
    French text files, so it wins whenever its reading is plausible."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if all(c in _USUAL_CP1252 for c in text if ord(c) > 127):
        return text
    return None


def _western_guess(data: bytes) -> tuple[str, str] | None:
    """(text, report name) from charset-normalizer's best Western guess, or None."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(WESTERN_ENCODINGS))
    best = matches.best()
    if best is None or best.encoding not in WESTERN_ENCODINGS:
        return None
    return str(best), WESTERN_ENCODINGS[best.encoding]


def decode(data: bytes, path: str | os.PathLike[str] = "<bytes>") -> DecodedText:
    """Decode the bytes of a text file (see the module docstring for every step).

    Parameters
    ----------
    data : bytes
        The file's content.
    path : str or path-like, default "<bytes>"
        Named in error messages only.

    Returns
    -------
    DecodedText
        ``(text, encoding, repaired, notes)``.

    Raises
    ------
    CorpusError
        "cannot load <path>: <reason>." (with ``.reason`` and ``.path``) when the
        data is empty, binary, mostly NUL/control bytes, not decodable as UTF-8,
        UTF-16/32 or a Western 8-bit encoding, or whitespace only.
    InputTypeError
        If ``data`` is not bytes.

    Examples
    --------
    >>> decode(b"\\xef\\xbb\\xbfTitre\\r\\nTexte", "fixture.txt")[:2]
    ('Titre\\nTexte', 'utf-8-sig')
    >>> decode("Fixture : été".encode("utf-16"), "fixture.txt").encoding
    'utf-16-le'
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise InputTypeError(f"data must be bytes; received {type(data).__name__}.")
    data = bytes(data)
    path = Path(path)
    notes: list[str] = []
    if not data:
        raise fail(path, "the file is empty (0 bytes)")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise fail(path, f"this is a binary file ({kind}), not text; {_HINT}")

    text: str | None = None
    encoding = ""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            if codec == "utf-8":
                data = data[len(bom) :]  # then read as UTF-8 below, with its checks
            else:
                text = _decode_unicode(
                    data[len(bom) :], codec, path,
                    f"starts with a {codec.upper()} byte-order mark", len(bom),
                )  # fmt: skip
            break
    if text is None and not encoding:
        guessed = _utf16_without_bom(data)
        if guessed:
            text = _decode_unicode(
                data, guessed, path, f"looks like {guessed.upper()} (no byte-order mark)", 0
            )
            encoding = guessed
            notes.append(f"no byte-order mark; {guessed.upper()} recognised from its NUL bytes")

    if text is None:
        data = _drop_nul_and_refuse_binary(data, path, notes)
        try:
            text = data.decode("utf-8")
            encoding = encoding or "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _decode_not_utf8(data, exc, path, notes, bom=encoding)
    else:
        nul = text.count("\x00")
        if nul:
            if nul / max(len(text), 1) > _NUL_CONTROL_MAX_SHARE:
                raise fail(
                    path,
                    f"this looks like a binary file ({_plural(nul, 'NUL character')} "
                    f"in {len(text)} characters of {encoding.upper()}); {_HINT}",
                )
            text = text.replace("\x00", "")
            notes.append(f"{_plural(nul, 'NUL character')} removed")

    repaired = False
    if has_mojibake(text):
        import ftfy

        fixed = ftfy.fix_encoding(text)
        if fixed != text:
            markers = len(_MOJIBAKE.findall(text))
            text, repaired = fixed, True
            encoding += "+ftfy"
            notes.append(
                f"mojibake repaired by ftfy ({_plural(markers, 'marker')} such as 'Ã©' or 'â€™')"
            )
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text)
    replacement = text.count("\ufffd")
    if replacement:
        notes.append(f"{_plural(replacement, 'U+FFFD replacement character')} in the text")
    if not text.strip():
        raise fail(path, "the file contains only whitespace")
    return DecodedText(text, encoding, repaired, tuple(notes))


def _drop_nul_and_refuse_binary(data: bytes, path: Path, notes: list[str]) -> bytes:
    stripped = data.rstrip(b"\x00")
    padding = len(data) - len(stripped)
    if padding and not stripped:
        raise fail(path, f"the file holds only NUL bytes ({len(data)}); {_HINT}")
    if padding:
        notes.append(f"{_plural(padding, 'NUL byte')} padding the end of the file removed")
    data = stripped
    nul = data.count(b"\x00")
    control = len(data.translate(None, _NOT_CONTROL))
    if (control >= 2 and control / len(data) > _CONTROL_MAX_SHARE) or (
        (nul + control) / len(data) > _NUL_CONTROL_MAX_SHARE
    ):
        raise fail(
            path,
            f"this looks like a binary file ({_plural(nul + control, 'control byte')} in "
            f"{len(data)} bytes, {nul} of them NUL); {_HINT}",
        )
    if nul:
        data = data.replace(b"\x00", b"")
        notes.append(f"{_plural(nul, 'NUL byte')} removed")
    return data


_ESCAPED = re.compile("[\udc80-\udcff]+")
_GOOD_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _decode_not_utf8(
    data: bytes, exc: UnicodeDecodeError, path: Path, notes: list[str], *, bom: str
) -> tuple[str, str]:
    """Bytes that are not valid UTF-8: mostly UTF-8 with a few bad bytes, or 8-bit."""
    # surrogateescape keeps each invalid byte as one lone surrogate U+DC80..U+DCFF.
    escaped = data.decode("utf-8", errors="surrogateescape")
    n_bad = sum(len(m) for m in _ESCAPED.findall(escaped))
    n_good = len(_GOOD_NON_ASCII.findall(escaped))
    offset = exc.start + (3 if bom else 0)  # in the file, BOM included
    if bom or n_good > n_bad:
        text = _ESCAPED.sub(
            lambda m: bytes(ord(c) - 0xDC00 for c in m.group()).decode("cp1252", errors="replace"),
            escaped,
        )
        notes.append(
            f"{_plural(n_bad, 'byte')} invalid in UTF-8 read as cp1252 (first at byte offset "
            f"{offset}); the rest of the file ({_plural(n_good, 'non-ASCII character')}) is UTF-8"
        )
        return text, f"{bom or 'utf-8'}+cp1252"
    plain = plain_cp1252(data)
    if plain is not None:
        notes.append(
            f"not UTF-8 (first invalid byte 0x{data[exc.start]:02x} at offset {offset}); "
            "decoded as cp1252: every non-ASCII character it gives is a usual Western European one"
        )
        return plain, "cp1252"
    guess = _western_guess(data)
    if guess is None:
        raise fail(
            path,
            f"the file cannot be decoded: not UTF-8 (invalid byte 0x{data[exc.start]:02x} at "
            f"offset {offset}) and no Western 8-bit encoding (cp1252, ISO-8859-1/15, "
            "Mac Roman) fits it; re-save it as UTF-8",
        )
    text, name = guess
    notes.append(
        f"not UTF-8 (first invalid byte 0x{data[exc.start]:02x} at offset {offset}); "
        f"decoded as {name}, charset-normalizer's best guess among "
        f"{', '.join(WESTERN_ENCODINGS.values())}"
    )
    return text, name


def read_text(path: str | os.PathLike[str]) -> DecodedText:
    """Read a text file and :func:`decode` it.

    Parameters
    ----------
    path : str or path-like
        The file.

    Returns
    -------
    DecodedText
        ``(text, encoding, repaired, notes)``.

    Raises
    ------
    CorpusError
        "cannot load <path>: <reason>." when the file cannot be read, or for any
        reason of :func:`decode`.
    InputTypeError
        If ``path`` is not a str or path-like.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"path must be a str or path-like; received {type(path).__name__}.")
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    return decode(data, path)
