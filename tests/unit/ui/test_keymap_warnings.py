"""The [keymap] table checked at start: a misspelt id, an unreadable key and
a key given to two actions are each said in one line."""

from __future__ import annotations

from reader.ui.keymap import keymap_warnings, unknown_ids

DEFAULTS = {"app.quit": "Q", "app.help": "question_mark", "article.next_match": "n",
            "article.search": "slash", "list.half_page_down": "ctrl+d"}


def test_a_misspelt_id_is_named_with_the_nearest_real_one():
    lines = unknown_ids({"article.nxt_match": "x", "app.quit": "q"}, DEFAULTS)
    assert lines == ["[keymap] article.nxt_match: no binding has this id (did you mean article.next_match?); ignored"]


def test_an_old_id_is_not_unknown():
    assert unknown_ids({"list.page_down": "x"}, DEFAULTS) == []


def test_each_problem_is_one_line():
    lines = keymap_warnings({"app.qiut": "x", "app.help": "ctrl+?", "article.next_match": "slash"}, DEFAULTS)
    assert len(lines) == 3, lines
    assert "app.qiut" in lines[0] and "app.quit" in lines[0]
    assert any("app.help" in line and "ctrl+?" in line for line in lines)
    assert any("'slash'" in line and "article.next_match" in line and "article.search" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_a_good_keymap_says_nothing():
    assert keymap_warnings({"app.quit": "ctrl+q", "list.page_down": "x"}, DEFAULTS) == []
