from django.db import migrations


def create(apps, schema_editor):
    KLRecommendation = apps.get_model("initiatives", "KLRecommendation")
    existing = set(KLRecommendation.objects.values_list("number", flat=True))
    KLRecommendation.objects.bulk_create(
        [KLRecommendation(number=n, title="") for n in range(1, 39) if n not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
