"""The credit types and the mandate topics every account starts with.

The topics are copied from the reference data (`topic_slugs` in state-cme-rules.json) so that a
deployment never reads files outside the project at migrate time; admins can add more later.
"""

from decimal import Decimal

from django.db import migrations

CREDIT_TYPES = [
    # slug, name, requires_provider, physicians_only, increment
    ("ama-pra-1", "AMA PRA Category 1", True, True, Decimal("0.25")),
    ("ama-pra-2", "AMA PRA Category 2", False, False, None),
    ("aoa-1a", "AOA Category 1-A", True, False, None),
    ("aoa-1b", "AOA Category 1-B", False, False, None),
    ("aoa-2a", "AOA Category 2-A", False, False, None),
    ("aoa-2b", "AOA Category 2-B", False, False, None),
    ("other", "Other", False, False, None),
]

TOPICS = [
    # slug, name, description
    (
        "opioid-prescribing",
        "Opioid prescribing",
        "Opioid/controlled-substance prescribing for pain, including PDMP use, addiction risk, and alternatives to opioids",
    ),
    (
        "pain-management",
        "Pain management",
        "Pain management, including chronic pain, palliative care and end-of-life pain (California/Oregon/New York mixes)",
    ),
    (
        "controlled-substances",
        "Controlled substances",
        "Prescribing, monitoring, diversion and abuse of controlled substances in general (not only opioids)",
    ),
    (
        "substance-use-disorders",
        "Substance use disorders",
        "Recognizing, referring and treating substance use disorders (SUD) and addiction",
    ),
    (
        "sbirt",
        "SBIRT (screening, brief intervention, referral)",
        "Screening, Brief Intervention and Referral to Treatment",
    ),
    (
        "medical-ethics",
        "Medical ethics",
        "Medical ethics (Texas counts ethics and/or professional responsibility together under this slug)",
    ),
    (
        "professional-responsibility",
        "Professional responsibility",
        "Professional responsibility, duty to report misconduct, and providers' rights and duties",
    ),
    (
        "professional-boundaries",
        "Professional boundaries",
        "Professional boundaries and physician sexual misconduct",
    ),
    ("implicit-bias", "Implicit bias", "Implicit bias in health care"),
    (
        "cultural-competency",
        "Cultural competency",
        "Cultural competency / cultural and linguistic competence",
    ),
    (
        "lgbtq-cultural-competency",
        "LGBTQ cultural competency",
        "Cultural competence and clinical care for LGBTQ patients (DC)",
    ),
    ("health-equity", "Health equity", "Health equity (Washington RCW 43.70.613 model rules)"),
    (
        "domestic-violence",
        "Domestic violence",
        "Domestic violence (in some states combined with sexual violence)",
    ),
    ("sexual-assault", "Sexual assault", "Sexual assault"),
    (
        "human-trafficking",
        "Human trafficking",
        "Identifying and helping victims of human trafficking",
    ),
    (
        "child-abuse",
        "Child abuse",
        "Recognizing and reporting child abuse, maltreatment and neglect (mandated reporter training)",
    ),
    (
        "dependent-adult-abuse",
        "Dependent-adult abuse",
        "Recognizing and reporting dependent-adult abuse",
    ),
    (
        "pediatric-abusive-head-trauma",
        "Pediatric abusive head trauma",
        "Pediatric abusive head trauma (Kentucky)",
    ),
    (
        "infection-control",
        "Infection control",
        "Infection control and barrier precautions, including sepsis (New York)",
    ),
    (
        "infectious-diseases",
        "Infectious diseases",
        "Infectious diseases, including HIV/AIDS or state-priority infections",
    ),
    ("hiv-aids", "HIV/AIDS", "HIV/AIDS"),
    ("medical-errors", "Medical errors", "Preventing medical errors (Florida)"),
    (
        "risk-management",
        "Risk management",
        "Risk management (malpractice prevention, patient safety, ethics, etc.)",
    ),
    (
        "patient-safety-risk-management",
        "Patient safety and risk management",
        "Patient safety and risk management as one combined bucket (Pennsylvania)",
    ),
    (
        "end-of-life-care",
        "End-of-life care",
        "End-of-life care, hospice and care of terminally ill/dying patients",
    ),
    ("geriatrics", "Geriatrics", "Geriatric medicine / care of older patients"),
    ("dementia", "Alzheimer's disease and dementia", "Alzheimer's disease and related dementias"),
    (
        "suicide-prevention",
        "Suicide prevention",
        "Suicide assessment, treatment, management and prevention",
    ),
    (
        "behavioral-health",
        "Behavioral health",
        "Behavioral health, including veterans' mental health (Connecticut)",
    ),
    (
        "laws-and-rules",
        "State laws and board rules",
        "State medical practice act, board rules and laws (incl. board orientation programs)",
    ),
    (
        "electronic-health-records",
        "Electronic health records",
        "Proficiency in electronic health records (Massachusetts)",
    ),
    (
        "sexual-harassment-prevention",
        "Sexual harassment prevention",
        "Sexual harassment prevention (Illinois)",
    ),
    ("nutrition", "Nutrition", "Nutrition and metabolic health (Louisiana, per aggregator)"),
    (
        "public-health-priorities",
        "Public-health priorities",
        "Topics the jurisdiction names as public-health priorities (DC 10% rule)",
    ),
]


def load(apps, schema_editor):
    CreditType = apps.get_model("activities", "CreditType")
    Topic = apps.get_model("activities", "Topic")
    for position, (slug, name, requires_provider, physicians_only, increment) in enumerate(
        CREDIT_TYPES
    ):
        CreditType.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "position": position,
                "requires_provider": requires_provider,
                "physicians_only": physicians_only,
                "increment": increment,
            },
        )
    for slug, name, description in TOPICS:
        Topic.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )


def unload(apps, schema_editor):
    apps.get_model("activities", "Topic").objects.filter(slug__in=[t[0] for t in TOPICS]).delete()
    apps.get_model("activities", "CreditType").objects.filter(
        slug__in=[c[0] for c in CREDIT_TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
