"""The database drops the app's connection between two requests (a restart, a failover, an idle
timeout): the next request still works (PostgreSQL).

The app keeps its connection open between requests (``CONN_MAX_AGE``, 60 seconds by default),
so a restart leaves it holding a dead connection. ``CONN_HEALTH_CHECKS`` (on in
settings/base.py) makes Django check a reused connection at the start of each request and
reconnect if it is dead. The requests go through Django's real WSGI handler in one server
thread, as one gunicorn sync worker serves them (the test client skips the connection
handling between requests, so it cannot show this).
"""

import threading
import urllib.request
import wsgiref.simple_server

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections
from django.urls import reverse

from .factories import CallFactory, CallThemeFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

APP_BACKENDS = """
    SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'
"""


class QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, *args):
        pass


class OneThreadServer:
    """Django's WSGI application served from one thread, which keeps its own database connection."""

    def __init__(self):
        self.server = wsgiref.simple_server.make_server("127.0.0.1", 0, WSGIHandler(), handler_class=QuietHandler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            self.server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()  # this thread's connection, so the test database can be dropped

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()

    def get(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as response:  # noqa: S310 - loopback only
                response.read()
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def app_backends() -> set[int]:
    with connection.cursor() as cursor:  # the test's own, second connection
        cursor.execute(APP_BACKENDS)
        return {row[0] for row in cursor.fetchall()}


def terminate(pids: set[int]) -> None:
    with connection.cursor() as cursor:
        for pid in pids:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def form_url(db, settings):
    """The EOI form of an open call: a page that reads the database on every request (never kept as
    a page; its call read afresh each time, as where the workers share no cache)."""
    settings.PUBLIC_CACHE_SHARED = False
    call = CallFactory()
    for _ in range(2):
        CallThemeFactory(call=call)
    return reverse("casestudies:eoi-start", kwargs={"slug": call.slug})


def test_the_app_reuses_its_connection_and_the_next_request_after_it_is_killed_works(form_url):
    assert connection.settings_dict["CONN_MAX_AGE"] > 0
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    before = app_backends()
    with OneThreadServer() as app:
        assert app.get(form_url) == 200
        first = app_backends() - before
        assert len(first) == 1
        assert app.get(form_url) == 200
        assert app_backends() - before == first  # CONN_MAX_AGE: the same connection served both requests

        terminate(first)  # as a database restart does, between two requests

        assert app.get(form_url) == 200
        second = app_backends() - before
        assert len(second) == 1 and second != first  # a fresh connection, made at the start of the request


def test_without_health_checks_the_first_request_after_a_restart_fails(form_url, monkeypatch):
    """Why CONN_HEALTH_CHECKS is on: without it, a dead connection is found only by failing a request."""
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", False)
    before = app_backends()
    with OneThreadServer() as app:
        assert app.get(form_url) == 200
        terminate(app_backends() - before)
        assert app.get(form_url) == 500
        assert app.get(form_url) == 200  # the broken connection was dropped at the end of the failed request
