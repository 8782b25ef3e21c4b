"""Frederikssund Kommune's strategy for the SOSU educations (seed 002, »Uddannelse af
fremtidens social- og sundhedsmedarbejdere«, udkast maj 2024), written out by hand: the three
focus areas with their started and planned initiatives, the success criteria, the required
intake and Bilag 1's two national programme tables in full. The student records are generated
in frederikssund_students.py."""

from decimal import Decimal

ORGANISATION = {
    "slug": "frederikssund",
    "name": "Frederikssund Kommune",
    "kind": "municipality",
    "budget_year": 2024,
}

STRATEGY = {
    "title": "Uddannelse af fremtidens social- og sundhedsmedarbejdere",
    "vision": (
        "Frederikssund Kommune er et godt uddannelsessted, der uddanner dygtige medarbejdere – "
        "og høster frugterne og ansætter eleverne efter endt uddannelse."
    ),
    "description": (
        "Strategi for social- og sundhedsuddannelserne. Strategien adresserer de tre faser, som "
        "eleverne står overfor fra de overvejer at blive uddannet, til de er færdiguddannet og "
        "landet i første job. Opfølgningen og forankringen sker i Kvalitetsforum."
    ),
    "start_year": 2024,
    "end_year": 2027,
    "adopted": "Udkast, maj 2024",
}

# Catalogue themes: one per focus area, so the initiatives sit together in the catalogue too.
STARTED, PLANNED = "started", "planned"

# (focus area, description, [(section, [(code, title, description, state)])])
FOCUS_AREAS = [
    (
        "#1 Før uddannelse",
        "Flere i uddannelse: vi rekrutterer tilstrækkeligt med kvalificerede ansøgere og "
        "tilbyder uddannelse til egne ufaglærte medarbejdere.",
        [
            ("Vi sikrer rekruttering til SOSU-uddannelserne", [
                ("F1.1", "Elevløn under grundforløbet for alle elever",
                 "Frederikssund Kommune tilbyder alle elever elevløn under grundforløbet, så vi ikke gør forskel på SSH- og SSA-eleverne. Treparsaftalen fra 2022 indførte elevløn under grundforløbet på SSA-uddannelsen og vi så, at rigtig mange startede på SSA-uddannelsen på grund af økonomi og senere måtte skifte over til SSH eller droppe helt ud.", STARTED),
                ("F1.2", "Voksenelevløn til alle elever over 25 år",
                 "Frederikssund Kommune tilbyder alle elever over 25 år voksenelevløn, så økonomien ikke står i vejen for gode kandidater, som eksempelvis har stiftet familie eller har været på jobmarkedet i en årrække. Dette tiltag er en del af regeringens udspil fra 2024.", STARTED),
                ("F1.3", "Tæt samarbejde mellem Jobcentret og Sundhed og Uddannelse",
                 "Jobcentret og Sundhed og Uddannelse arbejder tæt sammen, så mulige job- og uddannelsesparate kandidater får information om uddannelsesmulighederne. Det sker blandt andet til Åbent hus arrangementer.", STARTED),
                ("F1.4", "Jobcentret vejleder om optagelse og elevansættelse",
                 "Jobcentret vejleder mulige kandidater omkring optagelse og elev-ansættelse, og følger telefonisk op på om eleverne er faldet til i uddannelserne.", STARTED),
                ("F1.5", "Virksomhedspraktik for jobsøgende",
                 "Jobcentret tilbyder jobsøgende med interesse for området virksomhedspraktik, hvor de snuser til jobbet som SOSU-medarbejder.", STARTED),
                ("F1.6", "Uddannelsessitet »Bliv elev i kommunen«",
                 "HR og Strategi og Sundhed og Uddannelse har lanceret et nyt uddannelsessite på kommunens hjemmeside, \"Bliv elev i kommunen\", hvor der ligger let tilgængelig information om SOSU-uddannelserne og man kan høre elever fortælle om uddannelsen og om at være elev i Frederikssund Kommune.", STARTED),
            ]),
            ("Vi tilbyder uddannelse til ufaglærte medarbejdere", [
                ("F1.7", "Informationsmateriale til ufaglærte i Dialognet",
                 "Sundhed og Uddannelse har udarbejdet informationsmateriale om uddannelsesmuligheder for ufaglærte i Dialognet, der er vores fælles kommunikationsplatform på social- og sundhedsområdet, så både medarbejdere og ledere nemt kan finde det.", STARTED),
                ("F1.8", "»Flere hænder«-puljen: erstatningspersonale når ufaglærte uddanner sig",
                 "Frederikssund Kommune gør brug af \"Flere hænder\" puljen, som gør det muligt at tilkøbe erstatningspersonale, når ufaglærte uddanner sig til SSH- eller SSA. Frederikssund Kommune har sendt i alt 24 ufaglærte på uddannelse, hvilket er 15 flere end vi er forpligtet til i tilskudsperioden 2021-2024.", STARTED),
                ("F1.9", "AMU-kurser til ufaglærte",
                 "Ledere på tværs af omsorgscentre og Døgnplejen har fra maj 2024 styrket fokus på at tilbyde AMU-kurser til ufaglærte, der klæder dem bedre på til de opgaver de løser, og kan hjælpe dem til at afklare om en SOSU-uddannelse er noget for dem. Det giver dem blandt andet mulighed for at prøve at sidde på skolebænken igen, og måske få lyst til at uddanne sig.", STARTED),
                ("F1.10", "Systematisk information om uddannelse til ufaglærte",
                 "Lederne informerer systematisk ufaglærte medarbejdere om uddannelsesmuligheder, så de sikrer, at alle kender mulighederne.", PLANNED),
            ]),
        ],
    ),
    (
        "#2 Under uddannelse",
        "Godt gennem uddannelserne: eleverne gennemfører uddannelsen og har gode "
        "uddannelsesforløb.",
        [
            ("Vi sætter en ære i at være et godt uddannelsessted", [
                ("F2.1", "Netværk og sparring for oplæringsvejledere",
                 "Sundhed og Uddannelse har iværksat initiativer som har styrket vejledernes netværk og mulighed for sparring på tværs i form af både fælles vejledermøder, temadage og individuel sparring med en personlig vejleder, så vejlederne er klædt bedre på til opgaven.", STARTED),
                ("F2.2", "Kompetencesamtaler med oplæringsvejlederne",
                 "Sundhed og Uddannelse og ledere i driften er i foråret 2024 begyndt at holde kompetencesamtaler med oplæringsvejlederne. Samtalerne omhandler vejlederens motivation, interesseområder og behov for kompetenceudvikling. Viden vi både bringer i spil, når eleverne fordeles mellem de enkelte vejledere og når vi planlægger fælles og individuelle opkvalificeringsaktiviteter.", STARTED),
                ("F2.3", "Uddannelsesopgaven prioriteres som fælles ansvar",
                 "Lederne har fokus på, at uddannelsesopgaven prioriteres – og at uddannelsesopgaven og læringsmiljøet på arbejdspladsen er et fælles ansvar.", STARTED),
                ("F2.4", "Løbende udvikling ud fra elev- og vejlederevalueringer",
                 "Sundhed og Uddannelse vil på baggrund af systematisk elev- og vejlederevalueringer (Strategisk Partnerskab om Uddannelse), løbende udvikle og tilpasse uddannelsesindsatsen med udgangspunkt i elevernes og vejledernes oplevelser.", PLANNED),
                ("F2.5", "Styrket viden hos lederne om SOSU-uddannelserne",
                 "Lederne på oplæringsstedernes viden omkring SOSU-uddannelsernes opbygning og fokusområder skal styrkes, således at lederne i højere grad kan understøtte vejledere og medarbejdere i deres fælles uddannelsesopgave. Sundhed og uddannelse udarbejder skriftlig information om uddannelserne til lederne via Dialognet.", PLANNED),
                ("F2.6", "Tid til vejledning i det daglige",
                 "Lederne sikrer, at der prioriteres tid til vejledningen af eleverne i det daglige.", PLANNED),
                ("F2.7", "Procedurer når oplæringsvejlederen er fraværende",
                 "Lederne sikrer, at der er procedurer for hvem som løfter opgaven omkring eleverne, når en oplæringsvejleder ikke er tilstede – både ved planlagt og akut fravær.", PLANNED),
            ]),
            ("Vi har fokus på trivsel og på at nedbringe frafald", [
                ("F2.8", "Personlige vejledere skaber tidligt trygge relationer",
                 "De personlige vejledere etablerer tidligt i forløbet trygge relationer til eleverne, så eleverne tør sige til, hvis de møder udfordringer undervejs. De personlige vejledere deltager allerede ved Åbent hus og ansættelsessamtaler. De besøger eleverne på grundforløbet på SOSU H og tager imod eleverne til fælles introduktion første dag i oplæring.", STARTED),
                ("F2.9", "Tæt opfølgning på fravær",
                 "Sundhed og Uddannelse følger fravær tæt, da vi ved, at stigende eller højt sygefravær kan være en indikator på manglende trivsel. Det giver mulighed for tidligt at kunne iværksætte en frafaldsforebyggende indsats.", STARTED),
                ("F2.10", "Tidlig og systematisk håndtering af fravær",
                 "Ledere og uddannelsesteamet har fokus på en tidlig og systematisk håndtering af fravær. Vi har ensrettet arbejdsgange ved omsorgssamtaler og ved udarbejdelse af lægelige erklæringer.", STARTED),
                ("F2.11", "Systematisk undersøgelse af årsager til frafald",
                 "Uddannelsesteamet undersøger systematisk årsagerne til frafald, og agerer på det, hvis muligt. Dette punkt er et fokusområde i regeringsudspillet.", STARTED),
                ("F2.12", "Retningslinje for »Den gode modtagelse«",
                 "Sundhed og Uddannelse vil i samarbejde med oplæringsstederne udarbejde en retningslinje, der sikrer \"Den gode modtagelse\" og at elever inkluderes i arbejdsfællesskabet fra start i alle oplæringsperioder for at sikre ensartethed og høj kvalitet i modtagelsen af elever.", PLANNED),
            ]),
            ("Vi skaber et trygt og sammenhængende uddannelsesforløb", [
                ("F2.13", "Personlige vejledere deltager i alle formelle samtaler",
                 "De personlige vejledere deltager ved alle formelle samtaler i oplæringsperioder, dvs. forventningssamtaler, midtvejs- og slut-evalueringer, omsorgssamtaler og fraværssamtaler på SOSU H, og sikrer at nødvendige aftaler og støtte følger eleven, så eleven ikke oplever at skulle \"starte forfra\" hver gang læringsmiljøet skifter.", STARTED),
                ("F2.14", "Tre dages praktik under grundforløbet",
                 "Omsorgscentrene og Sundhed og Uddannelse tilrettelægger tre-dags praktik under grundforløbet, så eleverne er bedre forberedt på den virkelighed, de møder i oplæring. For tryghed og forudsigelighed tilstræbes det, at eleven placeres på samme oplæringssted, når de skal ud i første oplæringsperiode.", STARTED),
                ("F2.15", "Fælles dialogværktøj med SOSU H",
                 "SOSU H og Sundhed og Uddannelse har implementeret et fælles dialogværktøj, der sikrer enslydende didaktiske begreber i både skole- og oplæringsperioder, og at læringsudbytte fra skolen i højere grad kobles til oplæring og omvendt.", STARTED),
                ("F2.16", "Dialogmøder og makkerpar med SOSU H",
                 "Sundhed og Uddannelse deltager årligt i 4 dialogmøder med SOSU H og er makkerpar med 4-5 lærere SOSU H, hvor vi arrangerer studiebesøgene på tværs, deler viden og erfaringer og inspiration til nye fælles indsatser", STARTED),
                ("F2.17", "Digital understøttelse af uddannelserne med SOSU H",
                 "Sundhed og Uddannelse samarbejder med SOSU H om digital understøttelse af SOSU-uddannelserne med henblik på øget gennemførelse, herunder systematisk procedure for udveksling af rettidige oplysninger mellem skole og oplæring om de enkelte elever under hensyn til GDPR.", PLANNED),
            ]),
            ("Vi støtter elever med særlige behov", [
                ("F2.18", "Undervisning i dansk sprog og kultur i oplæringsperioderne",
                 "Alle elever, som har brug for støtte til udvikling af dansk-sproglige kompetencer, tilbydes undervisning i dansk sprog og kultur i oplæringsperioderne én gang om ugen i oplæringsperioderne. Undervisningen har en SOSU-faglig vinkel og arbejder med perspektiver omkring menneskesyn, værdighed og hvad omsorg for syge og ældre vil sige i en dansk kontekst.", STARTED),
                ("F2.19", "Personlige vejledere følger elever med særlige behov tæt",
                 "De personlige vejledere følger elever, som har behov for særlig støtte tæt og iværksætter og understøtter tiltag, som skal sikre at eleven gennemfører uddannelsen. Eksempler på det er tæt sparring med oplæringsvejleder, sprogforløb under oplæringsperioder, samarbejde med kontaktperson i jobcenter, samt fastholdelseskonsulenter og psykologer på SOSU H.", STARTED),
                ("F2.20", "Psykiatri-vejlederuddannelse til en personlig vejleder",
                 "En af de personlige vejledere er i gang med psykiatri-vejlederuddannelsen, så Sundhed og Uddannelse er bedre fagligt rustet til at støtte eleverne og vejlede oplæringsvejlederne.", STARTED),
                ("F2.21", "Kompetenceudvikling om sårbare og sprogligt udfordrede elever",
                 "Alle oplæringsvejledere vil blive tilbudt kompetenceudvikling med fokus på viden om og redskaber til støtte for sprogligt udfordrede og sårbare elever, så de er klædt bedre på til opgaven.", PLANNED),
                ("F2.22", "Mere tid til vejledning af elever med særlige støttebehov",
                 "Ledere prioriterer mere tid til vejledningsopgaven, hvis eleven har/viser sig at have særlige støttebehov", PLANNED),
            ]),
        ],
    ),
    (
        "#3 Efter uddannelse",
        "Gode job- og karrieremuligheder: flest mulige elever ansættes hos os efter endt "
        "uddannelse, og SSH'er videreuddanner sig til SSA.",
        [
            ("Vi ansætter nyuddannede faglærte medarbejdere", [
                ("F3.1", "Fælles introduktionskursus for nye medarbejdere og tidligere elever",
                 "Center for Voksenstøtte og Omsorg og Center for Sundhed, Forebyggelse og Ældre afholder et fælles introduktionskursus for alle nye medarbejdere, hvor også tidligere elever inviteres med, så de behandles på lige fod med andre nyansatte.", STARTED),
                ("F3.2", "Onboarding af nye medarbejdere",
                 "Ledere sætter større fokus på onboarding af nye medarbejdere på alle arbejdspladser, så de oplever at blive taget godt imod.", STARTED),
                ("F3.3", "Karrieresamtaler med elever i sidste del af uddannelsen",
                 "I efteråret 2024 udruller ledere med opbakning fra Sundhed og Uddannelse karrieresamtaler med elever i sidste del af uddannelsen. Ved karrieresamtalen taler eleven med lederen på oplæringsstedet og den personlige vejleder om elevens fremtidige jobønsker. Målet er, at eleven oplever, at vi har gode og attraktive ansættelsesmuligheder i Frederikssund Kommune.", STARTED),
                ("F3.4", "Ledelsesinformation om ansættelse efter endt uddannelse",
                 "Sundhed og Uddannelse udarbejder ledelsesinformation til alle ledere, der har elever, hvor de kan se, hvor mange elever vi ansætter efter endt uddannelse. Det bidrager til den løbende fælles evaluering af indsatsen.", STARTED),
                ("F3.5", "Pilotforsøg med mentorordning for nyuddannede",
                 "Udvalgte områder vil iværksætte et pilotforsøg med en mentorordning til nyuddannede SOSU-medarbejdere, hvor de får en mentor i de første tre måneder af deres ansættelse, så vi sikrer at nyuddannede kollegaer føler sig trygge, godt taget imod og fagligt klædt på til opgaverne.", PLANNED),
                ("F3.6", "Mini-sprint: job til sårbare elever efter uddannelsen",
                 "På tværs af HR og strategi, Sundhed og Uddannelse og oplæringsstederne igangsætter vi mini-sprint for at udvikle idéer til, hvordan vi sikrer, at sårbare elever, som klarer sig igennem uddannelsen også lander i jobs, og møder åbenhed og fleksibilitet i deres ansættelsesrammer som færdiguddannede, så individuelle aftaler og fleksibilitet kan fortsætte ind i arbejdslivet.", PLANNED),
            ]),
            ("Vi har fokus på videreuddannelse af SSH'er", [
                ("F3.7", "Ledere motiverer SSH'er med potentiale til SSA-uddannelsen",
                 "Ledere er opmærksomme på SSHere, som har potentiale til at videreudanne sig til SSA og søger at vejlede og motivere til at tage skridtet.", STARTED),
                ("F3.8", "Informationsmateriale om SSA-uddannelsen i Dialognet",
                 "Sundhed og Uddannelse vil udarbejde informationsmateriale i Dialognet til SSHere om uddannelsesmulighederne for at videreudanne sig til SSA, så medarbejdere og ledere har nem adgang til relevante informationer.", PLANNED),
                ("F3.9", "Uddannelsesmuligheder på MUS-samtalen",
                 "Lederne vil tale systematisk med SSH-medarbejderne, som viser fagligt overskud, om kompetenceudvikling og uddannelsesmuligheder ved de årlige MUS-samtaler.", PLANNED),
                ("F3.10", "Opmærksomhed på nyuddannede SSH'er med overskud",
                 "Sundhed og Uddannelse er opmærksomme på nyuddannelse SSHere, som viser fagligt overskud til at fortsætte på SSA-uddannelsen.", PLANNED),
            ]),
        ],
    ),
]  # fmt: skip

# Success criteria, as the strategy words them. The sick leave criterion's sentence says
# 8,84 % for 2023 while the strategy's own fact box (and the rest of the text) says 8,64 %:
# the sentence is kept as written and the baseline is 8,64 %.
CRITERIA = [
    {
        "focus_area": "#1 Før uddannelse",
        "statement": "At vi rekrutterer tilstrækkeligt med kvalificerede ansøgere til uddannelserne, så vi fortsat lever op til den 5-årige lærepladsaftaleaftale.",
        "kind": "min_year",
        "source": "kpi",
        "kpi": "intake_ratio",
        "education": "",
        "direction": "higher",
        "baseline_value": None,
        "baseline_year": 2023,
        "target_value": Decimal("100"),
        "deadline_year": 2027,
    },
    {
        "focus_area": "#1 Før uddannelse",
        "statement": "At vi holder vores nuværende niveau og fortsat uddanner minimum 8 af vores egne ufaglærte medarbejdere om året.",
        "kind": "min_year",
        "source": "kpi",
        "kpi": "internal_unskilled",
        "education": "",
        "direction": "higher",
        "baseline_value": Decimal("11"),
        "baseline_year": 2023,
        "target_value": Decimal("8"),
        "deadline_year": 2027,
    },
    # One sentence, two baselines (SSH 16 %, SSA 40 %): one row per education.
    {
        "focus_area": "#2 Under uddannelse",
        "statement": "At vi reducerer andelen som falder fra under hovedforløbet med 7 procent inden 2026 jf. den fælles ambition i Rammepapiret (SSH: frafald 16 procent på den senest færdige årgang).",
        "kind": "change_rel",
        "source": "kpi",
        "kpi": "dropout_rate",
        "education": "ssh",
        "direction": "lower",
        "baseline_value": Decimal("16"),
        "baseline_year": 2022,
        "target_value": Decimal("-7"),
        "deadline_year": 2026,
    },
    {
        "focus_area": "#2 Under uddannelse",
        "statement": "At vi reducerer andelen som falder fra under hovedforløbet med 7 procent inden 2026 jf. den fælles ambition i Rammepapiret (SSA: frafald 40 procent på den senest færdige årgang).",
        "kind": "change_rel",
        "source": "kpi",
        "kpi": "dropout_rate",
        "education": "ssa",
        "direction": "lower",
        "baseline_value": Decimal("40"),
        "baseline_year": 2020,
        "target_value": Decimal("-7"),
        "deadline_year": 2026,
    },
    {
        "focus_area": "#2 Under uddannelse",
        "statement": "At vi nedbringer elevernes sygefravær med 1 procentpoint frem mod 2027. I 2023 var elevernes sygefravær 8,84 procent.",
        "kind": "change_pp",
        "source": "kpi",
        "kpi": "sick_leave_rate",
        "education": "",
        "direction": "lower",
        "baseline_value": Decimal("8.64"),
        "baseline_year": 2023,
        "target_value": Decimal("-1"),
        "deadline_year": 2027,
    },
    {
        "focus_area": "#3 Efter uddannelse",
        "statement": "At vi øger andelen af elever, der ansættes i Frederikssund Kommune efter endt uddannelse med 3 procentpoint frem mod 2027. I alt blev 41,4 procent af de senest færdige årgange på begge uddannelser ansat.",
        "kind": "change_pp",
        "source": "kpi",
        "kpi": "yield_rate",
        "education": "",
        "direction": "higher",
        "baseline_value": Decimal("41.46"),
        "baseline_year": 2022,
        "target_value": Decimal("3"),
        "deadline_year": 2027,
    },
    {
        "focus_area": "#3 Efter uddannelse",
        "statement": "At vi årligt fortsat ansætter minimum fem af vores egen SSH-medarbejdere som SSA-elever.",
        "kind": "min_year",
        "source": "kpi",
        "kpi": "internal_ssh",
        "education": "ssa",
        "direction": "higher",
        "baseline_value": Decimal("5"),
        "baseline_year": 2023,
        "target_value": Decimal("5"),
        "deadline_year": 2027,
    },
]  # fmt: skip

# Dimensionering: the 5-year agreement 2020–2026.
REQUIRED_INTAKE = {"ssa": 56, "ssh": 27}
REQUIRED_YEARS = range(2020, 2027)

# Bilag 1. Each response: (text, status, year, note) with the status as printed.
IMPL, PARTLY, ON_WAY, AWAIT, NOT = (
    "implemented",
    "partly",
    "on_its_way",
    "awaiting",
    "not_implemented",
)
PROGRAMMES = [
    {
        "name": "Forberedt på fremtiden III – Flere faglærte til vores sundhedsvæsen og ældrepleje",
        "issuer": "Regeringen",
        "published": "januar 2024",
        "items": [
            ("Bedre sammenhæng mellem teori og praksis i Folkeskolen", [
                ("Folkeskolens 8.-10. klasses elever med interesse for SOSU-faget skal have mulighed for erhvervspraktik i ældreplejen", ON_WAY, None, ""),
                ("Kloge hænder – folkeskolens 7. og 8. klasse er på besøg én dag på et plejecenter og gør sig erfaringer med faget", IMPL, 2016, ""),
            ]),
            ("Spireordning, hvor 14-17årige kan søge et fritidsjob i ældreplejen", [
                ("På grund af den økonomiske opbremsning på omsorgscentrene medio 2023 blev initiativet sat i bero, da det betød, at der ikke er ressourcer til at tage godt imod de unge.", AWAIT, None, ""),
            ]),
            ("SOSU-uddannelserne skal være mere attraktive, så flere søger ind", [
                ("Sprogundervisning under oplæringsperioder", IMPL, 2021, ""),
                ("Personlig vejleder følger eleven gennem hele uddannelsen", IMPL, 2023, "primo 2023"),
                ("Praksislab med simulationsudstyr", PARTLY, 2021, ""),
                ("Alle elever tilbydes elevløn allerede fra grundforløbet uanset alder.", IMPL, 2022, ""),
            ]),
            ("Regeringen foreslår at kommunerne forpligtes til at ansætte alle elever over 25 år på SSH-uddannelsen. Siden 2021 har lignende forpligtelse været gældende for SSA-elever", [
                ("Alle elever over 25 år modtager voksenelevløn", IMPL, 2022, "for både SSA- og SSH-elever i 2022"),
            ]),
            ("Permanentgørelse af retten til uddannelsesløft, så visse ledige kan opkvalificere sig på 110 pct. dagpengesats", [
                ("Jobcentret har permanentgjort uddannelsesløftet", IMPL, None, "– dog ikke relevant for borgere som søger SOSU-uddannelserne, da de tilbydes løn under hele uddannelsesforløbet"),
            ]),
            ("Ekstraordinært lønløft til SOSU-medarbejdere igennem trepartsaftalen", [
                ("Trepartsaftalen giver et ekstraordinært lønløft til SOSU-medarbejder i alle kommuner", IMPL, 2024, ""),
            ]),
            ("Oplysning om uddannelsernes indhold og faglige niveau", [
                ("Uddannelsessite på Frederikssund Kommunes hjemmeside informerer om uddannelserne og optagelsesprocedurer", IMPL, 2023, "2020/2023"),
            ]),
            ("Flere veje ind på SSH-uddannelsen, særligt for personer med relevant erfaring", [
                ("Ud over de ordinære SSH-uddannelsesforløb tilbyder Frederikssund Kommune egne ufaglærte medarbejdere med minimum to års erfaring og en leders godkendelse EUV1-forløb dvs. 17 ugers skoleforløb, hvorefter medarbejderen står med et SSH-uddannelsesbevis i hånden.", IMPL, 2023, ""),
            ]),
            ("Mulighed for at tage en SSH-uddannelse via pakker af AMU-kurser", [
                ("Vi følger at SOSUhs implementerer SSH-uddannelsesforløb bestående af kortere AMU-pakker, hvor medarbejderen imellem kurserne er tilbage på arbejdspladsen", NOT, None, "Modellen med kortere AMU-pakker er endnu ikke implementeret, men følges"),
            ]),
            ("Flere skal gennemføre SOSU-uddannelserne og frafald på uddannelserne skal nedbringes", [
                ("Tæt opfølgning allerede fra grundforløbet", IMPL, 2024, "primo 2024"),
                ("Personlige vejledere følger eleven og står til rådighed for støtte og sparring med eleverne undervejs i uddannelsen", IMPL, 2023, "primo 2023"),
                ("Tre-dagens snusepraktik under grundforløbet for at forebygge praksischock", IMPL, 2023, ""),
                ("Sprogundervisning i oplæringsperioderne", IMPL, 2021, ""),
            ]),
            ("Professionalisering af oplæringsvejledere. Regeringen foreslår opkvalificeringsforløb for oplæringsvejledere i AMU-regi. Afprøvning af nye koncepter for oplæringsvejledningen. Regeringen vil afsætte midler til en ansøgningspulje som skal styrke vejledningen", [
                ("Vejledermøder, temadag, kompetencesamtaler og sparring omkring elever med personlig vejleder skal bidrage til bedre vejledning af eleverne.", IMPL, 2023, ""),
                ("Kompetenceudvikling med fokus på støtte til sårbare og sprogligt udfordrede elever", ON_WAY, None, ""),
                ("Personlige vejledere blev indført i 2023", IMPL, 2023, "primo 2023"),
                ("Vi holder øje med puljen og vil at søge midler til opkvalificeringstiltag, når den frigives", AWAIT, None, ""),
            ]),
            ("Digitalt uddannelsesoverblik og systematisk dataunderstøttelse af årsager til frafald. Regeringen foreslår, at der udvikles et fælles digitalt uddannelsesoverblik, som skal bidrage til at skabe sammenhæng i uddannelsesforløbet ved at samle, ensrette og formidle oplysningerne ét sted, hvor både oplæringsvirksomheden (kommunen), SOSU-skolen og eleven kan følge med", [
                ("Elev administrationssystemet EduAdm er indkøbt og anvendes lokalt i Frederikssund Kommune til brug ved daglig og sikker kommunikation mellem elever, uddannelsesteamet og kontaktpersoner på oplæringsstederne. I EduAdm kan der trækkes diverse data på tværs af eleverne herunder registrering af årsag til frafald.", IMPL, 2021, ""),
                ("Alle vejledere skal oplæres i brugen af EduAdm, så de kan anvende det i vejledningen", ON_WAY, 2024, "Implementeringen igangsættes ultimo 2024"),
                ("Indtil et digitalt uddannelsesoverblik er klar, er vi i løbende dialog med SOSUH omkring behovet for fælles viden om eleverne, så vi kan støtte eleverne igennem uddannelsen bedst muligt. Vi løfter behovet for samarbejde på dialogmøder med SOSUH og i det Lokale og Centrale uddannelsesudvalg (LUU og CUU)", NOT, None, "udvikling af digital løsning foregår centralt"),
            ]),
        ],
    },
    {
        "name": "Det nationale rammepapir – Nationalt rammebrev om rolle og ansvar for skole og oplæringsvirksomheder på social- og sundhedsområdet",
        "issuer": "KL, Danske Regioner, FOA og Danske SOSU-skoler",
        "published": "marts 2023",
        "items": [
            ("Styrket samarbejde mellem skole og oplæringsvirksomhed for at øge andelen af elever som gennemfører uddannelserne", [
                ("Dialogmøder med SOSUH 4 gange årligt, samt møder med \"makkerpar\" lærere fra skolen", IMPL, 2022, "2020/2022"),
                ("Fælles Dialogværktøj, som følger eleven og anvendes til at forberede eleven på oplæring", IMPL, 2023, ""),
                ("Tre dages snusepraktik under grundforløb", IMPL, 2023, ""),
                ("Struktureret velkomst og introduktion i alle oplæringsperioder", PARTLY, 2024, "/ På vej i 2024"),
            ]),
            ("Fælles ambition om at frafaldet reduceres med 7 pct. på hovedforløbet frem mod 2026", [
                ("Målsætning i strategien", ON_WAY, None, "Følges og evalueres løbende"),
            ]),
            ("Udarbejdelse af digitalt uddannelsesoverblik, hvor information om elever deles mellem skole og oplæringsvirksomheder", [
                ("Indtil et digitalt uddannelsesoverblik er klar, er vi i løbende dialog med SOSUH omkring behovet for fælles viden om eleverne, så vi kan støtte eleverne igennem uddannelsen bedst muligt. Vi løfter behovet for samarbejde på dialogmøder og i både Det Lokale Uddannelsesudvalg (LUU) og Det Centrale Uddannelsesudvalg (CUU)", NOT, None, "udvikling af digital løsning foregår centralt"),
            ]),
            ("Understøttelse af elever med særlige behov", [
                ("Vi tilbyder sprogundervisning til elever, som har brug for ekstra støtte til at udvikle dansksproglige kompetencer", IMPL, 2021, ""),
                ("Personlige vejledere følger elever med særlige behov tæt", IMPL, 2023, ""),
                ("En personlig vejleder tager efteruddannelse som psykiatrivejleder, og kan støtte elever og vejledere", IMPL, 2024, ""),
                ("Elever med særlige behov tilbydes specialpædagogisk støtte (SPS) i SOSUH-regi", IMPL, None, "i SOSUH-regi"),
            ]),
        ],
    },
]  # fmt: skip

# Local initiatives in Bilag 1 that are the catalogue's initiatives: (programme no., item no.,
# response no.) -> initiative code, all counted from 1.
RESPONSE_INITIATIVES = {
    (1, 3, 1): "F2.18",
    (1, 3, 2): "F2.19",
    (1, 3, 4): "F1.1",
    (1, 4, 1): "F1.2",
    (1, 7, 1): "F1.6",
    (1, 10, 3): "F2.14",
    (1, 10, 4): "F2.18",
    (1, 11, 1): "F2.1",
    (1, 11, 2): "F2.21",
    (2, 1, 1): "F2.16",
    (2, 1, 2): "F2.15",
    (2, 1, 3): "F2.14",
    (2, 1, 4): "F2.12",
    (2, 4, 1): "F2.18",
    (2, 4, 2): "F2.19",
    (2, 4, 3): "F2.20",
}
