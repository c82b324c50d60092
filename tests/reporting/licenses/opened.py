"""The license page as a person reads it after opening every requirement's lists: the page,
then each requirement's lists as its <details> fetches them (an htmx request)."""

import html
import re

LISTS_URL = re.compile(r'<details class="credit-lists" hx-get="([^"]+)"')


def lists_urls(page: str) -> list[str]:
    return [html.unescape(url) for url in LISTS_URL.findall(page)]


def with_lists_opened(client, page: str) -> str:  # type: ignore[no-untyped-def]
    """`page` followed by every requirement's lists, fetched as the opened <details> does."""
    parts = [page]
    for url in lists_urls(page):
        response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200, url
        parts.append(response.content.decode())
    return "\n".join(parts)
