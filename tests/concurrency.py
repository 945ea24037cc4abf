"""Running test actions at the same moment, each on its own database connection (PostgreSQL tests)."""

import threading

from django.db import connection


def run_together(count, action):
    """``action(i)`` for i in 0..count-1, each in its own thread and database connection, released
    together by a barrier. Returns the results in order; fails if any action raised."""
    start = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            start.wait(timeout=30)
            results[i] = action(i)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results
