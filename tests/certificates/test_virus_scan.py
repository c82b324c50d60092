"""Every upload is scanned by a real clamd; malware is refused, and so is every upload while the
scanner cannot answer (fail closed). Nothing refused is stored."""

import socket
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from certificates.models import Certificate
from certificates.validation.viruses import UNREACHABLE
from tests.api.conftest import bearer_client
from tests.certificates.clamd import EICAR, SIGNATURE, clamd, scanning  # noqa: F401 - fixtures
from tests.certificates.conftest import stored_files
from tests.certificates.factories import make_pdf

UPLOAD = reverse("certificates:upload")
FOUND = f"This file contains a virus or other malware ({SIGNATURE}.UNOFFICIAL); it was not saved."


def infected_certificate() -> bytes:
    """A well-formed certificate PDF whose page text carries the EICAR test string."""
    return make_pdf(["Certificate of Completion", EICAR], compress=False)


def post(client, data: bytes):  # type: ignore[no-untyped-def]
    return client.post(UPLOAD, {"file": SimpleUploadedFile("certificate.pdf", data)})


@pytest.mark.usefixtures("scanning")
def test_an_infected_certificate_is_refused_on_the_upload_page(alice_client, media) -> None:  # type: ignore[no-untyped-def]
    response = post(alice_client, infected_certificate())

    assert response.status_code == 400
    assert FOUND in response.content.decode()
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


@pytest.mark.usefixtures("scanning")
def test_an_infected_certificate_is_refused_by_the_api(alice, media) -> None:  # type: ignore[no-untyped-def]
    response = bearer_client(alice).post(
        "/api/v1/certificates",
        {"file": SimpleUploadedFile("certificate.pdf", infected_certificate())},
    )

    assert response.status_code == 400
    assert FOUND in response.json()["detail"]
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


@pytest.mark.usefixtures("scanning")
def test_a_clean_certificate_passes_the_scanner_and_is_stored(alice_client, media) -> None:  # type: ignore[no-untyped-def]
    response = post(alice_client, make_pdf(["Certificate of Completion", "Ethics, 2 credits"]))

    assert response.status_code == 302
    assert Certificate.objects.count() == 1
    assert len(stored_files(media)) == 1


@pytest.fixture
def silent_scanner(settings) -> str:  # type: ignore[no-untyped-def]
    """A port that accepts connections and closes them unanswered (a scanner that crashed)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    stop = threading.Event()

    def serve() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    settings.CLAMAV_URL = f"tcp://127.0.0.1:{listener.getsockname()[1]}"
    yield settings.CLAMAV_URL
    stop.set()
    thread.join()
    listener.close()


@pytest.mark.parametrize("where", ["nothing listening", "a socket file that is gone"])
def test_an_unreachable_scanner_refuses_every_upload(
    alice_client, media, settings, tmp_path, where
) -> None:  # type: ignore[no-untyped-def]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        free = probe.getsockname()[1]
    settings.CLAMAV_URL = (
        f"tcp://127.0.0.1:{free}" if where == "nothing listening" else f"unix://{tmp_path}/gone"
    )

    response = post(alice_client, make_pdf(["Certificate of Completion", "Ethics, 2 credits"]))

    assert response.status_code == 503
    assert UNREACHABLE in response.content.decode()
    assert not Certificate.objects.exists()
    assert stored_files(media) == []


def test_a_scanner_that_hangs_up_without_an_answer_refuses_the_upload(
    alice, media, silent_scanner
) -> None:  # type: ignore[no-untyped-def]
    response = bearer_client(alice).post(
        "/api/v1/certificates",
        {"file": SimpleUploadedFile("certificate.pdf", make_pdf())},
    )

    assert response.status_code == 503
    assert response.json()["detail"] == UNREACHABLE
    assert not Certificate.objects.exists()
    assert stored_files(media) == []
