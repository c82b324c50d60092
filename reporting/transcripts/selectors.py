"""Is a transcript still what the record says? The version of everything a document rests on."""

import datetime
import hashlib
from collections.abc import Iterable

from django.db.models import Count, Max, Sum

from accounts.models import User
from activities.models import Activity
from certificates.models import Certificate
from reporting.compliance import selectors as compliance_selectors
from reporting.models import Transcript

# The verdict cache's version names one day; a document's version must not change overnight.
ANY_DAY = datetime.date.min


def transcript_record_version(*, user: User) -> str:
    """Changes whenever a document made now would read differently.

    The verdicts' record version (activities, licenses, attestations, practice answers, the
    rules), plus what only a document prints: which certificates are on file and attached, and
    the name, degree and NPI on the profile.
    """
    verdicts = compliance_selectors.record_version(user=user, as_of=ANY_DAY).key
    attached = Activity.objects.filter(owner=user).aggregate(
        n=Count("certificate_id"), total=Sum("certificate_id")
    )
    files = Certificate.objects.filter(owner=user).aggregate(n=Count("pk"), last=Max("pk"))
    profile = getattr(user, "profile", None)
    person = (profile.full_name, profile.degree, profile.npi) if profile else ()
    state = repr((verdicts, attached, files, person))
    return hashlib.blake2b(state.encode(), digest_size=16).hexdigest()


def transcripts_stale(*, user: User, transcripts: Iterable[Transcript]) -> set[object]:
    """The ids of the finished documents made before the last change to the record or rules."""
    ready = [t for t in transcripts if t.status == Transcript.Status.READY and t.record_version]
    if not ready:
        return set()
    now = transcript_record_version(user=user)
    return {t.pk for t in ready if t.record_version != now}
