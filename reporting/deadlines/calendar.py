"""A private iCalendar (RFC 5545) feed of license deadlines, at a tokenised URL.

The VCALENDAR text is simple enough to write here: all-day events, escaped text, lines folded
at 75 octets. The token is the only credential, so it is long and random, and regenerating it
revokes the old URL at once.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404

from accounts.models import User
from reporting.licenses import selectors as licenses_selectors
from reporting.models import CalendarFeed, License, calendar_token

PRODID = "-//CME Track//License deadlines//EN"


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: datetime.date
    summary: str
    description: str = ""


def ics_text(value: str) -> str:
    """RFC 5545 TEXT escaping: backslash, semicolon, comma and newlines."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    # Lines longer than 75 octets continue on the next line after CRLF + one space.
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode("utf-8")
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += piece
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def ics_calendar(
    events: Sequence[CalendarEvent], *, now: datetime.datetime, name: str = "CME deadlines"
) -> str:
    """A VCALENDAR of all-day events."""
    stamp = now.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.day + datetime.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{ics_text(event.summary)}",
            *([f"DESCRIPTION:{ics_text(event.description)}"] if event.description else []),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def license_deadline_events(licenses: Iterable[License]) -> list[CalendarEvent]:
    """Each license's expiry, and its CME cycle end when the board counts CME separately."""
    events = []
    for license in licenses:
        # Only the last four digits: a calendar is easily shared by accident.
        ref = f"license …{license.number[-4:]}"
        events.append(
            CalendarEvent(
                uid=f"license-{license.pk}-expires-{license.expires_on:%Y%m%d}@cmetrack",
                day=license.expires_on,
                summary=f"{license.board.code} {ref} expires",
                description=f"Renew your {license.board.name} license; check your CME in "
                "CME Track first.",
            )
        )
        if license.cycle_end and license.cycle_end != license.expires_on:
            events.append(
                CalendarEvent(
                    uid=f"license-{license.pk}-cme-{license.cycle_end:%Y%m%d}@cmetrack",
                    day=license.cycle_end,
                    summary=f"{license.board.code} {ref}: CME cycle ends",
                    description="Credits completed after this day count toward the next cycle.",
                )
            )
    return sorted(events, key=lambda event: (event.day, event.uid))


# --- The feed's token -----------------------------------------------------------------------
def calendar_feed_get(*, owner: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(owner=owner).first()


def calendar_feed_regenerate(*, owner: User) -> CalendarFeed:
    """A new secret URL; the old one stops working immediately."""
    with transaction.atomic():
        feed, created = CalendarFeed.objects.select_for_update().get_or_create(owner=owner)
        if not created:
            feed.token = calendar_token()
            feed.save(update_fields=["token"])
    return feed


def calendar_feed_ics(*, token: str, now: datetime.datetime) -> str:
    """The deadlines of the user this token belongs to (404 for an unknown token)."""
    feed = CalendarFeed.objects.select_related("owner").filter(token=token).first()
    if feed is None or not feed.owner.is_active:
        raise Http404("No such calendar.")
    licenses = licenses_selectors.license_list(user=feed.owner)
    return ics_calendar(license_deadline_events(licenses), now=now)
