"""The public rule book: no sign-in needed, nobody's record on these pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import selectors


def board_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reporting/rules/board_index.html", {"states": selectors.rule_book_index()}
    )


def board_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = selectors.rule_book_board(code=code, on=timezone.localdate())
    if page.board.code != code:
        return redirect("rules:board", code=page.board.code, permanent=True)
    return render(request, "reporting/rules/board_detail.html", {"page": page})
