"""The case bank's search index on both databases, written from one analysis
(calc.textsearch.analyse_text): SQLite's FTS5 table ``casebank_case_fts`` (columns title,
summary, body, parts; rowid = the case's id) and PostgreSQL's stored, weighted tsvector
``casebank_case.search_vector`` (title A, summary B, body C, compound parts D) with a GIN index.
Both hold the same tokens at the same positions, so a query finds the same cases on both.

The vocabulary ``casebank_searchword`` (every folded word once) feeds "Mente du …?".

Plain SQL over plain rows, so the migration that builds the index for existing cases uses the
very same code as the services."""

from __future__ import annotations

from collections.abc import Iterable

from indsats.calc.textsearch import STOP_WORDS, analyse_text, tokens

FTS_TABLE = "casebank_case_fts"
GIN_INDEX = "casebank_case_search_vector_gin"
WORD_TABLE = "casebank_searchword"
MAX_WORD = 60


def create_index(connection) -> None:
    """The engine's own index structure (run by the migration)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
                "title, summary, body, parts, "
                "tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3')"
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON casebank_case USING gin (search_vector)"
            )


def drop_index(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")
        elif connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")


def body_text(*, municipality="", problem="", core="", effects="", tag_names=()) -> str:
    """What the index counts as a case's body (weight C)."""
    return "\n".join(p for p in (municipality, problem, core, effects, *tag_names) if p)


def index_rows(connection, rows: Iterable[tuple[int, str, str, str]]) -> None:
    """(Re)index cases given as (id, title, summary, body) rows, and add their words to the
    vocabulary. A handful of statements for any number of rows."""
    rows = list(rows)
    if not rows:
        return
    analysed = [(pk, analyse_text(title, summary, body)) for pk, title, summary, body in rows]
    words = vocabulary(text for row in rows for text in row[1:])
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.executemany(
                f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(pk,) for pk, _a in analysed]
            )
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, parts) "
                "VALUES (%s, %s, %s, %s, %s)",
                [
                    (pk, *(a.columns()[c] for c in ("title", "summary", "body", "parts")))
                    for pk, a in analysed
                ],
            )
        else:
            cursor.executemany(
                "UPDATE casebank_case SET search_vector = %s::tsvector WHERE id = %s",
                [(a.tsvector(), pk) for pk, a in analysed],
            )
    add_words(connection, words)


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The folded words of ``texts`` worth suggesting (letters only, 3 letters or more)."""
    out = set()
    for text in texts:
        for token in tokens(text):
            if 3 <= len(token) <= MAX_WORD and token.isalpha() and token not in STOP_WORDS:
                out.add(token)
    return out


def add_words(connection, words: Iterable[str]) -> None:
    rows = sorted((w, w[0], len(w)) for w in words)
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {WORD_TABLE} (word, head, length) VALUES (%s, %s, %s) "
            "ON CONFLICT (word) DO NOTHING",
            rows,
        )


def remove_rows(connection, ids: Iterable[int]) -> None:
    ids = list(ids)
    if ids and connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(i,) for i in ids])
