"""Hostile input found by an outside test: ids out of range and NUL characters on signed-in admin
pages get the admin's normal answer, and requests too large for Django get a styled 400 page."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from .eoi_helpers import eoi_form_url, eoi_post
from .factories import ContributionFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

DECIDE = "admin:casestudies_contribution_decide"


@pytest.fixture
def reviewer_client(client):
    client.force_login(ReviewerFactory())
    return client


@pytest.mark.parametrize(
    "ids",
    ["9223372036854775808", "99999999999999999999999", "9" * 5000, "-1", "0", "²", "١٢", "1e3", "%00", "\x00", ""],
)
@pytest.mark.parametrize("decision", ["shortlist", "invite", "decline"])
def test_decide_pages_answer_bad_ids_with_nothing_chosen(reviewer_client, decision, ids):
    ContributionFactory()
    response = reviewer_client.get(reverse(DECIDE, kwargs={"decision": decision}), {"ids": ids}, follow=True)
    assert response.status_code == 200
    assert "No contributions were chosen, so nothing was done." in response.content.decode()


def test_a_bad_id_beside_good_ones_is_dropped_and_the_good_ones_are_shown(reviewer_client):
    contribution = ContributionFactory()
    url = reverse(DECIDE, kwargs={"decision": "decline"})
    response = reviewer_client.get(url, {"ids": f"9223372036854775808,{contribution.pk}"})
    assert response.status_code == 200
    assert contribution.eoi.council.name in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "\x00"},
        {"q": "\x00"},
        {"eoi__call__id__exact": "\x00"},
        {"theme__id__exact": "9223372036854775808"},
        {"\x00": "1"},
    ],
)
@pytest.mark.parametrize(
    "page",
    [
        "admin:casestudies_contribution_changelist",
        "admin:casestudies_casestudy_changelist",
        "admin:auth_user_changelist",
    ],
)
def test_admin_lists_answer_bad_filter_values_as_invalid_not_500(admin_client, page, query):
    ContributionFactory()
    response = admin_client.get(reverse(page), query)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
        assert admin_client.get(response["Location"]).status_code == 200


# --- requests too large for Django's limits ---------------------------------------------------------


def assert_styled_400(response):
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Sorry, we could not read what was sent – CCIN case studies</title>" in html
    assert 'href="mailto:comms@councils.coop"' in html
    assert "govuk-header" in html  # the site's own page, like the 404


def test_a_form_larger_than_django_accepts_gets_a_styled_400(call):
    client = Client(raise_request_exception=False)
    data = eoi_post(call)
    data["contact_role"] = "x" * (6 * 1024 * 1024)
    assert_styled_400(client.post(eoi_form_url(call), data))


def test_thousands_of_form_rows_get_a_styled_400(call):
    client = Client(raise_request_exception=False)
    data = eoi_post(call)
    data.update({f"contributions-{i}-description": "word" for i in range(3000)})
    assert_styled_400(client.post(eoi_form_url(call), data))


def test_too_large_a_form_in_the_admin_gets_the_same_page(admin_client):
    admin_client.raise_request_exception = False
    response = admin_client.post(reverse("admin:casestudies_council_add"), {f"f{i}": "1" for i in range(3000)})
    assert_styled_400(response)


@override_settings(ALLOWED_HOSTS=["testserver"])
def test_a_bad_host_still_gets_a_400_not_an_error(db):
    response = Client(raise_request_exception=False, HTTP_HOST="evil.example").get("/")
    assert response.status_code == 400
