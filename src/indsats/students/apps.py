from django.apps import AppConfig


class StudentsConfig(AppConfig):
    name = "indsats.students"
    verbose_name = "Elever"
