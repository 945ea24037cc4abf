"""Given/when helpers for the EOI journey, shared by view and browser tests."""

import uuid

from django.urls import reverse

from .factories import words


def eoi_form_url(call):
    return reverse("casestudies:eoi-start", kwargs={"slug": call.slug})


def eoi_check_url(call):
    return reverse("casestudies:eoi-check", kwargs={"slug": call.slug})


def eoi_post(call, council="not-listed", contributions=None, action="continue", **contact):
    """A complete, valid form post unless the caller overrides a field."""
    themes = list(call.themes.order_by("order"))
    if contributions is None:
        contributions = [(themes[0].pk, words(60)), (themes[1].pk, words(55, offset=3))]
    data = {
        "council": str(council),
        "council_name": "Northmoor Town Council" if council == "not-listed" else "",
        "contact_name": "Alex Officer",
        "contact_role": "Head of Communities",
        "contact_email": "alex.officer@example.gov.uk",
        "contact_phone": "01632 960 001",
        "website": "",
        "contributions-TOTAL_FORMS": str(len(contributions)),
        "contributions-INITIAL_FORMS": "0",
        "action": action,
    }
    for i, (theme, description) in enumerate(contributions):
        data[f"contributions-{i}-theme"] = str(theme)
        data[f"contributions-{i}-description"] = description
    data.update(contact)
    return data


def submit_eoi(client, call, **kwargs):
    """Fill in the form, continue to the check page, and send. Returns the final response."""
    response = client.post(eoi_form_url(call), eoi_post(call, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    check = client.get(eoi_check_url(call))
    token = check.context["token"]
    return client.post(eoi_check_url(call), {"submission_token": token}, follow=True)


def eoi_submit(call, *, token=None, at=None, **overrides):
    """``workflow.eoi_submit`` with a valid EOI of one 60-word contribution, unless overridden.
    Returns (eoi, created)."""
    from casestudies import workflow

    kwargs = {
        "call": call,
        "council": None,
        "council_name": "Northmoor Town Council",
        "contact_name": "A Officer",
        "contact_role": "Policy officer",
        "contact_email": "a.officer@example.org",
        "contributions": [
            workflow.ContributionInput(theme=call.themes.first(), description=" ".join(["community"] * 60))
        ],
        "submission_token": token or uuid.uuid4(),
        "at": at,
        **overrides,
    }
    return workflow.eoi_submit(**kwargs)
