"""The editors' side of a case study: every action in the table, who may take it (the own-council
rule and the editors' permission to publish), through the workflow, the admin page, a direct POST
and a bulk action; and the editors' own edits."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casestudies import access, workflow
from casestudies.models import CaseStudy, EmailLog, StatusChange

from .case_study_helpers import invited_case_study, write_and_submit
from .factories import CouncilFactory, EditorFactory, ReviewerFactory, StaffUserFactory

pytestmark = pytest.mark.django_db
S = CaseStudy.Status
ACTIONS = workflow.CASE_STUDY_ACTIONS
LIST = "admin:casestudies_casestudy_changelist"

# The state each action is offered from, reached the real way.
START = {
    "request-changes": "submitted",
    "approve": "submitted",
    "publish": "approved",
    "unpublish": "published",
    "remind": "invited",
    "reissue-link": "invited",
    "revoke-link": "invited",
    "extend-deadline": "invited",
}
LATER = timezone.now() + datetime.timedelta(days=120)  # well after any factory call's deadline
ARGUMENTS = {
    "request-changes": {"note": "Shorter."},
    "unpublish": {"note": "A name to correct."},
    "extend-deadline": {"new_deadline": LATER},
}
POSTED = {**ARGUMENTS, "extend-deadline": {"new_deadline": LATER.date().isoformat()}}


def case_study_at(stage: str, *, council=None) -> CaseStudy:
    case_study = invited_case_study(council=council or CouncilFactory())
    if stage == "invited":
        return case_study
    write_and_submit(case_study)
    by = StaffUserFactory()
    if stage in ("approved", "published"):
        workflow.case_study_approve(case_study=case_study, by=by)
    if stage == "published":
        workflow.case_study_publish(case_study=case_study, by=by)
    case_study.refresh_from_db()
    assert case_study.status == {"invited": S.INVITED, "submitted": S.SUBMITTED}.get(stage, stage)
    return case_study


def own_council_editor(council):
    """A member of the steering group and of the editors who works for ``council``."""
    user = ReviewerFactory(council=council)
    user.groups.add(access.editors_sync())
    return user


def test_every_action_is_declared_once_with_a_label_and_a_function_of_its_own():
    assert set(ACTIONS) == set(START)
    assert len({action.function for action in ACTIONS.values()}) == len(ACTIONS)
    for action in ACTIONS.values():
        assert action.label and action.done and action.bulk_label and action.explain
        if action.target:
            assert action.sources(CaseStudy), action.name


@pytest.mark.parametrize("name", sorted(START))
def test_every_case_study_action_is_refused_to_a_reviewer_from_that_council(name):
    case_study = case_study_at(START[name])
    user = own_council_editor(case_study.council)
    before = (StatusChange.objects.count(), EmailLog.objects.count(), case_study.status, case_study.access_key)
    with pytest.raises(ValidationError) as caught:
        ACTIONS[name].function(case_study=case_study, by=user, **ARGUMENTS.get(name, {}))
    assert caught.value.code == "conflict_of_interest"
    assert caught.value.messages == [str(access.CONFLICT_OF_INTEREST % {"council": case_study.council.name})]
    case_study.refresh_from_db()
    after = (StatusChange.objects.count(), EmailLog.objects.count(), case_study.status, case_study.access_key)
    assert after == before


@pytest.mark.parametrize("name", sorted(START))
def test_every_case_study_action_is_open_to_an_editor_from_another_council(name):
    case_study = case_study_at(START[name])
    user = own_council_editor(CouncilFactory())
    ACTIONS[name].function(case_study=case_study, by=user, **ARGUMENTS.get(name, {}))


@pytest.mark.parametrize("name", sorted(START))
def test_the_own_council_is_refused_on_the_admin_page_and_by_a_direct_post(client, name):
    case_study = case_study_at(START[name])
    user = own_council_editor(case_study.council)
    client.force_login(user)
    change = reverse("admin:casestudies_casestudy_change", args=[case_study.pk])
    decide = reverse("admin:casestudies_casestudy_decide", kwargs={"decision": name})
    page = client.get(change).content.decode()
    assert decide not in page  # no button: a courtesy
    confirm_page = client.get(decide, {"ids": case_study.pk}).content.decode()
    assert "so you cannot score or decide on its contributions or case studies" in confirm_page
    assert 'name="confirm"' not in confirm_page
    status, key = case_study.status, case_study.access_key
    response = client.post(decide, {"ids": case_study.pk, "confirm": "yes", **POSTED.get(name, {})})
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert (case_study.status, case_study.access_key) == (status, key)


def test_a_bulk_action_mixing_own_and_other_rows_names_the_own_and_does_the_rest(client):
    own = case_study_at("submitted")
    others = [case_study_at("submitted"), case_study_at("submitted")]
    user = own_council_editor(own.council)
    client.force_login(user)
    ids = [own.pk, *(o.pk for o in others)]
    page = client.post(reverse(LIST), {"action": "approve_selected", "_selected_action": ids})
    assert "2 case studies will be approved." in " ".join(page.content.decode().split())
    response = client.post(
        reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "approve"}),
        {"ids": ids, "confirm": "yes", "note": ""},
        follow=True,
    )
    said = [str(m) for m in response.context["messages"]]
    assert said[0].startswith("2 case studies approved:")
    refusal = f"Not approved: “{own}” ({own.council.name}). You work for {own.council.name}"
    assert any(line.startswith(refusal) for line in said), said
    statuses = dict(CaseStudy.objects.values_list("pk", "status"))
    assert statuses == {own.pk: S.SUBMITTED, others[0].pk: S.APPROVED, others[1].pk: S.APPROVED}


@pytest.mark.parametrize("name", ["publish", "unpublish"])
def test_publishing_belongs_to_the_editors_not_the_steering_group(name):
    case_study = case_study_at(START[name])
    with pytest.raises(ValidationError) as caught:
        ACTIONS[name].function(case_study=case_study, by=ReviewerFactory(), **ARGUMENTS.get(name, {}))
    assert caught.value.code == "permission_denied"
    ACTIONS[name].function(case_study=case_study, by=EditorFactory(), **ARGUMENTS.get(name, {}))


def test_the_editors_group_holds_what_the_migration_gave_it():
    from importlib import import_module

    migration = import_module("casestudies.migrations.0010_publish_permission_and_editors")
    wording = import_module("casestudies.migrations.0015_editors_edit_email_wording")
    assert migration.PERMISSIONS + wording.PERMISSIONS == access.EDITORS_PERMISSIONS
    held = {(p.content_type.app_label, p.codename) for p in access.editors_sync().permissions.all()}
    assert held == set(access.EDITORS_PERMISSIONS)


def test_unpublishing_needs_a_reason():
    case_study = case_study_at("published")
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_unpublish(case_study=case_study, by=EditorFactory(), note="  ")
    assert caught.value.code == "note_required"
    case_study.refresh_from_db()
    assert case_study.status == S.PUBLISHED


def test_an_editors_edit_bumps_the_version_and_a_stale_one_is_refused():
    case_study = case_study_at("submitted")
    editor = EditorFactory()
    edited = workflow.case_study_edit(
        case_study=case_study, changes={"title": "Edited"}, seen_version=case_study.version, by=editor
    )
    assert edited.version == case_study.version + 1
    with pytest.raises(ValidationError) as caught:
        workflow.case_study_edit(
            case_study=case_study, changes={"title": "Stale"}, seen_version=case_study.version, by=editor
        )
    assert caught.value.code == "case_study_stale"
    assert CaseStudy.objects.get(pk=case_study.pk).title == "Edited"
    with pytest.raises(ValueError):
        workflow.case_study_edit(case_study=case_study, changes={"status": "published"}, seen_version=None, by=editor)


def test_the_council_cannot_use_its_link_to_reach_the_editors_actions():
    """The council's link pages call only save and submit: no action of the table answers there."""
    case_study = case_study_at("submitted")
    response = Client().post(
        reverse("admin:casestudies_casestudy_decide", kwargs={"decision": "approve"}),
        {"ids": case_study.pk, "confirm": "yes"},
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
    case_study.refresh_from_db()
    assert case_study.status == S.SUBMITTED


def test_the_case_study_list_marks_the_users_own_council_as_the_contributions_list_does(client):
    own = case_study_at("submitted")
    other = case_study_at("submitted")
    client.force_login(own_council_editor(own.council))
    page = client.get(reverse(LIST)).content.decode()
    rows = {pk: row for pk, row in ((o.pk, _row(page, o.pk)) for o in (own, other))}
    assert "Your council" in rows[own.pk]
    assert "Your council" not in rows[other.pk]


def _row(page: str, pk: int) -> str:
    start = page.index(f'value="{pk}"')
    return page[start : page.index("</tr>", start)]
