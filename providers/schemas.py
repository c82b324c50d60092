"""The provider side of the API, as clients read and write it: codes and slugs, never row ids of
vocabulary, decimals as strings with two places (docs/api.md)."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import field_validator
from pydantic_core import PydanticCustomError

from .models import Claim, ClaimCode, EvaluationQuestion, LearningFormat, Offering, Provider


class ProviderOut(Schema):
    slug: str = Field(description="The provider's address in the API: `providers/{slug}/…`.")
    name: str
    accreditation: str = Field(description="`accme`, `state` or `none` (jointly providing).")
    accme_id: str = Field(description="The 7-digit ACCME provider id; empty if not accredited.")


def provider_out(provider: Provider) -> ProviderOut:
    return ProviderOut(
        slug=provider.organization.slug,
        name=provider.organization.name,
        accreditation=provider.accreditation,
        accme_id=provider.accme_id,
    )


class DesignationIn(Schema):
    credit_type: str = Field(description="A credit type's code, e.g. `ama-pra-1`.")
    max_credits: Decimal = Field(description="The most a learner may claim, in 0.25 steps.")


class DesignationOut(Schema):
    credit_type: str
    max_credits: str


class SessionOut(Schema):
    id: int
    title: str
    held_on: datetime.date
    max_credits: str | None


class OfferingIn(Schema):
    title: str
    learning_format: LearningFormat = LearningFormat.LIVE
    starts_on: datetime.date
    ends_on: datetime.date
    city: str = ""
    state: str = Field("", description="Two-letter state code, e.g. `TX`.")
    online: bool = False
    pars_id: str = Field("", description="The 9-digit PARS activity id, once ACCME gave one.")
    jointly_provided_with: str = ""
    topics: list[str] = Field([], description="Topic codes from the mandate vocabulary.")
    designations: list[DesignationIn] = Field(
        description="At least one: the credit types designated, each with its maximum."
    )


class OfferingOut(Schema):
    id: int
    provider: str = Field(description="The provider's slug.")
    title: str
    learning_format: str
    starts_on: datetime.date
    ends_on: datetime.date
    city: str
    state: str
    online: bool
    location: str = Field(description="In words: `Houston, TX`, `Online`.")
    pars_id: str
    jointly_provided_with: str
    topics: list[str]
    designations: list[DesignationOut]
    sessions: list[SessionOut]


def offering_out(offering: Offering) -> OfferingOut:
    return OfferingOut(
        id=offering.pk,
        provider=offering.provider.organization.slug,
        title=offering.title,
        learning_format=offering.learning_format,
        starts_on=offering.starts_on,
        ends_on=offering.ends_on,
        city=offering.city,
        state=offering.state,
        online=offering.online,
        location=offering.location,
        pars_id=offering.pars_id,
        jointly_provided_with=offering.jointly_provided_with,
        topics=sorted(topic.slug for topic in offering.topics.all()),
        designations=[
            DesignationOut(credit_type=d.credit_type.slug, max_credits=f"{d.max_credits:.2f}")
            for d in offering.designations.all()
        ],
        sessions=[
            SessionOut(
                id=s.pk,
                title=s.title,
                held_on=s.held_on,
                max_credits=None if s.max_credits is None else f"{s.max_credits:.2f}",
            )
            for s in offering.sessions.all()
        ],
    )


class ClaimCodeIn(Schema):
    opens_at: datetime.datetime = Field(description="Claims with the code count from then…")
    closes_at: datetime.datetime = Field(description="…until then (excluded).")
    session: int | None = Field(None, description="One of the activity's sessions, or null.")
    kind: ClaimCode.Kind = Field(
        ClaimCode.Kind.SHARED,
        description="`shared` by a room, or `attendee`: for one person (name them).",
    )
    attendee_name: str = ""
    attendee_email: str = ""


class ClaimCodeOut(Schema):
    id: int
    code: str = Field(description="As learners type it, in groups of four (`ABCD-EFGH`).")
    kind: str
    session: int | None
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    attendee_name: str
    attendee_email: str


class ClaimIn(Schema):
    code: str = Field(description="The claim code from the slide, the QR code or the badge.")
    claim_as: str = Field(
        description="A designated credit type's code (`ama-pra-1`), or `participation` for a "
        "certificate of participation (clinicians who are not MDs or DOs)."
    )
    credits: str | float = Field(
        description="The credits claimed, in 0.25 steps, at most the designated maximum."
    )
    attested: bool = Field(
        description="True: I claim only the credit commensurate with the extent of my "
        "participation in the activity."
    )
    report_consent: bool = Field(
        False, description="The provider may report this claim to ACCME's PARS."
    )


class ClaimOut(Schema):
    id: int
    offering: int = Field(description="The provider's activity claimed.")
    title: str = Field(description="The activity's title.")
    provider: str = Field(description="The provider's name.")
    session: int | None
    first_name: str
    last_name: str
    email: str
    degree: str
    credit_type: str
    participation: bool = Field(description="A certificate of participation, not the credit.")
    credits: str
    completed_on: datetime.date
    attested: bool
    evaluated: bool = Field(description="The evaluation is answered: the certificate is issued.")
    report_consent: bool
    withdrawn: bool = Field(description="Taken out of the provider's reports by its staff.")
    verification_code: str
    created_at: datetime.datetime


def claim_out(claim: Claim) -> ClaimOut:
    return ClaimOut(
        id=claim.pk,
        offering=claim.offering_id,
        title=claim.offering.title,
        provider=claim.offering.provider.organization.name,
        session=claim.session_id,
        first_name=claim.first_name,
        last_name=claim.last_name,
        email=claim.email,
        degree=claim.degree,
        credit_type=claim.credit_type.slug,
        participation=claim.participation,
        credits=f"{claim.credits:.2f}",
        completed_on=claim.completed_on,
        attested=claim.attested,
        evaluated=claim.evaluated,
        report_consent=claim.report_consent,
        withdrawn=claim.withdrawn_at is not None,
        verification_code=claim.verification_code,
        created_at=claim.created_at,
    )


class MyClaimOut(ClaimOut):
    activity: int | None = Field(
        description="The activity this claim put into your record (`activities/{id}`), once "
        "the certificate is issued."
    )


def my_claim_out(claim: Claim) -> MyClaimOut:
    return MyClaimOut(**claim_out(claim).dict(), activity=claim.activity_id)


class EvaluationChoiceOut(Schema):
    value: str = Field(description="What to send as the answer (`5`, `yes`).")
    label: str = Field(description="The words the learner reads (`5 - excellent`, `Yes`).")


class EvaluationQuestionOut(Schema):
    id: int = Field(description="The question's id: the key of its answer in `answers`.")
    text: str = Field(description="The question, in the provider's words.")
    kind: EvaluationQuestion.Kind = Field(
        description="`rating` (from 1, very poor, to 5, excellent), `yes-no`, or `text` (a "
        "written answer of at most 2,000 characters)."
    )
    choices: list[EvaluationChoiceOut] = Field(
        description="The answers a `rating` or `yes-no` question accepts; empty for `text`."
    )
    required: bool = Field(description="False: the question may be left unanswered.")
    answer: str | None = Field(
        description="Your answer as given (empty for an optional question left out); null "
        "until you answer the evaluation."
    )


class EvaluationOut(Schema):
    claim: int = Field(description="Your claim (`claims/{claim_id}`).")
    answered: bool = Field(
        description="The evaluation is answered: the certificate is issued (`evaluated`)."
    )
    questions: list[EvaluationQuestionOut] = Field(description="In the provider's order.")


def evaluation_out(claim: Claim) -> EvaluationOut:
    given = {answer.question_id: answer.answer for answer in claim.answers.all()}
    return EvaluationOut(
        claim=claim.pk,
        answered=claim.evaluated,
        questions=[
            EvaluationQuestionOut(
                id=question.pk,
                text=question.text,
                kind=EvaluationQuestion.Kind(question.kind),
                choices=[
                    EvaluationChoiceOut(value=value, label=label)
                    for value, label in question.choices
                ],
                required=question.required,
                answer=given.get(question.pk),
            )
            for question in claim.offering.evaluation_questions.all()
        ],
    )


class EvaluationIn(Schema):
    answers: dict[str, str | int] = Field(
        description="Your answer to each question, keyed by the question's id: a choice's "
        '`value` (`"5"` or 5, `"yes"`) or your words for a `text` question; an optional '
        "question may be left out."
    )

    @field_validator("answers", mode="before")
    @classmethod
    def _words_or_whole_numbers(cls, value: Any) -> Any:
        # `true` is no rating of 1, nor 4.5 a rating of 4: say so instead of guessing.
        if isinstance(value, dict):
            odd = [key for key, answer in value.items() if not _answer_shaped(answer)]
            if odd:
                raise PydanticCustomError(
                    "answer_shape",
                    "Answer question {ids} with a choice's value or your words, as text (a "
                    "rating may be a whole number).",
                    {"ids": ", ".join(str(key) for key in odd)},
                )
        return value


def _answer_shaped(answer: object) -> bool:
    return isinstance(answer, str) or (isinstance(answer, int) and not isinstance(answer, bool))
