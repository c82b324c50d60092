"""Every write of the provider side: activities, codes, claims, evaluations, issued credit.

Each write checks everything first and stores nothing when it refuses: the claim page, the
staff pages and the API call these same functions and show the same messages.
"""

import csv
import datetime
import io
import re
import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Degree, User
from accounts.selectors import profile_get
from activities.models import CreditType, Topic
from activities.services import activity_unverify
from organizations.models import Organization
from reporting.models import License

from .issuing import claim_issue_task, claim_record_follow_task
from .models import (
    CREDIT_STEP,
    Claim,
    ClaimCode,
    Designation,
    EvaluationAnswer,
    EvaluationQuestion,
    Offering,
    Provider,
    Session,
)
from .selectors import claims_of_learner_for

# Codes are read off a slide or a badge: no 0/O, 1/I/L to mix up.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
RATINGS = frozenset(value for value, _ in EvaluationQuestion.RATING_CHOICES)
CLAIM_CODE_LENGTH = 8
VERIFICATION_CODE_LENGTH = 12
PARTICIPATION = "participation"
ATTESTATION = (
    "I claim only the credit commensurate with the extent of my participation in the activity."
)
UNKNOWN_CODE = (
    "We do not know this code. Check it against the slide or your badge "
    "(letters and digits; no O, I or L)."
)


def _random_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def display_code(code: str) -> str:
    """A code as people read it aloud: in groups of four."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


# --- Providers and their activities ---------------------------------------------------------


def provider_create(*, organization: Organization, **fields: Any) -> Provider:
    """Make an organization a CME provider (it must be one of kind "provider")."""
    if organization.kind != Organization.Kind.PROVIDER:
        raise ValidationError("Only a CME provider organization can offer credit.")
    provider = Provider(organization=organization, **fields)
    provider.full_clean()
    provider.save()
    return provider


def provider_update(*, provider: Provider, **fields: Any) -> Provider:
    for name, value in fields.items():
        setattr(provider, name, value.strip() if isinstance(value, str) else value)
    provider.full_clean()
    provider.save()
    return provider


def _designations(
    offering: Offering, designations: Mapping[CreditType, Decimal | None]
) -> list[Designation]:
    rows = []
    errors: list[str] = []
    for credit_type, max_credits in designations.items():
        if max_credits is None:
            continue
        row = Designation(offering=offering, credit_type=credit_type, max_credits=max_credits)
        try:
            row.full_clean(exclude=["offering"], validate_constraints=False)
        except ValidationError as exc:
            errors += [f"{credit_type.name}: {message}" for message in exc.messages]
        rows.append(row)
    if errors:
        raise ValidationError({"designations": errors})
    return rows


def offering_save(
    *,
    offering: Offering,
    topics: Iterable[Topic] | None = None,
    designations: Mapping[CreditType, Decimal | None] | None = None,
    **fields: Any,
) -> Offering:
    """Create or change an activity with its topics and designated maximums.

    `designations` maps each credit type to its maximum (None removes it); an activity needs
    at least one, since a claim is always of some credit type.
    """
    for name, value in fields.items():
        setattr(offering, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[Any]] = {}
    try:
        offering.full_clean(exclude=["provider"], validate_constraints=False)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    rows: list[Designation] = []
    if designations is not None:
        try:
            rows = _designations(offering, designations)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if not rows and "designations" not in errors:
            errors["designations"] = [
                "Designate at least one kind of credit (for example 3.5 AMA PRA Category 1)."
            ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offering.save()
        if topics is not None:
            offering.topics.set(list(topics))
        if designations is not None:
            offering.designations.exclude(
                credit_type__in=[row.credit_type for row in rows]
            ).delete()
            for row in rows:
                Designation.objects.update_or_create(
                    offering=offering,
                    credit_type=row.credit_type,
                    defaults={"max_credits": row.max_credits},
                )
    return offering


def session_add(*, offering: Offering, **fields: Any) -> Session:
    session = Session(offering=offering, **fields)
    session.full_clean(exclude=["offering"])
    if session.held_on and not offering.starts_on <= session.held_on <= offering.ends_on:
        raise ValidationError(
            {"held_on": "A session is held between the activity's first and last day."}
        )
    session.save()
    return session


def session_remove(*, session: Session) -> None:
    if session.claims.exists():
        raise ValidationError("Learners have claimed credit for this session; it stays.")
    session.delete()


def question_add(*, offering: Offering, **fields: Any) -> EvaluationQuestion:
    position = offering.evaluation_questions.count() + 1
    question = EvaluationQuestion(offering=offering, position=position, **fields)
    question.full_clean(exclude=["offering"])
    question.save()
    return question


def question_remove(*, question: EvaluationQuestion) -> None:
    if question.answers.exists():
        raise ValidationError("Learners have answered this question; it stays with their answers.")
    question.delete()


def claim_code_issue(
    *,
    offering: Offering,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    session: Session | None = None,
    kind: str = ClaimCode.Kind.SHARED,
    attendee_name: str = "",
    attendee_email: str = "",
) -> ClaimCode:
    """A new code for the room (shared) or one attendee; claims count between its dates."""
    if session is not None and session.offering_id != offering.pk:
        raise ValidationError({"session": "Choose one of this activity's sessions."})
    code = ClaimCode(
        offering=offering,
        session=session,
        kind=kind,
        attendee_name=attendee_name.strip(),
        attendee_email=attendee_email.strip().lower(),
        opens_at=opens_at,
        closes_at=closes_at,
        code=_random_code(CLAIM_CODE_LENGTH),
    )
    code.full_clean(exclude=["offering", "session", "code"])
    if kind == ClaimCode.Kind.ATTENDEE and not code.attendee_name:
        raise ValidationError({"attendee_name": "Name the attendee this code is for."})
    for _ in range(5):  # a clash in 31^8 codes is rare; try another rather than fail
        try:
            with transaction.atomic():
                code.save()
            return code
        except IntegrityError:
            code.code = _random_code(CLAIM_CODE_LENGTH)
    raise RuntimeError("Could not find a free claim code")


ROSTER_MAX_ROWS = 2000
ROSTER_MAX_BYTES = 512 * 1024


def roster_codes_issue(
    *,
    offering: Offering,
    roster: bytes,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    session: Session | None = None,
) -> list[ClaimCode]:
    """One personal code per attendee of a roster CSV (columns "name" and "email").

    Every line is checked first; one bad line refuses the whole file, naming the line, and
    issues no code, so a corrected file can simply be imported again.
    """
    if len(roster) > ROSTER_MAX_BYTES:
        raise ValidationError({"roster": "The roster is larger than 512 KB; split it in two."})
    try:
        text = roster.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            {"roster": "Save the roster as CSV in UTF-8 and try again."}
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    columns = {name.strip().lower() for name in reader.fieldnames or []}
    if "name" not in columns:
        raise ValidationError(
            {"roster": "The first line must name the columns: name, email (email optional)."}
        )
    attendees: list[tuple[str, str]] = []
    errors: list[str] = []
    for number, row in enumerate(reader, start=2):
        cells = {(key or "").strip().lower(): (value or "").strip() for key, value in row.items()}
        name, email = cells.get("name", ""), cells.get("email", "").lower()
        if not name and not email:
            continue  # a blank line
        if not name:
            errors.append(f"Line {number}: the name is empty.")
        elif email and not EMAIL_SHAPE.match(email):
            errors.append(f"Line {number}: “{email}” is not an e-mail address.")
        attendees.append((name, email))
    if len(attendees) > ROSTER_MAX_ROWS:
        errors.insert(0, f"A roster holds at most {ROSTER_MAX_ROWS} attendees.")
    if not attendees and not errors:
        errors.append("The roster has no attendees.")
    if errors:
        raise ValidationError({"roster": errors[:20]})
    with transaction.atomic():
        return [
            claim_code_issue(
                offering=offering,
                session=session,
                kind=ClaimCode.Kind.ATTENDEE,
                attendee_name=name,
                attendee_email=email,
                opens_at=opens_at,
                closes_at=closes_at,
            )
            for name, email in attendees
        ]


# --- Claims -----------------------------------------------------------------------------------


def claim_code_check(*, code: ClaimCode | None, now: datetime.datetime | None = None) -> ClaimCode:
    """The code if claims may be made with it now; else the reason in words."""
    now = now or timezone.now()
    if code is None:
        raise ValidationError({"code": UNKNOWN_CODE})
    if now < code.opens_at:
        opens = timezone.localtime(code.opens_at)
        raise ValidationError(
            {"code": f"Claims with this code open on {opens:%-d %B %Y at %H:%M}. Come back then."}
        )
    if now >= code.closes_at:
        closes = timezone.localtime(code.closes_at)
        raise ValidationError(
            {
                "code": f"Claims with this code closed on {closes:%-d %B %Y at %H:%M}. "
                f"Ask {code.offering.provider} if you still need your certificate."
            }
        )
    if code.kind == ClaimCode.Kind.ATTENDEE and code.claims.exists():
        raise ValidationError({"code": "This personal code has already been used to claim."})
    return code


def claim_options(*, offering: Offering, degree: str | None) -> list[tuple[str, str]]:
    """What this learner may claim: each designated credit type they may receive, and for
    non-physicians a certificate of participation in place of physicians-only credit.
    With no degree known yet (no account), every kind is listed."""
    options = []
    known = degree is not None
    physician = degree in Degree.physicians()
    designations = list(offering.designations.all())
    for designation in designations:
        credit_type = designation.credit_type
        if credit_type.physicians_only and known and not physician:
            continue
        options.append((credit_type.slug, f"{credit_type.name} (up to {designation.max_credits})"))
    if not (known and physician) and any(d.credit_type.physicians_only for d in designations):
        options.append((PARTICIPATION, "Certificate of participation (for non-physicians)"))
    return options


def claim_maximum(*, code: ClaimCode) -> Decimal | None:
    """The most one claim with this code may carry (for the form's hint)."""
    session = code.session
    if session is not None and session.max_credits is not None:
        return session.max_credits
    maxima = [d.max_credits for d in code.offering.designations.all()]
    return max(maxima) if maxima else None


def _maximum(offering: Offering, session: Session | None, designation: Designation) -> Decimal:
    if session is not None and session.max_credits is not None:
        return min(session.max_credits, designation.max_credits)
    return designation.max_credits


def _credits(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def _split_name(full_name: str) -> tuple[str, str]:
    parts = full_name.strip().rsplit(" ", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])


def _learner_facts(user: User, offering: Offering) -> dict[str, Any]:
    """The learner's details for the provider's reports, from their profile and licenses."""
    profile = profile_get(user=user)
    first, last = _split_name(profile.full_name or user.email.split("@")[0])
    licenses = License.objects.filter(owner=user).exclude(board__state="US").select_related("board")
    # The license of the state the activity is held in, if they hold one there.
    license = next((lic for lic in licenses if lic.board.state == offering.state), licenses.first())
    return {
        "learner": user,
        "email": user.email,
        "first_name": first,
        "last_name": last,
        "degree": profile.degree,
        "npi": profile.npi or "",
        "license_state": license.board.state if license else "",
        "license_number": license.number if license else "",
        "birth_month": profile.birth_date.month if profile.birth_date else None,
        "birth_day": profile.birth_date.day if profile.birth_date else None,
    }


def claim_make(
    *,
    code: ClaimCode,
    learner: User | None,
    claim_as: str,
    credits: Any,
    attested: bool,
    report_consent: bool = False,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    degree: str = "",
    answers: Mapping[str, str] | None = None,
    now: datetime.datetime | None = None,
) -> Claim:
    """A learner's claim with `code`: checked in full, stored only when every rule holds.

    `claim_as` is a designated credit type's slug, or PARTICIPATION. A signed-in learner's
    details come from their profile; someone without an account gives name, e-mail, degree,
    and answers the evaluation (`answers`) in the same step, having no page to come back to.
    """
    now = now or timezone.now()
    code = claim_code_check(code=code, now=now)
    offering, session = code.offering, code.session
    errors: dict[str, list[str]] = {}
    if learner is not None:
        facts = _learner_facts(learner, offering)
    else:
        facts = {
            "learner": None,
            "email": email.strip().lower(),
            "first_name": first_name.strip(),
            "last_name": last_name.strip(),
            "degree": degree,
        }
        if not facts["email"]:
            errors["email"] = ["Enter your e-mail address: your certificate is sent there."]
        if not facts["last_name"]:
            errors["last_name"] = ["Enter your name as it should read on the certificate."]
        if degree not in Degree.values:
            errors["degree"] = ["Choose your degree."]
    physician = facts["degree"] in Degree.physicians()
    designations = {d.credit_type.slug: d for d in offering.designations.all()}
    participation = claim_as == PARTICIPATION
    designation: Designation | None = None
    if participation:
        designation = next(
            (d for d in designations.values() if d.credit_type.physicians_only), None
        )
        if designation is None:
            errors["claim_as"] = ["This activity offers no certificate of participation."]
        elif physician:
            name = designation.credit_type.name
            errors["claim_as"] = [f"As an {facts['degree']} you can claim {name} credit itself."]
    else:
        designation = designations.get(claim_as)
        if designation is None:
            errors["claim_as"] = ["Choose one of the kinds of credit this activity offers."]
        elif designation.credit_type.physicians_only and not physician:
            degree_label = Degree(facts["degree"]).label if facts["degree"] in Degree.values else ""
            errors["claim_as"] = [
                f"{designation.credit_type.name} credit is only for physicians (MD, DO)"
                + (f"; your profile says {degree_label}" if degree_label else "")
                + ". Choose the certificate of participation: it records the hours you attended."
            ]
    value = _credits(credits)
    if value is None:
        errors["credits"] = ["Enter the credits you claim as a number, for example 3.25."]
    elif value <= 0:
        errors["credits"] = ["Enter more than 0 credits."]
    elif value % CREDIT_STEP:
        errors["credits"] = ["Credits are claimed in steps of 0.25 (for example 2.75 or 3.00)."]
    elif designation is not None:
        maximum = _maximum(offering, session, designation)
        earlier = claims_total(offering=offering, facts=facts, designation=designation)
        name = designation.credit_type.name
        if value > maximum:
            where = (
                f"“{session}”" if session and session.max_credits is not None else "this activity"
            )
            errors["credits"] = [
                f"{where[0].upper()}{where[1:]} is designated for at most {maximum} {name} credits."
            ]
        elif earlier + value > designation.max_credits:
            errors["credits"] = [
                f"You have already claimed {earlier} of the {designation.max_credits} {name} "
                f"credits this activity is designated for; you can claim up to "
                f"{designation.max_credits - earlier} more."
            ]
    if not attested:
        errors["attested"] = ["Tick the attestation to claim: " + ATTESTATION]
    earlier_claim = _earlier_claim(offering, session, facts)
    if earlier_claim is not None:
        errors["__all__"] = [
            f"You already claimed {earlier_claim.credits} credits for "
            f"{'“' + str(session) + '”' if session else 'this activity'} on "
            f"{timezone.localtime(earlier_claim.created_at):%-d %B %Y}; one claim per "
            f"{'session' if session else 'activity'}. Ask the provider to correct it if needed."
        ]
    evaluation: dict[EvaluationQuestion, str] = {}
    if answers is not None:
        evaluation, evaluation_errors = _evaluation_clean(offering, answers)
        errors.update(evaluation_errors)
    if errors:
        raise ValidationError(errors)
    if designation is None or value is None:  # every path to here set both, or erred
        raise ValidationError("Choose what you claim and how many credits.")
    held = session.held_on if session else offering.ends_on
    claim = Claim(
        offering=offering,
        session=session,
        code=code,
        credit_type=designation.credit_type,
        participation=participation,
        credits=value,
        attested=True,
        report_consent=report_consent,
        completed_on=min(held, timezone.localdate(now)),
        verification_code=_random_code(VERIFICATION_CODE_LENGTH),
        **facts,
    )
    try:
        with transaction.atomic():
            claim.save()
            _evaluation_store(claim, evaluation)
            if (
                answers is not None
                or not offering.evaluation_questions.filter(required=True).exists()
            ):
                claim.evaluated_at = now
                claim.save(update_fields=["evaluated_at"])
                claim_complete_on_commit(claim)
    except IntegrityError as exc:  # the same learner sent the same claim twice at once
        raise ValidationError("You have already claimed credit for this.") from exc
    return claim


def claims_total(
    *, offering: Offering, facts: Mapping[str, Any], designation: Designation
) -> Decimal:
    claims = claims_of_learner_for(offering=offering, user=facts["learner"], email=facts["email"])
    total = sum(
        (
            c.credits
            for c in claims.filter(credit_type=designation.credit_type, withdrawn_at__isnull=True)
        ),
        Decimal("0"),
    )
    return Decimal(total)


def _earlier_claim(
    offering: Offering, session: Session | None, facts: Mapping[str, Any]
) -> Claim | None:
    claims = claims_of_learner_for(offering=offering, user=facts["learner"], email=facts["email"])
    return claims.filter(session=session).first()


def _evaluation_clean(
    offering: Offering, answers: Mapping[str, str]
) -> tuple[dict[EvaluationQuestion, str], dict[str, list[str]]]:
    """The answers by question, and a message for each missing or malformed one."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[EvaluationQuestion, str] = {}
    questions = list(offering.evaluation_questions.all())
    # An answer to no question of this evaluation (a stale or mistyped id) would be dropped
    # without a word; the learner is told instead, so no answer they meant to give is lost.
    unknown = sorted(set(map(str, answers)) - {str(question.pk) for question in questions})
    if unknown:
        errors["answers"] = [
            f"This evaluation has no question “{key}”; answer each question by its id."
            for key in unknown
        ]
    for question in questions:
        answer = str(answers.get(str(question.pk), "")).strip()
        field = f"question_{question.pk}"
        kind = question.kind
        if not answer and question.required:
            errors[field] = ["Please answer this question."]
        elif answer and kind == EvaluationQuestion.Kind.RATING and answer not in RATINGS:
            errors[field] = ["Choose a rating from 1 to 5."]
        elif answer and kind == EvaluationQuestion.Kind.YES_NO and answer not in {"yes", "no"}:
            errors[field] = ["Choose yes or no."]
        elif len(answer) > 2000:
            errors[field] = ["Please keep the answer under 2,000 characters."]
        cleaned[question] = answer
    return cleaned, errors


def _evaluation_store(claim: Claim, cleaned: Mapping[EvaluationQuestion, str]) -> None:
    for question, answer in cleaned.items():
        EvaluationAnswer.objects.update_or_create(
            claim=claim, question=question, defaults={"answer": answer}
        )


def evaluation_submit(*, claim: Claim, answers: Mapping[str, str]) -> Claim:
    """Keep the learner's answers (keyed by question id); the first complete set earns the
    certificate. Answers may be changed later; the certificate stays."""
    cleaned, errors = _evaluation_clean(claim.offering, answers)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _evaluation_store(claim, cleaned)
        first_time = claim.evaluated_at is None
        claim.evaluated_at = timezone.now()
        claim._change_reason = "Evaluation answered"  # type: ignore[attr-defined]
        claim.save(update_fields=["evaluated_at", "updated_at"])
        if first_time:
            claim_complete_on_commit(claim)
    return claim


STAFF_EDITABLE = frozenset(
    {
        "credits",
        "completed_on",
        "first_name",
        "last_name",
        "npi",
        "license_state",
        "license_number",
        "report_consent",
    }
)


def claim_correct(*, claim: Claim, by: User, reason: str, **fields: Any) -> Claim:
    """A provider's correction of a claim, kept in its history with who and why.

    The credit stays within the designated maximum and on the 0.25 grid. The learner's record
    follows: their provider-verified activity takes the corrected credits and date.
    """
    unknown = set(fields) - STAFF_EDITABLE
    if unknown:
        raise TypeError(f"Not a correctable claim field: {', '.join(sorted(unknown))}")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the claim changes; the learner can read it."})
    errors: dict[str, list[str]] = {}
    if "credits" in fields:
        value = _credits(fields["credits"])
        designation = claim.offering.designations.filter(credit_type=claim.credit_type).first()
        maximum = designation.max_credits if designation else None
        if value is None or value <= 0:
            errors["credits"] = ["Enter more than 0 credits."]
        elif value % CREDIT_STEP:
            errors["credits"] = ["Credits are claimed in steps of 0.25 (for example 2.75 or 3.00)."]
        elif maximum is not None and value > _maximum(claim.offering, claim.session, designation):  # type: ignore[arg-type]
            errors["credits"] = [f"The activity is designated for at most {maximum} credits."]
        fields["credits"] = value
    if fields.get("completed_on") and fields["completed_on"] > timezone.localdate():
        errors["completed_on"] = ["The completion date cannot be in the future."]
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(claim, name, value.strip() if isinstance(value, str) else value)
    claim._change_reason = reason.strip()  # type: ignore[attr-defined]  # simple_history
    claim._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        claim.save()
        if claim.evaluated:
            transaction.on_commit(lambda: _record_follow(claim.pk), robust=True)
    return claim


def claim_withdraw(*, claim: Claim, by: User, reason: str) -> Claim:
    """Take a claim out of the provider's reports (ACCME: a delete row); the history keeps it."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the claim is withdrawn."})
    claim.withdrawn_at = timezone.now()
    claim._change_reason = reason.strip()  # type: ignore[attr-defined]
    claim._history_user = by  # type: ignore[attr-defined]
    with transaction.atomic():
        claim.save(update_fields=["withdrawn_at", "updated_at"])
        if claim.activity is not None and claim.activity.provider_verified:
            # The badge must stay true: the credit is no longer one the provider stands behind.
            withdrawn_on = timezone.localdate(claim.withdrawn_at)
            activity_unverify(
                activity=claim.activity,
                note=f"{claim.offering.provider} withdrew this credit on "
                f"{withdrawn_on:%-d %B %Y}: {reason.strip()}",
            )
    return claim


# --- Into the learner's record ----------------------------------------------------------------


def claim_complete_on_commit(claim: Claim) -> None:
    """Once attested and evaluated, the certificate goes to the learner (after commit)."""
    transaction.on_commit(lambda: claim_issue_task.delay(claim.pk), robust=True)


def _record_follow(claim_id: int) -> None:
    claim_record_follow_task.delay(claim_id)


def claims_link_email(*, user: User, email: str) -> int:
    """Claims made with this (now verified) address join the user's record; how many did."""
    claims = list(Claim.objects.filter(learner__isnull=True, email__iexact=email.strip()))
    linked = 0
    for claim in claims:
        taken = Claim.objects.filter(
            offering=claim.offering_id, session=claim.session_id, learner=user
        ).exists()
        if taken:
            continue  # already claimed with the account: the e-mail claim stays as it was
        claim.learner = user
        claim._change_reason = "Linked to the learner's account (verified e-mail)"  # type: ignore[attr-defined]
        with transaction.atomic():
            claim.save(update_fields=["learner", "updated_at"])
            if claim.evaluated:
                claim_complete_on_commit(claim)
        linked += 1
    return linked
