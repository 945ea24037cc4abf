"""Full-text search on PostgreSQL: a stored, generated ``search_document`` column with a GIN index.

The column is the case study's own text as a weighted tsvector (title A, standfirst B, body C,
``english`` configuration). PostgreSQL computes it itself on every insert and update
(``GENERATED ALWAYS AS … STORED``), so it can never go stale and no Python code maintains it:
not ``save()``, not the workflow, not bulk writes. ``casestudies.selectors.search`` reads it.

PostgreSQL only: on any other database this migration does nothing, and the model does not
declare the column (Django never writes it; it is read by ``search.StoredDocument``), so the
model state is the same everywhere and SQLite keeps working with its simpler search.
"""

from django.db import migrations

CREATE = [
    """
    ALTER TABLE casestudies_casestudy ADD COLUMN IF NOT EXISTS search_document tsvector
    GENERATED ALWAYS AS (
        (
            setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')
            || setweight(to_tsvector('english'::regconfig, COALESCE("standfirst", '')), 'B')
        )
        || setweight(to_tsvector('english'::regconfig, COALESCE("body", '')), 'C')
    ) STORED
    """,
    "CREATE INDEX IF NOT EXISTS case_study_search_document ON casestudies_casestudy USING gin (search_document)",
]
DROP = [
    "DROP INDEX IF EXISTS case_study_search_document",
    "ALTER TABLE casestudies_casestudy DROP COLUMN IF EXISTS search_document",
]


def create_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_search_document(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0004_steering_group"),
    ]

    operations = [
        migrations.RunPython(create_search_document, drop_search_document, elidable=False),
    ]
