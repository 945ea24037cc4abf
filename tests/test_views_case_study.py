"""The council's case study pages through the Django test client: each status, each link problem,
saving, continuing, checking and submitting, and every way a save can be refused without losing text."""

import datetime

import pytest
import time_machine
from django.core import mail

from casestudies import links, workflow
from casestudies.models import CaseStudy, EmailLog, StatusChange
from casestudies.workflow import (
    case_study_reissue_link,
    case_study_request_changes,
    case_study_revoke_link,
)

from .case_study_helpers import (
    case_study_post,
    edit_url,
    image_bytes,
    invited_case_study,
    page_url,
    submitted_case_study,
    upload,
)
from .factories import StaffUserFactory, words

pytestmark = pytest.mark.django_db
S = CaseStudy.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def html(response) -> str:
    return response.content.decode()


# --- opening the link ------------------------------------------------------------------------------


def test_an_invited_council_opens_an_empty_form_with_its_deadline(client):
    case_study = invited_case_study()
    response = client.get(edit_url(case_study))
    assert response.status_code == 200
    page = html(response)
    assert "Write your case study" in page
    assert case_study.council.name in page and case_study.theme.name in page
    assert "(UK time)" in page and "5pm on" in page
    assert 'name="version" value="1"' in page
    assert 'data-module="ccin-word-count"' in page
    assert 'enctype="multipart/form-data"' in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"
    assert '<meta name="robots" content="noindex, nofollow">' in page


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJjIjoxfQ", "a" * 3000, "%00%ff", "eyJjIjoiMSIsImsiOiJ4In0:1abcde:not-a-signature"],
    ids=["garbage", "unsigned", "very-long", "bytes", "bad-signature"],
)
def test_a_link_that_does_not_work_gets_a_404_page_that_says_what_to_do(client, token):
    invited_case_study()
    response = client.get(f"/write/{token}/")
    assert response.status_code == 404
    page = html(response)
    assert "This link does not work" in page
    assert "comms@councils.coop" in page


def test_a_tampered_link_gets_the_404_page(client):
    case_study = invited_case_study()
    token = links.case_study_link_token(case_study)
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(f"/write/{tampered}/")
    assert response.status_code == 404 and "This link does not work" in html(response)


def test_a_truncated_link_gets_the_404_page(client):
    case_study = invited_case_study()
    response = client.get(f"/write/{links.case_study_link_token(case_study)[:-10]}/")
    assert response.status_code == 404


def test_a_replaced_link_gets_a_410_page_that_points_to_the_newer_email(client):
    case_study = invited_case_study()
    old = edit_url(case_study)
    case_study_reissue_link(case_study=case_study, by=StaffUserFactory())
    response = client.get(old)
    assert response.status_code == 410
    page = html(response)
    assert "This link has been replaced" in page and "most recent email" in page and "comms@councils.coop" in page
    assert case_study.council.name not in page


def test_a_revoked_link_gets_the_410_page_on_every_page_of_the_journey(client):
    case_study = invited_case_study()
    urls = [edit_url(case_study), *(page_url(case_study, n) for n in ("check", "confirmation", "image-thumbnail"))]
    case_study_revoke_link(case_study=case_study, by=StaffUserFactory())
    for url in urls:
        assert client.get(url).status_code == 410
    assert client.post(urls[0], case_study_post(case_study, action="save")).status_code == 410
    case_study.refresh_from_db()
    assert case_study.status == S.INVITED and case_study.body == ""


# --- each status -------------------------------------------------------------------------------------


def test_a_draft_reopens_with_what_was_saved(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study, action="save", body=words(120)))
    page = html(client.get(edit_url(case_study)))
    assert words(120) in page
    assert 'name="version" value="2"' in page


def test_changes_requested_shows_the_editors_comments_at_the_top(client):
    case_study = submitted_case_study(client)
    case_study_request_changes(
        case_study=case_study, by=StaffUserFactory(), note="Please name your <em>partners</em>.\n\nAnd shorten it."
    )
    response = client.get(edit_url(case_study))
    page = html(response)
    assert response.status_code == 200
    assert "Changes requested" in page
    assert "Please name your &lt;em&gt;partners&lt;/em&gt;." in page and "And shorten it." in page
    assert page.index("Changes requested") < page.index("Write your case study</h1>")


@pytest.mark.parametrize(
    "steps,heading",
    [
        ([], "Your case study is with the editors"),
        (["approve"], "Your case study has been approved"),
        (["approve", "publish"], "Your case study is published"),
        (["approve", "publish", "unpublish"], "Your case study is with the editors"),
    ],
)
def test_once_submitted_the_link_shows_the_case_study_read_only(client, steps, heading):
    case_study = submitted_case_study(client)
    editor = StaffUserFactory()
    for step in steps:
        getattr(workflow, f"case_study_{step}")(case_study=case_study, by=editor, note="Checked.")
    response = client.get(edit_url(case_study))
    page = html(response)
    assert response.status_code == 200
    assert heading in page
    assert "Food hubs that neighbours ran" in page
    assert "<form" not in page.split('id="main-content"')[1]
    if "publish" in steps and "unpublish" not in steps:
        case_study.refresh_from_db()
        assert case_study.get_absolute_url() in page


def test_a_post_once_the_case_study_is_with_the_editors_is_refused_and_shown_back(client):
    case_study = submitted_case_study(client)
    response = client.post(edit_url(case_study), case_study_post(case_study, action="save", title="Second thoughts"))
    assert response.status_code == 403
    page = html(response)
    assert "What you just sent has not been saved." in page and "Second thoughts" in page
    case_study.refresh_from_db()
    assert case_study.title == "Food hubs that neighbours ran" and case_study.status == S.SUBMITTED


# --- the deadline --------------------------------------------------------------------------------------


def test_after_the_deadline_the_draft_is_shown_read_only_with_the_contact(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study, action="save", body="My saved draft"))
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        response = client.get(edit_url(case_study))
    page = html(response)
    assert response.status_code == 200
    assert "Editing has closed" in page and "My saved draft" in page and "comms@councils.coop" in page
    assert "<textarea" not in page


def test_saving_after_the_deadline_is_refused_with_the_typed_text_shown_back_and_the_draft_kept(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study, action="save", body="My saved draft"))
    with time_machine.travel(case_study.call.case_study_deadline_at + datetime.timedelta(seconds=1), tick=False):
        response = client.post(edit_url(case_study), case_study_post(case_study, action="save", body="Typed too late"))
    page = html(response)
    assert response.status_code == 403
    assert "Typed too late" in page and "My saved draft" in page
    assert "What you just sent has not been saved." in page
    case_study.refresh_from_db()
    assert case_study.body == "My saved draft"


def test_an_extended_deadline_keeps_the_form_open(client):
    case_study = invited_case_study()
    deadline = case_study.call.case_study_deadline_at
    CaseStudy.objects.filter(pk=case_study.pk).update(deadline_extended_to=deadline + datetime.timedelta(days=7))
    with time_machine.travel(deadline + datetime.timedelta(days=1), tick=False):
        response = client.get(edit_url(case_study))
    assert "Write your case study" in html(response)


# --- saving and continuing ---------------------------------------------------------------------------


def test_save_draft_keeps_any_length_and_says_so(client):
    case_study = invited_case_study()
    response = client.post(
        edit_url(case_study), case_study_post(case_study, action="save", body=words(120), title=""), follow=True
    )
    assert "Your draft has been saved" in html(response)
    case_study.refresh_from_db()
    assert case_study.body == words(120) and case_study.status == S.DRAFT


def test_continue_with_an_incomplete_case_study_saves_it_and_lists_what_to_put_right(client):
    case_study = invited_case_study()
    response = client.post(
        edit_url(case_study), case_study_post(case_study, body=words(120), principles=[], enquiry_email="")
    )
    page = html(response)
    assert response.status_code == 200
    assert "Your draft has been saved. Before you can continue:" in page
    assert '<a href="#id_body">The case study must be 250 to 350 words; it has 120.</a>' in page
    assert '<a href="#id_principles_1">Choose at least one co-operative principle' in page
    assert '<a href="#id_enquiry_email">Enter the email address of the contact for enquiries</a>' in page
    assert "<title>Error: " in page
    assert 'name="version" value="2"' in page  # the new version: saving again is not stale
    case_study.refresh_from_db()
    assert case_study.body == words(120)


def test_continue_with_a_complete_case_study_goes_to_the_check_page(client):
    case_study = invited_case_study()
    response = client.post(edit_url(case_study), case_study_post(case_study))
    assert response.status_code == 302
    assert response["Location"].endswith("/check/")


def test_invalid_input_is_not_saved_and_everything_typed_comes_back(client):
    case_study = invited_case_study()
    response = client.post(
        edit_url(case_study),
        case_study_post(case_study, action="save", title="x" * 121, body="Keep every word of this"),
    )
    page = html(response)
    assert response.status_code == 200
    assert "Your changes have not been saved." in page
    assert '<a href="#id_title">Title must be 120 characters or fewer</a>' in page
    assert "Keep every word of this" in page and "x" * 121 in page
    case_study.refresh_from_db()
    assert case_study.body == "" and case_study.version == 1


def test_an_image_without_alt_text_is_refused_and_the_page_says_to_choose_it_again(client):
    case_study = invited_case_study()
    data = case_study_post(case_study, action="save", image=upload(image_bytes(), name="hub.jpg"))
    page = html(client.post(edit_url(case_study), data))
    assert '<a href="#id_image_alt">Enter a description of the image (alt text)</a>' in page
    assert "You chose “hub.jpg”, but it has not been saved" in page
    case_study.refresh_from_db()
    assert not case_study.image


def test_an_image_is_saved_shown_through_the_link_and_can_be_removed(client):
    case_study = invited_case_study()
    data = case_study_post(
        case_study, action="save", image=upload(image_bytes()), image_alt="Volunteers", image_credit="Photo: us"
    )
    assert client.post(edit_url(case_study), data).status_code == 302
    page = html(client.get(edit_url(case_study)))
    assert "The current image:" in page and 'alt="Volunteers"' in page
    image = client.get(page_url(case_study, "image-thumbnail"))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "private, no-store"
    assert b"".join(image.streaming_content)[:3] == b"\xff\xd8\xff"
    case_study.refresh_from_db()
    data = case_study_post(case_study, action="save", remove_image="on")
    assert client.post(edit_url(case_study), data).status_code == 302
    assert client.get(page_url(case_study, "image-display")).status_code == 404


# --- two tabs ----------------------------------------------------------------------------------------


def test_a_save_from_a_stale_tab_is_refused_with_both_texts_on_the_page(client):
    case_study = invited_case_study()
    first_tab = case_study_post(case_study, action="save", body="Written in the first tab")
    second_tab = case_study_post(case_study, action="save", body="Written in the second tab")
    assert client.post(edit_url(case_study), first_tab).status_code == 302
    response = client.post(edit_url(case_study), second_tab)
    page = html(response)
    assert response.status_code == 409
    assert "changed somewhere else" in page
    assert "Saved (newer)" in page and "Written in the first tab" in page
    assert "You typed" in page and "Written in the second tab" in page
    assert 'name="version" value="2"' in page
    case_study.refresh_from_db()
    assert case_study.body == "Written in the first tab"
    # Saving again, with both in view, is a deliberate choice and works.
    second_tab["version"] = "2"
    assert client.post(edit_url(case_study), second_tab).status_code == 302
    case_study.refresh_from_db()
    assert case_study.body == "Written in the second tab"


# --- check and submit ------------------------------------------------------------------------------


def test_the_check_page_shows_the_answers_with_change_links(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study))
    page = html(client.get(page_url(case_study, "check")))
    assert "Check your case study before you submit it" in page
    assert "300 words" in page and "Food hubs that neighbours ran" in page
    assert "#id_principles_1" in page and "#id_licence_1" in page
    assert "Submit case study" in page and 'data-prevent-double-click="true"' in page


def test_the_check_page_of_an_incomplete_case_study_lists_problems_and_offers_no_submit(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study, action="save", body=words(120)))
    response = client.get(page_url(case_study, "check"))
    page = html(response)
    assert "There is a problem" in page and "it has 120" in page and "<title>Error: " in page
    assert "Submit case study" not in page


def test_submitting_with_120_words_shows_the_workflows_message_in_the_error_summary(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study, action="save", body=words(120)))
    case_study.refresh_from_db()
    response = client.post(page_url(case_study, "check"), {"version": case_study.version})
    page = html(response)
    assert response.status_code == 200
    assert "The case study must be 250 to 350 words; it has 120." in page
    case_study.refresh_from_db()
    assert case_study.status == S.DRAFT


def test_submit_is_one_transaction_and_a_double_click_makes_one_submission(client, django_capture_on_commit_callbacks):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study))
    case_study.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        check = page_url(case_study, "check")
        first = client.post(check, {"version": case_study.version})
        second = client.post(check, {"version": case_study.version})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] and first["Location"].endswith("/sent/")
    assert StatusChange.objects.for_object(case_study).filter(to_status=S.SUBMITTED).count() == 1
    assert EmailLog.objects.filter(kind="case_study_submitted").count() == 1
    assert len(mail.outbox) == 2
    confirmation = client.get(first["Location"])
    assert "Case study submitted" in html(confirmation)


def test_submitting_a_version_changed_in_another_tab_asks_to_check_again(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study))
    case_study.refresh_from_db()
    checked = case_study.version
    client.post(edit_url(case_study), case_study_post(case_study, action="save", title="Changed in tab two"))
    response = client.post(page_url(case_study, "check"), {"version": checked})
    assert response.status_code == 409
    assert "changed after you checked it" in html(response) and "Changed in tab two" in html(response)


def test_submitting_after_the_deadline_is_refused(client):
    case_study = invited_case_study()
    client.post(edit_url(case_study), case_study_post(case_study))
    case_study.refresh_from_db()
    with time_machine.travel(case_study.call.case_study_deadline_at, tick=False):
        response = client.post(page_url(case_study, "check"), {"version": case_study.version})
    assert response.status_code == 403 and "Editing has closed" in html(response)
    case_study.refresh_from_db()
    assert case_study.status == S.DRAFT


def test_the_confirmation_page_is_only_for_a_submitted_case_study(client):
    case_study = invited_case_study()
    url = page_url(case_study, "confirmation")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == url.removesuffix("sent/")


def test_resubmitting_after_changes_requested_works_through_the_same_link(client):
    case_study = submitted_case_study(client)
    case_study_request_changes(case_study=case_study, by=StaffUserFactory(), note="Shorter, please.")
    case_study.refresh_from_db()
    response = client.post(edit_url(case_study), case_study_post(case_study, body=words(260)))
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert client.post(page_url(case_study, "check"), {"version": case_study.version}).status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED and case_study.word_count == 260
