"""A compact gazetteer: countries with their other names and nationalities,
capitals and large cities, regions and well-known organisations.

Each table line is "Canonical = alias | alias ; Nationality, Nationality" for
countries, or "Canonical = alias | alias, Canonical, ..." elsewhere. The tables are parsed once,
on first use, into plain dicts keyed by lower-cased name.
"""

from __future__ import annotations

from functools import lru_cache

from reader.core.text import lexicon as lx

_COUNTRIES = """
Afghanistan ; Afghan
Albania ; Albanian
Algeria ; Algerian
Andorra ; Andorran
Angola ; Angolan
Argentina ; Argentine, Argentinian
Armenia ; Armenian
Australia ; Australian, Aussie
Austria ; Austrian
Azerbaijan ; Azerbaijani, Azeri
Bahamas = The Bahamas ; Bahamian
Bahrain ; Bahraini
Bangladesh ; Bangladeshi
Barbados ; Barbadian
Belarus ; Belarusian
Belgium ; Belgian
Belize ; Belizean
Benin ; Beninese
Bhutan ; Bhutanese
Bolivia ; Bolivian
Bosnia and Herzegovina = Bosnia ; Bosnian
Botswana ; Motswana
Brazil ; Brazilian
Brunei ; Bruneian
Bulgaria ; Bulgarian
Burkina Faso ; Burkinabe
Burundi ; Burundian
Cambodia ; Cambodian
Cameroon ; Cameroonian
Canada ; Canadian
Cape Verde = Cabo Verde ; Cape Verdean
Central African Republic = CAR
Chad ; Chadian
Chile ; Chilean
China = People's Republic of China | PRC | Mainland China ; Chinese
Colombia ; Colombian
Congo = Democratic Republic of the Congo | Democratic Republic of Congo | DRC | DR Congo | Republic of the Congo ; Congolese
Costa Rica ; Costa Rican
Croatia ; Croatian, Croat
Cuba ; Cuban
Cyprus ; Cypriot
Czech Republic = Czechia ; Czech
Denmark ; Danish, Dane
Djibouti ; Djiboutian
Dominican Republic ; Dominican
Ecuador ; Ecuadorian
Egypt ; Egyptian
El Salvador ; Salvadoran, Salvadorean
Eritrea ; Eritrean
Estonia ; Estonian
Eswatini = Swaziland ; Swazi
Ethiopia ; Ethiopian
Fiji ; Fijian
Finland ; Finnish, Finn
France ; French
Gabon ; Gabonese
Gambia = The Gambia ; Gambian
Georgia ; Georgian
Germany ; German
Ghana ; Ghanaian
Greece ; Greek
Guatemala ; Guatemalan
Guinea ; Guinean
Guyana ; Guyanese
Haiti ; Haitian
Honduras ; Honduran
Hungary ; Hungarian
Iceland ; Icelandic, Icelander
India ; Indian
Indonesia ; Indonesian
Iran ; Iranian, Persian
Iraq ; Iraqi
Ireland = Republic of Ireland | Eire ; Irish
Israel ; Israeli
Italy ; Italian
Ivory Coast = Côte d'Ivoire | Cote d'Ivoire ; Ivorian
Jamaica ; Jamaican
Japan ; Japanese
Jordan ; Jordanian
Kazakhstan ; Kazakh, Kazakhstani
Kenya ; Kenyan
Kosovo ; Kosovan, Kosovar
Kuwait ; Kuwaiti
Kyrgyzstan ; Kyrgyz
Laos ; Laotian
Latvia ; Latvian
Lebanon ; Lebanese
Lesotho ; Basotho
Liberia ; Liberian
Libya ; Libyan
Liechtenstein
Lithuania ; Lithuanian
Luxembourg ; Luxembourgish
Madagascar ; Malagasy
Malawi ; Malawian
Malaysia ; Malaysian
Maldives ; Maldivian
Mali ; Malian
Malta ; Maltese
Mauritania ; Mauritanian
Mauritius ; Mauritian
Mexico ; Mexican
Moldova ; Moldovan
Monaco ; Monegasque
Mongolia ; Mongolian
Montenegro ; Montenegrin
Morocco ; Moroccan
Mozambique ; Mozambican
Myanmar = Burma ; Burmese
Namibia ; Namibian
Nepal ; Nepalese, Nepali
Netherlands = Holland | The Netherlands ; Dutch
New Zealand ; New Zealander, Kiwi
Nicaragua ; Nicaraguan
Niger ; Nigerien
Nigeria ; Nigerian
North Korea = DPRK | Democratic People's Republic of Korea ; North Korean
North Macedonia = Macedonia ; Macedonian
Norway ; Norwegian
Oman ; Omani
Pakistan ; Pakistani
Palestine = Palestinian Territories | Occupied Palestinian Territories ; Palestinian
Panama ; Panamanian
Papua New Guinea
Paraguay ; Paraguayan
Peru ; Peruvian
Philippines = The Philippines ; Filipino, Philippine
Poland ; Polish, Pole
Portugal ; Portuguese
Qatar ; Qatari
Romania ; Romanian
Russia = Russian Federation ; Russian
Rwanda ; Rwandan
Saudi Arabia ; Saudi
Senegal ; Senegalese
Serbia ; Serbian, Serb
Sierra Leone ; Sierra Leonean
Singapore ; Singaporean
Slovakia ; Slovak, Slovakian
Slovenia ; Slovenian, Slovene
Somalia ; Somali
South Africa ; South African
South Korea = Republic of Korea | Korea ; South Korean, Korean
South Sudan ; South Sudanese
Spain ; Spanish, Spaniard
Sri Lanka ; Sri Lankan
Sudan ; Sudanese
Suriname ; Surinamese
Sweden ; Swedish, Swede
Switzerland ; Swiss
Syria ; Syrian
Taiwan ; Taiwanese
Tajikistan ; Tajik
Tanzania ; Tanzanian
Thailand ; Thai
Togo ; Togolese
Trinidad and Tobago ; Trinidadian
Tunisia ; Tunisian
Turkey = Türkiye | Turkiye ; Turkish, Turk
Turkmenistan ; Turkmen
Uganda ; Ugandan
Ukraine ; Ukrainian
United Arab Emirates = UAE | Emirates ; Emirati
United Kingdom = UK | Britain | Great Britain | United Kingdom of Great Britain and Northern Ireland ; British, Briton, Brit
United States = US | USA | America | United States of America ; American
Uruguay ; Uruguayan
Uzbekistan ; Uzbek
Vatican = Vatican City | Holy See
Venezuela ; Venezuelan
Vietnam = Viet Nam ; Vietnamese
Yemen ; Yemeni
Zambia ; Zambian
Zimbabwe ; Zimbabwean
England ; English
Scotland ; Scottish, Scot
Wales ; Welsh
Northern Ireland ; Northern Irish
Hong Kong ; Hongkonger
Macau = Macao
Tibet ; Tibetan
Xinjiang
Crimea ; Crimean
Gaza = Gaza Strip ; Gazan
West Bank
Kashmir ; Kashmiri
Catalonia ; Catalan
Kurdistan ; Kurdish, Kurd
Chechnya ; Chechen
Greenland ; Greenlandic
Puerto Rico ; Puerto Rican
Europe ; European
Asia ; Asian
Africa ; African
North America ; North American
South America ; South American
Latin America ; Latin American
Middle East ; Middle Eastern
Scandinavia ; Scandinavian
Arab World ; Arab
"""

# Cities, regions and places that are not countries.
_PLACES = """
London, Paris, Berlin, Madrid, Rome, Moscow, Beijing = Peking, Shanghai, Wuhan, Shenzhen, Guangzhou
Tokyo, Seoul, Pyongyang, New Delhi, Delhi, Mumbai = Bombay, Kolkata, Karachi, Islamabad, Lahore
Kabul, Tehran, Baghdad, Damascus, Beirut, Jerusalem, Tel Aviv, Cairo, Riyadh, Dubai, Abu Dhabi
Doha, Ankara, Istanbul, Athens, Kyiv = Kiev, Kharkiv, Odesa = Odessa, Minsk, Warsaw, Prague
Vienna, Budapest, Bucharest, Sofia, Belgrade, Zagreb, Brussels, Amsterdam, The Hague, Geneva
Zurich, Bern, Stockholm, Oslo, Copenhagen, Helsinki, Dublin, Belfast, Edinburgh, Glasgow, Cardiff
Manchester, Birmingham, Liverpool, Leeds, Bristol, Oxford, Cambridge, Sheffield, Newcastle
Westminster, Whitehall, Washington = Washington DC | Washington D.C., D.C. = DC, New York = New York City | NYC
Los Angeles, Chicago, Houston, San Francisco, Boston, Miami, Seattle, Atlanta, Dallas
Philadelphia, Detroit, Las Vegas, Baltimore, Denver, Phoenix, Toronto, Montreal, Vancouver, Ottawa
Mexico City, Havana, Caracas, Bogota, Lima, Santiago, Buenos Aires, Brasilia, Rio de Janeiro
Sao Paulo, Canberra, Sydney, Melbourne, Brisbane, Perth, Auckland, Wellington, Jakarta, Manila
Bangkok, Hanoi, Kuala Lumpur, Taipei, Nairobi, Lagos, Abuja, Johannesburg, Cape Town
Addis Ababa, Khartoum, Tripoli, Tunis, Algiers, Rabat, Kinshasa, Kampala, Harare, Dhaka
Colombo, Kathmandu, Tashkent, Astana, Baku, Tbilisi, Yerevan, Riga, Vilnius, Tallinn, Lisbon
Barcelona, Milan, Munich, Frankfurt, Hamburg, Lyon, Marseille, Strasbourg, Ramallah, Mosul
Aleppo, Sanaa, Mecca, Kandahar, Mariupol, Donbas = Donbass, Donetsk, Luhansk, Siberia, Gaza City
Alabama, Alaska, Arizona, Arkansas, California, Colorado, Connecticut, Delaware, Florida
Hawaii, Idaho, Illinois, Indiana, Iowa, Kansas, Kentucky, Louisiana, Maine, Maryland
Massachusetts, Michigan, Minnesota, Mississippi, Missouri, Montana, Nebraska, Nevada
New Hampshire, New Jersey, New Mexico, North Carolina, North Dakota, Ohio, Oklahoma, Oregon
Pennsylvania, Rhode Island, South Carolina, South Dakota, Tennessee, Texas, Utah, Vermont
Virginia, West Virginia, Wisconsin, Wyoming, Ontario, Quebec, Alberta, British Columbia
Bavaria, Normandy, Tuscany, Sicily, Sardinia, Corsica, Cornwall, Yorkshire, Kent, Essex, Devon
Far East, Arctic, Antarctica, Antarctic, Caribbean, Pacific, Atlantic, Mediterranean, Balkans
Baltic, Baltics, Gulf = Persian Gulf, Indo-Pacific, Sahel, Central Asia, Southeast Asia = South East Asia
East Asia, South Asia, Eastern Europe, Western Europe, Central Europe, Asia-Pacific, Silicon Valley
Wall Street, Taiwan Strait, South China Sea, Black Sea, Red Sea, North Sea, Amazon Basin, West
"""

# Organisations named often enough that rules cannot tell them otherwise.
_ORGS = """
United Nations = UN
UN Security Council = United Nations Security Council | U.N. Security Council | Security Council
European Union = EU
NATO = Nato | North Atlantic Treaty Organization
World Health Organization = WHO | World Health Organisation
International Monetary Fund = IMF
World Bank, World Trade Organization = WTO, OPEC, G7, G20, Interpol, Red Cross, Amnesty International
Human Rights Watch, BBC = British Broadcasting Corporation, CNN, Reuters, Associated Press = AP, AFP
Fox News, NBC, CBS, ABC News, MSNBC, NPR, New York Times = NYT, Washington Post, Wall Street Journal
Guardian, Financial Times, Sky News, Al Jazeera, Bloomberg, Xinhua
FBI, CIA, NSA, DHS, Pentagon, Kremlin, White House, Congress, Senate
Supreme Court, Parliament, House of Commons = Commons, House of Lords, House of Representatives = House, Downing Street, NHS
MI5, MI6, GCHQ, Scotland Yard, Home Office, Foreign Office, Treasury, Bank of England
Federal Reserve, European Central Bank = ECB, Labour = Labour Party, Labor = Labor Party
Conservative Party = Tory Party, SNP = Scottish National Party, Plaid Cymru, DUP, Sinn Fein = Sinn Féin
Liberal Democrats = Lib Dems, Reform UK, Democratic Party, Republican Party = GOP
Hamas, Hezbollah, Taliban, Islamic State = ISIS | ISIL, Al-Qaeda = Al Qaeda, Wagner Group = Wagner
Google, Apple, Microsoft, Amazon, Meta, Facebook, Twitter, TikTok, Huawei, ZTE, Tesla, Walmart
Boeing, Airbus, Samsung, Sony, Toyota, HSBC, Barclays, Goldman Sachs, JPMorgan, Ofcom, Ofsted
ICC, ICJ, IAEA, UNESCO, UNICEF, OECD, ASEAN, African Union, Arab League, KGB, FSB, GRU, Mossad
"""

# Groups that are not nationalities of a country above.
_NORPS = """
Muslim, Christian, Jewish, Jew, Hindu, Sikh, Buddhist, Catholic, Protestant, Sunni, Shia = Shiite | Shi'ite
Uyghur = Uighur, Arab, Western, Republican, Democrat, Democratic, Conservative, Tory = Tories, Liberal
Socialist, Communist, Nazi, Islamist, Latino, Hispanic, Evangelical, Orthodox, Zionist, Baltic
"""


def fold(text: str) -> str:
    """The lookup key of a name: lower case, straight apostrophes, single
    spaces, no spaces around hyphens."""
    text = text.replace("’", "'").replace("‘", "'").lower()
    text = " ".join(text.split())
    return text.replace("- ", "-").replace(" -", "-")


def _items(block: str):
    for line in block.strip().splitlines():
        for item in line.split(","):
            canonical, _, aliases = item.partition("=")
            if canonical.strip():
                yield canonical.strip(), [a.strip() for a in aliases.split("|") if a.strip()]


def _plural(word: str) -> str:
    if word.endswith(("ese", "ss", "sh", "ch", "i")) or word.endswith("Swiss"):
        return ""  # "the Chinese", "the Swiss", "the Thai": no plural in -s
    return word + "s"


@lru_cache(maxsize=1)
def names() -> dict[str, tuple[str, str]]:
    """Folded name -> (type, canonical) for every place, organisation and
    group in the tables."""
    out: dict[str, tuple[str, str]] = {}

    def add(name: str, type_: str, canonical: str) -> None:
        out.setdefault(fold(name), (type_, canonical))

    for line in _COUNTRIES.strip().splitlines():
        place, _, groups = line.partition(";")
        canonical, _, aliases = place.partition("=")
        canonical = canonical.strip()
        add(canonical, "PLACE", canonical)
        for alias in aliases.split("|"):
            if alias.strip():
                add(alias.strip(), "PLACE", canonical)
        demonyms = [d.strip() for d in groups.split(",") if d.strip()]
        for d in demonyms:
            add(d, "NORP", demonyms[0])
            if _plural(d):
                add(_plural(d), "NORP", demonyms[0])
    for block, type_ in ((_PLACES, "PLACE"), (_ORGS, "ORG"), (_NORPS, "NORP")):
        for canonical, aliases in _items(block):
            add(canonical, type_, canonical)
            for alias in aliases:
                add(alias, type_, canonical)
            if type_ == "NORP":
                for form in [canonical, *aliases]:
                    if _plural(form):
                        add(_plural(form), "NORP", canonical)
    for dotted in lx.DOTTED_NAMES - lx.STATE_INITIALS:
        known = out.get(fold(dotted.replace(".", "")))
        if known:  # one copy of the dotted names, the lexicon's: "U.S." is what "US" is
            add(dotted, *known)
    return out


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The canonical names of the countries."""
    return frozenset(line.partition(";")[0].partition("=")[0].strip() for line in _COUNTRIES.strip().splitlines())


_seen: dict[str, tuple[str, str] | None] = {}


def lookup(name: str) -> tuple[str, str] | None:
    """(type, canonical) of a known name, else None."""
    try:
        return _seen[name]
    except KeyError:
        pass
    if len(_seen) > 100_000:
        _seen.clear()  # bounded: a long run over a corpus meets many names
    found = _seen[name] = names().get(fold(name))
    return found
