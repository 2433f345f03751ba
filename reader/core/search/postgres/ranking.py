"""How a translated query is ranked and counted: the SQL of one search.

ts_rank_cd reads the whole tsvector of every article it ranks, detoasted
(a body of thousands of words), so ranking every article a query matches
costs about a millisecond per hundred matches: seconds for a widened fuzzy
term over 40,000 articles. Two ways round it, by the index the server has:

- RUM (the `rum` extension, used when the server has it): the index holds
  each word's positions, so `ORDER BY words <=> query LIMIT n` reads the
  best candidates from the index without touching the rows; the RUM_POOL best
  are then ranked exactly with ts_rank_cd, as on GIN, and the total is
  counted apart (a bitmap scan of the index) only when the pool is full
  (else the pool is every match): when the frequencies say it will be, as a
  statement of its own that the engine runs beside the search, on a second
  connection in the search's snapshot (select's apart; Server.read_counted), or, for one word, read
  from the vocabulary's exact document frequency in that snapshot (totals.py). An OR of single words is read word by
  word (_either). When the vocabulary's document frequencies say that
  every match fits in the pool (select's bound), none of this: every match
  is read from the index's bitmap and ranked as on GIN below: a query of
  many words in GIN's two steps, whose second then holds every match
  (unless the frequencies are low, kept from before another process's
  write; ts_rank's best are then ranked exactly) (RUM's ordered scan costs
  more for each article it returns than the bitmap and ts_rank_cd together).
  A phrase is looked for in the bitmap first (_phrase). RUM's score is a cover
  density without ts_rank_cd's length normalisation, so it favours long
  articles: over the bench's query mix at 100,000 articles a pool of 300
  holds 95.6% of the exact top ten (60 held 78%), at about the same time.
- GIN (any server): every match is ranked; a query of many words (a
  widened fuzzy term, a wildcard) ranks all its matches with ts_rank, the
  cheaper score, and only the best of those with ts_rank_cd (POOL, or 3
  per hit asked when that is more).
"""

from __future__ import annotations

import re

# ts_rank_cd's weights for D, C, B, A: a word of the title (A) counts ten times one of the body (D).
RANK = "ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', d.words, %s::tsquery, 1)"
PRE_RANK = "ts_rank('{0.1, 0.2, 0.4, 1.0}', d.words, %s::tsquery, 1)"
TWO_PHASE_WORDS = 6  # on GIN, a query of more words is ranked in two steps
POOL = 400  # on GIN, the articles ts_rank_cd ranks exactly after ts_rank
RUM_POOL = 300  # on RUM, the candidates read from the index and ranked exactly (at least; 3 per hit asked)
ORDER = " ORDER BY score DESC, d.published DESC NULLS LAST, d.id"


_LEXEME = r"'(?:[^']|'')+'(?::[*A-D]+)?"
PHRASE = re.compile(r"<(?:-|\d+)>")  # a tsquery's phrase operator: <-> or <N>
_WORD = re.compile(r"'((?:[^']|'')+)'(:[*A-D]+)?")
_ONE_OF = re.compile(rf"\(?({_LEXEME})\)?")
_EITHER = re.compile(rf"(?:\(?{_LEXEME}\)? \| )+\(?{_LEXEME}\)?")
WORDS = "d.words @@ %s::tsquery"  # how the translation writes a query of the words column alone


def lexemes(tsquery: str) -> int:
    return tsquery.count("'") // 2


def alternatives(where: str, params) -> list[str] | None:
    """The words of a query that is an OR of single words of the words column
    and nothing else (a widened fuzzy term, a wildcard, `a OR b`); else None."""
    if where != WORDS or len(params) != 1 or not _EITHER.fullmatch(params[0]):
        return None
    return _ONE_OF.findall(params[0])


def select(docs: str, cond: str, params: list, rank: str, limit: int | None, hits: bool,
           rum: bool, parts: tuple[str, list, str, list] | None = None, bound: int | None = None,
           df: dict[str, int] | None = None, count_by: tuple[str, str] | None = None,
           apart: bool = False) -> tuple[str, list, tuple[str, list] | None]:
    """(SQL, arguments, count) of rows (id[, title, source, url, published, total], score), best first:
    rank is the tsquery to rank by ("" : unranked, newest first); cond and params are the
    conditions, parts the same cut in two: the query's and the others' (filters, exclusions);
    bound, at least as many articles as the query matches (None: not known), from the
    vocabulary's document frequencies (bound_words), and df those frequencies by word: they
    only choose the plan (and how many candidates each word of an OR gives, _either); count_by,
    for a query of labels and words (labels_and_words) whose labels match more articles than
    its words: the two tsqueries, to count a full pool from the words' bitmap alone. count is
    None, or with apart, on RUM, when the frequencies say the pool will be full: (SQL,
    arguments) of the total (one row, one count) for the caller to run beside the search, on
    another connection in the same snapshot, the rows' total then NULL (the count of a full
    pool's matches takes about as long as the rest of the search: on 2 cores the two overlap)."""
    columns = "d.id, d.title, d.source, d.url, d.published" if hits else "d.id"
    cut = f" LIMIT {max(1, int(limit))}" if limit is not None else ""
    pool = max(RUM_POOL, 3 * int(limit or 0))
    if rank and limit is not None and rum and bound is not None and bound <= pool:
        rum = False  # every match fits in the pool: all of them ranked from the index's bitmap, no ordered scan
    words = alternatives(parts[0], parts[1]) if parts is not None else None
    if rank and limit is not None and rum and words and len(words) > 1:
        return _either(docs, words, (parts[2], parts[3]), rank, limit, hits, df or {}, apart)
    if rank and limit is not None and rum and hits and PHRASE.search(rank):
        return (*_phrase(docs, cond, params, rank, pool, columns, cut), None)
    if rank and limit is not None and rum:
        # The total is the pool's size when the pool is not full (every match is in it), and is
        # counted apart only when it is full: the CASE runs that second scan only then.
        counted, counted_params = f"(SELECT count(*) FROM {docs} d WHERE {cond})", params
        if count_by is not None and parts is not None:
            # The labels' GIN bitmap ANDed with the words' one: the labels' weights (source:, byline:)
            # make every row of the intersection rechecked whole, the body's tsvector detoasted for
            # each (`source:reuters ahead`: 110-180 ms); the words' bitmap, the labels a filter: 35-90.
            # OFFSET 0 keeps the labels out of the scan.
            counted = (f"(SELECT count(*) FROM (SELECT d.id, d.labels FROM {docs} d WHERE d.words @@ %s::tsquery"
                       f" OFFSET 0) d WHERE d.labels @@ %s::tsquery AND ({parts[2]}))")
            counted_params = [*count_by, *parts[3]]
        # Each of the pool ranked as the ordered scan returns it (not looked up again by id).
        top = (f"WITH top AS MATERIALIZED (SELECT {columns if hits else 'd.id, d.published'}, {RANK} AS score"
               f" FROM {docs} d WHERE {cond} ORDER BY d.words <=> %s::tsquery LIMIT {pool})")
        outer = columns.replace("d.", "") if hits else "id"
        if hits and apart and bound is not None:  # more matches than the pool holds, by the frequencies
            return (f"{top} SELECT {outer}, NULL, score FROM top{ORDER.replace('d.', '')}{cut}",
                    [rank, *params, rank], (counted[1:-1], list(counted_params)))
        count = (f", CASE WHEN (SELECT count(*) FROM top) < {pool} THEN (SELECT count(*) FROM top)"
                 f" ELSE {counted} END") if hits else ""
        sql = f"{top} SELECT {outer}{count}, score FROM top{ORDER.replace('d.', '')}{cut}"
        return sql, [rank, *params, rank, *(counted_params if hits else [])], None
    if rank and limit is not None and lexemes(rank) > TWO_PHASE_WORDS:
        # at least 3 per hit asked (as RUM's pool, so that it holds every match the bound let
        # through): POOL alone cut a limit above it short (400 hits of 450 matches asked for)
        sql = (f"WITH m AS MATERIALIZED (SELECT d.id, {PRE_RANK} AS r0 FROM {docs} d WHERE {cond}),"
               f" top AS (SELECT id FROM m ORDER BY r0 DESC LIMIT {max(POOL, 3 * int(limit))})"
               f" SELECT {columns}{', (SELECT count(*) FROM m)' if hits else ''}, {RANK} AS score"
               f" FROM top JOIN {docs} d USING (id){ORDER}{cut}")
        return sql, [rank, *params, rank], None
    total = ", count(*) OVER ()" if hits else ""
    score = RANK if rank else "0.0::real"
    sql = f"SELECT {columns}{total}, {score} AS score FROM {docs} d WHERE {cond}{ORDER}{cut}"
    return sql, ([rank] if rank else []) + params, None


def _either(docs: str, words: list[str], rest: tuple[str, list], rank: str, limit: int, hits: bool,
            df: dict[str, int], apart: bool = False) -> tuple[str, list, tuple[str, list] | None]:
    """An OR of words on RUM: the index reads an OR of many words several times slower for
    each match than one word (it checks the whole query at every article), so each word's
    candidates are read apart (_shares: about its part of the pool), the pool's best of all
    by RUM's score (a lower bound for an article with several of the words) ranked exactly,
    and the total counted as one bitmap per word. The total is the union's when no word
    filled its share (every match is in it)."""
    pool = max(RUM_POOL, 3 * int(limit))
    extra, extra_params = rest
    shares = _shares(words, df, pool, limit)
    branches = [f"(SELECT {k} AS k, {n} AS n, d.id, d.words <=> %s::tsquery AS dist FROM {docs} d"
                f" WHERE d.words @@ %s::tsquery AND ({extra}) ORDER BY dist LIMIT {n})" for k, n in enumerate(shares)]
    args: list = [a for w in words for a in (w, w, *extra_params)]
    columns = "d.id, d.title, d.source, d.url, d.published"
    sql = (f"WITH c AS MATERIALIZED ({' UNION ALL '.join(branches)}),"
           f" top AS MATERIALIZED (SELECT {columns}, {RANK} AS score FROM"
           f" (SELECT id FROM c GROUP BY id ORDER BY min(dist), id LIMIT {pool}) t JOIN {docs} d USING (id))")
    args.append(rank)
    count, counted = "", None
    if hits:
        either = f"SELECT count(*) FROM {docs} d WHERE ({' OR '.join([WORDS] * len(words))}) AND ({extra})"
        if apart and any(df.get(_bare(w), 0) >= n for w, n in zip(words, shares)):  # a word fills its share
            count, counted = ", NULL", (either, [*words, *extra_params])
        else:
            count = (f", CASE WHEN NOT EXISTS (SELECT 1 FROM c GROUP BY k HAVING count(*) >= max(n))"
                     f" THEN (SELECT count(DISTINCT id) FROM c) ELSE ({either}) END")
            args += [*words, *extra_params]
    outer = "id, title, source, url, published" if hits else "id"
    return (f"{sql} SELECT {outer}{count}, score FROM top{ORDER.replace('d.', '')} LIMIT {max(1, int(limit))}",
            args, counted)


EITHER_SPREAD = 2.0  # a word of an OR gives this many times its part of the pool, by document frequency


def _shares(words: list[str], df: dict[str, int], pool: int, limit: int) -> list[int]:
    """How many candidates each word of an OR gives: its part of the pool by the vocabulary's
    document frequencies, EITHER_SPREAD times over, at least 3 per hit asked; the whole pool
    for a word whose frequency is not known (a prefix; 0: not counted yet). RUM's ordered scan
    costs about 25 µs for each article it returns: 14 words of a widened fuzzy term giving 300
    each read 1,900 for a pool of 300."""
    known = [df.get(_bare(w), 0) for w in words]
    total = sum(known)
    floor = min(pool, 3 * int(limit))
    return [pool if not n or not total else min(pool, max(floor, -(-int(EITHER_SPREAD * pool * n) // total)))
            for n in known]


def _bare(lexeme: str) -> str:
    """The word of one lexeme of a tsquery ('it''s':A -> it's); "" for a prefix."""
    m = _WORD.fullmatch(lexeme)
    if m is None or "*" in (m.group(2) or ""):
        return ""
    return m.group(1).replace("''", "'")


def bound_words(where: str, params) -> tuple[list[str], bool] | None:
    """The words of a query of the words column alone (a tsquery, as WORDS) and whether it
    holds an OR: an article it matches holds all the words, or with an OR one of them at
    least. None for any other query, and for one with a prefix (words not known here) or
    a NOT (words it need not hold)."""
    if where != WORDS or len(params) != 1:
        return None
    return words_of(params[0])


LABELS_AND_WORDS = {"(d.labels @@ %s::tsquery) AND (d.words @@ %s::tsquery)": (0, 1),
                    "(d.words @@ %s::tsquery) AND (d.labels @@ %s::tsquery)": (1, 0)}


def labels_and_words(where: str, params) -> tuple[str, str] | None:
    """(the labels' tsquery, the words') of a query of both columns and nothing else
    (`source:reuters ahead`); else None."""
    order = LABELS_AND_WORDS.get(where)
    if order is None or len(params) != 2:
        return None
    return params[order[0]], params[order[1]]


def words_of(tsquery: str) -> tuple[list[str], bool] | None:
    """The words of a tsquery and whether it holds an OR (bound_words); None with a prefix or a NOT."""
    if "!" in tsquery:
        return None
    words = []
    for word, flags in _WORD.findall(tsquery):
        if "*" in (flags or ""):
            return None
        words.append(word.replace("''", "'"))
    return (words, "|" in tsquery) if words else None


def _phrase(docs: str, cond: str, params: list, rank: str, pool: int, columns: str, cut: str) -> tuple[str, list]:
    """A phrase on RUM: most match far fewer articles than their words' frequencies say, and
    RUM's ordered scan of a phrase checks the words' positions at every article holding the
    words (twice the time of the index's bitmap, which checks them once). So the bitmap first,
    every match of it: when they fit in the pool, they are the pool, ranked exactly; else the
    ordered scan, as for a word. They are the total either way: a count apart checked every
    position again (a phrase of 1,023 matches: 5-7 ms)."""
    fits = f"((SELECT count(*) FROM m) <= {pool})"
    sql = (f"WITH m AS MATERIALIZED (SELECT d.id FROM {docs} d WHERE {cond}),"
           f" top AS MATERIALIZED ((SELECT id FROM m WHERE {fits}) UNION ALL"
           f" (SELECT d.id FROM {docs} d WHERE ({cond}) AND NOT {fits} ORDER BY d.words <=> %s::tsquery LIMIT {pool}))"
           f" SELECT {columns}, (SELECT count(*) FROM m), {RANK} AS score"
           f" FROM top JOIN {docs} d USING (id){ORDER}{cut}")
    return sql, [*params, *params, rank, rank]
