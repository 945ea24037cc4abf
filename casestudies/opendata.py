"""Open data: every published case study as CSV and JSON, in one stable shape.

The shape is documented in docs/open-data.md (and summarised on ``/open-data/``); add
fields only at the end and never rename or remove one without raising ``SCHEMA_VERSION``.

No personal data: no EOI contact is ever read (``contribution`` is not even joined), and the
case study's enquiry contact (name and role) is included only where the council consented to
publish it. Never an email address, so that the files cannot serve as a mailing list: the
contact's address is on the case study's page (``url``) and in the publication's PDF.
Codes (nation, region, council type, licence) are the stable machine values; the GSS code
lets a reader join the data with other public data about the same area.
"""

import csv
import datetime
import io

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models.case_studies import LICENCE_URLS

# 2: enquiry_email removed (issue 17).
SCHEMA_VERSION = 2

FIELD_DESCRIPTIONS = {
    "id": _("The case study's number: stable, never reused."),
    "slug": _("The last part of its web address."),
    "url": _("Its page on this site."),
    "title": _("Title."),
    "standfirst": _("The one- or two-sentence summary."),
    "body": _("The case study (about 300 words). Blank lines separate paragraphs."),
    "partners": _("Partners who worked with the council, if given."),
    "outcomes": _("Outcomes and learning, if given."),
    "theme": _("The theme's name."),
    "theme_slug": _("The theme's short name, as in /themes/<slug>/."),
    "principles": _("The co-operative principles it shows, by name (JSON: a list; CSV: separated by “; ”)."),
    "principle_slugs": _("The same principles' short names, in the same order."),
    "council_name": _("The council (or CCIN member) that wrote it."),
    "council_slug": _("The council's short name, as in /councils/<slug>/; empty for a council not in CCIN's list."),
    "council_gss_code": _("The ONS GSS code of the council's area (e.g. E08000004), to join with other public data."),
    "council_nation": _("england, wales, scotland or northern_ireland."),
    "council_region": _("The English region (e.g. north_west); empty outside England."),
    "council_type": _("county, district, unitary, metropolitan_borough, london_borough, welsh_unitary, …"),
    "call": _("The call for case studies it answered."),
    "call_slug": _("The call's short name."),
    "published_at": _("When it was last published, ISO 8601 in UTC (e.g. 2020-10-01T09:00:00Z)."),
    "first_published_at": _("When it was first published, ISO 8601 in UTC."),
    "licence": _("The licence of its text: cc-by-4.0, ogl-3.0, cc-by-nc-4.0 or all-rights-reserved."),
    "licence_name": _("The licence's name."),
    "licence_url": _("The licence's text; empty for all rights reserved."),
    "image_url": _("Its image, if it has one."),
    "image_alt": _("A description of the image."),
    "image_credit": _("Who the image belongs to. The image is not covered by the text's licence."),
    "enquiry_name": _(
        "A contact for enquiries, only where the council agreed to publish it; otherwise empty. "
        "Their email address is not in the files: it is on the case study's page (url)."
    ),
    "enquiry_role": _("That contact's role, on the same terms."),
    "is_sample": _("true for sample content invented for demonstrations (never on the live service)."),
}

FIELDS = tuple(FIELD_DESCRIPTIONS)

# A spreadsheet treats a cell starting with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def iso_utc(value: datetime.datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second: ``2020-10-01T09:00:00Z``."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def case_study_record(case_study, *, absolute) -> dict:
    """One published case study as a plain dict with exactly ``FIELDS``.

    ``absolute`` turns a path into a full address (``request.build_absolute_uri``).
    """
    council = case_study.council
    principles = list(case_study.principles.all())
    consented = case_study.enquiry_consent
    image_url = None
    if case_study.image:
        image_url = absolute(reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug}))
    return {
        "id": case_study.pk,
        "slug": case_study.slug,
        "url": absolute(case_study.get_absolute_url()),
        "title": case_study.title,
        "standfirst": case_study.standfirst,
        "body": case_study.body,
        "partners": case_study.partners,
        "outcomes": case_study.outcomes,
        "theme": case_study.theme.name,
        "theme_slug": case_study.theme.slug,
        "principles": [principle.name for principle in principles],
        "principle_slugs": [principle.slug for principle in principles],
        "council_name": case_study.public_council_name,
        "council_slug": council.slug if council else None,
        "council_gss_code": (council.gss_code or None) if council else None,
        "council_nation": council.nation if council else None,
        "council_region": (council.region or None) if council else None,
        "council_type": council.council_type if council else None,
        "call": case_study.call.title,
        "call_slug": case_study.call.slug,
        "published_at": iso_utc(case_study.published_at),
        "first_published_at": iso_utc(case_study.first_published_at),
        "licence": case_study.licence,
        "licence_name": str(case_study.get_licence_display()),
        "licence_url": LICENCE_URLS.get(case_study.licence) or None,
        "image_url": image_url,
        "image_alt": case_study.image_alt if image_url else None,
        "image_credit": (case_study.image_credit or None) if image_url else None,
        "enquiry_name": (case_study.enquiry_name or None) if consented else None,
        "enquiry_role": (case_study.enquiry_role or None) if consented else None,
        "is_sample": case_study.call.is_sample or bool(council and council.is_sample),
    }


def open_data_records(case_studies, *, absolute) -> list[dict]:
    return [case_study_record(case_study, absolute=absolute) for case_study in case_studies]


def open_data_json(records: list[dict], *, documentation_url: str, generated_at: datetime.datetime) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "documentation": documentation_url,
        "generated_at": iso_utc(generated_at),
        "count": len(records),
        "fields": list(FIELDS),
        "case_studies": records,
    }


def csv_cell(value) -> str:
    """A value as a CSV cell: lists joined with "; ", booleans as true/false, None empty, and any
    text a spreadsheet would run as a formula prefixed with an apostrophe (OWASP's advice)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def open_data_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow([csv_cell(record[name]) for name in FIELDS])
    return buffer.getvalue()
