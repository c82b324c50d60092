"""`/api/v1/claims/{id}/evaluation`: a learner with only the API (an app) reads the provider's
evaluation and answers it, with the claim page's service and messages, and the credit lands in
the record as it does from the page. Bad answers say why and store nothing; a claim that is not
the learner's own is a 404."""

from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import ApiToken
from activities.models import Activity, Source
from providers.models import Claim, EvaluationAnswer, EvaluationQuestion
from providers.services import claim_withdraw
from tests.api.conftest import bearer_client
from tests.providers.conftest import ethics_status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]


@pytest.fixture
def questions(offering):  # type: ignore[no-untyped-def]
    """The conftest's rating question, then a yes/no and an optional written one."""
    rating = offering.evaluation_questions.get()
    bias = EvaluationQuestion.objects.create(
        offering=offering,
        position=2,
        text="Was the content free of commercial bias?",
        kind=EvaluationQuestion.Kind.YES_NO,
    )
    change = EvaluationQuestion.objects.create(
        offering=offering,
        position=3,
        text="What will you change in your practice?",
        kind=EvaluationQuestion.Kind.TEXT,
        required=False,
    )
    return rating, bias, change


@pytest.fixture
def api(physician) -> Client:  # type: ignore[no-untyped-def]
    return bearer_client(physician)


@pytest.fixture
def claim(api, code, questions) -> Claim:  # type: ignore[no-untyped-def]
    """Alice's claim, made through the API: attested, not yet evaluated."""
    response = api.post(
        "/api/v1/claims",
        {"code": code.code, "claim_as": "ama-pra-1", "credits": "3.00", "attested": True},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Claim.objects.get(pk=response.json()["id"])


def _answer(client: Client, claim: Claim, answers: dict) -> object:  # type: ignore[type-arg]
    return client.post(
        f"/api/v1/claims/{claim.pk}/evaluation",
        {"answers": answers},
        content_type="application/json",
    )


def _good(questions) -> dict[str, object]:  # type: ignore[no-untyped-def]
    rating, bias, change = questions
    return {str(rating.pk): 5, str(bias.pk): "yes", str(change.pk): "Screen for burnout."}


def _nothing_stored(claim: Claim) -> bool:
    claim.refresh_from_db()
    return (
        not EvaluationAnswer.objects.exists()
        and not claim.evaluated
        and claim.activity_id is None
        and not Activity.objects.exists()
    )


def test_a_learner_reads_the_questions_with_their_choices_in_words(api, claim, questions) -> None:
    rating, bias, change = questions
    response = api.get(f"/api/v1/claims/{claim.pk}/evaluation")
    assert response.status_code == 200
    assert response.json() == {
        "claim": claim.pk,
        "answered": False,
        "questions": [
            {
                "id": rating.pk,
                "text": "How useful was the activity to your practice?",
                "kind": "rating",
                "choices": [
                    {"value": "5", "label": "5 - excellent"},
                    {"value": "4", "label": "4 - good"},
                    {"value": "3", "label": "3 - fair"},
                    {"value": "2", "label": "2 - poor"},
                    {"value": "1", "label": "1 - very poor"},
                ],
                "required": True,
                "answer": None,
            },
            {
                "id": bias.pk,
                "text": "Was the content free of commercial bias?",
                "kind": "yes-no",
                "choices": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
                "required": True,
                "answer": None,
            },
            {
                "id": change.pk,
                "text": "What will you change in your practice?",
                "kind": "text",
                "choices": [],
                "required": False,
                "answer": None,
            },
        ],
    }


def test_answering_issues_the_certificate_and_the_credit_counts_like_the_pages(  # type: ignore[no-untyped-def]
    api, physician, texas_license, claim, questions, django_capture_on_commit_callbacks
) -> None:
    assert ethics_status(physician, texas_license) != "met"
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, _good(questions))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == claim.pk
    assert body["evaluated"] is True
    claim.refresh_from_db()
    assert [a.answer for a in claim.answers.all()] == ["5", "yes", "Screen for burnout."]
    # The certificate is issued after the answers are committed, as from the page: the credit
    # is then in the record, provider-verified, and the claim names it.
    activity = claim.activity
    assert activity is not None
    assert activity.owner == physician
    assert activity.source == Source.PROVIDER
    assert activity.provider_verified
    assert activity.credits == Decimal("3.00")
    assert activity.credit_type.slug == "ama-pra-1"
    assert activity.certificate is not None
    assert claim.certificate_file
    assert api.get("/api/v1/claims").json()["results"][0]["activity"] == activity.pk
    assert ethics_status(physician, texas_license) == "met"
    evaluation = api.get(f"/api/v1/claims/{claim.pk}/evaluation").json()
    assert evaluation["answered"] is True
    assert [q["answer"] for q in evaluation["questions"]] == ["5", "yes", "Screen for burnout."]


def test_an_optional_question_may_be_left_out(  # type: ignore[no-untyped-def]
    api, claim, questions, django_capture_on_commit_callbacks
) -> None:
    rating, bias, _ = questions
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, {str(rating.pk): "4", str(bias.pk): "no"})
    assert response.status_code == 200, response.content
    claim.refresh_from_db()
    assert claim.evaluated
    assert claim.activity is not None


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"rating": None}, "rating", "Please answer this question."),
        ({"rating": "6"}, "rating", "Choose a rating from 1 to 5."),
        ({"rating": 0}, "rating", "Choose a rating from 1 to 5."),
        ({"rating": "excellent"}, "rating", "Choose a rating from 1 to 5."),
        ({"bias": "maybe"}, "bias", "Choose yes or no."),
        ({"bias": ""}, "bias", "Please answer this question."),
        ({"change": "x" * 2001}, "change", "Please keep the answer under 2,000 characters."),
    ],
)
def test_a_bad_answer_says_why_and_stores_nothing(  # type: ignore[no-untyped-def]
    api, claim, questions, change, field, message, django_capture_on_commit_callbacks
) -> None:
    by_name = dict(zip(("rating", "bias", "change"), questions, strict=True))
    answers = _good(questions)
    for name, value in change.items():
        key = str(by_name[name].pk)
        if value is None:
            del answers[key]
        else:
            answers[key] = value
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {f"question_{by_name[field].pk}": [message]}
    assert _nothing_stored(claim)


def test_an_answer_to_no_question_of_this_evaluation_is_refused(  # type: ignore[no-untyped-def]
    api, claim, questions, django_capture_on_commit_callbacks
) -> None:
    rating = questions[0]
    answers = {**_good(questions), f"question_{rating.pk}": "5", "987654": "yes"}
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "answers": [
            "This evaluation has no question “987654”; answer each question by its id.",
            f"This evaluation has no question “question_{rating.pk}”; "
            "answer each question by its id.",
        ]
    }
    assert _nothing_stored(claim)


@pytest.mark.parametrize("value", [True, 4.5, ["5"], None])
def test_an_answer_that_is_neither_words_nor_a_whole_number_is_refused(  # type: ignore[no-untyped-def]
    api, claim, questions, value
) -> None:
    answers = {**_good(questions), str(questions[0].pk): value}
    response = _answer(api, claim, answers)
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "answers": [
            f"Answer question {questions[0].pk} with a choice's value or your words, as text "
            "(a rating may be a whole number)."
        ]
    }
    assert _nothing_stored(claim)


def test_answers_may_be_changed_later_and_the_certificate_stays(  # type: ignore[no-untyped-def]
    api, claim, questions, django_capture_on_commit_callbacks
) -> None:
    # As on the claim's page ("You may change your answers"): no second certificate, no
    # second activity.
    with django_capture_on_commit_callbacks(execute=True):
        _answer(api, claim, _good(questions))
    claim.refresh_from_db()
    activity, certificate = claim.activity_id, claim.certificate_file.name
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, {**_good(questions), str(questions[0].pk): "3"})
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.answers.get(question=questions[0]).answer == "3"
    assert (claim.activity_id, claim.certificate_file.name) == (activity, certificate)
    assert Activity.objects.count() == 1


def test_a_bad_change_of_answers_keeps_the_first_ones(  # type: ignore[no-untyped-def]
    api, claim, questions, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _answer(api, claim, _good(questions))
    response = _answer(api, claim, {**_good(questions), str(questions[1].pk): "perhaps"})
    assert response.status_code == 400
    assert [a.answer for a in claim.answers.all()] == ["5", "yes", "Screen for burnout."]


def test_a_withdrawn_claim_keeps_its_answers_but_gets_no_certificate(  # type: ignore[no-untyped-def]
    api, claim, questions, coordinator, django_capture_on_commit_callbacks
) -> None:
    # As on the claim's page: the learner may still answer, but the provider no longer stands
    # behind the credit, so nothing enters the record.
    claim_withdraw(claim=claim, by=coordinator, reason="Did not attend")
    with django_capture_on_commit_callbacks(execute=True):
        response = _answer(api, claim, _good(questions))
    assert response.status_code == 200
    body = response.json()
    assert body["withdrawn"] is True
    assert body["activity"] is None
    claim.refresh_from_db()
    assert claim.activity is None
    assert not claim.certificate_file
    assert not Activity.objects.exists()


def test_someone_elses_claim_is_a_404_and_nothing_changes(  # type: ignore[no-untyped-def]
    bob, claim, questions, django_capture_on_commit_callbacks
) -> None:
    bobs = bearer_client(bob)
    read = bobs.get(f"/api/v1/claims/{claim.pk}/evaluation")
    assert read.status_code == 404
    assert read.json() == bobs.get("/api/v1/claims/987654/evaluation").json()
    assert b"How useful" not in read.content
    with django_capture_on_commit_callbacks(execute=True):
        write = _answer(bobs, claim, _good(questions))
    assert write.status_code == 404
    assert _nothing_stored(claim)


def test_a_read_only_token_cannot_answer(physician, claim, questions) -> None:  # type: ignore[no-untyped-def]
    reader = bearer_client(physician, scope=ApiToken.Scope.READ)
    assert reader.get(f"/api/v1/claims/{claim.pk}/evaluation").status_code == 200
    assert _answer(reader, claim, _good(questions)).status_code == 403  # type: ignore[attr-defined]
    assert _nothing_stored(claim)


def test_the_schema_documents_the_evaluation(client) -> None:  # type: ignore[no-untyped-def]
    path = client.get("/api/v1/openapi.json").json()["paths"][
        "/api/v1/claims/{claim_id}/evaluation"
    ]
    assert "choices in words" in path["get"]["description"]
    assert "nothing is stored" in path["post"]["description"]
    assert "Answers may be changed later" in path["post"]["description"]
