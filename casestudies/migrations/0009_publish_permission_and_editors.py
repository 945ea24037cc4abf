"""Publishing becomes the editors' (CCIN comms'): the "publish_casestudy" permission, and the
"Editors" group with exactly what editors need. The steering group keeps scoring, deciding,
requesting changes and approving, and loses nothing it had.

The permission list is frozen here as it was when this migration was written; the live list
is casestudies.access.EDITORS_PERMISSIONS (a test checks that they agree).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_GROUP = "Editors"
PERMISSIONS = (
    ("casestudies", "view_council"),
    ("casestudies", "view_theme"),
    ("casestudies", "view_call"),
    ("casestudies", "view_calltheme"),
    ("casestudies", "view_callnationtarget"),
    ("casestudies", "view_expressionofinterest"),
    ("casestudies", "view_contact_phone"),
    ("casestudies", "view_contribution"),
    ("casestudies", "view_review"),
    ("casestudies", "view_casestudy"),
    ("casestudies", "change_casestudy"),
    ("casestudies", "view_principle"),
    ("casestudies", "view_statuschange"),
    ("casestudies", "view_emaillog"),
    ("casestudies", "change_emaillog"),
    ("casestudies", "publish_casestudy"),
    ("casestudies", "view_publication"),
    ("casestudies", "add_publication"),
    ("casestudies", "change_publication"),
    ("casestudies", "view_perspective"),
    ("casestudies", "add_perspective"),
    ("casestudies", "change_perspective"),
)


def create_editors(apps, schema_editor):
    # Permissions are normally made after all migrations have run; make them now (the new
    # "publish_casestudy" included) so the group can hold them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(
        [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in PERMISSIONS]
    )


def remove_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=EDITORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0008_email_pending_index"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="casestudy",
            options={
                "ordering": ["-published_at", "-pk"],
                "permissions": [("publish_casestudy", "Can publish and unpublish case studies")],
                "verbose_name": "case study",
                "verbose_name_plural": "case studies",
            },
        ),
        migrations.RunPython(create_editors, remove_editors),
    ]
