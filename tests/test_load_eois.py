"""Load with nothing lost, small and fast enough for CI (PostgreSQL): 100 EOIs from 10 concurrent
clients against the test server while two reviewers read the admin's contributions list, then
exactly 100 EOIs with distinct references, the ones the officers were shown, and one
acknowledgement each, recorded as sent. ``bench/load_eois.py`` runs the full 1,000 under gunicorn."""

import pytest
from django.core import mail

from bench import load_eois

from .factories import CallFactory, CallThemeFactory, CouncilFactory, ReviewerFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

EOIS, CLIENTS = 100, 10


def test_a_hundred_eois_from_ten_clients_while_reviewers_read_lose_and_double_nothing(live_server, settings):
    settings.EOI_SUBMISSIONS_PER_HOUR = 10 * EOIS  # every client is 127.0.0.1
    call = CallFactory()
    themes = [CallThemeFactory(call=call).theme_id for _ in range(3)]
    councils = [CouncilFactory().pk for _ in range(5)]
    reviewers = []
    for _ in range(2):  # steering group members, who can read the contributions list and nothing more
        user = ReviewerFactory()
        user.set_password(load_eois.REVIEWER_PASSWORD)
        user.save()
        reviewers.append(user.username)
    scenario = load_eois.Scenario(live_server.url, call.slug, themes, councils, reviewers)

    outcome = load_eois.run_load(scenario, eois=EOIS, clients=CLIENTS, time_limit=240)

    assert outcome.errors == []
    assert len(outcome.references) == EOIS
    assert outcome.reviewer_reads >= 2  # the reviewers really read while the officers sent
    acknowledgements = [m for m in mail.outbox if m.subject.startswith("We have your expression of interest")]
    assert len({m.to[0] for m in acknowledgements}) == EOIS
    problems = load_eois.check_nothing_lost(call=call, outcome=outcome, eois=EOIS, sent_messages=len(acknowledgements))
    assert problems == []
