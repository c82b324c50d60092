"""A MedBiquitous Activity Report (ANSI/MEDBIQ AR v2) of one activity's claimed credit.

The Activity Report standard (namespace http://ns.medbiq.org/activityreport/v2/, schema
activityreport.xsd of 29 November 2018 in the MedBiquitous repository github.com/medbiq/medbiq)
carries, per learner, an ActivityReport: the reporting organization, the learner as a
MedBiquitous Member (identifiers, name, license), and the Activity with a Module whose
CreditCertificate states the credit received (the healthcare LOM "credits" fields: accrediting
body, certification, credit type and unit, accredited and non-accredited providers, number of
credits) and a CreditID. Topics go into CreditFocus, so a board can see the hours of ethics.

Built with the standard library's ElementTree; tests validate the output against the XSD.
"""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from providers.exports.common import CannotExport
from providers.records import (
    AMA_CATEGORY_1,
    AOA_CATEGORY_1,
    ActivityFacts,
    LearnerClaim,
)

AR = "http://ns.medbiq.org/activityreport/v2/"
MEMBER = "http://ns.medbiq.org/member/v2/"
NAME = "http://ns.medbiq.org/name/v2/"
ADDRESS = "http://ns.medbiq.org/address/v2/"
HX = "http://ns.medbiq.org/lom/extend/v1/"
NAMESPACES = {"": AR, "m": MEMBER, "n": NAME, "a": ADDRESS, "hx": HX}

# MedBiquitous identifier domains are "idd:<domain name>:<kind>".
NPI_DOMAIN = "idd:cms.hhs.gov:npi"
PARS_ACTIVITY_DOMAIN = "idd:accme.org:activity"


def _tag(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _add(parent: ET.Element, namespace: str, name: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, _tag(namespace, name))
    if text is not None:
        child.text = text
    return child


def _certification(activity: ActivityFacts, slug: str) -> tuple[str | None, str]:
    """(accrediting body, the credit's name) for the credit type claimed."""
    if slug == AMA_CATEGORY_1:
        return "Accreditation Council for Continuing Medical Education (ACCME)", (
            "AMA PRA Category 1 Credit\u2122"
        )
    designation = activity.designation(slug)
    name = designation.credit_type_name if designation is not None else slug
    if slug in AOA_CATEGORY_1:
        return "American Osteopathic Association (AOA)", name
    return None, name


def _member(report: ET.Element, claim: LearnerClaim) -> None:
    member = _add(report, AR, "Member")
    if claim.npi and claim.npi.strip():
        _add(member, MEMBER, "UniqueID", claim.npi.strip()).set("domain", NPI_DOMAIN)
    name = _add(member, MEMBER, "Name")
    for element, value in (
        ("GivenName", claim.first_name),
        ("FamilyName", claim.last_name),
        ("Degree", claim.degree),
    ):
        if value.strip():
            _add(name, NAME, element, value.strip())
    state = (claim.license_state or "").strip().upper()
    number = (claim.license_number or "").strip()
    if state and number:
        license_ = _add(_add(member, MEMBER, "LicenseInfo"), MEMBER, "License")
        entity = _add(license_, MEMBER, "LicensureEntity")
        _add(entity, MEMBER, "LicensureEntityName", f"{state} medical licensing board").set(
            "abbreviation", state
        )
        _add(license_, MEMBER, "LicenseNumberAvailability", "Available")
        _add(license_, MEMBER, "LicenseNumber", number)
        jurisdiction = _add(license_, MEMBER, "Jurisdiction")
        _add(
            _add(jurisdiction, MEMBER, "Country"),
            ADDRESS,
            "CountryCode",
            "US",
        )
        _add(jurisdiction, MEMBER, "StateOrProvince", state)


def _credit_certificate(
    module: ET.Element,
    activity: ActivityFacts,
    claim: LearnerClaim,
    credit_id: str,
    topic_names: Mapping[str, str],
) -> None:
    certificate = _add(module, AR, "CreditCertificate")
    received = _add(certificate, AR, "CreditReceived")
    body, certification = _certification(activity, claim.credit_type_slug)
    if body:
        _add(received, HX, "accreditingBody", body)
    _add(received, HX, "activityCertification", certification)
    _add(received, HX, "creditType", "CME")
    _add(received, HX, "creditUnit", "Credit")
    _add(received, HX, "accreditedProvider", activity.provider_name)
    for partner in activity.joint_providers:
        _add(received, HX, "nonAccreditedProvider", partner)
    _add(received, HX, "releaseDate", activity.starts_on.isoformat())
    _add(received, HX, "numberOfCredits", f"{claim.credits:.2f}")
    for slug in activity.topics:
        focus = _add(received, AR, "CreditFocus")
        _add(focus, AR, "Description", topic_names.get(slug, slug))
        _add(focus, AR, "Code", slug)
        _add(focus, AR, "NumberOfCredits", f"{claim.credits:.2f}")
    _add(certificate, AR, "CreditID", credit_id)


def _activity(
    report: ET.Element,
    activity: ActivityFacts,
    claim: LearnerClaim,
    credit_id: str,
    topic_names: Mapping[str, str],
) -> None:
    element = _add(report, AR, "Activity")
    _add(element, AR, "ProviderOrganization", activity.provider_name)
    _add(element, AR, "ActivityName", activity.title)
    if activity.pars_activity_id:
        _add(element, AR, "ActivityInstanceID", activity.pars_activity_id).set(
            "domain", PARS_ACTIVITY_DOMAIN
        )
    _add(element, AR, "Status", "Completed")
    module = _add(element, AR, "Module")
    _add(module, AR, "ModuleName", activity.title)
    _add(module, AR, "Status", "Completed")
    # The claim records the day of completion, not the hour: midnight of that day.
    _add(module, AR, "CompletedDateTime", f"{claim.completed_on.isoformat()}T00:00:00")
    _credit_certificate(module, activity, claim, credit_id, topic_names)


def activity_report_xml(
    activity: ActivityFacts,
    claims: Iterable[LearnerClaim],
    *,
    created_at: datetime.datetime,
    credit_id_prefix: str = "urn:cmetrack:certificate:",
    topic_names: Mapping[str, str] | None = None,
) -> bytes:
    """The Activity Report XML (UTF-8) with one ActivityReport per standing claim.

    `credit_id_prefix` + the claim's verification code is each certificate's CreditID (pass the
    verification page's address to make it a link); `topic_names` gives topic slugs their words.
    """
    standing = [c for c in claims if not c.deleted]
    if not standing:
        raise CannotExport("No claims to report yet: an Activity Report needs at least one.")
    if not activity.title.strip() or not activity.provider_name.strip():
        raise CannotExport("An Activity Report needs the activity's title and provider.")
    for prefix, uri in NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element(_tag(AR, "ActivityReports"))
    _add(root, AR, "DateTimeCreated", created_at.isoformat(timespec="seconds"))
    _add(root, AR, "ReportingStartDate", activity.starts_on.isoformat())
    _add(root, AR, "ReportingEndDate", activity.ends_on.isoformat())
    for claim in sorted(standing, key=lambda c: (c.last_name.lower(), c.first_name.lower())):
        report = _add(root, AR, "ActivityReport")
        _add(report, AR, "ReportingOrganization", activity.provider_name)
        _member(report, claim)
        credit_id = f"{credit_id_prefix}{claim.verification_code}"
        _activity(report, activity, claim, credit_id, topic_names or {})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
