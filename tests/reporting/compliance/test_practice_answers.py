"""What a batch of physicians told us (profile facts, DEA registration, attestations) is read in
one query, whatever the number of physicians, licenses or attestations."""

import datetime

import pytest

from reporting.compliance.selectors import practice_answers
from reporting.engine import Attestation as AttestationFact
from reporting.engine import AttestationKind
from reporting.models import Attestation
from tests.accounts.factories import UserFactory
from tests.factories import BoardFactory, LicenseFactory

pytestmark = pytest.mark.django_db


def _attest(license, code: str, **fields):  # type: ignore[no-untyped-def]
    return Attestation.objects.create(
        license=license, requirement_code=code, kind="completed", **fields
    )


def test_everyone_s_answers_come_in_one_query(alice, bob, django_assert_num_queries) -> None:
    alice.profile.practice_facts = {"prescribes_opioids": True}
    alice.profile.save()
    texas = LicenseFactory(owner=alice, board=BoardFactory(code="ZT-MD"))
    florida = LicenseFactory(owner=alice, board=BoardFactory(code="ZF-MD"))
    LicenseFactory(owner=alice, board=BoardFactory(code="US-DEA"))
    _attest(texas, "zt-md.ethics", completed_on=datetime.date(2025, 5, 2))
    _attest(texas, "zt-md.abuse", completed_on=None, reason="Done at residency")
    _attest(florida, "zf-md.errors", completed_on=datetime.date(2026, 1, 3))
    LicenseFactory(owner=bob, board=BoardFactory(code="ZB-MD"))  # a license, nothing attested
    carol = UserFactory()  # no license at all
    someone_else = LicenseFactory(board=BoardFactory(code="ZS-MD"))
    _attest(someone_else, "zs-md.ethics")

    with django_assert_num_queries(1):
        answers = practice_answers(owner_ids=[alice.pk, bob.pk, carol.pk])

    assert answers.profile_facts[alice.pk] == {"prescribes_opioids": True}
    assert answers.profile_facts.get(bob.pk, {}) == {}
    assert answers.profile_facts.get(carol.pk, {}) == {}
    assert answers.dea_holders == frozenset({alice.pk})
    assert answers.attestations == {
        texas.pk: (
            AttestationFact("zt-md.abuse", AttestationKind.COMPLETED, None, "Done at residency"),
            AttestationFact("zt-md.ethics", AttestationKind.COMPLETED, datetime.date(2025, 5, 2)),
        ),
        florida.pk: (
            AttestationFact("zf-md.errors", AttestationKind.COMPLETED, datetime.date(2026, 1, 3)),
        ),
    }
