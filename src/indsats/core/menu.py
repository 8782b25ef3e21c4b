"""The main menu and the landing page of an organisation: its kind decides the modules
(organisations.models.KIND_MODULES), the member's role decides which of them open (each
page's own guard, through ``access.may``)."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import reverse

from indsats.organisations.models import KIND_MODULES, Module, OrganisationKind

from .access import may

# Module -> (URL name, whether the URL takes the organisation, whether only the page itself
# (not the pages under it) marks the menu item as current).
_PAGES: dict[str, tuple[str, bool, bool]] = {
    Module.PRIORITISATION: ("initiatives:prioritisation", True, True),
    Module.INITIATIVES: ("initiatives:list", True, False),
    Module.BUDGET: ("budgets:list", True, False),
    Module.INDICATORS: ("indicators:list", True, False),
    Module.STUDENTS: ("pipeline:overview", True, False),
    Module.COMPARISON: ("pipeline:comparison", True, False),
    Module.TASKS: ("followup:mine", True, True),
    Module.OVERDUE: ("followup:overdue", True, True),
    Module.STATUS: ("reports:status", True, True),
    Module.STRATEGIES: ("strategies:list", True, False),
    Module.CASES: ("org_cases:list", True, False),
    Module.CASEBANK: ("casebank:list", False, True),
    Module.CASEBANK_EDITOR: ("casebank_editor:queue", False, False),
    Module.PARAMETERS: ("organisations:parameters", True, True),
    Module.SETTINGS: ("organisations:settings", True, True),
}


@dataclass(frozen=True)
class MenuItem:
    module: str
    label: str
    url: str
    current: bool  # the page shown is this item's page or one under it
    here: bool  # the page shown is exactly this item's page (aria-current="page")


def _url(module: str, organisation) -> str:
    name, with_org, _exact = _PAGES[module]
    return reverse(name, kwargs={"org": organisation.slug} if with_org else {})


def modules(organisation) -> tuple[str, ...]:
    kind = organisation.kind if organisation.kind in KIND_MODULES else OrganisationKind.MUNICIPALITY
    return KIND_MODULES[kind]


def main_menu(request, organisation) -> list[MenuItem]:
    """The organisation's modules that this member may open, in menu order."""
    items: list[MenuItem] = []
    path = request.path
    prioritisation = reverse("initiatives:prioritisation", kwargs={"org": organisation.slug})
    for module in modules(organisation):
        url = _url(module, organisation)
        if not may(request, url):
            continue
        exact = _PAGES[module][2]
        current = path == url if exact else path.startswith(url) and path != prioritisation
        items.append(
            MenuItem(
                module=str(module),
                label=str(Module(module).label),
                url=url,
                current=current,
                here=path == url,
            )
        )
    return items


def landing_url(request, membership) -> str:
    """Where a member of ``membership.organisation`` starts: a case bank editor on the editors'
    queue, an initiative owner on »Mine opgaver« (where the organisation plans initiatives),
    everyone else on the first module of the organisation's kind that they may open."""
    from indsats.initiatives.models import Initiative

    organisation = membership.organisation
    asking = SimpleNamespace(user=request.user, membership=membership)
    kinds_modules = modules(organisation)
    if membership.role == "editor" and Module.CASEBANK_EDITOR in kinds_modules:
        return _url(Module.CASEBANK_EDITOR, organisation)
    if (
        Module.TASKS in kinds_modules
        and Initiative.objects.filter(organisation=organisation, owner=request.user).exists()
    ):
        return _url(Module.TASKS, organisation)
    for module in kinds_modules:
        if module == Module.CASEBANK_EDITOR:
            continue
        url = _url(module, organisation)
        if may(asking, url):
            return url
    return _url(Module.SETTINGS, organisation)
