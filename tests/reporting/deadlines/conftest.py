"""Reminders are about alice's Texas license and CME record: the transcripts' fixtures, shared
rather than copied."""

from tests.reporting.transcripts import conftest as transcript_fixtures

_media = transcript_fixtures._media
vocabulary = transcript_fixtures.vocabulary
texas_license = transcript_fixtures.texas_license
cme_record = transcript_fixtures.cme_record
