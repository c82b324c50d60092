"""CME Track's rules engine: pure Python, standard library only.

`evaluate(rule_set, license, credits, as_of)` judges one license's cycle; the kinds of
requirement are code (`requirements.KINDS`), their instances are data (`RuleSetSpec`).
"""

from .evaluate import evaluate
from .reach import Reach, credits_reach
from .types import (
    ActivityId,
    Attestation,
    AttestationKind,
    CarriedCredit,
    ComplianceReport,
    Confidence,
    Credit,
    DeadlineRule,
    FixedPeriods,
    InitialTreatment,
    Kind,
    LicenseFacts,
    LicenseStatus,
    Proration,
    RequirementResult,
    RequirementSpec,
    Rounding,
    RuleSetSpec,
    Status,
    UncountedCredit,
    Window,
)

__all__ = [
    "ActivityId",
    "Attestation",
    "AttestationKind",
    "CarriedCredit",
    "ComplianceReport",
    "Confidence",
    "Credit",
    "DeadlineRule",
    "FixedPeriods",
    "InitialTreatment",
    "Kind",
    "LicenseFacts",
    "LicenseStatus",
    "Proration",
    "Reach",
    "RequirementResult",
    "RequirementSpec",
    "Rounding",
    "RuleSetSpec",
    "Status",
    "UncountedCredit",
    "Window",
    "credits_reach",
    "evaluate",
]
