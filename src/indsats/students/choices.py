"""The student pipeline's codes. Values are what import files and the API use; labels are
what people read. The values match calc.kpi's enums."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Education(models.TextChoices):
    SSH = "ssh", _("Social- og sundhedshjælper (SSH)")
    SSA = "ssa", _("Social- og sundhedsassistent (SSA)")

    @classmethod
    def short(cls, value: str) -> str:
        return {"ssh": "SSH", "ssa": "SSA"}.get(value, value)


class Origin(models.TextChoices):
    EXTERNAL = "external", _("Ekstern")
    OWN_UNSKILLED = "own_unskilled", _("Egen ufaglært medarbejder")
    OWN_SSH = "own_ssh", _("Egen SSH, der læser videre til SSA")


class Outcome(models.TextChoices):
    ONGOING = "ongoing", _("I gang")
    COMPLETED = "completed", _("Gennemført")
    DROPPED_OUT = "dropped_out", _("Frafaldet")


class AgeBand(models.TextChoices):
    A16_24 = "16-24", _("16-24 år")
    A25_34 = "25-34", _("25-34 år")
    A35_44 = "35-44", _("35-44 år")
    A45_54 = "45-54", _("45-54 år")
    A55_66 = "55-66", _("55-66 år")


class Phase(models.TextChoices):
    """Phases in the order a student meets them (calc.kpi.phase_order_key)."""

    GF = "GF", _("Grundforløb")
    S1 = "S1", _("Skoleperiode 1")
    O1 = "O1", _("Oplæringsperiode 1")
    S2 = "S2", _("Skoleperiode 2")
    O2 = "O2", _("Oplæringsperiode 2")
    S3 = "S3", _("Skoleperiode 3")
    O3 = "O3", _("Oplæringsperiode 3")
    S4 = "S4", _("Skoleperiode 4")
    O4 = "O4", _("Oplæringsperiode 4")
    S5 = "S5", _("Skoleperiode 5")
    O5 = "O5", _("Oplæringsperiode 5")
    S6 = "S6", _("Skoleperiode 6")
    O6 = "O6", _("Oplæringsperiode 6")


class DropoutCause(models.TextChoices):
    """The causes Frederikssund records (seed 002, Bilag 2)."""

    PRIVATE_LIFE = "private_life", _("Udfordringer i privatlivet")
    ACADEMIC_DEMANDS = "academic_demands", _("For høje faglige krav")
    ABSENCE = "absence", _("Fravær")
    ILLNESS = "illness", _("Fysisk / psykisk sygdom")
    SSA_TO_SSH = "ssa_to_ssh", _("Skift fra SSA til SSH")
    JOB_ELSEWHERE = "job_elsewhere", _("Ansættelse i anden kommune")
    MOVED = "moved", _("Flyttet til anden kommune")
    WRONG_CHOICE = "wrong_choice", _("Forkert uddannelsesvalg")
    DEATH = "death", _("Dødsfald")
    OTHER = "other", _("Andet")
