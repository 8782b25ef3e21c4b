"""On PostgreSQL, a GIN index over the Danish text search vector of each case (the expression
must match what casebank.selectors.search builds: to_tsvector('danish', coalesce(search_document,
''))). SQLite has no such index; its fallback matches stems in ``search_stems``."""

from django.db import migrations

INDEX = "casebank_case_search_danish"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON casebank_case "
        "USING gin (to_tsvector('danish'::regconfig, COALESCE(search_document, ''::text)))"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("casebank", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
