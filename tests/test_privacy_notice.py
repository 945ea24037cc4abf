"""The privacy notice is built from settings (controller, contact, DPO, purposes) and from each
call's own retention period, so changing either changes the page."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from casestudies.privacy import retention_in_words

from .factories import CallFactory, london_five_pm
from .test_settings import GOOD_KEY, run_manage

pytestmark = pytest.mark.django_db

# 1 October 2020: the 2020 call's case study deadline (7 September 2020) has passed.
AUTUMN_2020 = datetime.datetime(2020, 10, 1, 12, 0, tzinfo=datetime.UTC)


def privacy_page(client) -> str:
    cache.clear()  # whatever page caching there is, each test reads the page as it is now
    response = client.get(reverse("casestudies:privacy"))
    assert response.status_code == 200
    return response.content.decode()


def call_2020(**overrides):
    values = {
        "title": "Co-operation through Covid-19",
        "eoi_opens_at": london_five_pm(datetime.date(2020, 7, 6)),
        "eoi_deadline_at": london_five_pm(datetime.date(2020, 8, 7)),
        "councils_notified_week": datetime.date(2020, 8, 17),
        "case_study_deadline_at": london_five_pm(datetime.date(2020, 9, 7)),
        "publication_month": datetime.date(2020, 10, 1),
        **overrides,
    }
    return CallFactory(**values)


def test_by_default_ccin_is_the_controller_and_comms_the_contact(client):
    html = privacy_page(client)
    assert "The Co-operative Councils&#x27; Innovation Network (CCIN) runs this website" in html
    assert "so it is the data controller" in html
    assert html.count('href="mailto:comms@councils.coop"') >= 3
    assert "acknowledge expressions of interest and case studies" in html
    assert 'id="data-protection-officer"' not in html  # none is set
    assert 'id="controller-address"' not in html


@override_settings(
    PRIVACY_CONTROLLER={"name": "Northmoor Co-operative Network", "address": "1 High Street|Northmoor|NM1 1AA"},
    PRIVACY_CONTACT_EMAIL="privacy@northmoor.example",
    PRIVACY_DPO={"name": "Dana Protector", "email": "dpo@northmoor.example"},
    PRIVACY_PURPOSES=["run the call for case studies", "publish what councils send"],
)
def test_changing_the_settings_changes_the_controller_contact_dpo_and_purposes(client):
    html = privacy_page(client)
    assert "Northmoor Co-operative Network runs this website" in html
    assert "Co-operative Councils&#x27; Innovation Network (CCIN) runs" not in html
    assert "1 High Street<br>Northmoor<br>NM1 1AA" in html
    # Every "contact us" in the notice goes to the privacy address (the footer keeps the site's own).
    assert html.count('href="mailto:privacy@northmoor.example"') == 3
    assert "Our data protection officer is Dana Protector." in html
    assert 'href="mailto:dpo@northmoor.example"' in html
    purposes = html.split('id="purposes">')[1].split("</ul>")[0]
    assert "<li>run the call for case studies</li>" in purposes
    assert "<li>publish what councils send</li>" in purposes
    assert "acknowledge expressions of interest" not in purposes


@override_settings(PRIVACY_DPO={"name": "", "email": "dpo@ccin.example"})
def test_a_dpo_without_a_name_is_still_given_by_email(client):
    html = privacy_page(client)
    assert (
        'You can contact our data protection officer at <a class="govuk-link" href="mailto:dpo@ccin.example">' in html
    )


@time_machine.travel(AUTUMN_2020, tick=False)
def test_each_current_calls_retention_is_said_in_words_with_its_end_date(client):
    call_2020()
    call_2020(
        title="Building back greener",
        slug="greener",
        eoi_deadline_at=london_five_pm(datetime.date(2020, 9, 1)),
        case_study_deadline_at=london_five_pm(datetime.date(2020, 9, 30)),
        retention_days=90,
    )
    html = privacy_page(client)
    retention = " ".join(html.split('id="retention">')[1].split("</ul>")[0].split())
    assert (
        "Co-operation through Covid-19: one year after the case study deadline of 7 September 2020, "
        "so until 7 September 2021"
    ) in retention
    assert (
        "Building back greener: 90 days after the case study deadline of 30 September 2020, so until 29 December 2020"
    ) in retention
    # Latest first.
    assert retention.index("Building back greener") < retention.index("Co-operation through Covid-19")


@time_machine.travel(AUTUMN_2020, tick=False)
def test_changing_a_calls_retention_changes_the_page(client):
    call = call_2020()
    assert "one year after" in privacy_page(client)
    call.retention_days = 730
    call.save()
    html = " ".join(privacy_page(client).split())
    assert "two years after the case study deadline of 7 September 2020, so until 7 September 2022" in html


def test_a_call_whose_retention_has_run_out_is_not_listed_and_the_general_rule_is_given(client):
    with time_machine.travel(datetime.datetime(2022, 1, 1, tzinfo=datetime.UTC), tick=False):
        call_2020()
        html = privacy_page(client)
    assert 'id="retention"' not in html
    assert "Each call for case studies sets how long we keep the contact details" in html


@pytest.mark.parametrize(
    ("days", "words"),
    [(365, "one year"), (730, "two years"), (3650, "10 years"), (42, "six weeks"), (7, "one week"), (90, "90 days")]
    + [(1, "one day"), (400, "400 days")],
)
def test_retention_in_words(days, words):
    assert retention_in_words(days) == words


def test_the_privacy_settings_come_from_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.PRIVACY_CONTROLLER['name']); print(s.PRIVACY_CONTROLLER['address']);"
        "print(s.PRIVACY_CONTACT_EMAIL); print(s.PRIVACY_DPO['email']); print([str(p) for p in s.PRIVACY_PURPOSES])"
    )
    result = run_manage(
        "shell",
        "-v",
        "0",
        "-c",
        code,
        env_extra={
            "SECRET_KEY": GOOD_KEY,
            "PRIVACY_CONTROLLER_NAME": "Anytown Council",
            "PRIVACY_CONTROLLER_ADDRESS": "Town Hall|Anytown",
            "PRIVACY_CONTACT_EMAIL": "dp@anytown.example",
            "PRIVACY_DPO_EMAIL": "dpo@anytown.example",
            "PRIVACY_PURPOSES": "run the call | publish, with consent, a contact",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Anytown Council",
        "Town Hall|Anytown",
        "dp@anytown.example",
        "dpo@anytown.example",
        "['run the call', 'publish, with consent, a contact']",
    ]
