from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def home(request: HttpRequest) -> HttpResponse:
    """Explain the product to visitors; send signed-in clinicians to their dashboard."""
    if request.user.is_authenticated:
        return redirect("reporting:dashboard")
    return render(request, "home.html")
