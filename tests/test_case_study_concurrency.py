"""Five presses of "Submit" at the same moment make one submission, and two tabs saving at once
never both win (PostgreSQL, where the row lock is real)."""

import pytest
from django.test import Client

from casestudies.models import CaseStudy, EmailLog, StatusChange

from .case_study_helpers import case_study_post, edit_url, invited_case_study, page_url
from .concurrency import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_submits_make_one_submission_and_one_pair_of_emails(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case_study = invited_case_study()
    assert Client().post(edit_url(case_study), case_study_post(case_study)).status_code == 302
    case_study.refresh_from_db()
    check = page_url(case_study, "check")
    results = run_together(5, lambda i: Client().post(check, {"version": case_study.version}))
    assert [response.status_code for response in results] == [302] * 5
    assert all(response["Location"].endswith("/sent/") for response in results)
    assert StatusChange.objects.for_object(case_study).filter(to_status=CaseStudy.Status.SUBMITTED).count() == 1
    assert EmailLog.objects.filter(kind__startswith="case_study_submitted").count() == 2


def test_two_tabs_saving_at_once_one_wins_and_the_other_is_shown_both_texts(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case_study = invited_case_study()
    url = edit_url(case_study)
    posts = [case_study_post(case_study, action="save", body=f"Tab {i} words") for i in range(2)]
    results = run_together(2, lambda i: Client().post(url, posts[i]))
    assert sorted(response.status_code for response in results) == [302, 409]
    case_study.refresh_from_db()
    assert case_study.version == 2
    loser = next(response for response in results if response.status_code == 409).content.decode()
    assert case_study.body in loser and "Saved (newer)" in loser
