"""Error pages that need the request: 400 (``handler400``). 404 is Django's own view with
templates/404.html; 500 is standalone (templates/500.html), as it must work with nothing else."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def bad_request(request, exception=None):
    """A request Django would not read: a form over ``DATA_UPLOAD_MAX_MEMORY_SIZE``, more fields than
    ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` (thousands of form rows), or other malformed input. Django has
    already marked the form as unreadable, so nothing here reads it again."""
    return render(request, "400.html", status=400)
