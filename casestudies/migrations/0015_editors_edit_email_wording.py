"""The editors (CCIN comms) read, add and change the email wording (a new version each time).

Frozen here as written; casestudies.access.EDITORS_PERMISSIONS is the live list (a test checks
that 0009's list and this one's add up to it)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
PERMISSIONS = (
    ("casestudies", "view_emailwording"),
    ("casestudies", "add_emailwording"),
    ("casestudies", "change_emailwording"),
)


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        *[Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in PERMISSIONS]
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=EDITORS_GROUP):
        group.permissions.remove(*Permission.objects.filter(codename__in=[c for _a, c in PERMISSIONS]))


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0014_email_wording"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
