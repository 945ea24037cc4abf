"""Who may do what in the admin: the steering group's permissions, in one place.

Migration 0004 creates the "Steering group" group with a frozen copy of this list (a
test checks that the two agree). ``steering_group_sync`` makes the group match the list
again, for tests that flush the database and for a site whose group was edited by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

STEERING_GROUP = "Steering group"

# (app_label, codename). Reviewers read everything about a call, decide on contributions,
# write their own reviews, edit, approve and publish case studies (SPEC: the steering group
# "edits and approves case studies, publishes"), resend emails and see contact phone numbers. Nothing of auth:
# they cannot manage users, groups or permissions.
STEERING_GROUP_PERMISSIONS = (
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


def steering_group_permissions():
    query = Q(pk__in=[])
    for app_label, codename in STEERING_GROUP_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def steering_group_sync() -> Group:
    """Create the steering group if it is missing and give it exactly its permissions."""
    group, _ = Group.objects.get_or_create(name=STEERING_GROUP)
    group.permissions.set(steering_group_permissions())
    return group
