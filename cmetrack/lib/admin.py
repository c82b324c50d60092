"""The admin's delete confirmation, without anyone's record in it.

Django's confirmation lists every row a delete would take (or that blocks it) by its name: a
credit type's page named each physician's activity of that type, a board's each license
number. Staff keep the rule tables, not the records they judge, so the rows that are not the
rule tables' own are summed up by kind ("3 activities") instead.
"""

from typing import Any

from django.contrib.admin.utils import get_deleted_objects
from django.db.models import Model
from django.http import HttpRequest


class CountsOnlyDeleteMixin:
    """For ModelAdmins whose rows others' records point at."""

    admin_site: Any
    model: type[Model]

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, ...]:
        _, model_count, perms_needed, protected = get_deleted_objects(
            objs, request, self.admin_site
        )
        chosen = [str(obj) for obj in objs]
        own = str(self.model._meta.verbose_name_plural)
        summary = [f"{count} {name}" for name, count in model_count.items() if name != own]
        if protected:
            protected = [f"{len(protected)} row(s) of other people's records use it"]
        return [*chosen, *summary], model_count, perms_needed, protected
