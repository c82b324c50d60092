"""The project's URLs plus `/bench/floor`: a bare view that reads one row, renders a tiny template.

It runs on the same stack as every page (gunicorn, the full middleware chain, the session and
the user lookup, PostgreSQL), so a page's ratio to it is the cost of what the page itself does.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from cmetrack.urls import urlpatterns as product_urlpatterns
from reporting.models import Board

TEMPLATE = engines["django"].from_string(
    "<!doctype html><title>floor</title><p>{{ board.code }}: {{ board.name }}</p>"
)


@login_required
def floor(request: HttpRequest) -> HttpResponse:
    board = Board.objects.order_by("pk").first()
    return HttpResponse(TEMPLATE.render({"board": board}, request))


urlpatterns = [path("bench/floor", floor, name="bench_floor"), *product_urlpatterns]
