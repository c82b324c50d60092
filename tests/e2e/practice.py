"""Answering the profile's "Your practice" questions in the browser, shared by the journeys."""


def answer_practice_question(page, question: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    """Choose Yes or No for one question on the profile and save (the others stay as they are)."""
    page.goto("/profile/")
    practice = page.locator("#practice")
    practice.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    practice.get_by_role("button", name="Save answers").click()
    page.wait_for_url("**/profile/#practice")
