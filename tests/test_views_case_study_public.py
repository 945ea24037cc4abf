"""The public page of a published case study: everything a reader needs, nothing personal, and only when published."""

import pytest

from casestudies import workflow
from casestudies.models import CaseStudy, Council, Principle

from .case_study_helpers import case_study_post, edit_url, image_bytes, invited_case_study, page_url, upload
from .factories import CouncilFactory, StaffUserFactory, words

pytestmark = pytest.mark.django_db
S = CaseStudy.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def published_case_study(client, *, image=True, steps=("approve", "publish"), **post) -> CaseStudy:
    council = Council.objects.filter(name="Northmoor Council").first() or CouncilFactory(name="Northmoor Council")
    case_study = invited_case_study(council=council, contact_email="eoi@example.org")
    extra = {"image": upload(image_bytes()), "image_alt": "Volunteers at the hub", "image_credit": "Photo: Ann"}
    data = case_study_post(case_study, body=words(150) + "\n\n" + words(150, offset=4), **(extra if image else {}))
    data["principles"] = [str(pk) for pk in Principle.objects.values_list("pk", flat=True)[:2]]
    data.update(post)
    assert client.post(edit_url(case_study), data).status_code == 302
    case_study.refresh_from_db()
    assert client.post(page_url(case_study, "check"), {"version": case_study.version}).status_code == 302
    editor = StaffUserFactory()
    for step in steps:
        getattr(workflow, f"case_study_{step}")(case_study=case_study, by=editor, note="Checked.")
    case_study.refresh_from_db()
    return case_study


def test_a_published_case_study_has_its_page_with_everything_a_reader_needs(client, django_assert_max_num_queries):
    case_study = published_case_study(client)
    with django_assert_max_num_queries(4):
        response = client.get(case_study.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in page and "Food hubs that neighbours ran" in page
    assert "Northmoor Council" in page and case_study.theme.name in page
    assert "Residents and the council ran food hubs together" in page
    assert page.count("<p>") >= 2  # the body's paragraphs
    assert "Principles met" in page
    for name in Principle.objects.values_list("name", flat=True)[:2]:
        assert name in page
    assert "The food bank, the tenants" in page and "Every household that asked for help" in page
    assert f'src="/case-studies/{case_study.slug}/image/?v=' in page and 'alt="Volunteers at the hub"' in page
    assert "Photo: Ann" in page
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in page
    assert "“Food hubs that neighbours ran” by Northmoor Council" in page
    assert '<meta name="description" content="Residents and the council ran food hubs together' in page


def test_the_enquiry_contact_shows_only_with_consent_and_the_eoi_contact_never(client):
    with_consent = published_case_study(client)
    page = client.get(with_consent.get_absolute_url()).content.decode()
    assert "Sam Contact" in page and "sam.contact@example.gov.uk" in page
    eoi = with_consent.contribution.eoi
    assert eoi.contact_name not in page and "eoi@example.org" not in page

    without = published_case_study(client, enquiry_consent="")
    page = client.get(without.get_absolute_url()).content.decode()
    assert "Contact for enquiries" not in page
    assert "Sam Contact" not in page and "sam.contact@example.gov.uk" not in page


def test_all_rights_reserved_says_to_ask_the_council(client):
    case_study = published_case_study(client, image=False, licence=CaseStudy.Licence.ALL_RIGHTS_RESERVED)
    page = client.get(case_study.get_absolute_url()).content.decode()
    assert "All rights reserved. To reuse the text, ask Northmoor Council for permission." in page
    assert 'rel="license"' not in page and "<figure" not in page


@pytest.mark.parametrize("steps", [(), ("approve",)], ids=["submitted", "approved"])
def test_a_case_study_that_is_not_published_is_not_found(client, steps):
    case_study = published_case_study(client, steps=steps)
    slug = case_study.slug or "food-hubs-that-neighbours-ran-northmoor-council"
    assert client.get(f"/case-studies/{slug}/").status_code == 404
    assert client.get(f"/case-studies/{slug}/image/").status_code == 404


def test_a_case_study_taken_down_is_gone_with_a_page_that_says_so_and_nothing_of_it(client):
    case_study = published_case_study(client, steps=("approve", "publish", "unpublish"))
    response = client.get(f"/case-studies/{case_study.slug}/")
    assert response.status_code == 410
    html = response.content.decode()
    assert "This case study has been withdrawn" in html
    assert case_study.title not in html and case_study.standfirst not in html
    assert '<meta name="robots" content="noindex">' in html
    assert client.get(f"/case-studies/{case_study.slug}/image/").status_code == 404


def test_the_public_image_is_the_re_encoded_display_size(client):
    case_study = published_case_study(client)
    response = client.get(f"/case-studies/{case_study.slug}/image/")
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=3600"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(f"/case-studies/{case_study.slug}/thumbnail/").status_code == 200


def test_a_sample_case_study_is_marked_as_sample(client):
    case_study = published_case_study(client)
    case_study.call.is_sample = True
    case_study.call.save(update_fields=["is_sample"])
    assert "Sample content" in client.get(case_study.get_absolute_url()).content.decode()


def test_page_shows_related_case_studies_in_the_same_theme_and_social_tags(client, django_assert_max_num_queries):
    from .collection_helpers import published_in_bulk
    from .factories import CallFactory, ThemeFactory

    call = CallFactory()
    same, other = ThemeFactory(name="Food"), ThemeFactory(name="Care")
    case_studies = published_in_bulk(6, call=call, themes=[same, other])
    page_of = case_studies[0]
    response = client.get(page_of.get_absolute_url())
    html = response.content.decode()
    assert 'property="og:title"' in html and 'property="og:type" content="article"' in html
    related_heading = f"More on {page_of.theme.name}"
    assert related_heading in html
    related = html.split(related_heading, 1)[1]
    for case_study in case_studies[1:]:
        assert (case_study.title in related) == (case_study.theme_id == page_of.theme_id)
