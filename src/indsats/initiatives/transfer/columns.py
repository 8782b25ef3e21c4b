"""The catalogue file format, defined once: sheets, their columns and what each column accepts.

Export writes these columns and import reads them, so an exported file can be imported again
unchanged. The headers are part of the file format and therefore plain Danish text, not
translated: a file written in one language must import in any other.
"""

from __future__ import annotations

from indsats.core.transfer import (
    AMOUNT,
    CHOICE,
    CODE,
    DATE,
    INT,
    KEY,
    NUMBER,
    TEXT,
    YEAR,
    Column,
    FileFormat,
    Sheet,
)

from ..choices import CostCategory, Funding, LifecycleState, Recurrence

KL = "kl"  # KL recommendations, "KL20, KL35"; registered with its parser in reading.py

__all__ = [
    "AMOUNT", "CHOICE", "CODE", "DATE", "INT", "KEY", "KL", "NUMBER", "TEXT", "YEAR",
    "Column", "Sheet",
]  # fmt: skip


CODE_FMT = "Bogstaver, tal, punktum og bindestreg. Formatér kolonnen som tekst, så »2.10« ikke bliver til tallet 2,1."
YEAR_FMT = "Et årstal mellem 1990 og 2100."
AMOUNT_FMT = (
    "Et beløb i kr.: et tal eller dansk tekst som »1.008.000 kr.«, »201,60« eller »7,339 mio. kr.«."
)
NUMBER_FMT = "Et tal på 0 eller derover med højst 4 decimaler, fx »100«, »201,60« eller »0,25«."


INITIATIVES = Sheet(
    "Indsatser",
    (
        Column(
            "code",
            "Nummer",
            CODE,
            required=True,
            max_length=20,
            fmt=CODE_FMT,
            help="Indsatsens nummer. Indsatser genkendes på nummeret: findes det, rettes indsatsen, ellers oprettes den.",
            example="1.1",
            width=10,
        ),
        Column(
            "title",
            "Titel",
            required=True,
            max_length=300,
            help="Indsatsens titel.",
            example="Frikøb af tid til planlægning af praktikforløbet",
            width=50,
        ),
        Column(
            "description",
            "Beskrivelse",
            help="Beskrivelse af indsatsen. Linjeskift i cellen bevares.",
            example="Praktikvejlederne frikøbes et antal timer pr. måned i 10 mdr. pr. år …",
            width=50,
        ),
        Column(
            "purpose",
            "Formål",
            help="Hvad indsatsen skal opnå.",
            example="At flere elever gennemfører uddannelsen.",
            width=40,
        ),
        Column(
            "theme",
            "Tema",
            required=True,
            max_length=200,
            help="Temaet indsatsen hører under i prioriteringsoversigten. Et nyt tema oprettes.",
            example="Rekruttering til og fastholdelse i uddannelse",
            width=40,
        ),
        Column(
            "focus_area",
            "Fokusområde",
            max_length=200,
            help="Fx før, under eller efter uddannelse. Et nyt fokusområde oprettes.",
            example="Under uddannelse",
            width=20,
        ),
        Column(
            "target_group",
            "Målgruppe",
            max_length=300,
            help="Hvem indsatsen er rettet mod.",
            example="Praktikvejledere",
            width=25,
        ),
        Column(
            "professions",
            "Faggrupper",
            max_length=300,
            help="De faggrupper, indsatsen vedrører.",
            example="Social- og sundhedsassistenter",
            width=25,
        ),
        Column(
            "unit",
            "Ansvarlig enhed",
            max_length=200,
            help="Forvaltning, center eller enhed, der ejer indsatsen. En ny enhed oprettes.",
            example="Center for Social og Sundhed",
            width=30,
        ),
        Column(
            "priority_step",
            "Trin",
            INT,
            max_value=20,
            fmt="Et helt tal fra 1 til 20. Tom: ikke prioriteret.",
            help="Prioriteringstrin; trin 1 finansieres først.",
            example="1",
            width=8,
        ),
        Column(
            "funding",
            "Finansiering",
            CHOICE,
            choices=Funding,
            default=Funding.SEPARATE,
            help="Om indsatsen kræver nye midler.",
            example="Kræver særskilt finansiering",
            width=28,
        ),
        Column(
            "kl",
            "KL-anbefalinger",
            KL,
            fmt="KL-anbefalingernes numre (KL1–KL38) adskilt af komma.",
            help="De af KL's anbefalinger, indsatsen understøtter.",
            example="KL20, KL35",
            width=18,
        ),
        Column(
            "state",
            "Status",
            CHOICE,
            choices=LifecycleState,
            default=LifecycleState.PROPOSED,
            help="Hvor langt indsatsen er.",
            example="Foreslået",
            width=14,
        ),
        Column(
            "start_year",
            "Startår",
            YEAR,
            fmt=YEAR_FMT,
            help="Første år. Omkostningslinjer uden år eller periode gælder fra startåret.",
            example="2020",
            width=10,
        ),
        Column(
            "end_year",
            "Slutår",
            YEAR,
            fmt=YEAR_FMT + " Tom: uden slutår.",
            help="Sidste år. Kan ikke ligge før startåret.",
            example="2022",
            width=10,
        ),
        Column(
            "selected",
            "Valgt scenarie",
            max_length=120,
            fmt="Navnet på et af indsatsens scenarier i arket »Scenarier«. Tom: intet valgt.",
            help="Det scenarie, prioriteringsoversigten regner med.",
            example="10 timer pr. md.",
            width=22,
        ),
        Column(
            "owner",
            "Ansvarlig",
            max_length=254,
            help=(
                "Brugernavn eller e-mailadresse på det medlem, der er ansvarlig for indsatsen. "
                "Tom: ingen ansvarlig. Et navn, der ikke er medlem her, sættes ikke (det står i kvitteringen)."
            ),
            example="lars.leder@ballerup.dk",
            width=25,
        ),
    ),
    help="Én række pr. indsats.",
)

COST_LINES = Sheet(
    "Omkostninger",
    (
        Column(
            "code",
            "Indsats nummer",
            CODE,
            required=True,
            max_length=20,
            fmt="Et nummer fra arket »Indsatser«.",
            help="Den indsats, linjen hører til.",
            example="1.1",
            width=10,
        ),
        Column(
            "number",
            "Linje nr.",
            INT,
            required=True,
            fmt="Et helt tal fra 1; forskelligt for hver linje i samme indsats.",
            help="Linjer genkendes på indsatsnummer og linjenummer. En linje, der ikke står i filen, slettes.",
            example="1",
            width=8,
        ),
        Column(
            "label",
            "Betegnelse",
            max_length=200,
            help="Hvad linjen dækker. Tom: kategoriens navn.",
            example="Frikøb af praktikvejledere",
            width=30,
        ),
        Column(
            "category",
            "Kategori",
            CHOICE,
            required=True,
            choices=CostCategory,
            help="Hvad pengene går til.",
            example="Frikøb",
            width=16,
        ),
        Column(
            "recurrence",
            "Gentagelse",
            CHOICE,
            required=True,
            choices=Recurrence,
            help="Et engangsbeløb betales ét år; et årligt beløb hvert år i en periode.",
            example="Pr. år",
            width=12,
        ),
        Column(
            "year",
            "År",
            YEAR,
            fmt=YEAR_FMT + " Kun for engangsbeløb.",
            help="Året et engangsbeløb betales. Tom: indsatsens startår.",
            example="2020",
            width=8,
        ),
        Column(
            "start_year",
            "Fra år",
            YEAR,
            fmt=YEAR_FMT + " Kun for årlige beløb.",
            help="Første år for et årligt beløb. Tom: indsatsens startår.",
            example="2020",
            width=8,
        ),
        Column(
            "end_year",
            "Til år",
            YEAR,
            fmt=YEAR_FMT + " Kun for årlige beløb.",
            help="Sidste år for et årligt beløb. Tom: indsatsens slutår.",
            example="2022",
            width=8,
        ),
        Column(
            "stated",
            "Besluttet beløb",
            AMOUNT,
            fmt=AMOUNT_FMT + " Tom: formlens resultat gælder.",
            help="Det besluttede eller oplyste beløb. Linjer med faktorer regner også formlen ud og viser forskellen.",
            example="1.008.000 kr.",
            width=16,
        ),
        Column(
            "note",
            "Bemærkning",
            max_length=500,
            help="Fri tekst.",
            example="1 lærer × 3 timer om ugen × 40 uger",
            width=30,
        ),
    ),
    help="Én række pr. omkostningslinje. En linje har et besluttet beløb, faktorer i arket »Faktorer«, eller begge.",
)

FACTORS = Sheet(
    "Faktorer",
    (
        Column(
            "code",
            "Indsats nummer",
            CODE,
            required=True,
            max_length=20,
            fmt="Et nummer fra arket »Indsatser«.",
            help="Den indsats, faktoren hører til.",
            example="1.1",
            width=10,
        ),
        Column(
            "number",
            "Linje nr.",
            INT,
            required=True,
            fmt="Et linjenummer fra arket »Omkostninger«.",
            help="Den omkostningslinje, faktoren indgår i.",
            example="1",
            width=8,
        ),
        Column(
            "key",
            "Nøgle",
            KEY,
            required=True,
            max_length=60,
            fmt="Små bogstaver a-z, tal og _; begynder med et bogstav. Forskellig for hver faktor på samme linje.",
            help="Faktorens navn i formlen; scenarier ændrer faktorer ved deres nøgle.",
            example="timer_pr_md",
            width=18,
        ),
        Column(
            "label",
            "Betegnelse",
            required=True,
            max_length=200,
            help="Faktorens navn, som det vises.",
            example="Timer pr. måned",
            width=26,
        ),
        Column(
            "unit",
            "Enhed",
            max_length=20,
            help="Fx personer, timer, mdr., kr. eller %.",
            example="timer",
            width=10,
        ),
        Column(
            "value",
            "Værdi",
            NUMBER,
            fmt=NUMBER_FMT + " Udfyld enten Værdi eller Parameter.",
            help="Faktorens værdi. Linjens beløb er produktet af dens faktorer.",
            example="5",
            width=12,
        ),
        Column(
            "parameter",
            "Parameter",
            KEY,
            max_length=60,
            fmt="Nøglen på en parameter i organisationen eller i arket »Parametre«.",
            help="Faktoren henter sin værdi fra en fælles parameter, fx timeprisen for frikøb.",
            example="timepris_frikob",
            width=18,
        ),
    ),
    help="Én række pr. faktor i en omkostningslinjes formel, i den rækkefølge de ganges.",
)

SCENARIOS = Sheet(
    "Scenarier",
    (
        Column(
            "code",
            "Indsats nummer",
            CODE,
            required=True,
            max_length=20,
            fmt="Et nummer fra arket »Indsatser«.",
            help="Den indsats, scenariet hører til.",
            example="1.1",
            width=10,
        ),
        Column(
            "name",
            "Scenarie",
            required=True,
            max_length=120,
            help="Scenariets navn. Flere rækker med samme navn udgør ét scenarie.",
            example="10 timer pr. md.",
            width=22,
        ),
        Column(
            "key",
            "Nøgle",
            KEY,
            required=True,
            max_length=60,
            fmt="Nøglen på en af indsatsens faktorer i arket »Faktorer«.",
            help="Den faktor, scenariet ændrer.",
            example="timer_pr_md",
            width=18,
        ),
        Column(
            "value",
            "Værdi",
            NUMBER,
            required=True,
            fmt=NUMBER_FMT,
            help="Faktorens værdi i scenariet.",
            example="10",
            width=12,
        ),
    ),
    help="Én række pr. faktor, et scenarie ændrer. Indsatsens scenarier erstattes af filens.",
)

PARAMETERS = Sheet(
    "Parametre",
    (
        Column(
            "key",
            "Nøgle",
            KEY,
            required=True,
            max_length=60,
            fmt="Små bogstaver a-z, tal og _; begynder med et bogstav.",
            help="Parameterens nøgle, som faktorer henviser til.",
            example="timepris_frikob",
            width=18,
        ),
        Column(
            "name",
            "Navn",
            required=True,
            max_length=200,
            help="Parameterens navn.",
            example="Timepris, frikøb",
            width=26,
        ),
        Column("unit", "Enhed", max_length=20, help="Fx kr. eller timer.", example="kr.", width=10),
        Column(
            "valid_from",
            "Gælder fra",
            DATE,
            required=True,
            fmt="En dato, fx 01-01-2020.",
            help="Datoen værdien gælder fra. Ældre værdier bevares.",
            example="01-01-2020",
            width=14,
        ),
        Column(
            "value",
            "Værdi",
            NUMBER,
            required=True,
            fmt=NUMBER_FMT,
            help="Parameterens værdi fra datoen.",
            example="201,60",
            width=12,
        ),
    ),
    help="Én række pr. værdi. En parameter, der ikke findes, oprettes; en ny eller ændret værdi gemmes fra sin dato.",
)

SHEETS: tuple[Sheet, ...] = (INITIATIVES, COST_LINES, FACTORS, SCENARIOS, PARAMETERS)
GUIDE_TITLE = "Vejledning"

GUIDE_INTRO = (
    "Indsatskataloget som Excel-fil: indsatser, omkostningslinjer, faktorer, scenarier og parametre.",
    "Filen indlæses som en helhed. Er der fejl i blot én række, indlæses intet, og alle fejl vises med ark, række og kolonne.",
    "En indsats, der står i arket »Indsatser«, beskrives fuldt ud af filen: dens omkostningslinjer, faktorer og scenarier "
    "bliver som i filen (arkene med linjer, faktorer og scenarier erstatter de gemte). Indsatser, der ikke står i filen, ændres ikke og slettes ikke.",
    "I arket »Indsatser« ændrer en tom celle intet: den gemte tekst, enhed, fokusområde, trin, årstal og KL-anbefalinger beholdes. Et felt tømmes på indsatsens side. Undtaget er valgfelterne finansiering og tilstand: en tom celle betyder deres standardværdi.",
    "De øvrige ark henviser til indsatser med deres nummer, og kun til indsatser i arket »Indsatser«.",
    "Valgfelter udfyldes med den danske betegnelse fra rullelisten eller med koden. Beløb og tal kan skrives som tal "
    "eller som dansk tekst: »1.008.000 kr.«, »201,60«, »7,339 mio. kr.«.",
    "Genindlæses en eksport uændret, ændres intet. Kolonnernes overskrifter må ikke ændres; rækkefølgen er fri.",
)

CATALOGUE = FileFormat(
    sheets=SHEETS,
    guide_heading="Vejledning til indsatskataloget",
    guide_intro=GUIDE_INTRO,
    guide_title=GUIDE_TITLE,
)


def numbered_lines(lines) -> list[tuple[int, object]]:
    """An initiative's cost lines (in their stored order) with the number they carry in the
    file: their ``order`` where those are distinct and positive, else their position. Export
    and import number lines the same way, so an export imports onto the same lines."""
    lines = list(lines)
    orders = [line.order for line in lines]
    if all(o >= 1 for o in orders) and len(set(orders)) == len(orders):
        return list(zip(orders, lines, strict=True))
    return list(enumerate(lines, start=1))
