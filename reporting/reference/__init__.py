"""The rule book's reference data turned into the engine's rule sets: pure, no Django.

`rule_sets_from_reference(document)` reads the parsed rule book (see `reporting.rule_book`)
and returns the `RuleSetSpec`s the engine judges with; same document, equal rule sets.
"""

from .rule_sets import board_codes, parse_deadline, rule_sets_from_reference

__all__ = ["board_codes", "parse_deadline", "rule_sets_from_reference"]
