"""Factories for every model a test needs, in one place.

Factories create rows in their initial status only (contributions ``submitted``, case
studies ``invited``). A test that needs another status reaches it through the functions
in ``casestudies.workflow``, as the service itself does.
"""

import datetime
import uuid
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import F
from django.utils import timezone
from factory.django import DjangoModelFactory

from casestudies.links import new_access_key
from casestudies.models import (
    Call,
    CallTheme,
    CaseStudy,
    Contribution,
    Council,
    ExpressionOfInterest,
    Principle,
    Theme,
)

LONDON = zoneinfo.ZoneInfo("Europe/London")
FIVE_PM = datetime.time(17, 0)

_WORDS = (
    "residents volunteers council officers neighbours worked together to deliver food medicine and advice "
    "through local hubs while partners shared data skills and premises so that nobody was left without help"
).split()


def words(count: int, offset: int = 0) -> str:
    """Exactly ``count`` words of plain English-looking text."""
    return " ".join(_WORDS[(offset + i) % len(_WORDS)] for i in range(count)).capitalize() + "."


def london_five_pm(day: datetime.date) -> datetime.datetime:
    """17:00 Europe/London on ``day``, as an aware datetime (16:00 or 17:00 UTC)."""
    return datetime.datetime.combine(day, FIVE_PM, tzinfo=LONDON)


def _today() -> datetime.date:
    return timezone.now().astimezone(LONDON).date()


class CouncilFactory(DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Testborough {n} Council")
    slug = factory.Sequence(lambda n: f"testborough-{n}")
    nation = Council.Nation.ENGLAND
    region = Council.Region.NORTH_WEST
    council_type = Council.Type.METROPOLITAN
    membership = Council.Membership.FULL
    # E99… is not a range ONS uses, so a test council never joins with a real area.
    gss_code = factory.Sequence(lambda n: f"E99{n % 1_000_000:06d}")
    website = factory.LazyAttribute(lambda o: f"https://www.{o.slug}.example.org")
    is_steering_group = False


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    description = "A theme for tests."
    order = factory.Sequence(lambda n: n)


class PrincipleFactory(DjangoModelFactory):
    class Meta:
        model = Principle

    name = factory.Sequence(lambda n: f"Principle {n}")
    slug = factory.Sequence(lambda n: f"principle-{n}")
    summary = "A co-operative principle for tests."
    order = factory.Sequence(lambda n: n)


class CallFactory(DjangoModelFactory):
    """An open call: EOIs opened 10 days ago and close in 10 days at 17:00 London time."""

    class Meta:
        model = Call

    title = factory.Sequence(lambda n: f"Test call {n}")
    slug = factory.Sequence(lambda n: f"test-call-{n}")
    summary = "Tell us how your council worked co-operatively."
    purpose = "To share what councils learned.\n\nAnd to learn from each other."
    how_to_take_part = "Send an expression of interest.\n\nIf invited, write a case study."
    eoi_opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    eoi_deadline_at = factory.LazyFunction(lambda: london_five_pm(_today() + datetime.timedelta(days=10)))
    # The Monday of the week after the EOI deadline.
    councils_notified_week = factory.LazyAttribute(
        lambda o: (d := o.eoi_deadline_at.astimezone(LONDON).date()) + datetime.timedelta(days=7 - d.weekday())
    )
    case_study_deadline_at = factory.LazyAttribute(
        lambda o: london_five_pm(o.eoi_deadline_at.astimezone(LONDON).date() + datetime.timedelta(days=30))
    )
    publication_month = factory.LazyAttribute(
        lambda o: (
            o.case_study_deadline_at.astimezone(LONDON).date().replace(day=1) + datetime.timedelta(days=32)
        ).replace(day=1)
    )
    contact_email = "comms@councils.coop"
    reference_prefix = factory.Sequence(lambda n: f"TEST{n}")


class CallThemeFactory(DjangoModelFactory):
    class Meta:
        model = CallTheme

    call = factory.SubFactory(CallFactory)
    theme = factory.SubFactory(ThemeFactory)
    target_case_studies = 0


class ExpressionOfInterestFactory(DjangoModelFactory):
    """An EOI whose number is the call's next reference number, as ``eoi_submit`` gives."""

    class Meta:
        model = ExpressionOfInterest

    call = factory.SubFactory(CallFactory)
    council = factory.SubFactory(CouncilFactory)
    council_name = ""
    contact_name = factory.Faker("name", locale="en_GB")
    contact_role = "Policy officer"
    contact_email = factory.Sequence(lambda n: f"officer{n}@example.org")
    contact_phone = ""
    number = None
    reference = None
    submission_token = factory.LazyFunction(uuid.uuid4)
    submitted_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        call = kwargs["call"]
        if kwargs.get("number") is None:
            # Take the call's next number the way eoi_submit does, so the two never collide.
            Call.objects.filter(pk=call.pk).update(last_reference_number=F("last_reference_number") + 1)
            call.refresh_from_db(fields=["last_reference_number"])
            kwargs["number"] = call.last_reference_number
        if kwargs.get("reference") is None:
            kwargs["reference"] = call.reference_for(kwargs["number"])
        return super()._create(model_class, *args, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        call = kwargs["call"]
        if kwargs.get("number") is None:
            kwargs["number"] = call.last_reference_number + 1
        if kwargs.get("reference") is None:
            kwargs["reference"] = call.reference_for(kwargs["number"])
        return super()._build(model_class, *args, **kwargs)


class ContributionFactory(DjangoModelFactory):
    """A submitted contribution of exactly 60 words, on a theme of its EOI's call."""

    class Meta:
        model = Contribution

    eoi = factory.SubFactory(ExpressionOfInterestFactory)
    description = factory.Sequence(lambda n: words(60, offset=n))

    @factory.lazy_attribute
    def theme(self):
        call = self.eoi.call
        if call.pk is None:
            return ThemeFactory.build()
        call_theme = call.call_themes.select_related("theme").first()
        if call_theme:
            return call_theme.theme
        return CallThemeFactory(call=call).theme

    @factory.lazy_attribute
    def position(self):
        if self.eoi.pk is None:
            return 1
        return self.eoi.contributions.count() + 1


class CaseStudyFactory(DjangoModelFactory):
    """An invited case study. Its call, council and theme are copied from its contribution.

    The contribution is left ``submitted`` (factories make initial statuses only); for a
    case study reached the real way, call ``workflow.contribution_invite`` instead.
    """

    class Meta:
        model = CaseStudy

    contribution = factory.SubFactory(ContributionFactory)
    call = factory.LazyAttribute(lambda o: o.contribution.eoi.call)
    council = factory.LazyAttribute(lambda o: o.contribution.eoi.council)
    theme = factory.LazyAttribute(lambda o: o.contribution.theme)
    invited_at = factory.LazyFunction(timezone.now)
    status_changed_at = factory.LazyAttribute(lambda o: o.invited_at)
    access_key = factory.LazyFunction(new_access_key)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    password = factory.django.Password("correct-horse-battery-staple")


class StaffUserFactory(UserFactory):
    """A steering group member: staff, with every permission of the casestudies app.

    Pass ``permissions=[]`` for a staff user without them, or a list of codenames.
    """

    username = factory.Sequence(lambda n: f"staff{n}")
    is_staff = True

    @factory.post_generation
    def permissions(self, create, extracted, **kwargs):
        if not create:
            return
        perms = Permission.objects.filter(content_type__app_label="casestudies")
        if extracted is not None:
            perms = perms.filter(codename__in=extracted)
        self.user_permissions.set(perms)


class ReviewerFactory(UserFactory):
    """A steering group member as the service sets one up: staff, in the "Steering group"
    group (made by migration 0004; remade here if a flushing test removed it), optionally
    working for a council (``council=...``, their conflict of interest)."""

    username = factory.Sequence(lambda n: f"reviewer{n}")
    is_staff = True

    @factory.post_generation
    def council(self, create, extracted, **kwargs):
        if not create:
            return
        from casestudies.access import steering_group_sync
        from casestudies.models import StaffProfile

        self.groups.add(steering_group_sync())
        if extracted is not None:
            StaffProfile.objects.update_or_create(user=self, defaults={"council": extracted})


class CallNationTargetFactory(DjangoModelFactory):
    class Meta:
        model = "casestudies.CallNationTarget"

    call = factory.SubFactory(CallFactory)
    nation = Council.Nation.WALES
    minimum_case_studies = 1


class EditorFactory(UserFactory):
    """One of CCIN's communications staff: staff, in the "Editors" group (made by migration 0009;
    remade here if a flushing test removed it), who publish and unpublish."""

    username = factory.Sequence(lambda n: f"editor{n}")
    is_staff = True

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if not create:
            return
        from casestudies.access import editors_sync

        self.groups.add(editors_sync())
