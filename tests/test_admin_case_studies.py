"""The editors' side: request changes, approve, publish, unpublish, reissue and revoke the link,
edit the text, and extend the deadline, each through the workflow and recorded."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from casestudies import links
from casestudies.models import CaseStudy, EmailLog, StatusChange

from .case_study_helpers import case_study_post, edit_url, image_bytes, invited_case_study, submitted_case_study, upload
from .factories import StaffUserFactory, words

pytestmark = pytest.mark.django_db
S = CaseStudy.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def editor(client):
    user = StaffUserFactory()
    client.force_login(user)
    return user


def change_url(case_study):
    return reverse("admin:casestudies_casestudy_change", args=[case_study.pk])


def do_url(case_study, action):
    """The confirmation page of ``action`` for this one case study."""
    base = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": action})
    return f"{base}?ids={case_study.pk}"


def do(client, case_study, action, follow=False, **data):
    """Press "Yes" on the confirmation page of ``action`` for this case study."""
    url = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": action})
    data = {"ids": case_study.pk, "next": change_url(case_study), "confirm": "yes", **data}
    return client.post(url, data, follow=follow)


def request_changes_url(case_study):
    return do_url(case_study, "request-changes")


def submitted(client):
    """A submitted case study, submitted by the council through its link (an anonymous client)."""
    return submitted_case_study(Client())


def test_the_change_page_offers_the_moves_the_status_allows(client, editor):
    case_study = submitted(client)
    page = client.get(change_url(case_study)).content.decode()
    assert "Status: Submitted" in page
    assert request_changes_url(case_study) in page and do_url(case_study, "approve") in page
    assert do_url(case_study, "publish") not in page and do_url(case_study, "unpublish") not in page
    assert do_url(case_study, "reissue-link") in page and do_url(case_study, "revoke-link") in page


def test_request_changes_asks_for_comments_then_emails_the_council(client, editor, django_capture_on_commit_callbacks):
    case_study = submitted(client)
    response = client.get(request_changes_url(case_study))
    assert response.status_code == 200 and "What needs to change" in response.content.decode()
    response = do(client, case_study, "request-changes", note="", reply_by="")
    assert "Say what needs to change" in response.content.decode()
    assert response.context["title"].startswith("Error: ") or "<title>Error:" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = do(client, case_study, "request-changes", note="Please name the partners.", reply_by="")
    assert response.status_code == 302 and response["Location"] == change_url(case_study)
    case_study.refresh_from_db()
    assert case_study.status == S.CHANGES_REQUESTED
    change = StatusChange.objects.for_object(case_study).last()
    assert (change.to_status, change.by, change.note) == (S.CHANGES_REQUESTED, editor, "Please name the partners.")
    [message] = mail.outbox
    assert "Please name the partners." in message.body and "/write/" in message.body
    page = client.get(change_url(case_study)).content.decode()
    assert "Please name the partners." in page  # in the history inline


def test_after_the_deadline_request_changes_needs_a_new_deadline_which_reopens_the_form(client, editor):
    case_study = submitted(client)
    deadline = case_study.call.case_study_deadline_at
    with time_machine.travel(deadline + datetime.timedelta(days=3), tick=False):
        client.force_login(editor)  # the session from before the deadline has expired
        response = do(client, case_study, "request-changes", note="Shorter.", reply_by="")
        assert "give the council a new one" in response.content.decode()
        new_day = (deadline + datetime.timedelta(days=10)).date().isoformat()
        response = do(client, case_study, "request-changes", note="Shorter.", reply_by=new_day)
        assert response.status_code == 302
        case_study.refresh_from_db()
        assert case_study.deadline_extended_to.date().isoformat() == new_day
        assert "Write your case study" in client.get(edit_url(case_study)).content.decode()


def test_request_changes_on_a_draft_is_refused_with_a_message(client, editor):
    case_study = invited_case_study()
    page = client.get(request_changes_url(case_study)).content.decode()
    assert "Will not be changed:</span> A case study that is invited cannot be sent back for changes." in page
    assert 'name="confirm"' not in page  # nothing to confirm
    response = do(client, case_study, "request-changes", note="Shorter.")
    case_study.refresh_from_db()
    assert case_study.status == S.INVITED
    assert any("Not sent back for changes" in str(m) for m in client.get(response["Location"]).context["messages"])


def test_approve_then_publish_then_unpublish_through_the_buttons(client, editor):
    case_study = submitted(client)
    for action, target in [("approve", S.APPROVED), ("publish", S.PUBLISHED), ("unpublish", S.UNPUBLISHED)]:
        assert client.get(do_url(case_study, action)).status_code == 200
        response = do(client, case_study, action, note="Checked.")
        assert response.status_code == 302
        case_study.refresh_from_db()
        assert case_study.status == target
        assert StatusChange.objects.for_object(case_study).last().by == editor
    assert case_study.slug and case_study.published_at and case_study.first_published_at


def test_an_illegal_move_is_refused_with_the_models_message(client, editor):
    case_study = submitted(client)
    assert (
        "A case study that is submitted cannot be published."
        in client.get(do_url(case_study, "publish")).content.decode()
    )
    response = do(client, case_study, "publish", follow=True)
    assert "A case study that is submitted cannot be published." in response.content.decode()
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED


def test_buttons_need_a_post_and_the_change_permission(client):
    case_study = submitted(client)
    viewer = StaffUserFactory(permissions=["view_casestudy"])
    client.force_login(viewer)
    assert client.get(change_url(case_study)).status_code == 200
    assert do(client, case_study, "approve").status_code == 403
    assert client.get(request_changes_url(case_study)).status_code == 403
    client.force_login(StaffUserFactory())
    assert do(client, case_study, "delete-everything").status_code == 403
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED


def test_bulk_approve_refuses_rows_it_cannot_move_by_name_and_does_the_rest(client, editor):
    ready = submitted(client)
    draft = invited_case_study()
    page = client.post(
        reverse("admin:casestudies_casestudy_changelist"),
        {"action": "approve_selected", "_selected_action": [ready.pk, draft.pk]},
    )
    assert "Will not be changed:" in page.content.decode()
    response = client.post(
        reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "approve"}),
        {"ids": [ready.pk, draft.pk], "confirm": "yes"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 case study approved: “Food hubs that neighbours ran” (" in page
    assert "Not approved:" in page and "cannot be approved" in page
    ready.refresh_from_db()
    draft.refresh_from_db()
    assert (ready.status, draft.status) == (S.APPROVED, S.INVITED)


def test_reissue_and_revoke_the_private_link(client, editor, django_capture_on_commit_callbacks):
    case_study = invited_case_study()
    old = edit_url(case_study)
    do(client, case_study, "revoke-link")
    assert client.get(old).status_code == 410
    assert "Revoked" in client.get(change_url(case_study)).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        do(client, case_study, "reissue-link")
    assert client.get(old).status_code == 410
    [message] = mail.outbox
    assert "no longer works" in message.body
    token = message.body.split("/write/")[1].split("/")[0]
    case_study.refresh_from_db()
    assert links.case_study_from_token(token) == (case_study, None)
    assert EmailLog.objects.filter(kind="case_study_link_reissued").count() == 1


def test_editors_can_edit_the_text_and_a_council_tab_opened_before_cannot_overwrite_it(client, editor):
    case_study = submitted(client)
    do(client, case_study, "request-changes", note="Shorter.", reply_by="")
    case_study.refresh_from_db()
    council_tab = case_study_post(case_study, action="save", title="The council's old tab")
    page = client.get(change_url(case_study)).content.decode()
    assert 'name="seen_version"' in page
    data = {
        "seen_version": case_study.version,
        "title": "Edited by the editors",
        "standfirst": case_study.standfirst,
        "body": words(280),
        "theme": case_study.theme_id,
        "principles": [p.pk for p in case_study.principles.all()],
        "partners": "",
        "outcomes": case_study.outcomes,
        "enquiry_name": "",
        "enquiry_role": "",
        "enquiry_email": "",
        "licence": CaseStudy.Licence.OGL,
        "image_alt": "",
        "image_credit": "",
        "casestudies-statuschange-content_type-object_id-TOTAL_FORMS": "0",
        "casestudies-statuschange-content_type-object_id-INITIAL_FORMS": "0",
    }
    response = client.post(change_url(case_study), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case_study.refresh_from_db()
    assert case_study.title == "Edited by the editors" and case_study.licence == CaseStudy.Licence.OGL
    council = Client()
    assert council.post(edit_url(case_study), council_tab).status_code == 409
    # And an editor's page opened before the council saved is refused the same way.
    stale = dict(data, title="Stale editor", seen_version=case_study.version - 1)
    page = client.post(change_url(case_study), stale).content.decode()
    assert "saved by someone else" in page
    case_study.refresh_from_db()
    assert case_study.title == "Edited by the editors"


def test_the_deadline_is_extended_by_its_action_not_by_editing_the_field(client, editor):
    case_study = invited_case_study()
    page = client.get(change_url(case_study)).content.decode()
    assert 'name="deadline_extended_to_0"' not in page
    assert reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "extend-deadline"}) in page


def test_the_image_is_shown_to_editors_but_not_uploadable_in_the_admin(client, editor):
    case_study = invited_case_study()
    data = case_study_post(
        case_study, action="save", image=upload(image_bytes()), image_alt="Hub", image_credit="Photo: us"
    )
    assert Client().post(edit_url(case_study), data).status_code == 302
    page = client.get(change_url(case_study)).content.decode()
    image_url = reverse("admin:casestudies_casestudy_image", args=[case_study.pk, "thumbnail"])
    assert image_url in page and 'type="file"' not in page
    assert client.get(image_url)["Content-Type"] == "image/jpeg"
    client.logout()
    assert client.get(image_url).status_code == 302  # to the login page


def test_the_list_offers_the_moves_the_link_actions_and_reminders(client, editor):
    invited_case_study()
    page = client.get(reverse("admin:casestudies_casestudy_changelist")).content.decode()
    for action in (
        "approve_selected",
        "publish_selected",
        "unpublish_selected",
        "request_changes_selected",
        "remind_selected",
        "reissue_link_selected",
        "revoke_link_selected",
    ):
        assert f'value="{action}"' in page


def test_editors_cannot_blank_the_alt_text_or_credit_of_an_image(client, editor):
    case_study = invited_case_study()
    data = case_study_post(case_study, action="save", image=upload(image_bytes()), image_alt="Hub", image_credit="Us")
    assert Client().post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    form = {
        "seen_version": case_study.version,
        "title": case_study.title,
        "theme": case_study.theme_id,
        "licence": case_study.licence,
        "image_alt": "",
        "image_credit": "",
        "casestudies-statuschange-content_type-object_id-TOTAL_FORMS": "0",
        "casestudies-statuschange-content_type-object_id-INITIAL_FORMS": "0",
    }
    page = client.post(change_url(case_study), form).content.decode()
    assert "Enter a description of the image (alt text)" in page
    case_study.refresh_from_db()
    assert case_study.image_alt == "Hub"


def test_a_steering_group_member_approves_and_an_editor_publishes(client):
    from .factories import EditorFactory, ReviewerFactory

    reviewer = ReviewerFactory()
    case_study = submitted(client)
    client.force_login(reviewer)
    assert client.get(change_url(case_study)).status_code == 200
    assert do(client, case_study, "approve").status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == S.APPROVED
    page = client.get(change_url(case_study)).content.decode()
    assert do_url(case_study, "publish") not in page
    assert "publish_selected" not in client.get(reverse("admin:casestudies_casestudy_changelist")).content.decode()
    do(client, case_study, "publish")
    case_study.refresh_from_db()
    assert case_study.status == S.APPROVED
    client.force_login(EditorFactory())
    assert do_url(case_study, "publish") in client.get(change_url(case_study)).content.decode()
    do(client, case_study, "publish")
    case_study.refresh_from_db()
    assert case_study.status == S.PUBLISHED
