"""The permission to see contact phone numbers, and the "Steering group" with exactly what reviewers need.

The permission list is frozen here as it was when this migration was written; the live
list is casestudies.access.STEERING_GROUP_PERMISSIONS (a test checks that they agree).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STEERING_GROUP = "Steering group"
PERMISSIONS = (
    ("casestudies", "view_council"),
    ("casestudies", "view_theme"),
    ("casestudies", "view_call"),
    ("casestudies", "view_calltheme"),
    ("casestudies", "view_callnationtarget"),
    ("casestudies", "view_expressionofinterest"),
    ("casestudies", "view_contact_phone"),
    ("casestudies", "view_contribution"),
    ("casestudies", "change_contribution"),
    ("casestudies", "view_review"),
    ("casestudies", "add_review"),
    ("casestudies", "change_review"),
    ("casestudies", "view_casestudy"),
    ("casestudies", "change_casestudy"),
    ("casestudies", "view_principle"),
    ("casestudies", "view_statuschange"),
    ("casestudies", "view_emaillog"),
    ("casestudies", "change_emaillog"),
)


def create_steering_group(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them now so the
    # group can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STEERING_GROUP)
    permissions = []
    for app_label, codename in PERMISSIONS:
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    group.permissions.set(permissions)


def remove_steering_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=STEERING_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("casestudies", "0003_case_study_signed_link_key"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="expressionofinterest",
            options={
                "ordering": ["-submitted_at"],
                "permissions": [("view_contact_phone", "Can see contacts' phone numbers")],
                "verbose_name": "expression of interest",
                "verbose_name_plural": "expressions of interest",
            },
        ),
        migrations.RunPython(create_steering_group, remove_steering_group),
    ]
