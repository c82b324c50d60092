"""An import is scanned like an upload: one infected certificate, and nothing is imported."""

import pytest

from reporting.record import portability
from tests.api.conftest import record_counts
from tests.api.test_portability import _export, _import, _rezip
from tests.certificates.clamd import clamd, scanning  # noqa: F401 - fixtures
from tests.certificates.conftest import stored_files
from tests.certificates.test_virus_scan import FOUND, infected_certificate

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("scanning")
def test_an_export_carrying_an_infected_certificate_imports_nothing(
    bob, alice_api, bob_api, alice_record, media
) -> None:  # type: ignore[no-untyped-def]
    data = _export(alice_api)
    member = portability.certificate_member(alice_record["certificates"][0])
    bad = _rezip(data, replace={member: infected_certificate()}, fix_manifest=True)
    files_before = stored_files(media)

    response = _import(bob_api, bad)

    assert response.status_code == 400
    assert response.json()["errors"][member] == [FOUND + _advice()]
    assert record_counts(bob) == (0, 0, 0)
    assert stored_files(media) == files_before


def _advice() -> str:
    return " Please scan your computer, then upload a clean copy of the certificate."
