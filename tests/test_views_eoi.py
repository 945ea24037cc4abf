"""The EOI journey through the Django test client: form, check, confirmation, and every way it can go wrong."""

import datetime
import uuid

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from casestudies.models import Contribution, EmailLog, ExpressionOfInterest

from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post, submit_eoi
from .factories import CallFactory, CallThemeFactory, CouncilFactory, london_five_pm, words

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def test_form_shows_council_contact_and_one_contribution(client, call):
    CouncilFactory(name="Oldham Council")
    response = client.get(eoi_form_url(call))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Oldham Council" in html
    assert "My council is not listed" in html
    assert 'name="contributions-0-description"' in html
    assert 'name="contributions-1-description"' not in html
    assert 'data-module="ccin-word-count"' in html
    assert 'data-min-words="50"' in html and 'data-max-words="75"' in html


def test_a_complete_eoi_is_saved_once_with_a_reference_and_acknowledged(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_eoi(client, call)
    eoi = ExpressionOfInterest.objects.get()
    assert response.status_code == 200
    assert eoi.reference == f"{call.reference_prefix}-0001"
    assert eoi.reference in response.content.decode()
    assert eoi.council is None and eoi.council_name == "Northmoor Town Council"
    assert [c.position for c in eoi.contributions.all()] == [1, 2]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alex.officer@example.gov.uk"]
    assert eoi.reference in mail.outbox[0].subject
    assert "What happens next" in mail.outbox[0].body
    assert EmailLog.objects.get().status == EmailLog.Status.SENT


def test_a_listed_council_is_recorded(client, call):
    council = CouncilFactory()
    submit_eoi(client, call, council=council.pk)
    assert ExpressionOfInterest.objects.get().council == council


def test_double_click_or_resend_makes_one_eoi(client, call):
    client.post(eoi_form_url(call), eoi_post(call))
    token = client.get(eoi_check_url(call)).context["token"]
    first = client.post(eoi_check_url(call), {"submission_token": token})
    second = client.post(eoi_check_url(call), {"submission_token": token})
    assert first.status_code == second.status_code == 302
    assert second.url == first.url
    assert ExpressionOfInterest.objects.count() == 1
    assert Contribution.objects.count() == 2


def test_replayed_post_from_another_session_makes_no_new_eoi(client, call):
    client.post(eoi_form_url(call), eoi_post(call))
    token = client.get(eoi_check_url(call)).context["token"]
    client.post(eoi_check_url(call), {"submission_token": token})
    from django.test import Client

    replay = Client().post(eoi_check_url(call), {"submission_token": token})
    assert replay.status_code == 302
    assert ExpressionOfInterest.objects.count() == 1


def test_check_page_lists_every_answer_with_change_links(client, call):
    client.post(eoi_form_url(call), eoi_post(call))
    html = client.get(eoi_check_url(call)).content.decode()
    for text in [
        "Northmoor Town Council",
        "Alex Officer",
        "Head of Communities",
        "alex.officer@example.gov.uk",
        "60 words",
    ]:
        assert text in html
    assert f"{eoi_form_url(call)}#id_contributions-1-description" in html


def test_change_link_brings_back_everything_typed(client, call):
    client.post(eoi_form_url(call), eoi_post(call))
    html = client.get(eoi_form_url(call)).content.decode()
    assert 'value="Alex Officer"' in html
    assert words(55, offset=3) in html


def test_check_page_without_answers_goes_back_to_the_form(client, call):
    response = client.get(eoi_check_url(call))
    assert response.status_code == 302 and response.url == eoi_form_url(call)


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"contact_name": ""}, "contact_name", "Enter your full name"),
        ({"contact_role": "   "}, "contact_role", "Enter your role"),
        ({"contact_email": "not-an-email"}, "contact_email", "Enter an email address in the correct format"),
        ({"contact_phone": "12345"}, "contact_phone", "Enter a UK phone number"),
        ({"council": ""}, "council", "Choose your council"),
        ({"council": "999999"}, "council", "Choose your council from the list"),
        ({"council": "abc"}, "council", "Choose your council from the list"),
        ({"council_name": ""}, "council_name", "Enter the name of your council"),
        ({"contact_name": "x" * 151}, "contact_name", "150 characters or fewer"),
    ],
)
def test_bad_contact_details_get_a_message_at_the_field_and_in_the_summary(client, call, overrides, field, message):
    response = client.post(eoi_form_url(call), eoi_post(call, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert f'href="#id_{field}"' in html
    assert html.count(message) >= 2  # in the summary and at the field
    assert "<title>Error:" in html
    # Everything else stays filled in.
    assert words(55, offset=3) in html
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize("count,message", [(49, "at least 50 words; it has 49"), (76, "75 words or fewer; it has 76")])
def test_descriptions_outside_the_word_range_are_refused(client, call, count, message):
    theme = call.themes.first()
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, words(count))]))
    html = response.content.decode()
    assert message in html
    assert 'href="#id_contributions-0-description"' in html
    assert words(count) in html


def test_fifty_and_seventy_five_words_are_accepted(client, call):
    themes = list(call.themes.all())
    response = client.post(
        eoi_form_url(call), eoi_post(call, contributions=[(themes[0].pk, words(50)), (themes[1].pk, words(75))])
    )
    assert response.status_code == 302


def test_a_blank_added_contribution_is_an_error_not_skipped(client, call):
    theme = call.themes.first()
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, words(60)), ("", "")]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Contribution 2: Choose a theme for this contribution" in html
    assert "Contribution 2: Describe the contribution" in html
    assert client.get(eoi_check_url(call)).status_code == 302  # not on to the check page


def test_a_theme_from_another_call_is_refused(client, call):
    other = CallThemeFactory(call=CallFactory()).theme
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(other.pk, words(60))]))
    assert "Choose one of this call’s themes" in response.content.decode()


def test_a_hundred_contributions_in_one_post_are_refused_with_a_message(client, call):
    theme = call.themes.first()
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, words(60))] * 100))
    html = response.content.decode()
    assert response.status_code == 200
    assert "You can offer up to 10 contributions" in html
    assert not ExpressionOfInterest.objects.exists()


def test_a_megabyte_of_text_is_refused_with_a_message_not_an_error(client, call):
    theme = call.themes.first()
    huge = "word " * 200_000
    response = client.post(
        eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, huge)], contact_role="r" * 100_000)
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "far too long" in html
    assert "Role must be 150 characters or fewer" in html


def test_missing_management_form_is_an_error_not_a_crash(client, call):
    data = eoi_post(call)
    del data["contributions-TOTAL_FORMS"]
    response = client.post(eoi_form_url(call), data)
    assert response.status_code in (200, 302)


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_html_and_script_are_shown_escaped_and_stored_as_typed(client, call):
    theme = call.themes.first()
    description = words(58) + " " + HOSTILE
    submit_eoi(
        client,
        call,
        contributions=[(theme.pk, description)],
        contact_name=HOSTILE,
        contact_role=HOSTILE,
        council_name=HOSTILE,
    )
    eoi = ExpressionOfInterest.objects.get()
    assert eoi.contact_name == HOSTILE
    assert eoi.contributions.get().description == description
    client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, description)], contact_name=HOSTILE))
    html = client.get(eoi_check_url(call)).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_add_and_remove_contributions_without_javascript_keeps_what_was_typed(client, call):
    theme = call.themes.first()
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, "first idea")], action="add"))
    html = response.content.decode()
    assert 'name="contributions-1-description"' in html
    assert "first idea" in html
    assert "There is a problem" not in html
    data = eoi_post(
        call, contributions=[(theme.pk, "first idea"), (theme.pk, "second idea"), ("", "third")], action="remove-1"
    )
    html = client.post(eoi_form_url(call), data).content.decode()
    assert "first idea" in html and "third" in html and "second idea" not in html
    assert 'name="contributions-2-description"' not in html


def test_cannot_add_more_than_the_calls_maximum(client, call):
    theme = call.themes.first()
    response = client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, "x")] * 10, action="add"))
    html = response.content.decode()
    assert 'name="contributions-9-description"' in html
    assert 'name="contributions-10-description"' not in html
    assert "Add another contribution" not in html


def test_honeypot_refuses_with_a_clear_message(client, call):
    response = client.post(eoi_form_url(call), eoi_post(call, website="http://spam.example"))
    assert response.status_code == 400
    assert "We could not accept this form" in response.content.decode()


def test_rate_limit_answers_with_a_clear_message(client, call, settings):
    settings.EOI_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert submit_eoi(client, call).status_code == 200
    client.post(eoi_form_url(call), eoi_post(call))
    token = client.get(eoi_check_url(call)).context["token"]
    response = client.post(eoi_check_url(call), {"submission_token": token})
    assert response.status_code == 429
    assert "Too many expressions of interest" in response.content.decode()
    assert ExpressionOfInterest.objects.count() == 2


def test_bad_token_goes_back_to_the_form(client, call):
    response = client.post(eoi_check_url(call), {"submission_token": "not-a-uuid"})
    assert response.status_code == 302


def test_confirmation_without_a_submission_goes_to_the_call(client, call):
    response = client.get(reverse("casestudies:eoi-confirmation", kwargs={"slug": call.slug}))
    assert response.status_code == 302 and response.url == call.get_absolute_url()


def test_email_failure_leaves_the_eoi_standing_and_recorded(client, call, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        response = submit_eoi(client, call)
    assert response.status_code == 200
    log = EmailLog.objects.get()
    assert ExpressionOfInterest.objects.count() == 1
    assert log.status == EmailLog.Status.FAILED
    assert "SMTP server down" in log.error
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from casestudies.emails import email_send

    assert email_send(log_id=log.pk)
    log.refresh_from_db()
    assert log.status == EmailLog.Status.SENT and log.attempts == 2


# --- the deadline, to the second, in summer and winter time ----------------------------------------


def call_closing_at(deadline):
    call = CallFactory(
        eoi_opens_at=deadline - datetime.timedelta(days=30),
        eoi_deadline_at=deadline,
        case_study_deadline_at=deadline + datetime.timedelta(days=31),
    )
    for _ in range(2):
        CallThemeFactory(call=call)
    return call


DEADLINES = [
    london_five_pm(datetime.date(2020, 8, 7)),  # British Summer Time: 16:00 UTC
    london_five_pm(datetime.date(2020, 12, 4)),  # Greenwich Mean Time: 17:00 UTC
]


@pytest.mark.parametrize("deadline", DEADLINES, ids=["bst", "gmt"])
def test_one_second_before_the_deadline_is_accepted(client, deadline):
    call = call_closing_at(deadline)
    with time_machine.travel(deadline - datetime.timedelta(minutes=5), tick=False) as traveller:
        client.post(eoi_form_url(call), eoi_post(call))
        token = client.get(eoi_check_url(call)).context["token"]
        traveller.move_to(deadline - datetime.timedelta(seconds=1))
        response = client.post(eoi_check_url(call), {"submission_token": token})
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.count() == 1


@pytest.mark.parametrize("deadline", DEADLINES, ids=["bst", "gmt"])
def test_at_the_deadline_a_submission_is_refused_and_everything_typed_is_shown_back(client, deadline):
    call = call_closing_at(deadline)
    with time_machine.travel(deadline - datetime.timedelta(minutes=5), tick=False) as traveller:
        client.post(eoi_form_url(call), eoi_post(call, contact_name="Sam <b>Late</b>"))
        token = client.get(eoi_check_url(call)).context["token"]
        traveller.move_to(deadline)
        response = client.post(eoi_check_url(call), {"submission_token": token})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Expressions of interest have closed" in html
    assert "has not been sent" in html
    assert "Sam &lt;b&gt;Late&lt;/b&gt;" in html
    assert words(55, offset=3) in html
    assert "comms@councils.coop" in html
    assert "5pm on Friday 7 August 2020" in html or "5pm on Friday 4 December 2020" in html
    assert not ExpressionOfInterest.objects.exists()


@pytest.mark.parametrize("deadline", DEADLINES, ids=["bst", "gmt"])
def test_form_posted_after_the_deadline_gives_the_text_back(client, deadline):
    call = call_closing_at(deadline)
    with time_machine.travel(deadline + datetime.timedelta(seconds=1), tick=False):
        response = client.post(eoi_form_url(call), eoi_post(call))
    html = response.content.decode()
    assert "Expressions of interest have closed" in html
    assert words(60) in html


def test_before_opening_the_form_says_when_it_opens(client):
    opens = london_five_pm(datetime.date(2030, 6, 3)).replace(hour=9)
    call = CallFactory(
        eoi_opens_at=opens,
        eoi_deadline_at=opens + datetime.timedelta(days=30),
        case_study_deadline_at=opens + datetime.timedelta(days=60),
    )
    response = client.get(eoi_form_url(call))
    html = response.content.decode()
    assert "not open yet" in html
    assert "9am on Monday 3 June 2030" in html


def test_unknown_call_is_a_404(client, db):
    assert client.get(reverse("casestudies:eoi-start", kwargs={"slug": "nope"})).status_code == 404
    assert client.post(reverse("casestudies:eoi-check", kwargs={"slug": "nope"}), {}).status_code == 404


def test_a_fresh_token_is_used_after_a_submission(client, call):
    submit_eoi(client, call)
    client.post(eoi_form_url(call), eoi_post(call))
    token = client.get(eoi_check_url(call)).context["token"]
    assert not ExpressionOfInterest.objects.filter(submission_token=uuid.UUID(token)).exists()
