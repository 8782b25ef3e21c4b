"""The eight cases of KL's case bank (seed 003), created through the services, for the case bank
search and page tests. Independent of the demo loader on purpose."""

from __future__ import annotations

from indsats.casebank import services
from indsats.casebank.models import CaseStatus, Region

SEED_CASES = [
    {
        "municipality": "Esbjerg Kommune",
        "region": Region.SYDDANMARK,
        "title": "Praktikvejledere på fuldtid nedbringer frafaldet markant",
        "summary": (
            "I Esbjerg Kommune har man siden 2017 haft praktikvejledere ansat som "
            "fuldtidsvejledere. Deres opgave er at give vejledning og støtte til SOSU-elever i "
            "praktik. Indsatsen har bidraget til højere kvalitet i praktikforløbene, mere "
            "tilfredse elever og et markant fald i frafaldet for både social- og "
            "sundhedshjælpere og -assistentelever."
        ),
        "start_year": 2017,
        "tags": {
            "theme": ["Fastholdelse", "Uddannelse"],
            "target_group": ["Elever"],
            "profession": ["Social- og sundhedsassistent", "Social- og sundhedshjælper"],
        },
    },
    {
        "municipality": "Horsens Kommune",
        "region": Region.MIDTJYLLAND,
        "title": "Hverdagsguider sætter ord på faglig stolthed",
        "summary": (
            "I Horsens Kommune har man siden 2016 uddannet medarbejdere i hjemmeplejen til "
            "såkaldte ’hverdagsguider’. Indsatsen har bidraget til, at der er kommet fokus og ord "
            "på fagligheden – og skabt faglig stolthed blandt social- og "
            "sundhedsmedarbejderne."
        ),
        "start_year": 2016,
        "tags": {
            "theme": ["Faglighed"],
            "target_group": ["Medarbejdere"],
            "profession": ["Social- og sundhedshjælper"],
        },
    },
    {
        "municipality": "Varde Kommune",
        "region": Region.SYDDANMARK,
        "title": "Klar til SOSU",
        "summary": (
            "Varde Kommune afdækkede i 2019 kommunens arbejdskraftreserve med henblik på at "
            "identificere kvalificeret arbejdskraft til ældre- og sundhedsområdet. Analysen "
            "afslørede, at der blandt kommunens borgere var en betydelig gruppe fra Østeuropa, "
            "der var interesserede i at blive SOSU-medarbejdere."
        ),
        "start_year": 2019,
        "tags": {"theme": ["Rekruttering"], "target_group": ["Ledige"], "profession": []},
    },
    {
        "municipality": "Lolland Kommune",
        "region": Region.SJAELLAND,
        "title": "Sproglige forudsætninger er – Vejen til SOSU",
        "summary": (
            "Lolland og Vordingborg Kommuner startede i september 2021 et pilotprojekt i form af "
            "forløbet ’Vejen til SOSU’. Indsatsen skal give tosprogede med interesse i SOSU-faget, "
            "mulighed for at skifte branche og gøre dem klar til at gennemføre en af de to "
            "SOSU-uddannelser."
        ),
        "start_year": 2021,
        "tags": {"theme": ["Rekruttering"], "target_group": ["Tosprogede"], "profession": []},
    },
    {
        "municipality": "Frederikshavn Kommune",
        "region": Region.NORDJYLLAND,
        "title": "Fastholdelsessamtaler mindsker elevfrafald markant",
        "summary": (
            "I Frederikshavn kommune har man siden 2019 arbejdet målrettet med en "
            "fastholdelsesstrategi for SOSU-elever. Indsatsen har resulteret i et markant fald i "
            "frafaldet og et styrket samarbejde om eleverne mellem SOSU-skolen og praktikken."
        ),
        "start_year": 2019,
        "tags": {
            "theme": ["Fastholdelse"],
            "target_group": ["Elever"],
            "profession": ["Social- og sundhedsassistent"],
        },
    },
    {
        "municipality": "Sønderborg Kommune",
        "region": Region.SYDDANMARK,
        "title": "Mere faglig ledelse – til gavn for borgeren",
        "summary": (
            "I Sønderborg Kommune omlagde man i begyndelsen af 2020 den kommunale Hjemme- og "
            "Sygepleje, som består af ca. 500 medarbejdere. Omlægningen skal sikre et løft i "
            "plejen på området, og at der i det daglige tages udgangspunkt i den enkelte borgers "
            "situation."
        ),
        "start_year": 2020,
        "tags": {
            "theme": ["Faglighed", "Ledelse"],
            "target_group": ["Medarbejdere"],
            "profession": ["Sygeplejerske"],
        },
    },
    {
        "municipality": "Odense Kommune",
        "region": Region.SYDDANMARK,
        "title": "Fra ledig til velfærdsmedarbejder",
        "summary": (
            "Odense Kommune igangsatte i 2020 et tværgående arbejdsprogram ”Velfærdsmedarbejder – "
            "nu og i fremtiden”. Programmet skal bidrage til, at kommunen kan opretholde samme "
            "velfærdsniveau som i dag, hvilket bl.a. forudsætter at flere ledige borgere hjælpes "
            "i job på velfærdsområdet."
        ),
        "start_year": 2020,
        "tags": {"theme": ["Rekruttering"], "target_group": ["Ledige"], "profession": []},
    },
    {
        "municipality": "Aalborg Kommune",
        "region": Region.NORDJYLLAND,
        "title": "Mentorindsats forebygger frafald på SOSU-uddannelser",
        "summary": (
            "Aalborg Kommune indførte i 2020 en ny trivselsindsats – i form af en mentorordning "
            "kaldet ’læringsbuddy’ for at øge trivsel og forebygge frafald blandt elever med "
            "særlige udfordringer på SOSU-uddannelserne. Indsatsen har betydet, at flere elever "
            "er fastholdt i uddannelse."
        ),
        "start_year": 2020,
        "tags": {
            "theme": ["Fastholdelse", "Uddannelse"],
            "target_group": ["Elever"],
            "profession": ["Social- og sundhedsassistent"],
        },
    },
]


def create_seed_cases(status: str = CaseStatus.PUBLISHED) -> dict[str, object]:
    """The eight seed cases, published by the system; {municipality name without
    " Kommune": case}."""
    cases = {}
    for data in SEED_CASES:
        data = dict(data)
        tags = data.pop("tags")
        case = services.case_create(actor=None, organisation=None, tags=tags, status=status, **data)
        cases[data["municipality"].removesuffix(" Kommune")] = case
    return cases
