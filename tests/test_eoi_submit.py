"""The final submit writes one transaction and only reads the session; the answers are forgotten
afterwards (on the confirmation page, or on the next visit to the form), and references come from
one UPDATE that holds the call's row lock."""

import datetime
import uuid

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.models import Call, ExpressionOfInterest
from casestudies.views.eoi import CONFIRMED_COOKIE

from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post, eoi_submit
from .factories import CallFactory, CallThemeFactory


def ready_to_send(client, call) -> str:
    """Fill in the form and open the check page; the token to send."""
    assert client.post(eoi_form_url(call), eoi_post(call)).status_code == 302
    return client.get(eoi_check_url(call)).context["token"]


def confirmation_url(call) -> str:
    return reverse("casestudies:eoi-confirmation", kwargs={"slug": call.slug})


def test_the_final_submit_writes_the_eoi_and_does_not_write_the_session(client, call):
    token = ready_to_send(client, call)
    session_key = client.session.session_key
    stored = Session.objects.get(pk=session_key).session_data
    with CaptureQueriesContext(connection) as captured:
        response = client.post(eoi_check_url(call), {"submission_token": token})
    assert response.status_code == 302
    assert ExpressionOfInterest.objects.count() == 1
    writes = [q["sql"] for q in captured.captured_queries if q["sql"].split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert not [sql for sql in writes if "django_session" in sql], writes
    assert Session.objects.get(pk=session_key).session_data == stored
    assert CONFIRMED_COOKIE in response.cookies
    cookie = response.cookies[CONFIRMED_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_the_confirmation_page_shows_the_eoi_and_forgets_the_answers(client, call):
    token = ready_to_send(client, call)
    client.post(eoi_check_url(call), {"submission_token": token})
    eoi = ExpressionOfInterest.objects.get()
    page = client.get(confirmation_url(call))
    assert page.status_code == 200
    assert eoi.reference in page.content.decode()
    assert f"eoi-draft-{call.pk}" not in client.session
    form = client.get(eoi_form_url(call))
    assert "Alex Officer" not in form.content.decode()


def test_sent_answers_are_forgotten_even_if_the_confirmation_is_never_seen(client, call):
    token = ready_to_send(client, call)
    client.post(eoi_check_url(call), {"submission_token": token})  # the connection drops here
    form = client.get(eoi_form_url(call))
    assert "Alex Officer" not in form.content.decode()
    assert f"eoi-draft-{call.pk}" not in client.session
    assert client.get(eoi_check_url(call)).status_code == 302  # nothing to check: back to the form


def test_answers_changed_after_the_check_page_are_sent_as_a_new_eoi(client, call):
    first = ready_to_send(client, call)
    client.post(eoi_check_url(call), {"submission_token": first})
    second = ready_to_send(client, call)
    assert second != first
    client.post(eoi_check_url(call), {"submission_token": second})
    assert ExpressionOfInterest.objects.count() == 2


@pytest.mark.parametrize("value", ["", "garbage", "1:2"])
def test_a_missing_forged_or_unsigned_confirmation_cookie_shows_nothing(client, call, value):
    client.cookies[CONFIRMED_COOKIE] = value
    response = client.get(confirmation_url(call))
    assert response.status_code == 302
    assert response.url == call.get_absolute_url()


def test_the_confirmation_cookie_of_one_call_shows_nothing_on_another(client, call):
    token = ready_to_send(client, call)
    client.post(eoi_check_url(call), {"submission_token": token})
    other = CallFactory()
    CallThemeFactory(call=other)
    response = Client(cookies=client.cookies).get(confirmation_url(other))
    assert response.status_code == 302


def test_a_confirmation_cookie_expires_after_a_day(client, call):
    token = ready_to_send(client, call)
    client.post(eoi_check_url(call), {"submission_token": token})
    with time_machine.travel(datetime.timedelta(days=1, minutes=1)):
        assert client.get(confirmation_url(call)).status_code == 302


# --- the workflow ----------------------------------------------------------------------------------


def submit(call, token, at=None):
    return eoi_submit(call, token=token, at=at)


def test_take_reference_number_counts_up_and_refuses_a_missing_call(db):
    call = CallFactory()
    assert [Call.objects.take_reference_number(call.pk) for _ in range(3)] == [1, 2, 3]
    call.refresh_from_db()
    assert call.last_reference_number == 3
    with pytest.raises(Call.DoesNotExist):
        Call.objects.take_reference_number(call.pk + 1000)


def test_a_repeated_token_gives_its_number_back(call):
    token = uuid.uuid4()
    eoi, created = submit(call, token)
    again, created_again = submit(call, token)
    assert (created, created_again, again.pk) == (True, False, eoi.pk)
    call.refresh_from_db()
    assert call.last_reference_number == 1  # the repeat's UPDATE was rolled back with it
    assert submit(call, uuid.uuid4())[0].number == 2


def test_a_resend_after_the_deadline_finds_the_eoi_sent_before_it(call):
    token = uuid.uuid4()
    eoi, _ = submit(call, token)
    late = call.eoi_deadline_at + datetime.timedelta(minutes=5)
    assert submit(call, token, at=late) == (eoi, False)
    with pytest.raises(ValidationError) as caught:
        submit(call, uuid.uuid4(), at=late)
    assert caught.value.code == "eoi_closed"


def test_the_final_submit_runs_the_session_read_and_its_transaction_and_nothing_else(client, call):
    """Once the call and its acknowledgement's wording are kept (the form's pages keep the call; the
    first email keeps the wording), a submit reads the session and writes one transaction: the
    reference's UPDATE, the EOI, its contributions and the email's log row. No read of the call or
    the wording, before or inside the transaction."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.get_for_model(ExpressionOfInterest)  # kept by each process once, as in production
    client.post(eoi_check_url(call), {"submission_token": ready_to_send(client, call)})  # keeps the wording
    other = Client()  # another officer, with a session of their own
    token = ready_to_send(other, call)
    with CaptureQueriesContext(connection) as captured:
        assert other.post(eoi_check_url(call), {"submission_token": token}).status_code == 302
    sql = [query["sql"] for query in captured.captured_queries]
    work = [text for text in sql if text.split()[0] not in ("SAVEPOINT", "RELEASE", "BEGIN", "COMMIT")]
    expected = [
        ("SELECT", "django_session"),
        ("UPDATE", "casestudies_call"),
        ("INSERT", "casestudies_expressionofinterest"),
        ("INSERT", "casestudies_contribution"),
        ("INSERT", "casestudies_emaillog"),
    ]
    assert len(work) == len(expected), sql
    for text, (verb, table) in zip(work, expected, strict=True):
        assert text.startswith(verb) and f'"{table}"' in text, sql


def test_the_privacy_notice_names_the_confirmation_cookie(client, db):
    page = client.get(reverse("casestudies:privacy")).content.decode()
    assert "lets the confirmation page show you its reference for a day" in page
