"""What the license pages cache for a physician, forgotten when the physician leaves."""

from collections.abc import Callable

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key

from accounts.models import User
from cmetrack.lib.personal_cache import personal_cache_forget
from reporting.licenses.pages import license_page_key
from reporting.models import License


def cached_pages_forget(*, user_id: int, license_ids: set[int]) -> None:
    """Delete what was cached for the user: dashboard cards, license pages, compliance answers.

    The names and keys are those of `reporting/licenses/dashboard.html`,
    `reporting/licenses/license_detail.html` and the compliance API, under every record version
    the user's pages were cached with.
    """
    keys = []
    for token in personal_cache_forget(user_id):
        keys.append(make_template_fragment_key("dashboard-cards", [token]))
        for pk in license_ids:
            keys.append(license_page_key(token, pk))
            keys.append(f"compliance:{token}:{pk}")
    cache.delete_many(keys)


def forget_on_account_deletion(*, user: User, **kwargs: object) -> Callable[[], None]:
    """Before the rows go: every license the user ever held (history too), forgotten after."""
    user_id = user.pk
    license_ids = set(License.history.filter(owner_id=user_id).values_list("id", flat=True))
    return lambda: cached_pages_forget(user_id=user_id, license_ids=license_ids)
