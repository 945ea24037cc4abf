"""The theme spread board: its numbers against a known fixture, its warnings in words, the
spread as it would be after a decision, its links, and a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from casestudies.selectors import spread
from casestudies.selectors.spread import spread_for_call

from .factories import CallFactory, CallThemeFactory, ReviewerFactory
from .review_helpers import bulk_contributions, known_spread

pytestmark = pytest.mark.django_db

COLUMNS = [key for key, _label in spread.THEME_COLUMNS]


def theme_counts(board):
    return {row.name: [row.counts[key] for key in COLUMNS] for row in board.themes}


def test_theme_columns_are_the_ones_the_issue_names():
    assert COLUMNS == [
        "received",
        "shortlisted",
        "invited",
        "declined",
        "withdrawn",
        "case_study_submitted",
        "case_study_approved",
        "case_study_published",
    ]


def test_themes_by_status_match_the_fixture():
    scene = known_spread()
    board = spread_for_call(scene.call)
    assert theme_counts(board) == {
        #          received shortlisted invited declined withdrawn cs-submitted cs-approved cs-published
        "Food": [3, 1, 1, 1, 0, 1, 1, 1],
        "Hubs": [2, 0, 1, 0, 0, 1, 0, 0],
        "Digital": [2, 0, 0, 0, 1, 0, 0, 0],
    }
    assert [row.target for row in board.themes] == [2, 1, 0]


def test_each_theme_that_falls_short_is_warned_in_words():
    board = spread_for_call(known_spread().call)
    warnings = {row.name: row.warnings for row in board.themes}
    assert warnings["Food"] == ["Short of its target of 2: 1 invited, 1 more needed."]
    assert warnings["Hubs"] == []
    assert warnings["Digital"] == ["Nothing invited on this theme yet."]
    assert board.has_warnings


def test_nations_against_their_minimums():
    board = spread_for_call(known_spread().call)
    rows = {row.label: (row.minimum, [row.counts[key] for key, _ in spread.NATION_COLUMNS]) for row in board.nations}
    # received, shortlisted, invited, case study approved
    assert rows == {
        "England": (0, [4, 1, 1, 1]),
        "Wales": (1, [2, 0, 1, 0]),
        "Scotland": (1, [0, 0, 0, 0]),
        "Not known (council not listed)": (0, [1, 0, 0, 0]),
    }
    scotland = next(row for row in board.nations if row.label == "Scotland")
    assert scotland.warnings == [
        "Short of its minimum of 1: 0 invited, 1 more needed.",
        "Even if every shortlisted contribution were invited it would be 1 short: shortlist more.",
    ]
    assert all(not row.warnings for row in board.nations if row.label != "Scotland")


def test_councils_by_themes_and_the_viewers_own_council():
    scene = known_spread()
    board = spread_for_call(scene.call, your_council_id=scene.anytown.pk)
    rows = {row.name: ([c.count for c in row.cells], row.total.count, row.invited.count) for row in board.councils}
    assert rows == {
        "Anytown Council": ([2, 0, 0], 2, 1),
        "Beeston Council": ([1, 1, 0], 2, 0),
        "Northmoor Town Council (not listed)": ([0, 0, 1], 1, 0),
        "Wyeside Council": ([0, 1, 1], 2, 1),
    }
    assert [row.name for row in board.councils if row.is_yours] == ["Anytown Council"]


def test_the_spread_after_a_decision_moves_only_the_chosen_rows():
    scene = known_spread()
    # Invite the shortlisted Food contribution (2) and decline the submitted Hubs one (5).
    after = spread_for_call(scene.call, moves={scene.rows[2].pk: "invited", scene.rows[5].pk: "declined"})
    counts = theme_counts(after)
    assert counts["Food"][:4] == [3, 0, 2, 1]
    assert counts["Hubs"][:4] == [2, 0, 1, 1]
    assert {row.name: row.warnings for row in after.themes}["Food"] == []
    # Nothing was written: the board now is unchanged.
    assert theme_counts(spread_for_call(scene.call))["Food"][:4] == [3, 1, 1, 1]


def test_a_theme_with_too_few_shortlisted_to_reach_its_target_says_so():
    call = CallFactory()
    CallThemeFactory(call=call, target_case_studies=3)
    bulk_contributions(call, 2)
    (row,) = spread_for_call(call).themes
    assert row.warnings == [
        "Nothing invited on this theme yet.",
        "Short of its target of 3: 0 invited, 3 more needed.",
        "Even if every shortlisted contribution were invited it would be 3 short: shortlist more.",
    ]


def test_each_number_on_the_board_opens_the_list_it_counts(client):
    scene = known_spread()
    client.force_login(ReviewerFactory())
    page = client.get(reverse("admin:casestudies_contribution_spread", args=[scene.call.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    links = re.findall(r'<a href="(/admin/casestudies/contribution/\?[^"]+)">(\d+)</a>', html)
    assert len(links) > 20
    for url, number in links:
        listing = client.get(url.replace("&amp;", "&"))
        assert listing.status_code == 200, url
        assert listing.context["cl"].result_count == int(number), url


def test_the_board_warns_in_words_and_marks_the_reviewers_council(client):
    scene = known_spread()
    client.force_login(ReviewerFactory(council=scene.anytown))
    page = client.get(reverse("admin:casestudies_contribution_spread", args=[scene.call.pk]))
    html = page.content.decode()
    assert "Where the spread falls short" in html
    assert "Short of its target of 2: 1 invited, 1 more needed." in html
    assert "Nothing invited on this theme yet." in html
    assert "Short of its minimum of 1: 0 invited, 1 more needed." in html
    assert html.count("Your council") == 1


def test_the_call_admin_and_the_contributions_list_link_to_the_board(client):
    scene = known_spread()
    client.force_login(ReviewerFactory())
    url = reverse("admin:casestudies_contribution_spread", args=[scene.call.pk])
    assert url in client.get(reverse("admin:casestudies_call_changelist")).content.decode()
    assert url in client.get(reverse("admin:casestudies_call_change", args=[scene.call.pk])).content.decode()
    listing = client.get(reverse("admin:casestudies_contribution_changelist"), {"eoi__call__id__exact": scene.call.pk})
    assert url in listing.content.decode()


# --- speed ---------------------------------------------------------------------------------------

BOARD_QUERIES = 3  # the call's themes, its nation targets, one aggregate of its contributions


@pytest.mark.parametrize("size", [10, 500])
def test_the_board_counts_in_a_fixed_number_of_queries(size, django_assert_num_queries):
    call = CallFactory()
    for _ in range(4):
        CallThemeFactory(call=call)
    bulk_contributions(call, size)
    with django_assert_num_queries(BOARD_QUERIES):
        board = spread_for_call(call)
    assert sum(row.counts["received"] for row in board.themes) == size
    moves = {c.pk: "shortlisted" for c in call.eois.first().contributions.all()}
    with django_assert_num_queries(BOARD_QUERIES + 1):  # + the rows being moved
        spread_for_call(call, moves=moves)


def test_the_board_page_makes_as_many_queries_for_500_contributions_as_for_10(client):
    call = CallFactory()
    for _ in range(4):
        CallThemeFactory(call=call)
    client.force_login(ReviewerFactory())
    url = reverse("admin:casestudies_contribution_spread", args=[call.pk])
    counts = []
    for size in (10, 490):
        bulk_contributions(call, size, start=len(counts) * 1000)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
