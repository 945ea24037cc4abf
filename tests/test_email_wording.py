"""CCIN edits the wording of every email, per call: named placeholders only, checked; every
version kept; HTML built from the escaped text; a new call copies the last call's wording; a
personal message on the invite and decline confirmation pages goes into each email."""

import datetime
import re

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from casestudies import email_wording
from casestudies.email_wording import DEFAULTS, email_wording_save, email_wording_start, fill, wording_check
from casestudies.emails import email_render
from casestudies.models import EmailLog, EmailWording

from .factories import CallFactory, ContributionFactory, EditorFactory, ReviewerFactory
from .review_helpers import shortlist

pytestmark = pytest.mark.django_db
INVITATION = DEFAULTS["case_study_invitation"]
LIST = "admin:casestudies_contribution_changelist"


def codes(error: ValidationError) -> list[str]:
    return [e.code for errors in error.error_dict.values() for e in errors]


# --- the formatter and its checks ----------------------------------------------------------------


def test_today_s_wording_of_every_email_passes_its_own_check():
    for kind, spec in DEFAULTS.items():
        wording_check(kind=kind, subject=spec.subject, body=spec.body)
        assert set(spec.placeholders) <= set(email_wording.PLACEHOLDERS), kind


@pytest.mark.parametrize(
    "body, code",
    [
        ("{council.__class__} {link}", "bad_placeholder"),
        ("{council[0]} {link}", "bad_placeholder"),
        ("{0} {link}", "bad_placeholder"),
        ("{council!r} {link}", "bad_placeholder"),
        ("{council:>99999} {link}", "bad_placeholder"),
        ("{{{ council }} {link}", "unbalanced"),
        ("Hello {link", "unbalanced"),
        ("{secret_key} {link}", "unknown_placeholder"),
        ("{% url 'admin:index' %} {link}", "bad_placeholder"),
        ("Dear {council}, no link at all", "required_placeholder"),
    ],
)
def test_the_check_refuses_anything_but_known_plain_placeholders_and_a_missing_link(body, code):
    with pytest.raises(ValidationError) as caught:
        wording_check(kind="case_study_invitation", subject="Hi", body=body)
    assert code in codes(caught.value)


def test_the_check_names_what_may_be_used():
    with pytest.raises(ValidationError) as caught:
        wording_check(kind="case_study_invitation", subject="{password}", body=INVITATION.body)
    message = caught.value.error_dict["subject"][0].messages[0]
    assert "{password} is not a placeholder this email can use" in message and "{council}" in message


def test_fill_knows_only_named_keys_and_reads_no_attributes():
    values = {"council": "Oldham", "link": "https://x.example/"}
    assert fill("Dear {council}: {link} {{literal}}", values) == "Dear Oldham: https://x.example/ {literal}"
    assert fill("{council.__class__}{council[0]}", values) == ""  # never reaches an attribute


def test_a_council_s_text_is_never_run_as_a_placeholder_or_template():
    call = CallFactory()
    contribution = ContributionFactory(eoi__call=call, eoi__contact_name="{link} {{ 7|add:1 }} <b>Jo</b>")
    subject, text, html = email_render(
        kind="contribution_declined", context={"contribution": contribution, "eoi": contribution.eoi, "call": call}
    )
    assert "Dear {link} {{ 7|add:1 }} <b>Jo</b>," in text
    assert "&lt;b&gt;Jo&lt;/b&gt;" in html and "<b>Jo</b>" not in html


def test_the_html_is_the_text_escaped_with_links_and_paragraphs():
    call = CallFactory()
    email_wording_save(call=call, kind="eoi_saved", subject="Saved", body="<script>x</script> & more\n\nGo to {link}")
    _s, text, html = email_render(kind="eoi_saved", context={"call": call, "link": "https://ccin.example/r/1"})
    assert "&lt;script&gt;x&lt;/script&gt; &amp; more" in html and "<script>" not in html
    assert '<a href="https://ccin.example/r/1" rel="nofollow">https://ccin.example/r/1</a>' in html
    assert text.startswith("<script>x</script> & more")


# --- versions, per call, and a new call's starting wording -----------------------------------------


def test_the_newest_version_is_used_and_every_version_is_kept():
    call = CallFactory(title="Round two")
    email_wording_save(call=call, kind="eoi_saved", subject="First {call}", body="A {link}")
    email_wording_save(call=call, kind="eoi_saved", subject="Second {call}", body="B {link}")
    subject, _t, _h = email_render(kind="eoi_saved", context={"call": call, "link": "L"})
    assert subject == "Second Round two"
    assert EmailWording.objects.filter(call=call, kind="eoi_saved").count() == 2
    other = CallFactory()
    assert email_render(kind="eoi_saved", context={"call": other, "link": "L"})[0] == DEFAULTS[
        "eoi_saved"
    ].subject.format(call=other.title)


def test_a_bad_version_is_refused_and_nothing_is_kept():
    call = CallFactory()
    with pytest.raises(ValidationError):
        email_wording_save(call=call, kind="case_study_invitation", subject="Hi", body="No link here")
    assert not EmailWording.objects.exists()


def test_a_new_call_copies_the_last_call_s_wording_and_the_first_gets_today_s():
    first = CallFactory(eoi_opens_at=datetime.datetime(2020, 7, 1, tzinfo=datetime.UTC))
    assert email_wording_start(call=first) == len(DEFAULTS)
    assert EmailWording.objects.current(call=first, kind="eoi_saved").body == DEFAULTS["eoi_saved"].body
    email_wording_save(call=first, kind="eoi_saved", subject="Edited {call}", body="Edited {link}")
    second = CallFactory()
    email_wording_start(call=second)
    assert EmailWording.objects.current(call=second, kind="eoi_saved").subject == "Edited {call}"
    assert email_wording_start(call=second) == 0  # nothing twice


def test_the_migration_seeds_today_s_wording_for_every_existing_call():
    from importlib import import_module

    calls = [CallFactory(), CallFactory()]
    import_module("casestudies.migrations.0014_email_wording").seed_wording(django_apps, None)
    for call in calls:
        assert set(EmailWording.objects.filter(call=call).values_list("kind", flat=True)) == set(DEFAULTS)


def test_load_ccin_call_gives_the_call_its_wording():
    from django.core.management import call_command

    call_command("load_ccin_call", verbosity=0)
    assert EmailWording.objects.filter(call__slug__isnull=False).count() == len(DEFAULTS)


# --- the admin -------------------------------------------------------------------------------------


def editor_opens_the_decline_wording(client) -> tuple:
    """Given a call with a declined-to-be contribution from Priya Shah, an editor opens its decline
    email's wording: (call, the wording, its admin address)."""
    contribution = ContributionFactory(eoi__contact_name="Priya Shah")
    call = contribution.eoi.call
    email_wording_start(call=call)
    client.force_login(EditorFactory())
    wording = EmailWording.objects.current(call=call, kind="contribution_declined")
    return call, wording, reverse("admin:casestudies_emailwording_change", args=[wording.pk])


def test_an_editor_edits_the_wording_a_new_version_is_kept_and_previewed_for_a_real_recipient(client):
    call, original, url = editor_opens_the_decline_wording(client)
    page = client.get(url).content.decode()
    assert "Dear Priya Shah," in page and "{contact_name}" in page  # preview, and the placeholders listed
    bad = client.post(url, {"subject_en_gb": "Hi {council.name}", "body_en_gb": "Dear {contact_name}"})
    assert bad.status_code == 200 and "is not a placeholder" in bad.content.decode()
    good = client.post(
        url, {"subject_en_gb": "About {reference}", "body_en_gb": "Dear {contact_name}, sorry.\n{message}"}
    )
    assert good.status_code == 302
    versions = EmailWording.objects.filter(call=call, kind="contribution_declined").order_by("pk")
    assert versions.count() == 2 and versions[0].body == original.body  # the old one is kept as it was
    newest = EmailWording.objects.current(call=call, kind="contribution_declined")
    assert newest.body == "Dear {contact_name}, sorry.\n{message}"
    page = client.get(reverse("admin:casestudies_emailwording_change", args=[newest.pk])).content.decode()
    assert "Dear Priya Shah, sorry." in page


# English and Welsh (issue 16): both edited side by side, both previewed, the Welsh sent as a pair.


def test_the_email_wording_is_edited_and_previewed_in_both_languages(client):
    call, wording, url = editor_opens_the_decline_wording(client)
    EmailWording.objects.filter(pk=wording.pk).update(subject_cy="", body_cy="")  # as if CCIN had cleared it
    page = client.get(url).content.decode()
    assert 'name="subject_cy"' in page and "In Welsh" in page and "No Welsh is written yet" in page
    half = client.post(
        url, {"subject_en_gb": wording.subject_en_gb, "body_en_gb": wording.body_en_gb, "subject_cy": "Hi"}
    )
    assert half.status_code == 200 and "Write both the Welsh subject and the Welsh text" in half.content.decode()
    response = client.post(
        url,
        {
            "subject_en_gb": wording.subject_en_gb,
            "body_en_gb": wording.body_en_gb,
            "subject_cy": "Eich cyfraniad ({reference})",
            "body_cy": "Annwyl {contact_name},\ndiolch.",
        },
    )
    assert response.status_code == 302
    newest = EmailWording.objects.current(call=call, kind="contribution_declined")
    assert (newest.subject_cy, newest.body_en_gb) == ("Eich cyfraniad ({reference})", wording.body_en_gb)
    page = client.get(reverse("admin:casestudies_emailwording_change", args=[newest.pk])).content.decode()
    assert "Annwyl Priya Shah," in page and "Dear Priya Shah," in page


def test_an_email_is_sent_in_welsh_only_when_both_its_welsh_subject_and_text_are_written(
    django_capture_on_commit_callbacks,
):
    call = CallFactory(title="Round two")
    context = {"call": call, "link": "L"}
    with django_capture_on_commit_callbacks(execute=True):
        email_wording_save(call=call, kind="eoi_saved", subject="Saved {call}", body="A {link}")
    assert email_render(kind="eoi_saved", context=context, language="cy")[0] == "Saved Round two"
    with django_capture_on_commit_callbacks(execute=True):
        email_wording_save(
            call=call, kind="eoi_saved", subject="S {call}", body="B {link}", subject_cy="C", body_cy="D {link}"
        )
    assert email_render(kind="eoi_saved", context=context, language="cy")[:2] == ("C", "D L\n")
    assert email_render(kind="eoi_saved", context=context)[0] == "S Round two"


def test_a_steering_group_member_cannot_edit_the_wording(client):
    client.force_login(ReviewerFactory())
    assert client.get(reverse("admin:casestudies_emailwording_changelist")).status_code == 403


# --- a personal message on invite and decline -------------------------------------------------------


def test_a_personal_message_is_shown_in_the_preview_and_goes_into_each_email(
    client, django_capture_on_commit_callbacks
):
    rows = [ContributionFactory(), ContributionFactory()]
    reviewer = ReviewerFactory()
    for row in rows:
        shortlist(row, reviewer)
    client.force_login(reviewer)
    decide = reverse("admin:casestudies_contribution_decide", kwargs={"decision": "invite"})
    ids = ",".join(str(r.pk) for r in rows)
    page = client.post(decide, {"ids": ids, "preview": "1", "message": "We loved the <food hub> idea."})
    html = page.content.decode()
    assert "We loved the &lt;food hub&gt; idea." in html
    assert not EmailLog.objects.exists()  # a preview does nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"ids": ids, "confirm": "yes", "note": "", "message": "We loved the <food hub> idea."})
    assert len(mail.outbox) == 2
    assert all("We loved the <food hub> idea." in m.body for m in mail.outbox)
    assert all(re.search("We loved the &lt;food hub&gt; idea.", m.alternatives[0].content) for m in mail.outbox)


# The service's own Welsh wording (issue 16): every kind, the same placeholders, used by default.


@pytest.mark.parametrize("kind", list(DEFAULTS))
def test_every_email_has_the_services_welsh_wording_with_the_same_placeholders(kind):
    default = email_wording.default_wording(kind)
    assert default.subject_cy and default.body_cy and default.subject_cy != default.subject_en_gb
    english = set(email_wording.placeholders_in(default.subject_en_gb + default.body_en_gb))
    assert set(email_wording.placeholders_in(default.subject_cy + default.body_cy)) == english
    wording_check(kind=kind, subject=default.subject_cy, body=default.body_cy)


@pytest.mark.django_db
def test_a_new_calls_wording_starts_in_both_languages_and_a_welsh_officer_is_written_to_in_welsh():
    call = CallFactory(title="Round two")
    email_wording_start(call=call)
    wording = EmailWording.objects.current(call=call, kind="eoi_saved")
    assert (wording.subject_cy, wording.body_cy) == email_wording_cy_pair("eoi_saved")
    context = {"call": call, "link": "https://example.test/L", "eoi_deadline": "D"}
    welsh_subject = email_render(kind="eoi_saved", context=context, language="cy")[0]
    english_subject = email_render(kind="eoi_saved", context=context, language="en-gb")[0]
    assert welsh_subject == fill(wording.subject_cy, {"call": "Round two"}) != english_subject


@pytest.mark.django_db
def test_a_call_without_wording_of_its_own_is_written_to_in_welsh_from_the_services_defaults():
    call = CallFactory(title="Round three")
    EmailWording.objects.filter(call=call).delete()
    subject = email_render(kind="eoi_saved", context={"call": call, "link": "L", "eoi_deadline": "D"}, language="cy")[0]
    assert subject == fill(email_wording_cy_pair("eoi_saved")[0], {"call": "Round three"})


def email_wording_cy_pair(kind):
    from casestudies.email_wording_cy import DEFAULTS_CY

    return DEFAULTS_CY[kind]


def test_the_wording_in_use_is_kept_and_a_new_version_is_used_once_it_commits(
    django_assert_num_queries, django_capture_on_commit_callbacks
):
    """An email reads its wording once; the next ones read none, until a new version commits."""
    call = CallFactory(title="Round two")
    context = {"call": call, "link": "L"}
    with django_capture_on_commit_callbacks(execute=True):
        email_wording_save(call=call, kind="eoi_saved", subject="First {call}", body="A {link}")
    assert email_render(kind="eoi_saved", context=context)[0] == "First Round two"
    with django_assert_num_queries(0):
        assert email_render(kind="eoi_saved", context=context)[0] == "First Round two"
    with django_capture_on_commit_callbacks(execute=True):
        email_wording_save(call=call, kind="eoi_saved", subject="Second {call}", body="B {link}")
    assert email_render(kind="eoi_saved", context=context)[0] == "Second Round two"
    with django_capture_on_commit_callbacks(execute=True):
        email_wording_start(call=CallFactory())  # a new call's wording starts a new generation too
    with django_assert_num_queries(1):
        email_render(kind="eoi_saved", context=context)
