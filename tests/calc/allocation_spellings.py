"""Allocation texts as they are printed in real budget notes and status tables, with what they
say. Shared by the pure parser's tests (tests/calc/test_allocations.py) and the budget import's
(tests/budgets/test_allocation_spellings.py), so both read the same table."""

from decimal import Decimal

D = Decimal


def each(years, amount):
    return {y: D(amount) for y in years}


M7339 = {2026: D("7339000"), **each(range(2027, 2030), "5373000")}

# (text, amounts, price level, assumptions)
ACCEPTED = [
    ("4,858 mio. kr. årligt i 2026-2029", each(range(2026, 2030), "4858000"), "", ()),
    ("4,858 mio. kr. pr. år i 2026-2029", each(range(2026, 2030), "4858000"), "", ()),
    ("2024-2027: 4,2 mio. kr. årligt", each(range(2024, 2028), "4200000"), "", ()),
    ("2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    # periods separated by a line break (a Word cell pasted into Excel), a space, a comma, ";"
    ("2026: 7,339 mio. kr.\n2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr.\r\n2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr. 2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr., 2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr.; 2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr. og 2027-2029: 5,373 mio. kr. årligt", M7339, "", ()),
    ("2026: 7,339 mio. kr.\n\n2027–2029: 5,373 mio. kr. årligt.", M7339, "", ()),
    # "i", "fra", "for" before a range; en dash; two-digit end year; "til"
    ("4,2 mio. kr. årligt fra 2024-2027", each(range(2024, 2028), "4200000"), "", ()),
    ("4,2 mio. kr. årligt for 2024-2027", each(range(2024, 2028), "4200000"), "", ()),
    ("4,2 mio. kr. årligt i 2024–2027", each(range(2024, 2028), "4200000"), "", ()),
    ("2026-28: 3 mio. kr. årligt", each(range(2026, 2029), "3000000"), "", ()),
    ("3 mio. kr. årligt i 2026–28", each(range(2026, 2029), "3000000"), "", ()),
    ("1,2 mio. kr. pr. år i perioden 2026 til 2029", each(range(2026, 2030), "1200000"), "", ()),
    ("i 2026-2027: 2 mio. kr. årligt", each([2026, 2027], "2000000"), "", ()),
    ("fra 2026-2027: 2 mio. kr. årligt", each([2026, 2027], "2000000"), "", ()),
    ("4 mio. kr. årligt i 2026-2029.", each(range(2026, 2030), "4000000"), "", ()),
    ("4 mio. kr. i 2026-2029 årligt", each(range(2026, 2030), "4000000"), "", ()),
    # units
    ("2026: 3 mio.", {2026: D("3000000")}, "", ()),
    ("2026: 3 mio. 2027: 2 mio.", {2026: D("3000000"), 2027: D("2000000")}, "", ()),
    ("2026: 3 mio.\n2027: 2 mill.", {2026: D("3000000"), 2027: D("2000000")}, "", ()),
    ("2026: 3 mill. kr.", {2026: D("3000000")}, "", ()),
    ("2026: 3 mill.", {2026: D("3000000")}, "", ()),
    ("2026: 3 millioner kr.", {2026: D("3000000")}, "", ()),
    ("2026: 1,5 mia. kr.", {2026: D("1500000000")}, "", ()),
    ("2026-2029: 500 t. kr. årligt", each(range(2026, 2030), "500000"), "", ()),
    ("2026: 750 tkr.", {2026: D("750000")}, "", ()),
    ("2026: 1.309.000 kr.", {2026: D("1309000")}, "", ()),
    ("2026: kr. 1.309.000", {2026: D("1309000")}, "", ()),
    ("kr. 1.309.000 i 2026", {2026: D("1309000")}, "", ()),
    ("2026: 1.309", {2026: D("1309")}, "", ()),  # a whole amount of 1.000 or more: kroner
    ("2026: 201,60 kr.; 2027: 0 kr.", {2026: D("201.60"), 2027: D("0")}, "", ()),
    ("2026: 2 mio. kr./år", {2026: D("2000000")}, "", ()),
    ("2026: 2,5 mio. kr. om året", {2026: D("2500000")}, "", ()),
    ("2026: 2,5 mio. kr. i alt", {2026: D("2500000")}, "", ()),  # "i alt" for one year
    ("2026: 4,2 mia. kroner", {2026: D("4200000000")}, "", ()),
    ("2026: 4.5 mio. kr.", {2026: D("4500000")}, "", ()),  # a machine's decimal point
    # a price level anywhere
    ("2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt (2022-pl)", M7339, "2022-pl", ()),
    ("(2022-pl) 2026: 7,339 mio. kr. / 2027-2029: 5,373 mio. kr. årligt", M7339, "2022-pl", ()),
    ("2026: 7,339 mio. kr. (2022-pl) / 2027-2029: 5,373 mio. kr. årligt", M7339, "2022-pl", ()),
    ("4,858 mio. kr. årligt (2024-pl) i 2026-2029", each(range(2026, 2030), "4858000"), "2024-pl", ()),
    ("4,858 mio. kr. årligt i 2026-2029 i 2024-priser", each(range(2026, 2030), "4858000"), "2024-pl", ()),
    ("2026-2029: 4,858 mio. kr. årligt (pl 2024)", each(range(2026, 2030), "4858000"), "2024-pl", ()),
    # a period without a unit after one with a unit takes that unit, and says so
    (
        "2024: 0,5 mio. kr. / 2025: 0,8",
        {2024: D("500000"), 2025: D("800000")},
        "",
        ("2025: 0,8 læst som 0,8 mio. kr.",),
    ),
    (
        "2024: 250 t. kr.\n2025-2026: 300",
        {2024: D("250000"), **each([2025, 2026], "300000")},
        "",
        ("2025-2026: 300 læst som 300 t. kr.",),
    ),
    ("2024: 0,5 mio. kr. / 2025: 0", {2024: D("500000"), 2025: D("0")}, "", ()),
    # money of a year's own
    ("2021: 730.000 kr. / 2022-2025: 480.000 kr. årligt", {2021: D("730000"), **each(range(2022, 2026), "480000")}, "", ()),
]  # fmt: skip

# (text, a part of the message): what a reader cannot know or the text does not say
REFUSED = [
    ("2026: 1 mio. kr. / 2026-2027: 2 mio. kr.", "Året 2026 er nævnt to gange"),
    ("2026-2028: 1 mio. kr. årligt / 2028: 2 mio. kr.", "Året 2028 er nævnt to gange"),
    ("2029-2027: 4 mio. kr. årligt", "Perioden 2029-2027 slutter før den begynder"),
    ("4,858 mio. kr. årligt i 2029-2027", "Perioden 2029-2027 slutter før den begynder"),
    ("2026-24: 4 mio. kr. årligt", "Perioden 2026-2024 slutter før den begynder"),
    ("4,2 mio. kr. årligt", "»4,2 mio. kr. årligt« nævner ikke hvilket år beløbet gælder"),
    ("1.309", "»1.309« nævner ikke hvilket år"),
    ("12,3,4", "»12,3,4« kan ikke læses som en periode med et beløb"),
    ("2026: fire mio. kr.", "»2026: fire mio. kr.« kan ikke læses"),
    ("2026: 22,5 %", "»2026: 22,5 %« er en procentsats, ikke et beløb"),
    ("2026: 22,5 pct.", "er en procentsats, ikke et beløb"),
    ("2026:", "Der mangler et beløb efter »2026:«"),
    ("2026: 5 kr. / 2027:", "Der mangler et beløb efter »2027:«"),
    ("/", "nævner intet beløb"),
    ("(2022-pl)", "nævner intet beløb"),
    ("", "Feltet er tomt"),
    ("2026: 1,0001 kr.", "flere decimaler end hele øre"),
    # truly ambiguous
    ("2 mio. kr. årligt fra 2026", "»2 mio. kr. årligt fra 2026« siger ikke, hvornår bevillingen slutter"),
    ("3 mio. kr. i alt i 2026-2027", "siger ikke, hvordan beløbet fordeles på årene 2026-2027"),
    ("2026: 7.339 mio. kr.", "»2026: 7.339 mio. kr.« kan læses på to måder"),
    ("2024: 0,5 / 2025: 0,8 mio. kr.", "»2024: 0,5« har ingen enhed"),
    ("2026: 0,8", "»2026: 0,8« har ingen enhed"),
    ("2024: 0,5 mio. kr. / 2025: 800 kr.", "»2025: 800 kr.« er under 1.000 kr. i en bevilling opgjort i millioner"),
    ("2024: 250 t. kr. / 2025: 1500", "»2025: 1500« har ingen enhed og kan være kroner eller t. kr."),
    ("2026: 1 mio. kr. (2022-pl) / 2027: 1 mio. kr. (2023-pl)", "nævner flere prisniveauer (2022-pl, 2023-pl)"),
    ("2026 3 mio. kr.", "»2026 3 mio. kr.« kan ikke læses"),
    ("2026: 1 mio. kr. / omkring 2027", "»omkring 2027« kan ikke læses"),
]  # fmt: skip
