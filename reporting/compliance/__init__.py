"""Judging licenses by the rules: one batch judge for every caller, progress over a cycle,
the stored verdicts' re-evaluation, a rule change's impact, and a verdict's words."""
