"""The benchmark server's settings: production's, plus one bench-only address (bench/urls.py).

Only ``bench/bench.py``'s gunicorn uses this module; the application never imports it.
"""

from ccin_site.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
