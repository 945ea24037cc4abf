"""``/healthz/``: the application answers. For load balancers and uptime checks.

It reads nothing (no database, cache, session or template), so it says only that a worker is
up; it is also the benchmark's floor, the cost of Django's request cycle and middleware alone.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache  # a proxy must not answer for the app
@require_safe
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
