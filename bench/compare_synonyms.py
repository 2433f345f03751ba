"""The paraphrase spinner's word lists (bench/compare_spin.py).

The benchmark's own, written for it and kept apart from the product's
lexicon (as bench/compare_words.py is): a comparison that read text through
the same lists would not show where they fall short. The spinner changes
only wording, never a fact, so these tables leave out on purpose every word
whose change is one: verbs of saying (said, told, claimed, warned, ...),
hedges (may, could, likely, about, nearly, some, ...), negations, roles,
descriptors of people, numbers and quantity words (many, several, few),
verbs whose change is a claim (bought, killed, ...). tests check that no key
or alternative is in the planters' fact tables.

Forms are lower case; a form is replaced only where the text has it in lower
case, or with a capital first letter at a sentence's start. Alternatives are
chosen so that one fits every common use of the form (no noun that is also a
verb: "the start" cannot become "the begin"; no past tense that is also a
participle with another one: "has started" cannot become "has began").
"""

from __future__ import annotations


def _table(text: str) -> dict[str, tuple[str, ...]]:
    """"form: alt / alt; form: alt" lines -> {form: (alt, ...)}."""
    out: dict[str, tuple[str, ...]] = {}
    for item in " ".join(text.split("\n")).split(";"):
        if item.strip():
            form, _, alts = item.partition(":")
            out[form.strip()] = tuple(a.strip() for a in alts.split("/"))
    return out


ADJECTIVES = _table("""
significant: major / considerable; major: significant / key; important: key / crucial; crucial: vital / key;
vital: essential / crucial; essential: vital; main: principal / chief; big: large; large: big / sizeable;
huge: enormous / massive; enormous: huge; massive: huge / enormous; tiny: minuscule; small: little / modest;
serious: severe / grave; severe: serious; current: present; difficult: hard / tough;
strong: robust / powerful; powerful: strong; weak: feeble; quick: rapid / swift; rapid: quick / swift;
swift: quick; sudden: abrupt; entire: whole; whole: entire; additional: extra / further;
previous: prior / earlier; annual: yearly; yearly: annual; global: worldwide; worldwide: global;
international: global; popular: well-liked; famous: renowned / well-known; renowned: famous;
well-known: famous; dangerous: hazardous / risky; hazardous: dangerous; risky: dangerous; cheap: inexpensive;
expensive: costly / pricey; costly: expensive; wealthy: rich / affluent; angry: furious / irate;
furious: angry; happy: pleased / glad; glad: happy; similar: comparable; comparable: similar;
different: distinct; distinct: different; various: assorted / diverse; diverse: varied;
obvious: evident / clear; evident: obvious; modern: contemporary; contemporary: modern; complicated: complex;
simple: straightforward; straightforward: simple; easy: simple; unusual: uncommon; rare: scarce;
widespread: common; strange: odd / peculiar; terrible: awful / dreadful; awful: terrible; dreadful: terrible;
excellent: superb / outstanding; superb: excellent; beautiful: lovely; lovely: beautiful; reasonable: fair;
sufficient: enough; ongoing: continuing; continuing: ongoing; brief: short; lengthy: long; tense: strained;
quiet: calm; busy: hectic; proper: appropriate; appropriate: suitable; suitable: appropriate;
accurate: precise; precise: exact; exact: precise; fresh: new; extraordinary: remarkable;
remarkable: extraordinary; notable: noteworthy; impressive: striking; shocking: appalling; appalling: shocking;
fierce: intense; intense: fierce; bitter: acrimonious; eager: keen; keen: eager; willing: prepared;
crowded: packed; honest: frank; controversial: contentious; contentious: controversial; biggest: largest;
largest: biggest; particular: specific; specific: particular; illegal: unlawful; unlawful: illegal;
latest: most recent; concerned: worried; worried: concerned
""")

ADVERBS = _table("""
quickly: rapidly / swiftly; rapidly: quickly / swiftly; swiftly: quickly; slowly: gradually; gradually: slowly;
suddenly: abruptly; abruptly: suddenly; recently: lately; lately: recently; finally: eventually;
eventually: ultimately / finally; ultimately: eventually; immediately: instantly / at once;
instantly: immediately; initially: at first; originally: initially; previously: formerly / earlier;
formerly: previously; frequently: often; often: frequently; usually: typically / normally; typically: usually;
normally: usually; generally: broadly; broadly: generally; largely: mostly / mainly; mostly: largely / mainly;
mainly: mostly / chiefly; chiefly: mainly; particularly: especially; especially: particularly;
extremely: exceedingly / highly; completely: entirely / fully; entirely: completely; totally: completely;
fully: completely; really: truly; truly: really; again: once more; publicly: openly; openly: publicly;
formally: officially; officially: formally; widely: broadly; increasingly: progressively;
currently: at present / now; constantly: continually; continually: constantly; repeatedly: again and again;
afterwards: later; subsequently: later; firstly: first; lastly: finally; deeply: profoundly; strongly: firmly;
firmly: strongly; clearly: plainly; effectively: in effect; carefully: cautiously; sharply: steeply;
steeply: sharply; dramatically: sharply; significantly: considerably / markedly; considerably: significantly;
markedly: significantly; slightly: marginally; marginally: slightly; briefly: for a short time;
jointly: together; hugely: enormously; enormously: hugely; greatly: hugely; soon: shortly; shortly: soon;
actually: in fact
""")

NOUNS = _table("""
attempts: efforts; efforts: attempts; details: particulars; accusations: allegations; allegations: accusations;
attack: assault; attacks: assaults; assault: attack; problem: difficulty;
problems: difficulties; difficulty: problem; effects: impacts; impact: effect;
outcome: result; area: region / zone; areas: regions; region: area; regions: areas;
countries: nations; nation: country; nations: countries; growth: expansion; expansion: growth;
decision: choice; ruling: decision; measures: steps; concern: worry; concerns: worries; worries: concerns;
fears: worries; threat: menace / danger; risk: danger; risks: dangers; danger: risk; dangers: risks;
damage: harm; harm: damage; situation: state of affairs; event: occasion; occasion: event; incident: episode;
incidents: episodes; episode: incident; reason: cause; reasons: causes; purpose: aim; idea: notion;
ideas: notions; views: opinions; opinions: views; opinion: view; challenges: difficulties; prices: costs;
profits: earnings; statistics: figures; statement: announcement; comments: remarks; remarks: comments;
war: conflict; weapons: arms; buildings: structures; structures: buildings; car: vehicle; cars: vehicles;
vehicle: car; vehicles: cars; journey: trip; trip: journey; location: site; sites: locations;
film: movie; films: movies; movie: film; movies: films; shops: stores; stores: shops; lorry: truck;
lorries: trucks; petrol: fuel; mobile phone: mobile; mobile phones: mobiles; aid: assistance; assistance: help;
talks: negotiations; negotiations: talks; crash: collision; collision: crash; blaze: fire;
dispute: disagreement; disagreement: dispute; row over: dispute over; firms: companies; companies: firms;
businesses: firms; anger: fury; fury: anger; outrage: anger; method: approach; methods: approaches;
strategy: approach; goals: aims; trend: tendency; wages: pay; salary: pay; industry: sector; sector: industry;
scene: site; consequences: repercussions; repercussions: consequences; condition: state;
conditions: circumstances; circumstances: conditions; commitment: pledge; pledge: promise; promise: pledge;
vow: pledge; chance: opportunity; opportunity: chance; opportunities: chances; topic: subject;
discussion: talk; discussions: talks; response: reaction; reaction: response; responses: reactions;
reactions: responses; progress: advances; criticism: censure; debut: first appearance;
investigation: inquiry / probe; investigations: inquiries; inquiry: investigation; probe: investigation;
information: details; country: nation; speech: address; process: procedure; procedure: process; gun: firearm;
guns: firearms; firearms: guns; technology: tech; spending: expenditure; cuts: reductions; reductions: cuts;
effort: attempt; documents: papers; phone: telephone; telephone: phone; decisions: choices;
choices: decisions; lawsuit: legal action; victory: triumph; television: TV; income: earnings; image: picture;
picture: image; rise: increase; poll: survey; survey: poll; path: route; route: path; freedom: liberty;
liberty: freedom; ability: capacity; email: e-mail; bid: attempt; footage: video
""")

VERBS = _table("""
began: started; begins: starts; starting: beginning; trying: attempting; attempted: tried; attempting: trying;
using: employing; requires: needs; showed: demonstrated;
shown: demonstrated; find: discover; finds: discovers; discovered: found; discover: find; help: aid;
allow: permit; allows: permits; prevent: stop; prevented: stopped; stopped: halted; halted: stopped;
halt: stop; stopping: halting; remain: stay; remained: stayed; stayed: remained; happen: occur;
happened: occurred; happens: occurs; happening: occurring; occur: happen; occurred: happened; occurs: happens;
receive: get; build: construct; built: constructed; constructed: built; choose: pick; chose: picked;
chosen: picked; choosing: picking; improve: enhance; improved: enhanced; improving: enhancing;
enhance: improve; examine: study; examined: studied; examining: studying; investigate: probe;
investigated: probed; probed: investigated; protect: safeguard; protected: safeguarded;
protecting: safeguarding; safeguard: protect; ensure: make sure; ensured: made sure; handle: cope with;
faced: confronted; facing: confronting; confronted: faced; suffered: endured; endured: suffered;
affect: impact; affected: impacted; affects: impacts; affecting: impacting; triggered: sparked;
sparked: triggered; trigger: spark; spark: trigger; ended: finished; completed: finished; finish: complete;
grew: expanded; grow: expand; expanded: grew; changed: altered; changing: altering; altered: changed;
provide: supply; supplied: provided; includes: contains; contains: includes; boosted: bolstered;
bolster: boost; damaged: harmed; harmed: damaged; destroyed: wrecked; wrecked: destroyed; destroy: wreck;
repaired: fixed; rescued: saved; fled: escaped; emerged: surfaced; surfaced: emerged; rose: climbed;
climbed: rose; rising: climbing; climbing: rising; assist: help; seeking to: looking to; struggled: battled;
struggling: battling; battled: struggled; battling: struggling; contacted: approached; departed: left;
resigned: stepped down; stepped down: resigned; begin: start; demonstrate: show; concealed: hid;
hid: concealed
""")

# Function words and phrases: a regular expression matched in lower case at
# word boundaries -> alternatives. Lookaheads keep each where it reads the same.
PHRASES: list[tuple[str, tuple[str, ...]]] = [
    (r"because of(?= (?:the|a|an|his|her|their|its|this|that)\b)", ("due to", "owing to")),
    (r"due to(?= (?:the|a|an|his|her|their|its|this)\b)", ("because of",)),
    (r"in order to", ("to",)),
    (r"try to", ("attempt to",)),
    (r"tried to", ("attempted to",)),
    (r"so as to", ("to",)),
    (r"(?<!even )although", ("though",)),
    (r"whilst", ("while",)),
    (r"(?<=\w )while(?= (?:the|a|an|he|she|they|it|others|some)\b)", ("whilst",)),
    (r"amongst", ("among",)),
    (r"among(?= (?:the|them|those|other)\b)", ("amongst",)),
    (r"towards", ("toward",)),
    (r"toward", ("towards",)),
    (r"upon(?= (?:the|a|an|his|her|their|its)\b)", ("on",)),
    (r"a lot of", ("lots of",)),
    (r"lots of", ("a lot of",)),
    (r"for example", ("for instance",)),
    (r"for instance", ("for example",)),
    (r"such as(?= (?:the|a|an)\b)", ("like",)),
    (r"regarding", ("concerning",)),
    (r"in addition to", ("as well as",)),
    (r"as well as(?= (?:the|a|an|his|her|their|its)\b)", ("in addition to",)),
    (r"in the wake of", ("after", "following")),
    (r"in spite of", ("despite",)),
    (r"despite(?= (?:the|a|an|his|her|their|its)\b)", ("in spite of",)),
    (r"at the moment", ("right now", "currently")),
    (r"at present", ("currently",)),
    (r"in recent years", ("lately", "over recent years")),
    (r"in the future", ("going forward", "in future")),
    (r"(?<=\w )which(?= (?:is|was|has|had|will|would|are|were)\b)", ("that",)),
    (r"because(?! of)", ("as",)),
    (r"(?<!went )(?<!go )(?<!goes )(?<!going )(?<!came )(?<!come )(?<!look )(?<!looked )(?<!looking )(?<!named )(?<!ran )"
     r"after(?= (?:the|a|an|his|her|their|its|this|that)\b)", ("following",)),  # not "went after", "named after"
    (r"(?<=, )however(?=,)", ("though",)),
    (r"also(?! known)", ("additionally", "likewise")),
    (r"very(?! much| well| few| little| many| first| last| same| end)", ("extremely", "really")),
    (r"until(?= (?:the|a|an|his|her|their|its|this|that|now|then)\b)", ("till",)),
]

# Connectives opening a sentence, with their comma -> alternatives (a "But"
# that opens a sentence takes no comma).
OPENERS = _table("""
However,: But / Still,; But: However,; Meanwhile,: In the meantime, / At the same time,;
In addition,: Additionally, / Also,; Additionally,: In addition, / Also,; Also,: In addition,;
Moreover,: Furthermore, / What is more,; Furthermore,: Moreover,;
As a result,: Consequently, / Because of this,; Consequently,: As a result,; For example,: For instance,;
For instance,: For example,; Nevertheless,: Even so,; Even so,: Nevertheless,; Therefore,: Thus, / So,;
Later,: Subsequently,; Previously,: Earlier,; Recently,: Lately,; Initially,: At first,; Instead,: Rather,;
Overall,: All in all,; Finally,: Lastly,; Separately,: In a separate development,
""")

# Contractions: the long form -> the short one (the spinner goes both ways).
CONTRACTIONS = {
    "do not": "don't", "does not": "doesn't", "did not": "didn't", "is not": "isn't", "are not": "aren't",
    "was not": "wasn't", "were not": "weren't", "has not": "hasn't", "have not": "haven't", "had not": "hadn't",
    "will not": "won't", "would not": "wouldn't", "could not": "couldn't", "should not": "shouldn't",
    "cannot": "can't", "it is": "it's", "that is": "that's", "there is": "there's", "they are": "they're",
    "we are": "we're", "you are": "you're", "he is": "he's", "she is": "she's", "it has been": "it's been",
    "they have been": "they've been", "we have been": "we've been", "let us": "let's", "he has been": "he's been",
    "she has been": "she's been",
}
SYNONYMS = {**ADJECTIVES, **ADVERBS, **NOUNS}
