"""What the license pages tell the rest of the site."""

from django.dispatch import Signal

# Sent by the warm-up (`warm.pages_warm`) once it has judged a physician's licenses under
# today's record version, with `user`, `version` (the `RecordVersion`, read before the licenses
# and the rules, so the verdicts are at least as new as it) and `items` (a `LicenseCompliance`
# each). A listener may keep what it shows from them under that version: an office's roster
# then finds the physician's verdicts on its first visit of the day and after a change.
verdicts_judged = Signal()
