"""The site's addresses, plus one that exists only on the benchmark's server.

``/bench/commit/`` is the ceiling for any submission: a POST that does nothing but commit one
row (a session row, in its own transaction, durably: ``synchronous_commit`` as configured) and
redirect. No form, no session read, no CSRF check, no email. Whatever a real submission does
comes on top of this, so its requests/s bound what the EOI POST could reach on this machine
while keeping the promise that a confirmed submission is on disk.
"""

import datetime
import secrets

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import include, path
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def commit_one_row(request):
    with transaction.atomic():
        Session.objects.create(
            session_key=secrets.token_hex(16),
            session_data="",
            expire_date=timezone.now() + datetime.timedelta(hours=1),
        )
    return HttpResponseRedirect("/healthz/")


urlpatterns = [
    path("bench/commit/", commit_one_row),
    path("", include("ccin_site.urls")),
]
