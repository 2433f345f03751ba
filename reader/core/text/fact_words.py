"""Word lists for telling a changed fact from a change of wording: offices and
roles, what a group of people is called, places and the words for their
people, negation, hedges, verbs of saying, and the British and American
spellings of one word.

The general English lists (titles, organisation heads, stop words, number
words) are in lexicon.py; these are the ones only the comparison of two
reports needs. Words are lower case; verbs are listed in the forms news
writes them, not as stems, because a stem would merge "charged" (accused)
with "charges" (a fee) and "states" (says) with "states" (countries).
"""

from __future__ import annotations


def _groups(*groups: str) -> dict[str, str]:
    """word -> the first word of its group."""
    return {w: g.split()[0] for g in groups for w in g.split()}


# --- negation ----------------------------------------------------------------------
NEGATORS = frozenset("not no never none nobody nothing neither nowhere cannot without n't nt".split())
# Verbs and adjectives that say no without a negator: "prevent them from
# entering" is "they won't be able to enter".
NEGATIVE_VERBS = frozenset(
    """
prevent prevents prevented preventing stop stops stopped stopping ban bans banned bar bars barred refuse
refuses refused refusing fail fails failed failing unable lack lacks lacked prohibit prohibits prohibited
deny denies denied denying reject rejects rejected refute refutes refuted dispute disputes disputed neither
""".split()
)
# Words whose swap reverses what is said ("denied" for "admitted").
ANTONYMS = [
    ("denied denies deny denying rejected rejects refuted refutes disputed disputes",
     "admitted admits admit admitting confirmed confirms confirm accepted accepts accept acknowledged acknowledges"),
    ("guilty", "innocent"), ("legal lawful", "illegal unlawful"), ("true", "false untrue"),
    ("able", "unable"), ("likely", "unlikely"), ("aware", "unaware"), ("always", "never"),
    ("possible", "impossible"), ("responsible", "irresponsible"), ("consistent", "inconsistent"),
]
ANTONYM_OF: dict[str, int] = {}  # word -> +k or -k: the same k, opposite signs, are antonyms
for _k, (_plus, _minus) in enumerate(ANTONYMS, start=1):
    for _w in _plus.split():
        ANTONYM_OF.setdefault(_w, _k)
    for _w in _minus.split():
        ANTONYM_OF.setdefault(_w, -_k)

# --- hedges ------------------------------------------------------------------------
# A hedge says how sure the report is. Groups: a hedge swapped for one of its
# own group ("possibly" / "perhaps") is wording; for another group, a change.
HEDGES = _groups(
    "allegedly alleged purportedly purported supposedly ostensibly",
    "reportedly",
    "apparently seemingly appears appear appeared seems seem seemed",
    "may might could possibly perhaps maybe possible considering weighing",
    "probably likely presumably",
    "thought believed understood suspected expected feared rumoured rumored",
    "if unless",
)
# Hedges on a quantity: only before a number ("about 40", not "talked about").
APPROXIMATE = _groups(
    "about around approximately roughly some circa estimated",
    "nearly almost",
    "over more",  # "more than 40"
    "least",  # "at least 40"
    "up",  # "up to 40"
)

# --- who says it -------------------------------------------------------------------
SAYING = _groups(
    # Neutral reporting, one group: a rewrite swaps these freely ("said" /
    # "told" / "added" / "announced"). The groups after it cast doubt
    # ("claimed"), insist, admit, deny, warn, argue, hedge or vouch for it.
    "said says say saying told tells tell telling stated added adds noted notes explained explains wrote writes "
    "commented remarked described describes according spoke speaking referred reported announced announces "
    "declared declares",
    "claimed claims claim claiming alleges alleging asserted asserts contended contends purported",
    "insisted insists maintained maintains",
    "admitted admits conceded concedes acknowledged acknowledges confessed confesses",
    "denied denies rejected rejects refuted refutes disputed disputes",
    "warned warns cautioned cautions",
    "argued argues",
    "suggested suggests hinted hints implied implies",
    "revealed reveals disclosed discloses confirmed confirms",
)
# "alleged" says or hedges: "he alleged that" / "the alleged hacker".
ALLEGED = "alleged"

# --- roles -------------------------------------------------------------------------
# Offices, titles and occupations: what a person is.
ROLES = frozenset(
    """
minister ministers secretary secretaries chancellor chancellors president presidents premier
chairman chairwoman chairperson chair chief chiefs head heads leader leaders director directors executive
executives ceo founder founders cofounder owner owners manager managers boss bosses spokesman spokeswoman
spokesperson spokespeople ambassador ambassadors envoy envoys diplomat diplomats senator senators
congressman congresswoman representative governor governors mayor mayors judge judges justice prosecutor
prosecutors attorney attorneys lawyer lawyers solicitor barrister advocate commissioner commissioners
councillor councillors councilor mp mps mep meps msp peer peers treasurer adviser advisers
advisor advisors aide aides analyst analysts economist economists professor professors scientist
scientists researcher researchers journalist journalists reporter reporters editor editors author
employee employees worker workers contractor contractors consultant consultants engineer engineers
doctor doctors nurse nurses teacher teachers colonel captain commander detective inspector
sergeant constable officer officers official officials king queen prince princess monarch emperor pope
bishop cardinal imam rabbi priest coach activist activists campaigner campaigners dissident dissidents
businessman businesswoman entrepreneur investor billionaire tycoon politician politicians lawmaker
lawmakers legislator legislators candidate candidates nominee speaker whip employer staffer staffers
hacker hackers agent agents spy spies consul consuls singer singers songwriter songwriters musician
musicians actor actors actress actresses artist artists writer writers poet novelist producer producers
composer player players midfielder defender defenders striker strikers forward goalkeeper keeper winger
referee umpire athlete athletes presenter host broadcaster anchor chef farmer farmers pilot pilots
driver drivers banker bankers trader traders broker accountant architect designer photographer
filmmaker comedian dancer volunteer volunteers technician scholar historian surgeon physician
paramedic firefighter firefighters trustee governor chairmen
""".split()
)
# Another way to write one role: abbreviated as titles are, or spelt apart.
ROLE_FORMS = {
    "sen": "senator", "gov": "governor", "rep": "representative", "gen": "general", "lt": "lieutenant",
    "sgt": "sergeant", "capt": "captain", "col": "colonel", "prof": "professor", "pres": "president",
    "supt": "superintendent", "insp": "inspector", "det": "detective", "cllr": "councillor", "advisor": "adviser",
    "advisors": "advisers", "councilor": "councillor", "attorney": "lawyer", "attorneys": "lawyers",
}
# Words before a role that say whether and how a person holds it ("former").
ROLE_MODIFIERS = frozenset("former ex acting interim deputy vice shadow junior senior assistant late incoming outgoing".split())
# Words before a role that say which office it is ("Home Secretary"): a
# change only where the role beside them is the same on both sides.
ROLE_DOMAINS = frozenset(
    """
foreign home defence defense health finance interior education trade justice culture energy
environment security affairs state chief general prime agriculture agricultural transport
transportation housing communities labour labor pensions immigration sport sports science
technology digital treasury commerce industry tourism veterans fisheries climate welfare equality
""".split()
)
# Verbs that say whom a person works for or what they own (not "found": "engineers found defects").
ROLE_VERBS = frozenset(
    "work works worked working employed employs own owns owned founded chairs chaired heads headed "
    "serve serves served run runs ran lead leads led".split()
)

# Relation verbs that are nouns as often ("Work is due", "the lead"), read as verbs only after a
# word a verb follows ("who owns", "to lead": fact_rules' _BEFORE_VERB); the verbs' forms as one;
# occupations by their ending (no list holds them all: "a glaciologist", "an oceanographer").
ROLE_VERB_NOUNS = frozenset("work works own run runs lead leads head heads serve".split())
ROLE_VERB_STEMS = {"ran": "run", "runs": "run", "led": "lead", "leads": "lead", "owns": "own", "owned": "own",
                   "heads": "head", "headed": "head", "serves": "serv", "works": "work", "worked": "work"}
OCCUPATION_ENDINGS = ("ologist", "ologists", "ographer", "ographers", "ician", "icians", "onomist", "onomists")

# --- what a group is -------------------------------------------------------------
# Nouns that say what a group of people (or of things a number counts) is.
GROUPS = _groups(
    "people persons person individuals individual",
    "citizens citizen nationals", "residents inhabitants locals",
    "immigrants immigrant migrants migrant", "refugees refugee", "voters voter electors electorate",
    "taxpayers", "civilians", "protesters protestors demonstrators", "rioters",
    "students pupils", "children child kids minors", "adults", "men", "women", "boys", "girls",
    "families households", "critics", "supporters backers", "opponents", "suspects", "victims",
    "patients", "customers consumers clients", "users", "shareholders", "troops soldiers",
    "fans", "spectators viewers audiences", "readers", "listeners", "players", "athletes",
    "volunteers", "staff employees workers personnel", "officials dignitaries", "lawmakers legislators", "members",
    "fighters militants rebels insurgents", "terrorists", "police", "companies company firms firm businesses business",
    "groups group organisations organizations organisation organization", "countries nations states",
    "minority minorities", "communities community", "prisoners detainees", "delegates",
    "colleagues colleague", "friends", "relatives", "neighbours neighbors", "experts", "investors",
    "tourists visitors", "passengers commuters", "teenagers", "pensioners", "veterans",
)
# The words for a country's people, its capital (as metonym for its government)
# and the country: one key each, so "Beijing" for "China" is no change of place.
PLACES = _groups(
    "gb uk u.k britain british briton britons london whitehall westminster",
    "england english", "scotland scottish scots", "wales welsh", "ireland irish dublin",
    "us u.s usa u.s.a america american americans washington",
    "china chinese beijing prc", "russia russian russians moscow kremlin", "france french paris",
    "germany german germans berlin", "japan japanese tokyo", "india indian indians delhi",
    "australia australian australians canberra", "nz zealand zealander zealanders", "canada canadian canadians ottawa",
    "iran iranian iranians tehran", "israel israeli israelis", "ukraine ukrainian ukrainians kyiv kiev",
    "taiwan taiwanese taipei", "italy italian italians rome", "spain spanish madrid", "mexico mexican mexicans",
    "brazil brazilian", "turkey turkish ankara", "egypt egyptian cairo", "syria syrian syrians damascus",
    "iraq iraqi iraqis baghdad", "saudi saudis riyadh", "pakistan pakistani islamabad",
    "afghanistan afghan afghans kabul", "eu european brussels", "un",
)

# The words for a country's people (not the country): one for another is a
# change of what a group is ("British" / "English"), a country for another
# a change of place ("UK" / "American").
DEMONYMS = frozenset(
    """
british english scottish scots welsh irish american americans chinese russian russians french german
germans japanese indian indians australian australians canadian canadians iranian iranians israeli
israelis ukrainian ukrainians taiwanese italian italians spanish mexican mexicans brazilian turkish
egyptian syrian syrians iraqi iraqis saudi saudis pakistani afghan afghans european europeans briton
britons zealander zealanders
""".split()
)

# --- words a rewrite swaps without changing the fact ------------------------------
# Stems, as words.stem makes them. The alignment (compare/align.py) counts
# these as one term; the fact rules also take the extra ones.
ALIGN_SYNONYMS = [
    "accus alleg charg", "deni refut reject dismiss", "sanction penal punish disciplin",
    "compani busi firm", "peopl person individu", "attack assault strike raid hack",
    "govern administr author", "minist secretari", "consist constantli repeatedli", "freez frozen",
    "call summon demand urg", "espionag spy spi", "ban prohibit bar", "crime wrongdo offenc offens",
    "concern worri fear", "increas grow rise", "emphas stress underlin", "reveal disclos announc",
    "warn caution", "leader chief head", "elect vote poll ballot",
    "support back endors", "undermin compromis weaken", "target aim", "stop halt end",
]
SYNONYMS = [
    *(g + " cyberattack" if g.startswith("attack ") else g for g in ALIGN_SYNONYMS),
    "formal offici publicli", "big larg major", "small littl minor", "begin start commenc launch",
    "help aid assist", "show demonstr", "obtain get gain acquir", "said say state",
]

# --- British and American spellings -----------------------------------------------
# Stems spelt -our in British English ("colour", "favourite", "labourer").
OUR_STEMS = tuple(
    """
colour favour honour labour neighbour behaviour harbour rumour humour vapour valour armour saviour
endeavour flavour odour vigour rigour tumour splendour parlour clamour fervour candour ardour savour
""".split()
)
# Stems spelt -re in British English ("centre", "centred", "theatres").
RE_STEMS = tuple(
    """
centre theatre metre kilometre centimetre millimetre litre fibre calibre spectre sombre meagre lustre
sabre manoeuvre goitre
""".split()
)
# Stems that double the l before -ed, -ing, -er in British English.
LL_STEMS = frozenset(
    """
travel cancel label model fuel signal counsel level channel total marshal dial duel equal jewel libel
marvel quarrel rival shovel tunnel pedal panel propel compel appal enrol instal fulfil distil
""".split()
)
# Whole words: British -> American (other forms are made by the rules in
# reader.core.compare.wording).
SPELLINGS = {
    "defence": "defense", "offence": "offense", "licence": "license", "pretence": "pretense",
    "programme": "program", "programmes": "programs", "grey": "gray", "aluminium": "aluminum",
    "sceptic": "skeptic", "sceptical": "skeptical", "scepticism": "skepticism", "judgement": "judgment",
    "acknowledgement": "acknowledgment", "ageing": "aging", "mould": "mold", "smoulder": "smolder",
    "moustache": "mustache", "pyjamas": "pajamas", "plough": "plow", "catalogue": "catalog",
    "dialogue": "dialog", "analogue": "analog", "paediatric": "pediatric", "anaemia": "anemia",
    "haemorrhage": "hemorrhage", "oestrogen": "estrogen", "orthopaedic": "orthopedic",
    "encyclopaedia": "encyclopedia", "foetus": "fetus", "diarrhoea": "diarrhea", "manoeuvre": "maneuver",
    "jewellery": "jewelry", "enquiry": "inquiry", "enquiries": "inquiries", "whilst": "while",
    "amongst": "among", "learnt": "learned", "spelt": "spelled", "burnt": "burned", "dreamt": "dreamed",
    "leapt": "leaped", "towards": "toward", "afterwards": "afterward", "cheque": "check",
    "draught": "draft", "tyre": "tire", "kerb": "curb", "storey": "story", "gaol": "jail",
    "axe": "ax", "practise": "practice", "practised": "practiced", "practising": "practicing",
    "cosy": "cozy", "sulphur": "sulfur", "skilful": "skillful", "wilful": "willful",
    "instalment": "installment", "enrolment": "enrollment", "fulfilment": "fulfillment",
    "labelling": "labeling",
}
# Words ending -ise that are no -ize word: left as they are.
ISE_WORDS = frozenset(
    """
rise arise wise otherwise likewise clockwise advise devise revise supervise televise surprise promise
exercise comprise compromise enterprise franchise merchandise premise precise concise noise poise praise
raise cruise bruise expertise chastise despise disguise improvise incise excise circumcise demise
apprise paradise treatise mortise tortoise porpoise anise valise reprise prise guise
""".split()
)
