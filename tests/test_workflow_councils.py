"""A council that was not listed, made a council record: workflow.eoi_council_create,
and the admin step that calls it (Admin → Expressions of interest → "Make a council record")."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casestudies import workflow
from casestudies.models import CaseStudy, Council, ExpressionOfInterest, StatusChange

from .factories import (
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    ReviewerFactory,
    StaffUserFactory,
    UserFactory,
)
from .review_helpers import case_study_to, invite

pytestmark = pytest.mark.django_db

GIVEN_NAME = "Caerwen County Borough Council"


def not_listed_eoi(**kwargs):
    return ExpressionOfInterestFactory(council=None, council_name=GIVEN_NAME, **kwargs)


def welsh_council(**overrides) -> Council:
    fields = {
        "name": "Caerwen County Borough Council",
        "council_type": Council.Type.WELSH_UNITARY,
        "nation": Council.Nation.WALES,
        "region": "",
        "gss_code": "W06099001",
        "membership": Council.Membership.ASSOCIATE,
        **overrides,
    }
    return Council(**fields)


def history(eoi) -> list[StatusChange]:
    return list(StatusChange.objects.for_object(eoi))


# --- the workflow ----------------------------------------------------------------------------------


def test_a_not_listed_council_becomes_a_record_linked_to_the_eoi_and_its_case_study_with_history():
    reviewer = ReviewerFactory()
    contribution = ContributionFactory(eoi=not_listed_eoi())
    case_study = invite(contribution, reviewer)
    editor = StaffUserFactory()

    council = workflow.eoi_council_create(
        eoi=contribution.eoi, by=editor, council=welsh_council(), note="Joined CCIN in July."
    )

    council.refresh_from_db()
    assert (council.slug, council.nation, council.gss_code) == ("caerwen-county-borough-council", "wales", "W06099001")
    eoi = ExpressionOfInterest.objects.get(pk=contribution.eoi_id)
    assert (eoi.council, eoi.council_name) == (council, "")
    assert CaseStudy.objects.get(pk=case_study.pk).council == council
    (row,) = history(eoi)
    assert (row.from_status, row.to_status, row.by) == ("not listed", "listed", editor)
    assert f"made from the name given, “{GIVEN_NAME}”" in row.note
    assert row.note.endswith("Joined CCIN in July.")


def test_a_second_council_with_the_same_slug_gets_its_own():
    CouncilFactory(slug="caerwen-county-borough-council", name="Another name")
    council = workflow.eoi_council_create(eoi=not_listed_eoi(), by=None, council=welsh_council())
    assert council.slug == "caerwen-county-borough-council-2"


def test_an_eoi_that_already_has_a_council_is_refused_and_nothing_is_written():
    listed = CouncilFactory(name="Kirkby Council")
    eoi = ExpressionOfInterestFactory(council=listed)
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_council_create(eoi=eoi, by=StaffUserFactory(), council=welsh_council())
    assert caught.value.code == "eoi_already_has_council"
    assert "Kirkby Council" in caught.value.messages[0]
    assert not Council.objects.filter(name=welsh_council().name).exists()
    assert history(eoi) == []
    eoi.refresh_from_db()
    assert eoi.council == listed


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"region": Council.Region.NORTH_WEST}, "region"),  # an English region for a Welsh council
        ({"gss_code": "E08000004"}, "gss_code"),  # an English code for a Welsh council
        ({"gss_code": "nonsense"}, "gss_code"),
        ({"name": ""}, "name"),
        ({"nation": "atlantis"}, "nation"),
    ],
)
def test_a_bad_council_is_refused_and_nothing_is_written(overrides, field):
    eoi = not_listed_eoi()
    councils_before = Council.objects.count()
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_council_create(eoi=eoi, by=StaffUserFactory(), council=welsh_council(**overrides))
    assert field in caught.value.message_dict
    assert Council.objects.count() == councils_before
    assert history(eoi) == []
    eoi.refresh_from_db()
    assert (eoi.council, eoi.council_name) == (None, GIVEN_NAME)


def test_a_name_already_taken_by_a_council_is_refused():
    CouncilFactory(name=welsh_council().name, slug="other")
    eoi = not_listed_eoi()
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_council_create(eoi=eoi, by=None, council=welsh_council())
    assert "name" in caught.value.message_dict
    assert history(eoi) == []


def test_once_linked_the_published_case_study_has_a_council_page_the_wales_filter_and_open_data_codes(client):
    reviewer = ReviewerFactory()
    case_study = invite(ContributionFactory(eoi=not_listed_eoi()), reviewer)
    case_study_to(case_study, "published", StaffUserFactory())
    case_study.refresh_from_db()
    wales = reverse("casestudies:case-study-list") + "?place=wales"
    assert case_study.council is None  # no page, no nation: the Wales filter cannot find it

    council = workflow.eoi_council_create(eoi=case_study.contribution.eoi, by=None, council=welsh_council())

    assert case_study.title in client.get(council.get_absolute_url()).content.decode()
    listed = client.get(wales)
    assert listed.context["filters"].place == "wales"  # the filter is on: Wales is now a place
    assert case_study.get_absolute_url() in listed.content.decode()
    (row,) = client.get(reverse("casestudies:open-data-json")).json()
    assert (row["council_slug"], row["council_gss_code"], row["council_nation"]) == (
        council.slug,
        "W06099001",
        "wales",
    )


# --- the admin step --------------------------------------------------------------------------------


def change_url(eoi) -> str:
    return reverse("admin:casestudies_expressionofinterest_change", args=[eoi.pk])


def create_url(eoi) -> str:
    return reverse("admin:casestudies_expressionofinterest_council_create", args=[eoi.pk])


def council_post(**overrides) -> dict:
    return {
        "name": "Caerwen County Borough Council",
        "council_type": Council.Type.WELSH_UNITARY,
        "nation": Council.Nation.WALES,
        "region": "",
        "gss_code": "W06099001",
        "membership": Council.Membership.ASSOCIATE,
        "note": "Checked with ONS.",
        **overrides,
    }


def test_an_editor_makes_the_council_record_from_the_eoi_page_in_one_step(admin_client, admin_user):
    eoi = not_listed_eoi()
    page = admin_client.get(change_url(eoi)).content.decode()
    assert create_url(eoi) in page and "Make a council record" in page

    form = admin_client.get(create_url(eoi))
    assert form.status_code == 200
    assert form.context["form"]["name"].value() == GIVEN_NAME  # the name the council gave, to correct

    response = admin_client.post(create_url(eoi), council_post(), follow=True)
    assert response.redirect_chain[-1][0] == change_url(eoi)
    said = [str(m) for m in response.context["messages"]]
    assert said == [f"Made the council record “Caerwen County Borough Council” and linked {eoi.reference} to it."]
    eoi.refresh_from_db()
    assert eoi.council.gss_code == "W06099001"
    (row,) = history(eoi)
    assert row.by == admin_user and row.note.endswith("Checked with ONS.")
    page = response.content.decode()
    assert "made from the name given" in page  # the history is on the EOI's page
    assert create_url(eoi) not in page  # done once: the step is gone


def test_bad_council_details_come_back_with_the_errors_and_nothing_is_written(admin_client):
    eoi = not_listed_eoi()
    response = admin_client.post(create_url(eoi), council_post(region=Council.Region.NORTH_WEST, gss_code="E0"))
    assert response.status_code == 200
    assert response.context["form"].errors
    html = response.content.decode()
    assert "Please correct the errors below." in html or "errornote" in html
    assert not Council.objects.filter(name="Caerwen County Borough Council").exists()
    assert history(eoi) == []


def test_the_step_is_refused_for_an_eoi_that_has_a_council(admin_client):
    eoi = ExpressionOfInterestFactory()
    assert create_url(eoi) not in admin_client.get(change_url(eoi)).content.decode()
    response = admin_client.post(create_url(eoi), council_post())
    assert response.status_code == 200
    assert "already linked to the council" in response.content.decode()
    assert history(eoi) == []


def test_only_staff_who_may_add_councils_and_change_eois_see_or_use_the_step(client):
    eoi = not_listed_eoi()
    reviewer = ReviewerFactory()  # the steering group: may change EOIs? not add councils
    client.force_login(reviewer)
    assert client.post(create_url(eoi), council_post()).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert client.post(create_url(eoi), council_post()).status_code == 403
    assert history(eoi) == []


def test_the_council_cannot_be_changed_by_editing_the_eoi_form(admin_client):
    eoi = not_listed_eoi()
    form = admin_client.get(change_url(eoi)).context["adminform"].form
    assert "council" not in form.fields and "council_name" not in form.fields
