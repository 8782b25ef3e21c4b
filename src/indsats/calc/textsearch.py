"""Danish text for search and sorting, without a database: the SQLite fallback of the case bank
search, and the Danish alphabetical order (… Z, Æ, Ø, Å). PostgreSQL uses its own ``danish``
text search configuration, which stems with the same Snowball algorithm as here."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[0-9a-zA-ZæøåÆØÅéèüöäÉÜÖÄ]+")
_STEMMER = snowballstemmer.stemmer("danish")

# Danish stop words that carry no meaning in a search (the most common ones).
STOP_WORDS = frozenset(
    "og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi min "
    "havde ham hun nu over da fra du ud sin dem os op man hans hvor eller hvad skal selv her alle vil "
    "blev kunne ind når være dog noget ville jo deres efter ned skulle denne end dette mit også under "
    "have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive mange ad "
    "bliver hendes været thi jer sådan".split()
)


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text or "")]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word.lower())


def stems(text: str) -> list[str]:
    """The Danish stems of the meaningful words of ``text`` (stop words left out)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


def stem_document(text: str) -> str:
    """A searchable text of stems: `` stem1 stem2 … `` with a space before and after each, so a
    stem (or the start of one) can be found with a plain substring match."""
    return " " + " ".join(dict.fromkeys(stems(text))) + " "


def query_stems(query: str) -> list[str]:
    return list(dict.fromkeys(stems(query)))


_DANISH_ORDER = {"æ": "z{", "ø": "z|", "å": "z}", "aa": "z}"}


def danish_sort_key(text: str) -> str:
    """Sort key giving Danish alphabetical order: A … Z, Æ, Ø, Å (and "aa" as "å")."""
    t = (text or "").lower()
    t = t.replace("aa", "å")
    out = []
    for ch in t:
        if ch in "æøå":
            out.append(_DANISH_ORDER[ch])
        else:
            decomposed = unicodedata.normalize("NFKD", ch)
            out.append(decomposed[0])
    return "".join(out)
