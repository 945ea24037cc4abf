"""Councils write in English, Welsh or both (issue 16): the case study's language and its Welsh
text, the language of an EOI (the officer's, for the emails) and of each email sent.

Search finds the Welsh text too:

- PostgreSQL: the stored ``search_document`` (0005, 0007) gains the Welsh title, standfirst and
  body in the ``simple`` configuration (PostgreSQL has no Welsh stemmer), at the English
  fields' weights (A, B, C); search.py matches ``websearch_to_tsquery('english', q) ||
  websearch_to_tsquery('simple', q)``.
- SQLite: the FTS5 table (0009) gains title_cy, standfirst_cy and body_cy columns, its
  triggers fill them, and every published case study is indexed again.
"""

from django.db import migrations, models

# --- PostgreSQL: the stored search document ---------------------------------------------------------

ENGLISH = """
    (
        setweight(to_tsvector('english'::regconfig, COALESCE("title", '')), 'A')
        || setweight(to_tsvector('english'::regconfig, COALESCE("standfirst", '')), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE("search_names", '')), 'B')
    )
    || setweight(to_tsvector('english'::regconfig, COALESCE("body", '')), 'C')
"""


def _only_if(language: str, column: str) -> str:
    """A text column, or '' when the case study is written only in ``language`` (so a draft's text in
    a language the council did not choose is never found)."""
    return f"""CASE WHEN "language" = '{language}' THEN '' ELSE COALESCE("{column}", '') END"""


# English text only if the case study is not Welsh-only; Welsh text only if it is not English-only.
BILINGUAL = f"""
    (
        setweight(to_tsvector('english'::regconfig, {_only_if("cy", "title")}), 'A')
        || setweight(to_tsvector('english'::regconfig, {_only_if("cy", "standfirst")}), 'B')
        || setweight(to_tsvector('english'::regconfig, COALESCE("search_names", '')), 'B')
    )
    || setweight(to_tsvector('english'::regconfig, {_only_if("cy", "body")}), 'C')
    || (
        setweight(to_tsvector('simple'::regconfig, {_only_if("en-gb", "title_cy")}), 'A')
        || setweight(to_tsvector('simple'::regconfig, {_only_if("en-gb", "standfirst_cy")}), 'B')
        || setweight(to_tsvector('simple'::regconfig, {_only_if("en-gb", "body_cy")}), 'C')
    )
"""


def _document(sql: str) -> list[str]:
    return [
        "DROP INDEX IF EXISTS case_study_search_document",
        "ALTER TABLE casestudies_casestudy DROP COLUMN IF EXISTS search_document",
        f"ALTER TABLE casestudies_casestudy ADD COLUMN search_document tsvector GENERATED ALWAYS AS ({sql}) STORED",
        "CREATE INDEX case_study_search_document ON casestudies_casestudy USING gin (search_document)",
    ]


# --- SQLite: the FTS5 table -----------------------------------------------------------------------

NAMES = """coalesce((SELECT name FROM casestudies_council WHERE id = {row}.council_id), '') || ' ' ||
    coalesce((SELECT name_en_gb FROM casestudies_theme WHERE id = {row}.theme_id), '')"""
EN = "CASE WHEN {row}.language = 'cy' THEN '' ELSE {row}.{column} END"
CY = "CASE WHEN {row}.language = 'en-gb' THEN '' ELSE {row}.{column} END"
COLUMNS = {
    False: ("title, standfirst, names, body", "{row}.title, {row}.standfirst, {names}, {row}.body"),
    # As on PostgreSQL: each language's text only if the case study is written in it.
    True: (
        "title, standfirst, names, body, title_cy, standfirst_cy, body_cy",
        ", ".join(
            (
                EN.replace("{column}", "title"),
                EN.replace("{column}", "standfirst"),
                "{names}",
                EN.replace("{column}", "body"),
                CY.replace("{column}", "title_cy"),
                CY.replace("{column}", "standfirst_cy"),
                CY.replace("{column}", "body_cy"),
            )
        ),
    ),
}


FTS_DROP = [
    "DROP TRIGGER IF EXISTS casestudies_theme_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_council_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_delete",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_update",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_insert",
    "DROP TABLE IF EXISTS casestudies_casestudy_fts",
]


def _fts(welsh: bool) -> list[str]:
    """The FTS5 table and its triggers as 0009 made them, with the Welsh columns or without."""
    columns, values = COLUMNS[welsh]

    def row(name):
        return values.format(row=name, names=NAMES.format(row=name))

    # The theme's English name (0016: ``name`` follows whichever language was active at a save).
    renamed = """CREATE TRIGGER casestudies_{table}_fts_rename AFTER UPDATE OF {column} ON casestudies_{table} BEGIN
            UPDATE casestudies_casestudy_fts SET names = (
                SELECT {names} FROM casestudies_casestudy c WHERE c.id = casestudies_casestudy_fts.rowid
            ) WHERE rowid IN (SELECT id FROM casestudies_casestudy WHERE {table}_id = NEW.id);
        END"""
    return [
        *FTS_DROP,
        f"""CREATE VIRTUAL TABLE casestudies_casestudy_fts USING fts5(
            {columns}, tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
        f"""INSERT INTO casestudies_casestudy_fts (rowid, {columns})
            SELECT id, {row("casestudies_casestudy")} FROM casestudies_casestudy WHERE status = 'published'""",
        f"""CREATE TRIGGER casestudies_casestudy_fts_insert AFTER INSERT ON casestudies_casestudy
            WHEN NEW.status = 'published' BEGIN
                INSERT INTO casestudies_casestudy_fts (rowid, {columns}) VALUES (NEW.id, {row("NEW")});
            END""",
        f"""CREATE TRIGGER casestudies_casestudy_fts_update AFTER UPDATE ON casestudies_casestudy BEGIN
                DELETE FROM casestudies_casestudy_fts WHERE rowid = OLD.id;
                INSERT INTO casestudies_casestudy_fts (rowid, {columns})
                SELECT NEW.id, {row("NEW")} WHERE NEW.status = 'published';
            END""",
        """CREATE TRIGGER casestudies_casestudy_fts_delete AFTER DELETE ON casestudies_casestudy BEGIN
                DELETE FROM casestudies_casestudy_fts WHERE rowid = OLD.id;
            END""",
        renamed.format(table="council", column="name", names=NAMES.format(row="c")),
        renamed.format(table="theme", column="name_en_gb", names=NAMES.format(row="c")),
    ]


def run(statements: dict[str, list[str]]):
    def apply(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


# SQLite rebuilds a table to add a column with constraints; triggers that name the table stop
# that, so the FTS triggers go first and come back, with the Welsh columns, after the fields.
BEFORE = {"sqlite": FTS_DROP}
BEFORE_BACKWARD = {"sqlite": _fts(welsh=False)}
FORWARD = {"postgresql": _document(BILINGUAL), "sqlite": _fts(welsh=True)}
BACKWARD = {"postgresql": _document(ENGLISH), "sqlite": FTS_DROP}


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0016_welsh_content_fields"),
    ]

    operations = [
        migrations.RunPython(run(BEFORE), run(BEFORE_BACKWARD), elidable=False),
        migrations.AddField(
            model_name="casestudy",
            name="body_cy",
            field=models.TextField(blank=True, verbose_name="case study (Welsh)"),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="contact_language",
            field=models.CharField(
                blank=True,
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                editable=False,
                max_length=5,
                verbose_name="contact's language",
            ),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="image_alt_cy",
            field=models.CharField(blank=True, max_length=250, verbose_name="image description (alt text, Welsh)"),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg"), ("both", "Both (English and Cymraeg)")],
                default="en-gb",
                max_length=5,
                verbose_name="language of the case study",
            ),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="outcomes_cy",
            field=models.TextField(blank=True, verbose_name="outcomes and learning (Welsh)"),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="partners_cy",
            field=models.TextField(blank=True, verbose_name="partners (Welsh)"),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="standfirst_cy",
            field=models.TextField(blank=True, max_length=400, verbose_name="standfirst (Welsh)"),
        ),
        migrations.AddField(
            model_name="casestudy",
            name="title_cy",
            field=models.CharField(blank=True, max_length=120, verbose_name="title (Welsh)"),
        ),
        migrations.AddField(
            model_name="emaillog",
            name="language",
            field=models.CharField(blank=True, max_length=5, verbose_name="language"),
        ),
        migrations.AddField(
            model_name="expressionofinterest",
            name="language",
            field=models.CharField(
                choices=[("en-gb", "English"), ("cy", "Cymraeg")],
                default="en-gb",
                max_length=5,
                verbose_name="language",
            ),
        ),
        migrations.AddConstraint(
            model_name="casestudy",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en-gb", "cy", "both"])), name="case_study_language_known"
            ),
        ),
        migrations.AddConstraint(
            model_name="casestudy",
            constraint=models.CheckConstraint(
                condition=models.Q(("contact_language__in", ["", "en-gb", "cy"])),
                name="case_study_contact_language_known",
            ),
        ),
        migrations.AddConstraint(
            model_name="expressionofinterest",
            constraint=models.CheckConstraint(
                condition=models.Q(("language__in", ["en-gb", "cy"])), name="eoi_language_known"
            ),
        ),
        # After the fields exist (forwards); before they are removed (backwards).
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
