"""Case studies, the editors' side: their edits, requests for changes, approval, publication,
and the private link's reissue, revocation and reminders.

``CASE_STUDY_ACTIONS`` declares each thing staff can do to a case study once; the admin's
buttons, bulk actions and confirmation pages are built from it. Every decision checks
``check_allowed`` (the action's permission and the own-council rule) under the row lock.
The council's side (saving and submitting through its private link) is ``case_studies.py``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .. import access, emails, links, public_cache
from ..languages import Language, contact_language
from ..models import CaseStudy, Publication
from .base import Action, check_allowed, clean_note, move, record_event
from .case_studies import CASE_STUDY_TEXT_FIELDS, S, _eoi_contact, _locked, write_text

CASE_STUDY_EDITED_ELSEWHERE = _(
    "This case study was saved by someone else (the council or another editor) after you opened this page. "
    "Your changes have not been saved: copy them, reload the page and make them again."
)
CASE_STUDY_REPLY_BY_PAST = _("The new deadline must be in the future")
CASE_STUDY_NOTE_FOR_CHANGES = _("Say what needs to change")
CASE_STUDY_NOTE_FOR_UNPUBLISH = _("Say why the case study is being taken down")
DEADLINE_NOT_LATER = _("The new deadline must be later than the case study's current deadline.")
REMINDER_NOT_NEEDED = _("The case study is %(status)s, so it needs no reminder.")
REMINDER_LINK_REVOKED = _("The case study's private link has been revoked; issue a new link before sending a reminder.")
REMINDER_TOO_LATE = _("The deadline for this case study has passed; extend it before sending a reminder.")


def council_email_context(case_study: CaseStudy, *, note: str = "", sent_by=None) -> dict:
    """What every email to a case study's council is written from: the same for the email and its preview."""
    contribution, eoi = _eoi_contact(case_study)
    call = case_study.call
    publication = Publication.objects.filter(call=call).first()
    return {
        "case_study": case_study,
        "contribution": contribution,
        "eoi": eoi,
        "call": call,
        "note": note,
        "sent_by": sent_by,
        "deadline": case_study.deadline,
        "link": links.case_study_link_url(case_study),
        "public_link": f"{settings.SITE_URL}{case_study.get_absolute_url()}" if case_study.slug else "",
        "publication": publication,
        "publication_planned": (publication.published_on if publication and publication.published_on else None),
    }


def _email_council(kind: str, case_study: CaseStudy, *, note: str = "", sent_by=None):
    """Queue the ``kind`` email to the council's contact (EOI contact), logged against the case study,
    in the contact's language (its context, links included, built in that language)."""
    _contribution, eoi = _eoi_contact(case_study)
    return emails.email_queue(
        kind=kind,
        to=eoi.contact_email,
        about=case_study,
        context=lambda: council_email_context(case_study, note=note, sent_by=sent_by),
        language=contact_language(eoi=eoi, case_study=case_study),
    )


def reply_by_check(*, reply_by: datetime.datetime) -> None:
    """A new deadline given with a request for changes is in the future."""
    if reply_by <= timezone.now():
        raise ValidationError(CASE_STUDY_REPLY_BY_PAST, code="reply_by_past")


def case_study_edit(
    *, case_study: CaseStudy, changes: dict, seen_version: int | None, by, theme=None, principles=None, **other
) -> CaseStudy:
    """An editor's edit in the admin: the row locked, refused if the page was opened before the
    last save (``case_study_stale``), the version bumped so a council tab opened before it
    cannot overwrite it, and public pages refreshed if the case study is published.

    ``other`` takes the editor-only fields (``deadline_extended_to``)."""
    unknown = set(changes) - set(CASE_STUDY_TEXT_FIELDS)
    unknown |= set(other) - {"deadline_extended_to"}
    if unknown:
        raise ValueError(f"Not fields an editor edits: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked(case_study)
        if seen_version is not None and locked.version != seen_version:
            raise ValidationError(CASE_STUDY_EDITED_ELSEWHERE, code="case_study_stale")
        write_text(locked, changes={**changes, **other}, theme=theme, principles=principles)
        if locked.is_published:
            public_cache.public_pages_changed()
        return locked


def case_study_request_changes(
    *, case_study: CaseStudy, by, note: str, reply_by: datetime.datetime | None = None
) -> CaseStudy:
    """The editors send the case study back with comments, and email them and the link to the council.

    ``reply_by`` gives the council a new deadline when it is later than the current one
    (the call's deadline has usually passed by the time editors read a case study).
    """
    action = CASE_STUDY_ACTIONS["request-changes"]
    note = clean_note(action, note)
    with transaction.atomic():
        locked = _locked(case_study)
        check_allowed(action, locked, by)
        if reply_by is not None:
            reply_by_check(reply_by=reply_by)
            if reply_by > locked.deadline:
                locked.deadline_extended_to = reply_by
                locked.save(update_fields=["deadline_extended_to"])
        moved = move(CaseStudy, locked.pk, S.CHANGES_REQUESTED, by=by, note=note)
        _email_council("case_study_changes_requested", moved, note=note)
        return moved


def case_study_approve(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    """Approve the case study for publication, and tell the council (with when publication is planned)."""
    with transaction.atomic():
        check_allowed(CASE_STUDY_ACTIONS["approve"], _locked(case_study), by)
        moved = move(CaseStudy, case_study.pk, S.APPROVED, by=by, note=note.strip(), stamp="approved_at")
        _email_council("case_study_approved", moved)
        return moved


def case_study_slug(case_study: CaseStudy) -> str:
    title = case_study.texts(Language.EN)[0].title  # English when it has it, else Welsh
    base = slugify(f"{title} {case_study.council_name}")[:120] or f"case-study-{case_study.pk}"
    slug, n = base, 2
    while CaseStudy.objects.filter(slug=slug).exclude(pk=case_study.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def case_study_publish(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    with transaction.atomic():
        locked = _locked(case_study)
        check_allowed(CASE_STUDY_ACTIONS["publish"], locked, by)
        locked.check_transition(S.PUBLISHED)
        fields = []
        if not locked.slug:
            locked.slug = case_study_slug(locked)
            fields.append("slug")
        if not locked.first_published_at:
            locked.first_published_at = timezone.now()
            fields.append("first_published_at")
        if fields:
            locked.save(update_fields=fields)
        public_cache.public_pages_changed()
        moved = move(CaseStudy, locked.pk, S.PUBLISHED, by=by, note=note.strip(), stamp="published_at")
        _email_council("case_study_published", moved)
        return moved


def case_study_unpublish(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    action = CASE_STUDY_ACTIONS["unpublish"]
    note = clean_note(action, note)
    with transaction.atomic():
        check_allowed(action, _locked(case_study), by)
        public_cache.public_pages_changed()
        moved = move(CaseStudy, case_study.pk, S.UNPUBLISHED, by=by, note=note)
        _email_council("case_study_unpublished", moved, note=note)
        return moved


def case_study_reissue_link(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    """Give the case study a new private link: every earlier link stops working at once.

    Clears any revocation, and emails the council's contact the new link (the draft is kept).
    """
    with transaction.atomic():
        locked = _locked(case_study)
        action = CASE_STUDY_ACTIONS["reissue-link"]
        check_allowed(action, locked, by)
        locked.access_key = links.new_access_key()
        locked.access_revoked_at = None
        locked.save(update_fields=["access_key", "access_revoked_at"])
        record_event(action, locked, by=by, note=note)
        _email_council("case_study_link_reissued", locked, sent_by=by)
        return locked


def case_study_revoke_link(*, case_study: CaseStudy, by, note: str = "") -> CaseStudy:
    """Stop the private link working (nothing is emailed). ``case_study_reissue_link`` restores access."""
    with transaction.atomic():
        locked = _locked(case_study)
        action = CASE_STUDY_ACTIONS["revoke-link"]
        check_allowed(action, locked, by)
        if locked.access_revoked_at is None:
            locked.access_revoked_at = timezone.now()
            locked.save(update_fields=["access_revoked_at"])
            record_event(action, locked, by=by, note=note)
        return locked


def case_study_send_reminder(*, case_study: CaseStudy, by, note: str = ""):
    """Email the invited council its current private link and deadline, once more. Returns the EmailLog.

    Only while the council can still write (invited, draft, changes requested), before its
    deadline and while its link works. The email is logged (and resendable) like any other.
    """
    action = CASE_STUDY_ACTIONS["remind"]
    with transaction.atomic():
        locked = _locked(case_study)
        check_allowed(action, locked, by)
        if locked.status not in action.sources(CaseStudy):
            raise ValidationError(
                REMINDER_NOT_NEEDED, code="reminder_not_needed", params={"status": locked.get_status_display().lower()}
            )
        if not _link_works(locked):
            raise ValidationError(REMINDER_LINK_REVOKED, code="reminder_link_revoked")
        if not locked.call.case_study_is_open(extended_to=locked.deadline_extended_to):
            raise ValidationError(REMINDER_TOO_LATE, code="reminder_too_late")
        record_event(action, locked, by=by, note=note)
        return _email_council("case_study_reminder", locked, sent_by=by)


def case_study_extend_deadline(*, case_study: CaseStudy, by, new_deadline: datetime.datetime, note: str = ""):
    """Give one council until ``new_deadline`` (later than its current one) and email it its link and the date.

    Returns the EmailLog. Recorded in the history with the note."""
    action = CASE_STUDY_ACTIONS["extend-deadline"]
    with transaction.atomic():
        locked = _locked(case_study)
        check_allowed(action, locked, by)
        if not action.is_offered(locked):
            raise ValidationError(action.refusal(locked), code="not_offered")
        reply_by_check(reply_by=new_deadline)
        if new_deadline <= locked.deadline:
            raise ValidationError(DEADLINE_NOT_LATER, code="deadline_not_later")
        locked.deadline_extended_to = new_deadline
        locked.save(update_fields=["deadline_extended_to"])
        record_event(action, locked, by=by, note=note)
        return _email_council("case_study_deadline_extended", locked, note=note.strip(), sent_by=by)


def _link_works(case_study: CaseStudy) -> bool:
    return bool(case_study.access_key) and case_study.access_revoked_at is None


CASE_STUDY_ACTIONS: dict[str, Action] = {
    action.name: action
    for action in (
        Action(
            name="request-changes",
            label=_("Request changes"),
            done=_("sent back for changes"),
            function=case_study_request_changes,
            target=S.CHANGES_REQUESTED,
            bulk_label=_("Request changes to the selected case studies…"),
            explain=_("The council is emailed your comments and its private link, and can edit the case study again."),
            note_required=True,
            note_required_message=CASE_STUDY_NOTE_FOR_CHANGES,
            email_kind="case_study_changes_requested",
        ),
        Action(
            name="approve",
            label=_("Approve"),
            done=_("approved"),
            function=case_study_approve,
            target=S.APPROVED,
            bulk_label=_("Approve the selected case studies…"),
            explain=_(
                "The case study is approved and ready for an editor to publish. The council is told, "
                "with when publication is planned."
            ),
            email_kind="case_study_approved",
        ),
        Action(
            name="publish",
            label=_("Publish"),
            done=_("published"),
            function=case_study_publish,
            target=S.PUBLISHED,
            bulk_label=_("Publish the selected case studies…"),
            explain=_(
                "The case study appears on the public pages, the feed, the sitemap and open data at once. "
                "The council is emailed the public link, the suggested attribution line and the licence."
            ),
            email_kind="case_study_published",
            permission=access.PUBLISH_PERMISSION,
        ),
        Action(
            name="unpublish",
            label=_("Unpublish"),
            done=_("unpublished"),
            function=case_study_unpublish,
            target=S.UNPUBLISHED,
            bulk_label=_("Unpublish the selected case studies…"),
            explain=_(
                "The case study is taken off the public pages, the feed, the sitemap and open data at once. "
                "The council is emailed the reason you give."
            ),
            note_required=True,
            note_required_message=CASE_STUDY_NOTE_FOR_UNPUBLISH,
            email_kind="case_study_unpublished",
            permission=access.PUBLISH_PERMISSION,
        ),
        Action(
            name="remind",
            label=_("Send a reminder"),
            done=_("reminded"),
            function=case_study_send_reminder,
            offered_from=CaseStudy.EDITABLE_BY_COUNCIL,
            offered_if=_link_works,
            bulk_label=_("Send a reminder with the private link…"),
            explain=_("The council is emailed its private link and its deadline again."),
            email_kind="case_study_reminder",
            permission="casestudies.change_emaillog",
            history=_("Reminder sent"),
        ),
        Action(
            name="extend-deadline",
            label=_("Extend the deadline"),
            done=_("given a later deadline"),
            function=case_study_extend_deadline,
            offered_from=CaseStudy.EDITABLE_BY_COUNCIL,
            bulk_label=_("Extend the deadline of the selected case studies…"),
            explain=_("The council can write until the new deadline, and is emailed it with its private link."),
            email_kind="case_study_deadline_extended",
            history=_("Deadline extended"),
        ),
        Action(
            name="reissue-link",
            label=_("Issue a new link and email it"),
            done=_("given a new private link"),
            function=case_study_reissue_link,
            offered_from=frozenset(S.values),
            bulk_label=_("Issue new private links and email them (old links stop working)…"),
            explain=_("The council is emailed a new private link; the old link stops working at once."),
            email_kind="case_study_link_reissued",
            history=_("New private link issued"),
        ),
        Action(
            name="revoke-link",
            label=_("Revoke the link"),
            done=_("cut off from its private link"),
            function=case_study_revoke_link,
            offered_from=frozenset(S.values),
            offered_if=_link_works,
            bulk_label=_("Revoke the private links of the selected case studies…"),
            explain=_("The private link stops working at once. Nothing is emailed; a new link can be issued later."),
            history=_("Private link revoked"),
        ),
    )
}
