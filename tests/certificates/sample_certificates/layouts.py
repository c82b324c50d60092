"""HTML layouts of certificates as real providers print them (wording and order read from public
sample certificates and accreditation statements; no logos, no copied artwork).

Each layout is a `string.Template`; `$title`, `$provider`, `$learner_name`, `$credits` come from
a certificate's expected fields, anything else (how the date is printed, a course number) from
its `print` values in certificates.json.
"""

from string import Template

BASE = """
@page { size: Letter landscape; margin: 0.5in; }
body { font-family: "DejaVu Serif", serif; font-size: 12pt; color: #111; }
.frame { border: 5px double #1d3c5e; padding: 0.35in 0.5in; min-height: 6.2in; }
.center { text-align: center; }
h1 { font-size: 28pt; margin: 0.1in 0; letter-spacing: 1px; }
h2 { font-size: 16pt; margin: 0.05in 0; }
.name { font-size: 24pt; font-style: italic; margin: 0.12in 0; }
.title { font-size: 17pt; font-weight: bold; margin: 0.1in 0; }
.small { font-size: 8.5pt; text-align: left; margin-top: 0.12in; }
table { border-collapse: collapse; margin: 0.12in auto; }
td, th { border: 1px solid #555; padding: 5px 12px; text-align: left; }
.sans { font-family: "DejaVu Sans", sans-serif; }
.liberation { font-family: "Liberation Sans", sans-serif; }
.portrait { page: portrait; }
@page portrait { size: Letter portrait; margin: 0.6in; }
"""

LAYOUTS: dict[str, str] = {
    # Postgraduate Institute for Medicine: "X certifies that", a joint-providership line.
    "pim": """
<div class="frame center">
<h2>$provider</h2>
<h1>Certificate of Credit</h1>
<p>$provider certifies that</p>
<p class="name">$learner_name</p>
<p>has participated in the $format_words titled</p>
<p class="title">$title</p>
<p>on $date_text and is awarded $credits <i>AMA PRA Category 1 Credits™</i>.</p>
<p class="small">Jointly provided by $provider and $partner. $provider is accredited by the
Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical
education for physicians. $provider designates this $format_words for a maximum of $maximum
<i>AMA PRA Category 1 Credit(s)™</i>. Physicians should claim only the credit commensurate with
the extent of their participation in the activity.</p>
</div>""",
    # NetCE: a home-study course record with a course number, label beside value.
    "netce": """
<div class="frame sans">
<p class="center"><b>$provider</b> · P.O. Box 997571 · Sacramento, CA</p>
<h1 class="center">Certificate of Completion</h1>
<table>
<tr><th>Name:</th><td>$learner_name</td></tr>
<tr><th>Course #:</th><td>$course_number</td></tr>
<tr><th>Course Title:</th><td>$title</td></tr>
<tr><th>Date Completed:</th><td>$date_text</td></tr>
<tr><th>Credits Earned:</th><td>$credits AMA PRA Category 1 Credits™</td></tr>
</table>
<p class="small">$provider is accredited by the ACCME to provide continuing medical education
for physicians. $provider designates this enduring material for a maximum of $maximum
<i>AMA PRA Category 1 Credit(s)™</i>. Physicians should claim only the credit commensurate with
the extent of their participation in the activity. $mandate</p>
</div>""",
    # JN Learning / AMA Ed Hub: one row under column headers.
    "jn": """
<div class="frame liberation">
<p><b>JN Learning™</b> — The JAMA Network</p>
<h1 class="center">CME Certificate</h1>
<p class="center">This certificate is awarded to</p>
<p class="name center">$learner_name</p>
<table>
<tr><th>Activity Title</th><th>Format</th><th>Date</th><th>Credits</th></tr>
<tr><td>$title</td><td>$format_words</td><td>$date_text</td>
<td>$credits AMA PRA Category 1 Credit™</td></tr>
</table>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing
Medical Education to provide continuing medical education for physicians. The
$provider designates this $format_words for a maximum of $maximum
<i>AMA PRA Category 1 Credit(s)™</i>. Physicians should claim only the credit commensurate with
the extent of their participation in the activity. Activity number: $course_number.</p>
</div>""",
    # AMA Ed Hub: a course taken over months, "From ... to ...".
    "edhub": """
<div class="frame sans center">
<p><b>AMA Ed Hub™</b></p>
<h1>Certificate of Completion</h1>
<p>This certifies that</p>
<p class="name">$learner_name</p>
<p>has completed the $format_words</p>
<p class="title">$title</p>
<p>From $start_text to $date_text</p>
<p>and has been awarded $credits <i>AMA PRA Category 1 Credits™</i>.</p>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing Medical
Education (ACCME) to provide continuing medical education for physicians. The $provider
designates this $format_words for a maximum of $maximum <i>AMA PRA Category 1 Credits™</i>.</p>
</div>""",
    # Medscape: labelled lines, an online activity, release and expiry dates to ignore.
    "medscape": """
<div class="frame liberation portrait">
<p><b>Medscape Education</b></p>
<h1>CME Certificate</h1>
<p><b>$learner_name</b></p>
<p>Activity Title: $title</p>
<p>Date of Completion: $date_text</p>
<p>Credit(s) Awarded: $credits AMA PRA Category 1 Credit(s)™</p>
<p>Release Date: $release_text · Expiration Date: $expiry_text</p>
<p class="small">$provider is accredited by the ACCME to provide continuing medical education
for physicians. $provider designates this enduring material for a maximum of $maximum
<i>AMA PRA Category 1 Credit(s)™</i>. Physicians should claim only the credit commensurate with
the extent of their participation in the activity.</p>
</div>""",
    # A hospital's grand rounds (a regularly scheduled series).
    "grand_rounds": """
<div class="frame center">
<h2>$provider</h2>
<p>Office of Continuing Medical Education</p>
<h1>Certificate of Attendance</h1>
<p>This is to certify that</p>
<p class="name">$learner_name</p>
<p>attended the Regularly Scheduled Series: Medicine Grand Rounds</p>
<p class="title">"$title"</p>
<p>held on $date_text</p>
<p>Credits claimed: $credits AMA PRA Category 1 Credit(s)™</p>
<p class="small">$provider is accredited by the ACCME to provide continuing medical education
for physicians. $provider designates this live activity for a maximum of $maximum
<i>AMA PRA Category 1 Credit™</i>.</p>
</div>""",
    # AOA: an osteopathic society's live meeting (1-A) or self-study (1-B).
    "aoa": """
<div class="frame center">
<h2>$provider</h2>
<h1>Certificate of Attendance</h1>
<p>This is to certify that</p>
<p class="name">$learner_name</p>
<p>attended the $format_words entitled</p>
<p class="title">$title</p>
<p>$date_text</p>
<p>and has earned $credits AOA Category $aoa_category credits.</p>
<p class="small">$provider is accredited by the American Osteopathic Association to provide
osteopathic continuing medical education for physicians. This program anticipates being
approved for $maximum AOA Category $aoa_category CME credits pending approval by the AOA CCME.</p>
</div>""",
    # A nurse's certificate: ANCC contact hours (not physician credit).
    "nursing": """
<div class="frame sans portrait">
<h2>$provider</h2>
<h1>Certificate of Participation</h1>
<p>Participant: $learner_name</p>
<p>Program: $title</p>
<p>Date: $date_text</p>
<p>Contact hours awarded: $credits ANCC contact hours</p>
<p class="small">$provider is approved as a provider of nursing continuing professional
development by the American Nurses Credentialing Center's Commission on Accreditation.
Participants must attend the entire session to receive contact hours.</p>
</div>""",
    # A pharmacist's statement of credit: ACPE contact hours with a UAN.
    "pharmacy": """
<div class="frame liberation portrait">
<h1>Statement of Continuing Pharmacy Education Credit</h1>
<p>Awarded to: $learner_name</p>
<p>Activity: $title</p>
<p>UAN: $course_number · Activity type: Knowledge-based, home study</p>
<p>Date completed: $date_text</p>
<p>$credits ACPE contact hours ($ceu CEU)</p>
<p class="small">$provider is accredited by the Accreditation Council for Pharmacy Education as a
provider of continuing pharmacy education.</p>
</div>""",
    # A live course's certificate of participation for non-physicians.
    "participation": """
<div class="frame center">
<h2>$provider</h2>
<h1>Certificate of Participation</h1>
<p>This certificate is presented to</p>
<p class="name">$learner_name</p>
<p>for participating in the live activity</p>
<p class="title">$title</p>
<p>on $date_text. Hours of participation: $credits</p>
<p class="small">This activity was designated for $maximum <i>AMA PRA Category 1 Credits™</i>.
This certificate is for non-physician participants: it confirms attendance and does not itself
award AMA PRA Category 1 Credit™.</p>
</div>""",
    # Internet point-of-care learning: searches summed into a credit claim.
    "ipoc": """
<div class="frame sans">
<h1 class="center">CME Credit Report</h1>
<p class="center">$provider · Internet Point-of-Care Learning</p>
<p>Physician: $learner_name</p>
<p>Activity: $title</p>
<p>Searches reviewed between $start_text and $date_text</p>
<p>Credits redeemed: $credits AMA PRA Category 1 Credits™</p>
<p class="small">$provider is accredited by the ACCME to provide continuing medical education
for physicians. $provider designates this Internet point-of-care activity for a maximum of
$maximum <i>AMA PRA Category 1 Credits™</i>, 0.5 credit per search.</p>
</div>""",
    # A multi-day society conference: dates as a range, credits claimed below the maximum.
    "conference": """
<div class="frame center">
<h1>$title</h1>
<p>$location · $date_text</p>
<h2>Certificate of Credit</h2>
<p class="name">$learner_name</p>
<p>has claimed $credits <i>AMA PRA Category 1 Credits™</i> for this live activity.</p>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing Medical
Education to provide continuing medical education for physicians. The $provider designates this
live activity for a maximum of $maximum <i>AMA PRA Category 1 Credits™</i>. Physicians should
claim only the credit commensurate with the extent of their participation in the activity.</p>
</div>""",
    # A state-mandate course from a medical society, wording in one sentence.
    "mandate": """
<div class="frame">
<h2 class="center">$provider</h2>
<h1 class="center">Certificate of Completion</h1>
<p>$learner_name has successfully completed the online course "$title" on $date_text and is
awarded $credits <i>AMA PRA Category 1 Credit(s)™</i>.</p>
<p>$mandate</p>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing
Medical Education to provide continuing medical education for physicians. The $provider
designates this enduring material for a maximum of $maximum
<i>AMA PRA Category 1 Credit(s)™</i>.</p>
</div>""",
}

# Held out: layouts written after the reader was tuned on the ones above, and scored apart, so
# that the bench shows how it does on wording it was not fitted to.
LAYOUTS.update(
    {
        # A university CME office: one paragraph, "was awarded".
        "university": """
<div class="frame center">
<p>$provider · Office of Continuing Medical Education</p>
<h1>Certificate of Completion</h1>
<p>This is to certify that $learner_name participated in the live activity</p>
<p class="title">$title</p>
<p>on $date_text and was awarded $credits AMA PRA Category 1 Credit(s)™.</p>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing Medical
Education to provide continuing medical education for physicians. The $provider designates
this live activity for a maximum of $maximum AMA PRA Category 1 Credit(s)™.</p>
</div>""",
        # A state licensing tracker's completion record: every field labelled.
        "record": """
<div class="frame sans portrait">
<h1>Course Completion Record</h1>
<p>Licensee: $learner_name</p>
<p>Course Name: $title</p>
<p>Provider Name: $provider</p>
<p>Delivery Method: $format_words</p>
<p>Completion Date: $date_text</p>
<p>Hours: $credits</p>
<p>Credit Type: AMA PRA Category 1</p>
</div>""",
        # A nurse practitioner's certificate: contact hours with pharmacology hours inside.
        "aanp": """
<div class="frame liberation center">
<h2>$provider</h2>
<h1>Certificate of Attendance</h1>
<p>$learner_name</p>
<p>has attended $title</p>
<p>$date_text</p>
<p>$credits contact hours, of which $pharmacology are pharmacology.</p>
<p class="small">This activity is approved for $credits contact hours of continuing education
(which includes $pharmacology hours of pharmacology) by the American Association of Nurse
Practitioners. Activity ID $course_number.</p>
</div>""",
        # The AAFP: Prescribed credit, not AMA PRA.
        "aafp": """
<div class="frame center">
<h1>$title</h1>
<h2>Certificate of Attendance</h2>
<p>Awarded to</p>
<p class="name">$learner_name</p>
<p>$date_text · $location</p>
<p>$credits AAFP Prescribed credits</p>
<p class="small">This live activity, $title, with a beginning date of $start_text, has been
reviewed and is acceptable for up to $maximum Prescribed credit(s) by the $provider. Physicians
should claim only the credit commensurate with the extent of their participation in the
activity.</p>
</div>""",
        # A state medical society's webinar: "Presented by", a credit designation line.
        "webinar": """
<div class="frame sans">
<h1 class="center">Certificate of Participation</h1>
<p class="center">Presented by: $provider</p>
<p>Participant: $learner_name</p>
<p>Webinar: $title</p>
<p>Date(s): $date_text</p>
<p>Credit Designation: $credits AMA PRA Category 1 Credits™</p>
<p class="small">The $provider is accredited by the Accreditation Council for Continuing Medical
Education to provide continuing medical education for physicians.</p>
</div>""",
    }
)

# Pages of a bundle after a certificate: what providers attach, with no learner and no claim.
CONTINUATION = """
<div class="frame sans">
<h2>$title — $heading</h2>
<p>$body</p>
<p class="small">Faculty and planners have no relevant financial relationships with ineligible
companies. All relevant financial relationships have been mitigated.</p>
</div>"""


def template(layout: str) -> Template:
    return Template(LAYOUTS.get(layout, CONTINUATION))
