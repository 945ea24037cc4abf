"""Shortlist, invite and decline from the admin: the confirmation page (rows, note, email
preview, the spread after), what is done and refused and said, the emails, and reminders."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse

from casestudies.models import CaseStudy, Contribution, EmailLog, StatusChange

from .factories import ContributionFactory, ReviewerFactory
from .review_helpers import invite, known_spread, shortlist

pytestmark = pytest.mark.django_db

LIST = "admin:casestudies_contribution_changelist"
C = Contribution.Status


def choose(client, action, rows, **params):
    """Tick rows on the list and run an action: returns the confirmation page."""
    url = reverse(LIST)
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return client.post(url, {"action": action, "_selected_action": [r.pk for r in rows], "index": 0})


def confirm(client, page, note="", **extra):
    """Press the confirmation page's button, with the hidden fields it carries."""
    html = page.content.decode()
    action = re.search(r'<form method="post" action="([^"]+)"', html).group(1)
    ids = re.findall(r'<input type="hidden" name="ids" value="(\d+)"', html)
    next_url = re.search(r'<input type="hidden" name="next" value="([^"]*)"', html).group(1).replace("&amp;", "&")
    return client.post(action, {"ids": ids, "next": next_url, "note": note, "confirm": "yes", **extra})


def text(page) -> str:
    """The page's HTML with runs of white space made single spaces."""
    return re.sub(r"\s+", " ", page.content.decode())


def follow_messages(client, response):
    page = client.get(response["Location"])
    return [str(m) for m in page.context["messages"]]


# --- shortlist -----------------------------------------------------------------------------------


def test_bulk_shortlist_goes_through_a_confirmation_page_and_records_the_note(client):
    first = ContributionFactory()
    rows = [first, ContributionFactory(eoi__call=first.eoi.call)]
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    page = choose(client, "shortlist_selected", rows, theme__id__exact=first.theme_id)
    assert page.status_code == 200
    html = text(page)
    assert "Confirm: Shortlist" in html
    assert "2 contributions will be shortlisted." in html
    assert "No email is sent for this action." in html
    assert all(str(r) in html for r in rows)
    assert not Contribution.objects.filter(status=C.SHORTLISTED).exists()  # nothing done yet
    done = confirm(client, page, note="Good spread of food work.")
    assert done.status_code == 302
    assert f"theme__id__exact={rows[0].theme_id}" in done["Location"]  # back to the filtered list
    assert set(Contribution.objects.values_list("status", flat=True)) == {C.SHORTLISTED}
    change = StatusChange.objects.for_object(rows[0]).last()
    assert (change.to_status, change.by, change.note) == (C.SHORTLISTED, reviewer, "Good spread of food work.")
    said = follow_messages(client, done)
    names = ", ".join(f"{row} ({row.eoi.council.name})" for row in rows)
    assert said[0] == f"2 contributions shortlisted: {names}."


# --- invite --------------------------------------------------------------------------------------


def test_bulk_invite_previews_the_email_and_shows_the_spread_after(client):
    scene = known_spread()
    client.force_login(ReviewerFactory())
    page = choose(client, "invite_selected", [scene.rows[2]])
    html = text(page)
    assert "1 email will be sent to the council's contact once the decision is saved." in html
    assert "You are invited to write a case study for Co-operation through Covid-19" in html
    assert scene.rows[2].eoi.contact_email in html
    assert "The deadline is" in html
    # The spread after: Food goes from 1 invited to 2, which meets its target of 2.
    food = re.search(r"<th scope=\"row\">Food</th>(.*?)</tr>", html, re.S).group(1)
    assert "1 → 2" in food and "No shortfall" in food
    assert "Short of its minimum of 1: 0 invited, 1 more needed." in html  # Scotland, still


def test_bulk_invite_sends_one_invitation_per_row_after_commit(client, django_capture_on_commit_callbacks):
    rows = [ContributionFactory(), ContributionFactory()]
    reviewer = ReviewerFactory()
    for row in rows:
        shortlist(row, reviewer)
    client.force_login(reviewer)
    page = choose(client, "invite_selected", rows)
    assert "2 emails will be sent, one to each council's contact, once the decisions are saved." in text(page)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, page)
    assert CaseStudy.objects.filter(status=CaseStudy.Status.INVITED).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.eoi.contact_email for r in rows)
    assert all("/write/" in m.body for m in mail.outbox)
    assert EmailLog.objects.filter(kind="case_study_invitation", status=EmailLog.Status.SENT).count() == 2
    assert "2 contributions invited" in follow_messages(client, done)[0]


def test_illegal_and_conflicted_rows_are_refused_by_name_and_the_rest_done(client):
    scene = known_spread()
    reviewer = ReviewerFactory(council=scene.beeston)
    other = ReviewerFactory()
    shortlist(scene.rows[5], other)  # Beeston's Hubs: shortlisted, but the reviewer works for Beeston
    ready, submitted, own = scene.rows[2], scene.rows[7], scene.rows[5]
    client.force_login(reviewer)
    page = choose(client, "invite_selected", [ready, submitted, own])
    html = text(page)
    assert "1 contribution will be invited. 2 cannot be, for the reasons given." in html
    assert "A contribution that is submitted cannot be invited." in html
    assert "You work for Beeston Council, so you cannot score or decide on its contributions or case studies." in html
    said = follow_messages(client, confirm(client, page))
    assert said[0] == f"1 contribution invited: {ready} (Anytown Council)."
    assert f"Not invited: {submitted} (Wyeside Council). A contribution that is submitted cannot be invited." in said
    assert (
        f"Not invited: {own} (Beeston Council). You work for Beeston Council, so you cannot score or decide on its "
        "contributions or case studies." in said
    )
    statuses = dict(Contribution.objects.filter(pk__in=[ready.pk, submitted.pk, own.pk]).values_list("pk", "status"))
    assert statuses == {ready.pk: C.INVITED, submitted.pk: C.SUBMITTED, own.pk: C.SHORTLISTED}


def test_the_confirmation_refuses_rows_posted_straight_to_it(client):
    """The rule is the workflow's: a hand-made POST to the decide view is refused the same way."""
    contribution = ContributionFactory()
    client.force_login(ReviewerFactory(council=contribution.eoi.council))
    url = reverse("admin:casestudies_contribution_decide", kwargs={"decision": "decline"})
    response = client.post(url, {"ids": [contribution.pk], "confirm": "yes"})
    contribution.refresh_from_db()
    assert contribution.status == C.SUBMITTED
    assert any("Not declined" in m for m in follow_messages(client, response))


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_is_reported_and_the_decision_stands(client, settings):
    """With real commits (no test transaction around the request) the emails are tried before
    the page reports, as in production."""
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    contribution = ContributionFactory()
    client.force_login(ReviewerFactory())
    page = choose(client, "decline_selected", [contribution])
    done = confirm(client, page)
    contribution.refresh_from_db()
    assert contribution.status == C.DECLINED
    assert EmailLog.objects.get().status == EmailLog.Status.FAILED
    said = follow_messages(client, done)
    assert "1 email failed to send. What was decided stands; resend it from Emails." in said


# --- decline -------------------------------------------------------------------------------------


def test_decline_previews_and_sends_a_courteous_email(client, django_capture_on_commit_callbacks):
    contribution = ContributionFactory()
    client.force_login(ReviewerFactory())
    page = choose(client, "decline_selected", [contribution])
    html = page.content.decode()
    assert f"Your contribution to {contribution.eoi.call.title} ({contribution.eoi.reference})" in html
    assert "We are sorry" in html
    with django_capture_on_commit_callbacks(execute=True):
        confirm(client, page)
    (message,) = mail.outbox
    assert "sorry" in message.body and message.to == [contribution.eoi.contact_email]


# --- one at a time, from the change page ---------------------------------------------------------


def test_the_change_page_offers_only_the_legal_decisions_each_through_the_confirmation(
    client, django_capture_on_commit_callbacks
):
    contribution = ContributionFactory()
    reviewer = ReviewerFactory()
    client.force_login(reviewer)
    change = reverse("admin:casestudies_contribution_change", args=[contribution.pk])
    html = client.get(change).content.decode()
    assert "Shortlist…" in html and "Decline…" in html and "Invite…" not in html
    shortlist(contribution, reviewer)
    html = client.get(change).content.decode()
    link = re.search(r'<a href="([^"]+/decide/invite/[^"]+)">Invite…</a>', html).group(1).replace("&amp;", "&")
    page = client.get(link)
    assert "1 contribution will be invited." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = confirm(client, page)
    assert done["Location"] == change
    contribution.refresh_from_db()
    assert contribution.status == C.INVITED
    assert len(mail.outbox) == 1


def test_an_unknown_decision_or_no_rows_does_nothing(client):
    client.force_login(ReviewerFactory())
    assert (
        client.get(reverse("admin:casestudies_contribution_decide", kwargs={"decision": "delete"})).status_code == 403
    )
    response = client.get(reverse("admin:casestudies_contribution_decide", kwargs={"decision": "invite"}))
    assert response.status_code == 302


def test_a_viewer_without_change_permission_cannot_decide(client):
    from django.contrib.auth.models import Permission

    from .factories import UserFactory

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_contribution"))
    contribution = ContributionFactory()
    client.force_login(viewer)
    url = reverse("admin:casestudies_contribution_decide", kwargs={"decision": "decline"})
    assert client.post(url, {"ids": [contribution.pk], "confirm": "yes"}).status_code == 403
    assert "decline_selected" not in client.get(reverse(LIST)).content.decode()


# --- reminders -----------------------------------------------------------------------------------


CASE_STUDY_LIST = "admin:casestudies_casestudy_changelist"


def remind(client, rows):
    """Choose "Send a reminder" for ``rows`` on the case study list, and confirm: the messages shown."""
    page = client.post(
        reverse(CASE_STUDY_LIST), {"action": "remind_selected", "_selected_action": [r.pk for r in rows], "index": 0}
    )
    assert page.status_code == 200, page.status_code
    return follow_messages(client, confirm(client, page))


@pytest.mark.django_db(transaction=True)
def test_the_reminder_action_reminds_those_still_writing_and_names_the_others(client):
    reviewer = ReviewerFactory()
    waiting = invite(ContributionFactory(), reviewer)
    submitted = invite(ContributionFactory(), reviewer)
    from .review_helpers import case_study_to

    case_study_to(submitted, "submitted", reviewer)
    mail.outbox.clear()
    client.force_login(reviewer)
    said = remind(client, [waiting, submitted])
    (message,) = mail.outbox
    assert message.to == [waiting.contribution.eoi.contact_email]
    assert said[0].startswith("1 case study reminded:")
    assert said[1] == "1 email sent."
    assert said[2].startswith("Not reminded: “Hub” (")
    assert said[2].endswith("A case study that is submitted cannot be reminded.")


@pytest.mark.django_db(transaction=True)
def test_a_reminder_whose_email_fails_says_so_and_not_sent(client, settings):
    settings.EMAIL_BACKEND = "tests.failing_email.Backend"
    reviewer = ReviewerFactory()
    case_study = invite(ContributionFactory(), reviewer)
    client.force_login(reviewer)
    said = remind(client, [case_study])
    assert not any("sent." in line and "failed" not in line for line in said), said
    assert "1 email failed to send. What was decided stands; resend it from Emails." in said
    assert EmailLog.objects.get(kind="case_study_reminder").status == EmailLog.Status.FAILED


def test_only_those_who_may_send_emails_can_send_reminders(client):
    from .factories import UserFactory

    case_study = invite(ContributionFactory(), ReviewerFactory())
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_casestudy", "change_casestudy"]))
    client.force_login(user)
    listed = client.get(reverse(CASE_STUDY_LIST)).content.decode()
    assert "remind_selected" not in listed
    url = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "remind"})
    page = client.get(url, {"ids": case_study.pk})
    assert "You do not have permission to do this." in text(page)
    client.post(url, {"ids": case_study.pk, "confirm": "yes"})
    assert EmailLog.objects.filter(kind="case_study_reminder").count() == 0
