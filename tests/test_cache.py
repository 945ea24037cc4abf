"""Public pages are kept whole in the cache: a second request runs no query, and every change
that a page shows (publish, unpublish, an editor's edit, a renamed theme or council) shows at
once, from the moment it is committed. Pages with forms, sessions or odd addresses are never kept."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casestudies import public_cache, workflow
from casestudies.models import CaseStudy

from .collection_helpers import published_case_study
from .factories import (
    LONDON,
    CallFactory,
    StaffUserFactory,
    words,
)

pytestmark = pytest.mark.django_db


def pages(site) -> dict[str, str]:
    return {
        "home": "/",
        "call": reverse("casestudies:call-detail", args=["the-call"]),
        "list": reverse("casestudies:case-study-list"),
        "filtered list": reverse("casestudies:case-study-list") + "?theme=food-security&principle=learning",
        "case study": reverse("casestudies:case-study-detail", args=[site["pantry"].slug]),
        "theme": reverse("casestudies:theme-detail", args=["food-security"]),
        "council": reverse("casestudies:council-detail", args=["oldham"]),
        "principle": reverse("casestudies:principle-detail", args=["learning"]),
        "publication": reverse("casestudies:publication-detail", args=["the-report"]),
    }


PAGE_NAMES = ["home", "call", "list", "filtered list", "case study", "theme", "council", "principle", "publication"]


@pytest.fixture
def staff(db):
    editor = Client()
    editor.force_login(StaffUserFactory())
    return editor


def admin_change(staff, obj, capture, **changes):
    """Save ``obj`` through its admin change form, with ``changes``, and commit."""
    data = {name: value for name, value in model_to_dict(obj).items() if value is not None and value is not False}
    data.update(changes)
    url = reverse(f"admin:casestudies_{obj._meta.model_name}_change", args=[obj.pk])
    with capture(execute=True):
        response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


# --- kept, and served with no query ---------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_second_request_for_a_public_page_is_served_from_the_cache(client, site, name, django_assert_num_queries):
    url = pages(site)[name]
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


def test_a_head_request_is_served_from_the_cache_too(client, site, django_assert_num_queries):
    client.get("/case-studies/")
    with django_assert_num_queries(0):
        assert client.head("/case-studies/").status_code == 200


def test_blank_filter_fields_from_the_form_share_the_page_without_them(client, site, django_assert_num_queries):
    client.get("/case-studies/?theme=food-security")
    with django_assert_num_queries(0):
        client.get("/case-studies/?place=&theme=food-security&council=&call=")


def test_a_search_is_kept_too(client, site, django_assert_num_queries):
    """(Kept in each worker's own store only, for a few minutes: tests/test_search_cache.py.)"""
    client.get("/case-studies/search/?q=pantry")
    with django_assert_num_queries(0):
        response = client.get("/case-studies/search/?q=pantry")
    assert "A community <mark>pantry</mark>" in response.content.decode()


# --- changes show at once ---------------------------------------------------------------------------


def test_publishing_a_case_study_shows_it_at_once(client, site, django_capture_on_commit_callbacks):
    urls = pages(site)
    for name in ("list", "theme", "council", "home"):
        client.get(urls[name])
    with django_capture_on_commit_callbacks(execute=True):
        new = published_case_study(
            call=site["call"], title="Orchards for everyone", council=site["council"], theme=site["theme"]
        )
    for name in ("list", "theme", "council"):
        assert "Orchards for everyone" in client.get(urls[name]).content.decode(), name
    assert client.get(reverse("casestudies:case-study-detail", args=[new.slug])).status_code == 200


def test_unpublishing_a_case_study_takes_it_off_every_page_at_once(client, site, django_capture_on_commit_callbacks):
    urls = pages(site)
    for name in ("list", "case study", "theme", "publication"):
        assert "A community pantry" in client.get(urls[name]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_unpublish(
            case_study=site["pantry"], by=StaffUserFactory(), note="Taken down to correct a name."
        )
    assert client.get(urls["case study"]).status_code == 410  # gone: withdrawn
    for name in ("list", "theme", "publication"):
        assert "A community pantry" not in client.get(urls[name]).content.decode(), name


def test_an_editors_edit_of_a_published_case_study_shows_at_once(
    client, site, staff, django_capture_on_commit_callbacks
):
    urls = pages(site)
    for name in ("case study", "list"):
        client.get(urls[name])
    pantry = CaseStudy.objects.get(pk=site["pantry"].pk)
    data = {
        "seen_version": pantry.version,
        "title": "A community pantry, corrected",
        "standfirst": pantry.standfirst,
        "body": words(280),
        "theme": pantry.theme_id,
        "principles": [site["principle"].pk],
        "outcomes": pantry.outcomes,
        "licence": pantry.licence,
        "casestudies-statuschange-content_type-object_id-TOTAL_FORMS": "0",
        "casestudies-statuschange-content_type-object_id-INITIAL_FORMS": "0",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:casestudies_casestudy_change", args=[pantry.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    for name in ("case study", "list"):
        assert "A community pantry, corrected" in client.get(urls[name]).content.decode(), name


def test_renaming_a_theme_shows_on_every_page_at_once(client, site, staff, django_capture_on_commit_callbacks):
    urls = pages(site)
    for name in ("list", "case study", "theme", "call"):
        assert "Food security" in client.get(urls[name]).content.decode() or name == "call"
    admin_change(staff, site["theme"], django_capture_on_commit_callbacks, name_en_gb="Food justice")
    for name in ("list", "case study", "theme"):
        page = client.get(urls[name]).content.decode()
        assert "Food justice" in page and "Food security" not in page, name


def test_renaming_a_council_shows_on_every_page_at_once(client, site, staff, django_capture_on_commit_callbacks):
    urls = pages(site)
    for name in ("list", "case study", "council"):
        assert "Oldham Council" in client.get(urls[name]).content.decode()
    admin_change(staff, site["council"], django_capture_on_commit_callbacks, name="Oldham Metropolitan Council")
    for name in ("list", "case study", "council"):
        assert "Oldham Metropolitan Council" in client.get(urls[name]).content.decode(), name


def test_pages_change_once_the_change_is_committed_not_before(
    client, site, django_capture_on_commit_callbacks, django_assert_num_queries
):
    url = pages(site)["case study"]
    client.get(url)
    with django_capture_on_commit_callbacks() as callbacks:  # the transaction has not committed yet
        workflow.case_study_unpublish(
            case_study=site["pantry"], by=StaffUserFactory(), note="Taken down to correct a name."
        )
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200
    for callback in callbacks:
        callback()
    assert client.get(url).status_code == 410  # gone: withdrawn


# --- pages that change with time alone ------------------------------------------------------------


def test_the_call_page_changes_by_itself_at_the_deadline(client, db, django_assert_num_queries):
    call = CallFactory(slug="the-call")
    url = reverse("casestudies:call-detail", args=["the-call"])
    with time_machine.travel(call.eoi_deadline_at - datetime.timedelta(minutes=1), tick=False):
        assert 'data-eoi-state="open"' in client.get(url).content.decode()
        with django_assert_num_queries(0):
            client.get(url)
    with time_machine.travel(call.eoi_deadline_at, tick=False):
        page = client.get(url).content.decode()
    assert 'data-eoi-state="open"' not in page


def test_a_kept_page_is_made_again_after_midnight(client, site, django_assert_num_queries):
    url = pages(site)["case study"]
    today = timezone.localdate()
    evening = datetime.datetime.combine(today, datetime.time(23, 59), tzinfo=LONDON)
    with time_machine.travel(evening, tick=False):
        client.get(url)
        with django_assert_num_queries(0):
            client.get(url)
    with time_machine.travel(evening + datetime.timedelta(minutes=2), tick=False):
        with django_assert_num_queries(4):  # the case study, its principles, related, its publication
            client.get(url)


# --- never kept -----------------------------------------------------------------------------------


def test_a_visitor_with_a_session_is_served_a_fresh_page_that_is_not_kept(client, site, staff):
    url = pages(site)["list"]
    for _ in range(2):
        staff.get(url)
    assert cache.get(public_cache.page_key(staff.get(url).wsgi_request)) is None
    first = client.get(url)
    assert first.status_code == 200


def test_an_address_with_parameters_the_page_does_not_use_is_never_kept(client, site, django_assert_num_queries):
    client.get("/case-studies/?utm_source=newsletter")
    with django_assert_num_queries(2):  # the count and the page (the filter options are kept)
        client.get("/case-studies/?utm_source=newsletter")
    assert client.get("/case-studies/?page=abc").status_code == 404


def test_the_eoi_form_is_never_kept(client, site, django_assert_num_queries):
    url = reverse("casestudies:eoi-start", args=["the-call"])
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not any(key.startswith(":1:" + public_cache.PAGE_PREFIX) for key in cache._cache)
    # The call and the form's lists of councils and themes are kept (and the wording of the emails
    # the fixture's publishing sent), never the page.
    kept = {key.split(":", 3)[3] for key in public_cache._local.entries}
    assert {"call:the-call", f"eoi-form-choices:{site['call'].pk}"} <= kept
    assert all(name.startswith(("call:", "eoi-form-choices:", "email-wording:")) for name in kept), kept


def test_the_eoi_form_reads_its_kept_call_until_a_change_to_the_call_commits(
    client, site, django_assert_num_queries, django_capture_on_commit_callbacks
):
    """The EOI form's pages keep their call with the public pages; an admin save of a call starts a
    new generation once it commits (PublicContentAdminMixin), and the form follows it at once."""
    from casestudies.models import Call

    url = reverse("casestudies:eoi-start", args=["the-call"])
    assert "Expressions of interest have closed" not in client.get(url).content.decode()
    with django_assert_num_queries(0):  # no session yet, the call and the lists kept
        client.get(url)
    Call.objects.filter(pk=site["call"].pk).update(eoi_deadline_at=timezone.now() - datetime.timedelta(hours=1))
    assert "Expressions of interest have closed" not in client.get(url).content.decode()  # kept, as it was
    with django_capture_on_commit_callbacks(execute=True):
        public_cache.public_pages_changed()  # what the call's admin save does
    assert "Expressions of interest have closed" in client.get(url).content.decode()


def test_a_kept_call_is_a_copy_for_each_request(site):
    from casestudies import selectors

    first = selectors.call_get_kept(slug="the-call")
    first.title = "Changed by one request"
    assert selectors.call_get_kept(slug="the-call").title == site["call"].title


def test_the_eoi_form_choices_follow_an_admin_edit(client, site, staff, django_capture_on_commit_callbacks):
    """A council renamed in the admin is offered under its new name at once: the kept lists are stale."""
    url = reverse("casestudies:eoi-start", args=["the-call"])
    assert "Oldham Council" in client.get(url).content.decode()
    admin_change(staff, site["council"], django_capture_on_commit_callbacks, name="Oldham Metropolitan Council")
    assert "Oldham Metropolitan Council" in client.get(url).content.decode()


def test_a_missing_page_is_not_kept(client, db, django_assert_num_queries):
    client.get("/case-studies/no-such-thing/")
    with django_assert_num_queries(2):  # the published one, then whether it was withdrawn (a 410)
        assert client.get("/case-studies/no-such-thing/").status_code == 404


def test_public_caching_can_be_turned_off(client, site, settings, django_assert_num_queries):
    settings.PUBLIC_CACHE_SECONDS = 0
    client.get("/case-studies/")
    with django_assert_num_queries(6):
        client.get("/case-studies/")


# --- other workers, and the worker's own store ------------------------------------------------------


def test_a_change_made_by_another_worker_shows_here_within_a_second(
    client, site, monkeypatch, django_assert_num_queries
):
    url = pages(site)["case study"]
    client.get(url)
    CaseStudy.objects.filter(pk=site["pantry"].pk).update(title="Changed by another worker")
    cache.set(public_cache.GENERATION_KEY, "made-by-another-worker")  # what its new_generation() wrote
    with django_assert_num_queries(0):  # within the second, this worker still trusts its generation
        client.get(url)
    public_cache._local.checked_at -= public_cache.GENERATION_CHECK_SECONDS  # a second later
    assert "Changed by another worker" in client.get(url).content.decode()


def test_a_worker_serves_repeat_hits_from_its_own_store_without_asking_the_shared_cache(client, site, monkeypatch):
    url = pages(site)["list"]
    client.get(url)

    def shared_cache_not_expected(*args, **kwargs):
        raise AssertionError("the shared cache was asked")

    monkeypatch.setattr(public_cache.cache, "get", shared_cache_not_expected)
    assert client.get(url).status_code == 200


def test_a_page_kept_by_another_worker_is_served_from_the_shared_cache(client, site, django_assert_num_queries):
    url = pages(site)["theme"]
    first = client.get(url)
    generation = public_cache.current_generation()
    public_cache.forget_local()  # as a worker that has never rendered the page
    public_cache._local.generation, public_cache._local.checked_at = generation, public_cache.time.monotonic()
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content


def test_each_workers_own_store_is_bounded_and_drops_the_least_recently_used(monkeypatch):
    monkeypatch.setattr(public_cache, "LOCAL_BYTES", 1000)
    store = public_cache._Local()
    for name in ("a", "b", "c"):
        store.put(name, {"size": 200})
    store.get("a")
    store.put("d", {"size": 250})
    store.put("e", {"size": 240})
    assert list(store.entries) == ["c", "a", "d", "e"] and store.bytes == 890
    store.put("huge", {"size": 600})  # more than a quarter of the store: never kept here
    assert "huge" not in store.entries


# --- when the cache fails -------------------------------------------------------------------------


def test_pages_are_still_served_when_the_cache_is_down(client, site, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for method in ("get", "get_many", "set", "add"):
        monkeypatch.setattr(public_cache.cache, method, down)
    for url in pages(site).values():
        assert client.get(url).status_code == 200, url
    assert client.get("/case-studies/search/?q=pantry").status_code == 200


def test_a_publish_still_stands_when_the_cache_is_down(site, monkeypatch, django_capture_on_commit_callbacks):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(public_cache.cache, "set", down)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.case_study_unpublish(
            case_study=site["pantry"], by=StaffUserFactory(), note="Taken down to correct a name."
        )
    assert CaseStudy.objects.get(pk=site["pantry"].pk).status == CaseStudy.Status.UNPUBLISHED


def test_a_kept_page_keeps_its_etag_and_brotli_body(client, site, django_assert_num_queries):
    """A hit works out neither again: the same validator and the same bytes as the first answer."""
    import brotli

    url = pages(site)["publication"]
    first = client.get(url)
    first_br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    with django_assert_num_queries(0):
        again = client.get(url)
        again_br = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert again["ETag"] == first["ETag"] and again.content == first.content
    assert again_br["Content-Encoding"] == "br" and "Accept-Encoding" in again_br["Vary"]
    assert again_br["ETag"] == first_br["ETag"] == "W/" + first["ETag"]
    assert brotli.decompress(again_br.content) == first.content
    assert client.get(url, HTTP_ACCEPT_ENCODING="br", HTTP_IF_NONE_MATCH=again_br["ETag"]).status_code == 304


def test_without_one_cache_for_every_worker_the_eoi_form_reads_its_call_each_time(
    site, settings, django_assert_num_queries
):
    """With a cache per process (no REDIS_URL), a change made through one worker would reach the
    others only when their copies expired: the call is read afresh instead."""
    from casestudies import selectors

    settings.PUBLIC_CACHE_SHARED = False
    selectors.call_get_kept(slug="the-call")
    with django_assert_num_queries(1):
        selectors.call_get_kept(slug="the-call")
