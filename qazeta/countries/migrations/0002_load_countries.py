"""Load the country table from the data files (``qazeta/countries/data``), once; supervisors edit it after."""

from django.db import migrations


def load_countries(apps, schema_editor):
    from qazeta.countries.loader import load

    load(apps.get_model("countries", "Country"))


class Migration(migrations.Migration):
    dependencies = [("countries", "0001_initial")]

    operations = [migrations.RunPython(load_countries, migrations.RunPython.noop)]
