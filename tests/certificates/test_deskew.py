"""A photographed page is turned level before OCR."""

from PIL import Image, ImageDraw

from certificates.extraction.deskew import skew_angle, straighten


def _page_of_lines() -> Image.Image:
    page = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(page)
    for top in range(120, 780, 60):
        # Words: dark runs with gaps, as a line of print looks from afar.
        for left in range(150, 1050, 130):
            draw.rectangle((left, top, left + 100, top + 18), fill=0)
    return page


def test_a_page_photographed_three_degrees_askew_is_turned_back() -> None:
    askew = _page_of_lines().rotate(3, expand=True, fillcolor=255)
    assert abs(skew_angle(askew) + 3) <= 0.5
    assert straighten(askew).size != askew.size  # it was turned, not handed back as it was


def test_a_level_page_is_left_alone() -> None:
    page = _page_of_lines()
    assert abs(skew_angle(page)) < 1
    assert straighten(page).tobytes() == page.tobytes()
