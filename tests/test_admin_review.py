"""The reviewers' admin: who may enter, the login lockout, the contributions list and its CSV,
reviews on the change page, and a fixed number of queries however many rows there are."""

import csv
import importlib
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies import access, workflow
from casestudies.models import Review

from .factories import (
    CallFactory,
    CallThemeFactory,
    ContributionFactory,
    ExpressionOfInterestFactory,
    ReviewerFactory,
    UserFactory,
)
from .review_helpers import bulk_contributions, known_spread

pytestmark = pytest.mark.django_db

LIST = "admin:casestudies_contribution_changelist"
PASSWORD = "correct-horse-battery-staple"


def change_url(contribution):
    return reverse("admin:casestudies_contribution_change", args=[contribution.pk])


def post_review(client, contribution, **data):
    """Post the change page as a browser would: its hidden fields (the history inline's
    management form) and the reviewer's answers."""
    html = client.get(change_url(contribution)).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))
    hidden.pop("csrfmiddlewaretoken", None)
    return client.post(change_url(contribution), {**hidden, **data})


# --- access --------------------------------------------------------------------------------------


def test_the_migration_makes_the_steering_group_with_exactly_its_permissions():
    migration = importlib.import_module("casestudies.migrations.0004_steering_group")
    assert migration.PERMISSIONS == access.STEERING_GROUP_PERMISSIONS
    # The migration's own function, on the models as they were at that migration (not the
    # global app registry, whose app configs it would change).
    state = MigrationExecutor(connection).loader.project_state(("casestudies", "0004_steering_group"))
    Group.objects.filter(name=access.STEERING_GROUP).delete()
    migration.create_steering_group(state.apps, None)
    group = Group.objects.get(name=access.STEERING_GROUP)
    held = set(group.permissions.values_list("content_type__app_label", "codename"))
    assert held == set(access.STEERING_GROUP_PERMISSIONS)
    assert not [p for p in held if p[0] in ("auth", "admin", "contenttypes", "sessions", "axes")]


@pytest.mark.parametrize("url", ["admin:auth_user_changelist", "admin:auth_group_changelist", "admin:auth_user_add"])
def test_a_reviewer_cannot_reach_user_management(client, url):
    client.force_login(ReviewerFactory())
    assert client.get(reverse(url)).status_code == 403


def test_a_reviewer_reaches_the_contributions_list_and_can_only_view_calls(client):
    call = CallFactory()
    client.force_login(ReviewerFactory())
    assert client.get(reverse(LIST)).status_code == 200
    call_url = reverse("admin:casestudies_call_change", args=[call.pk])
    assert client.get(call_url).status_code == 200
    assert client.post(call_url, {"title": "Renamed"}).status_code == 403
    call.refresh_from_db()
    assert call.title != "Renamed"


def test_a_reviewers_council_is_set_on_the_user_admin(admin_client):
    user = ReviewerFactory()
    page = admin_client.get(reverse("admin:auth_user_change", args=[user.pk]))
    assert "council this person works for" in page.content.decode()


# --- login lockout (django-axes) -----------------------------------------------------------------


def login(client, password, username="alex"):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"})


def test_the_admin_login_locks_after_five_failures_and_says_how_long_to_wait(client, settings):
    ReviewerFactory(username="alex")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200  # the login form again, with its error
    locked = login(client, "wrong")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Too many failed attempts to sign in" in page
    assert "Wait 1 hour, then try again." in page
    assert "comms@councils.coop" in page
    # Locked means locked: even the right password is refused until the wait is over.
    assert login(client, PASSWORD).status_code == 429


def test_a_successful_login_resets_the_count_of_failures(client, settings):
    ReviewerFactory(username="alex")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "wrong")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, "wrong").status_code == 200
    assert login(client, PASSWORD).status_code == 302


# --- the list ------------------------------------------------------------------------------------


def test_the_list_shows_what_reviewers_need_and_marks_their_own_council(client):
    scene = known_spread()
    workflow.review_save(contribution=scene.rows[3], reviewer=ReviewerFactory(), score=4)
    workflow.review_save(contribution=scene.rows[3], reviewer=ReviewerFactory(), score=5)
    scene.call.review_scores_shared = True  # the averages are shown before one scores (tested below)
    scene.call.save(update_fields=["review_scores_shared"])
    client.force_login(ReviewerFactory(council=scene.anytown))
    page = client.get(reverse(LIST), {"eoi__call__id__exact": scene.call.pk})
    html = page.content.decode()
    for text in ["Beeston Council", "London", "Wales", "Food", "60", "Declined", "4.5 (2)", "—"]:
        assert text in html
    assert html.count("Your council") == 2  # Anytown's two contributions
    headers = [str(h["text"]) for h in page.context["result_headers"]]
    assert headers[1:] == [
        "reference",
        "council",
        "region or nation",
        "theme",
        "description",
        "words",
        "status",
        "average score (reviews)",
        "received",
    ]


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"theme__id__exact": "food"}, {1, 2, 3}),
        ({"status__exact": "submitted"}, {5, 7}),
        ({"eoi__council__nation__exact": "wales"}, {4, 7}),
        ({"eoi__council__region__exact": "london"}, {3, 5}),
        ({"council": "anytown"}, {1, 2}),
        ({"council": "none"}, {6}),
        ({"case_study": "case_study_submitted"}, {1, 4}),
        ({"case_study": "case_study_published"}, {1}),
        ({"q": "Wyeside"}, {4, 7}),
    ],
)
def test_the_list_filters_and_searches(client, params, expected):
    scene = known_spread()
    ids = {
        "food": scene.food.pk,
        "anytown": scene.anytown.pk,
    }
    params = {k: str(ids.get(v, v)) for k, v in params.items()}
    client.force_login(ReviewerFactory())
    page = client.get(reverse(LIST), {"eoi__call__id__exact": scene.call.pk, **params})
    numbers = {n for n, row in scene.rows.items() if row in page.context["cl"].result_list}
    assert numbers == expected


def test_the_list_sorts_by_average_score(client):
    call = CallFactory()
    rows = bulk_contributions(call, 5, reviewer=ReviewerFactory())
    client.force_login(ReviewerFactory())
    # Column 9 is the average score (1 is the checkbox); "-" sorts descending.
    page = client.get(reverse(LIST), {"o": "-9"})
    scores = [c.avg_score for c in page.context["cl"].result_list]
    assert scores == sorted(scores, reverse=True) and len(rows) == 5


# --- CSV -----------------------------------------------------------------------------------------


def csv_rows(response):
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_csv_is_the_current_filtered_and_searched_list_not_just_one_page(client):
    scene = known_spread()
    client.force_login(ReviewerFactory())
    listing = client.get(reverse(LIST), {"eoi__call__id__exact": scene.call.pk, "theme__id__exact": scene.food.pk})
    link = reverse("admin:casestudies_contribution_csv") + listing.context["cl"].get_query_string()
    assert link.replace("&", "&amp;") in listing.content.decode()
    rows = csv_rows(client.get(link))
    assert rows[0][:10] == [
        "Reference",
        "Council",
        "Region or nation",
        "Theme",
        "Description",
        "Word count",
        "Status",
        "Average score",
        "Number of reviews",
        "Received at",
    ]
    assert sorted(r[0] for r in rows[1:]) == sorted(str(scene.rows[n]) for n in (1, 2, 3))
    searched = csv_rows(
        client.get(reverse("admin:casestudies_contribution_csv"), {"theme__id__exact": scene.food.pk, "q": "Beeston"})
    )
    assert [r[1] for r in searched[1:]] == ["Beeston Council"]


def test_the_csv_shows_phone_numbers_only_to_those_allowed(client):
    known_spread()
    csv_url = reverse("admin:casestudies_contribution_csv")
    allowed = ReviewerFactory()
    client.force_login(allowed)
    assert csv_rows(client.get(csv_url))[0][-1] == "Contact phone"
    not_allowed = ReviewerFactory()
    not_allowed.groups.clear()
    from django.contrib.auth.models import Permission

    not_allowed.user_permissions.set(Permission.objects.filter(codename="view_contribution"))
    client.force_login(not_allowed)
    rows = csv_rows(client.get(csv_url))
    assert "Contact phone" not in rows[0]
    assert "01632" not in str(rows)


def test_the_csv_of_selected_rows_guards_against_formulas(client):
    contribution = ContributionFactory(description="=1+1 " + "word " * 55)
    ContributionFactory()
    client.force_login(ReviewerFactory())
    response = client.post(
        reverse(LIST), {"action": "download_selected_csv", "_selected_action": [contribution.pk], "index": 0}
    )
    rows = csv_rows(response)
    assert len(rows) == 2
    assert rows[1][4].startswith("'=1+1")


# --- reviews on the change page ------------------------------------------------------------------


def test_a_reviewer_sees_the_others_reviews_only_after_saving_their_own(client):
    contribution = ContributionFactory()
    first = ReviewerFactory(first_name="Ada", last_name="Lovelace")
    workflow.review_save(contribution=contribution, reviewer=first, score=2, comment="Needs <b>more</b>.")
    workflow.review_save(contribution=contribution, reviewer=ReviewerFactory(), score=5)
    me = ReviewerFactory()
    client.force_login(me)
    html = client.get(change_url(contribution)).content.decode()
    assert "Ada Lovelace" not in html and "Needs &lt;b&gt;" not in html and "3.5 from" not in html
    assert "shown once you have saved your own" in html
    assert 'name="score"' in html
    listed = client.get(reverse(LIST)).content.decode()
    assert "after you score" in listed and "3.5 (2)" not in listed
    workflow.review_save(contribution=contribution, reviewer=me, score=4)
    html = client.get(change_url(contribution)).content.decode()
    assert "Ada Lovelace" in html and "Needs &lt;b&gt;more&lt;/b&gt;." in html
    assert "3.7 from 3 reviews" in html
    assert "3.7 (3)" in client.get(reverse(LIST)).content.decode()


def test_a_call_can_show_every_reviewer_the_scores_at_once(client):
    contribution = ContributionFactory()
    contribution.eoi.call.review_scores_shared = True
    contribution.eoi.call.save(update_fields=["review_scores_shared"])
    workflow.review_save(contribution=contribution, reviewer=ReviewerFactory(first_name="Ada"), score=2)
    client.force_login(ReviewerFactory())
    html = client.get(change_url(contribution)).content.decode()
    assert "Ada" in html and "2.0 from 1 review" in html


def test_an_editor_who_does_not_score_sees_the_reviews(client):
    from .factories import EditorFactory

    contribution = ContributionFactory()
    workflow.review_save(contribution=contribution, reviewer=ReviewerFactory(first_name="Ada"), score=2)
    client.force_login(EditorFactory())
    html = client.get(change_url(contribution)).content.decode()
    assert "Ada" in html and 'name="score"' not in html


def test_a_reviewer_scores_and_changes_only_their_own_review(client):
    contribution = ContributionFactory()
    other = ReviewerFactory()
    workflow.review_save(contribution=contribution, reviewer=other, score=1, comment="Weak.")
    me = ReviewerFactory()
    client.force_login(me)
    response = post_review(client, contribution, score="4", comment="Good spread.", _continue="1")
    assert response.status_code == 302
    assert response["Location"].endswith(change_url(contribution))
    response = post_review(client, contribution, score="5", comment="Better.", _save="1")
    assert response.status_code == 302
    assert "Your review of" in client.get(response["Location"]).content.decode()
    assert Review.objects.get(reviewer=me).score == 5
    assert Review.objects.get(reviewer=other).comment == "Weak."
    assert Review.objects.count() == 2
    page = client.get(change_url(contribution)).content.decode()
    assert re.search(r'<input type="radio" name="score" value="5"[^>]*checked', page)


def test_a_comment_without_a_score_is_sent_back(client):
    contribution = ContributionFactory()
    client.force_login(ReviewerFactory())
    response = post_review(client, contribution, comment="Interesting")
    assert response.status_code == 200
    assert "Give a score with your comment." in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_from_the_council_sees_why_they_cannot_score_and_a_post_writes_nothing(client):
    contribution = ContributionFactory()
    client.force_login(ReviewerFactory(council=contribution.eoi.council))
    html = client.get(change_url(contribution)).content.decode()
    assert "so you cannot score or decide on its contributions or case studies" in html
    assert 'name="score"' not in html and "Invite…" not in html
    post_review(client, contribution, score="5")
    assert not Review.objects.exists()


def test_the_contact_phone_is_shown_only_with_permission(client):
    contribution = ContributionFactory(eoi=ExpressionOfInterestFactory(contact_phone="01632 960777"))
    client.force_login(ReviewerFactory())
    assert "01632 960777" in client.get(change_url(contribution)).content.decode()
    viewer = UserFactory(is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.set(Permission.objects.filter(codename="view_contribution"))
    client.force_login(viewer)
    html = client.get(change_url(contribution)).content.decode()
    assert "01632 960777" not in html and 'name="score"' not in html


# --- speed ---------------------------------------------------------------------------------------

# session, user, the filtered call, 2 × permissions, the reviewer's council, the call / theme /
# council filters, 2 counts, the page of rows
LIST_QUERIES = 12


@pytest.mark.parametrize("size", [10, 500])
def test_the_list_makes_the_same_number_of_queries_for_10_and_500_contributions(
    client, size, django_assert_num_queries
):
    call = CallFactory()
    for _ in range(3):
        CallThemeFactory(call=call)
    reviewer = ReviewerFactory(council=ExpressionOfInterestFactory(call=call).council)
    bulk_contributions(call, size, reviewer=ReviewerFactory())
    client.force_login(reviewer)
    url = reverse(LIST)
    client.get(url)  # warm the session
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url, {"eoi__call__id__exact": call.pk})
    assert response.context["cl"].result_count == size


def test_the_list_and_its_csv_query_counts_do_not_grow_with_rows(client):
    call = CallFactory()
    CallThemeFactory(call=call)
    client.force_login(ReviewerFactory())
    counts = []
    for size in (10, 490):
        bulk_contributions(call, size, reviewer=ReviewerFactory(), start=len(counts) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("admin:casestudies_contribution_csv"))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_list_counts_each_filter_choice_when_asked(client):
    scene = known_spread()
    client.force_login(ReviewerFactory())
    page = client.get(reverse(LIST), {"eoi__call__id__exact": scene.call.pk, "_facets": "True"})
    assert page.status_code == 200
    assert "Food (3)" in page.content.decode()


def test_expressions_of_interest_are_read_only_for_reviewers_and_phones_need_permission(client):
    eoi = ExpressionOfInterestFactory(contact_phone="01632 960888")
    url = reverse("admin:casestudies_expressionofinterest_change", args=[eoi.pk])
    client.force_login(ReviewerFactory())
    assert "01632 960888" in client.get(url).content.decode()
    assert client.post(url, {"contact_name": "Changed"}).status_code == 403
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_expressionofinterest"))
    client.force_login(viewer)
    page = client.get(url)
    assert page.status_code == 200 and "01632 960888" not in page.content.decode()


def test_the_csv_carries_each_review_for_those_allowed_to_see_reviews(client):
    contribution = ContributionFactory(description="A hub " + "word " * 55)
    workflow.review_save(
        contribution=contribution,
        reviewer=ReviewerFactory(first_name="Ada", last_name="Lovelace"),
        score=2,
        comment="=HYPERLINK(1)",
    )
    workflow.review_save(
        contribution=contribution,
        reviewer=ReviewerFactory(username="sam", first_name="", last_name=""),
        score=5,
        comment="",
    )
    ContributionFactory(eoi__call=contribution.eoi.call)  # not reviewed: empty review cells
    csv_url = reverse("admin:casestudies_contribution_csv")
    client.force_login(ReviewerFactory())
    rows = csv_rows(client.get(csv_url))
    header = rows[0]
    assert header[-8:] == [
        "Review 1: reviewer",
        "Review 1: score",
        "Review 1: comment",
        "Review 1: date",
        "Review 2: reviewer",
        "Review 2: score",
        "Review 2: comment",
        "Review 2: date",
    ]
    row = next(r for r in rows[1:] if r[0] == str(contribution))
    assert row[header.index("Average score")] == "3.5"
    first = header.index("Review 1: reviewer")
    assert row[first : first + 3] == ["Ada Lovelace", "2", "'=HYPERLINK(1)"]
    assert row[first + 4 : first + 7] == ["sam", "5", ""]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", row[first + 3])
    not_allowed = ReviewerFactory()
    not_allowed.groups.clear()
    from django.contrib.auth.models import Permission

    not_allowed.user_permissions.set(Permission.objects.filter(codename="view_contribution"))
    client.force_login(not_allowed)
    rows = csv_rows(client.get(csv_url))
    assert not any(cell.startswith("Review ") for cell in rows[0]) and "Ada Lovelace" not in str(rows)
