"""Word lists for planting edits (bench/compare_plant.py).

These are the benchmark's own, kept apart from the product's lexicon on
purpose: the benchmark must not see the text through the same lists that the
comparison uses, or a gap in one would hide a gap in the other. Each table
maps a form (lower case; matched also with a capital first letter) to what
the copy puts in its place.
"""

from __future__ import annotations

ROLE = {
    "prime minister": "foreign secretary", "chief executive": "chairman", "vice president": "president",
    "minister": "chancellor", "chancellor": "minister", "secretary": "minister", "spokesperson": "spokeswoman",
    "spokesman": "spokeswoman", "spokeswoman": "spokesman", "chairman": "chief executive",
    "chairwoman": "chief executive", "president": "chairman", "director": "manager", "manager": "director",
    "governor": "senator", "senator": "governor", "mayor": "governor", "congressman": "senator",
    "ambassador": "consul", "judge": "prosecutor", "prosecutor": "judge", "lawyer": "accountant",
    "coach": "captain", "captain": "coach", "editor": "reporter", "reporter": "editor",
    "professor": "lecturer", "analyst": "adviser", "adviser": "analyst", "founder": "investor",
    "owner": "tenant", "producer": "director", "singer": "songwriter", "actor": "producer",
    "actress": "producer", "leader": "deputy", "striker": "defender", "defender": "striker",
    "goalkeeper": "defender", "midfielder": "defender", "treasurer": "secretary",
    "commissioner": "inspector", "economist": "banker", "chef": "waiter", "pilot": "engineer",
    "work for": "are the owners of", "works for": "owns", "worked for": "owned",
}

# Groups of names that can stand in one another's place.
PLACES = {
    "country": "UK US Britain England Scotland Wales Ireland France Germany Spain Italy Russia China Japan India "
               "Pakistan Iran Iraq Syria Israel Egypt Afghanistan Australia Canada Mexico Brazil Ukraine Greece "
               "Libya Cuba Venezuela Poland Sweden Norway Nigeria Kenya Argentina".split(),
    "state": "Texas California Florida Ohio Virginia Iowa Arizona Georgia Michigan Pennsylvania Colorado Nevada "
             "Wisconsin Utah Oregon Kentucky".split() + ["New Jersey", "New Hampshire", "North Carolina", "South Carolina"],
    "city": "London Paris Berlin Moscow Beijing Tokyo Chicago Boston Edinburgh Glasgow Cardiff Belfast Birmingham "
            "Brussels Dublin Sydney Baghdad Kabul Damascus Tehran Jerusalem Rome Madrid Mumbai Seattle Denver Atlanta "
            "Houston Dallas Miami Philadelphia Detroit Leeds Bristol".split() + ["New York", "Los Angeles", "San Francisco"],
}
ORGS = {
    "uk party": ["Labour", "Conservative", "Liberal Democrat"],
    "uk parties": ["Tories", "Conservatives", "Liberal Democrats", "Labour"],
    "us party": ["Democrats", "Republicans"],
    "us party adj": ["Democratic", "Republican"],
    "agency": ["FBI", "CIA", "NSA", "Pentagon"],
    "union": ["EU", "UN", "Nato", "IMF", "WTO"],
    "company": "Microsoft Apple Google Sony Nintendo IBM Intel Yahoo Amazon Facebook Twitter Vodafone Samsung Nokia".split(),
    "media": ["BBC", "ITV", "CNN", "Reuters", "Channel 4"],
}

DESCRIPTOR = {  # what a group of people is (occupations are roles: not here)
    "nationals": "immigrants", "immigrants": "refugees", "refugees": "migrants", "migrants": "refugees",
    "voters": "citizens", "citizens": "residents", "residents": "voters", "children": "teenagers",
    "teenagers": "children", "adults": "pensioners", "pensioners": "residents", "women": "mothers",
    "civilians": "residents", "protesters": "rioters", "demonstrators": "rioters", "rioters": "protesters",
    "customers": "shareholders", "shareholders": "customers", "investors": "customers", "users": "customers",
    "consumers": "voters", "fans": "members", "members": "supporters", "supporters": "members",
    "militants": "rebels", "rebels": "militants", "insurgents": "rebels", "Americans": "immigrants",
    "people": "residents", "liberals": "conservatives", "conservatives": "liberals", "locals": "tourists",
    "tourists": "locals", "homeowners": "tenants", "tenants": "homeowners", "taxpayers": "voters",
    "parents": "guardians", "families": "households", "households": "families", "students": "graduates",
    "graduates": "students", "victims": "survivors", "survivors": "victims", "suspects": "witnesses",
    "witnesses": "suspects", "veterans": "civilians",
    "British": "English", "English": "British", "Scottish": "British", "Welsh": "English",
}
# Words capitalised inside a sentence that are no one's name.
NOT_NAMES = frozenset(
    """
the this that these those there then they their them what when where which while who whose why how
but and for nor yet also after before since until during because although though however despite
january february march april may june july august september october november december monday tuesday
wednesday thursday friday saturday sunday christmas easter god internet web english british american
european african asian chinese french german russian irish scottish welsh spanish italian japanese
indian muslim christian jewish catholic islamic western eastern northern southern north south east west
canadian australian mexican israeli palestinian iraqi iranian syrian afghan pakistani korean ukrainian dutch greek polish
prince princess king queen lord lady sir dame president senator governor mayor minister chancellor secretary judge general
""".split()
)

NUMBER_WORDS = {
    "two": "three", "three": "four", "four": "five", "five": "six", "six": "seven", "seven": "eight",
    "eight": "nine", "nine": "eleven", "ten": "twelve", "eleven": "nine", "twelve": "ten", "twenty": "thirty",
    "thirty": "forty", "forty": "fifty", "fifty": "sixty", "hundred": "thousand", "thousand": "hundred",
    "million": "billion", "billion": "million",
}

AUXILIARIES = "is was are were will would could should can did does must".split()
NEGATED = {
    "didn't": "did", "doesn't": "does", "don't": "do", "isn't": "is", "wasn't": "was", "aren't": "are",
    "weren't": "were", "won't": "will", "can't": "can", "couldn't": "could", "wouldn't": "would",
    "shouldn't": "should", "hasn't": "has", "haven't": "have", "hadn't": "had", "cannot": "can",
}
OPPOSITES = {  # negation: one says it is true where the other says it is not
    "denied": "admitted", "admitted": "denied", "deny": "admit", "denies": "admits", "admits": "denies",
    "confirmed": "denied", "never": "always", "always": "never",
}
HEDGE_ADVERBS = ["reportedly", "allegedly", "apparently", "possibly", "probably"]
APPROXIMATORS = ["about", "nearly", "almost", "around", "approximately", "roughly", "more than", "at least", "up to", "some"]
HEDGED_FORMS = {  # "is thought to be" -> "is"
    "is thought to be": "is", "are thought to be": "are", "is believed to be": "is", "are believed to be": "are",
    "is said to be": "is", "was thought to be": "was", "was believed to be": "was", "is thought to have": "has",
    "are thought to have": "have", "is believed to have": "has", "are believed to have": "have",
    "is expected to": "will", "are expected to": "will", "is likely to": "will", "are likely to": "will",
}
MODALS = {"may": "will", "might": "will", "could": "will", "will": "may"}

SAID = {"said": "claimed", "says": "claims", "told": "assured", "added": "insisted", "stated": "claimed"}
OUTLETS = ["the BBC", "BBC News", "Reuters", "the Associated Press", "CNN", "reporters", "Fox News", "The New York Times"]

QUOTE_WORDS = {
    "very": "really", "really": "truly", "important": "crucial", "good": "great", "great": "good", "bad": "poor",
    "big": "huge", "small": "little", "new": "fresh", "want": "wish", "wanted": "hoped", "need": "require",
    "needs": "requires", "think": "believe", "believe": "think", "know": "understand", "help": "support",
    "make": "create", "made": "created", "get": "obtain", "got": "received", "people": "persons",
    "country": "nation", "always": "often", "clear": "obvious", "sure": "certain", "hope": "expect",
    "tolerate": "bear", "way": "manner", "time": "moment", "problem": "issue", "problems": "issues",
    "issue": "matter", "right": "correct", "wrong": "mistaken", "happy": "pleased", "pleased": "glad",
    "difficult": "hard", "hard": "tough", "easy": "simple", "strong": "robust", "able": "ready",
    "ready": "prepared", "best": "finest", "real": "genuine", "whole": "entire", "many": "numerous",
    "fight": "battle", "job": "task", "government": "administration", "decision": "choice",
    "plan": "proposal", "money": "funds", "change": "shift", "better": "stronger", "worse": "weaker",
    "chance": "opportunity", "start": "begin", "keep": "maintain", "feel": "sense", "give": "offer",
    "going": "planning", "done": "achieved", "work": "effort", "world": "globe", "family": "household",
    "children": "kids", "today": "now", "years": "decades", "week": "month", "absolutely": "entirely",
    "committed": "dedicated", "proud": "honoured", "serious": "grave", "huge": "vast", "doing": "making",
    "seen": "witnessed", "fair": "just", "safe": "secure", "free": "open",
}

CLAIM_VERBS = {  # another action (not the opposite one: an opposite is a negation; not a verb of saying)
    "accused": "sued", "praised": "interviewed", "criticised": "interviewed", "criticized": "interviewed",
    "attacked": "visited", "defended": "visited", "supported": "drafted", "opposed": "drafted",
    "supports": "drafts", "opposes": "drafts", "backed": "drafted", "bought": "leased", "sold": "leased",
    "buy": "lease", "sell": "lease", "raised": "published", "increased": "reviewed", "reduced": "reviewed",
    "banned": "taxed", "allowed": "taxed", "launched": "delayed", "closed": "sold", "opened": "sold",
    "hired": "sued", "fired": "sued", "arrested": "questioned", "released": "questioned", "killed": "kidnapped",
    "injured": "kidnapped", "signed": "drafted", "won": "hosted", "lost": "hosted", "joined": "founded",
    "welcomed": "discussed", "condemned": "discussed", "blamed": "questioned", "thanked": "questioned",
    "warned": "reminded", "helped": "hired", "passed": "drafted", "blocked": "amended",
    "investigating": "funding", "impersonating": "intercepting", "win": "host", "lose": "host",
}
OBJECTS = {
    "plan": "deal", "deal": "plan", "law": "tax", "tax": "fee", "bill": "budget", "budget": "bill",
    "report": "letter", "letter": "report", "emails": "files", "files": "emails", "data": "emails",
    "money": "data", "shares": "bonds", "company": "bank", "bank": "company", "firm": "bank",
    "contract": "loan", "loan": "contract", "election": "referendum", "referendum": "election",
    "proposal": "budget", "scheme": "deal", "rules": "taxes", "homes": "offices", "jobs": "contracts",
    "game": "title", "match": "title", "policy": "deal", "website": "network", "network": "website",
    "system": "network", "vote": "debate", "debate": "vote", "agreement": "loan", "offer": "loan",
}
DETERMINERS = frozenset("the a an his her their its our this that".split())
PARTICLES = frozenset("away back up out off down over on in by through".split())  # "passed away" is no "blocked away"
NOT_VERBS = frozenset(  # a word before a determiner that shows no verb governs the noun
    """
of in on at to for from by with about into over under after before between against during without
within through and or but as than like is was are were be been being that which who this
""".split()
)

# Neutral edits.
SPELLING = {  # British -> American; the planter also goes the other way
    "realise": "realize", "realised": "realized", "realises": "realizes", "organise": "organize",
    "organised": "organized", "organisation": "organization", "organisations": "organizations",
    "recognise": "recognize", "recognised": "recognized", "criticise": "criticize", "criticised": "criticized",
    "apologise": "apologize", "apologised": "apologized", "authorised": "authorized", "emphasised": "emphasized",
    "finalised": "finalized", "privatisation": "privatization", "modernisation": "modernization",
    "programme": "program", "programmes": "programs", "defence": "defense", "offence": "offense",
    "licence": "license", "colour": "color", "favour": "favor", "favourite": "favorite", "labour": "labor",
    "centre": "center", "centres": "centers", "behaviour": "behavior", "honour": "honor", "neighbours": "neighbors",
    "analyse": "analyze", "travelled": "traveled", "cancelled": "canceled", "jewellery": "jewelry",
    "theatre": "theater", "metres": "meters", "kilometres": "kilometers", "catalogue": "catalog",
    "grey": "gray", "tyres": "tires", "sceptical": "skeptical",
}
HONORIFICS = ["Mr", "Mrs", "Ms", "Dr"]
