"""Whether the degree in a physician's profile is the one the license's board licenses.

A board licenses MDs or DOs (the DEA registers both). An MD profile holding a DO board's license
(or the reverse) makes a transcript a board reviewer would question: the name line says one
degree, the title another board. Usually one of the two was picked by mistake, so the pages say
so in words and leave the correction to the physician.
"""

from accounts.models import Degree
from reporting.models import Board

PHYSICIAN_DEGREES = {Degree.MD.value: "an MD", Degree.DO.value: "a DO"}


def degree_mismatch(*, degree: str, board: Board) -> str:
    """A warning sentence when `degree` and the board's degree disagree; "" when they agree."""
    if degree not in PHYSICIAN_DEGREES or board.degree not in PHYSICIAN_DEGREES:
        return ""  # the DEA, and clinicians other than physicians, are not compared
    if degree == board.degree:
        return ""
    return (
        f"Your profile says you are {PHYSICIAN_DEGREES[degree]}, but this license is with "
        f"{board.name} ({board.code}), which licenses {board.degree}s. A board expects the "
        f"degree it licensed you under: correct the degree in your profile, or file this "
        f"license under {board.state}'s {degree} board."
    )
