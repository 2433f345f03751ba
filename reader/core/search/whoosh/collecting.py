"""The collectors of a Whoosh search: those Searcher.search() builds, with a
cancel check, in one pass, and a terms collector that records only what
snippets need.

One pass: Whoosh's top-N collector skips blocks that cannot reach the N best
and then, to count the matches, runs the query again from the start (for a
phrase, every candidate's positions twice); scoring every match once and
counting it as it goes was as fast or faster for every kind of query of the
benchmark at 5,000 and 12,000 articles, common words included, and its
count is exact (Whoosh's pruning miscounted `bank* -rate*`).

Whoosh's TermsCollector asks every term matcher of the query, for every
matching document, whether it matches there: with a widened wildcard that is
dozens of matchers times thousands of documents, most of a search's time.
Snippets only need the terms of the hits, so the terms of a document are
recorded when it enters the best ones so far (a hit is always recorded, with
the same terms as before; a document pushed out later costs nothing more).
"""

from __future__ import annotations

from whoosh import collectors

from reader.core.search.budget import Cancel, check

CHECK_EVERY = 256  # matched documents between two cancel checks


class _Checked:
    cancel: Cancel | None = None

    def set_subsearcher(self, subsearcher, offset):
        check(self.cancel)
        super().set_subsearcher(subsearcher, offset)

    def matches(self):
        return _checked(super().matches(), self.cancel)

    def all_ids(self):  # the counting pass after a search that skipped blocks
        return _checked(super().all_ids(), self.cancel)


class _Top(_Checked, collectors.TopCollector):
    pass


class _Unlimited(_Checked, collectors.UnlimitedCollector):
    pass


class _HitTerms(collectors.TermsCollector):
    """A TermsCollector over a _Top that records a document's terms only
    when the document joins the best so far."""

    def collect(self, sub_docnum):
        items = self.child.items
        size, lowest = len(items), items[0] if items else None
        collectors.WrappingCollector.collect(self, sub_docnum)
        if len(items) == size and (items[0] if items else None) is lowest:
            return  # not among the best so far: its terms are never shown
        global_docnum = self.child.offset + sub_docnum
        for tm in self.termmatchers:
            if tm.is_active() and tm.id() == sub_docnum:
                term = tm.term()
                self.termdocs[term].append(global_docnum)
                self.docterms[global_docnum].append(term)


def _checked(docnums, cancel: Cancel | None):
    if cancel is None:
        yield from docnums
        return
    for n, docnum in enumerate(docnums):
        if n % CHECK_EVERY == CHECK_EVERY - 1:
            check(cancel)
        yield docnum


def collector(searcher, limit: int | None, terms: bool, cancel: Cancel | None, filter=None, mask=None):
    """The collector Searcher.search(limit=, terms=, filter=, mask=) builds,
    with the cancel check."""
    if not limit or limit >= searcher.doc_count():
        c = _Unlimited()
        c.cancel = cancel
        if terms:
            c = collectors.TermsCollector(c)
    else:
        c = _Top(limit, usequality=False, replace=0)
        c.cancel = cancel
        if terms:
            c = _HitTerms(c)
    if filter is not None or mask is not None:
        c = collectors.FilterCollector(c, filter, mask)
    return c
