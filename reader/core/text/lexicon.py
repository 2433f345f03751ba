"""Word lists for the rules: titles, organisation heads, dates, numbers and
the common words that start sentences."""

from __future__ import annotations

# Honorifics and job titles: outside a person's span, and a sign that one follows.
TITLES = frozenset(
    """
mr mrs ms miss mx dr sir dame lord lady baroness baron prof professor rev reverend fr sheikh
imam rabbi cardinal bishop archbishop pope king queen prince princess duke duchess earl emperor
sultan ayatollah president vice premier chancellor senator sen rep representative congressman
congresswoman governor gov mayor judge justice general gen lt col colonel major captain capt
sergeant sgt admiral commander lieutenant officer detective inspector chief superintendent
constable minister secretary deputy prime foreign home defence defense health finance interior
education trade business culture energy environment security cybersecurity affairs state
attorney solicitor advocate ambassador envoy spokesman spokeswoman spokesperson speaker leader
shadow former acting interim chairman chairwoman chair executive ceo director commissioner
councillor mp mps msp mep pm counsel coach manager dean rector member members ministers whip
sheriff sens reps govs
""".split()
)
# Words before a name that say it is a person's.
PERSON_CUES = TITLES | frozenset(
    """
lawyer attorney reporter journalist editor author writer actor actress singer player striker
colleague son daughter wife husband father mother brother sister friend analyst economist
candidate founder boss owner spokesperson spokeswoman spokesman adviser advisor aide official
activist researcher scientist professor teacher student dissident businessman businesswoman
billionaire tycoon lawmaker politician chancellor minister secretary leader premier
""".split()
)
# Job words that are no honorific but stand before a name as a title ("Adviser Susan Rice",
# "Special Agent Strzok", "BuzzFeed Editor"): never part of the name.
ROLE_WORDS = frozenset(
    """
adviser advisor aide agent editor reporter journalist correspondent columnist anchor commentator
analyst strategist pollster consultant lawyer nominee candidate father
""".split()
)
# Words that make a role of the title after them: "Special Agent", "Senior Adviser", "Press Secretary".
ROLE_MODIFIERS = frozenset("special senior assistant associate managing press".split())
# A generational suffix after a name: "Donald Trump Jr." is not "Donald J. Trump".
GENERATIONAL = frozenset("jr sr ii iii iv".split())
# A given name and its familiar forms, one person's ("Jim" / "James Clyburn"): each group's first is
# the key. Only these: a shared first letter alone joins Jill and Joe Biden.
GIVEN_NAME_FORMS = {w: g.split()[0] for g in (
    "james jim jimmy", "william bill billy will", "robert bob bobby rob", "michael mike mick",
    "david dave", "thomas tom tommy", "joseph joe", "richard dick rick rich", "charles chuck charlie",
    "edward ed ted eddie", "elizabeth liz beth betsy", "katherine kate kathy catherine", "nicholas nick",
    "christopher chris", "anthony tony", "andrew andy", "daniel dan danny", "benjamin ben", "samuel sam",
    "steven steve stephen", "ronald ron", "donald don", "patrick pat", "matthew matt", "gregory greg",
    "jeffrey jeff", "lawrence larry", "gerald jerry", "margaret peggy maggie", "susan sue",
    "jennifer jenny jen", "alexander alex", "frederick fred", "kenneth ken", "timothy tim",
    "jonathan jon", "nathaniel nate", "zachary zach", "abraham abe", "theodore teddy",
) for w in g.split()}
# Last (or any) word of an organisation's name.
ORG_HEADS = frozenset(
    """
ltd limited inc corp corporation co company companies group holdings plc llc llp gmbh ag nv
bank fund trust foundation institute institution university college school academy hospital
council commission committee ministry department dept office agency authority board bureau
service services court tribunal parliament assembly congress senate party alliance coalition
union federation association society league club network organisation organization forum
movement front army navy force forces police guard command centre center cabinet embassy
consulate times post news journal herald gazette press media airlines airways motors
technologies technology systems industries partners capital labs telecom pharmaceuticals
electronics taskforce secretariat exchange reserve treasury unit brigade regiment battalion
""".split()
)
# Words that end the name of something that is no entity type here.
MISC_HEADS = frozenset(
    """
act bill law treaty agreement accord convention resolution register registry scheme strategy
plan programme program report review inquiry award awards prize cup games olympics championship
war summit festival age era revolution crisis declaration constitution amendment index code
protocol doctrine initiative project operation mission
""".split()
)
LEGAL_SUFFIXES = frozenset("ltd limited inc corp co plc llc llp gmbh ag sa nv".split())
# Acronyms that name a role, a unit or a thing, never an organisation.
NOT_ACRONYM_ORGS = frozenset(
    """
mp mps msp mep meps pm ceo cfo coo cto md qc kc obe mbe cbe tv ai pc id dna hiv aids covid
gdp ok am gmt bst est edt pst cet utc usd gbp eur mph km kg uk us i ii iii iv vi vii viii ix
xi xii ps pr it cv phd ba ma bsc msc faq ceos mr dr st vs vip rip lgbt lgbtq sms nb etc
""".split()
)
# Combining forms in "Sino-British", "Anglo-French".
COMBINING_FORMS = frozenset("sino anglo franco euro afro indo russo german italo greco judeo".split())
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
)
# Written with a full stop ("Sept. 11"); May has none.
MONTH_ABBREVIATIONS = frozenset("jan feb mar apr jun jul aug sep sept oct nov dec".split())
MONTHS = {
    m: i
    for i, (name, short) in enumerate(
        zip(MONTH_NAMES, ("jan", "feb", "mar", "apr", "", "jun", "jul", "aug", "sep sept", "oct", "nov", "dec")),
        start=1,
    )
    for m in (name, *short.split())
}
DAY_NAMES = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
WEEKDAYS = DAY_NAMES | frozenset("mon tue tues wed thu thur thurs fri sat sun".split())
HOLIDAYS = frozenset(
    "easter christmas thanksgiving ramadan eid hanukkah diwali halloween passover lent hogmanay".split()
)
SEASONS = frozenset("spring summer autumn fall winter".split())
# Words that stand before a number or a date but are outside its span.
APPROXIMATORS = frozenset(
    "about around nearly almost roughly some approximately over under more fewer less than at least "
    "up to just only some circa c. last next this early late mid".split()
)

# Function words: the common core of the two stop lists below.
FUNCTION_WORDS = frozenset(
    """
a about above according after again against all also although am among an and another any are around
as at be because been before being below between both but by can could did do does down during each
either even every few for from had has have having he he's her here hers him his how however i i'm
if in into is it it's its just least less let's like many may me might more most much must my
neither no nor not now of off often on once only onto or other others ought our ours out over own
per perhaps quite rather really said same say saying says several shall she she's should since so
some still such that that's the their theirs them then there there's these they they're this those
though through thus to told too toward towards under until up upon us very via was we we're well
were what what's when where where's whether which while who whom whose why will with within without
would yet you your
""".split()
)
# Words that carry no content when two texts are compared or grouped: the
# function words, contractions (also as tokenisers split them: "n't", "wo",
# "ca", "'s"), reflexives, "Mr"/"Dr" and a few light verbs.
STOPWORDS = FUNCTION_WORDS | frozenset(
    """
's aren't ca cannot couldn't didn't doesn't doing don't dr else ever further get got hadn't hasn't
haven't he'd he'll here's herself himself how's i'd i'll i've isn't itself made make mr mrs ms
mustn't myself n't ourselves s shan't she'd she'll shouldn't t than themselves they'd they'll
they've wasn't we'd we'll we've weren't when's who's why's wo won't wouldn't you'd you'll you're
you've yours yourself yourselves
""".split()
)
# Function words and common sentence openers: capitalised only because they
# start a sentence, never names on their own.
STOP = FUNCTION_WORDS | frozenset(
    """
across additionally almost along already always amid amongst anyhow anyway asked asking away back
beside besides beyond certainly clearly currently dear despite done earlier elsewhere eventually
fewer finally first following former furthermore hello hence hi indeed initially inside instead last
later latter let lets likewise maybe meanwhile mine moreover near nearly never nevertheless new next
nobody none nonetheless nope nothing oh ok okay old one ones otherwise outside overall please
previously read recently similarly sometimes sorry speaking telling thanks throughout till today
tomorrow tonight twice ultimately unless unlike usually whatever whilst whoever wow yeah yep yes
plus
yesterday
""".split()
)
# Words that usually open a sentence: after an abbreviation that may end one
# ("... Company Ltd. They claim"), they say it did.
SENTENCE_STARTERS = frozenset(
    """
the a an he she it they we i you this that these those his her its their our my but and or so yet
in on at for after before when while if as there here some many most no not one two both all
however meanwhile also still since last earlier later what who why how where mr mrs ms dr
""".split()
)
ARTICLES = frozenset("the a an".split())

# Abbreviations written with a full stop that stand in names: titles and
# ranks, "St", "Mt", company suffixes, "Jr". The tokeniser keeps their stop.
NAME_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen gov sen rep lt col capt sgt prof rev fr co ltd inc corp bros vs mt ft"
    " messrs sens reps govs".split()  # the plurals before two names: "Sens. Feinstein and Durbin"
)
# AP's dotted state abbreviations, as the tokens keep them: after a city without its comma
# ("Albany N.Y. Protesters said") they are no person's middle initials.
STATE_INITIALS = frozenset("N.C. N.D. N.H. N.J. N.M. N.Y. R.I. S.C. S.D. P.R.".split())
# Dotted abbreviations that are names of their own, never a person's initials: the states, and the
# dotted names the gazetteer knows ("Washington D.C. Officials said", "Obama U.S. Officials"); the
# gazetteer takes its dotted forms from here (U.S. as US), a test keeps its own (D.C.) in step.
DOTTED_NAMES = STATE_INITIALS | frozenset("U.S. U.K. U.N. E.U. D.C. U.S.A. U.A.E. F.B.I. C.I.A.".split())
# Abbreviations whose full stop may also end a sentence ("... Company Ltd. They").
MAY_END_ABBREVIATIONS = frozenset("co ltd inc corp plc llc bros jr etc al ave blvd assn univ".split())
# Abbreviations whose full stop never ends a sentence ("Mr.", "No. 10", "v.").
NEVER_END_ABBREVIATIONS = (NAME_ABBREVIATIONS - MAY_END_ABBREVIATIONS) | frozenset(
    "mx cmdr adm maj hon pres no nos v cf fig approx dept est vol pp op messrs mme mlle".split()
)

NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen".split()
    )
} | {
    w: 10 * n
    for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)
}
# Words that multiply the number before them ("40 million", "2.5bn"), and by how much.
MULTIPLIERS = {"hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "dozen": 12,
               "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3, "tn": 1e12}
# Their plurals, a vague count ("millions of voters"), and the least each says.
PLURAL_MULTIPLIERS = {"dozens": 12, "scores": 20, "tens": 10, "hundreds": 1e2, "thousands": 1e3, "millions": 1e6,
                      "billions": 1e9, "trillions": 1e12}
TIME_UNITS = frozenset(
    "year years month months week weeks day days hour hours minute minutes decade decades "
    "century centuries fortnight fortnights night nights".split()
)
MEASURE_UNITS = frozenset(
    """
km kilometre kilometres kilometer kilometers mile miles metre metres meter meters m cm mm ft
foot feet inch inches yard yards kg kilo kilos kilogram kilograms gram grams g tonne tonnes ton
tons lb lbs ounce ounces litre litres liter liters gallon gallons barrel barrels acre acres
hectare hectares degree degrees mph kph mw gw kw kwh mwh gwh twh sq square cubic
""".split()
)
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR", "₽": "RUB"}
CURRENCY_WORDS = frozenset(
    """
dollar dollars pound pounds sterling euro euros yen yuan renminbi rupee rupees rouble roubles
ruble rubles franc francs peso pesos won rand lira shekel shekels pence cents cent dinar dinars
riyal riyals dirham dirhams krona kronor krone
""".split()
)
IRREGULAR_PLURALS = frozenset(
    """
people men women children police staff personnel cattle sheep fish feet teeth mice geese data
media crew aircraft livestock troops youth clergy folk deer
""".split()
)
# Words after a number that are not what it counts.
NOT_COUNTED = STOP | frozenset(
    "per cent percent pc ago old aged times time earlier later previously".split()
)
SPEECH_VERBS = frozenset(
    """
said says told tells warned warns added adds argued argues wrote writes claimed claims stated
states insisted insists announced announces explained explains replied replies noted notes
asked asks urged urges admitted admits denied denies believes believed thinks thought
""".split()
)
LOCATIVES = frozenset("in near outside across throughout inside".split())
# Capitalised words that name nothing of a type here.
NOT_ENTITIES = frozenset("god bible koran quran torah internet web covid coronavirus brexit a.m. p.m.".split())
# Last words of the names of places that are not countries or cities.
PLACE_HEADS = frozenset(
    """
street road avenue lane square park river mountain mountains island islands lake sea ocean
valley airport station palace tower hill hills bay beach coast county province region district
city town village port harbour harbor canal desert forest peninsula strait bridge cathedral
""".split()
)
# Particles inside a person's name: "von der Leyen", "bin Salman".
NAME_PARTICLES = frozenset("de du des la le van von der den al bin ibn da di del dos das y".split())
# Openings of a surname that explain a capital inside it: "McCain", "FitzGerald", "ElBaradei".
SURNAME_PREFIXES = frozenset("mc mac fitz el abu ver st".split())
# Words an acronym leaves out: "BoE" for "Bank of England".
ACRONYM_SKIPS = frozenset("of on for and the & de du la le van von der den al bin da di del".split())
# Words after a known place that still name the place: "the UK government".
GENERIC_TAILS = frozenset("government governments administration authorities officials".split())
# After one name no list knows, words that make it a person's: "the Obama administration".
LED_BY_PERSON = frozenset("administration presidency".split())
# Titles and pronouns that say whether a person is a man or a woman: two
# spellings that disagree on it name two people ("John" / "Joan").
MALE_TITLES = frozenset("mr sir lord king prince duke earl baron father brother".split())
FEMALE_TITLES = frozenset("mrs ms miss dame lady baroness queen princess duchess countess sister mother".split())
MALE_PRONOUNS = frozenset("he him his himself".split())
FEMALE_PRONOUNS = frozenset("she her hers herself".split())
# Words that close a company's name and say only what kind of company it is.
COMPANY_SUFFIXES = LEGAL_SUFFIXES | frozenset("company corporation incorporated".split())
# --- quotations (reader/core/quotes) ---------------------------------------------
# Verbs that give words to a speaker, beyond SPEECH_VERBS and fact_words.SAYING.
QUOTE_VERBS = frozenset(
    """
responded responds replied complained complains continued continues recalled recalls pledged
pledges promised promises vowed vows demanded demands tweeted tweets posted shouted
shouts cried yelled quipped joked posited wondered wonders countered counters concluded
concludes testified predicted predicts emphasised emphasized stressed reiterated reiterates
boasted recounted assured informed argue insist warn deny admit suggest reply respond
complain explain contend maintain acknowledge concede confirm reveal announce allege assert
""".split()
)
# Verbs that give a quoted word to someone rather than a clause: 'called the plan "reckless"'.
NAMING_VERBS = frozenset(
    """
call calls called calling describe describes described describing dub dubbed branded brands
labelled labeled labelling labeling termed characterised characterized condemned condemns
praised praises blamed blames hailed hails dismissed dismisses
""".split()
)
# SPEECH_VERBS that report a thought, not words said.
THINKING_VERBS = frozenset("believes believed thinks thought".split())
# Words just before a quoted word that make it a name or a term, not a quotation
# ("so-called 'experts'", "known as the 'Wolf Warrior'"), and nouns that do so after
# an article ("the term 'fake news'").
TERM_CUES = frozenset("so-called known nicknamed named titled entitled".split())
TERM_NOUNS = frozenset("term word phrase hashtag slogan motto".split())
# Nouns for what speaks for a person or an organisation: "Moore's campaign said",
# "a Home Office spokesman said", "a statement saying".
VOICE_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson spokespeople statement statements campaign office release announcement".split()
)
# Closed-class words inside a noun phrase ("a spokesperson for the Home Office").
NOUN_PHRASE_WORDS = frozenset(
    """
the a an this these those his her its their our my your some several many all both each every no another
other one of for at from in on with to by former s
""".split()
)
AUXILIARIES = frozenset("is are was were be been being am has have had do does did will would shall should can could may might must".split())
# Verbs of saying that take a clause without "that": "she said the plan failed".
CLAUSE_VERBS = frozenset(
    """
said says say saying told tells tell telling claimed claims claim claiming argued argues argue arguing
insisted insists insisting warned warns warning added adds adding wrote writes stated noted explained
complained suggested suggests admitted admits replied responded declared posited countered conceded insist warn
concluded predicted maintained maintains contended contends asserted asserts alleged alleges
""".split()
)

# Which way something moved, as headlines say it: a price, a rate or a count
# raised in one report and cut in the other are two happenings (a wire's
# two days of one company's prices), whatever else the two share. Verbs in
# the forms headlines write; not "lower" nor "higher" alone ("lower court",
# "higher education"), not "gain" ("gains in the primary").
MOVED_UP = frozenset(
    """
raise raises raised raising rise rises rose risen rising hike hikes hiked hiking boost boosts boosted boosting
increase increases increased increasing climb climbs climbed jump jumps jumped surge surges surged soar soars soared
""".split()
)
MOVED_DOWN = frozenset(
    """
cut cuts cutting lowers lowered lowering fall falls fell fallen falling dip dips dipped drop drops dropped
decline declines declined reduce reduces reduced slash slashes slashed plunge plunges plunged ease eases eased
slump slumps slumped tumble tumbles tumbled sink sinks sank
""".split()
)
# Before a word of movement, these make it a thing talked of, not a
# happening: "patience on cuts", "unlikely to be a hike", "no rise".
NOT_MOVING = ARTICLES | frozenset("on of for about over no not never any more further new possible".split())

# The states as American news abbreviates them after a town ("Aventura,
# Fla.") and in a lawmaker's party and state ("R-S.C.", "D-Calif."), with
# their stops left out as the tokeniser leaves them: one name written two
# ways. Read only capitalised, with the stop, after a comma or in a party
# and state: "fell ill." and "Mass." of a church are no states. Each state
# with its AP abbreviation ("-": written whole) and its postal code.
_STATES = """
alabama ala al, alaska - ak, arizona ariz az, arkansas ark ar, california calif ca, colorado colo co,
connecticut conn ct, delaware del de, florida fla fl, georgia ga ga, hawaii - hi, idaho - id, illinois ill il,
indiana ind in, iowa - ia, kansas kan ks, kentucky ky ky, louisiana la la, maine - me, maryland md md,
massachusetts mass ma, michigan mich mi, minnesota minn mn, mississippi miss ms, missouri mo mo, montana mont mt,
nebraska neb ne, nevada nev nv, new_hampshire n.h nh, new_jersey n.j nj, new_mexico n.m nm, new_york n.y ny,
north_carolina n.c nc, north_dakota n.d nd, ohio - oh, oklahoma okla ok, oregon ore or, pennsylvania pa pa,
rhode_island r.i ri, south_carolina s.c sc, south_dakota s.d sd, tennessee tenn tn, texas - tx, utah - ut,
vermont vt vt, virginia va va, washington wash wa, west_virginia w.va wv, wisconsin wis wi, wyoming wyo wy
"""
_STATE_ROWS = [row.split() for row in _STATES.replace("\n", " ").split(",")]
US_STATES = {ap: name.replace("_", " ") for name, ap, _ in _STATE_ROWS if ap != "-"} | {"kans": "kansas"}
US_POSTAL = {postal: name.replace("_", " ") for name, _, postal in _STATE_ROWS}  # only in a party and state ("D-CA")
US_STATES_WHOLE = frozenset(US_POSTAL.values())  # as a party and state write them ("R-Texas")
PARTY_LETTERS = {"r": "republican", "d": "democrat", "i": "independent"}
