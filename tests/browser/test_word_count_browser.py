"""static/js/word-count.js in Chromium: the same counts as casestudies/words.py on every input
of tests/test_words.py, and the live word count component as a person would use it."""

import pytest
from django.template.loader import render_to_string
from playwright.sync_api import expect

from casestudies.words import count_words

from ..factories import words
from ..test_words import TEN_THOUSAND_WORDS, WORD_COUNT_CASES
from .conftest import axe_check

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNT_IN_BROWSER = """
async (texts) => {
  const { countWords } = await import("/static/js/word-count.js");
  return texts.map((text) => countWords(text));
}
"""


def open_any_page_of_the_site(page, live_server):
    page.goto(f"{live_server.url}/accessibility/")


def test_browser_counts_every_case_as_python_does(page, live_server):
    open_any_page_of_the_site(page, live_server)
    texts = [text for _, text, _ in WORD_COUNT_CASES]
    in_browser = page.evaluate(COUNT_IN_BROWSER, texts)
    mismatches = [
        f"{case_id}: browser {js}, python {count_words(text)}, expected {expected}"
        for (case_id, text, expected), js in zip(WORD_COUNT_CASES, in_browser, strict=True)
        if not (js == count_words(text) == expected)
    ]
    assert not mismatches, "\n".join(mismatches)


def test_browser_counts_the_ten_thousand_word_text(page, live_server):
    open_any_page_of_the_site(page, live_server)
    assert page.evaluate(COUNT_IN_BROWSER, [TEN_THOUSAND_WORDS]) == [10_000]


def test_every_single_white_space_character_splits_alike(page, live_server):
    """Each of the first 0x3100 code points between two letters: two words or one, in both."""
    open_any_page_of_the_site(page, live_server)
    texts = [f"a{chr(code)}b" for code in range(0x3100) if not 0xD800 <= code <= 0xDFFF]
    texts += ["a\ufeffb", "a\U0001f389b"]
    in_browser = page.evaluate(COUNT_IN_BROWSER, texts)
    differ = [
        f"U+{ord(text[1]):04X}: browser {js}, python {count_words(text)}"
        for text, js in zip(texts, in_browser, strict=True)
        if js != count_words(text)
    ]
    assert not differ, "\n".join(differ)


# --- the component ----------------------------------------------------------------------------


def component_page_html() -> str:
    word_count = render_to_string("includes/_word_count.html", {"field_id": "id_description", "min": 50, "max": 75})
    return f"""<!DOCTYPE html>
<html lang="en-GB" class="govuk-template">
<head>
  <meta charset="utf-8">
  <title>Word count test – CCIN case studies</title>
  <link rel="stylesheet" href="/static/build/ccin.css">
</head>
<body class="govuk-template__body js-enabled govuk-frontend-supported">
  <div class="govuk-width-container">
    <main class="govuk-main-wrapper" id="main-content">
      <h1 class="govuk-heading-l">Word count test</h1>
      <div class="govuk-form-group">
        <label class="govuk-label" for="id_description">Describe your contribution</label>
        <textarea class="govuk-textarea" id="id_description" name="description" rows="5"
          data-module="ccin-word-count" data-min-words="50" data-max-words="75"
          aria-describedby="id_description-word-count"></textarea>
        {word_count}
      </div>
    </main>
  </div>
  <script type="module" src="/static/js/app.mjs"></script>
</body>
</html>"""


@pytest.fixture
def component_page(page, live_server):
    """A test-only page holding one word-counted textarea, its scripts served by the live server.

    The page is opened on a static file of the live server first, so that the content set
    afterwards has the live server's origin and loads app.mjs afresh. The page's clock is then
    paused: time moves only by ``clock.run_for``, so typing on a busy machine, which takes real
    time, never lets the announcement's timer fire early.
    """
    page.clock.install()
    page.goto(f"{live_server.url}/static/js/word-count.js")
    page.set_content(component_page_html())
    expect(page.locator("[data-word-count-message]")).to_have_count(1)
    page.clock.pause_at(page.evaluate("Date.now()") + 1000)
    return page


def test_without_typing_the_count_shows_zero_and_the_range(component_page):
    message = component_page.locator("[data-word-count-message]")
    expect(message).to_have_text("You have written 0 words. Write between 50 and 75.")
    expect(message).to_have_class("govuk-hint ccin-word-count__message")
    # The no-JS hint stays as the textarea's description, hidden from sight.
    hint = component_page.locator("#id_description-word-count")
    expect(hint).to_have_text("Write between 50 and 75 words")
    expect(hint).to_have_class("govuk-hint ccin-word-count__message govuk-visually-hidden")
    expect(message).to_have_attribute("aria-hidden", "true")


def test_typing_updates_the_count_at_once(component_page):
    textarea = component_page.get_by_label("Describe your contribution")
    textarea.fill(words(41))
    textarea.press_sequentially(" more")
    expect(component_page.locator("[data-word-count-message]")).to_have_text(
        "You have written 42 words. Write between 50 and 75."
    )


def test_the_live_region_waits_for_a_pause_in_typing(component_page):
    status = component_page.locator("[data-word-count-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    textarea = component_page.get_by_label("Describe your contribution")
    textarea.press_sequentially("one two three")
    component_page.clock.run_for(500)
    expect(status).to_have_text("")
    textarea.press_sequentially(" four")
    component_page.clock.run_for(900)
    expect(status).to_have_text("")
    component_page.clock.run_for(200)
    expect(status).to_have_text("You have written 4 words. Write between 50 and 75.")


def test_too_many_words_is_shown_as_an_error(component_page):
    textarea = component_page.get_by_label("Describe your contribution")
    textarea.fill(words(78))
    message = component_page.locator("[data-word-count-message]")
    expect(message).to_have_text("You have written 78 words. That is 3 words too many.")
    expect(message).to_have_class("ccin-word-count__message govuk-error-message")
    expect(textarea).to_have_class("govuk-textarea ccin-textarea--over")
    textarea.fill(words(75))
    expect(message).to_have_text("You have written 75 words. Write between 50 and 75.")
    expect(textarea).to_have_class("govuk-textarea")


def test_one_word_is_singular(component_page):
    component_page.get_by_label("Describe your contribution").fill("Hello")
    expect(component_page.locator("[data-word-count-message]")).to_have_text(
        "You have written 1 word. Write between 50 and 75."
    )


def test_component_page_passes_axe(component_page):
    component_page.get_by_label("Describe your contribution").fill(words(80))
    component_page.clock.resume()  # axe-core waits on timers of its own
    axe_check(component_page)
