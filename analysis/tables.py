"""Readers for tables of articles: CSV/TSV, JSON Lines and Parquet.

Each reader follows the loader's protocol (see :mod:`analysis.corpus`):
``reader(path, *, columns=None, progress=None)`` returns an iterator of dicts and
raises :class:`~analysis.errors.CorpusError` ("cannot load <path>: <reason>.", with
``.reason`` and ``.path``) when the whole file is unusable. Otherwise **every input
record yields exactly one dict**, so the loader can count them:

* a usable record: ``record``, ``metadata``, ``segments``, ``encoding``;
* an unusable one: ``record``, ``error`` and ``encoding``, the error starting with
  its location — ``"row 7: empty text"``, ``"line 4: not a JSON object (a list)"``.

``record`` is the 1-based **data row** for CSV and Parquet (the header is not
counted; blank CSV lines are not rows) and the 1-based **physical line** for JSON
Lines (blank lines counted in the numbering). CSV error messages add the physical
line in brackets, because a quoted field may span several lines.

Columns
-------
``columns`` maps our names (:data:`FIELDS`: ``id, text, title, outlet, date, url,
language``) to the file's column names. Names not given are found among
:data:`DEFAULT_COLUMNS`, case-insensitively, first candidate first. Only ``text``
is required. ``metadata`` holds ``id, title, outlet, date, language, url`` (raw
values, except that ids and other non-date fields that are not strings become
strings, and a date that is neither a string nor a date becomes a string) and
**every other column** under its own name — renamed ``extra_<name>`` when that
name is one the loader uses (:data:`RESERVED`). Missing values (None, NaN, blank
strings) are left out.

Segments
--------
A ``title`` segment (rule ``metadata_title``) when there is a title, then one
``body`` segment (rule :data:`TABLE_TEXT_RULE`, ``"table_text"``) per paragraph:
the text is split on blank lines; a text with single line breaks only is split on
those (one paragraph a line). Segments are stripped; empty ones dropped.

Decoding
--------
CSV files are decoded whole with :func:`analysis.encodings.decode` (cp1252 from
French Excel, UTF-16 from Excel's "Unicode text", BOMs, mojibake…). JSON Lines are
streamed: each line is decoded as UTF-8 (a UTF-8 BOM is skipped) and only a line
that is not valid UTF-8 goes through :func:`~analysis.encodings.decode`, so its
record's ``encoding`` says what was used. Once one line is found to be in an 8-bit
encoding (cp1252 …), the file's later non-UTF-8 lines are read with that same
encoding unless the result shows mojibake (UTF-8 mixed into the line), so that short
lines do not each get a guess of their own. A file starting with a UTF-16/32 BOM is
decoded whole. String values from JSON Lines and Parquet are put in NFC with
``\\n`` line ends and NUL characters removed.

Examples
--------
>>> sorted(TABLE_READERS)
['.csv', '.jsonl', '.ndjson', '.parquet', '.tsv']
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

from analysis.encodings import WESTERN_ENCODINGS, decode, fail, has_mojibake
from analysis.errors import CorpusError, InputTypeError, OptionError, check_progress

__all__ = [
    "FIELDS",
    "DEFAULT_COLUMNS",
    "RESERVED",
    "TABLE_TEXT_RULE",
    "TABLE_READERS",
    "PROGRESS_MIN_BYTES",
    "read_csv",
    "read_jsonl",
    "read_parquet",
    "check_columns",
]

#: Our names for the columns a table may have.
FIELDS: tuple[str, ...] = ("id", "text", "title", "outlet", "date", "url", "language")
#: Column names tried, case-insensitively and in this order, when ``columns`` does not name one.
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "article", "texte", "contenu", "corps"),
    "title": ("title", "titre", "headline"),
    "outlet": ("outlet", "source", "media", "média", "journal", "publication", "site", "sitename"),
    "date": ("date", "published", "pub_date", "publication_date", "datetime", "date_publication"),
    "url": ("url", "link", "lien"),
    "id": ("id", "article_id", "doc_id", "uuid"),
    "language": ("language", "lang", "langue"),
}
#: Names the loader gives its own columns: an extra column so named becomes ``extra_<name>``.
#: (Kept here rather than imported, so that analysis.corpus can import this module.)
RESERVED: frozenset[str] = frozenset(
    FIELDS + ("date_source", "source_path", "outlet_source", "language_source", "date_evidence",
              "position", "role", "rule", "on_story", "line", "record", "status", "reason",
              "duplicate_of", "encoding")
)  # fmt: skip
#: Rule name of a body paragraph read from a table.
TABLE_TEXT_RULE = "table_text"
_TITLE_RULE = "metadata_title"  # analysis.patterns.METADATA_TITLE_RULE
#: From this file size on, ``progress=None`` shows a progress bar.
PROGRESS_MIN_BYTES = 50 * 1024 * 1024
_DELIMITERS = ",;\t|"
_SNIFF_LINES = 50
_PARQUET_BATCH = 1024
#: Report name of an 8-bit encoding → Python codec.
_CODECS = {name: codec for codec, name in WESTERN_ENCODINGS.items()}

Record = dict[str, Any]


# --- Options ---------------------------------------------------------------------------------


def release_arrow_memory() -> None:
    """Hand the pages Arrow's memory pool keeps for reuse back to the system.

    Arrow's allocator holds on to freed blocks (0.1–0.5 GB after reading or filtering
    100,000 articles) that numpy and Python cannot use; returning them takes about a
    millisecond.
    """
    import pyarrow as pa

    pa.default_memory_pool().release_unused()


def _check_path(path: Any) -> Path:
    if not isinstance(path, (str, os.PathLike)):
        raise InputTypeError(f"path must be a str or path-like; received {type(path).__name__}.")
    return Path(path)


def check_columns(columns: Any) -> dict[str, str]:
    """Validate a ``columns=`` mapping (our name → the file's column); return it as a dict.

    Raises
    ------
    InputTypeError
        If ``columns`` is not a mapping or a value is not a str.
    OptionError
        If a key is not one of :data:`FIELDS`, or two keys name the same column.
    """
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise InputTypeError(
            "columns must be a mapping from our names to the file's column names, e.g. "
            f"{{'text': 'contenu'}}; received {type(columns).__name__}."
        )
    unknown = [k for k in columns if k not in FIELDS]
    if unknown:
        raise OptionError(
            f"columns= has unknown name(s) {unknown!r}; allowed: {', '.join(map(repr, FIELDS))} "
            "(the keys are our names, the values the file's column names)."
        )
    bad = {k: v for k, v in columns.items() if not isinstance(v, str)}
    if bad:
        raise InputTypeError(
            f"the values of columns= must be column names (str); received {bad!r}."
        )
    seen: dict[str, str] = {}
    for ours, theirs in columns.items():
        if theirs in seen:
            raise OptionError(
                f"columns= maps both {seen[theirs]!r} and {ours!r} to the column {theirs!r}; "
                "each column can hold one field."
            )
        seen[theirs] = ours
    return dict(columns)


def _bar(path: Path, progress: bool | None, **kw: Any) -> Any:
    """A tqdm bar, or None. ``None`` = automatic from :data:`PROGRESS_MIN_BYTES`."""
    if progress is False:
        return None
    if progress is None:
        try:
            if path.stat().st_size < PROGRESS_MIN_BYTES:
                return None
        except OSError:
            return None
    from tqdm import tqdm  # plain tqdm, see analysis.progress

    # disable is left to tqdm (and TQDM_DISABLE) in automatic mode, forced off when asked for.
    return tqdm(desc=f"Reading {path.name}", **kw, **({"disable": False} if progress else {}))


# --- Columns and records ---------------------------------------------------------------------


def _resolve_columns(
    path: Path, names: list[str], columns: dict[str, str], what: str
) -> dict[str, str]:
    """Our name → the file's column, for the fields present. Raises when there is no text."""
    lower: dict[str, str] = {}
    for n in names:
        lower.setdefault(n.strip().lower(), n)
    found = ", ".join(repr(n) for n in names) or "none"
    mapping: dict[str, str] = {}
    for ours, theirs in columns.items():
        if theirs in names:
            mapping[ours] = theirs
        elif theirs.strip().lower() in lower:
            mapping[ours] = lower[theirs.strip().lower()]
        else:
            raise fail(
                path,
                f"columns= names {theirs!r} for {ours!r} but the file has no such {what}; "
                f"its {what}s are {found}",
            )
    taken = set(mapping.values())
    for ours, candidates in DEFAULT_COLUMNS.items():
        if ours in mapping:
            continue
        for cand in candidates:
            col = lower.get(cand)
            if col is not None and col not in taken:
                mapping[ours] = col
                taken.add(col)
                break
    if "text" not in mapping:
        raise fail(
            path,
            f"no text {what} found (looked for {', '.join(DEFAULT_COLUMNS['text'])}); "
            f"its {what}s are {found}; pass columns={{'text': '<{what}>'}} "
            "to name the one holding the article text",
        )
    return mapping


def _present(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, str) and not value.strip():
        return False
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return False
    except ImportError:  # pragma: no cover
        pass
    return True


def _as_field(ours: str, value: Any) -> Any:
    """Raw value, except what the loader cannot take: non-strings become strings."""
    if isinstance(value, str):
        return value
    if ours == "date" and isinstance(value, (date, datetime)):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _clean_text(value: str) -> str:
    if "\r" in value:  # the check costs far less than a copy of a 50 MB text
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in value:
        value = value.replace("\x00", "")
    return unicodedata.normalize("NFC", value)


_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n")


def _paragraphs(text: str) -> list[str]:
    """Split on blank lines, or on line breaks when there is no blank line; stripped, non-empty."""
    text = text.strip()
    parts = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.split("\n")
    return [p for p in map(str.strip, parts) if p]


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


def _record(
    number: int,
    where: str,
    values: Mapping[str, Any],
    mapping: dict[str, str],
    encoding: str,
    path: Path,
    *,
    clean: bool,
) -> Record:
    """One record (or error record) from a row ``{their column: value}``."""
    text_col = mapping["text"]

    def error(reason: str) -> Record:
        return {"record": number, "error": f"{where}: {reason}", "encoding": encoding}

    if text_col not in values:
        return error(f"no {text_col!r} field (it has {', '.join(map(repr, values)) or 'none'})")
    text = values[text_col]
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return error("text is null")
    if isinstance(text, (bytes, bytearray)):
        try:
            decoded = decode(bytes(text), path)
        except CorpusError as exc:
            return error(f"text is bytes that cannot be decoded ({exc.reason})")  # type: ignore[attr-defined]
        text, encoding = decoded.text, decoded.encoding
    if not isinstance(text, str):
        return error(f"text is {_type_name(text)}, not a string")
    if clean:
        text = _clean_text(text)
    paragraphs = _paragraphs(text)
    if not paragraphs:
        return error("empty text")

    metadata: dict[str, Any] = {}
    for ours, col in mapping.items():
        if ours != "text" and _present(values.get(col)):
            value = values[col]
            metadata[ours] = _clean_text(value) if clean and isinstance(value, str) else value
            metadata[ours] = _as_field(ours, metadata[ours])
    used = set(mapping.values())
    for col, value in values.items():
        if col in used or not _present(value):
            continue
        key = f"extra_{col}" if col in RESERVED or col.lower() in RESERVED else col
        metadata[key] = _clean_text(value) if clean and isinstance(value, str) else value
    segments = []
    if "title" in metadata:
        title = " ".join(str(metadata["title"]).split())
        if title:
            segments.append({"role": "title", "rule": _TITLE_RULE, "text": title})
    segments += [{"role": "body", "rule": TABLE_TEXT_RULE, "text": p} for p in paragraphs]
    return {"record": number, "metadata": metadata, "segments": segments, "encoding": encoding}


# --- CSV -------------------------------------------------------------------------------------


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text.split("\n", _SNIFF_LINES)[:_SNIFF_LINES] if ln.strip()]
    if not lines:
        return ","
    header = lines[0]
    try:
        found = csv.Sniffer().sniff("\n".join(lines), delimiters=_DELIMITERS).delimiter
    except csv.Error:
        found = None
    if found is not None and found in header:
        return found
    # Fall back to counting in the header line (outside quotes), which rarely holds prose.
    unquoted = re.sub(r'"[^"]*"', "", header)
    counts = {d: unquoted.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])  # ties: the earlier in _DELIMITERS
    return best if counts[best] else ","


def read_csv(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    progress: bool | None = None,
) -> Iterator[Record]:
    """Read a CSV or TSV file of articles, one record per data row.

    The file is decoded with :func:`analysis.encodings.decode` (BOMs, UTF-16,
    cp1252, mojibake), the delimiter is sniffed among ``, ; TAB |`` by
    :class:`csv.Sniffer` on the first 50 lines — kept only if the header line holds
    it, else the most frequent of them in the header (outside quotes); an Excel
    ``sep=;`` first line decides it instead (and is skipped) — and rows
    are split by :mod:`csv` with ``strict=True`` (quoted multi-line fields are
    fine). The first non-blank row is the header; blank lines are not rows.

    Error records (the other rows still load):

    * ``row N: 3 fields where the header has 4 (line L)``;
    * ``row N: empty text (line L)``;
    * ``row N: unterminated quote starting on line L; the rest of the file (K
      lines) could not be split into rows`` — the last record of the file;
    * ``row N: malformed quoting in the row starting on line L (<csv message>);
      lines L-E could not be split into rows`` — a quote closed then followed by
      text swallows the lines up to it; reading goes on after them.

    Parameters
    ----------
    path : str or path-like
        The file.
    columns : mapping of str to str, optional
        Our name → the file's column (see the module docstring).
    progress : bool or None, default None
        A progress bar over lines; None shows one for files of 50 MB or more.

    Returns
    -------
    iterator of dict
        Records as described in the module docstring; the file is read when the
        iterator is first advanced.

    Raises
    ------
    CorpusError
        When iterated, if the file cannot be read or decoded, has no header, no
        text column, a header repeating a name, or lacks a column named in
        ``columns``.
    InputTypeError
        If ``path`` is not a path or ``columns`` not a mapping of strings.
    OptionError
        If ``columns`` has a key outside :data:`FIELDS` or maps two to one column,
        or ``progress`` is not a bool or None.
    """
    path = _check_path(path)
    mapping = check_columns(columns)
    progress = check_progress(progress)
    return _iter_csv(path, mapping, progress)


def _iter_csv(path: Path, columns: dict[str, str], progress: bool | None) -> Iterator[Record]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    decoded = decode(data, path)
    text, encoding = decoded.text, decoded.encoding
    # Excel's "sep=;" first line names the delimiter; it is neither header nor row.
    excel_sep = re.match(r"sep=([,;\t|])[ \t]*\n", text)
    delimiter = excel_sep.group(1) if excel_sep else _sniff_delimiter(text)
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    # Articles can exceed csv's default 128 KiB field limit; the limit is global, only raised.
    csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    bar = _bar(path, progress, total=n_lines, unit="line")

    header: list[str] | None = None
    mapping: dict[str, str] = {}
    number = 0
    try:
        while True:
            start = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                if header is None:
                    raise fail(path, f"the header (line {start}) cannot be split: {exc}") from None
                number += 1
                if "unexpected end of data" in str(exc):
                    yield {
                        "record": number,
                        "error": f"row {number}: unterminated quote starting on line {start}; "
                        f"the rest of the file ({n_lines - start + 1} lines) could not be split "
                        "into rows",
                        "encoding": encoding,
                    }
                    break
                yield {
                    "record": number,
                    "error": f"row {number}: malformed quoting in the row starting on line {start} "
                    f"({exc}); lines {start}-{reader.line_num} could not be split into rows",
                    "encoding": encoding,
                }
                continue
            finally:
                if bar is not None:
                    bar.update(reader.line_num - bar.n)
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank (or whitespace-only) line is not a row
            if excel_sep and start == 1:
                continue
            if header is None:
                header = [h.strip() or f"column_{i + 1}" for i, h in enumerate(row)]
                repeated = sorted({h for h in header if header.count(h) > 1})
                if repeated:
                    raise fail(path, f"the header repeats the column name(s) {repeated!r}")
                mapping = _resolve_columns(path, header, columns, "column")
                continue
            number += 1
            where = f"row {number}"
            if len(row) != len(header):
                yield {
                    "record": number,
                    "error": f"{where}: {len(row)} field{'s' if len(row) != 1 else ''} where the "
                    f"header has {len(header)} (line {start}; delimiter {delimiter!r})",
                    "encoding": encoding,
                }
                continue
            rec = _record(
                number,
                where,
                dict(zip(header, row, strict=True)),
                mapping,
                encoding,
                path,
                clean=False,
            )
            if "error" in rec:
                rec["error"] += f" (line {start})"
            yield rec
    finally:
        if bar is not None:
            bar.close()
    if header is None:
        raise fail(path, "the file has no header row")


# --- JSON Lines ------------------------------------------------------------------------------


def read_jsonl(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    progress: bool | None = None,
) -> Iterator[Record]:
    """Read a JSON Lines file of articles, one record per non-empty line, streaming.

    The file is read line by line (never whole, unless it is UTF-16/32). Field
    names are resolved (see the module docstring) on the **first line that is a
    JSON object**; later objects are read with the same names. An empty line
    (nothing but its line end) is not a record, but counts in the line numbers.

    Error records (the other lines still load):

    * ``line N: invalid JSON (Expecting ',' delimiter at column 17)``;
    * ``line N: not a JSON object (a list)`` — also a number, a string, a
      boolean, ``null``;
    * ``line N: blank line (whitespace only)``;
    * ``line N: text is null``, ``line N: no 'text' field (it has …)``,
      ``line N: text is a number, not a string``, ``line N: empty text``;
    * ``line N: <reason>`` when a line cannot be decoded.

    Parameters
    ----------
    path : str or path-like
        The file.
    columns : mapping of str to str, optional
        Our name → the file's field name.
    progress : bool or None, default None
        A progress bar over bytes; None shows one for files of 50 MB or more.

    Returns
    -------
    iterator of dict
        Records; the file is read as the iterator advances.

    Raises
    ------
    CorpusError
        When iterated, if the file cannot be read, is empty, holds only empty
        lines, has no line that is a JSON object, or its first object has no text
        field (or lacks a field named in ``columns``). Nothing has been yielded
        then.
    InputTypeError, OptionError
        As for :func:`read_csv`.
    """
    path = _check_path(path)
    mapping = check_columns(columns)
    progress = check_progress(progress)
    return _iter_jsonl(path, mapping, progress)


def _jsonl_lines(path: Path) -> Iterator[tuple[int, bytes | str, str, int]]:
    """(line number, raw line without its end, file encoding, bytes consumed)."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    with fh:
        head = fh.read(4)
        if not head:
            raise fail(path, "the file is empty (0 bytes)")
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            decoded = decode(head + fh.read(), path)  # UTF-16/32: decoded whole
            for n, line in enumerate(decoded.text.split("\n"), start=1):
                yield n, line, decoded.encoding, 0
            return
        encoding = "utf-8"
        if head.startswith(b"\xef\xbb\xbf"):
            encoding = "utf-8-sig"
            fh.seek(3)
        else:
            fh.seek(0)
        for n, raw in enumerate(fh, start=1):
            yield n, raw.rstrip(b"\n").rstrip(b"\r"), encoding, len(raw)


def _iter_jsonl(path: Path, columns: dict[str, str], progress: bool | None) -> Iterator[Record]:
    bar = _bar(path, progress, total=_size(path), unit="B", unit_scale=True)
    mapping: dict[str, str] | None = None
    pending: list[Record | tuple[int, dict[str, Any], str]] = []
    seen_nonempty = False
    legacy: str | None = None  # the 8-bit encoding found for this file's first non-UTF-8 line
    try:
        for n, raw, file_encoding, consumed in _jsonl_lines(path):
            if bar is not None and consumed:
                bar.update(consumed)
            if not raw:
                continue
            seen_nonempty = True
            where = f"line {n}"
            encoding = file_encoding
            if isinstance(raw, bytes):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    line, encoding, legacy = _decode_line(raw, path, legacy)
                    if line is None:
                        pending.append(
                            {"record": n, "error": f"{where}: {encoding}", "encoding": None}
                        )
                        continue
            else:
                line = raw
            if not line.strip():
                pending.append(
                    {
                        "record": n,
                        "error": f"{where}: blank line (whitespace only)",
                        "encoding": encoding,
                    }
                )
            else:
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as exc:
                    pending.append(
                        {
                            "record": n,
                            "error": f"{where}: invalid JSON ({exc.msg} at column {exc.colno})",
                            "encoding": encoding,
                        }
                    )
                else:
                    if not isinstance(value, dict):
                        kind = "null" if value is None else _type_name(value)
                        pending.append(
                            {
                                "record": n,
                                "error": f"{where}: not a JSON object ({kind})",
                                "encoding": encoding,
                            }
                        )
                    else:
                        if mapping is None:
                            mapping = _resolve_columns(path, list(value), columns, "field")
                        pending.append(
                            _record(n, where, value, mapping, encoding, path, clean=True)
                        )
            if mapping is not None:
                yield from pending  # type: ignore[misc]
                pending.clear()
    finally:
        if bar is not None:
            bar.close()
    if mapping is None:
        if not seen_nonempty:
            raise fail(path, "the file holds no records (only empty lines)")
        first = pending[0]["error"] if pending else "none"  # type: ignore[index]
        raise fail(
            path,
            "no line of the file is a JSON object, so this is not JSON Lines "
            f"(first problem: {first})",
        )


def _decode_line(raw: bytes, path: Path, legacy: str | None) -> tuple[Any, str, str | None]:
    """A JSON line that is not UTF-8: ``(text, encoding, legacy)`` or ``(None, reason, legacy)``.

    The first such line is decoded by :func:`analysis.encodings.decode`; when that finds
    an 8-bit encoding, later non-UTF-8 lines of the file are read with the same one
    (a guess on one short line is less reliable than keeping the file consistent).
    """
    if legacy is not None:
        try:
            text = raw.decode(_CODECS[legacy])
        except UnicodeDecodeError:
            text = None
        # UTF-8 characters in the line would show as mojibake: then decode it on its own.
        if text is not None and not has_mojibake(text):
            return text, legacy, legacy
    try:
        decoded = decode(raw, path)
    except CorpusError as exc:
        return None, exc.reason, legacy  # type: ignore[attr-defined]
    if legacy is None and decoded.encoding in _CODECS:
        legacy = decoded.encoding
    return decoded.text, decoded.encoding, legacy


def _one_line(message: str) -> str:
    """An error message from a library on one printable line, without its final period."""
    printable = "".join(c if c.isprintable() else " " for c in message)
    return " ".join(printable.split()).rstrip(".")


def _size(path: Path) -> int | None:
    try:
        return path.stat().st_size
    except OSError:
        return None


# --- Parquet ---------------------------------------------------------------------------------


def read_parquet(
    path: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    progress: bool | None = None,
) -> Iterator[Record]:
    """Read a Parquet file of articles, one record per row, streaming by row group.

    Rows are read with :meth:`pyarrow.parquet.ParquetFile.iter_batches`, one row
    group at a time. A row group that cannot be read (corrupt pages) gives one
    error record per row it holds (``row N: row group G could not be read
    (…)``), as its row count is in the file's footer, and reading goes on. A text
    that is bytes is decoded with :func:`analysis.encodings.decode`; any other
    non-string text is an error record (``row N: text is a number, not a
    string``); ``row N: text is null``; ``row N: empty text``. Index columns
    written by pandas (``__index_level_0__`` …) are dropped. ``encoding`` is
    ``"parquet"`` (Parquet strings are UTF-8 by definition).

    Parameters
    ----------
    path : str or path-like
        The file.
    columns : mapping of str to str, optional
        Our name → the file's column.
    progress : bool or None, default None
        A progress bar over row groups; None shows one for files of 50 MB or more.

    Returns
    -------
    iterator of dict
        Records; the file is read as the iterator advances.

    Raises
    ------
    CorpusError
        When iterated, if the file cannot be read or is not valid Parquet (bad
        magic bytes, truncated footer), or has no text column.
    InputTypeError, OptionError
        As for :func:`read_csv`.
    """
    path = _check_path(path)
    mapping = check_columns(columns)
    progress = check_progress(progress)
    return _iter_parquet(path, mapping, progress)


def _iter_parquet(path: Path, columns: dict[str, str], progress: bool | None) -> Iterator[Record]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        fh = path.open("rb")
    except OSError as exc:
        raise fail(path, f"the file cannot be read ({exc.strerror or exc})") from exc
    with fh:
        try:
            pf = pq.ParquetFile(fh)
            names = list(pf.schema_arrow.names)
        except (pa.ArrowException, OSError) as exc:
            raise fail(
                path, f"this is not a readable Parquet file ({str(exc).rstrip('.')})"
            ) from None
        # pandas writes a non-default index as __index_level_0__ …: not the articles' data
        index_columns = [n for n in names if re.fullmatch(r"__index_level_\d+__", n)]
        names = [n for n in names if n not in index_columns]
        mapping = _resolve_columns(path, names, columns, "column")
        n_groups = pf.metadata.num_row_groups
        bar = _bar(path, progress, total=n_groups, unit="row group")
        number = 0
        try:
            for g in range(n_groups):
                expected = pf.metadata.row_group(g).num_rows
                done = 0
                try:
                    for batch in pf.iter_batches(batch_size=_PARQUET_BATCH, row_groups=[g]):
                        if index_columns:
                            batch = batch.drop_columns(index_columns)
                        for values in batch.to_pylist():
                            number += 1
                            done += 1
                            yield _record(
                                number,
                                f"row {number}",
                                values,
                                mapping,
                                "parquet",
                                path,
                                clean=True,
                            )
                except (pa.ArrowException, OSError) as exc:
                    reason = _one_line(str(exc))
                    for _ in range(expected - done):
                        number += 1
                        yield {
                            "record": number,
                            "error": f"row {number}: row group {g + 1} of {n_groups} could not be "
                            f"read ({reason})",
                            "encoding": "parquet",
                        }
                if bar is not None:
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()


#: Suffix (lowercase, with dot) → reader, to merge into :data:`analysis.corpus.READERS`.
TABLE_READERS: dict[str, Callable[..., Iterator[Record]]] = {
    ".csv": read_csv,
    ".tsv": read_csv,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".parquet": read_parquet,
}
