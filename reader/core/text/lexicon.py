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
councillor mp mps msp mep pm counsel coach manager dean rector member members ministers
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
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            "january jan", "february feb", "march mar", "april apr", "may", "june jun",
            "july jul", "august aug", "september sep sept", "october oct", "november nov",
            "december dec",
        ],
        start=1,
    )
    for m in names.split()
}
WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)
HOLIDAYS = frozenset(
    "easter christmas thanksgiving ramadan eid hanukkah diwali halloween passover lent hogmanay".split()
)
SEASONS = frozenset("spring summer autumn fall winter".split())
# Words that stand before a number or a date but are outside its span.
APPROXIMATORS = frozenset(
    "about around nearly almost roughly some approximately over under more fewer less than at least "
    "up to just only some circa c. last next this early late mid".split()
)

# Function words and common sentence openers: capitalised only because they
# start a sentence, never names on their own.
STOP = frozenset(
    """
a an the and but or nor so yet for of on in at by to from with without within into onto upon
as if when while whilst after before since until till because although though unless whether
that this these those there here then thus hence however moreover furthermore additionally also
meanwhile instead still even only just already again once now today yesterday tomorrow tonight
he she it they we you i me him her them us my his its our your their mine hers ours theirs who
whom whose which what where why how whoever whatever all any both each every either neither
some many much more most few fewer less least several such no not none nobody nothing one ones
other others another same own is are was were be been being am do does did done have has had
having will would shall should can could may might must ought let lets yes please read more
former latter first last next new old many according despite during following amid among
amongst against across along around about above below beyond between through throughout toward
towards under over via per like unlike near off out up down back away well very too quite
rather really perhaps maybe indeed certainly clearly instead otherwise overall similarly
likewise nevertheless nonetheless besides beside elsewhere anyway anyhow sometimes often
never always usually ultimately finally initially eventually currently recently earlier later
previously once twice almost nearly speaking asked asking said says say saying told telling
outside inside where's it's that's there's what's he's she's they're we're i'm let's
dear hello hi oh ok okay yeah yep nope wow thanks sorry
""".split()
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
MULTIPLIERS = frozenset("hundred thousand million billion trillion dozen bn m k tn mn".split())
PLURAL_MULTIPLIERS = frozenset("dozens hundreds thousands millions billions trillions tens scores".split())
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
