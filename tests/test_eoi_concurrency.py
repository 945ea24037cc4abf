"""Twenty councils sending at the same moment: twenty EOIs, twenty distinct references (PostgreSQL)."""

import pytest
from django.test import Client

from casestudies.models import ExpressionOfInterest

from .concurrency import run_together
from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post
from .factories import CallFactory, CallThemeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_twenty_parallel_submissions_make_twenty_eois_with_distinct_references(settings):
    settings.EOI_SUBMISSIONS_PER_HOUR = 1000
    call = CallFactory()
    for _ in range(2):
        CallThemeFactory(call=call)
    # Each client fills in the form first; then all twenty press "send" together.
    clients, tokens = [], []
    for i in range(20):
        client = Client(REMOTE_ADDR=f"127.0.0.{i + 1}")
        assert client.post(eoi_form_url(call), eoi_post(call, contact_name=f"Officer {i}")).status_code == 302
        tokens.append(client.get(eoi_check_url(call)).context["token"])
        clients.append(client)
    results = run_together(
        20, lambda i: clients[i].post(eoi_check_url(call), {"submission_token": tokens[i]}).status_code
    )
    assert results == [302] * 20
    references = list(ExpressionOfInterest.objects.values_list("reference", flat=True))
    assert len(references) == 20
    assert len(set(references)) == 20
    assert sorted(ExpressionOfInterest.objects.values_list("number", flat=True)) == list(range(1, 21))
