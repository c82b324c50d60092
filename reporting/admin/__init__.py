"""The state rule tables for staff: boards, versioned rule sets, requirements.

Every change is recorded with who and when (simple_history); the models' `clean()` guards the
numbers and date ranges; reading and writing rules goes through `impact`, `evaluation` and
`services`, so these classes only wire forms to them. Physicians' licenses have no admin page:
staff keep the rules, not the records they judge (docs/security.md).
"""

from reporting.admin import rules

__all__ = ["rules"]
