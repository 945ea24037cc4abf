"""The private link that lets an invited council open its own case study, with no account.

The link carries a value signed with the site's SECRET_KEY, naming the case study and its
current access key (a random secret stored on the case study). It cannot be guessed or
altered without the SECRET_KEY; it is revoked by giving the case study a new key (or by
``access_revoked_at``), which also lets the admin issue a fresh link. Whether the case
study may still be edited (deadline, status) is the view's question, not the link's.
"""

import enum
import secrets

from django.core import signing
from django.urls import reverse

from .models import CaseStudy
from .site import absolute_url

SALT = "casestudies.case-study-link"


class LinkProblem(enum.StrEnum):
    INVALID = "invalid"  # tampered, truncated, or never issued
    REVOKED = "revoked"  # a newer link was issued, or the link was revoked in the admin


def new_access_key() -> str:
    return secrets.token_urlsafe(32)


def case_study_link_token(case_study: CaseStudy) -> str:
    return signing.dumps({"c": case_study.pk, "k": case_study.access_key}, salt=SALT)


def case_study_link_url(case_study: CaseStudy, *, absolute: bool = True) -> str:
    path = reverse("casestudies:case-study-edit", kwargs={"token": case_study_link_token(case_study)})
    return absolute_url(path) if absolute else path


def _read_token(token: str, *, salt: str, id_key: str) -> tuple[int, str] | None:
    """(row id, access key) from a signed token, or None for anything else.

    Only a token signed with the SECRET_KEY gets past ``signing.loads``; whatever it holds is
    still checked here (a number for the id, any text for the key), never trusted.
    """
    try:
        value = signing.loads(token, salt=salt)
        return int(value[id_key]), str(value["k"])
    except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
        return None


def _same_key(stored: str, given: str) -> bool:
    # compare_digest refuses str with non-ASCII characters: compare the UTF-8 bytes.
    return secrets.compare_digest(stored.encode(), given.encode())


def case_study_from_token(token: str, queryset=None) -> tuple[CaseStudy | None, LinkProblem | None]:
    """The case study a link opens, or the reason it opens none. Never raises on bad input."""
    read = _read_token(token, salt=SALT, id_key="c")
    if read is None:
        return None, LinkProblem.INVALID
    pk, key = read
    case_study = (queryset if queryset is not None else CaseStudy.objects).filter(pk=pk).first()
    if case_study is None or not case_study.access_key:
        return None, LinkProblem.INVALID
    if not _same_key(case_study.access_key, key) or case_study.access_revoked_at:
        return None, LinkProblem.REVOKED
    return case_study, None


# --- unfinished expressions of interest ---------------------------------------------------------

SAVED_EOI_SALT = "casestudies.saved-eoi-link"


def saved_eoi_link_url(saved, *, absolute: bool = True) -> str:
    token = signing.dumps({"s": saved.pk, "k": saved.access_key}, salt=SAVED_EOI_SALT)
    path = reverse("casestudies:eoi-resume", kwargs={"slug": saved.call.slug, "token": token})
    return absolute_url(path) if absolute else path


def saved_eoi_from_token(token: str, *, call):
    """The saved EOI a link reopens (only within ``call``), or None. Never raises on bad input."""
    from .models import SavedEoi

    read = _read_token(token, salt=SAVED_EOI_SALT, id_key="s")
    if read is None:
        return None
    pk, key = read
    saved = SavedEoi.objects.filter(pk=pk, call=call).first()
    if saved is None or not _same_key(saved.access_key, key):
        return None
    return saved
