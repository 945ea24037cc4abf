"""What CCIN writes, in English and Welsh (issue 16): the fields, the fallback to English and its
lang="en-GB" mark, the admin that edits both side by side, the data migration, the feeds, the
JSON-LD and the open data. Welsh pages are rendered under ``translation.override("cy")``."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from casestudies import opendata, public_cache
from casestudies.models import Call, EmailWording, Perspective, Principle, Publication, Theme
from casestudies.structured_data import article_ld
from casestudies.translation import fallback_tag, shown_language

from .factories import PrincipleFactory, StaffUserFactory, ThemeFactory

pytestmark = pytest.mark.django_db

TRANSLATED = {
    Call: ("title", "summary", "purpose", "how_to_take_part"),
    Theme: ("name", "description"),
    Principle: ("name", "summary"),
    Publication: ("title", "introduction"),
    Perspective: ("title", "author", "body"),
    EmailWording: ("subject", "body"),
}


def reused(case_study):
    """``case_study`` as the open data reads it."""
    from casestudies import selectors

    return selectors.case_study_reuse_list().get(pk=case_study.pk)


def welsh_page(path: str) -> str:
    """The page at ``path`` as a Welsh reader gets it (the view run with Welsh active)."""
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    match = resolve(path)
    with translation.override("cy"):
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render"):
            response.render()
    assert response.status_code == 200
    return response.content.decode()


# --- the fields ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "fields"), TRANSLATED.items(), ids=lambda value: getattr(value, "__name__", ""))
def test_what_ccin_writes_has_an_english_and_a_welsh_field(model, fields):
    names = {field.name for field in model._meta.get_fields()}
    for name in fields:
        assert {f"{name}_en_gb", f"{name}_cy"} <= names
    assert not {"slug_en_gb", "slug_cy"} & names  # addresses are the same in both languages


def test_the_welsh_shows_where_it_is_written_and_the_english_where_it_is_not():
    food = ThemeFactory(name="Food security", slug="food")
    food.name_cy = "Diogeledd bwyd"
    food.save()
    care = ThemeFactory(name="Social care", slug="care")
    with translation.override("cy"):
        food, care = Theme.objects.get(slug="food"), Theme.objects.get(slug="care")
        assert (food.name, care.name) == ("Diogeledd bwyd", "Social care")
        assert (shown_language(food, "name"), shown_language(care, "name")) == ("cy", "en-gb")
        assert (fallback_tag(food, "name"), fallback_tag(care, "name")) == (None, "en-GB")
    with translation.override("en-gb"):
        assert Theme.objects.get(slug="food").name == "Food security"
        assert fallback_tag(food, "name") is None


def test_an_english_page_never_shows_the_welsh_even_where_the_english_is_empty():
    theme = ThemeFactory(description="")
    theme.description_cy = "Disgrifiad"
    theme.save()
    with translation.override("en-gb"):
        assert Theme.objects.get(pk=theme.pk).description == ""


def test_many_themes_may_lack_a_welsh_name_though_names_are_unique():
    ThemeFactory(name="One")
    ThemeFactory(name="Two")
    assert Theme.objects.filter(name_cy__isnull=True).count() == 2


def test_reading_the_welsh_adds_no_query(django_assert_num_queries):
    ThemeFactory(name="Food", slug="food")
    with translation.override("cy"), django_assert_num_queries(1):
        assert Theme.objects.get(slug="food").name == "Food"


# --- the tag that marks the English on a Welsh page ------------------------------------------------


TAG = Template('{% load content_lang %}<p{% field_lang theme "name" %}>{% field_lang theme "name" text=True %}</p>')


def test_a_welsh_page_marks_the_english_it_falls_back_on():
    theme = ThemeFactory(name="Food & drink")
    with translation.override("cy"):
        html = TAG.render(Context({"theme": theme}))
    assert html == '<p lang="en-GB"><span lang="en-GB">Food &amp; drink</span></p>'


def test_a_welsh_page_shows_the_welsh_unmarked():
    theme = ThemeFactory(name="Food")
    theme.name_cy = "Bwyd <a>"
    with translation.override("cy"):
        html = TAG.render(Context({"theme": theme}))
    assert html == "<p>Bwyd &lt;a&gt;</p>"


def test_an_english_page_is_never_marked():
    theme = ThemeFactory(name="Food")
    with translation.override("en-gb"):
        assert TAG.render(Context({"theme": theme})) == "<p>Food</p>"


def test_a_field_that_is_not_translated_is_never_marked():
    from .factories import CouncilFactory

    council = CouncilFactory(name="Cardiff Council")
    template = Template('{% load content_lang %}<p{% field_lang council "name" %}>{{ council.name }}</p>')
    with translation.override("cy"):
        assert template.render(Context({"council": council})) == "<p>Cardiff Council</p>"


def test_the_theme_page_in_welsh_marks_the_english_name_and_shows_the_welsh_description(site):
    theme = site["theme"]
    theme.description_cy = "Cael bwyd i bawb."
    theme.save()
    page = welsh_page(reverse("casestudies:theme-detail", args=[theme.slug]))
    assert '<span lang="en-GB">Food security</span>' in page
    assert '<p class="govuk-body-l">Cael bwyd i bawb.</p>' in page


def test_the_call_page_in_welsh_shows_the_welsh_title_and_marks_the_english_texts(site):
    call = site["call"]
    call.title_cy = "Yr alwad"
    call.save()
    page = welsh_page(reverse("casestudies:call-detail", args=[call.slug]))
    assert '<h1 class="govuk-heading-xl govuk-!-margin-bottom-6">Yr alwad</h1>' in page
    assert '<div lang="en-GB"><p>To share what councils learned.</p>' in page  # the purpose, in English
    assert '<span lang="en-GB">Food security</span>' in page  # the theme's name


def test_the_publication_in_welsh_marks_what_is_only_in_english(site):
    publication = Publication.objects.get(slug="the-report")
    publication.introduction_cy = "Croeso."
    publication.save()
    Perspective.objects.create(publication=publication, title_en_gb="From Wales", title_cy="O Gymru", body_en_gb="Hi.")
    page = welsh_page(reverse("casestudies:publication-detail", args=["the-report"]))
    assert '<h1 class="govuk-heading-xl" lang="en-GB">The report</h1>' in page
    assert "<div><p>Croeso.</p></div>" in page
    assert ">O Gymru</h2>" in page and '<div lang="en-GB"><p>Hi.</p></div>' in page


def test_the_publication_pdf_html_marks_the_english_on_a_welsh_document(site):
    from casestudies.publication_document import publication_html
    from casestudies.views.collection import publication_context

    publication = Publication.objects.get(slug="the-report")
    with translation.override("cy"):
        html = publication_html(context=publication_context(publication), request=RequestFactory().get("/"))
    assert '<h1 class="cover__title" lang="en-GB">The report</h1>' in html


# --- the admin -------------------------------------------------------------------------------------


def test_the_theme_admin_shows_english_and_welsh_side_by_side_and_saves_both(
    client, django_capture_on_commit_callbacks
):
    theme = ThemeFactory(name="Food", slug="food", description="About food.")
    client.force_login(StaffUserFactory())
    url = reverse("admin:casestudies_theme_change", args=[theme.pk])
    page = client.get(url).content.decode()
    assert 'name="name_en_gb"' in page and 'name="name_cy"' in page
    assert "Name (English)" in page and "Name (Welsh)" in page
    inputs = {tag: re.search(rf'<input[^>]*id="id_name_{tag}"[^>]*>', page).group(0) for tag in ("en_gb", "cy")}
    assert 'lang="en-GB"' in inputs["en_gb"] and 'lang="cy"' in inputs["cy"]
    assert page.index('name="name_en_gb"') < page.index('name="name_cy"') < page.index('name="slug"')
    before = public_cache.current_generation()
    data = {"name_en_gb": "Food", "name_cy": "Bwyd", "slug": "food", "description_en_gb": "About food."}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "description_cy": "Am fwyd.", "order": 1})
    assert response.status_code == 302, response.content.decode()[:2000]
    theme.refresh_from_db()
    assert (theme.name_en_gb, theme.name_cy, theme.description_cy) == ("Food", "Bwyd", "Am fwyd.")
    assert public_cache.current_generation() != before  # a Welsh edit shows at once, as an English one does


def test_a_theme_saved_with_no_welsh_name_keeps_it_empty_and_unique(client):
    client.force_login(StaffUserFactory())
    for name in ("One", "Two"):
        response = client.post(
            reverse("admin:casestudies_theme_add"),
            {"name_en_gb": name, "name_cy": "", "slug": name.lower(), "description_en_gb": "", "order": 1},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Theme.objects.filter(name_cy__isnull=True).count() == 2


def test_the_call_and_publication_admin_show_both_languages(client, site):
    client.force_login(StaffUserFactory())
    call_page = client.get(reverse("admin:casestudies_call_change", args=[site["call"].pk])).content.decode()
    for name in ("title", "summary", "purpose", "how_to_take_part"):
        assert f'name="{name}_en_gb"' in call_page and f'name="{name}_cy"' in call_page
    publication = Publication.objects.get(slug="the-report")
    page = client.get(reverse("admin:casestudies_publication_change", args=[publication.pk])).content.decode()
    assert 'name="introduction_cy"' in page and 'name="perspectives-__prefix__-body_cy"' in page


# --- feeds, JSON-LD, open data ---------------------------------------------------------------------


def test_a_theme_feed_is_titled_and_subtitled_in_welsh_with_the_english_marked(site):
    theme = site["theme"]
    theme.name_cy = "Diogeledd bwyd"
    theme.save()
    feed = welsh_page(reverse("casestudies:theme-feed", args=[theme.slug]))
    assert "Diogeledd bwyd</title>" in feed
    assert '<subtitle xml:lang="en-GB">A theme for tests.</subtitle>' in feed
    theme.description_cy = "Thema."
    theme.save()
    public_cache.public_pages_changed()
    assert "<subtitle>Thema.</subtitle>" in welsh_page(reverse("casestudies:theme-feed", args=[theme.slug]))


def test_the_json_ld_says_which_language_the_publication_name_is_in(site):
    publication = Publication.objects.get(slug="the-report")
    with translation.override("cy"):
        assert article_ld(site["pantry"])["isPartOf"]["inLanguage"] == "en-GB"
        publication.title_cy = "Yr adroddiad"
        publication.save()
        site["pantry"].call.refresh_from_db()
        part = article_ld(site["pantry"].__class__.objects.get(pk=site["pantry"].pk))["isPartOf"]
        assert (part["name"], part["inLanguage"]) == ("Yr adroddiad", "cy")


def test_the_open_data_has_welsh_name_columns_and_english_ones_whatever_the_language(site):
    theme, principle = site["theme"], site["principle"]
    theme.name_cy = "Diogeledd bwyd"
    theme.save()
    other = PrincipleFactory(name="Innovation")
    site["pantry"].principles.add(other)
    with translation.override("cy"):
        record = opendata.case_study_record(reused(site["pantry"]), absolute=str)
    assert (record["theme"], record["theme_cy"]) == ("Food security", "Diogeledd bwyd")
    assert record["call_cy"] is None and record["principles_cy"] == []
    other.name_cy = "Arloesi"
    other.save()
    record = opendata.case_study_record(reused(site["pantry"]), absolute=str)
    assert record["principles"] == [principle.name, "Innovation"]
    assert record["principles_cy"] == [None, "Arloesi"]
    assert opendata.csv_cell(record["principles_cy"]) == "; Arloesi"
    fields = list(opendata.FIELDS)  # added at the end, before the council's Welsh text (schema 3)
    assert fields[fields.index("theme_cy") :][:3] == ["theme_cy", "principles_cy", "call_cy"]
    assert fields.index("theme_cy") > fields.index("council_gss_code_year")


# --- the content loaded --------------------------------------------------------------------------


def test_load_ccin_call_loads_english_and_welsh_and_fills_the_welsh_of_an_older_database():
    call_command("load_ccin_call", verbosity=0)
    call = Call.objects.get()
    assert (call.title_en_gb, call.title_cy) == ("Co-operation through Covid-19", "Cydweithredu drwy Covid-19")
    assert all(getattr(call, f"{name}_cy") for name in TRANSLATED[Call])
    assert Theme.objects.filter(name_cy__isnull=False).count() == 11
    assert Principle.objects.exclude(summary_cy="").filter(name_cy__isnull=False).count() == 10
    assert Publication.objects.get().introduction_cy
    # A database loaded before the Welsh existed gets it on the next run; an admin's Welsh is kept.
    Theme.objects.filter(slug="partnerships").update(name_cy=None, description_cy="")
    Principle.objects.filter(slug="learning").update(summary_cy="Geiriau CCIN.")
    call_command("load_ccin_call", verbosity=0)
    assert Theme.objects.get(slug="partnerships").name_cy.startswith("Partneriaethau")
    assert Principle.objects.get(slug="learning").summary_cy == "Geiriau CCIN."


def test_load_ccin_call_in_welsh_writes_the_same_fields():
    with translation.override("cy"):
        call_command("load_ccin_call", verbosity=0)
    assert Call.objects.get().title_en_gb == "Co-operation through Covid-19"
    assert Theme.objects.get(slug="partnerships").name_en_gb.startswith("Partnerships")


# --- the migration -------------------------------------------------------------------------------

BEFORE, AFTER = ("casestudies", "0015_editors_edit_email_wording"), ("casestudies", "0016_welsh_content_fields")


def migrate_to(target=None):
    """Migrate the test database to ``target`` (default: every app's latest) and return its apps."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = [target] if target else executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_every_value_into_the_english_field_and_back_again():
    old = migrate_to(BEFORE)
    try:
        theme = old.get_model("casestudies", "Theme").objects.create(name="Food", slug="food", description="Eat.")
        new = migrate_to(AFTER)
        migrated = new.get_model("casestudies", "Theme").objects.get(pk=theme.pk)
        assert (migrated.name_en_gb, migrated.description_en_gb, migrated.name_cy) == ("Food", "Eat.", None)
        new.get_model("casestudies", "Theme").objects.filter(pk=theme.pk).update(name_en_gb="Food security")
        old = migrate_to(BEFORE)  # going back keeps the English as the one name
        assert old.get_model("casestudies", "Theme").objects.get(pk=theme.pk).name == "Food security"
    finally:
        migrate_to()
