"""Keeping personal data no longer than needed (UK GDPR storage limitation).

After a call's case-study deadline plus its ``retention_days``, the personal data of
councils that did not go on to submit a case study is removed: the EOI contact's name,
role, email and phone, the enquiry contact of case studies never submitted, and the
addresses and bodies of the emails sent about them. Unfinished saved EOIs are deleted as
soon as the EOI deadline has passed. Published, consented content is never touched.
"""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from .models import Call, CaseStudy, Contribution, EmailLog, ExpressionOfInterest, SavedEoi


@dataclass
class PurgeReport:
    saved_eois_deleted: int = 0
    eois_anonymised: int = 0
    case_studies_cleared: int = 0
    emails_redacted: int = 0


def _unsuccessful_eois(call: Call):
    """EOIs of the call none of whose contributions led to a submitted case study."""
    successful = CaseStudy.objects.filter(call=call, submitted_at__isnull=False).values("contribution__eoi_id")
    return ExpressionOfInterest.objects.filter(call=call, personal_data_removed_at__isnull=True).exclude(
        pk__in=successful
    )


def redact_emails_about(objects_by_model: dict) -> int:
    redacted = 0
    for model, ids in objects_by_model.items():
        if not ids:
            continue
        redacted += EmailLog.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=list(ids)
        ).update(to="", cc="", body_text="", body_html="", error="")
    return redacted


def purge_personal_data(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PurgeReport:
    now = now or timezone.now()
    report = PurgeReport()
    with transaction.atomic():
        stale_saved = SavedEoi.objects.filter(call__eoi_deadline_at__lte=now)
        saved_ids = list(stale_saved.values_list("pk", flat=True))
        report.saved_eois_deleted = len(saved_ids)
        for call in Call.objects.all():
            if now < call.personal_data_kept_until:
                continue
            eoi_ids = list(_unsuccessful_eois(call).values_list("pk", flat=True))
            contribution_ids = list(Contribution.objects.filter(eoi_id__in=eoi_ids).values_list("pk", flat=True))
            stale_case_studies = CaseStudy.objects.filter(call=call, submitted_at__isnull=True).exclude(
                enquiry_name="", enquiry_role="", enquiry_email=""
            )
            case_study_ids = list(stale_case_studies.values_list("pk", flat=True))
            report.eois_anonymised += len(eoi_ids)
            report.case_studies_cleared += len(case_study_ids)
            if dry_run:
                continue
            ExpressionOfInterest.objects.filter(pk__in=eoi_ids).update(
                contact_name="", contact_role="", contact_email="", contact_phone="", personal_data_removed_at=now
            )
            CaseStudy.objects.filter(pk__in=case_study_ids).update(
                enquiry_name="", enquiry_role="", enquiry_email="", enquiry_consent=False
            )
            report.emails_redacted += redact_emails_about(
                {ExpressionOfInterest: eoi_ids, Contribution: contribution_ids, CaseStudy: case_study_ids}
            )
        if not dry_run:
            report.emails_redacted += redact_emails_about({SavedEoi: saved_ids})
            SavedEoi.objects.filter(pk__in=saved_ids).delete()
    return report
