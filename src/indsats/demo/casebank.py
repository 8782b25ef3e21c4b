"""Hand-written demo data for the case bank: the eight cases of KL's case bank (seed 003), the
KL organisation with its case bank editor, and a case Ballerup publishes from its initiative
1.1 with two of its indicators as evidence.

Themes, target groups and professions are derived from the seed's text; start years and
effects are the seed's own (a case whose seed text states no effect has none here)."""

from __future__ import annotations

import datetime as dt

SSA = "Social- og sundhedsassistenter"
SSH = "Social- og sundhedshjælpere"

KL = {"slug": "kl", "name": "KL", "kind": "association"}
EDITOR = ("redaktor", "Rikke", "Redaktør")  # username, first name, last name

# Imported from KL's case bank: no organisation in Indsats, published.
CASES = [
    {
        "municipality": "Esbjerg Kommune",
        "region": "syddanmark",
        "title": "Praktikvejledere på fuldtid nedbringer frafaldet markant",
        "summary": (
            "I Esbjerg Kommune har man siden 2017 haft praktikvejledere ansat som "
            "fuldtidsvejledere. Deres opgave er at give vejledning og støtte til SOSU-elever i "
            "praktik."
        ),
        "start_year": 2017,
        "core": "Praktikvejledere ansat på fuld tid vejleder og støtter SOSU-elever i praktik.",
        "effects": (
            "Højere kvalitet i praktikforløbene, mere tilfredse elever og et markant fald i "
            "frafaldet for både social- og sundhedshjælper- og -assistentelever."
        ),
        "tags": {
            "theme": ["Fastholdelse", "Uddannelse"],
            "target_group": ["SOSU-elever", "Praktikvejledere"],
            "profession": [SSA, SSH],
        },
    },
    {
        "municipality": "Horsens Kommune",
        "region": "midtjylland",
        "title": "Hverdagsguider sætter ord på faglig stolthed",
        "summary": (
            "I Horsens Kommune har man siden 2016 uddannet medarbejdere i hjemmeplejen til "
            "såkaldte »hverdagsguider«."
        ),
        "start_year": 2016,
        "core": "Medarbejdere i hjemmeplejen uddannes til hverdagsguider.",
        "effects": (
            "Der er kommet fokus og ord på fagligheden, og indsatsen har skabt faglig stolthed "
            "blandt social- og sundhedsmedarbejderne."
        ),
        "tags": {
            "theme": ["Faglig stolthed", "Kompetenceudvikling"],
            "target_group": ["Medarbejdere i hjemmeplejen"],
            "profession": [SSA, SSH],
        },
    },
    {
        "municipality": "Varde Kommune",
        "region": "syddanmark",
        "title": "Klar til SOSU",
        "summary": (
            "Varde Kommune afdækkede i 2019 kommunens arbejdskraftreserve med henblik på at "
            "identificere kvalificeret arbejdskraft til ældre- og sundhedsområdet. Analysen "
            "afslørede, at der blandt kommunens borgere var en betydelig gruppe fra Østeuropa, "
            "der var interesserede i at blive SOSU-medarbejdere."
        ),
        "start_year": 2019,
        "problem": "Mangel på kvalificeret arbejdskraft til ældre- og sundhedsområdet.",
        "tags": {
            "theme": ["Rekruttering"],
            "target_group": ["Borgere fra Østeuropa", "Arbejdskraftreserven"],
            "profession": [SSA, SSH],
        },
    },
    {
        "municipality": "Lolland Kommune",
        "region": "sjaelland",
        "title": "Sproglige forudsætninger er – Vejen til SOSU",
        "summary": (
            "Lolland og Vordingborg Kommuner startede i september 2021 et pilotprojekt i form af "
            "forløbet »Vejen til SOSU«. Indsatsen skal give tosprogede med interesse i "
            "SOSU-faget mulighed for at skifte branche og gøre dem klar til at gennemføre en af "
            "de to SOSU-uddannelser."
        ),
        "start_year": 2021,
        "core": "Et forberedende forløb for tosprogede, der vil skifte branche til SOSU-faget.",
        "tags": {
            "theme": ["Rekruttering", "Sprog"],
            "target_group": ["Tosprogede"],
            "profession": [SSA, SSH],
        },
    },
    {
        "municipality": "Frederikshavn Kommune",
        "region": "nordjylland",
        "title": "Fastholdelsessamtaler mindsker elevfrafald markant",
        "summary": (
            "I Frederikshavn Kommune har man siden 2019 arbejdet målrettet med en "
            "fastholdelsesstrategi for SOSU-elever."
        ),
        "start_year": 2019,
        "core": "Fastholdelsessamtaler med SOSU-elever som del af en fastholdelsesstrategi.",
        "effects": (
            "Et markant fald i frafaldet og et styrket samarbejde om eleverne mellem SOSU-skolen "
            "og praktikken."
        ),
        "tags": {
            "theme": ["Fastholdelse", "Uddannelse"],
            "target_group": ["SOSU-elever"],
            "profession": [SSA, SSH],
        },
    },
    {
        "municipality": "Sønderborg Kommune",
        "region": "syddanmark",
        "title": "Mere faglig ledelse – til gavn for borgeren",
        "summary": (
            "I Sønderborg Kommune omlagde man i begyndelsen af 2020 den kommunale Hjemme- og "
            "Sygepleje, som består af ca. 500 medarbejdere. Omlægningen skal sikre et løft i "
            "plejen på området, og at der i det daglige tages udgangspunkt i den enkelte borgers "
            "situation."
        ),
        "start_year": 2020,
        "effects": (
            "En tydeligere faglig ledelse, som gør, at medarbejderne i højere grad får sat deres "
            "faglighed i spil – i sidste ende sikrer det mere værdi for borgerne."
        ),
        "tags": {
            "theme": ["Ledelse", "Organisering"],
            "target_group": ["Ledere", "Medarbejdere i hjemme- og sygeplejen"],
            "profession": ["Sygeplejersker", SSA, SSH],
        },
    },
    {
        "municipality": "Odense Kommune",
        "region": "syddanmark",
        "title": "Fra ledig til velfærdsmedarbejder",
        "summary": (
            "Odense Kommune igangsatte i 2020 et tværgående arbejdsprogram »Velfærdsmedarbejder – "
            "nu og i fremtiden«. Programmet skal bidrage til, at kommunen kan opretholde samme "
            "velfærdsniveau som i dag, hvilket bl.a. forudsætter, at flere ledige borgere hjælpes "
            "i job på velfærdsområdet."
        ),
        "start_year": 2020,
        "tags": {
            "theme": ["Rekruttering"],
            "target_group": ["Ledige"],
            "profession": [SSH, SSA],
        },
    },
    {
        "municipality": "Aalborg Kommune",
        "region": "nordjylland",
        "title": "Mentorindsats forebygger frafald på SOSU-uddannelser",
        "summary": (
            "Aalborg Kommune indførte i 2020 en ny trivselsindsats i form af en mentorordning "
            "kaldet »læringsbuddy« for at øge trivsel og forebygge frafald blandt elever med "
            "særlige udfordringer på SOSU-uddannelserne."
        ),
        "start_year": 2020,
        "core": "En mentorordning, »læringsbuddy«, for elever med særlige udfordringer.",
        "effects": "Flere elever er fastholdt i uddannelse.",
        "tags": {
            "theme": ["Fastholdelse", "Trivsel", "Uddannelse"],
            "target_group": ["SOSU-elever"],
            "profession": [SSA, SSH],
        },
    },
]

# Ballerup's own case, started from its initiative 1.1; submitted by the demo consultant and
# approved by KL's editor.
BALLERUP_CASE = {
    "initiative": "1.1",
    "evidence": ["Medarbejdere startet på uddannelse", "Frikøbsmidler anvendt af de afsatte"],
    "fields": {
        "region": "hovedstaden",
        "title": "Frikøbte praktikvejledere får tid til eleverne",
        "summary": (
            "Ballerup Kommune frikøber praktikvejledere et antal timer om måneden, så de kan "
            "planlægge praktikforløbet, vejlede SOSU-eleverne og holde sig fagligt opdateret i "
            "netværk med uddannelseskonsulenten."
        ),
        "start_year": 2020,
        "problem": (
            "Flere SOSU-elever end før (ca. 200 om året fra 2020), og praktikvejledere, der ikke "
            "kan tages ud af driftsplanerne til vejledningen."
        ),
        "core": (
            "Frikøb af tid til planlægning og vejledning, deltagelse i uddannelseskonsulentens "
            "forløb for praktikvejledere og en fælles profil for udpegning af praktikvejledere."
        ),
        "effects": (
            "Flere medarbejdere er startet på uddannelse, og næsten alle afsatte frikøbsmidler "
            "bliver brugt; se indikatorerne."
        ),
        "contact_name": "Dorthe Konsulent",
        "contact_email": "dorthe.konsulent@ballerup.dk",
    },
    "tags": {
        "theme": ["Fastholdelse", "Uddannelse"],
        "target_group": ["Praktikvejledere", "SOSU-elever"],
        "profession": [SSA, SSH],
    },
    "video": (
        "Praktikvejledere i Ballerup fortæller",
        "https://www.youtube.com/watch?v=ballerup11",
    ),
    "consent": ("Praktikvejleder i videoen", dt.date(2025, 9, 1)),
}
