"""Boards, versioned rule sets and requirements, with history, new versions and impact."""

import datetime
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.forms.formsets import all_valid
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from cmetrack.lib.admin import CountsOnlyDeleteMixin
from reporting.admin.filters import BoardStateFilter, VerifiedBeforeFilter
from reporting.admin.forms import (
    REQUIREMENT_FIELDSETS,
    RULE_SET_FIELDSETS,
    NewVersionForm,
    RequirementForm,
    RuleSetForm,
)
from reporting.compliance import evaluation, impact
from reporting.models import Board, Requirement, RuleSet


# --- Boards ---------------------------------------------------------------------------------
class RuleSetInline(admin.TabularInline):
    """A board's rule-set versions, read-only here: each opens in the rule-set admin."""

    model = RuleSet
    fk_name = "board"
    fields = ("in_force_from", "effective_to", "cycle_years", "cme_required", "confidence")
    readonly_fields = fields
    ordering = ("-effective_from",)
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="in force from")
    def in_force_from(self, rule_set: RuleSet) -> str:
        return in_force_from_words(rule_set)


def in_force_from_words(rule_set: RuleSet) -> str:
    """The first version of a board has no start date in the rule book: "From the start"."""
    if rule_set.effective_from == datetime.date.min:
        return "From the start"
    return date_format(rule_set.effective_from, "j M Y")


def cycles_words(rule_set: RuleSet) -> str:
    """ "every cycle that ends from 1 Jan 2027 to 31 Dec 2028", as this version is saved."""
    first = rule_set.effective_from == datetime.date.min
    start = date_format(rule_set.effective_from, "j M Y")
    end = date_format(rule_set.effective_to, "j M Y") if rule_set.effective_to else ""
    if first:
        return f"every cycle that ends on or before {end}" if end else "every cycle"
    if end:
        return f"every cycle that ends from {start} to {end}"
    return f"every cycle that ends on or after {start}"


@admin.register(Board)
class BoardAdmin(CountsOnlyDeleteMixin, SimpleHistoryAdmin):
    list_display = ("code", "name", "state", "degree", "shares_rules_with", "current_rule_set")
    list_filter = ("state", "degree")
    search_fields = ("code", "name")
    list_select_related = ("shares_rules_with",)
    inlines = [RuleSetInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Board]:
        today = timezone.localdate()
        in_force = (
            RuleSet.objects.filter(
                board_id=Coalesce(OuterRef("shares_rules_with_id"), OuterRef("pk")),
                effective_from__lte=today,
            )
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=today))
            .order_by("-effective_from")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                current_rule_set_id=Subquery(in_force.values("pk")[:1]),
                current_rule_set_from=Subquery(in_force.values("effective_from")[:1]),
            )
        )

    @admin.display(description="rules in force today")
    def current_rule_set(self, board: Board) -> str:
        # current_rule_set_id and current_rule_set_from are annotated by get_queryset.
        if board.current_rule_set_id is None:  # type: ignore[attr-defined]
            return "—"
        url = reverse("admin:reporting_ruleset_change", args=[board.current_rule_set_id])  # type: ignore[attr-defined]
        owner = f"{board.shares_rules_with.code}'s, " if board.shares_rules_with_id else ""  # type: ignore[union-attr]
        return format_html(
            '<a href="{}">{}from {}</a>',
            url,
            owner,
            board.current_rule_set_from.isoformat(),  # type: ignore[attr-defined]
        )


# --- Rule sets and requirements -------------------------------------------------------------
class RequirementInline(admin.StackedInline):
    """The lines of a rule set, each a compact block: a table of sixteen columns made the page
    three screens wide. The rarer fields (deadlines, renewals) open on the requirement's page."""

    model = Requirement
    form = RequirementForm
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("code", "kind", "position"),
                    "label",
                    ("credits", "cap", "counts_toward_total"),
                    "credit_types",
                    "topics",
                    ("window", "window_n"),
                    ("from_renewal", "until_renewal"),
                    ("condition", "confidence", "exclusive_group"),
                )
            },
        ),
    )
    ordering = ("position", "pk")
    show_change_link = True
    extra = 0


@admin.register(RuleSet)
class RuleSetAdmin(CountsOnlyDeleteMixin, SimpleHistoryAdmin):
    form = RuleSetForm
    change_form_template = "admin/reporting/ruleset/change_form.html"
    list_display = (
        "board",
        "in_force_from",
        "effective_to",
        "cycle_years",
        "confidence",
        "verified_on",
        "cme_required",
    )
    list_select_related = ("board",)
    list_filter = (
        BoardStateFilter,
        "board__degree",
        "confidence",
        VerifiedBeforeFilter,
        "cme_required",
    )
    search_fields = ("board__code", "board__name", "notes")
    readonly_fields = ("sources_readable",)
    fieldsets = RULE_SET_FIELDSETS
    inlines = [RequirementInline]
    actions = ["new_version"]

    class Media:
        css = {"all": ["css/admin-rules.css"]}

    @admin.display(description="in force from", ordering="effective_from")
    def in_force_from(self, rule_set: RuleSet) -> str:
        return in_force_from_words(rule_set)

    def changeform_view(  # type: ignore[override]
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # Editing a version in place rewrites the verdicts of every cycle it judges, past ones
        # included: the form says which, and offers "New version" first.
        rule_set = self.get_object(request, unquote(object_id)) if object_id else None
        if rule_set is not None:
            extra_context = {
                **(extra_context or {}),
                "cycles": impact.cycles_judged(rule_set=rule_set, as_of=timezone.localdate()),
                "cycles_words": cycles_words(rule_set),
            }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/new-version/",
                view(self.new_version_view),
                name="reporting_ruleset_new_version",
            ),
            path(
                "<path:object_id>/preview-impact/",
                view(self.impact_preview_view),
                name="reporting_ruleset_preview_impact",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="sources")
    def sources_readable(self, rule_set: RuleSet) -> str:
        sources = [s if isinstance(s, dict) else {"url": str(s)} for s in rule_set.sources or []]
        if not sources:
            return "—"
        rows = []
        for source in sources:
            url, kind = str(source.get("url", "")), source.get("type", "")
            label = f"{url} ({kind})" if kind else url
            # Only web addresses become links: a `javascript:` URL in the data must stay text.
            if url.startswith(("https://", "http://")):
                rows.append(
                    format_html('<a href="{}" rel="noopener noreferrer">{}</a>', url, label)
                )
            else:
                rows.append(format_html("{}", label))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((r,) for r in rows)))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        evaluation.licenses_reevaluate_on_commit(board_id=form.instance.board_id)

    # --- "New version" ------------------------------------------------------------------
    @admin.action(description="Start a new version of the selected rule set…", permissions=["add"])
    def new_version(self, request: HttpRequest, queryset: QuerySet[RuleSet]) -> Any:
        if queryset.count() != 1:
            self.message_user(request, "Choose exactly one rule set to version.", messages.WARNING)
            return None
        return redirect("admin:reporting_ruleset_new_version", queryset.get().pk)

    def new_version_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        rule_set = self._rule_set_to_change(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = NewVersionForm(request.POST or None, rule_set=rule_set)
        result = None
        if request.method == "POST" and form.is_valid():
            effective_from = form.cleaned_data["effective_from"]
            if "_confirm" in request.POST:
                try:
                    copy = evaluation.rule_set_new_version_and_reevaluate(
                        rule_set=rule_set, effective_from=effective_from
                    )
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                else:
                    self.log_addition(request, copy, f"New version of {rule_set}.")
                    self.message_user(
                        request,
                        f"New version from {effective_from.isoformat()} created; {rule_set} "
                        "now ends the day before. Edit the new version below; the licenses "
                        "these rules judge are re-evaluated in the background.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:reporting_ruleset_change", copy.pk)
            else:
                result = impact.new_version_impact(
                    rule_set=rule_set, effective_from=effective_from, as_of=timezone.localdate()
                )
        return self._render(
            request,
            "admin/reporting/ruleset/new_version.html",
            rule_set,
            title=f"New version of {rule_set}",
            form=form,
            impact=result,
        )

    # --- "Preview impact": the submitted change form, judged without saving -------------------
    def impact_preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The change form again, with the edits as submitted and their impact above them:
        staff save from here or change further; nothing is saved by the preview itself."""
        rule_set = self._rule_set_to_change(request, object_id)
        if request.method != "POST":
            return redirect("admin:reporting_ruleset_change", rule_set.pk)
        as_of = timezone.localdate()
        cycles = impact.cycles_judged(rule_set=rule_set, as_of=as_of)
        saved_from = in_force_from_words(rule_set)
        saved_cycles = cycles_words(rule_set)
        fieldsets = self.get_fieldsets(request, rule_set)
        form = self.get_form(request, rule_set, change=True)(
            request.POST, request.FILES, instance=rule_set
        )
        formsets, inline_instances = self._create_formsets(request, form.instance, change=True)
        valid = all_valid(formsets) & form.is_valid()  # `&`: validate both, to list every error
        result = None
        if valid:
            candidate = impact.rule_set_candidate(
                rule_set=form.instance, requirements=_requirements_as_edited(formsets)
            )
            result = impact.rule_change_impact(
                candidate=candidate,
                board=form.instance.board,
                effective_from=candidate.effective_from,
                as_of=as_of,
            )
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),
            self.get_prepopulated_fields(request, rule_set),
            self.get_readonly_fields(request, rule_set),
            model_admin=self,
        )
        inline_formsets = self.get_inline_formsets(request, formsets, inline_instances, rule_set)
        media = self.media + admin_form.media
        for inline_formset in inline_formsets:
            media += inline_formset.media
        context = {
            **self.admin_site.each_context(request),
            "title": f"Impact of the edits to {rule_set.board.code}, {saved_from.lower()}",
            "subtitle": None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": rule_set,
            "is_popup": False,
            "to_field": None,
            "media": media,
            "inline_admin_formsets": inline_formsets,
            "errors": helpers.AdminErrorList(form, formsets),
            "preserved_filters": self.get_preserved_filters(request),
            "preview": True,
            "impact": result,
            "impact_errors": [] if valid else _error_lines(form, formsets),
            "cycles": cycles,
            "cycles_words": saved_cycles,
        }
        return self.render_change_form(
            request,
            context,
            add=False,
            change=True,
            obj=rule_set,
            # "Save" posts to the change view as usual; only the preview button comes here.
            form_url=reverse("admin:reporting_ruleset_change", args=[rule_set.pk]),
        )

    def _rule_set_to_change(self, request: HttpRequest, object_id: str) -> RuleSet:
        rule_set = self.get_object(request, unquote(object_id))
        if rule_set is None:
            raise Http404("No such rule set.")
        if not self.has_change_permission(request, rule_set):
            raise PermissionDenied
        return rule_set

    def _render(
        self, request: HttpRequest, template: str, rule_set: RuleSet, **context: Any
    ) -> TemplateResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "original": rule_set,
                **context,
            },
        )


def _requirements_as_edited(formsets: list[Any]) -> list[Requirement]:
    """The requirement rows as the submitted inline describes them: kept, changed and new."""
    rows = []
    for formset in formsets:
        deleted = set(formset.deleted_forms)
        for form in formset.forms:
            if form in deleted or (form.instance.pk is None and not form.has_changed()):
                continue
            rows.append(form.instance)
    return rows


def _error_lines(form: forms.ModelForm, formsets: list[Any]) -> list[str]:
    lines = [f"{name}: {message}" for name, errs in form.errors.items() for message in errs]
    for formset in formsets:
        lines += list(formset.non_form_errors())
        for number, errors in enumerate(formset.errors, start=1):
            lines += [f"requirement {number}, {n}: {m}" for n, msgs in errors.items() for m in msgs]
    return [line.replace("__all__: ", "") for line in lines]


@admin.register(Requirement)
class RequirementAdmin(CountsOnlyDeleteMixin, SimpleHistoryAdmin):
    form = RequirementForm
    list_display = ("code", "rule_set", "kind", "credits", "window", "condition", "confidence")
    list_select_related = ("rule_set__board",)
    list_filter = ("kind", "window", "confidence")
    search_fields = ("code", "label")
    fieldsets = REQUIREMENT_FIELDSETS

    def save_model(self, request: HttpRequest, obj: Requirement, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        evaluation.licenses_reevaluate_on_commit(board_id=obj.rule_set.board_id)
