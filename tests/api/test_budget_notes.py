"""Budget notes, their allocation per year (or as Danish text) and spending per year."""

from __future__ import annotations

from .helpers import error_fields, error_messages
from .test_tenancy import org_state


def test_list_get_and_the_allocation_written_as_people_write_it(api, catalogue):
    listed = api.get("/budget-notes").json()
    assert [n["code"] for n in listed] == ["SO19"]
    note = api.get(f"/budget-notes/{catalogue.note.pk}").json()
    assert note["initiatives"] == ["1.1"]
    assert note["allocations"] == [
        {
            "initiative": None,
            "amounts": {"2026": "7339000.00", "2027": "5373000.00"},
            "price_level": "2022-pl",
            "text": "2026: 7,339 mio. kr. / 2027: 5,373 mio. kr.",
        }
    ]
    assert note["spending"] == [
        {"initiative": None, "year": 2026, "amount": "1309000.00", "comment": ""}
    ]
    assert api.get("/budget-notes", {"budget_year": 2025}).json() == []


def test_create_patch_and_stale_patch(api, catalogue):
    response = api.post(
        "/budget-notes",
        {
            "code": "ØK77",
            "title": "Rekruttering af elever",
            "budget_year": 2027,
            "unit": "Økonomiforvaltningen",
            "initiatives": ["1.1"],
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["unit"], created["initiatives"], created["version"]) == (
        "Økonomiforvaltningen",
        ["1.1"],
        1,
    )
    patched = api.patch(f"/budget-notes/{created['id']}", {"version": 1, "title": "Elever"})
    assert patched.status_code == 200 and patched.json()["version"] == 2
    before = org_state(catalogue.org)
    stale = api.patch(f"/budget-notes/{created['id']}", {"version": 1, "title": "For sent"})
    assert stale.status_code == 409
    assert error_fields(stale) == ["version"]
    assert "du sendte version 1, men den gemte udgave er version 2" in error_messages(stale)
    assert org_state(catalogue.org) == before


def test_unknown_initiative_and_duplicate_code_are_400(api, catalogue):
    before = org_state(catalogue.org)
    response = api.post(
        "/budget-notes",
        {"code": "X1", "title": "X", "budget_year": 2026, "initiatives": ["9.9"]},
    )
    assert response.status_code == 400 and error_fields(response) == ["initiatives"]
    assert "»9.9«" in error_messages(response)
    response = api.post("/budget-notes", {"code": "SO19", "title": "X", "budget_year": 2026})
    assert response.status_code == 400 and error_fields(response) == ["code"]
    assert org_state(catalogue.org) == before


def test_allocation_by_text_and_by_year(api, catalogue):
    url = f"/budget-notes/{catalogue.note.pk}/allocation"
    response = api.put(url, {"text": "4,858 mio. kr. årligt i 2026-2029", "price_level": "2023-pl"})
    assert response.status_code == 200, response.content
    assert response.json()["allocations"][0]["text"] == "2026-2029: 4,858 mio. kr. årligt"
    response = api.put(url, {"initiative": "1.1", "amounts": {"2026": "1000000.00"}})
    assert response.status_code == 200, response.content
    earmarked = response.json()["allocations"][1]
    assert (earmarked["initiative"], earmarked["amounts"]) == ("1.1", {"2026": "1000000.00"})


def test_allocation_refusals(api, catalogue):
    url = f"/budget-notes/{catalogue.note.pk}/allocation"
    before = org_state(catalogue.org)
    bad_text = api.put(url, {"text": "mange penge"})
    assert bad_text.status_code == 400 and error_fields(bad_text) == ["text"]
    both = api.put(url, {"text": "2026: 1", "amounts": {"2026": "1"}})
    assert both.status_code == 400 and error_fields(both) == ["amounts"]
    # 2026 has spending: it cannot lose its allocation.
    dropped = api.put(url, {"amounts": {"2027": "1.00"}})
    assert dropped.status_code == 400 and "forbrug i 2026" in error_messages(dropped)
    float_amount = api.put(url, {"amounts": {"2026": 1.5}})
    assert float_amount.status_code == 422
    assert org_state(catalogue.org) == before


def test_spending_outside_the_allocation_names_the_year(api, catalogue):
    url = f"/budget-notes/{catalogue.note.pk}/spending"
    before = org_state(catalogue.org)
    response = api.put(url, {"year": 2030, "amount": "1000.00"})
    assert response.status_code == 400
    assert error_fields(response) == ["year"]
    assert error_messages(response) == (
        "Året 2030 ligger uden for budgetnotatets bevilling (2026-2027)."
    )
    assert org_state(catalogue.org) == before
    ok = api.put(url, {"year": 2027, "amount": "250000.50", "comment": "Halvår"})
    assert ok.status_code == 200
    assert ok.json()["spending"][-1] == {
        "initiative": None,
        "year": 2027,
        "amount": "250000.50",
        "comment": "Halvår",
    }
    removed = api.put(url, {"year": 2027, "amount": None})
    assert [s["year"] for s in removed.json()["spending"]] == [2026]


def test_delete_with_stale_version_is_409(api, catalogue):
    url = f"/budget-notes/{catalogue.note.pk}"
    assert api.delete(url, {"version": 7}).status_code == 409
    assert api.delete(url, {"version": catalogue.note.version}).status_code == 204
    assert api.get(url).status_code == 404
