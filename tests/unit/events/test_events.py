"""Grouping reports into events: the seeds are one event; hard negatives
(two events that share a topic and names) stay apart; events grow
incrementally and keep their ids.

The hard negatives are fixtures written for these tests (the people are
invented): two stars in rehab at one clinic with one publicist, two
earthquakes in one country with one minister and one agency."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from reader.core import ingest
from reader.core.events import DEFAULT, Event, EventIndex, group_events
from reader.core.models import Article, article_id
from reader.core.store import connect

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def art(key, source, title, *paras, published=None):
    return Article(id=article_id("fixture/" + key), origin="fixture/" + key, title=title,
                   text_paragraphs=tuple(paras), source=source, published=published)


def load_seeds() -> list[Article]:
    return [a for f in ingest.discover(SEEDS) for a in ingest.read_file(f).articles]


REHAB_BRANDT = [
    art("brandt-1", "Daily Ledger", "Lila Brandt enters rehab for alcohol addiction",
        "Pop singer Lila Brandt has checked into a rehabilitation facility in Malibu to be treated for alcohol addiction, her publicist said on Tuesday.",
        "Brandt, 29, cancelled the last six dates of her European tour last week. \"Lila has made the brave decision to put her health first and asks for privacy while she focuses on her recovery,\" publicist Dana Whitcomb said in a statement.",
        "The Grammy-nominated singer, whose album Night Harbor topped the charts in March, entered the Seaview Recovery Center over the weekend. Fans flooded social media with messages of support."),
    art("brandt-2", "Metro Beat", "Night Harbor singer Lila Brandt in rehab after cancelling tour",
        "Lila Brandt is in rehab. The 29-year-old singer behind the hit album Night Harbor has entered the Seaview Recovery Center in Malibu for treatment of alcohol dependency, according to a statement from her representative Dana Whitcomb.",
        "The singer scrapped six European concerts last week, citing exhaustion. Whitcomb asked the public to respect Brandt's privacy during her recovery.",
        "Messages of support poured in from fans and fellow musicians."),
]
REHAB_FELD = [
    art("feld-1", "Daily Ledger", "Actor Marcus Feld enters rehab for painkiller addiction",
        "Actor Marcus Feld has entered rehab for treatment of an addiction to painkillers, his publicist Dana Whitcomb confirmed on Friday.",
        "Feld, 45, star of the police drama Harbor Lights, was arrested in Los Angeles last month on suspicion of driving under the influence. \"Marcus is committed to his sobriety and thanks his family and fans for their support,\" Whitcomb said.",
        "Production on the show's fourth season has been paused. Feld is being treated at the Seaview Recovery Center in Malibu, a person familiar with the matter said."),
    art("feld-2", "Metro Beat", "Harbor Lights star Marcus Feld checks into rehab after DUI arrest",
        "The 45-year-old actor is receiving treatment for painkiller addiction at a facility in Malibu, his representative said.",
        "Feld was stopped by police on the Pacific Coast Highway in October and charged with driving under the influence. The network said filming of the fourth season of Harbor Lights would resume in the spring.",
        "His publicist, Dana Whitcomb, said Feld was grateful for the support of his family."),
]
QUAKE_MALATYA = [
    art("malatya-1", "Wire One", "Magnitude 5.6 earthquake hits Malatya in eastern Turkey",
        "A magnitude 5.6 earthquake struck Malatya province in eastern Turkey on Thursday, killing one person and injuring 30, the disaster agency AFAD said.",
        "The quake, centred in the Yesilyurt district at a depth of 7 kilometres, damaged dozens of buildings already weakened by last year's disaster. Interior Minister Ali Yerlikaya said search teams were checking collapsed barns and homes in rural villages.",
        "Schools in Malatya will remain closed for two days."),
    art("malatya-2", "Anatolia Daily", "One dead, 30 hurt as quake shakes Malatya",
        "One person was killed and 30 were hurt when a 5.6-magnitude quake shook Malatya on Thursday, according to Turkey's AFAD. Its epicentre was in Yesilyurt.",
        "Minister Ali Yerlikaya said several damaged buildings collapsed and rescue teams were searching villages.",
        "Classes in the province were suspended for two days as aftershocks continued."),
]
QUAKE_IZMIR = [
    art("izmir-1", "Wire One", "Magnitude 4.9 earthquake shakes Izmir, 12 injured",
        "A magnitude 4.9 earthquake shook the Aegean coast of western Turkey on Monday, injuring 12 people in Izmir province, AFAD said.",
        "The tremor was centred off Seferihisar at a depth of 10 kilometres and was felt as far as Istanbul. Interior Minister Ali Yerlikaya said there were no reports of collapsed buildings, but several old houses in Seferihisar were damaged.",
        "Residents spent the night in parks fearing aftershocks."),
    art("izmir-2", "Anatolia Daily", "Twelve hurt as quake off Seferihisar rattles Izmir",
        "Twelve people were injured when a 4.9-magnitude quake centred in the sea off Seferihisar rattled Izmir on Monday. Most were hurt jumping from balconies in panic, the governor's office said.",
        "AFAD recorded more than 40 aftershocks. Ali Yerlikaya, the interior minister, said teams were inspecting damaged homes along the coast, and families slept outdoors in parks."),
]

HARD_NEGATIVES = {"brandt": REHAB_BRANDT, "feld": REHAB_FELD, "malatya": QUAKE_MALATYA, "izmir": QUAKE_IZMIR}
SEEDS_EVENT = "seeds"


def gold(articles: list[Article]) -> dict[str, str]:
    out = {a.id: name for name, group in HARD_NEGATIVES.items() for a in group}
    out.update({a.id: SEEDS_EVENT for a in articles if a.origin.startswith("seeds/")})
    return out


def as_groups(events: list[Event], labels: dict[str, str]) -> list[set[str]]:
    return sorted(({labels[i] for i in e.article_ids} for e in events), key=sorted)


def exact(events: list[Event], labels: dict[str, str]) -> bool:
    """Every event holds the reports of one gold event, and all of them."""
    seen = [sorted(labels[i] for i in e.article_ids) for e in events]
    return all(len(set(s)) == 1 for s in seen) and len(seen) == len(set(labels.values()))


def all_fixtures() -> list[Article]:
    return [a for group in HARD_NEGATIVES.values() for a in group]


# --- at once -------------------------------------------------------------------
def test_the_five_seeds_are_one_event():
    seeds = load_seeds()
    assert len(seeds) == 5
    [event] = group_events(seeds)
    assert set(event.article_ids) == {a.id for a in seeds}
    assert event.count == 5
    assert len(event.sources) == 5 and "BBC News" in event.sources
    assert event.first is None and event.last is None  # no seed has a date
    assert event.title in {a.title for a in seeds}


def test_hard_negatives_stay_apart():
    fixtures = all_fixtures()
    assert exact(group_events(fixtures), gold(fixtures))


def test_hard_negatives_stay_apart_beside_the_seeds():
    articles = all_fixtures() + load_seeds()
    assert exact(group_events(articles), gold(articles))


def test_same_topic_and_names_merge_without_the_subject_check():
    """The fixtures are hard: with the headline-subject and place checks
    off, plain cosine merges the two stars (and the two quakes)."""
    fixtures = all_fixtures()
    loose = replace(DEFAULT, subject_penalty=1.0, place_penalty=1.0)
    assert not exact(group_events(fixtures, settings=loose), gold(fixtures))


def test_a_near_duplicate_joins_its_event():
    seeds = load_seeds()
    bbc = next(a for a in seeds if a.source == "BBC News")
    copy = replace(bbc, id="copy", origin="copy", source="Syndicated", text_paragraphs=bbc.text_paragraphs[:12])
    events = group_events([*seeds, copy, *all_fixtures()])
    [seed_event] = [e for e in events if bbc.id in e.article_ids]
    assert "copy" in seed_event.article_ids and seed_event.count == 6


def test_dates_keep_apart_what_the_text_would_join():
    a, b = REHAB_BRANDT
    a = replace(a, published=datetime(2024, 3, 1))
    b = replace(b, published=datetime(2024, 6, 1))  # three months later: another story
    assert len(group_events([a, b])) == 2
    assert len(group_events([a, b], use_dates=False)) == 1
    b = replace(b, published=datetime(2024, 3, 2, 18, 30))
    [event] = group_events([a, b])
    assert (event.first, event.last) == (datetime(2024, 3, 1), datetime(2024, 3, 2, 18, 30))
    assert event.article_ids[0] == a.id  # oldest first


def test_events_are_sorted_latest_first_undated_last():
    old = [replace(a, published=datetime(2020, 1, 1)) for a in QUAKE_MALATYA]
    new = [replace(a, published=datetime(2023, 1, 1)) for a in QUAKE_IZMIR]
    events = group_events([*old, *REHAB_FELD, *new])
    assert [e.last for e in events] == [datetime(2023, 1, 1), datetime(2020, 1, 1), None]
    d = events[0].as_dict()
    assert {"id", "title", "count", "sources", "first", "last", "articles"} <= set(d)


def test_empty_and_single():
    assert group_events([]) == []
    [event] = group_events([REHAB_FELD[0]])
    assert event.article_ids == (REHAB_FELD[0].id,) and event.title == REHAB_FELD[0].title


# --- incrementally --------------------------------------------------------------
@pytest.fixture
def db(tmp_path):
    conn = connect(tmp_path / "store.sqlite")
    yield conn
    conn.close()


def test_index_grows_events_and_keeps_their_ids(db):
    index = EventIndex(db)
    seeds = load_seeds()
    update = index.add(seeds[:3])
    [first] = index.events()
    assert update.added == 3 and update.new_events == [first.id]
    update = index.add(seeds[3:] + [QUAKE_MALATYA[0]])
    events = {e.id: e for e in index.events()}
    assert first.id in events and events[first.id].count == 5  # grew, same id
    assert update.joined == 2 and update.grown_events == [first.id] and len(update.new_events) == 1
    quake = index.event_of(QUAKE_MALATYA[0].id)
    update = index.add([QUAKE_MALATYA[1], QUAKE_IZMIR[0]])
    assert index.event_of(QUAKE_MALATYA[1].id).id == quake.id  # joined the Malatya quake
    assert index.event_of(QUAKE_IZMIR[0].id).id not in (quake.id, first.id)  # another quake
    assert index.event(quake.id).count == 2


def test_index_one_article_at_a_time_keeps_hard_negatives_apart(db):
    articles = all_fixtures() + load_seeds()
    index = EventIndex(db)
    for a in articles:
        index.add([a])
    assert exact(index.events(), gold(articles))


def test_index_persists_and_is_idempotent(db, tmp_path):
    seeds = load_seeds()
    EventIndex(db).add(seeds)
    db.commit()
    again = EventIndex(connect(tmp_path / "store.sqlite"))
    [event] = again.events()
    assert event.count == 5
    update = again.add(seeds)
    assert (update.added, update.updated) == (0, 0)
    assert [e.id for e in again.events()] == [event.id]


def test_index_refresh_remove_and_sync(db):
    index = EventIndex(db)
    seeds = load_seeds()
    index.add(seeds + REHAB_FELD)
    feld = index.event_of(REHAB_FELD[0].id)
    edited = replace(REHAB_FELD[0], title="Actor Marcus Feld in rehab (updated)")
    update = index.add([edited])
    assert update.updated == 1 and index.event_of(edited.id).id == feld.id
    assert index.remove([REHAB_FELD[0].id]) == 1
    assert index.event(feld.id).count == 1
    update = index.sync(seeds)  # the Feld report left the collection
    assert update.removed == 1 and index.event(feld.id) is None
    assert [e.count for e in index.events()] == [5]


def test_index_never_merges_two_existing_events(db):
    index = EventIndex(db)
    index.add([QUAKE_MALATYA[0]])
    index.add([QUAKE_IZMIR[0]])
    before = {e.id for e in index.events()}
    assert len(before) == 2
    index.add([QUAKE_MALATYA[1], QUAKE_IZMIR[1]])
    assert {e.id for e in index.events()} == before
    assert sorted(e.count for e in index.events()) == [2, 2]


def test_index_writes_only_its_own_tables_and_creates_none(db):
    """The store's migrations made the event tables; the index fills them
    and leaves the rest of the file alone."""
    def snapshot():
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    before = snapshot()
    EventIndex(db).add(load_seeds()[:1])
    after = snapshot()
    assert after.keys() == before.keys()
    changed = {t for t in after if after[t] != before[t]}
    # event_postings stays empty: vectors are kept in the articles' signatures
    assert changed == {"event_meta", "events", "event_articles", "event_features", "event_df"}


def test_stored_events_of_other_features_are_read_until_the_next_write_groups_them_again(db, caplog):
    caplog.set_level(logging.INFO, logger="reader.core.events.index")
    index = EventIndex(db)
    index.add(load_seeds())
    db.execute("UPDATE event_meta SET value='tables 2, features 0' WHERE key='version'")
    db.execute("UPDATE events SET title='Grouped by an older newsreader'")
    db.commit()
    again = EventIndex(db)
    [old] = again.events()  # a read answers from what is stored (a read-only store, a busy lock)
    assert old.title == "Grouped by an older newsreader" and "grouped again" not in caplog.text
    assert again.add(load_seeds()).added == 5 and "grouped again" in caplog.text
    [event] = again.events()
    assert event.count == 5 and event.title != old.title
