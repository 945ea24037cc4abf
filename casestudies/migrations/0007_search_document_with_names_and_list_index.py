"""Speed (issue 7): the stored search document holds the council's and theme's names too, and
lists are read in index order.

1. Search (PostgreSQL only). Migration 0005 stored the case study's own text as a generated
   ``search_document``; the council's and theme's names were added to it at query time, which
   cost a tsvector concatenation per candidate row (about 13 µs, so 130 ms for a word found in
   10,000 case studies) and hid the condition from the planner. Now a plain column,
   ``search_names`` ("<council name> <theme name>"), is kept by triggers, and the generated
   ``search_document`` includes it (weight B, like the standfirst):

   - ``BEFORE INSERT OR UPDATE OF council_id, theme_id`` on the case study fills it in;
   - ``AFTER UPDATE OF name`` on a council or a theme refreshes its case studies.

   PostgreSQL computes generated columns after BEFORE triggers, so the document and its GIN
   index stay right on every write, by whatever path (admin, workflow, bulk writes, SQL), and
   no Python code maintains them. The model declares neither column.

2. Lists: the index on (status, -published_at) becomes (status, -published_at, -id), the whole
   ORDER BY of every list, so the newest 20 are read straight from the index.
"""

from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION casestudies_search_names(council bigint, theme bigint) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT concat_ws(' ',
        (SELECT name FROM casestudies_council WHERE id = council),
        (SELECT name FROM casestudies_theme WHERE id = theme))
$$;

CREATE OR REPLACE FUNCTION casestudies_case_study_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_names := casestudies_search_names(NEW.council_id, NEW.theme_id);
    RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION casestudies_council_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE casestudies_casestudy SET search_names = casestudies_search_names(council_id, theme_id)
    WHERE council_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION casestudies_theme_renamed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE casestudies_casestudy SET search_names = casestudies_search_names(council_id, theme_id)
    WHERE theme_id = NEW.id;
    RETURN NULL;
END
$$;
"""

DOCUMENT = """
    (
        setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE("standfirst", '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE("search_names", '')), 'B')
    )
    || setweight(to_tsvector('english'::regconfig, COALESCE("body", '')), 'C')
"""

OLD_DOCUMENT = """
    (
        setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE("standfirst", '')), 'B')
    )
    || setweight(to_tsvector('english'::regconfig, COALESCE("body", '')), 'C')
"""

CREATE = [
    FUNCTION,
    "ALTER TABLE casestudies_casestudy ADD COLUMN search_names text NOT NULL DEFAULT ''",
    "UPDATE casestudies_casestudy SET search_names = casestudies_search_names(council_id, theme_id)",
    """CREATE TRIGGER casestudies_case_study_names BEFORE INSERT OR UPDATE OF council_id, theme_id
       ON casestudies_casestudy FOR EACH ROW EXECUTE FUNCTION casestudies_case_study_names()""",
    """CREATE TRIGGER casestudies_council_renamed AFTER UPDATE OF name ON casestudies_council
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION casestudies_council_renamed()""",
    """CREATE TRIGGER casestudies_theme_renamed AFTER UPDATE OF name ON casestudies_theme
       FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION casestudies_theme_renamed()""",
    "DROP INDEX IF EXISTS case_study_search_document",
    "ALTER TABLE casestudies_casestudy DROP COLUMN IF EXISTS search_document",
    f"ALTER TABLE casestudies_casestudy ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({DOCUMENT}) STORED",
    "CREATE INDEX case_study_search_document ON casestudies_casestudy USING gin (search_document)",
]

DROP = [
    "DROP INDEX IF EXISTS case_study_search_document",
    "ALTER TABLE casestudies_casestudy DROP COLUMN IF EXISTS search_document",
    "DROP TRIGGER IF EXISTS casestudies_theme_renamed ON casestudies_theme",
    "DROP TRIGGER IF EXISTS casestudies_council_renamed ON casestudies_council",
    "DROP TRIGGER IF EXISTS casestudies_case_study_names ON casestudies_casestudy",
    "ALTER TABLE casestudies_casestudy DROP COLUMN IF EXISTS search_names",
    "DROP FUNCTION IF EXISTS casestudies_theme_renamed()",
    "DROP FUNCTION IF EXISTS casestudies_council_renamed()",
    "DROP FUNCTION IF EXISTS casestudies_case_study_names()",
    "DROP FUNCTION IF EXISTS casestudies_search_names(bigint, bigint)",
    f"ALTER TABLE casestudies_casestudy ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({OLD_DOCUMENT}) STORED",
    "CREATE INDEX case_study_search_document ON casestudies_casestudy USING gin (search_document)",
]


def create_search_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_search_names(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0006_saved_eois_and_personal_data_removal"),
    ]

    operations = [
        migrations.RunPython(create_search_names, drop_search_names, elidable=False),
        migrations.RemoveIndex(model_name="casestudy", name="case_study_status_published"),
        migrations.AddIndex(
            model_name="casestudy",
            index=models.Index(fields=["status", "-published_at", "-id"], name="case_study_published_order"),
        ),
    ]
