"""The worker process (app/lib/runtime.py): a started app is left out of the garbage collector's full passes."""

import gc

from litestar import Litestar

from tests.crud import Client


async def test_a_started_app_is_left_out_of_full_collections(app: Litestar, client: Client) -> None:
    # `client` started the app; gc.get_objects() lists what the collector's passes walk, frozen objects aside.
    assert gc.get_freeze_count() > 0
    assert not any(tracked is app for tracked in gc.get_objects())
