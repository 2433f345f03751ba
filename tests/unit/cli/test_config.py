"""Every config value is checked (issue 16, items 8 and 9): a wrong type or
range is refused in one line naming the key, an interval below its floor is
raised to it with a one-line warning, and the config file itself is read
only when it is a regular file of a sane size."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader.cli.commands import main
from reader.core import config
from reader.core.config import Config, ConfigError, keymap_problems


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def index_dir(seeded_dir):
    return str(seeded_dir)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "-5", "0", "true", '"20"', "5000", "[1]"])
def test_bad_max_file_mb_is_refused_in_one_line(tmp_path, monkeypatch, capsys, value, index_dir):
    path = write(tmp_path, f"max_file_mb = {value}\n")
    with pytest.raises(ConfigError, match="max_file_mb must be"):
        config.load(path)
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    assert main(["index", str(tmp_path / "none"), "--index", str(tmp_path / "ix")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "max_file_mb" in err and str(path) in err


@pytest.mark.parametrize("value", ["0.5", "20", "4096"])
def test_good_max_file_mb_is_taken(tmp_path, value):
    assert config.load(write(tmp_path, f"max_file_mb = {value}\n")).max_file_mb == float(value)


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "true", '"5"', "1e12"])
def test_bad_refresh_interval_is_refused(tmp_path, value):
    with pytest.raises(ConfigError, match="feeds_refresh_minutes must be a number of minutes: 0"):
        config.load(write(tmp_path, f"feeds_refresh_minutes = {value}\n"))


@pytest.mark.parametrize("value", ["1e-9", "0.01", "4.9"])
def test_a_tiny_refresh_interval_is_floored_and_said(tmp_path, monkeypatch, capsys, value, index_dir):
    path = write(tmp_path, f"feeds_refresh_minutes = {value}\n")
    cfg = config.load(path)
    assert cfg.feeds_refresh_minutes == config.REFRESH_FLOOR_MINUTES == 5
    [warning] = cfg.warnings
    assert "feeds_refresh_minutes" in warning and "every 5 minutes" in warning
    monkeypatch.setenv("NEWSREADER_CONFIG", str(path))
    assert main(["list", "--index", index_dir, "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["total"] > 0
    assert err.count("\n") == 1 and "feeds_refresh_minutes" in err


@pytest.mark.parametrize("value,minutes", [("0", 0), ("5", 5), ("90.5", 90.5)])
def test_refresh_intervals_in_range_are_kept(tmp_path, value, minutes):
    cfg = config.load(write(tmp_path, f"feeds_refresh_minutes = {value}\n"))
    assert cfg.feeds_refresh_minutes == minutes and cfg.warnings == ()


@pytest.mark.parametrize("text,needle", [
    ("theme = 5\n", "theme must be a string"),
    ("engine = true\n", "engine must be a string"),
    ("max_file_mb = \n", "config file"),
    ("text_width = 5\n", "text_width must be a whole number"),
    ("text_width = 72.5\n", "text_width must be a whole number"),
    ("text_width = true\n", "text_width must be"),
])
def test_other_values_are_checked(tmp_path, text, needle):
    with pytest.raises(ConfigError, match=needle.replace("[", r"\[").replace("]", r"\]")):
        config.load(write(tmp_path, text))


@pytest.mark.parametrize("text", ["keymap = 3\n", "[keymap]\nquit = 5\n"])
def test_a_keymap_that_is_no_table_of_keys_is_said_and_left_out(tmp_path, text):
    cfg = config.load(write(tmp_path, text))
    assert cfg.keymap == {} and len(cfg.warnings) == 1 and "[keymap]" in cfg.warnings[0]


def test_an_unknown_key_is_ignored_and_said(tmp_path):
    cfg = config.load(write(tmp_path, "feeds_refresh_minute = 30\ntheme = \"nord\"\n"))
    assert cfg.theme == "nord" and cfg.feeds_refresh_minutes == 0
    [warning] = cfg.warnings
    assert "unknown key 'feeds_refresh_minute' ignored" in warning


def test_text_width_is_taken(tmp_path):
    assert config.load(write(tmp_path, "text_width = 100\n")).text_width == 100
    assert Config().text_width == 78


def test_the_defaults_need_no_file(tmp_path):
    assert config.load(tmp_path / "absent.toml") == Config()


@pytest.mark.parametrize("what", ["fifo", "device", "folder", "huge"])
def test_a_config_that_is_no_regular_file_is_not_read(tmp_path, what):
    path = tmp_path / "config.toml"
    if what == "fifo":
        os.mkfifo(path)
    elif what == "device":
        path = Path("/dev/zero")
    elif what == "folder":
        path.mkdir()
    else:
        path.write_text("# " + "x" * (config.MAX_CONFIG_BYTES + 10) + "\n")
    with pytest.raises(ConfigError) as caught:
        config.load(path)  # returns at once: a FIFO is not waited on
    message = str(caught.value)
    assert "\n" not in message and ("not a regular file" in message or "too large" in message)


# --- the command line's own numbers -----------------------------------------------

@pytest.mark.parametrize("wait", ["nan", "inf", "-1", "1e9"])
def test_bad_wait_is_refused_in_one_line(tmp_path, capsys, wait):
    assert main(["index", str(tmp_path), "--index", str(tmp_path / "ix"), "--wait", wait]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--wait must be a number of seconds" in err
    assert not (tmp_path / "ix").exists()


@pytest.mark.parametrize("argv", [["list"], ["index", "seeds"], ["search", "x"], ["feeds", "list"]])
def test_an_empty_index_name_is_refused_in_one_line(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--index", ""]) == 1
    err = capsys.readouterr().err
    assert err == "newsreader: --index needs a folder; it was given an empty name\n"
    assert list(tmp_path.iterdir()) == []  # nothing was made in the current folder


# --- [keymap] ----------------------------------------------------------------------

def test_keymap_keys_that_cannot_be_read_are_named():
    problems = keymap_problems({
        "app.quit": "ctrl+q", "app.help": "question_mark,f1", "library.search": "slash",
        "list.down": "ctr+j", "list.up": "ctrl q", "article.back": "?", "article.next_match": "enterr",
        "article.terms": "",
    })
    assert len(problems) == 5 and all("\n" not in p for p in problems)
    text = "\n".join(problems)
    assert "list.down" in text and "'ctr', not a modifier" in text
    assert "list.up" in text and "holds a space" in text
    assert "article.back" in text and "write it as 'question_mark'" in text
    assert "article.next_match" in text and "not a key name" in text
    assert "article.terms" in text


def test_one_key_for_two_actions_is_said_where_both_work():
    defaults = {"app.quit": "q", "library.search": "slash", "article.back": "escape", "list.down": "j"}
    problems = keymap_problems({"library.sort": "slash", "article.toggle_read": "q", "list.up": "escape"}, defaults)
    assert len(problems) == 2
    text = "\n".join(problems)
    assert "'slash' is given to both library.search and library.sort" in text
    assert "'q' is given to both app.quit and article.toggle_read" in text
    # list.up and article.back never work at the same time; the defaults alone are the app's business
    assert keymap_problems({}, {"app.quit": "q", "library.quit": "q"}) == []
