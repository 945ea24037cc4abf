"""What CCIN writes in English and Welsh (issue 16): ``<field>_en_gb`` and ``<field>_cy`` columns
beside each field registered in casestudies/translation.py (django-modeltranslation).

1. On SQLite, the full-text triggers of 0009 that read the theme's name are dropped first: adding
   the theme's columns rebuilds its table, which SQLite refuses while a trigger names it.
2. The columns are added, and every existing value is copied into the English column (the Welsh
   stays empty, so the English shows on Welsh pages, marked lang="en-GB", until someone writes it).
   The email wording of 0014 is copied the same way; its Welsh is written in the admin.
3. Search reads the theme's *English* name (``name_en_gb``): on PostgreSQL the names function and
   the rename trigger of 0007, on SQLite the triggers of 0009. The original ``name`` column is no
   longer reliable (modeltranslation writes it in whichever language was active when saved).

Reversible: going back copies the English column into the original one, drops the columns and
puts back the triggers of 0007 and 0009 as they were.
"""

from django.db import migrations, models

# Frozen here (not read from translation.py) so the migration means the same thing for ever.
TRANSLATED = {
    "call": ("title", "summary", "purpose", "how_to_take_part"),
    "theme": ("name", "description"),
    "principle": ("name", "summary"),
    "publication": ("title", "introduction"),
    "perspective": ("title", "author", "body"),
    "emailwording": ("subject", "body"),
}


def copy_to_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("casestudies", model_name)
        model.objects.update(**{f"{field}_en_gb": models.F(field) for field in fields})


def copy_from_english(apps, schema_editor):
    for model_name, fields in TRANSLATED.items():
        model = apps.get_model("casestudies", model_name)
        for field in fields:
            model.objects.exclude(**{f"{field}_en_gb": None}).update(**{field: models.F(f"{field}_en_gb")})


# --- search reads the English name ---------------------------------------------------------------

SQLITE_NAMES = """coalesce((SELECT name FROM casestudies_council WHERE id = {{row}}.council_id), '') || ' ' ||
    coalesce((SELECT {theme_name} FROM casestudies_theme WHERE id = {{row}}.theme_id), '')"""


def sqlite_triggers(theme_name: str) -> list[str]:
    """The triggers of 0009 that read names, with the theme's name read from ``theme_name``."""
    names = SQLITE_NAMES.format(theme_name=theme_name)
    return [
        f"""CREATE TRIGGER casestudies_casestudy_fts_insert AFTER INSERT ON casestudies_casestudy
        WHEN NEW.status = 'published' BEGIN
            INSERT INTO casestudies_casestudy_fts (rowid, title, standfirst, names, body)
            VALUES (NEW.id, NEW.title, NEW.standfirst, {names.format(row="NEW")}, NEW.body);
        END""",
        f"""CREATE TRIGGER casestudies_casestudy_fts_update AFTER UPDATE ON casestudies_casestudy BEGIN
            DELETE FROM casestudies_casestudy_fts WHERE rowid = OLD.id;
            INSERT INTO casestudies_casestudy_fts (rowid, title, standfirst, names, body)
            SELECT NEW.id, NEW.title, NEW.standfirst, {names.format(row="NEW")}, NEW.body
            WHERE NEW.status = 'published';
        END""",
        f"""CREATE TRIGGER casestudies_council_fts_rename AFTER UPDATE OF name ON casestudies_council BEGIN
            UPDATE casestudies_casestudy_fts SET names = (
                SELECT {names.format(row="c")} FROM casestudies_casestudy c WHERE c.id = casestudies_casestudy_fts.rowid
            ) WHERE rowid IN (SELECT id FROM casestudies_casestudy WHERE council_id = NEW.id);
        END""",
        f"""CREATE TRIGGER casestudies_theme_fts_rename AFTER UPDATE OF {theme_name} ON casestudies_theme BEGIN
            UPDATE casestudies_casestudy_fts SET names = (
                SELECT {names.format(row="c")} FROM casestudies_casestudy c WHERE c.id = casestudies_casestudy_fts.rowid
            ) WHERE rowid IN (SELECT id FROM casestudies_casestudy WHERE theme_id = NEW.id);
        END""",
    ]


SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS casestudies_theme_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_council_fts_rename",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_update",
    "DROP TRIGGER IF EXISTS casestudies_casestudy_fts_insert",
]


def postgresql_names(theme_name: str) -> list[str]:
    """0007's names function and theme rename trigger, with the theme's name read from ``theme_name``."""
    return [
        f"""CREATE OR REPLACE FUNCTION casestudies_search_names(council bigint, theme bigint) RETURNS text
        LANGUAGE sql STABLE AS $$
            SELECT concat_ws(' ',
                (SELECT name FROM casestudies_council WHERE id = council),
                (SELECT {theme_name} FROM casestudies_theme WHERE id = theme))
        $$""",
        "DROP TRIGGER IF EXISTS casestudies_theme_renamed ON casestudies_theme",
        f"""CREATE TRIGGER casestudies_theme_renamed AFTER UPDATE OF {theme_name} ON casestudies_theme
           FOR EACH ROW WHEN (OLD.{theme_name} IS DISTINCT FROM NEW.{theme_name})
           EXECUTE FUNCTION casestudies_theme_renamed()""",
    ]


def run(statements_by_vendor: dict):
    def operation(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0015_editors_edit_email_wording"),
    ]

    operations = [
        migrations.RunPython(run({"sqlite": SQLITE_DROP}), run({"sqlite": sqlite_triggers("name")}), elidable=False),
        migrations.AddField(
            model_name="call",
            name="how_to_take_part_cy",
            field=models.TextField(
                help_text="Blank lines separate paragraphs.", null=True, verbose_name="how to take part"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="how_to_take_part_en_gb",
            field=models.TextField(
                help_text="Blank lines separate paragraphs.", null=True, verbose_name="how to take part"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="purpose_cy",
            field=models.TextField(
                help_text="Why the call is made. Blank lines separate paragraphs.", null=True, verbose_name="purpose"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="purpose_en_gb",
            field=models.TextField(
                help_text="Why the call is made. Blank lines separate paragraphs.", null=True, verbose_name="purpose"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="summary_cy",
            field=models.TextField(
                help_text="One or two sentences shown in lists and on the home page.", null=True, verbose_name="summary"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="summary_en_gb",
            field=models.TextField(
                help_text="One or two sentences shown in lists and on the home page.", null=True, verbose_name="summary"
            ),
        ),
        migrations.AddField(
            model_name="call",
            name="title_cy",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="call",
            name="title_en_gb",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="emailwording",
            name="body_cy",
            field=models.TextField(null=True, verbose_name="text"),
        ),
        migrations.AddField(
            model_name="emailwording",
            name="body_en_gb",
            field=models.TextField(null=True, verbose_name="text"),
        ),
        migrations.AddField(
            model_name="emailwording",
            name="subject_cy",
            field=models.CharField(max_length=250, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="emailwording",
            name="subject_en_gb",
            field=models.CharField(max_length=250, null=True, verbose_name="subject"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="author_cy",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="author"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="author_en_gb",
            field=models.CharField(blank=True, max_length=200, null=True, verbose_name="author"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="body_cy",
            field=models.TextField(help_text="Blank lines separate paragraphs.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="body_en_gb",
            field=models.TextField(help_text="Blank lines separate paragraphs.", null=True, verbose_name="body"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="title_cy",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="perspective",
            name="title_en_gb",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="principle",
            name="name_cy",
            field=models.CharField(max_length=150, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="principle",
            name="name_en_gb",
            field=models.CharField(max_length=150, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="principle",
            name="summary_cy",
            field=models.TextField(help_text="One sentence.", null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="principle",
            name="summary_en_gb",
            field=models.TextField(help_text="One sentence.", null=True, verbose_name="summary"),
        ),
        migrations.AddField(
            model_name="publication",
            name="introduction_cy",
            field=models.TextField(
                help_text="Blank lines separate paragraphs.", null=True, verbose_name="introduction"
            ),
        ),
        migrations.AddField(
            model_name="publication",
            name="introduction_en_gb",
            field=models.TextField(
                help_text="Blank lines separate paragraphs.", null=True, verbose_name="introduction"
            ),
        ),
        migrations.AddField(
            model_name="publication",
            name="title_cy",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="publication",
            name="title_en_gb",
            field=models.CharField(max_length=200, null=True, verbose_name="title"),
        ),
        migrations.AddField(
            model_name="theme",
            name="description_cy",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="theme",
            name="description_en_gb",
            field=models.TextField(blank=True, null=True, verbose_name="description"),
        ),
        migrations.AddField(
            model_name="theme",
            name="name_cy",
            field=models.CharField(max_length=150, null=True, unique=True, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="theme",
            name="name_en_gb",
            field=models.CharField(max_length=150, null=True, unique=True, verbose_name="name"),
        ),
        migrations.RunPython(copy_to_english, copy_from_english, elidable=False),
        migrations.RunPython(
            run({"sqlite": sqlite_triggers("name_en_gb"), "postgresql": postgresql_names("name_en_gb")}),
            run({"sqlite": SQLITE_DROP, "postgresql": postgresql_names("name")}),
            elidable=False,
        ),
    ]
