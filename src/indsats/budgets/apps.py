from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "indsats.budgets"
    verbose_name = "Budgetnotater"
