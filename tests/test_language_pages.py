"""Every public page in Welsh shows no English template string, and every English page no Welsh one.

The strings are the catalogue's: each English msgid whose Welsh differs, looked for in the Welsh
page's visible text and in the attributes people and scripts read (title, aria-label, alt,
placeholder, button values, data-* wording). Content that comes from data (a case study written
in English, a council's name) is not in the catalogue and is never reported. A failure names
each string and where the source uses it: translate it in locale/cy (or mark it, if a string
shows in English on a Welsh page without being in the catalogue at all).
"""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from .collection_helpers import published_case_study
from .eoi_helpers import eoi_form_url, eoi_post
from .language_helpers import LanguageClient, Phrases
from .test_html_valid import case_study_pages, eoi_pages, public_pages
from .test_publication import publication  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db

PUBLIC = [
    "home",
    "call",
    "case study list",
    "case study list, filtered",
    "search",
    "search, nothing found",
    "case study",
    "theme",
    "council",
    "principle",
    "publication",
    "open data",
    "privacy",
    "accessibility",
    "404",
    "400",
    "500",
]
EOI = ["EOI form", "EOI form with errors", "EOI check", "EOI confirmation", "EOI saved"]
CASE_STUDY = [
    "case study form",
    "case study form with errors",
    "case study check",
    "case study confirmation",
    "case study read-only",
    "private link problem",
]
PREFIX = {"cy": "/cy", "en-gb": ""}


def pages_in(language: str, name: str, request) -> dict[str, str]:
    """The group of pages that holds ``name``, each asked for in ``language``."""
    client = LanguageClient(PREFIX[language])
    call = request.getfixturevalue("call")
    if name in EOI:
        pages = eoi_pages(client, call)
        # eoi_pages saves with a client of its own (English): ask again in this language.
        saved = LanguageClient(PREFIX[language]).post(eoi_form_url(call), eoi_post(call, action="save"))
        return {**pages, "EOI saved": saved.content.decode()}
    if name in CASE_STUDY:
        return case_study_pages(client, call)
    the_publication = request.getfixturevalue("publication")
    published_case_study(call=the_publication.call, title="Apples and pears")
    pages = public_pages(client, the_publication)
    too_many = {f"f{i}": "1" for i in range(3000)}
    pages["400"] = (
        LanguageClient(PREFIX[language], raise_request_exception=False)
        .post(eoi_form_url(the_publication.call), too_many)
        .content.decode()
    )
    with translation.override(language):
        pages["500"] = render_to_string("500.html")
    return pages


def _report(found: dict[str, str]) -> str:
    return "\n".join(f"  {message!r}  ({where})" for message, where in sorted(found.items()))


# (page language, its lang attribute, the other side of the catalogue, how the failure reads)
LANGUAGES = {
    "welsh": ("cy", "cy", "en", "English on the Welsh"),
    "english": ("en-gb", "en-GB", "cy", "Welsh on the English"),
}


@pytest.mark.parametrize("name", PUBLIC + EOI + CASE_STUDY)
@pytest.mark.parametrize("language", ["welsh", "english"])
def test_the_page_shows_no_template_string_of_the_other_language(language, name, request):
    code, tag, other, problem = LANGUAGES[language]
    html = pages_in(code, name, request)[name]
    assert f'<html lang="{tag}"' in html
    found = Phrases(other).found_in(html)
    assert not found, f"{problem} {name} page:\n{_report(found)}"
