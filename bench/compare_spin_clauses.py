"""Clauses reordered by the paraphrase spinner (bench/compare_spin.py), where
the order changes neither who says what nor when: "X said Y." <-> "Y, X
said."; ', said X.' <-> ', X said.'; "On Monday, X did Y." -> "X did Y on
Monday." (Y one clause, with no verb of saying); "X because Y." ->
"Because Y, X.". A sentence with quotation marks is only ever inverted at
its tail (', said X.')."""

from __future__ import annotations

import re

from bench import compare_words as W


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


_PRONOUN = r"(?:He|She|They|It|We)"
_PERSON = r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sir|Lord)\.? )?[A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3}"
_THE_NOUNS = r"(?:The|A|An) (?:[a-z][\w-]+ ){0,2}[a-z][\w-]+"
_SAYS = r"(?P<verb>said|says|added)"
_SAID_FIRST = re.compile(rf"^(?P<who>{_PRONOUN}|{_THE_NOUNS}|{_PERSON}) {_SAYS}(?P<that> that)? (?P<rest>[^\"“”]+?)(?P<end>\.)$")
_SAID_LAST = re.compile(rf"^(?P<rest>[^\"“”]+?), (?P<who>he|she|they|it|we|{_THE_NOUNS.replace('(?:The|A|An)', '(?:the|a|an)')}|{_PERSON}) {_SAYS}(?P<end>\.)$")
_NAMED = r"(?:(?:Mr|Mrs|Ms|Dr)\.? [A-Z][\w’'-]+|(?:the|a) [a-z]+(?: [a-z]+)?|[A-Z][a-z]+ [A-Z][\w’'-]+)"
_SAID_WHO = re.compile(rf"(?<=[,”\"] )said (?P<who>{_NAMED})(?P<end>\.)$")
_WHO_SAID = re.compile(rf"(?<=[,”\"] )(?P<who>{_NAMED}) said(?P<end>\.)$")
_INTRO = re.compile(r"^(?P<intro>(?:On|In|At|During|Last|Earlier|By|After|Before|Over) [^,\"“”]{1,40}), (?P<rest>[^\"“”,;:]+)(?P<end>\.)$")
_BECAUSE = re.compile(r"^(?P<main>[^\"“”,;:]+?) (?P<because>because) (?P<why>[^\"“”,;:]+)(?P<end>\.)$")
_SPEECH = re.compile(r"\b(?:said|says|told|tells|added|announced|according|stated|claimed|reported|reports|insisted|warned|noted|notes|"
                     r"wrote|writes|argued|argues|explained|suggested|believes|believed|thinks|thought|confirmed|denied|admitted|revealed)\b")
_CLAUSE = re.compile(r"\b(?:that|which|who|because|when|if|while|after|before|until|as|although|unless)\b")
_FUNCTION = frozenset(W.NOT_VERBS | W.DETERMINERS | {"who", "whom", "whose", "when", "where", "and", "but", "or", "not", "no"})
_OPEN_PREP = frozenset("on in at last yesterday today tonight earlier later this after before during when while if to of for with by".split())
_LOWERABLE = frozenset("the a an it he she they we there this these those its his her their our some all many more".split())


def _lowerable(word: str, text: str) -> bool:
    """Its lower-case form may stand inside a sentence: a function word, or
    a word the article writes in lower case (not a name)."""
    w = word.strip("“\"‘(").lower()
    return w in _LOWERABLE or re.search(rf"\b{re.escape(w)}\b", text) is not None


def _who_ok(who: str, text: str) -> bool:
    words = who.split()
    if re.fullmatch(_PRONOUN, who) or words[0] in ("The", "A", "An"):
        return not any(w in _FUNCTION for w in words[1:])
    return not _lowerable(words[0], text)  # "But Mr Smith", "Police": no name opens the sentence


def reorder(text: str, s0: int, sent: str) -> tuple[str, list] | None:
    """A reordered plan of the sentence at s0: segments ("r", a0, a1, case)
    or ("l", literal, anchor), case "up", "down" or None."""
    def r(m, g, case=None):
        return ("r", s0 + m.start(g), s0 + m.end(g), case)

    def lit(s, at):
        return ("l", s, s0 + at)
    if (m := _SAID_FIRST.match(sent)) and _who_ok(m["who"], text):
        rest = m["rest"]
        if len(rest.split()) >= 4 and rest.split()[0] not in _OPEN_PREP and not _SPEECH.search(rest):
            down = "down" if _lowerable(m["who"].split()[0], text) else None
            return "said last", [r(m, "rest", "up"), lit(", ", m.end("rest")), r(m, "who", down), lit(" ", m.end("who")), r(m, "verb"), r(m, "end")]
    if (m := _SAID_LAST.match(sent)) and _who_ok(cap(m["who"]), text):
        rest = m["rest"]
        if len(rest.split()) >= 4 and not _SPEECH.search(rest):
            down = "down" if _lowerable(rest.split()[0], text) else None
            return "said first", [r(m, "who", "up"), lit(" ", m.start("verb")), r(m, "verb"), lit(" ", m.start("rest")), r(m, "rest", down), r(m, "end")]
    for pat, order, kind in ((_SAID_WHO, ("who", "said"), "speaker before verb"), (_WHO_SAID, ("said", "who"), "verb before speaker")):
        if m := pat.search(sent):
            said = re.search(r"said", sent[m.start():]).start() + m.start()
            parts = {"who": ("r", s0 + m.start("who"), s0 + m.end("who"), None), "said": ("r", s0 + said, s0 + said + 4, None)}
            return kind, [("r", s0, s0 + m.start(), None), parts[order[0]], lit(" ", m.start("who")), parts[order[1]], r(m, "end")]
    if '"' in sent or "“" in sent or "”" in sent:
        return None
    if (m := _INTRO.match(sent)) and len(m["intro"].split()) <= 6:
        rest = m["rest"]
        if len(rest.split()) >= 4 and not _SPEECH.search(rest) and not _CLAUSE.search(rest):
            return "time phrase last", [r(m, "rest", "up"), lit(" ", m.end("rest")), r(m, "intro", "down"), r(m, "end")]
    if m := _BECAUSE.match(sent):
        main, why = m["main"], m["why"]
        if len(main.split()) >= 4 and len(why.split()) >= 3 and not _SPEECH.search(sent):
            down = "down" if _lowerable(main.split()[0], text) else None
            return "because first", [r(m, "because", "up"), lit(" ", m.start("why")), r(m, "why"), lit(", ", m.end("why")),
                                     r(m, "main", down), r(m, "end")]
    return None
