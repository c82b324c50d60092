import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_explains_the_product_to_visitors(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your CME record, ready for every renewal" in page
    assert reverse("account_signup") in page


def test_home_sends_signed_in_clinicians_to_the_dashboard(alice_client) -> None:
    response = alice_client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:dashboard")


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_account_pages_use_our_layout(client, name: str) -> None:
    page = client.get(reverse(name)).content.decode()
    assert 'class="site-header"' in page
    assert "/static/css/app.css" in page


def test_htmx_is_served_by_the_app_not_a_cdn(client) -> None:
    page = client.get("/").content.decode()
    assert "/static/django_htmx/htmx-2.min.js" in page
    assert "://" not in page.split("<body")[0].replace('content="width', "")
