"""Open data: every published case study as CSV and JSON, in one stable shape, described by a
Frictionless Data Package (``datapackage.json``) with a Table Schema for each file.

The shape is documented in docs/open-data.md (and summarised on ``/open-data/``); add
fields only at the end and never rename or remove one without raising ``SCHEMA_VERSION``.
Version 2 made the JSON file a plain list of records (what table readers expect); what the
version 1 wrapper said about the data (version, date, count, fields) is in the package.

No personal data: no EOI contact is ever read (``contribution`` is not even joined), and the
case study's enquiry contact (name and role) is included only where the council consented to
publish it. Never an email address, so that the files cannot serve as a mailing list: the
contact's address is on the case study's page (``url``) and in the publication's PDF.
Codes (nation, region, council type, licence) are the stable machine values; the GSS code
lets a reader join the data with other public data about the same area.

The files are the same whatever the language of the page that links to them: the names CCIN
writes (theme, principles, call) are in English in their own columns and in Welsh in the
``_cy`` columns at the end (empty where the Welsh is not written; never the English again).
"""

import csv
import datetime
import io
from types import SimpleNamespace

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .languages import Language
from .models.case_studies import LICENCE_URLS
from .translation import english, welsh

# The columns of a language the case study is not written in.
_NO_TEXT = SimpleNamespace(title="", standfirst="", body="", partners="", outcomes="", image_alt="")

# 2: enquiry_email removed; the JSON a plain list of records; council_gss_code_year.
# 3: language and the Welsh text (title_cy, …); the English text (title, …) is empty for a case
#    study written only in Welsh, so title is no longer required.
SCHEMA_VERSION = 3

FIELD_DESCRIPTIONS = {
    "id": _("The case study's number: stable, never reused."),
    "slug": _("The last part of its web address."),
    "url": _("Its page on this site."),
    "title": _("Title, in English; empty for a case study written only in Welsh (see language)."),
    "standfirst": _("The one- or two-sentence summary, in English."),
    "body": _("The case study (about 300 words), in English. Blank lines separate paragraphs."),
    "partners": _("Partners who worked with the council, if given, in English."),
    "outcomes": _("Outcomes and learning, if given, in English."),
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
    "image_alt": _("A description of the image, in English."),
    "image_credit": _("Who the image belongs to. The image is not covered by the text's licence."),
    "enquiry_name": _(
        "A contact for enquiries, only where the council agreed to publish it; otherwise empty. "
        "Their email address is not in the files: it is on the case study's page (url)."
    ),
    "enquiry_role": _("That contact's role, on the same terms."),
    "is_sample": _("true for sample content invented for demonstrations (never on the live service)."),
    "council_gss_code_year": _(
        "The year of the ONS code list council_gss_code comes from, so that codes changed by reorganisations can "
        "be joined; empty where the code is."
    ),
    "theme_cy": _("The theme's name in Welsh; empty where it has not been written."),
    "principles_cy": _(
        "The principles' names in Welsh, in the same order as principles (JSON: a list, with null for one not "
        "written; CSV: separated by “; ”, with nothing between for one not written); empty where none is written."
    ),
    "call_cy": _("The call's title in Welsh; empty where it has not been written."),
    "language": _(
        "The language the council wrote it in: en-gb (English; the English columns), cy (Welsh; the _cy "
        "columns) or both (each text in its columns)."
    ),
    "title_cy": _("Title, in Welsh; empty for a case study written only in English."),
    "standfirst_cy": _("The summary, in Welsh."),
    "body_cy": _("The case study, in Welsh."),
    "partners_cy": _("Partners, in Welsh, if given."),
    "outcomes_cy": _("Outcomes and learning, in Welsh, if given."),
    "image_alt_cy": _("A description of the image, in Welsh."),
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

    ``absolute`` turns a path into a full address (``site.absolute_url``).
    """
    council = case_study.council
    principles = list(case_study.principles.all())
    principles_cy = [welsh(principle, "name") for principle in principles]
    consented = case_study.enquiry_consent
    # Each language's columns hold its text only if the case study is written in it (a draft's
    # text in the other language is never published).
    written = set(case_study.text_languages)
    text_en, text_cy = (
        case_study.text_in(language) if language in written else _NO_TEXT for language in (Language.EN, Language.CY)
    )
    image_url = None
    if case_study.image:
        image_url = absolute(reverse("casestudies:case-study-image", kwargs={"slug": case_study.slug}))
    return {
        "id": case_study.pk,
        "slug": case_study.slug,
        "url": absolute(case_study.get_absolute_url()),
        "title": text_en.title,
        "standfirst": text_en.standfirst,
        "body": text_en.body,
        "partners": text_en.partners,
        "outcomes": text_en.outcomes,
        "theme": english(case_study.theme, "name"),
        "theme_slug": case_study.theme.slug,
        "principles": [english(principle, "name") for principle in principles],
        "principle_slugs": [principle.slug for principle in principles],
        "council_name": case_study.public_council_name,
        "council_slug": council.slug if council else None,
        "council_gss_code": (council.gss_code or None) if council else None,
        "council_nation": council.nation if council else None,
        "council_region": (council.region or None) if council else None,
        "council_type": council.council_type if council else None,
        "call": english(case_study.call, "title"),
        "call_slug": case_study.call.slug,
        "published_at": iso_utc(case_study.published_at),
        "first_published_at": iso_utc(case_study.first_published_at),
        "licence": case_study.licence,
        "licence_name": str(case_study.get_licence_display()),
        "licence_url": LICENCE_URLS.get(case_study.licence) or None,
        "image_url": image_url,
        "image_alt": english.image_alt if image_url else None,
        "image_credit": (case_study.image_credit or None) if image_url else None,
        "enquiry_name": (case_study.enquiry_name or None) if consented else None,
        "enquiry_role": (case_study.enquiry_role or None) if consented else None,
        "is_sample": case_study.call.is_sample or bool(council and council.is_sample),
        "council_gss_code_year": (council.gss_code_year if council.gss_code else None) if council else None,
        "theme_cy": welsh(case_study.theme, "name"),
        "principles_cy": principles_cy if any(principles_cy) else [],
        "call_cy": welsh(case_study.call, "title"),
        "language": case_study.language,
        "title_cy": text_cy.title,
        "standfirst_cy": text_cy.standfirst,
        "body_cy": text_cy.body,
        "partners_cy": text_cy.partners,
        "outcomes_cy": text_cy.outcomes,
        "image_alt_cy": text_cy.image_alt if image_url else None,
    }


def open_data_records(case_studies, *, absolute) -> list[dict]:
    return [case_study_record(case_study, absolute=absolute) for case_study in case_studies]


def open_data_json(records: list[dict]) -> list[dict]:
    """The JSON file: a list with one object per case study (keys in ``FIELDS`` order)."""
    return records


def csv_cell(value) -> str:
    """A value as a CSV cell: lists joined with "; ", booleans as true/false, None empty, and any
    text a spreadsheet would run as a formula prefixed with an apostrophe (OWASP's advice)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join("" if item is None else str(item) for item in value)
    text = str(value)
    if text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def open_data_csv(records: list[dict], *, bom: bool = False) -> str:
    """The CSV file; with ``bom``, led by a UTF-8 byte order mark, which tells Excel the encoding."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for record in records:
        writer.writerow([csv_cell(record[name]) for name in FIELDS])
    return buffer.getvalue()


# --- the Data Package (datapackage.json) -----------------------------------------------------------

# The licence of the data set as a whole (its structure, codes and CCIN's own fields). Each case
# study's text keeps the licence its council chose, given in its own row (licence, licence_url).
DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International (the data set); each case study's text is under the "
    "licence named in its own row, and each image belongs to whoever is credited with it",
}
GSS_PATTERN = r"^[EWSN]\d{8}$"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
# How each field is typed, in both files; "list" is a JSON array, and text joined with "; " in CSV.
_TYPES = {
    "id": ("integer", {"constraints": {"required": True, "unique": True, "minimum": 1}}),
    "url": ("string", {"format": "uri", "constraints": {"required": True}}),
    "language": ("string", {"constraints": {"required": True, "enum": ["en-gb", "cy", "both"]}}),
    "principles": ("list", {}),
    "principle_slugs": ("list", {}),
    "principles_cy": ("list", {}),
    "council_name": ("string", {"constraints": {"required": True}}),
    "council_gss_code": ("string", {"constraints": {"pattern": GSS_PATTERN}}),
    "council_nation": ("string", {"constraints": {"enum": ["england", "wales", "scotland", "northern_ireland"]}}),
    "council_gss_code_year": ("integer", {"constraints": {"minimum": 2011}}),
    "published_at": ("datetime", {"format": DATETIME_FORMAT, "constraints": {"required": True}}),
    "first_published_at": ("datetime", {"format": DATETIME_FORMAT}),
    "licence": (
        "string",
        {"constraints": {"required": True, "enum": ["cc-by-4.0", "ogl-3.0", "cc-by-nc-4.0", "all-rights-reserved"]}},
    ),
    "licence_url": ("string", {"format": "uri"}),
    "image_url": ("string", {"format": "uri"}),
    "is_sample": ("boolean", {"trueValues": ["true"], "falseValues": ["false"], "constraints": {"required": True}}),
}


def table_schema(*, for_csv: bool) -> dict:
    """The Table Schema of one file: the CSV has lists as "; "-joined text; the JSON has arrays."""
    fields = []
    for name, description in FIELD_DESCRIPTIONS.items():
        kind, extra = _TYPES.get(name, ("string", {}))
        if kind == "list":
            kind = "string" if for_csv else "array"
        fields.append({"name": name, "type": kind, "description": str(description), **extra})
    return {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}


def data_package(*, absolute, generated_at: datetime.datetime, count: int) -> dict:
    """``datapackage.json``: the files (paths relative to it), their schemas and the data's licence."""
    csv_resource = {
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": table_schema(for_csv=True),
    }
    return {
        "profile": "tabular-data-package",
        "name": "ccin-case-studies",
        "title": "CCIN case studies",
        "description": (
            "Every published case study of the Co-operative Councils' Innovation Network: one row per case study, "
            "with the council's ONS GSS code, nation, region and type, the theme, the co-operative principles and "
            "the licence of its text. In the CSV files, a value that a spreadsheet would run as a formula "
            "(starting with =, +, -, @) is preceded by an apostrophe."
        ),
        "homepage": absolute(reverse("casestudies:open-data")),
        "version": f"{SCHEMA_VERSION}.0.0",
        "created": iso_utc(generated_at),
        "keywords": ["co-operative councils", "local government", "case studies"],
        "licenses": [DATA_LICENCE],
        "contributors": [
            {
                "title": "Co-operative Councils' Innovation Network",
                "role": "publisher",
                "path": "https://www.councils.coop/",
            }
        ],
        "count": count,
        "resources": [
            {
                "name": "case-studies-csv",
                "path": "case-studies.csv",
                "title": "Case studies (CSV)",
                **csv_resource,
            },
            {
                "name": "case-studies-csv-with-bom",
                "path": "case-studies-excel.csv",
                "title": "Case studies (CSV for Excel: UTF-8 with a byte order mark)",
                **csv_resource,
                "encoding": "utf-8-sig",
            },
            {
                "name": "case-studies-json",
                "path": "case-studies.json",
                "title": "Case studies (JSON)",
                "profile": "tabular-data-resource",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "schema": table_schema(for_csv=False),
            },
        ],
    }
