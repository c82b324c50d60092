"""The public rule book: no sign-in needed, nobody's record on these pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reporting.rules import book


def board_index(request: HttpRequest) -> HttpResponse:
    return render(request, "reporting/rules/board_index.html", {"states": book.rule_book_index()})


def board_detail(request: HttpRequest, code: str) -> HttpResponse:
    page = book.rule_book_board(code=code, on=timezone.localdate())
    if page.board.code != code:
        return redirect("rules:board", code=page.board.code, permanent=True)
    return render(request, "reporting/rules/board_detail.html", {"page": page})
