"""Share links: the physician's list, and the pages a link's holder opens without an account;
support's read-only view of a record whose owner opened a support access."""

import functools
from collections.abc import Callable
from typing import Any
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import support
from certificates.downloads import certificate_file_response
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.licenses import selectors as licenses_selectors
from reporting.models import ShareLink
from reporting.sharing import links, record
from reporting.sharing.forms import AccessCodeForm, ShareLinkForm
from reporting.transcripts.downloads import transcript_file_response

CODE_RATE_LIMIT = "share_link_code"
UNLOCKED = "share_links_unlocked"


# --- The physician's share links -------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def share_links(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The physician's links with their views, and the form for a new one."""
    licenses = list(licenses_selectors.license_list(user=request.user))
    form = ShareLinkForm(request.POST or None, licenses=licenses)
    if request.method == "POST" and form.is_valid():
        try:
            link, raw = links.share_link_create(
                owner=request.user,
                license_id=form.cleaned_data["license"],
                label=form.cleaned_data["label"],
                days=form.cleaned_data["days"],
                access_code=form.cleaned_data["access_code"],
                include_certificates=form.cleaned_data["include_certificates"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            address = request.build_absolute_uri(f"/s/{raw}")
            return render(
                request,
                "reporting/sharing/share_link_created.html",
                {
                    "link": link,
                    "address": address,
                    "transcript": record.transcript_shared(link=link),
                },
            )
    now = timezone.now()
    return render(
        request,
        "reporting/sharing/share_links.html",
        {
            "form": form,
            "licenses": licenses,
            "links": [
                (link, link.is_live(now)) for link in links.share_link_list(owner=request.user)
            ],
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def share_link_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = links.share_link_revoke(owner=request.user, pk=pk)
    messages.success(request, f"The link for “{link.label}” has ended; it no longer opens.")
    return redirect("reporting:share_links")


# --- What the holder of a link sees ---------------------------------------------------------
def holder_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Never cached, never indexed, never leaking its address in a Referer; and one answer,
    404 "ended or does not exist", for every link that is not live."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            response = render(request, "reporting/sharing/ended.html", status=404)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _unlocked(request: HttpRequest, link: ShareLink) -> bool:
    return not link.has_access_code or link.pk in request.session.get(UNLOCKED, [])


def _open(request: HttpRequest, secret: str) -> ShareLink:
    """The live link, once its access code (if any) was given in this browser session."""
    link = links.share_link_by_secret(secret)
    if not _unlocked(request, link):
        raise Http404("This link has ended or does not exist.")
    return link


@holder_page
@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest, secret: str) -> HttpResponse:
    link = links.share_link_by_secret(secret)
    if not _unlocked(request, link):
        return _code_page(request, link)
    if request.method == "POST":  # a code sent again, or to a link without one: just read
        return redirect(request.path)
    as_of = timezone.localdate()
    item = record.license_shared(link=link, as_of=as_of)
    links.share_link_view_log(link=link, what=f"{links.license_words(link)}: compliance")
    return render(
        request,
        "reporting/sharing/shared.html",
        {
            "link": link,
            "item": item,
            "license": link.license,
            "physician": link.owner,
            "transcript": record.transcript_shared(link=link),
            "certificates": record.certificates_shared(link=link, item=item),
            "as_of": as_of,
            "read_only": True,
        },
    )


def _code_page(request: HttpRequest, link: ShareLink) -> HttpResponse:
    form = AccessCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    key = str(link.pk)
    if request.method == "POST" and form.is_valid():
        # Counted per link and per address, like failed sign-ins: a code of a few characters
        # must not be guessable by trying them all.
        if not ratelimit.consume(request, action=CODE_RATE_LIMIT, key=key, dry_run=True):
            form.add_error(None, "Too many wrong codes. Wait 15 minutes, then try again.")
            status = 429
        elif links.share_link_code_matches(link, form.cleaned_data["code"]):
            request.session.cycle_key()  # a fresh session for what the code opens
            request.session[UNLOCKED] = [*request.session.get(UNLOCKED, []), link.pk]
            return redirect(request.path)
        else:
            ratelimit.consume(request, action=CODE_RATE_LIMIT, key=key)
            form.add_error("code", "That code is not right. Check it with the person who sent it.")
            status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "reporting/sharing/access_code.html", {"form": form}, status=status)


@holder_page
@require_GET
def shared_transcript(request: HttpRequest, secret: str) -> HttpResponseBase:
    link = _open(request, secret)
    shared = record.transcript_shared(link=link)
    if shared is None:
        raise Http404("No transcript.")
    links.share_link_view_log(link=link, what=f"{links.license_words(link)}: transcript PDF")
    return transcript_file_response(shared.transcript)


@holder_page
@require_GET
def shared_certificate(request: HttpRequest, secret: str, public_id: UUID) -> HttpResponseBase:
    link = _open(request, secret)
    certificate = record.certificate_shared(
        link=link, public_id=public_id, as_of=timezone.localdate()
    )
    links.share_link_view_log(
        link=link, what=f"{links.license_words(link)}: certificate {certificate.filename}"
    )
    return certificate_file_response(certificate)


# --- Support reading a record it was let into -----------------------------------------------
def _support_staff(request: HttpRequest) -> bool:
    """Site staff with two-factor authentication; anyone else finds nothing here."""
    user = request.user
    return bool(user.is_authenticated and user.is_staff and is_mfa_enabled(user))


def support_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """404 for everyone but staff with two-factor, who must also have signed in again lately."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _support_staff(request):
            raise Http404("Not found.")
        response = reauthentication_required(view)(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


@support_only
@require_GET
def support_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The support accesses open now: whose, why, until when (nothing of the records)."""
    return render(
        request,
        "reporting/sharing/support_list.html",
        {"accesses": support.support_accesses_live()},
    )


@support_only
@require_GET
def support_record(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponse:
    access = support.support_access_live_get(public_id=public_id)
    support.support_view_log(
        access=access,
        staff=request.user,
        what="licenses, activities and certificate names (support view)",
        request=request,
    )
    return render(
        request,
        "reporting/sharing/support_record.html",
        {
            "access": access,
            "record": record.support_record(physician=access.physician, as_of=timezone.localdate()),
            "read_only": True,
        },
    )
