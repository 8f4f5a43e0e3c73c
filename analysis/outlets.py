"""Outlet names: one canonical spelling per outlet, from whatever the source says.

Pages and datasets name the same outlet many ways: ``SOURCE: FRENCH PRESS TV``,
``PressTV``, ``LaLibre``, ``lefigaro.fr``, ``https://www.lefigaro.fr/...``.
:data:`OUTLET_ALIASES` maps each known spelling to one canonical name, and
:func:`normalise_outlet` looks a name up after light cleaning:

* Unicode NFC, typographic apostrophes ``’ ‘ ʼ`` read as ``'``;
* case and runs of spaces (no-break spaces included) ignored;
* a URL is reduced to its host, and a leading ``www.`` or ``french.``/``fr.``
  language sub-domain is dropped (``https://french.presstv.ir/x`` → ``presstv.ir``).

A name that is not in the table is returned cleaned (spaces collapsed) but
otherwise as written: nothing is guessed. Add spellings for your own corpus with
``aliases={"spelling": "Canonical"}``; they win over the built-in table.

Examples
--------
>>> normalise_outlet("SOURCE: FRENCH PRESS TV".split(":", 1)[1])
'Press TV'
>>> normalise_outlet("LaLibre"), normalise_outlet("https://www.lefigaro.fr/international/x")
('La Libre Belgique', 'Le Figaro')
>>> normalise_outlet("Le Canard  enchaîné")
'Le Canard enchaîné'
>>> normalise_outlet("Canard", aliases={"canard": "Le Canard enchaîné"})
'Le Canard enchaîné'
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from analysis.errors import InputTypeError, OptionError

__all__ = ["OUTLET_ALIASES", "normalise_outlet", "outlet_aliases", "outlet_key", "read_aliases"]

#: Canonical name → the spellings seen for it (the canonical name itself is
#: always an alias too). Domains are listed without ``www.``.
_CANONICAL: dict[str, tuple[str, ...]] = {
    "Press TV": ("FRENCH PRESS TV", "PRESS TV", "PressTV", "Press TV français",
                 "presstv.ir", "presstv.com", "french.presstv.ir"),
    "La Libre Belgique": ("LaLibre", "La Libre", "La Libre Belgique", "lalibre.be"),
    "Le Figaro": ("Le Figaro", "Figaro", "lefigaro.fr", "Le Figaro.fr"),
    "Le Point": ("Le Point", "lepoint.fr"),
    "L'Humanité": ("L'Humanité", "L'Huma", "Humanité", "humanite.fr"),
    "La DH": ("La DH", "DH", "La Dernière Heure", "La DH Les Sports+", "dhnet.be"),
    "Le Monde": ("Le Monde", "lemonde.fr"),
    "Libération": ("Libération", "Libé", "liberation.fr"),
    "Le Parisien": ("Le Parisien", "leparisien.fr"),
    "France 24": ("France 24", "France24", "france24.com"),
    "RT France": ("RT France", "RT en français", "francais.rt.com", "rtfrance.tv"),
    "Sputnik France": ("Sputnik France", "Sputnik", "fr.sputniknews.com", "sputniknews.com"),
    "Al Jazeera": ("Al Jazeera", "Al-Jazeera", "aljazeera.com", "aljazeera.net"),
    "La Presse": ("La Presse", "lapresse.ca"),
    "Le Devoir": ("Le Devoir", "ledevoir.com"),
    "Le Journal de Montréal": ("Le Journal de Montréal", "Journal de Montréal",
                               "journaldemontreal.com"),
    "Le Journal de Québec": ("Le Journal de Québec", "Journal de Québec", "journaldequebec.com"),
    "Le Soleil": ("Le Soleil", "lesoleil.com"),
    "Le Temps": ("Le Temps", "letemps.ch"),
    "Tribune de Genève": ("Tribune de Genève", "La Tribune de Genève", "TDG", "tdg.ch"),
    "Le Matin": ("Le Matin", "lematin.ch"),
    "Le Nouvelliste": ("Le Nouvelliste",),
    "Le Soir": ("Le Soir", "lesoir.be"),
    "RTBF": ("RTBF", "rtbf.be"),
    "20 Minutes": ("20 Minutes", "20minutes.fr"),
    "Ouest-France": ("Ouest-France", "Ouest France", "ouest-france.fr"),
    "BFMTV": ("BFMTV", "BFM TV", "bfmtv.com"),
    "franceinfo": ("franceinfo", "France Info", "francetvinfo.fr"),
    "Mediapart": ("Mediapart", "mediapart.fr"),
    "L'Orient-Le Jour": ("L'Orient-Le Jour", "L'Orient Le Jour", "lorientlejour.com"),
}  # fmt: skip

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_SPACES = re.compile(r"\s+")
_SUBDOMAINS = re.compile(r"^(?:www\d?|m|fr|french|francais|amp)\.")


def _clean(name: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", name).translate(_QUOTES)).strip()


def outlet_key(name: str) -> str:
    """The lookup key of a spelling: cleaned, casefolded, URL reduced to its domain.

    Examples
    --------
    >>> outlet_key("https://www.LeFigaro.fr/politique/article.php")
    'lefigaro.fr'
    >>> outlet_key("L’Humanité ")
    "l'humanité"
    """
    s = _clean(name).casefold()
    if "://" in s or s.startswith("www."):
        host = urlsplit(s if "://" in s else "http://" + s).hostname or s
        s = host
    if re.fullmatch(r"[a-z0-9.-]+\.[a-z]{2,}", s):
        while _SUBDOMAINS.match(s) and s.count(".") > 1:
            s = _SUBDOMAINS.sub("", s, count=1)
    return s


#: Lookup key → canonical name, built from the table above.
OUTLET_ALIASES: dict[str, str] = {
    outlet_key(alias): canonical
    for canonical, aliases in _CANONICAL.items()
    for alias in (canonical, *aliases)
}


def _merged(aliases: Mapping[str, str] | None) -> dict[str, str]:
    if aliases is None:
        return OUTLET_ALIASES
    if not isinstance(aliases, Mapping):
        raise InputTypeError(
            "aliases must be a mapping {spelling: canonical name}; "
            f"received {type(aliases).__name__}."
        )
    table = dict(OUTLET_ALIASES)
    for alias, canonical in aliases.items():
        if not isinstance(alias, str) or not isinstance(canonical, str) or not canonical.strip():
            raise OptionError(
                "aliases entries must map a str to a non-empty str; "
                f"received {alias!r}: {canonical!r}."
            )
        table[outlet_key(alias)] = _clean(canonical)
        table.setdefault(outlet_key(canonical), _clean(canonical))
    return table


def normalise_outlet(name: Any, aliases: Mapping[str, str] | None = None) -> str | None:
    """Return the canonical name of an outlet.

    Parameters
    ----------
    name : str or None
        An outlet name, domain or URL as found in the source.
    aliases : mapping of str to str, optional
        Extra ``{spelling: canonical}`` entries; they win over the built-in table.

    Returns
    -------
    str or None
        The canonical name, the cleaned ``name`` when it is not in the table, or
        None when ``name`` is missing or blank.

    Raises
    ------
    InputTypeError
        If ``name`` is not a string (or missing), or ``aliases`` is not a mapping.
    """
    table = _merged(aliases)
    if name is None or (isinstance(name, float) and name != name) or name is pd.NA:
        return None
    if not isinstance(name, str):
        raise InputTypeError(f"an outlet name must be a str; received {type(name).__name__}.")
    cleaned = _clean(name)
    if not cleaned:
        return None
    return table.get(outlet_key(cleaned), cleaned)


def outlet_aliases(aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The alias table as a DataFrame with columns ``alias, outlet``.

    ``alias`` is the lookup key (cleaned and casefolded), ``outlet`` the canonical
    name; rows are sorted by outlet then alias.

    Parameters
    ----------
    aliases : mapping of str to str, optional
        Extra entries, shown merged as :func:`normalise_outlet` would use them.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> table = outlet_aliases()
    >>> table[table.outlet == "Press TV"].alias.tolist()[:3]
    ['french press tv', 'press tv', 'press tv français']
    """
    table = _merged(aliases)
    frame = pd.DataFrame({"alias": list(table), "outlet": list(table.values())})
    return frame.sort_values(["outlet", "alias"], ignore_index=True)


def read_aliases(path: Any) -> dict[str, str]:
    """Read your own outlet spellings from a CSV file with columns ``alias, outlet``.

    Parameters
    ----------
    path : str or path-like
        The CSV file (UTF-8; ``,`` or ``;`` separated).

    Returns
    -------
    dict of str to str
        ``{spelling: canonical}``, to pass as ``aliases=`` (``load_corpus`` accepts the
        path itself).

    Raises
    ------
    CorpusError
        If the file cannot be read or lacks the two columns.
    """
    import csv
    from pathlib import Path

    from analysis.errors import CorpusError

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeError) as exc:
        raise CorpusError(f"cannot read the alias table {p}: {exc}.") from None
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
    rows = list(csv.DictReader(lines, delimiter=delimiter))
    fields = {f.strip().lower() for f in (rows[0].keys() if rows else [])}
    if not {"alias", "outlet"} <= fields:
        raise CorpusError(
            f"the alias table {p} needs columns 'alias' and 'outlet'; it has {sorted(fields)}."
        )
    out = {}
    for n, row in enumerate(rows, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not row["alias"] or not row["outlet"]:
            raise CorpusError(f"the alias table {p}, line {n}: alias and outlet must both be given.")
        out[row["alias"]] = row["outlet"]
    return out
