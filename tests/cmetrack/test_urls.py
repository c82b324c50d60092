"""URLs remembered per process still follow the prefix the site is mounted under."""

from django.urls import reverse, set_script_prefix

from cmetrack.lib.urls import url


def test_a_remembered_url_is_what_reverse_gives() -> None:
    assert url("reporting:license_detail", 7) == reverse("reporting:license_detail", args=[7])
    assert url("rules:board", "TX-MD") == reverse("rules:board", args=["TX-MD"])
    assert url("accounts:profile") == reverse("accounts:profile")


def test_a_url_follows_the_mount_point_it_is_asked_under() -> None:
    plain = url("reporting:license_detail", 7)
    set_script_prefix("/cme/")
    try:
        assert url("reporting:license_detail", 7) == "/cme" + plain
    finally:
        set_script_prefix("/")
    assert url("reporting:license_detail", 7) == plain
