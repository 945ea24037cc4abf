"""A reviewer's queue: order, progress, their own council left out, blind until scored, one
contribution at a time with "Save and next", and the call's closing of reviews."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casestudies import workflow
from casestudies.models import Review
from casestudies.selectors.review_queue import review_queue

from .factories import (
    CallFactory,
    CallThemeFactory,
    ContributionFactory,
    CouncilFactory,
    EditorFactory,
    ExpressionOfInterestFactory,
    ReviewerFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
QUEUE = "admin:casestudies_contribution_queue"


def review_url(contribution, **query):
    url = reverse("admin:casestudies_contribution_review", args=[contribution.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def scene():
    """A call with two themes (food first), three food contributions, two digital, one from Oldham."""
    call = CallFactory()
    food = ThemeFactory(name="Food distribution", order=1)
    digital = ThemeFactory(name="Digital councils", order=2)
    for theme in (food, digital):
        CallThemeFactory(call=call, theme=theme)
    oldham = CouncilFactory(name="Oldham Council")

    def row(theme, council=None):
        eoi = ExpressionOfInterestFactory(call=call, council=council or CouncilFactory())
        return ContributionFactory(eoi=eoi, theme=theme)

    rows = {
        "food1": row(food),
        "food2": row(food, oldham),
        "food3": row(food),
        "digital1": row(digital),
        "digital2": row(digital),
    }
    return {"call": call, "food": food, "digital": digital, "oldham": oldham, "rows": rows}


def test_the_queue_is_theme_by_theme_leaves_out_the_own_council_and_counts_progress(scene):
    reviewer = ReviewerFactory(council=scene["oldham"])
    rows = scene["rows"]
    workflow.review_save(contribution=rows["food3"], reviewer=reviewer, score=4)
    queue = review_queue(call=scene["call"], user=reviewer)
    assert [r.pk for r in queue.rows] == [rows[k].pk for k in ("food1", "food3", "digital1", "digital2")]
    assert queue.own_council_left_out == 1
    assert [(p.theme.name, p.scored, p.total) for p in queue.progress] == [
        ("Food distribution", 1, 2),
        ("Digital councils", 0, 2),
    ]
    assert {r.pk: r.my_score for r in queue.rows}[rows["food3"].pk] == 4
    unscored = review_queue(call=scene["call"], user=reviewer, theme_id=scene["food"].pk, only_unscored=True)
    assert [r.pk for r in unscored.rows] == [rows["food1"].pk]
    position = queue.position(rows["food3"].pk)
    assert (position["number"], position["of"], position["theme"]) == (2, 2, scene["food"])
    assert (position["previous"].pk, position["next"].pk) == (rows["food1"].pk, rows["digital1"].pk)


def test_the_queue_page_shows_your_scores_progress_and_what_was_left_out(client, scene):
    reviewer = ReviewerFactory(council=scene["oldham"])
    workflow.review_save(contribution=scene["rows"]["food1"], reviewer=reviewer, score=3)
    client.force_login(reviewer)
    page = " ".join(client.get(reverse(QUEUE), {"call": scene["call"].pk}).content.decode().split())
    assert "1 of 2 scored" in page and "0 of 2 scored" in page
    assert "Not scored by you" in page
    assert "1 contribution from your own council is left out" in page
    assert "Oldham Council" not in page
    filtered = client.get(reverse(QUEUE), {"call": scene["call"].pk, "theme": scene["food"].pk, "unscored": "1"})
    assert "<title>Food distribution – review contributions" in filtered.content.decode()
    assert "(not yet scored by you)" in filtered.content.decode()


def test_the_review_page_hides_the_others_scores_until_you_have_saved_yours(client, scene):
    food1 = scene["rows"]["food1"]
    workflow.review_save(contribution=food1, reviewer=ReviewerFactory(first_name="Ada"), score=1, comment="Thin.")
    me = ReviewerFactory()
    client.force_login(me)
    page = client.get(review_url(food1)).content.decode()
    assert "Ada" not in page and "Thin." not in page
    assert "shown once you have saved your own" in page
    assert '<fieldset class="ccin-score" aria-describedby="id_score_hint">' in page
    assert "1 of 3 in Food distribution" in page
    client.post(review_url(food1), {"score": "4", "comment": "", "save": "1", "call": scene["call"].pk})
    page = client.get(review_url(food1)).content.decode()
    assert "Ada" in page and "Thin." in page


def test_save_and_next_moves_on_and_at_the_end_of_the_queue_returns_to_it(client, scene):
    rows = scene["rows"]
    me = ReviewerFactory()
    client.force_login(me)
    food = scene["food"].pk
    response = client.post(review_url(rows["food1"], theme=food), {"score": "5", "save_next": "1", "theme": food})
    assert response["Location"] == review_url(rows["food2"], call=scene["call"].pk, theme=food) + "#id_score_legend"
    response = client.post(review_url(rows["food3"], theme=food), {"score": "2", "save_next": "1", "theme": food})
    assert response["Location"].startswith(reverse(QUEUE))
    said = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert said[-1] == "That was the last contribution in this queue."
    assert dict(Review.objects.filter(reviewer=me).values_list("contribution_id", "score")) == {
        rows["food1"].pk: 5,
        rows["food3"].pk: 2,
    }


def test_a_score_is_required_and_the_error_summary_links_to_it(client, scene):
    client.force_login(ReviewerFactory())
    response = client.post(review_url(scene["rows"]["food1"]), {"score": "", "save_next": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_score_0">Choose a score from 1 to 5</a>' in page
    assert "<title>Error: " in page
    assert not Review.objects.exists()


@pytest.mark.parametrize("score", ["0", "6", "five", "<script>", "3.5"])
def test_a_bad_score_is_refused_and_nothing_is_written(client, scene, score):
    client.force_login(ReviewerFactory())
    response = client.post(review_url(scene["rows"]["food1"]), {"score": score, "save": "1"})
    assert response.status_code == 200
    assert not Review.objects.exists()


def test_the_own_councils_review_page_is_refused_by_the_workflow_rule(client, scene):
    client.force_login(ReviewerFactory(council=scene["oldham"]))
    own = scene["rows"]["food2"]
    response = client.post(review_url(own), {"score": "5", "save": "1"})
    assert response["Location"].startswith(reverse(QUEUE))
    assert not Review.objects.exists()


def test_scores_are_refused_once_the_call_closes_reviews(client, scene):
    call = scene["call"]
    call.reviews_close_at = timezone.now() - datetime.timedelta(minutes=1)
    call.save(update_fields=["reviews_close_at"])
    reviewer = ReviewerFactory()
    with pytest.raises(ValidationError) as caught:
        workflow.review_save(contribution=scene["rows"]["food1"], reviewer=reviewer, score=3)
    assert caught.value.code == "reviews_closed"
    client.force_login(reviewer)
    response = client.post(review_url(scene["rows"]["food1"]), {"score": "3", "save": "1"}, follow=True)
    assert any("Reviews of this call's contributions closed" in str(m) for m in response.context["messages"])
    assert not Review.objects.exists()


def test_the_queue_is_for_reviewers(client, scene):
    client.force_login(EditorFactory())
    assert client.get(reverse(QUEUE)).status_code == 403
    assert client.get(review_url(scene["rows"]["food1"])).status_code == 403


def test_the_queue_asks_the_database_a_fixed_number_of_times(client, scene, django_assert_max_num_queries):
    client.force_login(ReviewerFactory())
    client.get(reverse(QUEUE), {"call": scene["call"].pk})
    for _ in range(10):
        ContributionFactory(eoi=ExpressionOfInterestFactory(call=scene["call"]), theme=scene["food"])
    with django_assert_max_num_queries(12):
        client.get(reverse(QUEUE), {"call": scene["call"].pk})


# --- the contributions list and page, for reviewers -----------------------------------------------


def test_the_list_title_names_the_filters_in_force(client, scene):
    client.force_login(ReviewerFactory())
    url = reverse("admin:casestudies_contribution_changelist")
    page = client.get(url, {"theme__id__exact": scene["food"].pk, "status__exact": "submitted"}).content.decode()
    assert "<title>Review contributions: Food distribution, submitted |" in page
    assert '<a class="ccin-skip" href="#changelist-filter">Skip to the filters</a>' in page
    assert "<title>Review contributions |" in client.get(url).content.decode()


def test_the_list_sorts_by_council(client, scene):
    client.force_login(ReviewerFactory())
    url = reverse("admin:casestudies_contribution_changelist")
    sorted_page = client.get(url, {"o": "2"})
    names = [c.eoi.council_display for c in sorted_page.context["cl"].result_list]
    assert names == sorted(names)
    reverse_names = [c.eoi.council_display for c in client.get(url, {"o": "-2"}).context["cl"].result_list]
    assert reverse_names == sorted(names, reverse=True)


def test_a_reviewer_views_their_own_councils_contribution_but_cannot_change_it(client, scene):
    client.force_login(ReviewerFactory(council=scene["oldham"]))
    own = scene["rows"]["food2"]
    page = client.get(reverse("admin:casestudies_contribution_change", args=[own.pk])).content.decode()
    assert "View contribution" in page
    assert 'name="_save"' not in page


@pytest.mark.parametrize("value", ["²", "٣", "9" * 30, "-1", "0", "x"])
def test_a_bad_id_in_a_reviewer_address_is_ignored_not_a_500(client, scene, value):
    client.force_login(ReviewerFactory())
    changelist = reverse("admin:casestudies_contribution_changelist")
    assert client.get(reverse(QUEUE), {"call": value, "theme": value}).status_code == 200
    assert client.get(changelist, {"eoi__call__id__exact": value, "theme__id__exact": value}).status_code in (
        200,
        302,
    )
    assert client.get(changelist, {"council": value}).status_code in (200, 302)
