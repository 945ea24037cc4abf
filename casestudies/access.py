"""Who may do what: the steering group's and the editors' permissions, and the own-council rule.

Migration 0004 creates the "Steering group" group with a frozen copy of this list (a
test checks that the two agree). ``steering_group_sync`` makes the group match the list
again, for tests that flush the database and for a site whose group was edited by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import CaseStudy, StaffProfile

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
    return _permissions(STEERING_GROUP_PERMISSIONS)


def steering_group_sync() -> Group:
    """Create the steering group if it is missing and give it exactly its permissions."""
    group, _ = Group.objects.get_or_create(name=STEERING_GROUP)
    group.permissions.set(steering_group_permissions())
    return group


# --- Editors: CCIN's communications staff, who publish ------------------------------------------

EDITORS_GROUP = "Editors"
PUBLISH_PERMISSION = "casestudies.publish_casestudy"

# Editors read what the steering group reads (but score nothing), edit case studies, publish and
# unpublish them, build publications, edit the emails' wording and resend emails. Migrations 0010 and 0015
# hold frozen copies.
EDITORS_PERMISSIONS = (
    *(p for p in STEERING_GROUP_PERMISSIONS if p[1] not in {"add_review", "change_review", "change_contribution"}),
    ("casestudies", "publish_casestudy"),
    ("casestudies", "view_publication"),
    ("casestudies", "add_publication"),
    ("casestudies", "change_publication"),
    ("casestudies", "view_perspective"),
    ("casestudies", "add_perspective"),
    ("casestudies", "change_perspective"),
    ("casestudies", "view_emailwording"),
    ("casestudies", "add_emailwording"),
    ("casestudies", "change_emailwording"),
)


def _permissions(pairs):
    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def editors_sync() -> Group:
    """Create the editors group if it is missing and give it exactly its permissions."""
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(_permissions(EDITORS_PERMISSIONS))
    return group


# --- who may decide: the own-council rule -------------------------------------------------------

CONFLICT_OF_INTEREST = _(
    "You work for %(council)s, so you cannot score or decide on its contributions or case studies."
)


def council_id_for(user) -> int | None:
    """The council a staff user works for (their conflict of interest), or None.

    Kept on the user object once looked up, so a page that marks a hundred rows asks once."""
    if user is None or not getattr(user, "pk", None):
        return None
    try:
        return user._ccin_council_id
    except AttributeError:
        council_id = StaffProfile.objects.filter(user_id=user.pk).values_list("council_id", flat=True).first()
        user._ccin_council_id = council_id
        return council_id


def subject_council(obj) -> tuple[int | None, str]:
    """The council (id, name) a contribution or case study comes from."""
    if isinstance(obj, CaseStudy):
        if obj.council_id:
            return obj.council_id, obj.council.name
        return None, obj.council_name
    return obj.eoi.council_id, obj.eoi.council_display


def may_decide(user, obj) -> bool:
    """Whether ``user`` may score or decide on ``obj`` (a contribution or a case study).

    No one decides on their own council's work. The workflow asks this under the row lock
    (``check_may_decide``); lists and pages ask it to mark rows and hide buttons."""
    own = council_id_for(user)
    return not (own and subject_council(obj)[0] == own)


def check_may_decide(user, obj) -> None:
    """Refuse, with the one message, a user who may not decide on ``obj``."""
    if not may_decide(user, obj):
        raise ValidationError(
            CONFLICT_OF_INTEREST, code="conflict_of_interest", params={"council": subject_council(obj)[1]}
        )


# --- who sees the other reviewers' scores -------------------------------------------------------

REVIEW_PERMISSIONS = ("casestudies.add_review", "casestudies.change_review")


def may_score(user, contribution) -> bool:
    """Whether ``user`` can score ``contribution``: a reviewer, and not of its council."""
    return user.has_perms(REVIEW_PERMISSIONS) and may_decide(user, contribution)


def may_see_reviews(user, contribution, *, has_own_review: bool) -> bool:
    """Whether the other reviewers' scores, comments and average are shown to ``user``.

    A reviewer sees them only once they have saved their own score, so they are not swayed by
    them, unless the call shares them with everyone. Those who do not score this contribution
    (editors, a reviewer of its own council) see them."""
    if has_own_review or contribution.eoi.call.review_scores_shared:
        return True
    return not may_score(user, contribution)
