"""Remove personal data that is past its retention period. Safe to run daily (e.g. from cron)."""

from django.core.management.base import BaseCommand

from casestudies.retention import purge_personal_data


class Command(BaseCommand):
    help = (
        "Delete unfinished saved EOIs after the EOI deadline, and remove the personal data of "
        "unsuccessful EOIs and never-submitted case studies once the call's retention period has passed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would be removed; change nothing.")

    def handle(self, *args, dry_run, **options):
        report = purge_personal_data(dry_run=dry_run)
        verb = "Would remove" if dry_run else "Removed"
        self.stdout.write(
            f"{verb}: {report.saved_eois_deleted} unfinished saved EOI(s); contact details of "
            f"{report.eois_anonymised} unsuccessful EOI(s); enquiry contacts of {report.case_studies_cleared} "
            f"never-submitted case study(ies); {report.emails_redacted} email record(s) redacted."
        )
