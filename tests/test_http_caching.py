"""Production responses: Cache-Control, ETag and Last-Modified with 304s for every public output
(pages, the Atom feed, the open data), private pages never kept, and Brotli or gzip compression
(never Brotli for a page holding a CSRF token)."""

import gzip

import brotli
import pytest
from django.test import Client
from django.urls import reverse

from casestudies import public_cache, workflow

from .case_study_helpers import edit_url, invited_case_study
from .collection_helpers import published_case_study
from .eoi_helpers import eoi_form_url
from .factories import StaffUserFactory
from .test_cache import pages

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=0, s-maxage=60"
OUTPUTS = {
    "feed": reverse("casestudies:case-study-feed"),
    "open data CSV": reverse("casestudies:open-data-csv"),
    "open data JSON": reverse("casestudies:open-data-json"),
}


def publish_another(site):
    """A change to public content, committed: a new generation."""
    published_case_study(call=site["call"], title="Apples for every street", theme=site["theme"])
    public_cache.new_generation()


# --- public pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["home", "call", "list", "filtered list", "case study", "theme", "council", "principle", "publication"]
)
def test_public_pages_may_be_kept_by_a_proxy_and_are_revalidated_with_304s(client, site, name):
    url = pages(site)[name]
    for _ in range(2):  # rendered and stored, then from the cache: the same validators
        first = client.get(url)
        assert first.status_code == 200
        assert first["Cache-Control"] == PUBLIC
        assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_a_page_that_changed_is_sent_again_not_304(client, site):
    url = pages(site)["list"]
    first = client.get(url)
    publish_another(site)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Apples for every street" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_search_accessibility_and_privacy_are_public_too(client, site):
    for url in ("/case-studies/search/?q=pantry", reverse("casestudies:accessibility"), reverse("casestudies:privacy")):
        response = client.get(url)
        assert response["Cache-Control"] == PUBLIC, url
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304, url


# --- private pages ----------------------------------------------------------------------------------


def test_forms_and_private_links_are_never_kept(client, site):
    form = client.get(eoi_form_url(site["call"]))
    assert form["Cache-Control"] == "private, no-store"
    assert not form.has_header("ETag")
    private = Client().get(edit_url(invited_case_study()))
    assert private["Cache-Control"] == "private, no-store"


def test_a_public_page_read_with_a_session_is_private(client, site):
    client.force_login(StaffUserFactory())
    response = client.get(pages(site)["list"])
    assert response["Cache-Control"] == "private, no-store"


def test_errors_redirects_and_the_health_check_are_never_kept(client, db):
    assert client.get("/no-such-page/")["Cache-Control"] == "private, no-store"
    assert "no-store" in client.get("/healthz/")["Cache-Control"]
    assert "no-store" in client.get("/admin/")["Cache-Control"]


# --- the feed and the open data ---------------------------------------------------------------------


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_feed_and_open_data_answer_304_from_the_generation_without_a_query(
    client, site, name, django_assert_num_queries
):
    url = OUTPUTS[name]
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    generation = public_cache.current_generation()
    assert first["Last-Modified"] == public_cache.http_date(public_cache.generation_started_at(generation).timestamp())
    with django_assert_num_queries(0):
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


@pytest.mark.parametrize("name", list(OUTPUTS))
def test_feed_and_open_data_are_sent_again_once_anything_public_changes(client, site, name):
    url = OUTPUTS[name]
    first = client.get(url)
    publish_another(site)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert "Apples for every street" in again.content.decode()
    assert again["ETag"] != first["ETag"]


def test_unpublishing_also_starts_a_new_generation_for_the_feed(client, site, django_capture_on_commit_callbacks):
    url = OUTPUTS["feed"]
    first = client.get(url)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_unpublish(case_study=site["pantry"], by=StaffUserFactory(), note="Wrong name.")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


# --- compression ------------------------------------------------------------------------------------


def test_public_pages_are_brotli_when_asked_and_gzip_otherwise(client, site):
    url = pages(site)["case study"]
    plain = client.get(url).content
    br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert br["Content-Encoding"] == "br"
    assert "Accept-Encoding" in br["Vary"]
    assert brotli.decompress(br.content) == plain
    gz = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gz["Content-Encoding"] == "gzip"
    assert gzip.decompress(gz.content) == plain
    assert len(br.content) < len(gz.content) < len(plain) / 3
    # A compressed page still revalidates: its ETag is weak, and matches.
    assert client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=br["ETag"]).status_code == 304


def test_a_page_holding_a_csrf_token_is_never_brotli_only_gzip_with_random_padding(client, site):
    """BREACH: Django's gzip adds random bytes, so the same form differs in length each time."""
    url = eoi_form_url(site["call"])
    responses = [Client().get(url, HTTP_ACCEPT_ENCODING="br, gzip") for _ in range(6)]
    assert {response["Content-Encoding"] for response in responses} == {"gzip"}
    assert len({len(response.content) for response in responses}) > 1


def test_the_open_data_is_compressed_and_images_are_not(client, site):
    response = client.get(OUTPUTS["open data JSON"], HTTP_ACCEPT_ENCODING="br")
    assert response["Content-Encoding"] == "br"
    assert b'"council_gss_code_year"' in brotli.decompress(response.content)
