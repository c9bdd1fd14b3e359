"""Reading the home page's sections in tests."""

import re

SECTION = re.compile(
    r'<section class="card home-section" id="[^"]+" data-section="([^"]+)".*?>(.*?)</section>',
    re.S,
)


def home_sections(client) -> dict[str, str]:
    """Each section of the signed-in home page by key: its HTML."""
    response = client.get("/")
    assert response.status_code == 200
    return dict(SECTION.findall(response.content.decode()))


def count_of(section: str) -> int:
    return int(re.search(r'data-count="(\d+)"', section).group(1))
