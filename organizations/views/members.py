"""Creating an organization, its members and roles, and the invitations that bring people in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest

from .. import consents, records, services
from ..access import OWNER_ROLES, STAFF_ROLES, organization_view
from ..forms import (
    PHYSICIAN,
    ConsentForm,
    InvitationForm,
    OrganizationForm,
    RequireMfaForm,
    RoleForm,
)
from ..models import Invitation, Membership, Organization, Role
from .physician import add_errors, consent_form_licenses, consent_values


@login_required
@require_http_methods(["GET", "POST"])
def organization_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organizations the person works for, and a form to create one."""
    form = OrganizationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                creator=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{organization.name} was created; you are its owner.")
            if organization.kind == Organization.Kind.PROVIDER:
                return redirect("providers:home")
            return redirect("organizations:roster", organization.slug)
    return render(
        request,
        "organizations/organization_list.html",
        {"memberships": records.organizations_of(user=request.user), "form": form},
    )


def _pending(organization: Organization) -> list[Invitation]:
    return list(
        Invitation.objects.filter(
            organization=organization, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("invited_by")
    )


def _members_page(
    request: AuthenticatedHttpRequest,
    organization: Organization,
    membership: Membership,
    form: InvitationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_owner = membership.role == Role.OWNER
    members = Membership.objects.filter(organization=organization).select_related("user__profile")
    return render(
        request,
        "organizations/members.html",
        {
            "organization": organization,
            "membership": membership,
            "is_owner": is_owner,
            "members": [
                (m, RoleForm(initial={"role": m.role}, prefix=f"m{m.pk}")) for m in members
            ],
            "may_invite": membership.role in STAFF_ROLES,
            "form": form or InvitationForm(can_invite_members=is_owner),
            "pending": _pending(organization) if membership.role in STAFF_ROLES else [],
            "mfa_form": RequireMfaForm(initial={"require_mfa": organization.require_mfa}),
        },
        status=status,
    )


@organization_view()
def members(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    return _members_page(request, organization, membership)


@require_POST
@organization_view(roles=STAFF_ROLES)
def invite(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    """Owners invite members and physicians; credentialing staff invite physicians."""
    form = InvitationForm(request.POST, can_invite_members=membership.role == Role.OWNER)
    if form.is_valid():
        invite_as = form.cleaned_data["invite_as"]
        try:
            invitation, token = services.invitation_create(
                organization=organization,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role="" if invite_as == PHYSICIAN else invite_as,
                for_consent=invite_as == PHYSICIAN,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            services.invitation_send(invitation=invitation, token=token)
            messages.success(request, f"Invitation sent to {invitation.email}.")
            return redirect("organizations:members", organization.slug)
    return _members_page(request, organization, membership, form=form, status=400)


def _member(organization: Organization, pk: int) -> Membership:
    member = (
        Membership.objects.filter(organization=organization, pk=pk)
        .select_related("user__profile")
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


@require_POST
@organization_view(roles=OWNER_ROLES)
def member_role(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership, pk: int
) -> HttpResponse:
    member = _member(organization, pk)
    form = RoleForm(request.POST, prefix=f"m{member.pk}")
    if not form.is_valid():
        messages.error(request, "Choose owner, credentialing staff or read-only viewer.")
    else:
        try:
            services.membership_role_change(membership=member, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{member.user.email} is now {member.get_role_display().lower()}."
            )
    return redirect("organizations:members", organization.slug)


@require_http_methods(["GET", "POST"])
@organization_view(roles=OWNER_ROLES)
def member_remove(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership, pk: int
) -> HttpResponse:
    """A confirmation page, then the removal; the last owner stays."""
    member = _member(organization, pk)
    if request.method == "POST":
        try:
            services.membership_remove(membership=member)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{member.user.email} was removed from {organization.name}.")
            if member.pk == membership.pk:
                return redirect("organizations:list")
        return redirect("organizations:members", organization.slug)
    return render(
        request,
        "organizations/member_confirm_remove.html",
        {"organization": organization, "membership": membership, "member": member},
    )


def _withdrawable(organization: Organization, membership: Membership, pk: int) -> Invitation:
    """An unanswered invitation this member may withdraw: staff withdraw what staff may send
    (physicians asked to share), owners any; anything else is not theirs to see."""
    invitations = Invitation.objects.filter(
        organization=organization, pk=pk, accepted_at__isnull=True
    )
    if membership.role != Role.OWNER:
        invitations = invitations.filter(for_consent=True)
    invitation = invitations.first()
    if invitation is None:
        raise Http404("No such invitation.")
    return invitation


@require_http_methods(["GET", "POST"])
@organization_view(roles=STAFF_ROLES)
def invitation_withdraw(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership, pk: int
) -> HttpResponse:
    """A confirmation page, then the withdrawal: the e-mailed link stops working."""
    invitation = _withdrawable(organization, membership, pk)
    if request.method == "POST":
        services.invitation_withdraw(invitation=invitation)
        messages.success(request, f"The invitation to {invitation.email} was withdrawn.")
        return redirect("organizations:members", organization.slug)
    return render(
        request,
        "organizations/invitation_confirm_withdraw.html",
        {"organization": organization, "membership": membership, "invitation": invitation},
    )


@require_POST
@organization_view(roles=OWNER_ROLES)
def require_mfa(
    request: AuthenticatedHttpRequest, organization: Organization, membership: Membership
) -> HttpResponse:
    form = RequireMfaForm(request.POST)
    form.is_valid()
    required = bool(form.cleaned_data.get("require_mfa"))
    services.organization_require_mfa(organization=organization, require=required)
    messages.success(
        request,
        "Members must now use two-factor authentication."
        if required
        else "Two-factor authentication is no longer required of members.",
    )
    return redirect("organizations:members", organization.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The e-mailed link: join the organization, or (a physician) choose what to share."""
    try:
        invitation = services.invitation_open(token=token)
        services.invitation_check_address(invitation=invitation, user=request.user)
    except ValidationError as error:
        return render(
            request,
            "organizations/invitation_refused.html",
            {"reason": " ".join(error.messages)},
            status=404,
        )
    if invitation.for_consent:
        return _share(request, invitation)
    return _join(request, invitation, token)


def _join(request: AuthenticatedHttpRequest, invitation: Invitation, token: str) -> HttpResponse:
    organization = invitation.organization
    if request.method != "POST":
        return render(request, "organizations/invitation_join.html", {"invitation": invitation})
    try:
        services.invitation_accept(token=token, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:list")
    messages.success(request, f"You joined {organization.name}.")
    return redirect("organizations:roster", organization.slug)


def _share(request: AuthenticatedHttpRequest, invitation: Invitation) -> HttpResponse:
    """The grant form an office's invitation leads a physician to."""
    organization = invitation.organization
    existing = consents.consent_live_for(physician=request.user, organization=organization)
    if existing is not None:
        messages.info(
            request, f"You already share your record with {organization.name}; change it here."
        )
        return redirect("organizations:consent_change", existing.pk)
    form = ConsentForm(request.POST or None, licenses=consent_form_licenses(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_invited(
                invitation=invitation, physician=request.user, **consent_values(form)
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{organization.name} can now see what you chose.")
            return redirect("organizations:sharing")
    return render(
        request,
        "organizations/consent_form.html",
        {"form": form, "organization": organization, "invitation": invitation},
        status=400 if form.is_bound else 200,
    )
