"""User support: accounts as sign-in identities, not records.

Staff find an account by its e-mail address, switch it on or off, change staff flags and end
API tokens that leaked. They do not delete accounts: that is the owner's (profile → delete),
which also deletes the stored files. The profile (name, NPI, birth date, practice facts) is the
physician's record and has no admin page; reading a record goes through a support access the
physician opened (docs/security.md).
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from .models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "is_staff", "is_active", "date_joined"]
    search_fields = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting an account takes the physician's files with it (accounts.deletion), and it
        # is theirs to do; support switches an account off instead ("active").
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A token that leaked can be ended here; nobody makes or changes one for someone else."""

    list_display = ["name", "user", "prefix", "scope", "created_at", "last_used_at", "expires_at"]
    readonly_fields = [
        "user",
        "name",
        "prefix",
        "scope",
        "created_at",
        "last_used_at",
        "expires_at",
    ]
    exclude = ["token_hash"]
    search_fields = ["name", "user__email"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
