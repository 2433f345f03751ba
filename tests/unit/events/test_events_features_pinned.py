"""The events' features of a few written articles, pinned as ffc66b5 computed them (terms in their
order with their values' types, every set, the days, and the rows' text), so that a change made for
speed (events/features.py, rows.py, the tokenizer's runs) shows if it changes what is extracted."""

from __future__ import annotations

from array import array
from datetime import datetime, timezone

import pytest

from reader.core.events import features as ft
from reader.core.events import rows
from reader.core.text.words import content_terms, run_terms

BODY = ("Rescue teams searched collapsed buildings overnight in Malatya; officials said twenty-one were injured and "
        "1,500 homes damaged in 2023’s worst quake. Okafor’s deputy will lead the ministry until March 15. "
        "\"We have lost everything,\" a shopkeeper told reporters. The U.N. sent tents, blankets and 12 doctors. ") * 3
ARTICLES = [
    ("Okafor resigns as 5.6-magnitude quake hits Malatya, killing seven",
     "Finance minister Ada Okafor resigned on Tuesday, hours after a 5.6-magnitude earthquake struck Malatya "
     "and killed seven people. “We will rebuild every home,” Okafor said.” The U.S. offered $420 million in aid, "
     "and the Senate voted 61-38 on the bill. SkyVale, a drone maker, said its 40,000 staff were safe.\n\n" + BODY,
     datetime(2024, 3, 7, 9, 30, tzinfo=timezone.utc)),
    ("SENATE PASSES BUDGET", "WASHINGTON (Reuters) - The Senate passed the budget yesterday by a vote of 51 to 49, "
     "sending it to the House. \"This is a good day,\" said the majority leader.", None),
    ("Piggy bank thief caught in Leeds on Jan. 2",
     "Ｆｉｆｔｙ officers and ﬁve dogs_two searched; SEVEN’S a crowd, ten-fold. "
     + "Police said the man, who took a “piggy bank” from a shop in Leeds, was caught on Monday. " * 8
     + " x" * 400, datetime(2023, 1, 4)),
]

# As ffc66b5 extracted them (title_weight 5, lead_weight 5, lead_chars 600, body_chars 3000), but for the
# first's "until March 15", read since as this year's (a date to come), not last year's.
EXPECTED = [{'day': 738950,
  'days': [738950, 738960],
  'encoded': '12 doctor rescu team search collaps build overnight malatya offici twenti on injur 1500 home damag '
             '2023 worst quak okafor deputi lead ministri march 15 lost everyth shopkeep report un sent tent blanket '
             'financ minist ada resign tuesdai hour 5.6-magnitude earthquak struck kill seven peopl rebuild us offer '
             '420 million aid senat vote 61-38 bill skyvale drone maker 40000 staff safe hit\n'
             'AAAAAAAACEAAAAAAAAAIQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAADNAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACxAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAKkAAAAAAAAA5QAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAIEAAAAAAAAAgQAAAAAAAACBAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAJkAAAAAAAAAYQAAAAAAAABhAAAAAAAAAJkAAAAAAAAAYQAAAAAAAABhAAAAAAAAAJkAAAAAAAAAmQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAUQA==',
  'headline_numbers': ['5.6', '7'],
  'numbers': ['15', '1500', '40000', '420', '5.6', '61', '7'],
  'opening': ['5.6-magnitude', 'ada', 'earthquak', 'financ', 'hit', 'hour', 'kill', 'malatya', 'minist', 'okafor',
              'peopl', 'quak', 'resign', 'seven', 'struck', 'tuesdai'],
  'quoted': ['lost\teveryth', 'rebuild\thome'],
  'rest': 'malatya okafor\n'
          'hit kill quak resign seven\n'
          '5.6-magnitude ada earthquak financ hit hour kill malatya minist okafor peopl quak resign seven struck '
          'tuesdai\n'
          '15 1500 40000 420 5.6 61 7\n'
          '5.6 7\n'
          '738950 738960\n'
          '1 4\n'
          'lost\teveryth rebuild\thome\n'
          '738950\n'
          '1',
  'subject': ['malatya', 'okafor'],
  'terms': [('12', 'int', 3), ('doctor', 'int', 3), ('rescu', 'float', 8.0), ('team', 'float', 8.0),
            ('search', 'float', 8.0), ('collaps', 'float', 8.0), ('build', 'float', 8.0), ('overnight', 'float', 8.0),
            ('malatya', 'float', 19.0), ('offici', 'float', 8.0), ('twenti', 'float', 8.0), ('on', 'float', 8.0),
            ('injur', 'float', 8.0), ('1500', 'float', 8.0), ('home', 'float', 14.0), ('damag', 'float', 8.0),
            ('2023', 'float', 8.0), ('worst', 'float', 8.0), ('quak', 'float', 13.0), ('okafor', 'float', 25.0),
            ('deputi', 'float', 8.0), ('lead', 'float', 8.0), ('ministri', 'float', 8.0), ('march', 'float', 8.0),
            ('15', 'float', 8.0), ('lost', 'float', 8.0), ('everyth', 'float', 8.0), ('shopkeep', 'float', 8.0),
            ('report', 'float', 8.0), ('un', 'float', 8.0), ('sent', 'float', 8.0), ('tent', 'float', 8.0),
            ('blanket', 'float', 8.0), ('financ', 'float', 6.0), ('minist', 'float', 6.0), ('ada', 'float', 6.0),
            ('resign', 'float', 11.0), ('tuesdai', 'float', 6.0), ('hour', 'float', 6.0),
            ('5.6-magnitude', 'float', 11.0), ('earthquak', 'float', 6.0), ('struck', 'float', 6.0),
            ('kill', 'float', 11.0), ('seven', 'float', 11.0), ('peopl', 'float', 6.0), ('rebuild', 'float', 6.0),
            ('us', 'float', 6.0), ('offer', 'float', 6.0), ('420', 'float', 6.0), ('million', 'float', 6.0),
            ('aid', 'float', 6.0), ('senat', 'float', 6.0), ('vote', 'float', 6.0), ('61-38', 'float', 6.0),
            ('bill', 'float', 6.0), ('skyvale', 'float', 6.0), ('drone', 'float', 6.0), ('maker', 'float', 6.0),
            ('40000', 'float', 6.0), ('staff', 'float', 6.0), ('safe', 'float', 6.0), ('hit', 'float', 5.0)],
  'weekday': 1,
  'weekdays': [1, 4],
  'what': ['hit', 'kill', 'quak', 'resign', 'seven']},
 {'day': None,
  'days': [],
  'encoded': 'washington reuter senat pass budget yesterdai vote 51 49 send hous good dai major leader senate '
             'passes\n'
             'AAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAmQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAFEAAAAAAAAAUQA==',
  'headline_numbers': [],
  'numbers': ['49', '51'],
  'opening': ['49', '51', 'budget', 'hous', 'pass', 'passes', 'reuter', 'senat', 'senate', 'send', 'vote',
              'washington', 'yesterdai'],
  'quoted': ['good\tdai'],
  'rest': 'senat\n'
          'budget passes senate\n'
          '49 51 budget hous pass passes reuter senat senate send vote washington yesterdai\n'
          '49 51\n'
          '\n'
          '\n'
          '\n'
          'good\tdai\n'
          '-\n'
          '-',
  'subject': ['senat'],
  'terms': [('washington', 'float', 6.0), ('reuter', 'float', 6.0), ('senat', 'float', 6.0), ('pass', 'float', 6.0),
            ('budget', 'float', 11.0), ('yesterdai', 'float', 6.0), ('vote', 'float', 6.0), ('51', 'float', 6.0),
            ('49', 'float', 6.0), ('send', 'float', 6.0), ('hous', 'float', 6.0), ('good', 'float', 6.0),
            ('dai', 'float', 6.0), ('major', 'float', 6.0), ('leader', 'float', 6.0), ('senate', 'float', 5.0),
            ('passes', 'float', 5.0)],
  'weekday': None,
  'weekdays': [],
  'what': ['budget', 'passes', 'senate']},
 {'day': 738522,
  'days': [738522],
  'encoded': 'mondai polic man took piggi bank shop leed caught ｆｉｆｔｙ offic five dog two search seven crowd ten fold '
             'thief jan 2\n'
             'AAAAAACAQEAAAAAAAABDQAAAAAAAAENAAAAAAAAAQ0AAAAAAAIBFQAAAAAAAgEVAAAAAAAAAQ0AAAAAAAIBFQAAAAAAAgEVAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAYQAAAAAAAABhAAAAAAAAAGEAAAAAAAAAUQAAAAAAAABRAAAAAAAAAFEA=',
  'headline_numbers': ['2'],
  'numbers': ['2', '5', '7'],
  'opening': ['2', 'bank', 'caught', 'crowd', 'dog', 'five', 'fold', 'jan', 'leed', 'offic', 'piggi', 'search',
              'seven', 'ten', 'thief', 'two', 'ｆｉｆｔｙ'],
  'quoted': ['piggi\tbank'],
  'rest': 'leed\n'
          'bank caught jan piggi thief\n'
          '2 bank caught crowd dog five fold jan leed offic piggi search seven ten thief two ｆｉｆｔｙ\n'
          '2 5 7\n'
          '2\n'
          '738522\n'
          '0\n'
          'piggi\tbank\n'
          '738522\n'
          '0',
  'subject': ['leed'],
  'terms': [('mondai', 'float', 33.0), ('polic', 'float', 38.0), ('man', 'float', 38.0), ('took', 'float', 38.0),
            ('piggi', 'float', 43.0), ('bank', 'float', 43.0), ('shop', 'float', 38.0), ('leed', 'float', 43.0),
            ('caught', 'float', 43.0), ('ｆｉｆｔｙ', 'float', 6.0), ('offic', 'float', 6.0), ('five', 'float', 6.0),
            ('dog', 'float', 6.0), ('two', 'float', 6.0), ('search', 'float', 6.0), ('seven', 'float', 6.0),
            ('crowd', 'float', 6.0), ('ten', 'float', 6.0), ('fold', 'float', 6.0), ('thief', 'float', 5.0),
            ('jan', 'float', 5.0), ('2', 'float', 5.0)],
  'weekday': 0,
  'weekdays': [0],
  'what': ['bank', 'caught', 'jan', 'piggi', 'thief']}]


@pytest.mark.parametrize("k", range(len(ARTICLES)))
def test_the_features_of_written_articles_are_as_pinned(k):
    title, text, published = ARTICLES[k]
    f = ft.extract(title, text, published, 5.0, 5.0, 600, 3000)
    want = EXPECTED[k]
    assert [(t, type(v).__name__, v) for t, v in f.terms.items()] == want["terms"]
    for name in ("subject", "what", "opening", "numbers", "headline_numbers", "days", "weekdays", "quoted"):
        assert sorted(getattr(f, name)) == want[name], name
    assert (f.day, f.weekday) == (want["day"], want["weekday"])
    assert rows.signature_rest(f) == want["rest"]
    assert rows.encode_terms(f.terms) == want["encoded"]


@pytest.mark.parametrize("run", ["said", "Okafor’s", "U.S.", "5.6-magnitude", "40,000", "“We", "home,”", "cyber-attack",
                                 "dogs_two", "ﬁve", "Ｆｉｆｔｙ", "APT31", "²", "61-38.", "...", "O’Neill", "x"])
def test_a_runs_terms_are_the_tokenizers_and_its_numbers_those_of_its_words(run):
    assert run_terms(run) == tuple(content_terms(run))
    slow = []  # _numbers_of's reading of each word, as before its fast path for runs of letters
    for w in ft.WORD.findall(run):
        low = ft._fold(w)
        if low in ft.lx.NUMBER_WORDS:
            slow.append(str(ft.lx.NUMBER_WORDS[low]))
        elif low[0].isdigit():
            m = ft._NUMBER.match(low)
            number = m.group().rstrip(".,").replace(",", "") if m else ""
            if number and not ft._YEARLIKE.match(number):
                slow.append(number)
    assert ft._numbers_of(run) == tuple(slow)


def test_term_ids_are_the_same_for_terms_kept_and_not(monkeypatch):
    terms = ["quak", "malatya", "okafor", "resign"]
    want = [rows._term_id(t) for t in terms]
    monkeypatch.setattr(rows, "_IDS", {"malatya": want[1]})
    monkeypatch.setattr(rows, "IDS_KEPT", 2)
    for given in (terms, iter(terms), dict.fromkeys(terms, 1.0)):
        assert array("q", rows.term_ids(given)).tolist() == want
    assert list(rows._IDS) == ["malatya", "quak"]  # the first met kept, up to IDS_KEPT


def test_the_first_sentence_of_a_lead_is_read_to_its_stop():
    lead = "Okafor resigned on Tuesday, hours after the quake, Okafor said.” Later words follow here."
    f = ft.extract("Headline", lead, datetime(2024, 3, 7, tzinfo=timezone.utc), 5.0, 5.0, 600, 3000)
    assert "said" not in f.opening and "said" not in f.terms  # a stop word either way
    assert {"okafor", "resign", "quak"} <= f.opening and not {"later", "word", "follow"} & f.opening
