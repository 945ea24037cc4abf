"""Save an expression of interest and come back to it later through a private link."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from casestudies.models import ExpressionOfInterest, SavedEoi

from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post
from .factories import CallFactory, CallThemeFactory, words

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()


def unfinished(call, **overrides):
    theme = call.themes.first()
    return eoi_post(call, contributions=[(theme.pk, "Half an idea <script>x</script>")], action="save", **overrides)


def link_from_email():
    return re.search(r"https?://\S+/resume/\S+/", mail.outbox[-1].body).group(0)


def path_of(url):
    return "/" + url.split("/", 3)[3]


def test_saving_keeps_unfinished_answers_and_emails_a_link(client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(eoi_form_url(call), unfinished(call, contact_role=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Your answers are saved" in html
    saved = SavedEoi.objects.get()
    assert saved.contact_email == "alex.officer@example.gov.uk"
    assert saved.answers["contributions"][0]["description"] == "Half an idea <script>x</script>"
    assert mail.outbox[0].to == ["alex.officer@example.gov.uk"]
    assert "/resume/" in mail.outbox[0].body
    assert not ExpressionOfInterest.objects.exists()  # no reference, nothing for reviewers


def test_saving_needs_an_email_address_and_keeps_everything_typed(client, call):
    response = client.post(eoi_form_url(call), unfinished(call, contact_email="nope"))
    html = response.content.decode()
    assert "Enter your email address so that we can send you a link" in html
    assert 'href="#id_contact_email"' in html
    assert "Half an idea &lt;script&gt;x&lt;/script&gt;" in html
    assert "Enter your role" not in html
    assert not SavedEoi.objects.exists()


def test_the_link_reopens_the_answers_in_another_browser_and_sending_makes_one_eoi(
    client, call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), unfinished(call))
    link = path_of(link_from_email())
    other = Client()
    response = other.get(link, follow=True)
    html = response.content.decode()
    assert "Your saved answers are back" in html
    assert "Half an idea &lt;script&gt;x&lt;/script&gt;" in html
    assert "There is a problem" not in html
    # Finish and send from the other browser.
    assert other.post(eoi_form_url(call), eoi_post(call)).status_code == 302
    token = other.get(eoi_check_url(call)).context["token"]
    other.post(eoi_check_url(call), {"submission_token": token})
    assert ExpressionOfInterest.objects.count() == 1
    assert not SavedEoi.objects.exists()
    # The link has done its job.
    gone = Client().get(link)
    assert gone.status_code == 404
    assert "This link does not work" in gone.content.decode()


def test_saving_twice_from_the_same_browser_updates_the_same_record(client, call, django_capture_on_commit_callbacks):
    # The link is signed with a timestamp: both saves happen at the same, frozen, moment, so the two
    # emails carry the same link whether or not a real second would have passed between them.
    with time_machine.travel(timezone.now(), tick=False), django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), unfinished(call))
        client.post(eoi_form_url(call), unfinished(call, contact_name="Changed"))
    assert SavedEoi.objects.count() == 1
    assert SavedEoi.objects.get().answers["contact"]["contact_name"] == "Changed"
    assert path_of(re.search(r"https?://\S+/resume/\S+/", mail.outbox[0].body).group(0)) == path_of(link_from_email())


@pytest.mark.parametrize("mangle", [lambda t: t[:-3] + "abc", lambda t: "x" + t, lambda t: "nonsense", lambda t: "%00"])
def test_a_tampered_link_opens_nothing(client, call, django_capture_on_commit_callbacks, mangle):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), unfinished(call))
    link = path_of(link_from_email())
    token = link.rstrip("/").rsplit("/", 1)[1]
    response = Client().get(link.replace(token, mangle(token)))
    assert response.status_code == 404
    assert "Half an idea" not in response.content.decode()


def test_a_link_opens_only_within_its_own_call(client, call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), unfinished(call))
    other_call = CallFactory()
    link = path_of(link_from_email()).replace(f"/calls/{call.slug}/", f"/calls/{other_call.slug}/")
    assert Client().get(link).status_code == 404


def test_after_the_deadline_the_link_shows_the_answers_but_cannot_send(client, django_capture_on_commit_callbacks):
    call = CallFactory()
    CallThemeFactory(call=call)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), unfinished(call))
    link = path_of(link_from_email())
    with time_machine.travel(call.eoi_deadline_at + datetime.timedelta(seconds=1), tick=False):
        response = Client().get(link)
        html = response.content.decode()
        assert "Expressions of interest have closed" in html
        assert "Half an idea &lt;script&gt;x&lt;/script&gt;" in html
        assert Client().post(eoi_form_url(call), unfinished(call)).status_code == 200
    assert SavedEoi.objects.count() == 1  # the later post saved nothing new


def test_saved_eois_are_not_in_the_admin(admin_client):
    assert admin_client.get("/admin/casestudies/savedeoi/").status_code == 404


def test_a_blank_email_when_saving_is_refused(client, call):
    response = client.post(eoi_form_url(call), unfinished(call, contact_email=""))
    assert "Enter your email address so that we can send you a link" in response.content.decode()


def test_saved_description_of_any_length_is_kept(client, call, django_capture_on_commit_callbacks):
    theme = call.themes.first()
    long_text = words(400)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(eoi_form_url(call), eoi_post(call, contributions=[(theme.pk, long_text)], action="save"))
    assert SavedEoi.objects.get().answers["contributions"][0]["description"] == long_text


def test_null_characters_are_dropped_not_a_crash(client, call, django_capture_on_commit_callbacks):
    theme = call.themes.first()
    data = eoi_post(call, contributions=[(theme.pk, "nul\x00here")], action="save", contact_name="A\x00B")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(eoi_form_url(call), data)
    assert response.status_code == 200
    saved = SavedEoi.objects.get()
    assert saved.answers["contributions"][0]["description"] == "nulhere"
    assert saved.answers["contact"]["contact_name"] == "AB"
