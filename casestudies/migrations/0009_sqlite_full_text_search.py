"""Search on SQLite (issue 17): SQLite's own full-text engine, FTS5, with the Porter stemmer.

A virtual table ``casestudies_casestudy_fts`` holds one row per *published* case study (its
rowid is the case study's id): title, standfirst, the council's and theme's names, and body.
Triggers keep it in step, by whatever path a case study is written (admin, workflow, bulk
writes, SQL):

- a case study inserted, updated or deleted: its row is removed, and put back if it is
  published (so publishing adds it, unpublishing removes it, an edit refreshes it);
- a council or theme renamed: the names of its published case studies are refreshed.

casestudies/selectors/search_sqlite.py reads it (MATCH, bm25, highlight, snippet). On PostgreSQL this
migration does nothing: search there uses the generated ``search_document`` of 0005 and 0007.
"""

from django.db import migrations

NAMES = """coalesce((SELECT name FROM casestudies_council WHERE id = {row}.council_id), '') || ' ' ||
    coalesce((SELECT name FROM casestudies_theme WHERE id = {row}.theme_id), '')"""

CREATE = [
    """CREATE VIRTUAL TABLE casestudies_casestudy_fts USING fts5(
        title, standfirst, names, body, tokenize = 'porter unicode61 remove_diacritics 2'
    )""",
    f"""INSERT INTO casestudies_casestudy_fts (rowid, title, standfirst, names, body)
        SELECT id, title, standfirst, {NAMES.format(row="casestudies_casestudy")}, body
        FROM casestudies_casestudy WHERE status = 'published'""",
    f"""CREATE TRIGGER casestudies_casestudy_fts_insert AFTER INSERT ON casestudies_casestudy
        WHEN NEW.status = 'published' BEGIN
            INSERT INTO casestudies_casestudy_fts (rowid, title, standfirst, names, body)
            VALUES (NEW.id, NEW.title, NEW.standfirst, {NAMES.format(row="NEW")}, NEW.body);
        END""",
    f"""CREATE TRIGGER casestudies_casestudy_fts_update AFTER UPDATE ON casestudies_casestudy BEGIN
            DELETE FROM casestudies_casestudy_fts WHERE rowid = OLD.id;
            INSERT INTO casestudies_casestudy_fts (rowid, title, standfirst, names, body)
            SELECT NEW.id, NEW.title, NEW.standfirst, {NAMES.format(row="NEW")}, NEW.body
            WHERE NEW.status = 'published';
        END""",
    """CREATE TRIGGER casestudies_casestudy_fts_delete AFTER DELETE ON casestudies_casestudy BEGIN
            DELETE FROM casestudies_casestudy_fts WHERE rowid = OLD.id;
        END""",
    f"""CREATE TRIGGER casestudies_council_fts_rename AFTER UPDATE OF name ON casestudies_council BEGIN
            UPDATE casestudies_casestudy_fts SET names = (
                SELECT {NAMES.format(row="c")} FROM casestudies_casestudy c WHERE c.id = casestudies_casestudy_fts.rowid
            ) WHERE rowid IN (SELECT id FROM casestudies_casestudy WHERE council_id = NEW.id);
        END""",
    f"""CREATE TRIGGER casestudies_theme_fts_rename AFTER UPDATE OF name ON casestudies_theme BEGIN
            UPDATE casestudies_casestudy_fts SET names = (
                SELECT {NAMES.format(row="c")} FROM casestudies_casestudy c WHERE c.id = casestudies_casestudy_fts.rowid
            ) WHERE rowid IN (SELECT id FROM casestudies_casestudy WHERE theme_id = NEW.id);
        END""",
]

DROP = [
    "DROP TRIGGER IF EXISTS casestudies_theme_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_council_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_delete",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_update",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_insert",
    "DROP TABLE IF EXISTS casestudies_casestudy_fts",
]


def run_on_sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0008_email_pending_index"),
    ]

    operations = [
        migrations.RunPython(run_on_sqlite(CREATE), run_on_sqlite(DROP), elidable=False),
    ]
