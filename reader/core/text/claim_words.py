"""What a sentence says was done, and to what: verbs of news events and the
things news says they are done to, in groups of one meaning.

A rewrite swaps a word for another of its group ("bought" / "purchased",
"deal" / "agreement"): no change of fact. A word put for one of another
group ("bought" / "leased", "deal" / "loan") changes what the sentence
claims. Words in no group (most of English: "place", "include", "give")
tell nothing either way, so the comparison lists a claim only where both
words are here, in different groups.

Verbs are written in their base form (and past forms where irregular):
their -s, -ed and -ing forms are made here; nouns are written in every
form counted. No stemmer: it would make "appointment" a form of "appoint"
and "investment" one of "invest". A word
that is also a common noun of another sense is left out ("charges" the
fee, "states" the countries), and so are verbs of saying (fact_words.SAYING:
attribution) and the opposites that are negations (fact_words.ANTONYMS).
"""

from __future__ import annotations

ACTIONS = [
    # law and order
    "accuse accused accusing accuses allege charged indicted indict",
    "arrest arrested detain detained apprehend apprehended",
    "release released freed freeing",
    "question questioned interrogate interrogated interview interviewed",
    "investigate investigated investigating probe probed probing examine examined inquire",
    "convict convicted",
    "acquit acquitted clear cleared exonerate exonerated",
    "sentence sentenced jail jailed imprison imprisoned",
    "fine fined penalise penalised penalize penalized",
    "sue sued suing",
    "prosecute prosecuted",
    "extradite extradited deport deported expel expelled",
    "raid raided search searched",
    "seize seized confiscate confiscated",
    "steal stole stolen rob robbed loot looted",
    "smuggle smuggled traffic trafficked",
    "hack hacked breach breached infiltrate infiltrated",
    "intercept intercepted eavesdrop wiretap wiretapped monitor monitored track tracked spy spied",
    "impersonate impersonated pose posed masquerade",
    "threaten threatened intimidate intimidated",
    "harass harassed abuse abused",
    "bribe bribed",
    "defraud defrauded swindle swindled scam scammed",
    "forge forged falsify falsified fabricate fabricated",
    "leak leaked",
    "sanction sanctioned penalty punish punished discipline disciplined",
    # violence and harm
    "kill killed slay slain murder murdered",
    "injure injured wound wounded hurt",
    "kidnap kidnapped abduct abducted",
    "shoot shot",
    "stab stabbed",
    "bomb bombed shell shelled",
    "attack attacked assault assaulted strike struck",
    "invade invaded occupy occupied",
    "rescue rescued save saved",
    "evacuate evacuated",
    "die died",
    "survive survived",
    "recover recovered",
    # politics and government
    "elect elected vote voted",
    "appoint appointed nominate nominated",
    "resign resigned quit",
    "dismiss dismissed fire fired sack sacked oust ousted",
    "hire hired employ employed recruit recruited",
    "ban banned prohibit prohibited outlaw outlawed bar barred forbid forbade",
    "allow allowed permit permitted authorise authorised authorize authorized",
    "approve approved endorse endorsed ratify ratified",
    "veto vetoed block blocked",
    "pass passed adopt adopted enact enacted",
    "sign signed",
    "draft drafted write wrote",
    "amend amended revise revised",
    "repeal repealed revoke revoked scrap scrapped abolish abolished",
    "propose proposed",
    "introduce introduced launch launched unveil unveiled",
    "delay delayed postpone postponed",
    "cancel cancelled canceled",
    "suspend suspended",
    "impose imposed",
    "lift lifted ease eased",
    "tax taxed",
    "fund funded finance financed",
    "subsidise subsidised subsidize subsidized",
    "cut reduce reduced lower lowered",
    "raise raised increase increased boost boosted",
    "freeze froze frozen",
    "protest protested demonstrate demonstrated",
    "boycott boycotted",
    "negotiate negotiated",
    "summon summoned",
    "praise praised commend commended hail hailed",
    "criticise criticised criticize criticized condemn condemned denounce denounced",
    "blame blamed",
    "thank thanked",
    "welcome welcomed",
    "support supported backed",
    "oppose opposed",
    "defend defended protect protected safeguard safeguarded",
    "help helped aid aided assist assisted",
    "visit visited",
    "host hosted",
    "meet met",
    "discuss discussed debate debated",
    # business and money
    "buy bought purchase purchased acquire acquired",
    "sell sold",
    "lease leased rent rented",
    "lend lent loan loaned",
    "borrow borrowed",
    "invest invested",
    "merge merged",
    "own owned",
    "found founded establish established",
    "closed shut",
    "opened",
    "build built construct constructed",
    "demolish demolished destroy destroyed",
    "pay paid",
    "owe owed",
    "publish published print printed",
    "review reviewed assess assessed evaluate evaluated",
    "export exported",
    "import imported",
    "produce produced manufacture manufactured",
    # sport and contests
    "win won",
    "lose lost",
    "beat",
    "score scored",
    "join joined",
    "leave left",
    "retire retired",
]

OBJECTS = [
    "plan plans scheme schemes proposal proposals strategy blueprint",
    "deal deals agreement agreements pact accord treaty",
    "law laws legislation",
    "bill bills",
    "tax taxes levy levies tariff tariffs",
    "fee fees",
    "fines penalty penalties",
    "budget budgets",
    "report reports study survey",
    "letter letters",
    "email emails message messages correspondence",
    "file files document documents paperwork",
    "data information records details",
    "money cash funds funding",
    "loan loans",
    "debt debts",
    "contract contracts",
    "shares stock stocks equity",
    "bond bonds",
    "bank banks lender lenders",
    "company companies firm firms business businesses",
    "election elections poll polls ballot",
    "referendum",
    "home homes house houses",
    "office offices",
    "job jobs",
    "school schools",
    "hospital hospitals",
    "prison prisons jail",
    "court courts tribunal",
    "network networks",
    "website websites site",
    "phone phones telephone",
    "computer computers",
    "car cars vehicle vehicles",
    "weapon weapons arms",
    "drug drugs",
    "property properties",
    "title titles championship crown",
    "game games match matches fixture",
    "profit profits earnings income",
    "revenue revenues sales turnover",
    "price prices",
    "wage wages salary salaries pay",
    "pension pensions",
    "rules regulation regulations",
    "vaccine vaccines",
    "policy policies",
]


def _forms(word: str) -> set[str]:
    """A word and the forms news inflects it to ("pose": poses, posed, posing)."""
    out = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y"):
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouywx" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        out |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "ban": banned, banning
    return out


def _index(groups: list[str], inflect: bool) -> dict[str, int]:
    out: dict[str, int] = {}
    for k, group in enumerate(groups):
        for w in group.split():
            for form in (_forms(w) if inflect else {w}):
                out.setdefault(form, k)
    return out


# Forms of the verbs above that are neither base + ed nor base + ing.
_IRREGULAR = frozenset(
    """
bought sold won lost shot struck stole stolen met paid built left wrote froze frozen forbade lent slain
beat quit shut cut
""".split()
)


def irregular(word: str) -> bool:
    return word in _IRREGULAR


_ACTION = _index(ACTIONS, inflect=True)
_OBJECT = _index(OBJECTS, inflect=False)


def action(word: str) -> int | None:
    """The group of a verb of a news event, in a form of the verb (a
    lower-case word: "hacked", "hacking", not "hacker"), or None."""
    return _ACTION.get(word)


def thing(word: str) -> int | None:
    """The group of a thing news says something is done to, or None."""
    return _OBJECT.get(word)
