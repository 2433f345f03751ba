"""A query tree of the one query language to a Tantivy query.

The tree comes from the one parser (reader.core.search.parser) over a schema
that does not stem: the terms arrive lowercased, as the reader typed them,
and the translation lets Tantivy analyse (stem) them its own way. Whoosh's
own StemmingAnalyzer also drops stop words and one-letter words from plain
terms; the translation does the same, so that "the election" means the same
thing in both engines. Inside a phrase stop words are kept (the Tantivy index
keeps them), so a phrase matches exactly as written.

Besides the Tantivy query, a translation keeps what highlighting needs
(reader.core.search.tantivy.translation).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone

import tantivy
from whoosh import query as wq

from reader.core.search.errors import QueryError, one_line
from reader.core.search.fields import DATE_FIELDS, FIELD_BOOSTS, PLAIN_FIELDS, RAW_FIELDS, STEMMED_FIELDS
from reader.core.search.parser import DATE_HELP, nothing_to_search
from reader.core.search.tantivy.analysis import TOKEN
from reader.core.search.tantivy.feed import clamp_date
from reader.core.search.tantivy.translation import Leaf, Translation, fuzzy_candidates, is_stop_word
from reader.core.search.tantivy.wildcards import Pattern, prefix_regex, without_stop_words
from reader.core.search.tantivy.wildcards import escape as _regex_escape
from reader.core.search.tantivy.wildcards import plain_regex as _wildcard_regex

MAX_FUZZY = 2  # Tantivy's Levenshtein automata go up to two edits
# A date beyond what Tantivy holds is written as the nearest one it holds (feed.clamp_date), and a
# range's bound beyond is brought in to it, so date:<3000 and date:[0001 to 9999] search every
# date, and date:<1600 finds an article dated 1500 (and one of 1650).

# The fields' Tantivy tokenizers (tantivy.engine.make_schema): "en_stem" for
# STEMMED_FIELDS, "default" for PLAIN_FIELDS, "raw" for RAW_FIELDS.
Analyse = Callable[[str, str], list[str]]  # (field, text) -> analysed words
Stem = Callable[[str], str]  # one word, as a whole -> its stem


class Translator:
    """A Whoosh query tree to a Tantivy query over `schema`.

    analyse(field, text): the analysed words of text in a field, as the index
    analyses them; stem(word): one word stemmed whole (for wildcard text)."""

    def __init__(self, schema, analyse: Analyse, stem: Stem, native: Callable[[str], object] | None = None):
        self.schema = schema
        self.analyse = analyse
        self.stem = stem
        self.native = native  # Tantivy's own query parser, for what only it can build
        self._exists: Callable[[str, str], bool] | None = None

    def translate(self, tree: wq.Query, text: str = "", exists: Callable[[str, str], bool] | None = None) -> Translation:
        """exists(field, word): whether the index holds a word; with it, fuzzy
        terms are expanded to the words the index holds (and the translation
        is good only for the index as it is: Translation.index_dependent)."""
        out = Translation(query=None)
        self._exists = exists
        q = self._node(tree, out, negated=False)
        if q is None:
            raise QueryError(nothing_to_search(text or str(tree)))
        if isinstance(q, _Negated):
            q = _all_but(q.query)
        out.query = q
        return out

    # Each method returns a tantivy.Query, a _Negated wrapper, or None when the
    # node matches nothing worth searching for (a stop word, say).
    def _node(self, node: wq.Query, out: Translation, negated: bool):
        q = self._dispatch(node, out, negated)
        boost = getattr(node, "boost", 1.0)
        if q is not None and not isinstance(q, _Negated) and boost not in (None, 1, 1.0):
            q = tantivy.Query.boost_query(q, float(boost))
        return q

    def _dispatch(self, node, out, negated):
        if isinstance(node, type(wq.NullQuery)):
            return None
        if isinstance(node, wq.Not):
            inner = self._node(node.query, out, not negated)
            return None if inner is None else _Negated(_plain(inner))
        if isinstance(node, wq.AndNot):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.MustNot, node.b)], out, negated)
        if isinstance(node, wq.AndMaybe):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.Should, node.b)], out, negated)
        if isinstance(node, wq.Require):
            return self._boolean([(tantivy.Occur.Must, node.a), (tantivy.Occur.Must, node.b)], out, negated)
        if isinstance(node, wq.DisjunctionMax):
            parts = [self._node(c, out, negated) for c in node.subqueries]
            parts = [_plain(p) for p in parts if p is not None]
            if not parts:
                return None
            return tantivy.Query.disjunction_max_query(parts, float(getattr(node, "tiebreak", 0.0) or 0.0))
        if isinstance(node, wq.And):
            return self._boolean([(tantivy.Occur.Must, c) for c in node.subqueries], out, negated)
        if isinstance(node, wq.Or):
            return self._boolean([(tantivy.Occur.Should, c) for c in node.subqueries], out, negated)
        if isinstance(node, wq.Every):
            return tantivy.Query.all_query()
        if isinstance(node, wq.DateRange):
            return self._date_range(node)
        if isinstance(node, wq.TermRange):
            return self._term_range(node, out, negated)
        if isinstance(node, wq.NumericRange):
            raise QueryError(f"{node.fieldname}: is not a number or date field, so it takes no range")
        if isinstance(node, wq.Phrase):
            return self._phrase(node, out, negated)
        if isinstance(node, wq.FuzzyTerm):
            return self._fuzzy(node, out, negated)
        if isinstance(node, wq.Prefix):
            return self._pattern(node.fieldname, prefix_regex(node.fieldname, node.text), node.text, out, negated)
        if isinstance(node, wq.Wildcard):
            return self._wildcard(node, out, negated)
        if isinstance(node, wq.Term):
            return self._term(node, out, negated)
        raise QueryError(f"the tantivy engine cannot search with this part of the query: {node}")

    def _boolean(self, clauses, out, negated):
        parts = []
        for occur, child in clauses:
            child_negated = negated if occur != tantivy.Occur.MustNot else not negated
            q = self._node(child, out, child_negated)
            if q is None:
                continue
            if isinstance(q, _Negated):
                if occur == tantivy.Occur.Should:
                    parts.append((occur, _all_but(q.query)))
                elif occur == tantivy.Occur.Must:
                    parts.append((tantivy.Occur.MustNot, q.query))
                else:  # a double negation
                    parts.append((tantivy.Occur.Must, q.query))
            else:
                parts.append((occur, q))
        if not parts:
            return None
        if all(o == tantivy.Occur.MustNot for o, _ in parts):
            return _Negated(tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for _, q in parts]))
        if len(parts) == 1 and parts[0][0] != tantivy.Occur.MustNot:
            return parts[0][1]
        return tantivy.Query.boolean_query(parts)

    def _leaf_query(self, fieldname: str, q):
        boost = FIELD_BOOSTS.get(fieldname)
        return tantivy.Query.boost_query(q, boost) if boost else q

    def _words(self, fieldname: str, text: str) -> list[str]:
        if fieldname in RAW_FIELDS:
            return [text] if text else []
        if fieldname in STEMMED_FIELDS or fieldname in PLAIN_FIELDS:
            return self.analyse(fieldname, text)
        raise QueryError(f"{fieldname}: cannot be searched as text")

    def _note_words(self, fieldname, words, out, negated):
        for w in words:
            if negated:
                out.negated.add((fieldname, w))
            else:
                out.leaves.append(Leaf(fieldname, "word", w))

    def _term(self, node: wq.Term, out, negated):
        fieldname, text = node.fieldname, str(node.text)
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        if fieldname in STEMMED_FIELDS and is_stop_word(text):
            return None
        words = self._words(fieldname, text)
        if not words:
            return None
        self._note_words(fieldname, words, out, negated)
        if len(words) == 1:
            q = tantivy.Query.term_query(self.schema, fieldname, words[0])
        else:  # "u.s" is one word to Whoosh and two to Tantivy: keep them together
            q = tantivy.Query.phrase_query(self.schema, fieldname, words)
        return self._leaf_query(fieldname, q)

    def _phrase(self, node: wq.Phrase, out, negated):
        fieldname = node.fieldname
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {' '.join(node.words)!r} ({DATE_HELP})")
        words: list[str] = []
        for w in node.words:
            words.extend(self._words(fieldname, str(w)))
        if not words:
            return None
        out.phrase_lengths.append(len(words))
        self._note_words(fieldname, words, out, negated)
        if len(words) == 1:
            q = tantivy.Query.term_query(self.schema, fieldname, words[0])
        else:
            # Whoosh's slop 1 is "next to each other"; Tantivy's is 0.
            slop = max(0, int(node.slop or 1) - 1)
            q = tantivy.Query.phrase_query(self.schema, fieldname, words, slop=slop)
        return self._leaf_query(fieldname, q)

    def _fuzzy(self, node: wq.FuzzyTerm, out, negated):
        fieldname, text = node.fieldname, str(node.text)
        maxdist, prefixlength = int(node.maxdist), int(node.prefixlength or 0)
        if maxdist > MAX_FUZZY:
            raise QueryError(f"fuzzy terms allow at most {MAX_FUZZY} edits here: write {text}~1 or {text}~2")
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        words = self._words(fieldname, text)
        if not words:
            return None
        parts = []
        for w in words:
            if maxdist == 0:
                self._note_words(fieldname, [w], out, negated)
                parts.append((tantivy.Occur.Must, tantivy.Query.term_query(self.schema, fieldname, w)))
                continue
            # Whoosh scores a fuzzy term as the OR of the words it expands to
            # (BM25 of each); Tantivy's FuzzyTermQuery gives every match the
            # same score. So the words one edit away are searched as words
            # (a word the index lacks costs a dictionary lookup), and only
            # the second edit, if asked for, is left to the automaton.
            near = sorted(fuzzy_candidates(w, 1, prefixlength))
            expanded = None
            if self._exists is not None:
                near = [c for c in near if self._exists(fieldname, c)]
                expanded = frozenset(near)
                near = near or [w]
                out.index_dependent = True
            q = tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(self.schema, fieldname, c)) for c in near]
            )
            if maxdist > 1:
                far = tantivy.Query.fuzzy_term_query(
                    self.schema, fieldname, w, distance=maxdist, transposition_cost_one=True
                )
                if prefixlength:
                    prefix = tantivy.Query.regex_query(self.schema, fieldname, _regex_escape(w[:prefixlength]) + ".*")
                    far = tantivy.Query.boolean_query([(tantivy.Occur.Must, far), (tantivy.Occur.Must, prefix)])
                far = tantivy.Query.const_score_query(far, 1.0)
                q = tantivy.Query.boolean_query([(tantivy.Occur.Should, q), (tantivy.Occur.Should, far)])
            if not negated:
                out.leaves.append(
                    Leaf(
                        fieldname, "fuzzy", w, maxdist=maxdist, prefixlength=prefixlength,
                        expanded=expanded if maxdist == 1 else None,
                    )
                )
            parts.append((tantivy.Occur.Must, q))
        q = parts[0][1] if len(parts) == 1 else tantivy.Query.boolean_query(parts)
        return self._leaf_query(fieldname, q)

    def _wildcard(self, node: wq.Wildcard, out, negated):
        text = str(node.text)
        stemmed_field = node.fieldname in STEMMED_FIELDS
        # In a stemmed field, no stop word and no one-letter word (a?d is not *and*): the
        # index keeps them for phrases, Whoosh's and PostgreSQL's words hold none (wildcards.py).
        form = without_stop_words if stemmed_field else (lambda t: Pattern(_wildcard_regex(t)))
        forms = [form(text)]
        if stemmed_field and text[-1:] not in ("*", "?"):
            # Whoosh stems the text of a wildcard (elect?ons -> elect?on);
            # match either form.
            stemmed = self.stem(text)
            if stemmed and stemmed != text:
                forms.append(form(stemmed))
        forms = [f for f in forms if f is not None]
        if not forms:  # it stands for stop words alone
            return None
        if len(forms) > 1 and all(not f.branches for f in forms):
            forms = [Pattern(f"(?:{'|'.join(str(f) for f in forms)})")]
        regex = str(forms[0]) if len(forms) == 1 else f"(?:{'|'.join(str(f) for f in forms)})"
        return self._pattern(node.fieldname, regex, text, out, negated, forms)

    def _pattern(self, fieldname: str, regex: str, text: str, out, negated, forms: list[Pattern] | None = None):
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date: {text!r} ({DATE_HELP})")
        if fieldname not in RAW_FIELDS + STEMMED_FIELDS + PLAIN_FIELDS:
            raise QueryError(f"{fieldname}: cannot be searched with a wildcard")
        if not negated:
            literal = re.match(r"[^*?]*", text).group(0)
            out.leaves.append(Leaf(fieldname, "pattern", text, pattern=re.compile(regex), literal_prefix=literal))
        try:
            parts = [q for f in forms or [Pattern(regex)]
                     for q in f.queries(lambda r: tantivy.Query.regex_query(self.schema, fieldname, r))]
        except ValueError as exc:
            raise QueryError(f"cannot search for the pattern {text!r}: {one_line(exc)}") from exc
        q = parts[0]
        if len(parts) > 1:  # parts match words apart: one score a match, as one regex_query gives
            q = tantivy.Query.const_score_query(
                tantivy.Query.boolean_query([(tantivy.Occur.Should, p) for p in parts]), 1.0)
        return self._leaf_query(fieldname, q)

    def _term_range(self, node: wq.TermRange, out, negated):
        fieldname = node.fieldname
        if fieldname in DATE_FIELDS:
            raise QueryError(f"not a date range: {node} ({DATE_HELP})")
        bounds = []
        for value in (node.start, node.end):
            if value is None:
                bounds.append("*")
                continue
            value = str(value).lower()
            if not TOKEN.fullmatch(value) or self.native is None:
                raise QueryError(
                    f"a range of words takes single words as bounds here ({fieldname}:[alpha to beta]); "
                    "dates are written date:[2024-01 to 2024-06]"
                )
            words = self._words(fieldname, value) if fieldname not in RAW_FIELDS else [value]
            if len(words) != 1:
                raise QueryError(f"not a word to bound a range with: {value!r}")
            bounds.append(words[0])
        if bounds == ["*", "*"]:
            return tantivy.Query.all_query()
        opening = "{" if node.startexcl and node.start is not None else "["
        closing = "}" if node.endexcl and node.end is not None else "]"
        try:
            q = self.native(f"{fieldname}:{opening}{bounds[0]} TO {bounds[1]}{closing}")
        except ValueError as exc:
            raise QueryError(f"cannot search for the range {node}: {one_line(exc)}") from exc
        return self._leaf_query(fieldname, q)

    def _date_range(self, node: wq.DateRange):
        if node.fieldname not in DATE_FIELDS:
            raise QueryError(f"{node.fieldname}: is not a date field")
        start, end = _utc(node.startdate), _utc(node.enddate)
        if start is None and end is None:
            return tantivy.Query.exists_query(node.fieldname)
        # A bound beyond what Tantivy holds is brought in to the nearest date
        # it does, where the dates beyond were written (clamp_date).
        start = clamp_date(start) if start is not None else None
        end = clamp_date(end) if end is not None else None
        return tantivy.Query.range_query(
            self.schema,
            node.fieldname,
            tantivy.FieldType.Date,
            start,
            end,
            include_lower=start is None or not node.startexcl,
            include_upper=end is None or not node.endexcl,
        )


@dataclass(frozen=True)
class _Negated:
    """A query whose documents are to be left out (a NOT)."""

    query: object


def _plain(q):
    return _all_but(q.query) if isinstance(q, _Negated) else q


def _all_but(q):
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, tantivy.Query.all_query()), (tantivy.Occur.MustNot, q)])


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    # Whoosh's dates are naive UTC (the index stores UTC).
    return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)

