import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_EMAIL, DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_seed_demo_prints_credentials_that_sign_in() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert DEMO_EMAIL in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()
    client = Client()
    response = client.post("/accounts/login/", {"login": DEMO_EMAIL, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_seed_demo_twice_keeps_one_demo_user() -> None:
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.filter(email=DEMO_EMAIL).count() == 1
    assert User.objects.get(email=DEMO_EMAIL).profile.npi == "1234567893"
