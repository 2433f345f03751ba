"""The events' features computed in forked workers (events/parallel.py) give
the rows and term counts computed in one process, and a row's raw terms read on first use
(rows.LazyTerms) are the dict they stand for (issue 15, speed)."""

from __future__ import annotations

import pickle
import threading
import time

import pytest

from reader.core.events import parallel, rows
from reader.core.events.cluster import DEFAULT, IdfTable, article_features, weigh
from reader.core.library import Library
from tests.conftest import SEEDS
from tests.unit.events.test_events import REHAB_BRANDT, load_seeds


@pytest.fixture
def forked(monkeypatch):
    """Workers for any number of articles, where the machine can fork them onto two cores or more."""
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 1)
    if parallel.workers(10) < 2:
        pytest.skip("one core, or no fork: everything is computed in this process")


def _articles():
    return [*load_seeds(), *REHAB_BRANDT]


def _alone(arts, monkeypatch):
    """(df, rows) of arts computed in this process."""
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 10**9)
    with parallel.features(iter([arts]), len(arts), DEFAULT) as computed:
        df = dict(computed.df)
        return df, computed.rows(df, len(arts), DEFAULT.max_terms)


def test_workers_compute_the_rows_one_process_computes(forked, monkeypatch):
    arts = _articles()
    batches = [arts[k : k + 2] for k in range(0, len(arts), 2)]  # several batches each, answered in order
    told = []
    with parallel.features(iter(batches), len(arts), DEFAULT, lambda done, total: told.append(done)) as computed:
        assert computed._pool and [a.id for a in computed.arts] == [a.id for a in arts]
        df = dict(computed.df)
        in_workers = computed.rows(df, len(arts), DEFAULT.max_terms)
        assert not computed._pool  # the workers are gone once they have given their rows
    assert told[-1] == len(arts) and told == sorted(told)
    expected = {}
    for f in (article_features(a, DEFAULT) for a in arts):
        for t in f.terms:
            expected[t] = expected.get(t, 0) + 1
    assert df == expected
    assert (df, in_workers) == _alone(arts, monkeypatch) and len(in_workers) == len(arts)


def test_a_worker_that_fails_raises_in_the_parent_and_no_worker_is_left(forked, monkeypatch):
    arts = _articles()

    def failing(article, settings):
        if article.id == arts[3].id:
            raise ValueError("unreadable")
        return article_features(article, settings)

    monkeypatch.setattr(parallel, "article_features", failing)  # the forked workers inherit it
    with pytest.raises(ValueError, match="unreadable"):
        parallel.features(iter([arts[k : k + 2] for k in range(0, len(arts), 2)]), len(arts), DEFAULT)
    with parallel.features(iter([arts[:2], arts[2:3]]), 3, DEFAULT) as computed:
        pool = list(computed._pool)
    assert pool and not any(process.is_alive() for _, process in pool)  # closed unused: they end


def test_a_parent_failing_while_its_workers_compute_ends_them_without_a_word(forked, capfd):
    """The store failing mid-read: one error in the parent; its workers, cut off mid-batch,
    end quietly (each printed a traceback of a broken pipe)."""
    arts = _articles() * 30

    def batches():
        yield arts
        yield arts
        raise OSError(5, "the store could not be read")

    with pytest.raises(OSError, match="could not be read"):
        parallel.features(batches(), 4 * len(arts), DEFAULT)
    time.sleep(0.5)  # the workers' last words, were there any, reach stderr
    assert "Traceback" not in capfd.readouterr().err


def test_batches_a_store_keeps_in_memory_are_inherited_not_sent(forked, monkeypatch, tmp_path):
    """The articles just stored are kept as written (store/memo.py): the batches made only of them
    are taken before the fork and named to the workers by their place; the rest are sent. The rows
    are those computed in one process."""
    from reader.core.store.articles import ArticleStore

    arts = _articles()
    store = ArticleStore(tmp_path / "store.sqlite")
    sent = []
    real = parallel.pickle.dumps
    monkeypatch.setattr(parallel.pickle, "dumps", lambda message, **kw: sent.append(message[0]) or real(message, **kw))
    with store.write_lock(tmp_path):
        with store.transaction() as db:
            for a in arts[:6]:
                store.upsert(db, a)
        ids = sorted(a.id for a in arts[:6])
        batches = [list(store.get_many(ids[k : k + 2]).values()) for k in range(0, 6, 2)] + [arts[6:]]
        with parallel.features(iter(batches), len(arts), DEFAULT) as computed:
            df = dict(computed.df)
            in_workers = computed.rows(df, len(arts), DEFAULT.max_terms)
    assert sent[:4] == ["ahead", "ahead", "ahead", "batch"]
    in_order = [a for b in batches for a in b]
    assert [a.id for a in computed.arts] == [a.id for a in in_order]
    assert (df, in_workers) == _alone(in_order, monkeypatch)


def test_rows_weighed_with_counts_that_lack_terms_are_weighed_as_idf_table_weighs_them():
    arts = _articles()
    kept = parallel._kept(arts, DEFAULT)
    df: dict[str, int] = {}
    for k in kept[:3]:  # the counts of three articles only: the others' terms missing from them
        for t in k.terms:
            df[t] = df.get(t, 0) + 1
    expected = [(k.terms_text, rows.join_signature(weigh(k.terms, IdfTable(df, 9), DEFAULT.max_terms), k.rest))
                for k in kept]
    assert parallel._rows(kept, IdfTable(df, 9), DEFAULT.max_terms) == expected


def _event_rows(index):
    with Library(index) as lib:
        db = lib.store.db
        return (db.execute("SELECT doc, article_id, event_id, hash, title, source, published, f.features, f.names"
                           " FROM event_articles JOIN event_features f USING (doc) ORDER BY doc").fetchall(),
                db.execute("SELECT term, df FROM event_df ORDER BY term").fetchall(),
                [e.as_dict() for e in lib.events()])


def test_indexing_with_workers_keeps_the_rows_indexing_in_one_process_keeps(tmp_path, monkeypatch):
    with Library(tmp_path / "one") as lib:
        lib.index_paths([SEEDS], label="seeds")
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 1)
    if parallel.workers(10) < 2:
        pytest.skip("one core, or no fork")
    with Library(tmp_path / "many") as lib:
        lib.index_paths([SEEDS], label="seeds")
    one, many = _event_rows(tmp_path / "one"), _event_rows(tmp_path / "many")
    assert many == one and len(one[0]) == 5 and one[2][0]["count"] == 5


def test_lazy_terms_are_the_dict_of_their_line():
    line = "quake malatya toll"
    plain = dict.fromkeys(line.split(" "), 1.0)
    lazy = rows.LazyTerms(line)
    assert lazy == plain and plain == rows.LazyTerms(line) and not (lazy != plain)
    assert {"malatya", "ankara"} & rows.LazyTerms(line).keys() == {"malatya"}
    assert "toll" in rows.LazyTerms(line) and "said" not in lazy
    assert len(rows.LazyTerms(line)) == 3 and list(rows.LazyTerms(line)) == ["quake", "malatya", "toll"]
    assert rows.LazyTerms(line)["quake"] == 1.0 and rows.LazyTerms(line).get("said") is None
    assert dict(rows.LazyTerms(line)) == plain and rows.LazyTerms(line).copy() == plain
    assert pickle.loads(pickle.dumps(rows.LazyTerms(line))) == plain
    assert repr(rows.LazyTerms(line)) == repr(plain)
    empty = rows.LazyTerms("")
    assert not empty and empty == {} and list(empty.items()) == []
    # The keys of an unread line answer from the line: only whole terms, as the set of them would.
    keys = rows.LazyTerms("quake malatya toll").keys()
    for key in ("quake", "toll", "malat", "alatya", "quake malatya", "malatya ", "", "a", 3):
        assert (key in keys) == (key in plain), key
    assert keys & {"toll", "ankara"} == {"toll"} and not keys.isdisjoint({"quake"}) and keys.isdisjoint({"qu"})
    assert keys == plain.keys() and sorted(keys) == sorted(plain) and len(keys) == 3
    assert "" not in empty and not empty.keys() and not ({"quake"} & empty.keys())


def test_a_signature_read_with_its_term_line_gives_the_features_read_with_the_terms():
    f = article_features(load_seeds()[0], DEFAULT)
    vector = {"uk": 0.5, "sanction": 0.25}
    signature = rows.encode_signature(f, vector)
    line = rows.encode_terms(f.terms).partition("\n")[0]
    lazy_vector, lazy = rows.decode_signature(signature, line)
    listed_vector, listed = rows.decode_signature(signature, line.split(" "))
    assert lazy_vector == listed_vector == vector and lazy == listed
    assert isinstance(lazy.terms, rows.LazyTerms) and lazy.terms.keys() == f.terms.keys()


def test_a_process_running_other_threads_computes_in_one_process():
    """The app indexes in a worker thread: forking there could copy a lock
    another thread holds into a child that then waits for it for ever."""
    many = parallel.MIN_ARTICLES * 4
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert parallel.workers(many) == 1
    finally:
        stop.set()
        other.join()


def test_what_waits_for_the_idf_is_the_rows_text_not_the_features_nor_the_texts(monkeypatch):
    arts = _articles()
    monkeypatch.setattr(parallel, "MIN_ARTICLES", 10**9)
    with parallel.features(iter([arts]), len(arts), DEFAULT) as computed:
        assert [type(a) for a in computed.arts] == [parallel.Head] * len(arts)  # no article text kept
        assert [h.published for h in computed.arts] == [a.published for a in arts]
        assert all(type(k.terms) is dict and isinstance(k.rest, str) for k in computed._feats)
        df = dict(computed.df)
        found = computed.rows(df, len(arts), DEFAULT.max_terms)
    idfs = IdfTable(df, len(arts))
    feats = [article_features(a, DEFAULT) for a in arts]
    assert found == [(rows.encode_terms(f.terms), rows.encode_signature(f, weigh(f.terms, idfs, DEFAULT.max_terms)))
                     for f in feats]


def test_neighbour_rows_encoded_at_once_are_each_row_encoded():
    found = [[0.5, 0.25, 1e-300], [], [0.1], [0.3] * 24]
    assert rows.encode_neighbour_rows(found) == [rows.encode_neighbours(row) for row in found]
    assert [rows.decode_neighbours(text) for text in rows.encode_neighbour_rows(found)] == found
    assert rows.encode_neighbour_rows([]) == []
