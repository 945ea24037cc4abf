"""The service's Welsh email wording (issue 16) for every version still worded as the service first
wrote it: where a version's English is ``email_wording.DEFAULTS``'s and its Welsh is empty, the Welsh
becomes ``email_wording_cy.DEFAULTS_CY``'s. Wording CCIN has edited is left alone (its Welsh is
CCIN's to write). Like 0014, this reads the defaults from the app as they are when it runs."""

from django.db import migrations


def fill_welsh(apps, schema_editor):
    from casestudies.email_wording import DEFAULTS
    from casestudies.email_wording_cy import DEFAULTS_CY

    EmailWording = apps.get_model("casestudies", "EmailWording")
    for kind, default in DEFAULTS.items():
        subject_cy, body_cy = DEFAULTS_CY[kind]
        EmailWording.objects.filter(
            kind=kind, subject_en_gb=default.subject, body_en_gb=default.body, subject_cy="", body_cy=""
        ).update(subject_cy=subject_cy, body_cy=body_cy)


def empty_welsh(apps, schema_editor):
    from casestudies.email_wording_cy import DEFAULTS_CY

    EmailWording = apps.get_model("casestudies", "EmailWording")
    for kind, (subject_cy, body_cy) in DEFAULTS_CY.items():
        EmailWording.objects.filter(kind=kind, subject_cy=subject_cy, body_cy=body_cy).update(subject_cy="", body_cy="")


class Migration(migrations.Migration):
    dependencies = [("casestudies", "0017_case_study_language")]

    operations = [migrations.RunPython(fill_welsh, empty_welsh, elidable=False)]
