"""The license read every license page makes (a cache hit too): one query, compiled once per
process, that gives what the ORM's `select_related` read gives, and nothing of anyone else's."""

import datetime

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from accounts.models import Profile, User
from reporting.licenses import selectors
from reporting.models import Board, License

pytestmark = pytest.mark.django_db


def _license(owner: User, board: Board, number: str) -> License:
    return License.objects.create(
        owner=owner,
        board=board,
        number=number,
        issued_on=datetime.date(2012, 4, 1),
        expires_on=datetime.date(2028, 3, 31),
        condition_answers={"dea_registered": True, "it's <quoted>": False},
    )


@pytest.fixture
def boards() -> tuple[Board, Board]:
    own = Board.objects.create(code="ZZ-MD", state="ZZ", degree="MD", name="Zed Medical Board")
    shared = Board.objects.create(
        code="ZZ-DO", state="ZZ", degree="DO", name="Zed Osteopathic", shares_rules_with=own
    )
    return own, shared


def _fields(instance: object) -> dict[str, object]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}  # type: ignore[attr-defined]


def _same(read: License, orm: License) -> None:
    assert model_to_dict(read) == model_to_dict(orm)
    assert _fields(read) == _fields(orm)
    assert read.condition_answers == {"dea_registered": True, "it's <quoted>": False}
    assert _fields(read.board) == _fields(orm.board)
    assert _fields(read.owner) == _fields(orm.owner)
    assert _fields(read.owner.profile) == _fields(orm.owner.profile)
    assert read.issued_on == datetime.date(2012, 4, 1)
    assert read.created_at == orm.created_at


def test_reads_license_board_owner_and_profile_in_one_query(alice, boards) -> None:  # type: ignore[no-untyped-def]
    own, shared = boards
    Profile.objects.filter(user=alice).update(degree="MD")
    for board in (own, shared):
        license = _license(alice, board, f"N-{board.code}")
        orm = License.objects.select_related("board__shares_rules_with", "owner__profile").get(
            pk=license.pk
        )
        with CaptureQueriesContext(connection) as queries:
            read = selectors.license_get(user=alice, pk=license.pk)
            assert read.owner.profile.degree == "MD"
            assert read.owner.profile.user is read.owner
            sharing = read.board.shares_rules_with
            assert (sharing.code if sharing else None) == ("ZZ-MD" if board == shared else None)
            assert read.board.rules_board.code == "ZZ-MD"
        assert len(queries) == 1
        _same(read, orm)


def test_an_owner_without_a_profile_reads_as_none(alice, boards) -> None:  # type: ignore[no-untyped-def]
    Profile.objects.filter(user=alice).delete()
    license = _license(alice, boards[0], "N-1")
    with CaptureQueriesContext(connection) as queries:
        read = selectors.license_get(user=alice, pk=license.pk)
        assert getattr(read.owner, "profile", None) is None
    assert len(queries) == 1


def test_someone_elses_license_or_none_is_not_found(alice, bob, boards) -> None:  # type: ignore[no-untyped-def]
    alices = _license(alice, boards[0], "N-1")
    bobs = _license(bob, boards[0], "N-2")
    assert selectors.license_get(user=bob, pk=bobs.pk).owner == bob
    for user, pk in ((bob, alices.pk), (alice, bobs.pk), (alice, bobs.pk + 1000)):
        with pytest.raises(Http404):
            selectors.license_get(user=user, pk=pk)


def test_every_license_of_the_owner_in_the_list_order_in_one_query(alice, bob, boards) -> None:  # type: ignore[no-untyped-def]
    own, shared = boards
    Profile.objects.filter(user=alice).update(degree="DO")
    later = _license(alice, own, "N-LATER")
    sooner = _license(alice, shared, "N-SOONER")
    License.objects.filter(pk=sooner.pk).update(expires_on=datetime.date(2027, 1, 31))
    _license(bob, own, "N-BOBS")
    orm = list(
        selectors.license_list(user=alice).select_related(
            "board__shares_rules_with", "owner__profile"
        )
    )
    with CaptureQueriesContext(connection) as queries:
        read = selectors.licenses_read(user=alice)
        assert [license.owner.profile.degree for license in read] == ["DO", "DO"]
        assert [license.board.rules_board.code for license in read] == ["ZZ-MD", "ZZ-MD"]
    assert len(queries) == 1
    assert [license.pk for license in read] == [sooner.pk, later.pk] == [o.pk for o in orm]
    for one, other in zip(read, orm, strict=True):
        _same(one, other)


def test_an_owner_without_licenses_reads_none(alice) -> None:  # type: ignore[no-untyped-def]
    assert selectors.licenses_read(user=alice) == []
