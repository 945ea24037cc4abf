"""Given/when helpers for the case study journey, shared by workflow, view, admin and browser tests.

A case study is reached the real way: a contribution is shortlisted and invited through
``casestudies.workflow``, which creates the case study and its private link.
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms

from casestudies import links, workflow
from casestudies.models import CaseStudy, Principle

from .factories import (
    CallFactory,
    CallThemeFactory,
    ContributionFactory,
    CouncilFactory,
    ExpressionOfInterestFactory,
    PrincipleFactory,
    StaffUserFactory,
    words,
)


def invited_case_study(*, call=None, council=None, by=None, contact_email=None) -> CaseStudy:
    """An invited case study (contribution shortlisted, then invited), with principles to choose from."""
    call = call or CallFactory()
    if not call.call_themes.exists():
        for _ in range(2):
            CallThemeFactory(call=call)
    if not Principle.objects.exists():
        for _ in range(3):
            PrincipleFactory()
    eoi_kwargs = {"call": call, "council": council or CouncilFactory()}
    if contact_email:
        eoi_kwargs["contact_email"] = contact_email
    contribution = ContributionFactory(eoi=ExpressionOfInterestFactory(**eoi_kwargs))
    by = by or StaffUserFactory()
    workflow.contribution_shortlist(contribution=contribution, by=by)
    return workflow.contribution_invite(contribution=contribution, by=by)


def edit_url(case_study) -> str:
    return links.case_study_link_url(case_study, absolute=False)


def page_url(case_study, name: str) -> str:
    return reverse(f"casestudies:case-study-{name}", kwargs={"token": links.case_study_link_token(case_study)})


def case_study_post(case_study, *, action="continue", **overrides) -> dict:
    """A complete, valid form post for ``case_study`` unless the caller overrides a field."""
    case_study.refresh_from_db()
    principle = Principle.objects.order_by("order").first()
    data = {
        "version": str(case_study.version),
        "title": "Food hubs that neighbours ran",
        "standfirst": "Residents and the council ran food hubs together through the first lockdown.",
        "body": words(300),
        "theme": str(case_study.theme_id),
        "principles": [str(principle.pk)],
        "partners": "The food bank, the tenants' federation and the local co-op.",
        "outcomes": "Every household that asked for help got it within a day.",
        "enquiry_name": "Sam Contact",
        "enquiry_role": "Community hubs manager",
        "enquiry_email": "sam.contact@example.gov.uk",
        "enquiry_consent": "on",
        "licence": CaseStudy.Licence.CC_BY,
        "image_alt": "",
        "image_credit": "",
        "action": action,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def submitted_case_study(client, **kwargs) -> CaseStudy:
    """An invited case study filled in, checked and submitted through the pages."""
    case_study = invited_case_study(**kwargs)
    response = client.post(edit_url(case_study), case_study_post(case_study))
    assert response.status_code == 302, response.content.decode()[:3000]
    case_study.refresh_from_db()
    response = client.post(page_url(case_study, "check"), {"version": case_study.version})
    assert response.status_code == 302
    case_study.refresh_from_db()
    assert case_study.status == CaseStudy.Status.SUBMITTED
    return case_study


# --- images ----------------------------------------------------------------------------------------


def image_bytes(fmt="JPEG", size=(800, 600), colour=(30, 120, 90), **save_kwargs) -> bytes:
    mode = "RGBA" if fmt == "PNG" and save_kwargs.pop("alpha", False) else "RGB"
    out = io.BytesIO()
    Image.new(mode, size, colour).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def jpeg_with_gps(size=(800, 600)) -> bytes:
    """A JPEG carrying EXIF with a GPS position, a camera model, a rotation and an ICC profile."""
    image = Image.new("RGB", size, (200, 60, 40))
    exif = image.getexif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)}  # GPSInfo
    out = io.BytesIO()
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    image.save(out, format="JPEG", exif=exif, icc_profile=icc, comment=b"<?php echo 'hi'; ?>")
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def complete_text(**overrides) -> dict:
    """Every field a case study needs before it can be submitted (``workflow.case_study_problems``)."""
    return {
        "title": "Food hubs that neighbours ran",
        "standfirst": "How a council and its residents fed a town together.",
        "body": words(300),
        "outcomes": "Nobody waited more than a day for food.",
        "enquiry_name": "Pat Person",
        "enquiry_role": "Community lead",
        "enquiry_email": "pat.person@example.gov.uk",
        **overrides,
    }


def write_and_submit(case_study, *, principles=None, **overrides) -> CaseStudy:
    """The council completes its case study (``complete_text`` with ``overrides``) and submits it."""
    if principles is None:
        principles = [Principle.objects.order_by("order").first() or PrincipleFactory()]
    version = CaseStudy.objects.values_list("version", flat=True).get(pk=case_study.pk)
    saved = workflow.case_study_save(
        case_study=case_study, changes=complete_text(**overrides), expected_version=version, principles=principles
    )
    return workflow.case_study_submit(case_study=saved)[0]
