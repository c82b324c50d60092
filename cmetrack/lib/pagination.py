"""docs/api.md's page shape, `{count, next, previous, results}`, for any list endpoint."""

from collections.abc import Callable, Sequence
from typing import Any

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

MAX_PAGE_SIZE = 100


def api_page(
    request: HttpRequest,
    items: Sequence[Any] | QuerySet[Any],
    *,
    page: int,
    page_size: int,
    out: Callable[[Any], Any],
) -> dict[str, Any]:
    """One page of `items`, with absolute links to its neighbours; past the end is a 404."""
    paginator: Paginator[Any] = Paginator(items, min(max(page_size, 1), MAX_PAGE_SIZE))
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise Http404("No such page.") from None

    def link(number: int) -> str:
        params = request.GET.copy()
        params["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")

    return {
        "count": paginator.count,
        "next": link(current.next_page_number()) if current.has_next() else None,
        "previous": link(current.previous_page_number()) if current.has_previous() else None,
        "results": [out(item) for item in current.object_list],
    }
