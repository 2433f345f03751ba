"""The event features of many articles at once, over the machine's cores.

A full build computes the features of every article (the pure Python
reading of headline, lead and start of body) and weighs them with the IDF
of the whole collection: work that stands alone article by article, but for
the IDF. With more than one core and enough articles, it is done by forked
worker processes that keep what they computed: each is sent its share of
the batches (the articles as they are read), computes their features and
counts their terms; the parent sums the counts (the IDF's document
frequencies) and sends them back, and each worker weighs its features and
returns only the rows' text. The features themselves never cross a pipe
(unpickling them cost the parent more than computing a third of them). The
rows are the same text, in the same order, as computed in one process (the
same functions on the same input). What waits for the IDF is only each
article's raw terms (a dict of strings and numbers, which the garbage
collector does not follow) and the text of the rest of its row, written as
soon as its features are known: neither the features' sets nor the
articles' texts are kept past their batch (Kept), which is what made a
build's collections walk hundreds of thousands of objects again and again. Fork only: a platform without fork, or a
process running other threads (the app indexes in a worker thread; a fork
copies the locks other threads hold), computes in one process.

The articles an indexing run has just stored are still in memory (the
store keeps them as written while it holds the lock: store/memo.py): the
batches made of them are taken before the workers fork, which then have
them already, and each is sent only which batch to compute (pickling the
articles to the workers and back out of the pipe cost 0.4 s of 25,000).

Used by index.py; results are plain values (the rows' text, term counts).
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
from collections import Counter, _count_elements
from collections.abc import Callable, Iterable, Iterator
from itertools import chain
from typing import NamedTuple

from reader.core.events import rows
from reader.core.events.cluster import IdfTable, Settings, article_features, weigh
from reader.core.events.features import Features
from reader.core.ingest.pool import _guard, fork_allowed
from reader.core.models import Article
from reader.core.store import memo

MIN_ARTICLES = 2000  # fewer are computed in one process: forking would cost more than it saves
MAX_WORKERS = 4


def workers(n: int) -> int:
    """Worker processes for n articles (1: compute in this process)."""
    if n < MIN_ARTICLES or not fork_allowed():  # in the app (threads): one process
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, MAX_WORKERS))


class Head(NamedTuple):
    """What the event rows keep of an article besides its features."""

    id: str
    title: str
    source: str
    published: object  # datetime | None


class Kept(NamedTuple):
    """An article's features as they wait for the IDF: its raw terms, their
    column's text and the signature's text but the vector (rows.py)."""

    terms: dict[str, float]
    terms_text: str
    rest: str


def _kept(batch: Iterable[Article], settings: Settings) -> list[Kept]:
    out = []
    for a in batch:
        f: Features = article_features(a, settings)
        out.append(Kept(f.terms, rows.encode_terms(f.terms), rows.signature_rest(f)))
    return out


def _heads(batch: Iterable[Article]) -> list[Head]:
    return [Head(a.id, a.title, a.source, a.published) for a in batch]


def _rows(kept: Iterable[Kept], idfs: IdfTable, max_terms: int) -> list[tuple[str, str]]:
    """Each article's (features, names) column text (rows.py): its raw
    terms, and its vector weighed with idfs and signature."""
    # weighed with a plain dict of the same IDFs: a dict's subscript is specialised where that of
    # IdfTable, a subclass, is not (a tenth of weighing); a term it lacks (none in a build, whose
    # counts are of these very articles) is weighed with IdfTable, which works its IDF out
    plain = dict(idfs)
    out = []
    for k in kept:
        try:
            vector = weigh(k.terms, plain, max_terms)
        except KeyError:
            vector = weigh(k.terms, idfs, max_terms)
        out.append((k.terms_text, rows.join_signature(vector, k.rest)))
    return out


def _counted(kept: Iterable[Kept], into: Counter[str]) -> None:
    # Counter's own helper over every article's terms at once (Counter.update, in Python, once an article cost more)
    _count_elements(into, chain.from_iterable(k.terms for k in kept))


class Computed:
    """The features of articles: arts (their Heads, in the order read), df
    (the articles that hold each term) and, once the IDF is known, rows().
    Kept here, or by forked workers until rows() or close()."""

    def __init__(self, arts: list[Head], df: Counter[str], feats: list[Kept] | None = None,
                 pool: list | None = None, owners: list[tuple[int, int]] | None = None):
        self.arts, self.df = arts, df
        self._feats = feats
        self._pool = pool if pool is not None else []
        self._owners = owners if owners is not None else []

    def rows(self, df: dict[str, int], n: int, max_terms: int) -> list[tuple[str, str]]:
        """The rows' text of every article, weighed with IdfTable(df, n)."""
        if self._feats is not None:
            return _rows(self._feats, IdfTable(df, n), max_terms)
        message = pickle.dumps(("rows", df, n, max_terms), protocol=pickle.HIGHEST_PROTOCOL)
        for conn, _ in self._pool:
            conn.send_bytes(message)
        parts = [iter(_answer(conn, "rows")) for conn, _ in self._pool]
        out: list[tuple[str, str]] = []
        for worker, size in self._owners:  # each batch from the worker that computed it, in order
            out += [next(parts[worker]) for _ in range(size)]
        self.close()
        return out

    def close(self) -> None:
        for conn, process in self._pool:
            conn.close()
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()
        self._pool = []

    def __enter__(self) -> Computed:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _serve(conn, settings: Settings, inherited: list, parent: int, ahead: list[list[Article] | None]) -> None:
    """A forked worker: the features of the batches it is sent, kept here
    and counted; then, given the document frequencies, their rows.
    inherited: the parent's ends of the pipes, which the fork copied here
    (open, they would keep a worker from seeing the parent close its own).
    ahead: the batches taken before the fork, which the parent names by
    their place ("ahead", k) rather than sending them.
    A parent gone (killed, failed, closed its end) ends the worker quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it closes the pipes
    _guard(parent)  # a worker outliving a kill -9 of its parent would hold the store's lock file
    for end in inherited:
        end.close()
    kept: list[Kept] = []
    df: Counter[str] = Counter()
    try:
        while True:
            try:
                kind, *args = pickle.loads(conn.recv_bytes())
            except (EOFError, OSError):  # the parent closed: it needs nothing more
                return
            if kind in ("batch", "ahead"):
                if kind == "ahead":
                    batch, ahead[args[0]] = ahead[args[0]], None
                else:
                    batch = args[0]
                feats = _kept(batch, settings)
                _counted(feats, df)
                kept += feats
                conn.send(("done", len(feats)))
            elif kind == "df":
                conn.send(("df", df))
            else:  # "rows": the last message
                idf_df, n, max_terms = args
                conn.send(("rows", _rows(kept, IdfTable(idf_df, n), max_terms)))
                return
    except (BrokenPipeError, ConnectionResetError):  # a send to a parent gone: nobody to tell
        return
    except Exception as exc:  # told to the parent, which raises it
        try:
            conn.send(("error", exc))
        except OSError:  # the parent gone
            pass
        except Exception:  # an exception that cannot be pickled
            try:
                conn.send(("error", RuntimeError(repr(exc))))
            except OSError:
                pass
    finally:
        conn.close()


def _ahead(batches: Iterator[list[Article]]) -> tuple[list[list[Article]], list[list[Article]]]:
    """The batches at the head of batches whose articles are all ones a store keeps in memory (so
    taken now at no cost in memory), and the next batch read after them, if any ([] or [it])."""
    ahead: list[list[Article]] = []
    for batch in batches:
        if not all(map(memo.kept, batch)):
            return ahead, [batch]
        ahead.append(batch)
    return ahead, []


def _answer(conn, want: str | None = None):
    kind, value = conn.recv()
    if kind == "error":
        raise value
    if want is not None and kind != want:
        raise RuntimeError(f"an events worker answered {kind}, not {want}")
    return value


def features(batches: Iterable[list[Article]], total: int, settings: Settings,
             progress: Callable[[int, int], None] | None = None) -> Computed:
    """The articles of batches (read as they are asked for, in this
    process: a store's connection stays here) and their features. With
    workers, the next batch is read while they compute."""
    n_workers = workers(total)
    if n_workers == 1:
        arts: list[Head] = []
        feats: list[Kept] = []
        for batch in batches:
            arts += _heads(batch)
            feats += _kept(batch, settings)
            if progress:
                progress(len(feats), total)
        df: Counter[str] = Counter()
        _counted(feats, df)
        return Computed(arts, df, feats=feats)
    context = multiprocessing.get_context("fork")
    pool = []
    computed = Computed([], Counter(), pool=pool)
    batches = iter(batches)
    ahead, first = _ahead(batches)
    try:
        for _ in range(n_workers):
            conn, child = context.Pipe()
            process = context.Process(target=_serve, args=(child, settings, [conn, *(c for c, _ in pool)], os.getpid(),
                                                           ahead), daemon=True)
            process.start()
            child.close()
            pool.append((conn, process))
        done, asked = [0], [0] * n_workers

        def heard(worker: int) -> None:
            done[0] += _answer(pool[worker][0], "done")
            asked[worker] -= 1
            if progress:
                progress(done[0], total)

        for k, batch in enumerate(chain(ahead, first, batches)):
            worker = k % n_workers
            while asked[worker]:  # one batch waiting at a worker at most: the parent reads on meanwhile
                heard(worker)
            computed.arts += _heads(batch)
            computed._owners.append((worker, len(batch)))
            message = ("ahead", k) if k < len(ahead) else ("batch", batch)
            pool[worker][0].send_bytes(pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL))
            asked[worker] += 1
        del ahead[:]  # the parent's references: each worker lets go of its own copies as it computes them
        for worker in range(n_workers):
            while asked[worker]:
                heard(worker)
            pool[worker][0].send_bytes(pickle.dumps(("df",)))
            computed.df.update(_answer(pool[worker][0], "df"))
    except BaseException:
        computed.close()
        raise
    return computed
