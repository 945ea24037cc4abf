"""Load the real 2020 call "Co-operation through Covid-19", its themes, CCIN's ten
co-operative principles and the councils the call names. Safe to run again.

Each row is found by its natural key (a slug, or the call for its themes and publication)
and is then either created, updated, or left alone:

- Facts (the call's timetable and word limits; a council's name, nation, region, type and
  ONS code) are brought back to the values below if they differ.
- Words and judgements that admins own (the call's texts, theme names, order and
  descriptions, principles, a council's membership, website and steering-group flag, the
  publication) are written only when the row is created. A later run never overwrites an
  admin's edit; it says which rows it left alone.
- The Welsh of what CCIN writes (casestudies/first_call_welsh.py: the call's title and texts, the themes, the
  principles, the publication) is written where the Welsh field is empty, so a database loaded
  before the Welsh existed gets it on the next run; Welsh an admin has written is kept.

The English goes into the ``_en_gb`` fields and the Welsh into the ``_cy`` ones, named
explicitly, so the command means the same whatever language is active.

Every row is checked with ``full_clean()`` before it is saved, and the whole load is one
transaction. A second run with nothing changed reports "No changes".
"""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casestudies import email_wording, public_cache
from casestudies.first_call_welsh import WELSH_CALL, WELSH_PRINCIPLES, WELSH_PUBLICATION, WELSH_THEMES
from casestudies.models import Call, CallTheme, Council, Principle, Publication, Theme

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london(*args) -> datetime.datetime:
    """An aware datetime in Europe/London (stored by Django as UTC)."""
    return datetime.datetime(*args, tzinfo=LONDON)


CALL_SLUG = "co-operation-through-covid-19"

CALL_FACTS = {
    "title_en_gb": "Co-operation through Covid-19",
    # The published call gives no opening date. We take Monday 6 July 2020, 09:00, about a
    # month before the deadline, as the day the call went out.
    "eoi_opens_at": london(2020, 7, 6, 9, 0),
    # Friday 7 August 2020, 17:00 BST = 16:00 UTC.
    "eoi_deadline_at": london(2020, 8, 7, 17, 0),
    "councils_notified_week": datetime.date(2020, 8, 17),  # a Monday
    "case_study_deadline_at": london(2020, 9, 7, 17, 0),
    "publication_month": datetime.date(2020, 10, 1),
    "eoi_words_min": 50,
    "eoi_words_max": 75,
    "case_study_words_target": 300,
    "case_study_words_min": 250,
    "case_study_words_max": 350,
    "contact_email": "comms@councils.coop",
    "reference_prefix": "CCIN-2020",
    "is_sample": False,
}

CALL_TEXTS = {
    "summary_en_gb": (
        "Tell us how co-operative values and principles shaped your council's response to Covid-19. "
        "We will publish a collection of short case studies in October 2020."
    ),
    "purpose_en_gb": (
        "Councils across the network have responded to Covid-19 by working alongside residents, "
        "community groups, businesses and each other. Much of that work drew on co-operative values "
        "and principles, often without anyone calling it that.\n\n"
        "This action-learning set asks member councils to share how co-operative values and principles "
        "underpinned their response, so that we can learn from each other and show others what "
        "co-operative councils do in a crisis.\n\n"
        "The case studies will be published together in October 2020, grouped by theme."
    ),
    "how_to_take_part_en_gb": (
        "Send us an expression of interest by 5pm on Friday 7 August 2020. For each piece of work you "
        "would like to share, choose a theme and describe the work in 50 to 75 words. You can offer "
        "more than one piece of work.\n\n"
        "The steering group will choose a spread of contributions across the themes. We will tell "
        "councils in the week commencing 17 August 2020 whether they have been invited to write a "
        "case study.\n\n"
        "If you are invited, write a case study of about 300 words and send it to us by 5pm on "
        "Monday 7 September 2020.\n\n"
        "If you have any questions, email comms@councils.coop."
    ),
}

# (slug, name), in the order the call lists them.
THEMES = [
    ("community-response-hubs-and-mutual-aid", "Community response hubs and mutual aid"),
    ("food-distribution-and-food-security", "Food distribution and food security"),
    ("partnerships", "Partnerships with the voluntary, community and business sectors"),
    ("ppe-and-supply-resilience", "PPE and supply resilience"),
    ("hardship-and-financial-support", "Hardship and financial support"),
    ("community-leadership-and-co-production", "Community leadership and co-production"),
    ("social-care-and-health", "Social care and health"),
    ("supporting-vulnerable-residents", "Supporting vulnerable residents (domestic abuse, homelessness)"),
    ("local-economy-and-community-wealth-building", "Re-balancing the local economy and community wealth building"),
    ("climate-change-and-building-back-greener", "Climate change and building back greener"),
    ("modern-digital-and-responsive-councils", "Modern, digital and responsive councils"),
]

THEME_DESCRIPTIONS = {
    "community-response-hubs-and-mutual-aid": "How councils and residents set up hubs and mutual aid groups "
    "so that people who were shielding or isolating got help.",
    "food-distribution-and-food-security": "Getting food to people who needed it, and making local food "
    "supply more secure.",
    "partnerships": "Working with voluntary and community groups and local businesses as equal partners.",
    "ppe-and-supply-resilience": "Finding, making and sharing personal protective equipment and other "
    "supplies when national supply ran short.",
    "hardship-and-financial-support": "Helping residents and businesses through money worries, from grants to advice.",
    "community-leadership-and-co-production": "Residents and councillors leading the response and shaping "
    "services with the council.",
    "social-care-and-health": "Keeping care and health services going, with and for the people who use them.",
    "supporting-vulnerable-residents": "Keeping people safe from domestic abuse, and getting people off the "
    "streets and into homes.",
    "local-economy-and-community-wealth-building": "Using the council's spending and assets to keep wealth "
    "in the local economy.",
    "climate-change-and-building-back-greener": "Making the recovery a greener one.",
    "modern-digital-and-responsive-councils": "New ways of working, online services and faster decisions "
    "that the crisis brought about.",
}

# (slug, name, summary): CCIN's ten co-operative principles, summarised in our own words.
# Admins may replace a summary with CCIN's wording; a later run keeps their text.
PRINCIPLES = [
    ("co-production", "Co-production", "Residents and the council design and deliver services together, as equals."),
    (
        "community-leadership",
        "Community leadership and a new role for councillors",
        "Councillors lead by bringing people together and helping communities act for themselves.",
    ),
    (
        "democratic-engagement",
        "Democratic engagement",
        "Residents have a real say in the decisions that affect them, not only at elections.",
    ),
    (
        "enterprise-and-social-economy",
        "Enterprise and social economy",
        "The council helps co-operatives, mutuals and social enterprises start and grow.",
    ),
    (
        "innovation",
        "Innovation",
        "The council tries new ways of working, learns from what fails and shares what works.",
    ),
    ("learning", "Learning", "Councils learn from residents and from each other, and share what they find openly."),
    (
        "maximising-social-value",
        "Maximising social value",
        "The council spends and commissions so that local people, the economy and the environment gain most.",
    ),
    (
        "new-models-of-meeting-priority-needs",
        "New models of meeting priority needs",
        "Needs such as care, housing and food are met in new ways, run with the people who use them.",
    ),
    (
        "social-partnership",
        "Social partnership",
        "The council works as a partner with staff, trade unions, community groups and business.",
    ),
    (
        "walking-the-talk",
        "Walking the talk",
        "The council runs itself by the co-operative values it asks of others.",
    ),
]

# Councils named in the call: the seven on the steering group, and two more members.
# ONS GSS codes are those of each council's area. Stevenage's code is E07000243: ONS re-coded
# the district from E07000101 after a boundary change with East Hertfordshire (E07000097 became
# E07000242 at the same time). Public code lists label these "post-2013/2014"; the issue said
# 2020, but E07000243 is the code in force in 2020 and now, so it is the one stored. Every code
# here is from the 2020 code list (gss_code_year), the year of the call.
# Membership: CCIN's public list does not say each council's level; we assume "full" for all.
COUNCILS = [
    {
        "slug": "bassetlaw",
        "name": "Bassetlaw District Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.EAST_MIDLANDS,
        "council_type": Council.Type.DISTRICT,
        "gss_code": "E07000171",
        "gss_code_year": 2020,
        "website": "https://www.bassetlaw.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "brent",
        "name": "London Borough of Brent",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.LONDON,
        "council_type": Council.Type.LONDON_BOROUGH,
        "gss_code": "E09000005",
        "gss_code_year": 2020,
        "website": "https://www.brent.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "cardiff",
        "name": "Cardiff Council",
        "nation": Council.Nation.WALES,
        "region": "",
        "council_type": Council.Type.WELSH_UNITARY,
        "gss_code": "W06000015",
        "gss_code_year": 2020,
        "website": "https://www.cardiff.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "kirklees",
        "name": "Kirklees Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.YORKSHIRE,
        "council_type": Council.Type.METROPOLITAN,
        "gss_code": "E08000034",
        "gss_code_year": 2020,
        "website": "https://www.kirklees.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "oldham",
        "name": "Oldham Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.NORTH_WEST,
        "council_type": Council.Type.METROPOLITAN,
        "gss_code": "E08000004",
        "gss_code_year": 2020,
        "website": "https://www.oldham.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "stevenage",
        "name": "Stevenage Borough Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.EAST,
        "council_type": Council.Type.DISTRICT,
        "gss_code": "E07000243",  # formerly E07000101, before the boundary change
        "gss_code_year": 2020,
        "website": "https://www.stevenage.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "telford-and-wrekin",
        "name": "Telford & Wrekin Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.WEST_MIDLANDS,
        "council_type": Council.Type.UNITARY,
        "gss_code": "E06000020",
        "gss_code_year": 2020,
        "website": "https://www.telford.gov.uk",
        "is_steering_group": True,
    },
    {
        "slug": "rochdale",
        "name": "Rochdale Borough Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.NORTH_WEST,
        "council_type": Council.Type.METROPOLITAN,
        "gss_code": "E08000005",
        "gss_code_year": 2020,
        "website": "https://www.rochdale.gov.uk",
        "is_steering_group": False,
    },
    {
        "slug": "plymouth",
        "name": "Plymouth City Council",
        "nation": Council.Nation.ENGLAND,
        "region": Council.Region.SOUTH_WEST,
        "council_type": Council.Type.UNITARY,
        "gss_code": "E06000026",
        "gss_code_year": 2020,
        "website": "https://www.plymouth.gov.uk",
        "is_steering_group": False,
    },
]
COUNCIL_FACT_FIELDS = ("name", "nation", "region", "council_type", "gss_code", "gss_code_year")

PUBLICATION = {
    "title_en_gb": "Co-operation through Covid-19",
    "slug": "co-operation-through-covid-19",
    "introduction_en_gb": (
        "When Covid-19 arrived, co-operative councils turned to their communities. These case studies, "
        "written by member councils, show how co-operative values and principles shaped what they did.\n\n"
        "They are grouped by theme, and each names the principles it shows."
    ),
    "published_on": None,
}

# --- loading ---------------------------------------------------------------------------------


@dataclass
class LoadReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def upsert(
    model,
    *,
    lookup: dict,
    facts: dict,
    create_only: dict,
    label: str,
    report: LoadReport,
    fill_blank: dict | None = None,
):
    """Find the row by ``lookup``; create it, or bring ``facts`` up to date. ``create_only``
    values are written on creation only; if the stored ones differ, the row is reported as
    left alone. ``fill_blank`` values (the Welsh) are written where the stored one is empty.
    Every row written is checked with full_clean() first."""
    fill_blank = fill_blank or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **facts, **create_only, **fill_blank)
        _check(obj, label)
        obj.save()
        report.created.append(label)
        return obj
    changed = [name for name, value in facts.items() if getattr(obj, name) != value]
    blank = [name for name in fill_blank if not getattr(obj, name)]
    kept = [name for name, value in create_only.items() if getattr(obj, name) != value]
    kept += [name for name, value in fill_blank.items() if name not in blank and getattr(obj, name) != value]
    values = {**facts, **fill_blank}
    changed += blank
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        _check(obj, label)
        obj.save(update_fields=changed)
        report.updated.append(f"{label} ({', '.join(map(field_label, changed))})")
    if kept:
        report.kept.append(f"{label} ({', '.join(map(field_label, kept))})")
    if not changed and not kept:
        report.unchanged.append(label)
    return obj


def field_label(name: str) -> str:
    """A field as the report names it: "description" for the English, "description in Welsh"."""
    if name.endswith("_en_gb"):
        return name.removesuffix("_en_gb")
    if name.endswith("_cy"):
        return f"{name.removesuffix('_cy')} in Welsh"
    return name


def _check(obj, label: str) -> None:
    try:
        obj.full_clean()
    except ValidationError as error:
        # e.g. an admin has made a theme of the same name under another slug.
        problems = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise CommandError(f"Cannot save {label}: {problems}. Nothing was loaded.") from error


def load_themes(report: LoadReport) -> list[Theme]:
    return [
        upsert(
            Theme,
            lookup={"slug": slug},
            facts={},
            create_only={"name_en_gb": name, "order": order, "description_en_gb": THEME_DESCRIPTIONS[slug]},
            fill_blank={"name_cy": WELSH_THEMES[slug][0], "description_cy": WELSH_THEMES[slug][1]},
            label=f"theme {name!r}",
            report=report,
        )
        for order, (slug, name) in enumerate(THEMES, start=1)
    ]


def load_principles(report: LoadReport) -> list[Principle]:
    return [
        upsert(
            Principle,
            lookup={"slug": slug},
            facts={},
            create_only={"name_en_gb": name, "order": order, "summary_en_gb": summary},
            fill_blank={"name_cy": WELSH_PRINCIPLES[slug][0], "summary_cy": WELSH_PRINCIPLES[slug][1]},
            label=f"principle {name!r}",
            report=report,
        )
        for order, (slug, name, summary) in enumerate(PRINCIPLES, start=1)
    ]


def load_councils(report: LoadReport) -> list[Council]:
    councils = []
    for row in COUNCILS:
        facts = {name: row[name] for name in COUNCIL_FACT_FIELDS}
        create_only = {
            "membership": Council.Membership.FULL,  # assumed; see COUNCILS
            "website": row["website"],
            "is_steering_group": row["is_steering_group"],
            "is_sample": False,
        }
        councils.append(
            upsert(
                Council,
                lookup={"slug": row["slug"]},
                facts=facts,
                create_only=create_only,
                label=f"council {row['name']!r}",
                report=report,
            )
        )
    return councils


def load_call(report: LoadReport, themes: list[Theme]) -> Call:
    call = upsert(
        Call,
        lookup={"slug": CALL_SLUG},
        facts=CALL_FACTS,
        create_only=CALL_TEXTS,
        fill_blank=WELSH_CALL,
        label="the call",
        report=report,
    )
    for theme in themes:
        upsert(
            CallTheme,
            lookup={"call": call, "theme": theme},
            facts={},
            create_only={},
            label=f"the call's theme {theme.name_en_gb!r}",
            report=report,
        )
    upsert(
        Publication,
        lookup={"call": call},
        facts={},
        create_only=PUBLICATION,
        fill_blank=WELSH_PUBLICATION,
        label="the call's publication",
        report=report,
    )
    return call


def load_all() -> tuple[Call, LoadReport]:
    report = LoadReport()
    with transaction.atomic():
        themes = load_themes(report)
        load_principles(report)
        load_councils(report)
        call = load_call(report, themes)
        email_wording.email_wording_start(call=call)  # only the emails it has no wording for yet
        if report.changed:
            public_cache.public_pages_changed()
    return call, report


class Command(BaseCommand):
    help = (
        'Load the 2020 call "Co-operation through Covid-19" with its themes, the co-operative principles '
        "and the councils it names. Running it again changes nothing and never overwrites admins' edits."
    )

    def handle(self, *args, **options):
        _, report = load_all()
        if options["verbosity"] == 0:
            return
        verbose = options["verbosity"] >= 2
        for heading, labels in (
            ("Created", report.created),
            ("Updated", report.updated),
            ("Left alone (edited since it was loaded; the edit is kept)", report.kept),
        ):
            for label in labels:
                self.stdout.write(f"{heading}: {label}")
        if verbose:
            for label in report.unchanged:
                self.stdout.write(f"Unchanged: {label}")
        summary = (
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.kept)} left alone, {len(report.unchanged)} unchanged."
        )
        if report.changed:
            self.stdout.write(self.style.SUCCESS(f"Loaded the 2020 call: {summary}"))
        else:
            self.stdout.write(self.style.SUCCESS(f"No changes: {summary}"))
