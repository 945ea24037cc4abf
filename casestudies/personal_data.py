"""Subject access and erasure for one email address (UK GDPR articles 15 and 17).

``personal_data_export`` gathers everything the service holds that names an email address;
``personal_data_erase`` removes it. Published case studies keep their text, image and
credit; a published enquiry contact given with consent is kept unless consent is withdrawn.
"""

import datetime

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from . import public_cache
from .models import CaseStudy, EmailLog, ExpressionOfInterest, SavedEoi
from .retention import redact_emails_about


def _iso(value):
    return value.isoformat() if isinstance(value, datetime.datetime | datetime.date) else value


def _matches(queryset, field: str, email: str):
    return queryset.annotate(_email=Lower(field)).filter(_email=email.strip().lower())


def personal_data_export(*, email: str) -> dict:
    """Everything held about ``email``, as plain data ready for JSON."""
    eois = _matches(ExpressionOfInterest.objects.select_related("call", "council"), "contact_email", email)
    case_studies = _matches(CaseStudy.objects.select_related("call", "council"), "enquiry_email", email)
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "expressions_of_interest": [
            {
                "reference": eoi.reference,
                "call": eoi.call.title,
                "council": eoi.council_display,
                "contact_name": eoi.contact_name,
                "contact_role": eoi.contact_role,
                "contact_email": eoi.contact_email,
                "contact_phone": eoi.contact_phone,
                "submitted_at": _iso(eoi.submitted_at),
                "contributions": [
                    {"theme": c.theme.name, "description": c.description, "status": c.status}
                    for c in eoi.contributions.select_related("theme")
                ],
            }
            for eoi in eois
        ],
        "case_study_enquiry_contacts": [
            {
                "case_study": str(cs),
                "call": cs.call.title,
                "status": cs.status,
                "enquiry_name": cs.enquiry_name,
                "enquiry_role": cs.enquiry_role,
                "enquiry_email": cs.enquiry_email,
                "consent_to_publish": cs.enquiry_consent,
            }
            for cs in case_studies
        ],
        "unfinished_expressions_of_interest": [
            {"call": saved.call.title, "saved_at": _iso(saved.updated_at), "answers": saved.answers}
            for saved in _matches(SavedEoi.objects.select_related("call"), "contact_email", email)
        ],
        "emails_sent": [
            {"subject": log.subject, "kind": log.kind, "status": log.status, "created_at": _iso(log.created_at)}
            for log in _matches(EmailLog.objects.all(), "to", email)
        ],
    }


def personal_data_erase(*, email: str, withdraw_published_consent: bool = False) -> dict:
    """Remove ``email`` and the name, role and phone that go with it. Returns counts."""
    now = timezone.now()
    with transaction.atomic():
        eoi_ids = list(
            _matches(ExpressionOfInterest.objects.all(), "contact_email", email).values_list("pk", flat=True)
        )
        ExpressionOfInterest.objects.filter(pk__in=eoi_ids).update(
            contact_name="", contact_role="", contact_email="", contact_phone="", personal_data_removed_at=now
        )
        case_studies = _matches(CaseStudy.objects.all(), "enquiry_email", email)
        if not withdraw_published_consent:
            case_studies = case_studies.exclude(status=CaseStudy.Status.PUBLISHED, enquiry_consent=True)
        case_study_ids = list(case_studies.values_list("pk", flat=True))
        CaseStudy.objects.filter(pk__in=case_study_ids).update(
            enquiry_name="", enquiry_role="", enquiry_email="", enquiry_consent=False
        )
        if withdraw_published_consent and case_study_ids:
            public_cache.public_pages_changed()  # a published enquiry contact may have gone
        saved = _matches(SavedEoi.objects.all(), "contact_email", email)
        saved_ids = list(saved.values_list("pk", flat=True))
        redacted = redact_emails_about({ExpressionOfInterest: eoi_ids, SavedEoi: saved_ids})
        redacted += _matches(EmailLog.objects.all(), "to", email).update(
            to="", cc="", body_text="", body_html="", error=""
        )
        SavedEoi.objects.filter(pk__in=saved_ids).delete()
    return {
        "expressions_of_interest": len(eoi_ids),
        "case_study_contacts": len(case_study_ids),
        "unfinished_expressions_of_interest": len(saved_ids),
        "emails": redacted,
    }
