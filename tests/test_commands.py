"""load_ccin_call: the real 2020 call, its themes, principles and councils, loaded once.

import_councils is tested in test_commands_import_councils.py, seed_demo in
test_commands_seed_demo.py.
"""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.template import Context, Template

from casestudies.models import Call, CallTheme, Council, Principle, Publication, Theme
from casestudies.models.reference import GSS_CODE_VALIDATOR

from .factories import ThemeFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LONDON = ZoneInfo("Europe/London")

# As SPEC.md lists them.
SPEC_THEMES = [
    "Community response hubs and mutual aid",
    "Food distribution and food security",
    "Partnerships with the voluntary, community and business sectors",
    "PPE and supply resilience",
    "Hardship and financial support",
    "Community leadership and co-production",
    "Social care and health",
    "Supporting vulnerable residents (domestic abuse, homelessness)",
    "Re-balancing the local economy and community wealth building",
    "Climate change and building back greener",
    "Modern, digital and responsive councils",
]
SPEC_PRINCIPLES = [
    "Co-production",
    "Community leadership and a new role for councillors",
    "Democratic engagement",
    "Enterprise and social economy",
    "Innovation",
    "Learning",
    "Maximising social value",
    "New models of meeting priority needs",
    "Social partnership",
    "Walking the talk",
]
GSS_CODES = {
    "Bassetlaw District Council": "E07000171",
    "London Borough of Brent": "E09000005",
    "Cardiff Council": "W06000015",
    "Kirklees Council": "E08000034",
    "Oldham Council": "E08000004",
    "Stevenage Borough Council": "E07000243",
    "Telford & Wrekin Council": "E06000020",
    "Rochdale Borough Council": "E08000005",
    "Plymouth City Council": "E06000026",
}
STEERING_GROUP = set(GSS_CODES) - {"Rochdale Borough Council", "Plymouth City Council"}
LOADED_MODELS = (Call, CallTheme, Theme, Principle, Council, Publication)


def load() -> str:
    out = StringIO()
    call_command("load_ccin_call", stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    """Every value of every row the command writes."""
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in LOADED_MODELS}


def test_load_ccin_call_creates_exactly_the_call_its_themes_principles_councils_and_publication():
    load()

    call = Call.objects.get()
    assert call.title == "Co-operation through Covid-19"
    assert call.reference_prefix == "CCIN-2020"
    assert call.contact_email == "comms@councils.coop"
    assert (call.eoi_words_min, call.eoi_words_max) == (50, 75)
    assert (call.case_study_words_min, call.case_study_words_target, call.case_study_words_max) == (250, 300, 350)
    assert call.councils_notified_week == datetime.date(2020, 8, 17)
    assert call.councils_notified_week.weekday() == 0
    assert call.publication_month == datetime.date(2020, 10, 1)
    assert call.eoi_opens_at.astimezone(LONDON) == datetime.datetime(2020, 7, 6, 9, 0, tzinfo=LONDON)
    assert not call.is_sample
    assert "Covid-19" in call.purpose and "co-operative values and principles" in call.purpose
    assert "50 to 75 words" in call.how_to_take_part and "300 words" in call.how_to_take_part

    assert [t.name for t in Theme.objects.order_by("order")] == SPEC_THEMES
    assert [ct.theme.name for ct in call.call_themes.order_by("theme__order")] == SPEC_THEMES
    assert CallTheme.objects.count() == len(SPEC_THEMES)
    assert [p.name for p in Principle.objects.order_by("order")] == SPEC_PRINCIPLES
    assert all(p.summary.strip() and p.summary.count(".") == 1 for p in Principle.objects.all())

    assert {c.name: c.gss_code for c in Council.objects.all()} == GSS_CODES
    assert set(Council.objects.steering_group().values_list("name", flat=True)) == STEERING_GROUP
    assert set(Council.objects.values_list("membership", flat=True)) == {"full"}
    assert not Council.objects.filter(is_sample=True).exists()

    publication = Publication.objects.get()
    assert (publication.call, publication.title, publication.published_on) == (
        call,
        "Co-operation through Covid-19",
        None,
    )
    assert publication.introduction


def test_councils_have_their_nation_region_type_and_website():
    load()
    expected = {
        "bassetlaw": ("england", "east_midlands", "district"),
        "brent": ("england", "london", "london_borough"),
        "cardiff": ("wales", "", "welsh_unitary"),
        "kirklees": ("england", "yorkshire_and_the_humber", "metropolitan_borough"),
        "oldham": ("england", "north_west", "metropolitan_borough"),
        "rochdale": ("england", "north_west", "metropolitan_borough"),
        "stevenage": ("england", "east_of_england", "district"),
        "telford-and-wrekin": ("england", "west_midlands", "unitary"),
        "plymouth": ("england", "south_west", "unitary"),
    }
    assert {c.slug: (c.nation, c.region, c.council_type) for c in Council.objects.all()} == expected
    assert Council.objects.get(slug="oldham").website == "https://www.oldham.gov.uk"
    assert all(c.website.startswith("https://www.") and c.website.endswith(".gov.uk") for c in Council.objects.all())


def test_deadlines_are_stored_in_utc_and_shown_at_five_pm_london_time():
    load()
    eoi_deadline, case_study_deadline = Call.objects.values_list("eoi_deadline_at", "case_study_deadline_at").get()

    assert eoi_deadline == datetime.datetime(2020, 8, 7, 16, 0, tzinfo=UTC)
    assert eoi_deadline.astimezone(UTC).hour == 16
    assert case_study_deadline == datetime.datetime(2020, 9, 7, 16, 0, tzinfo=UTC)
    shown = Template("{{ at|date:'l j F Y, H:i' }}").render(Context({"at": eoi_deadline}))
    assert shown == "Friday 7 August 2020, 17:00"
    shown = Template("{{ at|date:'l j F Y, H:i' }}").render(Context({"at": case_study_deadline}))
    assert shown == "Monday 7 September 2020, 17:00"


def test_the_deadline_shuts_at_five_pm_exactly():
    load()
    call = Call.objects.get()
    assert call.eoi_is_open(datetime.datetime(2020, 8, 7, 16, 59, 59, tzinfo=LONDON))
    assert not call.eoi_is_open(datetime.datetime(2020, 8, 7, 17, 0, 0, tzinfo=LONDON))


def test_every_council_gss_code_is_valid_and_matches_its_nation():
    load()
    for council in Council.objects.all():
        GSS_CODE_VALIDATOR(council.gss_code)
        council.full_clean()
        assert council.gss_code[0] == {"england": "E", "wales": "W"}[council.nation]


def test_running_it_twice_changes_nothing_and_says_so():
    first = load()
    before = snapshot()

    second = load()

    assert snapshot() == before
    assert "43 created" in first
    assert "No changes: 0 created, 0 updated, 0 left alone, 43 unchanged." in second
    assert "Created:" not in second and "Updated:" not in second


def test_a_rerun_keeps_what_admins_have_edited_and_says_it_left_it_alone():
    load()
    Principle.objects.filter(slug="innovation").update(summary="CCIN's own words.")
    Theme.objects.filter(slug="social-care-and-health").update(description="Edited.", order=99)
    Call.objects.update(purpose="Edited purpose.")
    Council.objects.filter(slug="rochdale").update(membership="associate", is_steering_group=True)
    Publication.objects.update(introduction="Edited introduction.")

    out = load()

    assert Principle.objects.get(slug="innovation").summary == "CCIN's own words."
    theme = Theme.objects.get(slug="social-care-and-health")
    assert (theme.description, theme.order) == ("Edited.", 99)
    assert Call.objects.get().purpose == "Edited purpose."
    rochdale = Council.objects.get(slug="rochdale")
    assert (rochdale.membership, rochdale.is_steering_group) == ("associate", True)
    assert Publication.objects.get().introduction == "Edited introduction."
    assert "Left alone (edited since it was loaded; the edit is kept): principle 'Innovation' (summary)" in out
    assert "theme 'Social care and health' (order, description)" in out
    assert "the call (purpose)" in out
    assert "council 'Rochdale Borough Council' (membership, is_steering_group)" in out
    assert "the call's publication (introduction)" in out
    assert "0 created, 0 updated, 5 left alone" in out


def test_a_rerun_puts_facts_back_and_reports_the_update():
    load()
    Council.objects.filter(slug="stevenage").update(gss_code="E07000101")
    Call.objects.update(eoi_words_max=80)

    out = load()

    assert Council.objects.get(slug="stevenage").gss_code == "E07000243"
    assert Call.objects.get().eoi_words_max == 75
    assert "Updated: council 'Stevenage Borough Council' (gss_code)" in out
    assert "Updated: the call (eoi_words_max)" in out


def test_a_rerun_recreates_a_missing_principle_only():
    load()
    Principle.objects.filter(slug="learning").delete()

    out = load()

    assert Principle.objects.filter(slug="learning").exists()
    assert "Created: principle 'Learning'" in out
    assert "1 created, 0 updated" in out


def test_a_row_that_fails_validation_stops_the_load_and_nothing_is_written():
    ThemeFactory(name="PPE and supply resilience", slug="ppe")  # same name, another slug

    with pytest.raises(CommandError, match="theme 'PPE and supply resilience'.*name"):
        load()

    assert not Call.objects.exists()
    assert not Council.objects.exists()
    assert Theme.objects.count() == 1
