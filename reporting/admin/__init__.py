"""The state rule tables for staff: boards, versioned rule sets, requirements, licenses.

Every change is recorded with who and when (simple_history); the models' `clean()` guards the
numbers and date ranges; reading and writing rules goes through `impact`, `evaluation` and
`services`, so these classes only wire forms to them.
"""

from reporting.admin import licenses, rules

__all__ = ["licenses", "rules"]
