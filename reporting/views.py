from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Per-license compliance; until licenses exist, a welcome that says what comes next."""
    return render(request, "reporting/dashboard.html")
