import pytest
from django.http import QueryDict

from indsats.reports.params import ReportParameterError, parse_selection, parse_year


def test_parse_year():
    assert parse_year(None, 2020) == 2020
    assert parse_year("", 2020) == 2020
    assert parse_year(" 2023 ", 2020) == 2023
    assert parse_year("1990", 2020) == 1990 and parse_year("2100", 2020) == 2100


@pytest.mark.parametrize(
    "value,message",
    [
        ("abc", "er ikke et tal"),
        ("-5", "er ikke et tal"),
        ("20.5", "er ikke et tal"),
        ("1989", "uden for"),
        ("2101", "uden for"),
    ],
)
def test_parse_year_refuses(value, message):
    with pytest.raises(ReportParameterError, match=message):
        parse_year(value, 2020)


def test_parse_selection_reads_only_scenario_pairs():
    query = QueryDict("year=2020&s12=7&s=3&sx=4&s13=abc&s014=9&other=1")
    assert parse_selection(query) == {"12": "7", "14": "9"}
