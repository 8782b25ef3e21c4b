"""Ballerup Kommune's catalogue of recruitment and retention initiatives (seeds 000 and 001),
written by hand as structured data. Every amount is the one printed in the seeds.

Cost lines: ``stated`` is the amount in the seed; ``factors`` the calculation the seed describes.
Where both are given and differ (2.2, 3.2, 3.3) the system shows both and flags the difference.
"""

from decimal import Decimal as D

ORGANISATION = {
    "slug": "ballerup",
    "name": "Ballerup Kommune",
    "kind": "municipality",
    "budget_year": 2020,
}

PARAMETERS = [
    {
        "key": "timepris_frikob",
        "name": "Timepris, frikøb",
        "unit": "kr.",
        "description": "Timeprisen for frikøb af medarbejdertimer (udtages af driftsplanen).",
        "values": [("2020-01-01", D("201.60"))],
    },
]

UNITS = [
    "Center for Social og Sundhed",
    "Personale og Organisation (P&O)",
    "Center for Sundhed og Pleje (H&P)",
]

THEMES = [
    "Rekruttering til og fastholdelse i uddannelse",
    "Rekruttering til og fastholdelse i stillinger",
]
EDU, JOBS = THEMES

# Illustrative budget frames for the 2020 budget (the seed prints no frames).
BUDGET_FRAMES = [
    (2020, 1, D("1700000")),
    (2020, 2, D("1600000")),
    (2020, 3, D("500000")),
    (2020, 4, D("2000000")),
]

RATE = {
    "key": "timepris",
    "label": "Timepris, frikøb",
    "unit": "kr.",
    "parameter": "timepris_frikob",
}

SUPERVISOR_SCENARIOS = [(f"{h} timer pr. md.", {"timer_pr_md": D(h)}) for h in (5, 10, 15, 20)]
SUNDAY_SCENARIOS = [(f"{p} % udbetales", {"andel": D(p) / 100}) for p in (25, 50, 75, 100)]

INITIATIVES = [
    # --- Trin 1, separate funding ----------------------------------------------------------
    {
        "code": "1.1",
        "title": "Frikøb af tid til planlægning af praktikforløbet for elever og vejledningsopgaven samt deltagelse i uddannelseskonsulentens forløb for praktikvejledere",
        "theme": EDU,
        "step": 1,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "Praktikvejledere",
        "professions": "Social- og sundhedsassistenter, social- og sundhedshjælpere",
        "description": (
            "Praktikvejlederne frikøbes et antal timer pr. måned i 10 mdr. pr. år for at sikre, at de kan "
            "udtages af driftsplanerne i tilstrækkeligt omfang til at planlægge praktikforløbet og yde "
            "vejledningen, deltage i samarbejdet mellem praktikstederne og uddannelseskonsulenten og holde "
            "sig fagligt opdateret løbende, fx ved at indgå i faglige netværk mellem praktikvejlederne.\n\n"
            "Antal praktikvejledere fra 2020 er estimeret til 100 for at kunne håndtere den kommende stigning "
            "i antallet af SOSU-elever på 30 procent jf. den nationalt fastlagte udvidelse af dimensioneringen "
            "på SOSU-uddannelserne. For Ballerup Kommune betyder det ca. 200 elever pr. år fra 2020. Hver "
            "praktikvejleder skal dermed med denne bemanding i gns. have to elever ad gangen.\n\n"
            "Indsatsen kobles med implementering af en fælles profil og politik omkring udpegning af "
            "praktikvejledere, som samlet set forventes at reducere antallet af praktikvejledere."
        ),
        "purpose": "At praktikvejlederne har tid til at planlægge praktikforløbet og vejlede eleverne, så flere elever gennemfører.",
        "cost_lines": [
            {
                "label": "Frikøb af praktikvejledere",
                "category": "release_time",
                "recurrence": "yearly",
                "factors": [
                    {
                        "key": "praktikvejledere",
                        "label": "Praktikvejledere",
                        "unit": "personer",
                        "value": D(100),
                    },
                    {
                        "key": "timer_pr_md",
                        "label": "Timer pr. måned",
                        "unit": "timer",
                        "value": D(5),
                    },
                    {"key": "maaneder", "label": "Måneder pr. år", "unit": "mdr.", "value": D(10)},
                    RATE,
                ],
            }
        ],
        "scenarios": SUPERVISOR_SCENARIOS,
    },
    {
        "code": "1.2",
        "title": "Faglig efteruddannelse af praktikvejlederne, så alle vejledere er på niveau med ny uddannelsesstruktur",
        "theme": EDU,
        "step": 1,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "Praktikvejledere",
        "description": (
            "I 2017 kom der en væsentlig ændring på SOSU-uddannelserne, hvor den tidligere trinvise opbygning "
            "(trin 1: hjælper, trin 2: assistent) blev erstattet af to selvstændige uddannelser. Endvidere er "
            "især SOSU-assistentuddannelsen blevet mere teoretisk funderet.\n\n"
            "Forløbet iværksættes i forbindelse med implementering af fælles profil og politik omkring "
            "udpegning af praktikvejledere, som vil reducere antallet af praktikvejledere."
        ),
        "purpose": "At alle praktikvejledere er på niveau med den nye uddannelsesstruktur.",
        "cost_lines": [
            {
                "label": "Efteruddannelse",
                "category": "course_purchase",
                "recurrence": "one_time",
                "stated": D("450000"),
            }
        ],
    },
    {
        "code": "2.3",
        "title": "Understøttelse af elever med dansk som 2. sprog via Elderlearn",
        "theme": EDU,
        "step": 1,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "Tosprogede elever",
        "end_year": 2022,
        "description": (
            "I Elderlearn matches potentielt ensomme ældre borgere med sprogstuderende udlændinge, tosprogede "
            "elever fra SOSU-uddannelserne mfl. Dette skaber bl.a. trivsel, glæde og indhold for den ældre og "
            "øger integrationsmuligheden for udlændingen.\n\n"
            "At anvende Elderlearn er ikke møntet på en kort indsats, men giver mening, så længe Ballerup "
            "Kommune vurderer, at det har den ønskede effekt i forhold til de to brugertyper: de tosprogede "
            "borgere og potentielt ensomme ældre. Indsatsen planlægges initialt afviklet over 3 år for at sikre, "
            "at konceptet opnår at være en fast bestanddel af de handlemuligheder, som plejecentre/hjemmepleje "
            "og Jobcenter anvender i kerneopgaven omkring deres borgere."
        ),
        "purpose": "At øge optaget og fastholde tosprogede elever på SOSU-uddannelserne og i en efterfølgende ansættelse.",
        "cost_lines": [
            {
                "label": "Elderlearn",
                "category": "other",
                "recurrence": "yearly",
                "start_year": 2020,
                "end_year": 2022,
                "stated": D("135000"),
            }
        ],
    },
    {
        "code": "2.4",
        "title": "Lektiecafé for elever: understøttelse af bogligt svage elever med lektiecafé i tværkommunalt samarbejde",
        "theme": EDU,
        "step": 1,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "SOSU-elever",
        "description": (
            "1 lærer, der underviser 3 timer om ugen i 40 uger.\n\n"
            "Efter omlægningen af SOSU-uddannelserne i 2017 er især SOSU-assistentuddannelsen blevet mere "
            "teoretisk funderet, og uddannelsernes opbygning stiller i dag store krav om boglighed og evnen "
            "til at studere selvstændigt. Mange elever har søgt uddannelserne med »hjertet« og er ikke "
            "nødvendigvis bogligt orienterede. De boglige krav kan endvidere være en ekstra udfordring for "
            "tosprogede elever, der ofte ikke har et netværk, som kan støtte dem."
        ),
        "purpose": "At bogligt svage og tosprogede elever gennemfører uddannelsen.",
        "cost_lines": [
            {
                "label": "Lektiecafé",
                "category": "wage",
                "recurrence": "yearly",
                "stated": D("40000"),
                "note": "1 lærer × 3 timer om ugen × 40 uger",
            }
        ],
    },
    # --- Trin 1, financed over operations ---------------------------------------------------
    *[
        {"code": code, "title": title, "theme": EDU, "step": 1, "funding": "operations"}
        for code, title in [
            (
                "1.3",
                "Understøtte praktikstederne, så eleverne oplever et professionelt uddannelsesmiljø",
            ),
            ("1.4", "Alle er klædt på til at arbejde med og udvikle elever"),
            ("1.5", "Styrke praktikvejleder-gruppen"),
            ("2.5", "Gøre faget attraktivt for de unge"),
            ("2.6", "Samarbejde med Jobcenteret om rekruttering"),
            ("2.7", "Opkvalificering af ufaglærte medarbejdere via ansættelsen"),
            ("2.8", "Stillingsopslag, der skiller sig ud"),
            ("2.9", "Tilbyde studiejobs til egne elever"),
            ("2.10", "Understøtte eleverne under praktikperioderne"),
            ("2.11", "Øget samarbejde med SOSU-skolerne"),
        ]
    ],
    # --- Trin 2 -----------------------------------------------------------------------------
    {
        "code": "3.2",
        "title": "Kompetenceudvikling af al plejepersonale (elever og fastansatte) til samarbejdet med pårørende",
        "theme": JOBS,
        "step": 2,
        "funding": "separate",
        "unit": UNITS[0],
        "kl": [20],
        "target_group": "Plejepersonale, elever og fastansatte",
        "description": (
            "Fx situationsteater af 2 timer for alle medarbejdere (estimeret 1.000 medarbejdere) med kontakt "
            "til pårørende til borgere/beboere."
        ),
        "purpose": (
            "Formålet er at ruste eleverne til den kommende hverdag i faget samt give de fastansatte "
            "medarbejdere redskaber til at skabe det konstruktive samarbejde med pårørende."
        ),
        "cost_lines": [
            {
                "label": "Kursusindkøb",
                "category": "course_purchase",
                "recurrence": "one_time",
                "stated": D("226500"),
            },
            {
                "label": "Frikøb",
                "category": "release_time",
                "recurrence": "one_time",
                "stated": D("403000"),
                "factors": [
                    {
                        "key": "medarbejdere",
                        "label": "Medarbejdere",
                        "unit": "personer",
                        "value": D(1000),
                    },
                    {
                        "key": "timer",
                        "label": "Timer pr. medarbejder",
                        "unit": "timer",
                        "value": D(2),
                    },
                    RATE,
                ],
            },
        ],
    },
    {
        "code": "3.3",
        "title": "Kompetenceudvikling af al plejepersonale (elever og fastansatte) til samarbejdet med udadreagerende borgere",
        "theme": JOBS,
        "step": 2,
        "funding": "separate",
        "unit": UNITS[0],
        "kl": [20],
        "target_group": "Plejepersonale med kontakt til udadreagerende borgere",
        "description": (
            "2-timers introduktion for relevante medarbejdere (estimeret 500 medarbejdere) med kontakt til "
            "udadreagerende borgere/beboere. Center for Social- og Sundheds demenskonsulenter og "
            "demenspraktikere vil indgå i udvikling og koordinering af indsatsen."
        ),
        "purpose": (
            "Formålet er at ruste eleverne til den kommende hverdag i faget samt give de fastansatte "
            "medarbejdere redskaber i arbejdet omkring udadreagerende borgere."
        ),
        "cost_lines": [
            {
                "label": "Kursusindkøb",
                "category": "course_purchase",
                "recurrence": "one_time",
                "stated": D("350000"),
            },
            {
                "label": "Frikøb",
                "category": "release_time",
                "recurrence": "one_time",
                "stated": D("202000"),
                "factors": [
                    {
                        "key": "medarbejdere",
                        "label": "Medarbejdere",
                        "unit": "personer",
                        "value": D(500),
                    },
                    {
                        "key": "timer",
                        "label": "Timer pr. medarbejder",
                        "unit": "timer",
                        "value": D(2),
                    },
                    RATE,
                ],
            },
        ],
    },
    {
        "code": "3.4",
        "title": "Udvikling og igangsætning af løbende opstartsprogram for nyuddannede sygeplejersker og SOSU-assistenter",
        "theme": JOBS,
        "step": 2,
        "funding": "separate",
        "unit": UNITS[1],
        "kl": [25],
        "target_group": "Nyuddannede sygeplejersker og SOSU-assistenter",
        "professions": "Sygeplejersker, social- og sundhedsassistenter",
        "description": (
            "Udvikling af særskilt introprogram for nyuddannede, som skal sikre, at de nyuddannede føler sig "
            "trygge i overgangen fra uddannelse til at stå på egne ben i daglig drift. Indhold fx "
            "mentorordning, individuelt introprogram og systematisk opfølgning, sundhedsfaglig "
            "gruppesupervision samt færdigheds- og simulationstræning.\n\n"
            "Der regnes med 10 × 2 mentorer (hhv. for sygeplejersker og SOSU-assistenter) på tværs af P&O og "
            "H&P, som dækker flere enheder, så ikke alle enheder har lokal mentor. Som led i implementeringen "
            "skal mentorerne introduceres til program og rollen som mentor og frikøbes til 2 sessioner af 3 "
            "timer. Frikøb for mentorernes tid til sparring med nyuddannede samt facilitering af netværk for "
            "nyuddannede: 10 timer pr. md."
        ),
        "purpose": "At nyuddannede føler sig trygge i overgangen fra uddannelse til daglig drift og bliver i faget.",
        "cost_lines": [
            {
                "label": "Udvikling og introduktion",
                "category": "development",
                "recurrence": "one_time",
                "stated": D("100000"),
            },
            {
                "label": "Frikøb af mentorer",
                "category": "release_time",
                "recurrence": "yearly",
                "stated": D("480000"),
                "note": "20 mentorer, 10 timer pr. md.",
            },
        ],
    },
    {
        "code": "3.5",
        "title": "Kulturforløb Den gode cirkel: Hvordan skaber vi den gode arbejdsplads, som stiller os stærkere i kampen om de gode medarbejdere",
        "theme": JOBS,
        "step": 2,
        "funding": "separate",
        "unit": UNITS[1],
        "kl": [23, 30, 36, 38],
        "target_group": "Alle medarbejdere og ledere",
        "description": (
            "Som giver mest kvalitet i kerneopgaven, arbejdsglæde, en høj social kapital og en robust "
            "organisation? Grundlaget for den gode arbejdsplads er, at hele organisationen evner at tilpasse "
            "sig nye og ændrede situationer samt håndtere forandringer og uforudsete samfundsmæssige bevægelser."
        ),
        "purpose": "At skabe den gode arbejdsplads, som fastholder og tiltrækker medarbejdere.",
        "cost_lines": [
            {
                "label": "Kulturforløb",
                "category": "development",
                "recurrence": "one_time",
                "stated": D("150000"),
            }
        ],
    },
    *[
        {"code": code, "title": title, "theme": JOBS, "step": 2, "funding": "operations"}
        for code, title in [
            ("3.7", "Kompetenceudviklingsprogram for fastansatte"),
            ("3.8", "Tydelige ansvarsområder"),
            ("3.9", "Mentorordning til alle nyansatte"),
        ]
    ],
    # --- Trin 3 -----------------------------------------------------------------------------
    {
        "code": "2.1",
        "title": "Fritidsjob for folkeskoleelever 2-5 timer på et plejehjem/botilbud",
        "theme": EDU,
        "step": 3,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "Folkeskoleelever",
        "description": (
            "Folkeskoleeleverne tilbydes små jobs på plejecentre/botilbud, hvor de bl.a. kan indgå i sociale "
            "aktiviteter ved at tale med og hygge om beboerne."
        ),
        "purpose": (
            "Både i kraft af stillingsopslagene og af at nogle af de unge prøver at arbejde på et "
            "plejecenter/botilbud kan det gøre faget mere synligt for de unge."
        ),
        "cost_lines": [
            {
                "label": "Løn til fritidsjob",
                "category": "wage",
                "recurrence": "yearly",
                "stated": D("450000"),
            }
        ],
    },
    {
        "code": "2.2",
        "title": "SOSU-ambassadører – de unge SOSU-elever inviteres ind i folkeskolen og fortæller om uddannelsen og glæden ved faget",
        "theme": EDU,
        "step": 3,
        "funding": "separate",
        "unit": UNITS[0],
        "target_group": "Folkeskoleelever",
        "description": (
            "På 12 enheder udpeges én praktikvejleder pr. enhed, der planlægger besøgene sammen med skolerne "
            "i området og deltager sammen med eleven. Der frikøbes 3 timer pr. halve år pr. praktikvejleder. "
            "Eleverne får alm. løn under deres deltagelse og skal ikke erstattes i driftsplanerne, dvs. "
            "ingen frikøb."
        ),
        "purpose": "At gøre SOSU-uddannelserne synlige og attraktive for de unge i folkeskolen.",
        "cost_lines": [
            {
                "label": "Frikøb af praktikvejledere",
                "category": "release_time",
                "recurrence": "yearly",
                "stated": D("20000"),
                "factors": [
                    {
                        "key": "praktikvejledere",
                        "label": "Praktikvejledere",
                        "unit": "personer",
                        "value": D(12),
                    },
                    {
                        "key": "timer_pr_halvaar",
                        "label": "Timer pr. halve år",
                        "unit": "timer",
                        "value": D(3),
                    },
                    {"key": "halvaar", "label": "Halvår pr. år", "unit": "halvår", "value": D(2)},
                    RATE,
                ],
            }
        ],
    },
    # --- Trin 4 -----------------------------------------------------------------------------
    {
        "code": "3.1",
        "title": "Mulighed for udbetaling af søndagstillæg i stedet for tvungen afspadsering",
        "theme": JOBS,
        "step": 4,
        "funding": "separate",
        "unit": UNITS[1],
        "kl": [35],
        "target_group": "Medarbejdere med weekendarbejde",
        "description": (
            "De timer, der tidligere blev hensat til tvungen afspadsering, udbetales. Beregninger viser "
            "scenarier for, hvor stor en procentdel af medarbejderne der vælger at få udbetalt deres tillæg."
        ),
        "purpose": (
            "Fleksibilitet omkring udbetaling af lørdags- og søndagstillæg kan nedsætte behovet for vikarer, "
            "når timerne afspadseres, samt gøre weekendarbejdet mere attraktivt for nogle medarbejdere."
        ),
        "cost_lines": [
            {
                "label": "Udbetaling af søndagstillæg",
                "category": "wage",
                "recurrence": "yearly",
                "factors": [
                    {
                        "key": "andel",
                        "label": "Andel, der får tillægget udbetalt",
                        "unit": "%",
                        "value": D(1),
                    },
                    {
                        "key": "tillaeg_i_alt",
                        "label": "Søndagstillæg i alt pr. år",
                        "unit": "kr.",
                        "value": D("6878000"),
                    },
                ],
            }
        ],
        "scenarios": SUNDAY_SCENARIOS,
    },
    *[
        {"code": code, "title": title, "theme": JOBS, "step": 4, "funding": "operations"}
        for code, title in [
            ("3.6", "Faglig stolthed"),
            ("3.10", "Fleksible arbejdsvilkår, der tilpasses til den enkelte medarbejders behov"),
            (
                "3.11",
                "Opsamling af data via tværgående struktur for fratrædelsessamtaler, herunder digital understøttelse",
            ),
        ]
    ],
]


# --- expected effects: ILLUSTRATIVE, for the optimiser (seeds 000 and 001 state none) ---------

EFFECT_SOURCE = "Illustrativt skøn til demoen: Ballerups dokumenter angiver ingen forventet effekt."
EFFECT_UNITS = [
    # key, name, unit, weight
    ("haender", "Hænder vundet", "hænder", D("1")),
    ("frafald", "Frafald undgået", "elever", D("0.8")),
]
# code -> {unit key: (low, expected, high)} for every scenario, or
# code -> {scenario name: {unit key: (low, expected, high)}}
EXPECTED_EFFECTS = {
    "1.1": {
        "5 timer pr. md.": {"haender": (2, 3, 4), "frafald": (2, 3, 4)},
        "10 timer pr. md.": {"haender": (3, 5, 7), "frafald": (3, 5, 6)},
        "15 timer pr. md.": {"haender": (4, 6, 8), "frafald": (4, 6, 7)},
        "20 timer pr. md.": {"haender": (4, 7, 10), "frafald": (4, 7, 8)},
    },
    "1.2": {"haender": (1, 2, 3), "frafald": (1, 2, 4)},
    "2.3": {"frafald": (2, 3, 5)},
    "2.4": {"frafald": (1, 2, 3)},
    "3.2": {"haender": (2, 3, 5)},
    "3.3": {"haender": (2, 3, 4)},
    "3.4": {"haender": (3, 4, 6)},
    "3.5": {"haender": (1, 2, 3)},
    "2.1": {"haender": (0, 1, 2)},
    "2.2": {"haender": (1, 1, 2)},
    "3.1": {
        "25 % udbetales": {"haender": (1, 2, 3)},
        "50 % udbetales": {"haender": (2, 3, 5)},
        "75 % udbetales": {"haender": (3, 4, 6)},
        "100 % udbetales": {"haender": (3, 5, 7)},
    },
}
# (initiative, requires): the onboarding programme builds on the supervisors' release time
DEPENDENCIES = [("3.4", "1.1"), ("2.2", "2.1")]
