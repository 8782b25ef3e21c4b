"""Danish text for search and sorting, without a database: the SQLite fallback of the case bank
search, and the Danish alphabetical order (… Z, Æ, Ø, Å). PostgreSQL uses its own ``danish``
text search configuration, which stems with the same Snowball algorithm as here."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

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


# ---------------------------------------------------------------------------------------------
# The case bank search: one analysis and one query language for both databases.
#
# Every word of a case and of a query goes through the same steps here, in Python: lower case,
# "ae"/"oe"/"aa" folded to "æ"/"ø"/"å" (and é, ä, ö, ü to their plain Danish letters), stop
# words left out, a Danish Snowball stem (with a few word families kept apart that the stemmer
# would merge, such as "ledige" and "ledelse"), and compounds split into parts with a word list
# (data/danish_words.txt). The database only ever sees finished tokens: SQLite's FTS5 table and
# PostgreSQL's stored tsvector index the same tokens in the same positions, and the query is
# translated into each engine's syntax from one parsed form. A word matches by its exact stem
# (not as a prefix); ``word*`` asks for a prefix explicitly, on both engines alike.

FOLDS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))
_CHAR_FOLD = {"ä": "æ", "ö": "ø", "ü": "y"}
_TOKEN = re.compile(r"[0-9a-zæøå]+")

# Word families the Snowball stemmer merges but that mean different things: every form listed
# gets the family's own stem. "ledige" (unemployed) must not find "ledelse" (management).
STEM_FAMILIES = {
    "ledig": "ledig ledige ledigt ledighed ledigheden ledigheds",
    "ledelse": "ledelse ledelsen ledelser ledelserne ledelsens ledelses ledelsernes",
    "leder": "leder lederen ledere lederne leders lederens lederes ledernes",
    "tosprog": "tosproget tosprogede tosprogs",
}
_STEM_OVERRIDES = {
    form: family for family, forms in STEM_FAMILIES.items() for form in forms.split()
}

# Columns of the index, with the weight each has in ranking (PostgreSQL's A, B, C, D).
COLUMNS = ("title", "summary", "body", "parts")
WEIGHTS = {"title": "A", "summary": "B", "body": "C", "parts": "D"}
TEXT_COLUMNS = ("title", "summary", "body")  # phrases match inside these; parts hold compounds
MIN_PART = 3  # the shortest compound part


class _FoldTable(dict):
    """str.translate table for fold(): each character's folded form, worked out the first time
    the character is seen (letters a–z, digits and æøå stay; é → e, ä → æ; anything else is a
    space)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch in "æøå" or ("a" <= ch <= "z") or ("0" <= ch <= "9"):
            out = ch
        elif ch in _CHAR_FOLD:
            out = _CHAR_FOLD[ch]
        else:
            base = unicodedata.normalize("NFKD", ch)[0]
            out = base if base.isascii() and base.isalnum() else " "
        self[code] = out
        return out


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Lower case, with ae/oe/aa as æ/ø/å and accents dropped (é → e, ä → æ, ö → ø)."""
    text = unicodedata.normalize("NFC", (text or "").lower())
    for a, b in FOLDS:
        text = text.replace(a, b)
    return text.translate(_FOLD_TABLE)


def tokens(text: str) -> list[str]:
    """The folded words of ``text`` (stop words included)."""
    return _TOKEN.findall(fold(text))


@lru_cache(maxsize=65536)
def search_stem(token: str) -> str:
    """The stem of a folded word, with the word families of STEM_FAMILIES kept apart."""
    return _STEM_OVERRIDES.get(token) or _STEMMER.stemWord(token)


def _load_lexicon() -> frozenset[str]:
    path = Path(__file__).with_name("data") / "danish_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    words_ = [fold(line.strip()) for line in lines if line.strip() and not line.startswith("#")]
    return frozenset(search_stem(w) for w in words_)


LEXICON = _load_lexicon()


def _known(piece: str) -> bool:
    return len(piece) >= MIN_PART and search_stem(piece) in LEXICON


def _split(token: str) -> list[str] | None:
    """``token`` as two or more known pieces (longest first part first), or None. A first part
    may end in the linking "s" or "e" of Danish compounds (fastholdelses-, syge-)."""
    for i in range(len(token) - MIN_PART, MIN_PART - 1, -1):
        head, tail = token[:i], token[i:]
        if _known(head):
            first = head
        elif head[-1] in "se" and _known(head[:-1]):
            first = head[:-1]
        else:
            continue
        if _known(tail):
            return [first, tail]
        rest = _split(tail)
        if rest:
            return [first, *rest]
    return None


@lru_cache(maxsize=65536)
def compound_parts(token: str) -> tuple[str, ...]:
    """The stems of the parts of a compound (``fuldtidsvejledere`` → fuldtid, vejled), or ()
    for a word that is no compound of known words or is itself a listed word."""
    if len(token) < 2 * MIN_PART or search_stem(token) in LEXICON:
        return ()
    pieces = _split(token)
    if not pieces:
        return ()
    return tuple(dict.fromkeys(search_stem(p) for p in pieces))


@dataclass(frozen=True)
class AnalysedText:
    """A case's text as the index stores it: per column the stems in order (stop words left
    out), and the parts of its compounds."""

    title: list[str]
    summary: list[str]
    body: list[str]
    parts: list[str]

    def columns(self) -> dict[str, str]:
        return {c: " ".join(getattr(self, c)) for c in COLUMNS}

    def tsvector(self) -> str:
        """PostgreSQL's tsvector literal of the same tokens at the same positions, each column
        with its weight; a gap of one position between columns keeps phrases inside one."""
        positions: dict[str, list[str]] = {}
        pos = 0
        for column in COLUMNS:
            weight = WEIGHTS[column]
            for token in getattr(self, column):
                pos += 1
                if pos > 16383:  # PostgreSQL's highest position
                    break
                seen = positions.setdefault(token, [])
                if len(seen) < 255:  # PostgreSQL keeps at most 256 positions a lexeme
                    seen.append(f"{pos}{weight}")
            pos += 1
        return " ".join(f"'{t}':{','.join(p)}" for t, p in sorted(positions.items()))


def analyse_text(title: str, summary: str, body: str) -> AnalysedText:
    columns = {}
    parts: list[str] = []
    for name, text in (("title", title), ("summary", summary), ("body", body)):
        stems_ = []
        for token in tokens(text):
            if token in STOP_WORDS:
                continue
            stems_.append(search_stem(token))
            parts.extend(compound_parts(token))
        columns[name] = stems_
    return AnalysedText(parts=list(dict.fromkeys(parts)), **columns)


# --- The query language ----------------------------------------------------------------------
# words (all must match), "a phrase", a OR b, -word / -"phrase" (must not match), prefix*.


@dataclass(frozen=True)
class Word:
    """A word: its stem anywhere, or (for a compound) all of its parts."""

    stem: str
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    """Stems next to each other in the title, summary or body (quoted: no compound parts)."""

    stems: tuple[str, ...]


@dataclass(frozen=True)
class Prefix:
    text: str


Term = Word | Phrase | Prefix


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Term, ...], ...]  # all groups must match; one term of each group
    excluded: tuple[Term, ...]
    words: tuple[str, ...]  # the folded words typed (for suggestions)

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    def highlight_keys(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(stems, prefixes) a shown word is marked for."""
        stems_: set[str] = set()
        prefixes: list[str] = []
        for group in self.groups:
            for term in group:
                if isinstance(term, Word):
                    stems_.add(term.stem)
                    stems_.update(term.parts)
                elif isinstance(term, Phrase):
                    stems_.update(term.stems)
                else:
                    prefixes.append(term.text)
        return frozenset(stems_), tuple(prefixes)


_QUERY_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
MIN_PREFIX = 2


def _word_term(raw: str) -> Term | None:
    """One unquoted word of a query: ``SOSU-elever`` (several tokens) is the joined word or all
    its pieces; ``praktik*`` a prefix."""
    prefix = raw.endswith("*")
    toks = tokens(raw)
    if not toks:
        return None
    if prefix:
        text = "".join(toks)
        s = search_stem(text)
        if text.startswith(s) and len(s) >= MIN_PREFIX:
            text = s  # "ledelse*" looks for stems starting "ledelse" → stem "ledelse"…
        return Prefix(text) if len(text) >= MIN_PREFIX else None
    meaningful = [t for t in toks if t not in STOP_WORDS]
    if not meaningful:
        return None
    if len(meaningful) > 1:  # hyphenated: the joined word, or all the pieces
        joined = "".join(meaningful)
        return Word(search_stem(joined), tuple(dict.fromkeys(search_stem(t) for t in meaningful)))
    token = meaningful[0]
    return Word(search_stem(token), compound_parts(token))


def parse_query(query: str) -> ParsedQuery:
    """The case bank's query language, parsed once for both databases."""
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    typed: list[str] = []
    join_next = False
    for m in _QUERY_TOKEN.finditer(query or ""):
        negative, quoted, raw = m.group(1), m.group(2), m.group(3)
        if raw == "OR":
            join_next = bool(groups)
            continue
        if quoted is not None:
            stems_ = tuple(search_stem(t) for t in tokens(quoted) if t not in STOP_WORDS)
            term: Term | None = Phrase(stems_) if stems_ else None
        else:
            if raw.startswith("-") and len(raw) > 1:
                negative, raw = "-", raw[1:]
            term = _word_term(raw)
            if term is not None and not isinstance(term, Prefix):
                typed.extend(t for t in tokens(raw) if t not in STOP_WORDS)
        if term is None:
            continue
        if negative:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return ParsedQuery(
        groups=tuple(tuple(dict.fromkeys(g)) for g in groups),
        excluded=tuple(dict.fromkeys(excluded)),
        words=tuple(dict.fromkeys(typed)),
    )


def _fts5_term(term: Term) -> str:
    if isinstance(term, Prefix):
        return f'"{term.text}"*'
    if isinstance(term, Phrase):
        return "{" + " ".join(TEXT_COLUMNS) + '} : "' + " ".join(term.stems) + '"'
    if term.parts:
        return f'("{term.stem}" OR (' + " AND ".join(f'"{p}"' for p in term.parts) + "))"
    return f'"{term.stem}"'


def _tsquery_term(term: Term) -> str:
    if isinstance(term, Prefix):
        return f"'{term.text}':*"
    if isinstance(term, Phrase):
        weights = "".join(WEIGHTS[c] for c in TEXT_COLUMNS)
        return "(" + " <-> ".join(f"'{s}':{weights}" for s in term.stems) + ")"
    if term.parts:
        return f"('{term.stem}' | (" + " & ".join(f"'{p}'" for p in term.parts) + "))"
    return f"'{term.stem}'"


def _combine(groups, term_fn, and_, or_) -> str:
    out = []
    for group in groups:
        alternatives = [term_fn(t) for t in group]
        out.append(
            alternatives[0] if len(alternatives) == 1 else "(" + or_.join(alternatives) + ")"
        )
    return and_.join(out)


def fts5_match(groups) -> str:
    """An FTS5 MATCH expression for ``groups`` (all must match; one term of each)."""
    return _combine(groups, _fts5_term, " AND ", " OR ")


def tsquery(groups) -> str:
    """The same as a PostgreSQL tsquery literal."""
    return _combine(groups, _tsquery_term, " & ", " | ")


@lru_cache(maxsize=65536)
def word_keys(word: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A shown word as the highlighting sees it: for each of its folded tokens that is no stop
    word, (its stem, the stems of its compound parts). Kept per word across searches: the same
    words come back in every result list."""
    return tuple((search_stem(t), compound_parts(t)) for t in tokens(word) if t not in STOP_WORDS)


def marks(word: str, stems_: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """Whether a shown word is a hit of the query's positive terms (its stem, a prefix of it or
    one of its compound parts)."""
    for s, parts in word_keys(word):
        if s in stems_ or any(s.startswith(p) for p in prefixes):
            return True
        if any(p in stems_ for p in parts):
            return True
    return False


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau–Levenshtein distance (adjacent swaps count one), capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[-1], limit)


def closest_word(word: str, candidates) -> str | None:
    """The candidate nearest to ``word`` (at most two edits; one for short words), ties by
    alphabet, or None."""
    limit = 1 if len(word) <= 4 else 2
    best = None
    for c in candidates:
        if c == word:
            return None
        d = edit_distance(word, c, limit + 1)
        if d <= limit and (best is None or (d, c) < best):
            best = (d, c)
    return best[1] if best else None
