"""Types for code that runs only behind a login.

A view behind `login_required`, or an API endpoint behind its authentication, sees a real
person in `request.user`, never AnonymousUser; saying so in the signature spares every such
view a cast. The person's model is imported for the type checker only, so at run time this
module still imports no app.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User

    class AuthenticatedHttpRequest(HttpRequest):
        user: User
        htmx: HtmxDetails  # set on every request by django-htmx's middleware

else:
    AuthenticatedHttpRequest = HttpRequest
