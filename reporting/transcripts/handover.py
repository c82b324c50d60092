"""Ready to hand over: what a board reads first on a transcript, asked before it is made.

The physician confirms (or corrects) the full name, degree, NPI and license number the
document will print; they are saved back to the profile and the license, then the document is
queued. A transcript made out to an e-mail address, or to a stale license number, is the one a
board reviewer sends back with a question.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import services as accounts_services
from accounts.models import Profile, User
from reporting.licenses import selectors as licenses_selectors
from reporting.licenses import services as licenses_services
from reporting.models import Transcript
from reporting.transcripts.services import transcript_request


def transcript_handover(
    *,
    owner: User,
    license_id: int,
    kind: str,
    cycle_end: datetime.date | None,
    full_name: str,
    degree: str,
    npi: str,
    license_number: str,
) -> Transcript:
    """Save what a board expects on the document to the profile and the license, then queue it.

    All or nothing: a refused request (too many pending, say) saves none of it either.
    """
    license = licenses_selectors.license_list(user=owner).filter(pk=license_id).first()
    if license is None:
        raise ValidationError({"license": ["No license with this id in your record."]})
    with transaction.atomic():
        profile = Profile.objects.get_or_create(user=owner)[0]
        accounts_services.profile_update(
            profile=profile, full_name=full_name, degree=degree, npi=npi
        )
        owner.profile = profile
        if license.number != license_number:
            try:
                licenses_services.license_update(license=license, number=license_number)
            except ValidationError as error:
                raise ValidationError({"license_number": error.messages}) from error
        return transcript_request(
            owner=owner, license_id=license.pk, kind=kind, cycle_end=cycle_end
        )
