"""The worker process around the app: what it does once the app is built."""

import gc


def freeze_startup_objects() -> None:
    """An `on_startup` hook: what is built by then (routes, models, schemas, the OpenAPI document) lives as long as
    the worker, so the garbage collector's full passes leave it out (`gc.freeze`).

    Each full pass walked all of it, some 70 ms during which no request moved: under load, the generated bookstore's
    gets on SQLite had a p99 of 27-36 ms against a p50 of 7 ms, and 15 ms once frozen (the template's README).
    Objects frozen are still freed when nothing refers to them; only the cycles among them are never collected.
    """
    gc.collect()
    gc.freeze()
