import datetime
import warnings
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest
import xmlschema

from providers.exports.common import CannotExport
from providers.exports.medbiquitous import AR, HX, MEMBER, activity_report_xml
from providers.records import Designation
from tests.providers.facts import activity, claim

SCHEMAS = Path(__file__).parent / "schemas"
ACTIVITY_REPORT_XSD = SCHEMAS / "ns.medbiq.org/activityreport/v2/activityreport.xsd"
XOP = "http://www.w3.org/2004/08/xop/include"
# The DCMI copies import "xml.xsd" from beside themselves; that is the W3C schema.
ALIASES = {"www.dublincore.org/schemas/xmls/qdc/xml.xsd": "www.w3.org/2001/xml.xsd"}
CREATED = datetime.datetime(2026, 5, 2, 9, 0, tzinfo=datetime.UTC)
NS = {"ar": AR, "m": MEMBER, "hx": HX}


def local_copy(url: str) -> str:
    """Schema addresses -> the vendored files; anything not vendored stays remote (blocked)."""
    for scheme in ("http://", "https://"):
        if url.startswith(scheme):
            relative = url.removeprefix(scheme).strip()
            path = SCHEMAS / ALIASES.get(relative, relative)
            if path.is_file():
                return path.resolve().as_uri()
    return url


@pytest.fixture(scope="module")
def schema() -> xmlschema.XMLSchema10:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        built = xmlschema.XMLSchema10(
            str(ACTIVITY_REPORT_XSD), uri_mapper=local_copy, validation="lax", allow="local"
        )
    failed = [
        str(w.message) for w in caught if issubclass(w.category, xmlschema.XMLSchemaImportWarning)
    ]
    assert len(failed) == 1
    assert XOP in failed[0]
    assert built.all_errors == []
    return built


def parse(xml: bytes) -> ET.Element:
    # Our own output, made a line earlier in the test: not untrusted input.
    return ET.fromstring(xml)  # noqa: S314


def report(**changes: object) -> bytes:
    facts = activity(joint_providers=("Texas Society for Bedside Ethics",))
    claims = [claim(), claim(first_name="Bo", last_name="Adams", npi=None)]
    return activity_report_xml(facts, claims, created_at=CREATED, **changes)  # type: ignore[arg-type]


def test_the_report_is_valid_against_the_medbiquitous_xsd(schema: xmlschema.XMLSchema10) -> None:
    schema.validate(report().decode("utf-8"))


def test_the_validation_can_fail(schema: xmlschema.XMLSchema10) -> None:
    root = parse(report())
    activity_element = root.find("ar:ActivityReport/ar:Activity", NS)
    assert activity_element is not None
    activity_element.remove(activity_element.find("ar:ProviderOrganization", NS))  # type: ignore[arg-type]
    assert not schema.is_valid(ET.tostring(root, encoding="unicode"))


def test_an_aoa_and_a_participation_claim_are_valid_too(schema: xmlschema.XMLSchema10) -> None:
    facts = activity(
        designations=(
            Designation("ama-pra-1", "AMA PRA Category 1", Decimal("3.5")),
            Designation("aoa-1a", "AOA Category 1-A", Decimal("3.5")),
        ),
        pars_activity_id=None,
        topics=(),
    )
    claims = [
        claim(credit_type_slug="aoa-1a", degree="DO"),
        claim(credit_type_slug="participation", degree="RN", npi=None, license_state=None),
    ]
    schema.validate(activity_report_xml(facts, claims, created_at=CREATED).decode("utf-8"))


def test_one_activity_report_per_learner_with_the_credits_claimed() -> None:
    root = parse(report())
    reports = root.findall("ar:ActivityReport", NS)
    assert [
        r.findtext("ar:Member/m:Name/{http://ns.medbiq.org/name/v2/}FamilyName", namespaces=NS)
        for r in reports
    ] == ["Adams", "Moreno"]
    credits = reports[1].find("ar:Activity/ar:Module/ar:CreditCertificate/ar:CreditReceived", NS)
    assert credits is not None
    assert credits.findtext("hx:numberOfCredits", namespaces=NS) == "3.00"
    assert credits.findtext("hx:activityCertification", namespaces=NS) == (
        "AMA PRA Category 1 Credit\u2122"
    )
    assert credits.findtext("hx:nonAccreditedProvider", namespaces=NS) == (
        "Texas Society for Bedside Ethics"
    )
    assert credits.findtext("ar:CreditFocus/ar:Code", namespaces=NS) == "ethics"


def test_learner_identity_npi_and_license() -> None:
    moreno = parse(report()).findall("ar:ActivityReport/ar:Member", NS)[1]
    assert moreno.findtext("m:UniqueID", namespaces=NS) == "1234567893"
    assert moreno.findtext("m:LicenseInfo/m:License/m:LicenseNumber", namespaces=NS) == "Q1234"


def test_credit_id_and_topic_words_come_from_the_caller(schema: xmlschema.XMLSchema10) -> None:
    xml = report(
        credit_id_prefix="https://cmetrack.example/verify/",
        topic_names={"ethics": "Medical ethics"},
    )
    schema.validate(xml.decode("utf-8"))
    first = parse(xml).find("ar:ActivityReport/ar:Activity/ar:Module/ar:CreditCertificate", NS)
    assert first is not None
    assert (
        first.findtext("ar:CreditID", namespaces=NS) == "https://cmetrack.example/verify/K7Q2M9XA"
    )
    assert first.findtext("ar:CreditReceived/ar:CreditFocus/ar:Description", namespaces=NS) == (
        "Medical ethics"
    )


def test_markup_in_names_is_escaped(schema: xmlschema.XMLSchema10) -> None:
    xml = activity_report_xml(
        activity(title="<script>x</script> & more"), [claim()], created_at=CREATED
    )
    assert b"&lt;script&gt;" in xml
    schema.validate(xml.decode("utf-8"))


def test_withdrawn_claims_are_left_out_and_none_left_is_refused_in_words() -> None:
    with pytest.raises(CannotExport, match="No claims to report yet"):
        activity_report_xml(activity(), [claim(deleted=True)], created_at=CREATED)


def test_an_activity_without_a_title_is_refused() -> None:
    with pytest.raises(CannotExport, match="title and provider"):
        activity_report_xml(activity(title=" "), [claim()], created_at=CREATED)
