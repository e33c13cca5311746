"""Indexes for the search of persons (applications.search; docs/decisions/0017-search.md).

Everywhere: a b-tree index on the passport number alone. On PostgreSQL only: the pg_trgm and unaccent extensions,
``qazeta_unaccent(text)`` (unaccent declared IMMUTABLE, which an index expression requires; the dictionary is named
with its schema so that the result does not depend on ``search_path``) and a GIN trigram index on
``qazeta_unaccent(lower(surname || ' ' || given_names))``, built from the same Django expression the search filters
on, so that the planner matches the two. SQLite has none of these and searches names with a plain ``icontains``.
"""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations, models
from django.db.models import F, Func, TextField, Value
from django.db.models.functions import Concat, Lower

INDEX_NAME = "person_name_trgm"


class _OnPostgreSQL:
    """Django's CreateExtension checks the vendor going forwards only; backwards it reads ``pg_extension`` on any
    database. This keeps both directions a no-op elsewhere (SQLite)."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # noqa: ANN001, ANN201
        if schema_editor.connection.vendor != "postgresql":
            return
        super().database_backwards(app_label, schema_editor, from_state, to_state)


class _Trigram(_OnPostgreSQL, TrigramExtension):
    pass


class _Unaccent(_OnPostgreSQL, UnaccentExtension):
    pass


class ImmutableUnaccent(Func):
    # A copy of qazeta.accounts.search.ImmutableUnaccent: a migration must not import app code that may change.
    function = "qazeta_unaccent"
    output_field = TextField()


def _name_index() -> GinIndex:
    key = ImmutableUnaccent(Lower(Concat(F("surname"), Value(" "), F("given_names"), output_field=TextField())))
    return GinIndex(OpClass(key, name="gin_trgm_ops"), name=INDEX_NAME)


def create_name_index(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
            "WHERE e.extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION qazeta_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$
        """  # noqa: S608 - the schema name comes from the catalogue, not from input
    )
    schema_editor.add_index(apps.get_model("accounts", "Person"), _name_index())


def drop_name_index(apps, schema_editor) -> None:  # noqa: ANN001
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
    schema_editor.execute("DROP FUNCTION IF EXISTS qazeta_unaccent(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0009_user_language"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["passport_number"], name="person_passport_number"),
        ),
        # Both do nothing on a database other than PostgreSQL.
        _Trigram(),
        _Unaccent(),
        migrations.RunPython(create_name_index, drop_name_index),
    ]
