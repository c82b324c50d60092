import io
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from certificates.models import Certificate, Draft
from certificates.selectors import (
    certificate_get,
    certificate_open_draft,
    certificate_with_content,
    draft_get,
    draft_list,
)
from certificates.services import draft_close
from cmetrack.lib.downloads import attachment
from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import selectors, services, spreadsheets, table
from .forms import (
    ActivityFilterForm,
    ActivityForm,
    ActivityNoteForm,
    ImportForm,
    QuickActivityForm,
    add_service_errors,
    quick_form_markup,
)
from .models import Activity, CreditType, Format

PAGE_SIZE = 25
RESULTS_TARGET = "activity-results"
IMPORT_SALT = "activities.import"
IMPORT_MAX_AGE = 60 * 60  # a preview can be confirmed for an hour
# A certificate without drafts (stored before reading split files) shows its first pages.
MAX_REVIEW_PAGES = 4


def _list_context(
    request: AuthenticatedHttpRequest, params: QueryDict, *, vocabulary: selectors.Vocabulary
) -> dict[str, Any]:
    credit_types = vocabulary.credit_types
    filter_form = ActivityFilterForm(
        params, credit_types=credit_types, topics=vocabulary.topics, auto_id="filter_%s"
    )
    filters = filter_form.filters()
    activities = selectors.activity_list(user=request.user, filters=filters)
    totals = selectors.activity_totals(activities=activities, credit_types=credit_types)
    paginator = Paginator(selectors.activity_table(activities=activities), PAGE_SIZE)
    paginator.count = totals.count  # the totals counted the rows already: no second COUNT(*)
    page = paginator.get_page(params.get("page"))
    rows = table.rows(page.object_list, credit_types=credit_types)
    return {
        "filter_form": filter_form,
        "filters": filters,
        "page": page,
        "rows": rows,
        "rows_markup": table.rows_markup(rows),
        "totals": totals,
        "columns": table.columns(sort=filters.sort),
        "params": params,
        # The filters stay folded unless one is in use (sorting and paging are not filters).
        "filtering": any(value for key, value in params.items() if key not in ("sort", "page")),
        "record_empty": totals.count == 0
        and not selectors.activity_list(user=request.user).exists(),
    }


def _wants_results(request: HttpRequest) -> bool:
    # htmx asks for the table alone; a history restore needs the whole page back.
    htmx: Any = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == RESULTS_TARGET


@login_required
@vary_on_headers("HX-Request")
def activity_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    vocabulary = selectors.vocabulary()  # one read: the forms, totals and rows
    context = _list_context(request, request.GET, vocabulary=vocabulary)
    if _wants_results(request):
        return render(request, "activities/_results.html", {**context, "partial": True})
    # Two forms share this page: their own id prefixes keep every label tied to one input.
    context["quick_form"] = quick_form_markup(credit_types=vocabulary.credit_types)
    return render(request, "activities/activity_list.html", context)


@login_required
def activity_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity, "questions": selectors.activity_questions(activity)},
    )


def _certificate_from_query(request: AuthenticatedHttpRequest) -> Certificate | None:
    raw = request.GET.get("certificate", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such certificate.")
    return certificate_get(user=request.user, pk=int(raw))


def _draft_from_query(request: AuthenticatedHttpRequest) -> Draft | None:
    raw = request.GET.get("draft", "")
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("No such draft.")
    return draft_get(user=request.user, pk=int(raw))


def _duplicates(request: AuthenticatedHttpRequest, form: ActivityForm) -> list[Activity]:
    """What the user already logged that this form would log again (from what it holds now)."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else form.initial
    credit_type = data.get("credit_type")
    if isinstance(credit_type, int):
        credit_type = CreditType.objects.filter(pk=credit_type).first()
    certificate = data.get("certificate")
    if isinstance(certificate, int):
        certificate = Certificate.objects.filter(owner=request.user, pk=certificate).first()
    upload = data.get("upload")
    if upload and certificate is None:
        # The same bytes already on file are the same certificate, whatever the file is called.
        certificate = certificate_with_content(user=request.user, upload=upload)
    return selectors.activity_duplicates(
        user=request.user,
        title=data.get("title") or "",
        completed_on=data.get("completed_on"),
        credits=data.get("credits"),
        credit_type=credit_type.slug if credit_type else None,
        certificate=certificate,
    )


def _next_draft_url(request: AuthenticatedHttpRequest) -> str | None:
    following = draft_list(user=request.user).first()
    return f"{reverse('activities:create')}?draft={following.pk}" if following else None


def _save_form(request: HttpRequest, form: ActivityForm, save: Any) -> Activity | None:
    """Run a service with the form's data; on refusal, put its messages on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(**form.service_fields())
    except ValidationError as exc:
        add_service_errors(form, exc)
        return None


def _form_page(request: HttpRequest, form: ActivityForm, **context: Any) -> HttpResponse:
    """The add, edit and duplicate page: the form, and what `mode` says it is doing."""
    return render(request, "activities/activity_form.html", {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    draft = _draft_from_query(request)
    certificate = draft.certificate if draft else _certificate_from_query(request)
    if draft is None and certificate is not None:
        draft = certificate_open_draft(certificate=certificate)
    if draft is not None:
        initial = selectors.activity_initial_from_draft(draft)
    elif certificate is not None:
        initial = selectors.activity_initial_from_certificate(certificate)
    else:
        initial = {}
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        instance=Activity(owner=request.user),
        initial=initial,
    )
    duplicates: list[Activity] = []
    if request.method == "POST":
        if form.is_valid() and not request.POST.get("duplicate_ok"):
            # Warn once, never block: the physician may really have done it twice.
            duplicates = _duplicates(request, form)
    elif initial:
        duplicates = _duplicates(request, form)
    activity = (
        None
        if duplicates and request.method == "POST"
        else _save_form(
            request, form, lambda **f: services.activity_create(owner=request.user, **f)
        )
    )
    if activity:
        messages.success(request, f"“{activity.title}” was added to your record.")
        if draft is not None and draft.status == Draft.Status.OPEN:
            draft_close(draft=draft)
            following = _next_draft_url(request)
            if following:
                return redirect(following)
        return redirect("activities:list")
    return _form_page(
        request,
        form,
        certificate=certificate,
        draft=draft,
        mode="create",
        duplicates=duplicates,
        suggested=_still_suggested(request, form, initial),
        page_numbers=_review_pages(certificate, draft),
    )


def _still_suggested(request: HttpRequest, form: ActivityForm, initial: dict[str, Any]) -> set[str]:
    """The fields still showing what the certificate suggested, not yet confirmed by the user."""
    names = {name for name in initial if name != "certificate" and name in form.fields}
    if not form.is_bound:
        return names
    confirmed = set(request.POST.getlist("confirmed"))
    still = set()
    for name in names - confirmed:
        posted = form[name].value()
        suggested = initial[name]
        if isinstance(suggested, list):
            same = {str(value) for value in posted or []} == {str(value) for value in suggested}
        else:
            same = str(posted or "") == str(suggested)
        if same:
            still.add(name)
    return still


def _review_pages(certificate: Certificate | None, draft: Draft | None) -> list[int]:
    if draft is not None:
        return list(draft.page_numbers)
    if certificate is not None:
        return list(range(1, min(certificate.pages, MAX_REVIEW_PAGES) + 1))
    return []


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    if activity.provider_verified:
        return _annotate(request, activity)
    form = ActivityForm(
        request.POST or None, request.FILES or None, user=request.user, instance=activity
    )
    saved = _save_form(request, form, lambda **f: services.activity_update(activity=activity, **f))
    if saved:
        messages.success(request, f"“{saved.title}” was saved.")
        return redirect("activities:detail", pk=saved.pk)
    return _form_page(request, form, activity=activity, mode="edit")


def _annotate(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """The edit page of provider-verified credit: it says why, and takes a note."""
    form = ActivityNoteForm(request.POST or None, initial={"notes": activity.notes})
    if request.method == "POST" and form.is_valid():
        services.activity_annotate(activity=activity, notes=form.cleaned_data["notes"])
        messages.success(request, f"Your note on “{activity.title}” was saved.")
        return redirect("activities:detail", pk=activity.pk)
    message = services.PROVIDER_VERIFIED_MESSAGE.format(provider=activity.provider)
    return render(
        request,
        "activities/activity_note.html",
        {"form": form, "activity": activity, "message": message},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_duplicate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    source = selectors.activity_get(user=request.user, pk=pk)
    today = timezone.localdate()
    form = ActivityForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        instance=Activity(owner=request.user),
        initial={
            **{name: getattr(source, name) for name in services.COPIED_FIELDS},
            "topics": list(source.topics.all()),
            "started_on": today,
            "completed_on": today,
        },
    )
    copy = _save_form(request, form, lambda **f: services.activity_duplicate(activity=source, **f))
    if copy:
        messages.success(request, f"The copy of “{copy.title}” was added to your record.")
        return redirect("activities:list")
    return _form_page(request, form, source=source, mode="duplicate")


@login_required
@require_http_methods(["GET", "POST"])
def activity_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = selectors.activity_get(user=request.user, pk=pk)
    if request.method == "GET":
        return render(request, "activities/activity_confirm_delete.html", {"activity": activity})
    services.activity_delete(activity=activity)
    notice = f"“{activity.title}” was deleted."
    if _wants_results(request):
        # Deleted from a list row: send back the table as the list currently shows it.
        query = urlsplit(request.htmx.current_url or "").query
        context = _list_context(request, QueryDict(query), vocabulary=selectors.vocabulary())
        return render(
            request, "activities/_results.html", {**context, "partial": True, "notice": notice}
        )
    messages.success(request, notice)
    return redirect("activities:list")


@login_required
@require_http_methods(["GET", "POST"])
def activity_quick(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = QuickActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(
                owner=request.user, format=Format.OTHER, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{activity.title}” was added to your record.")
            return redirect("activities:list")
    return render(request, "activities/activity_quick.html", {"form": form})


@login_required
def activity_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    filters = ActivityFilterForm(request.GET).filters()
    activities = selectors.activity_list(user=request.user, filters=filters)
    stream = io.StringIO()
    stream.write("\ufeff")  # Excel reads UTF-8 only with a byte-order mark
    spreadsheets.activities_csv_write(activities=activities, stream=stream)
    filename = f"cme-activities-{timezone.localdate().isoformat()}.csv"
    return HttpResponse(
        stream.getvalue(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment(filename)},
    )


@login_required
def activity_import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    return HttpResponse(
        spreadsheets.template_csv(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": attachment("cme-activities-template.csv")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload → preview (nothing stored) → confirm (all rows or none)."""
    salt = f"{IMPORT_SALT}:{request.user.pk}"
    if request.method == "POST" and "payload" in request.POST:
        try:
            data = signing.loads(request.POST["payload"], salt=salt, max_age=IMPORT_MAX_AGE)
        except signing.BadSignature:
            messages.error(request, "That preview has expired; please upload the file again.")
            return redirect("activities:import")
        try:
            result = spreadsheets.activity_import(owner=request.user, data=data.encode())
        except ValidationError as exc:
            form = ImportForm()
            add_service_errors(form, exc)
            context: dict[str, Any] = {
                "form": form,
                "topics": selectors.topic_list(),
                "credit_types": selectors.credit_type_list(),
            }
            return render(request, "activities/activity_import.html", context)
        messages.success(
            request,
            f"Imported {result.created} activities; "
            f"skipped {result.skipped} already in your record.",
        )
        return redirect("activities:list")
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {
        "form": form,
        "topics": selectors.topic_list(),
        "credit_types": selectors.credit_type_list(),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read(spreadsheets.MAX_BYTES + 1)
        try:
            context["preview"] = spreadsheets.activity_import_preview(owner=request.user, data=data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The file travels to the confirm step signed, so it cannot change in between.
            context["payload"] = signing.dumps(data.decode("utf-8-sig"), salt=salt, compress=True)
    return render(request, "activities/activity_import.html", context)
