import datetime

import pytest
import time_machine

from tests.storage import local_media

# Every activities test runs on this day, so "not in the future" never depends on the clock.
TODAY = datetime.date(2026, 1, 20)


@pytest.fixture(autouse=True)
def _today(request):  # type: ignore[no-untyped-def]
    if request.node.get_closest_marker("e2e"):
        # The browser keeps real time: a session cookie from a travelled clock would be expired.
        yield
        return
    moment = datetime.datetime.combine(TODAY, datetime.time(15), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Certificates written by these tests land in a temporary folder, not var/media.
    local_media(settings, tmp_path)
