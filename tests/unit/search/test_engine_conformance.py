"""The same tests of the index layer, run against every engine through the
Library: writes, counts, ranking, the query language, snippets, errors,
rebuilds, incremental indexing, crash safety and converting an index from
one engine to another. Tantivy is an optional extra and PostgreSQL needs a
server: their parts are skipped, with the reason, where they are missing
(tests/unit/search/backends.py says how each engine is opened)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.core.library import Library
from reader.core.models import Article
from reader.core.search.parser import nothing_to_search
from reader.core.search.query import QueryError
from tests.factories import bump, day, make, make_article
from tests.unit.search.backends import ENGINES, POSTGRES_DIFFERS, backend_for, module_backend, require

REPO = Path(__file__).resolve().parents[3]


def other_engine(name: str) -> str:
    return require("tantivy" if name == "whoosh" else "whoosh")


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return require(request.param)


@pytest.fixture
def backend(request, engine_name):
    """Opens engine_name's engines and libraries (a fresh database for postgres)."""
    b = backend_for(request, engine_name)
    yield b
    b.close()


def not_on_postgres(engine_name: str, why: str) -> None:
    if engine_name == "postgres":
        pytest.skip(f"not for the postgres engine: {POSTGRES_DIFFERS[why]}")


RECORDS = [
    {"id": "a", "title": "Volcano erupts in Iceland", "text": "Lava flows near the town of Grindavik.", "source": "North Times", "published": "2023-11-10"},
    {"id": "b", "title": "Election results", "text": "The volcano did not affect voting. Turnout rose.", "source": "South Post", "published": "2024-06-01"},
    {"id": "c", "title": "Markets calm", "text": "Investors ignored the election and the eruption.", "source": "North Times", "published": "2024-07-15"},
    {"id": "d", "title": "Fishing quotas", "text": "Fishermen in Grindavik protested new quotas.", "source": "East Herald"},
    {
        "id": "e",
        "title": "Harbour reopens",
        "text": (
            "The harbour at Reykjavik reopened on Monday after weeks of repairs.\n\n"
            + "Dock workers said the cranes were tested twice. " * 12
            + "\n\nOfficials expect the first ferries to sail to the Westman Islands next week, "
            "and a second round of repairs to the harbour wall in the spring."
        ),
        "source": "West Gazette",
        "published": "2024-03-02",
    },
]


def write_records(folder: Path, records=RECORDS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "r.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    return folder


@pytest.fixture(scope="module", params=ENGINES)
def qlib(request, tmp_path_factory):
    """A library of RECORDS on each engine; tests must not write to it."""
    b = module_backend(request, request.param)
    folder = write_records(tmp_path_factory.mktemp("conf") / "docs")
    lib = b.library(tmp_path_factory.mktemp("confix") / "ix")
    lib.index_paths([folder])
    yield lib
    if request.param == "postgres":
        lib.engine.clear()
    lib.close()
    b.close()


def titles(lib, q) -> list[str]:
    return sorted(h.title for h in lib.search(q).hits)


def article(n: int, title: str = "", body: str = "") -> Article:
    return make_article(n, *([body] if body else []), title=title, published=day(n))


# --- writes and counts --------------------------------------------------------
def test_add_replace_delete_and_counts(tmp_path, engine_name, backend):
    folder = tmp_path / "news"
    make(folder, "1.txt", "Zebras cross", "Zebras crossed the road at noon.")
    p2 = make(folder, "2.txt", "Giraffes eat", "Giraffes ate acacia leaves.")
    make(folder, "3.txt", "Okapis hide", "Okapis are shy and hide in the forest.")
    with backend.library(tmp_path / "ix") as lib:
        assert lib.engine.name == engine_name
        s = lib.index_paths([folder])
        assert s.added == 3 and lib.engine.doc_count() == lib.store.count() == 3
        assert json.loads((tmp_path / "ix" / "index.json").read_text())["engine"] == engine_name

        p2.write_text("Giraffes wander\n\nGiraffes walked to the river instead.\n", encoding="utf-8")
        bump(p2)
        (folder / "3.txt").unlink()
        s = lib.index_paths([folder])
        assert (s.updated, s.removed) == (1, 1)
        assert lib.engine.doc_count() == lib.store.count() == 2
        assert [h.title for h in lib.search("river").hits] == ["Giraffes wander"]
        assert lib.search("acacia").total == 0  # the replaced text is gone
        assert lib.search("okapis").total == 0  # the deleted article is gone
        assert lib.stats()["indexed"] == 2


def test_a_write_is_one_commit_and_a_failed_write_changes_nothing(tmp_path, engine_name, backend):
    engine = backend.engine(tmp_path / "ix")
    assert not engine.exists() and engine.doc_count() == 0
    assert engine.write([article(1), article(2)]) == 2
    assert engine.exists() and engine.doc_count() == 2

    def failing():
        yield article(3, body="Walruses basked on the rocks.")
        raise RuntimeError("the disk is full")

    with pytest.raises(RuntimeError):
        engine.write(failing(), delete_ids=["id0001"])
    assert engine.doc_count() == 2
    assert engine.search_ids("walruses") == [] and engine.search_ids("report") != []

    # replace one, delete another, add a third: one commit
    engine.write([article(2, title="Lighthouse closes"), article(4)], delete_ids=["id0001"])
    assert engine.doc_count() == 2
    assert engine.search_ids("lighthouse", limit=None) and sorted(engine.search_ids("ferries", limit=None)) == ["id0002", "id0004"]
    assert engine.search_ids('title:"lighthouse closes"') == ["id0002"]
    engine.close()
    reopened = backend.engine(tmp_path / "ix")
    assert reopened.doc_count() == 2
    reopened.close()


def test_a_killed_writer_leaves_the_last_commit_readable(tmp_path, engine_name, backend):
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from datetime import datetime, timezone
        from reader.core.search.engine import make_engine
        from reader.core.models import Article

        def art(n):
            return Article(id=f"k{{n}}", origin=f"k/{{n}}", title=f"Killed {{n}}",
                           text_paragraphs=("Penguins waddled along the shore. " * 20,))

        engine = {backend.engine_source(tmp_path / "ix")}
        engine.write([art(n) for n in range(3)])

        def then_die():
            for n in range(3, 200):
                yield art(n)
                if n == 150:
                    os.kill(os.getpid(), signal.SIGKILL)

        engine.write(then_die())
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    engine = backend.engine(tmp_path / "ix")
    assert engine.doc_count() == 3
    assert sorted(engine.search_ids("penguins")) == ["k0", "k1", "k2"]
    # and the dead writer's lock does not stop the next write
    engine.write([article(9)])
    assert engine.doc_count() == 4
    engine.close()


def test_search_ids_limits(qlib):
    assert len(qlib.engine.search_ids("grindavik OR volcano", limit=None)) == 3
    assert len(qlib.engine.search_ids("grindavik OR volcano", limit=1)) == 1
    assert qlib.search("grindavik OR volcano", limit=2).total == 3


def test_a_reader_sees_another_writers_commits(tmp_path, engine_name, backend):
    """The app keeps its engine open while `newsreader index` writes."""
    writer = backend.engine(tmp_path / "ix")
    writer.write([article(1), article(2)])
    reader = backend.engine(tmp_path / "ix")
    assert sorted(reader.search_ids("ferries")) == ["id0001", "id0002"]
    writer.write([article(3)], delete_ids=["id0001"])
    assert sorted(reader.search_ids("ferries")) == ["id0002", "id0003"] and reader.doc_count() == 2
    writer.close()
    reader.close()


def test_search_within_and_without_some_articles(tmp_path, engine_name, backend):
    engine = backend.engine(tmp_path / "ix")
    engine.write([article(n) for n in range(1, 6)])
    assert sorted(engine.search_ids("ferries", filter_ids={"id0002", "id0004", "nope"})) == ["id0002", "id0004"]
    assert sorted(engine.search_ids("ferries", exclude_ids={"id0001"})) == ["id0002", "id0003", "id0004", "id0005"]
    assert engine.search_ids("ferries", filter_ids=set()) == []
    results = engine.search("ferries", filter_ids={"id0002", "id0003"}, exclude_ids={"id0003"})
    assert results.total == 1 and [h.id for h in results.hits] == ["id0002"] and results.hits[0].score > 0
    engine.close()


@pytest.mark.parametrize("how", ["truncated", "emptied", "one file gone"])
def test_a_damaged_index_is_detected_and_rebuilt_from_the_store(tmp_path, engine_name, how, backend):
    from reader.core.library import IndexDamaged
    from reader.core.search.engine import EngineDamaged, make_engine

    not_on_postgres(engine_name, "folder")  # its variant: test_a_damaged_server_index_is_detected_and_rebuilt
    folder = write_records(tmp_path / "docs")
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        [read] = lib.engine.search_ids("lava")
        lib.set_read([read])
    files = sorted(p for p in (tmp_path / "ix" / engine_name).iterdir() if p.is_file() and p.stat().st_size > 16)
    if how == "truncated":
        for p in files:
            p.write_bytes(p.read_bytes()[: p.stat().st_size // 3])
    elif how == "emptied":
        for p in files:
            p.unlink()
    else:
        max(files, key=lambda p: p.stat().st_size).unlink()
    engine = make_engine(engine_name, tmp_path / "ix" / engine_name)
    with pytest.raises(EngineDamaged):
        engine.verify()
    engine.close()
    with pytest.raises(IndexDamaged, match="rebuild"):
        Library(tmp_path / "ix")
    with Library(tmp_path / "ix", verify=False) as lib:
        assert lib.engine.name == engine_name
        assert lib.rebuild_index() == len(RECORDS)
    with Library(tmp_path / "ix") as lib:
        assert lib.search("grindavik").total == 2 and lib.store.state(read)["read"]


def _index_of_the_previous_schema(engine_name: str, path: Path) -> None:
    """An index as the version before the redesign built it: its schema also
    had an `entity` field (never filled by the app, filled here)."""
    path.mkdir(parents=True)
    if engine_name == "whoosh":
        from whoosh import fields, index

        from reader.core.search.whoosh.schema import INDEX_NAME, make_schema

        schema = make_schema()
        schema.add("entity", fields.KEYWORD(lowercase=True, commas=True, scorable=True))
        ix = index.create_in(str(path), schema, indexname=INDEX_NAME)
        writer = ix.writer()
        writer.add_document(id="old1", title="Harbour reopens", body="Ferries sailed past the lighthouse.",
                            source="Old Wire", source_exact="old wire", entity="Reykjavik")
        writer.commit()
        ix.close()
        return
    import tantivy  # the tantivy half runs only where the optional extra is installed

    sb = tantivy.SchemaBuilder()
    for name, stored, tokenizer in [("id", True, "raw"), ("title", True, "en_stem"), ("body", False, "en_stem"),
                                    ("source", True, "default"), ("source_exact", False, "raw"),
                                    ("byline", False, "default")]:
        sb.add_text_field(name, stored=stored, tokenizer_name=tokenizer)
    sb.add_date_field("published", stored=True, indexed=True, fast=True)
    sb.add_text_field("url", stored=True, tokenizer_name="raw")
    sb.add_text_field("entity", stored=False, tokenizer_name="raw")
    ix = tantivy.Index(sb.build(), path=str(path))
    writer = ix.writer(heap_size=15_000_000, num_threads=1)
    writer.add_document(tantivy.Document(id="old1", title="Harbour reopens", body="Ferries sailed past the lighthouse.",
                                         source="Old Wire", source_exact="old wire", entity="reykjavik"))
    writer.commit()
    writer.wait_merging_threads()


def test_an_index_with_the_old_entity_field_still_opens_and_works(tmp_path, engine_name, backend):
    """The index no longer holds entities (entity: is answered from the entity
    table); an index built with the field is read and written as it is, and
    its schema version is still the current one, so it needs no rebuild."""
    not_on_postgres(engine_name, "old-schema")
    _index_of_the_previous_schema(engine_name, tmp_path / "ix")
    engine = backend.engine(tmp_path / "ix")
    assert engine.schema_version == 1
    engine.verify()
    assert engine.search_ids("ferries") == ["old1"]
    engine.write([article(1), article(2, title="Harbour wall repaired")], delete_ids=["nope"])
    assert engine.doc_count() == 3
    assert sorted(engine.search_ids("title:harbour")) == ["id0002", "old1"]
    [hit] = engine.search("lighthouse ferries", body_of=lambda ids: {"old1": "Ferries sailed past the lighthouse."},
                          filter_ids={"old1"}).hits
    assert [hit.snippet.text[a:b] for a, b in hit.snippet.matches] == ["Ferries", "lighthouse"]
    with pytest.raises(QueryError, match="clause of its own"):
        engine.search_ids("ferries +entity:reykjavik")  # as on an index without the field
    engine.close()


def test_an_entity_clause_that_reaches_an_engine_says_how_to_write_it(tmp_path, engine_name, backend):
    """entity: is taken out of a query by the library; one glued to another
    clause reaches the engine, which explains instead of searching a field it
    does not hold."""
    engine = backend.engine(tmp_path / "ix")
    engine.write([article(1)])
    for query in ["ferries +entity:Kyiv", 'ferries +entities:"Joe Biden"']:
        with pytest.raises(QueryError, match="clause of its own") as info:
            engine.search_ids(query)
        assert "\n" not in str(info.value)
    with pytest.raises(QueryError) as info:
        engine.search_ids("author:smith")
    assert "entities, entity" in str(info.value)  # still named among the fields a reader may use
    engine.close()


# --- ranking and the query language ------------------------------------------------
def test_title_ranks_above_body(tmp_path, engine_name, backend):
    body = "Officials met on Tuesday to discuss the budget for the coming year and the roads. "
    records = [
        {"id": "t1", "title": "Council debates budget", "text": body + "A volcano was mentioned once.", "source": "A"},
        {"id": "t2", "title": "Volcano budget debated", "text": body + "A mountain was mentioned once.", "source": "B"},
        {"id": "t3", "title": "Roads repaired", "text": body + "Nothing else was mentioned.", "source": "C"},
    ]
    folder = write_records(tmp_path / "docs", records)
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        hits = lib.search("volcano").hits
        assert [h.title for h in hits] == ["Volcano budget debated", "Council debates budget"]
        assert hits[0].score > hits[1].score > 0


@pytest.mark.parametrize(
    "query,expected",
    [
        ("volcano", ["Election results", "Volcano erupts in Iceland"]),
        ("erupts", ["Markets calm", "Volcano erupts in Iceland"]),  # erupts ~ eruption
        ("protesting", ["Fishing quotas"]),  # stemmed to protest
        ("the election", ["Election results", "Markets calm"]),  # a stop word is left out
        ("grindavik AND lava", ["Volcano erupts in Iceland"]),
        ("lava OR quotas", ["Fishing quotas", "Volcano erupts in Iceland"]),
        ("grindavik NOT lava", ["Fishing quotas"]),
        ("election -volcano", ["Markets calm"]),
        ("NOT grindavik AND (volcano OR election)", ["Election results", "Markets calm"]),
        ("+volcano lava", ["Election results", "Volcano erupts in Iceland"]),
        ('"affect voting"', ["Election results"]),
        ('"voting affect"', []),
        ('"the town of grindavik"', ["Volcano erupts in Iceland"]),
        ('"ignored eruption"~5', ["Markets calm"]),  # within a few words (Tantivy counts stop words too)
        ("source:north", ["Markets calm", "Volcano erupts in Iceland"]),
        ('source:"south post"', ["Election results"]),
        ("title:election", ["Election results"]),
        ("body:volcano", ["Election results"]),
        ("date:[2024-01-01 to 2024-12-31]", ["Election results", "Harbour reopens", "Markets calm"]),
        ("date:2023", ["Volcano erupts in Iceland"]),
        ("date:>2024-07-01", ["Markets calm"]),
        ("date:<2024-03-01", ["Volcano erupts in Iceland"]),
        ("date:2024-06", ["Election results"]),
        ("date:[2024-06-01 to 2024-06-30] turnout", ["Election results"]),
        ("grind*", ["Fishing quotas", "Volcano erupts in Iceland"]),
        # a prefix stands for no stop word (a, and, at), as a plain term does not: "Markets calm" has only 'and'
        ("a*", ["Election results", "Harbour reopens"]),
        ("title:a* OR an*", []),
        ("ele?tion", ["Election results", "Markets calm"]),
        ("vulcano~", ["Election results", "Volcano erupts in Iceland"]),
        ("investorz~1", ["Markets calm"]),
        ("harbur~", ["Harbour reopens"]),  # a letter left out
        ("title:calm~2/1", ["Markets calm"]),
        ('"to be" lava', ["Volcano erupts in Iceland"]),  # a phrase of stop words is left out, as a stop word is
        ('lava -"a b"', ["Volcano erupts in Iceland"]),
    ],
)
def test_query_language(qlib, query, expected):
    assert titles(qlib, query) == expected


@pytest.mark.parametrize(
    "query,expected",
    [
        ('"unclosed phrase', "unclosed quote"),
        ("(lava OR quotas", "never closed"),
        ("lava)", "no matching"),
        ("author:smith", "unknown field 'author'"),
        ("date:yesterdayish", "not a date"),
        ("date:[2024 to notadate]", "date"),
        ("AND", "nothing to search for"),
        ("the", "nothing to search for"),
        ("   ", "empty query"),
        ("date:[2024", "brackets"),
        ("<2024~a*b?", "a fuzzy term is word~"),  # (the parser tripped over its own tree: "check its operators")
        ("<2024 OR AND", "check its operators"),  # the parser trips over its own tree
        ("volcano +entity:Grindavik", "clause of its own"),
        ("lava Vulcano~3/1", "fuzzy terms allow at most 2 edits: write Vulcano~1 or Vulcano~2"),  # Whoosh took it
        ("title:", "title: has nothing after it"),  # Whoosh's parser searched for the word 'title'
        ("lava source: north", "source: has nothing after it"),
        ("(date:)", "as in date:2024"),
    ],
)
def test_malformed_queries_explain_themselves(qlib, query, expected):
    with pytest.raises(QueryError) as info:
        qlib.search(query)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(
    "query", ['"a b" "a b"', '"a b"', '"to be"', 'NOT "a b"', 'title:"a b" title:"a b"', '"a b"~3 "a b"~3', 'the "of the"']
)
def test_a_phrase_of_only_stop_words_is_nothing_to_search_for(qlib, query):
    """Whoosh's index holds no stop words and no one-letter words, so such a
    phrase is nothing to search for; the engines whose indexes hold them say
    the same, word for word, rather than search it."""
    with pytest.raises(QueryError) as info:
        qlib.search(query)
    assert str(info.value) == nothing_to_search(query)


# --- snippets and highlighting ----------------------------------------------------
def matched(snippet) -> list[str]:
    return [snippet.text[a:b] for a, b in snippet.matches]


@pytest.mark.parametrize(
    "query,words",
    [
        ("grindavik", {"grindavik"}),
        ("protesting", {"protested"}),
        ('"affect voting"', {"affect", "voting"}),
        ("grind*", {"grindavik"}),
        ("vulcano~", {"volcano"}),
        ("harbour -lava", {"harbour"}),
    ],
)
def test_snippet_spans_point_at_the_matched_words(qlib, query, words):
    hits = qlib.search(query).hits
    assert hits
    for hit in hits:
        text = hit.snippet.text
        assert "<" not in text and "\n" not in text and "  " not in text and text == text.strip()
        got = {w.lower() for w in matched(hit.snippet)}
        title_got = {hit.title[a:b].lower() for a, b in hit.title_matches}
        assert got | title_got, (hit.title, text)
        assert got <= words and title_got <= words, (got, title_got)


def test_long_articles_get_two_fragments_around_the_matches(qlib):
    [hit] = qlib.search("westman ferries").hits
    assert hit.title == "Harbour reopens"
    assert " … " not in hit.snippet.text or hit.snippet.text.count(" … ") == 1
    assert {w.lower() for w in matched(hit.snippet)} == {"westman", "ferries"}
    assert len(hit.snippet.text) < 500
    [hit] = qlib.search("reykjavik westman").hits
    assert hit.snippet.text.count(" … ") == 1  # two places, far apart
    assert [w.lower() for w in matched(hit.snippet)] == ["reykjavik", "westman"]


def test_title_only_match_gets_a_lead_snippet(tmp_path, engine_name, backend):
    folder = tmp_path / "t"
    make(folder, "a.txt", "Quokka spotted", "A small marsupial was seen near the beach on Rottnest.")
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        [hit] = lib.search("quokka").hits
        assert hit.snippet.text.startswith("A small marsupial")
        assert hit.snippet.matches == ()
        assert hit.title_matches == ((0, 6),)


@pytest.mark.parametrize("query", ["erupts", "grind*", "vulcano~", '"affect voting"', "protesting OR quotas", "harbur~"])
def test_highlighting_finds_what_the_search_found(qlib, query):
    """query_words() and analyse() agree (one analysis), so the article view
    highlights a match in every article the search returned."""
    engine = qlib.engine
    words = engine.query_words(query, "body") | engine.query_words(query, "title")
    assert words
    stems = {w for w, _, _ in engine.analyse("Volcanoes erupted; eruptions erupt")}
    assert len(stems) <= 3  # one stemmer for the text and for the query
    for hit in qlib.search(query).hits:
        art = qlib.get(hit.id)
        spans = qlib.match_spans(art, query)
        assert spans["title"] or spans["text"], (query, art.title)


def test_query_words_leave_out_negated_words(qlib):
    words = qlib.engine.query_words("grindavik -lava", "body")
    assert len(words) == 1 and "lava" not in words


def test_shortest_phrase(qlib):
    assert qlib.engine.shortest_phrase("volcano") == 1
    assert qlib.engine.shortest_phrase('"affect voting" OR "lava flows near"') == 2


# --- rebuilding, re-indexing, converting ------------------------------------------
def test_rebuild_from_the_store_alone(tmp_path, engine_name, backend):
    folder = write_records(tmp_path / "docs")
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        before = [(h.id, h.title) for h in lib.search("volcano OR grindavik").hits]
        lib.engine.clear()  # the index is lost; the store is not
        assert not lib.engine.exists()
        assert lib.rebuild_index() == len(RECORDS)
        assert lib.engine.doc_count() == len(RECORDS)
        assert sorted(before) == sorted((h.id, h.title) for h in lib.search("volcano OR grindavik").hits)


def test_incremental_reindex_touches_only_what_changed(tmp_path, engine_name, backend):
    folder = tmp_path / "news"
    paths = [make(folder, f"{n}.txt", f"Story {n}", f"Seagulls circled the pier {n} times.") for n in range(5)]
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        s = lib.index_paths([folder])
        assert (s.added, s.updated, s.unchanged) == (0, 0, 5)
        paths[2].write_text("Story 2\n\nPelicans circled the pier instead.\n", encoding="utf-8")
        bump(paths[2])
        make(folder, "9.txt", "Story 9", "Cormorants dived off the pier.")
        s = lib.index_paths([folder])
        assert (s.added, s.updated, s.unchanged) == (1, 1, 4)
        assert lib.engine.doc_count() == 6
        assert [h.title for h in lib.search("pelicans").hits] == ["Story 2"]
        assert lib.search("seagulls").total == 4
    reopen = backend.library if engine_name == "postgres" else Library  # a folder index: its manifest names the engine
    with reopen(tmp_path / "ix") as lib:  # reopened with the engine that built it
        assert lib.engine.name == engine_name and lib.search("cormorants").total == 1


def test_converting_an_index_to_the_other_engine(tmp_path, engine_name, backend):
    target = other_engine(engine_name)
    folder = write_records(tmp_path / "docs")
    queries = ["volcano", "grindavik NOT lava", '"affect voting"', "source:north", "date:2024", "vulcano~"]
    with backend.library(tmp_path / "ix") as lib:
        lib.index_paths([folder])
        lib.set_read([lib.search("volcano").hits[0].id])
        before = {q: sorted(h.id for h in lib.search(q).hits) for q in queries}
        assert lib.switch_engine(target) == len(RECORDS)
        assert lib.engine.name == target and lib.engine.doc_count() == len(RECORDS)
        assert not (tmp_path / "ix" / engine_name).exists()
        assert {q: sorted(h.id for h in lib.search(q).hits) for q in queries} == before
    with Library(tmp_path / "ix", engine=engine_name) as lib:  # the manifest wins
        assert lib.engine.name == target
        assert lib.stats()["indexed"] == len(RECORDS)
