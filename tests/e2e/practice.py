"""Answering the profile's "Your practice" questions in the browser, shared by the journeys."""


def answer_practice_question(page, question: str, answer: str) -> None:  # type: ignore[no-untyped-def]
    """Choose Yes or No for one question on the profile and save (the others stay as they are)."""
    page.goto("/profile/")
    practice = page.locator("#practice")
    practice.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    practice.get_by_role("button", name="Save answers").click()
    page.wait_for_url("**/profile/#practice")


def open_license_form(page) -> None:  # type: ignore[no-untyped-def]
    """From the dashboard to the license form, once htmx is ready to fetch a board's questions.

    A click's navigation returns before the page's scripts run; choosing a board before htmx
    has bound the select would fetch nothing.
    """
    page.goto("/dashboard/")
    page.get_by_role("link", name="Add a license").first.click()
    page.wait_for_url("**/dashboard/licenses/new")
    page.wait_for_load_state("load")
