"""Fill the database with sample content for demonstrations: invented councils and an open
sample call, with EOIs in every contribution status and case studies in every status.

With ``--calls N`` the EOIs and case studies are shared between the open call and N - 1 earlier
rounds of it (13 weeks apart, closed, their publications out): a collection that has grown over
many calls, as the speed benchmark (bench/run) uses.

Runs ``load_ccin_call`` first (safe to repeat), so the real themes and principles exist.
Refuses to run when sample content is already there, unless given ``--reset``, which
deletes sample content (and only that) first; so demo data is never doubled.

Every status move goes through ``casestudies.workflow``, acted by the staff user
``demo-editor`` (moves a council makes through its private link are recorded as such).
Emails the workflow queues go to Django's in-memory (locmem) backend while this runs, so
nothing is sent; they are still logged in EmailLog, as sent. (They are delivered when this
command's transaction commits, so run it on its own, not inside another transaction.)

Large runs (``--fast``, or more than 500 case studies or 1,000 EOIs) use
``casestudies.demo.demo_bulk_write_bypassing_workflow`` instead: bulk inserts with final
statuses and the matching status-change rows, and no emails. Sample data only.
"""

import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from casestudies import access, demo, public_cache
from casestudies.management.commands.load_ccin_call import PRINCIPLES, THEMES
from casestudies.models import CaseStudy, Contribution, EmailLog, Principle, Theme

BULK_ABOVE_CASE_STUDIES = 500
BULK_ABOVE_EOIS = 1000
DEMO_EDITOR = "demo-editor"


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _fraction(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 1:
        raise ValueError(value)
    return number


def _share(total: int, parts: int, index: int) -> int:
    """Part ``index`` of ``total`` shared as evenly as possible between ``parts``."""
    return total // parts + (index < total % parts)


class Command(BaseCommand):
    help = "Add sample content (invented councils, an open sample call, EOIs and case studies) for demonstrations."

    def add_arguments(self, parser):
        parser.add_argument("--councils", type=_positive, default=12, help="Sample councils to invent (default 12).")
        parser.add_argument("--eois", type=_positive, default=30, help="Expressions of interest (default 30).")
        parser.add_argument(
            "--case-studies",
            type=int,
            default=24,
            help="Contributions invited to write a case study (default 24); the other contributions are "
            "spread over submitted, shortlisted, declined and withdrawn.",
        )
        parser.add_argument(
            "--published-fraction",
            type=_fraction,
            default=0.5,
            help="Share of case studies that end published, 0 to 1 (default 0.5); the rest are spread over "
            "the other case-study statuses.",
        )
        parser.add_argument(
            "--calls",
            type=_positive,
            default=1,
            help="Sample calls to share the EOIs and case studies between (default 1): the newest is open, "
            "each earlier one 13 weeks before the next, closed and with its publication out (earlier rounds are "
            "written in bulk: their deadlines have passed, so the workflow would refuse them).",
        )
        parser.add_argument("--seed", type=int, default=None, help="Seed for repeatable sample content.")
        parser.add_argument(
            "--fast",
            action="store_true",
            help=f"Write in bulk, bypassing the workflow functions (automatic above {BULK_ABOVE_CASE_STUDIES} case "
            f"studies or {BULK_ABOVE_EOIS} EOIs). No emails are logged.",
        )
        parser.add_argument("--reset", action="store_true", help="Delete existing sample content first (only that).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (successfully) if sample content is already there: what `make run` uses.",
        )

    def handle(self, *args, **options):
        if options["case_studies"] < 0:
            raise CommandError("--case-studies cannot be negative.")
        if options["reset"]:
            deleted = demo.demo_reset()
            public_cache.public_pages_changed()
            summary = ", ".join(f"{count} {label}" for label, count in deleted.items() if count) or "nothing"
            if options["verbosity"]:
                self.stdout.write(f"Deleted sample content: {summary}.")
        elif demo.demo_sample_exists():
            if options["if_empty"]:
                if options["verbosity"]:
                    self.stdout.write("Sample content is already in the database; leaving it as it is.")
                return
            raise CommandError(
                "Sample content is already in the database. Run seed_demo --reset to replace it "
                "(--reset deletes sample content only)."
            )
        bulk = options["fast"] or options["case_studies"] > BULK_ABOVE_CASE_STUDIES or options["eois"] > BULK_ABOVE_EOIS
        rng = random.Random(options["seed"])  # noqa: S311 - sample text, not secrets
        now = timezone.now()

        # Emails queued by the workflow are delivered to memory (django.core.mail.outbox), never sent.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"), transaction.atomic():
            call_command("load_ccin_call", stdout=self.stdout, verbosity=options["verbosity"])
            editor = self.demo_editor()
            themes = list(Theme.objects.filter(slug__in=[slug for slug, _ in THEMES]).order_by("order", "name"))
            principles = list(Principle.objects.filter(slug__in=[slug for slug, _, _ in PRINCIPLES]))
            councils = demo.demo_councils(rng, options["councils"])
            emails_before = EmailLog.objects.count()
            calls = options["calls"]
            if calls > options["eois"]:
                raise CommandError(f"{calls} calls need at least {calls} EOIs.")
            for rounds_ago in reversed(range(calls)):  # the open call last, so it is the one reported
                call = demo.demo_call(now=now, themes=themes, rounds_ago=rounds_ago)
                try:
                    plan = demo.demo_plan(
                        rng,
                        call=call,
                        councils=councils,
                        themes=themes,
                        principles=principles,
                        eois=_share(options["eois"], calls, rounds_ago),
                        case_studies=_share(options["case_studies"], calls, rounds_ago),
                        published_fraction=options["published_fraction"],
                        now=min(now, call.eoi_deadline_at),
                    )
                except ValueError as error:
                    raise CommandError(str(error)) from error
                if bulk or rounds_ago:  # an earlier round's deadlines have passed: the workflow would refuse it
                    demo.demo_bulk_write_bypassing_workflow(call=call, plan=plan, by=editor, now=now)
                else:
                    demo.demo_write_with_workflow(call=call, plan=plan, by=editor)
            emails = EmailLog.objects.count() - emails_before
            public_cache.public_pages_changed()
        if options["verbosity"]:
            self.report(call, len(councils), bulk=bulk, emails=emails)
            if calls > 1:
                self.stdout.write(f"  (the open one of {calls} sample calls; the earlier ones are shared out alike)")

    def demo_editor(self):
        user, created = get_user_model().objects.get_or_create(
            username=DEMO_EDITOR,
            defaults={
                "first_name": "Demo",
                "last_name": "Editor",
                "email": "demo-editor@example.org",
                "is_staff": True,
            },
        )
        if created:
            user.set_unusable_password()  # it acts in the sample history; nobody logs in as it
            user.save(update_fields=["password"])
        # It decides as the steering group does and publishes as CCIN's editors do.
        user.groups.add(access.steering_group_sync(), access.editors_sync())
        return user

    def report(self, call, councils: int, *, bulk: bool, emails: int) -> None:
        contributions = Counter(Contribution.objects.for_call(call).values_list("status", flat=True))
        case_studies = Counter(CaseStudy.objects.for_call(call).values_list("status", flat=True))
        how = "in bulk (--fast), without the workflow or emails" if bulk else "through the workflow"
        self.stdout.write(self.style.SUCCESS(f"Sample content added {how}: call {call.title!r} ({call.slug})."))
        self.stdout.write(f"  councils: {councils}; EOIs: {call.eois.count()}")
        self.stdout.write(
            "  contributions: " + ", ".join(f"{s} {contributions[s]}" for s in Contribution.Status.values)
        )
        self.stdout.write("  case studies: " + ", ".join(f"{s} {case_studies[s]}" for s in CaseStudy.Status.values))
        if not bulk:
            self.stdout.write(f"  emails: {emails} logged and delivered to memory only (none sent).")
