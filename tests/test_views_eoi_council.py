"""The EOI form's council question: chosen from the list, or "My council is not listed" with
its name; never both, never nothing, and never a typed name thrown away (with or without
JavaScript, whose search box sends what was typed as ``council_query``)."""

import re
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from casestudies import workflow
from casestudies.forms import COUNCIL_NOT_CHOSEN, EoiContactForm
from casestudies.models import ExpressionOfInterest

from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post, eoi_submit, submit_eoi
from .factories import CouncilFactory

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> =HYPERLINK("http://x")'
NEEDS_NAME = "Enter the name of your council"


def contact_form(call, **fields) -> EoiContactForm:
    data = {key: value for key, value in eoi_post(call).items() if not key.startswith("contributions")}
    data.update(fields)
    return EoiContactForm(data, call=call)


def post_form(client, call, **fields):
    return client.post(eoi_form_url(call), eoi_post(call, **fields))


def summary_links(html: str) -> list[tuple[str, str]]:
    summary = html.split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="([^"]+)">(.*?)</a>', summary, re.S)


# --- the form's rules ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_not_listed_with_no_name_asks_for_the_name(call, name):
    form = contact_form(call, council="not-listed", council_name=name)
    assert not form.is_valid()
    assert form.errors["council_name"] == [NEEDS_NAME]


def test_a_listed_council_and_a_typed_name_is_an_error_never_a_silent_drop(call):
    council = CouncilFactory(name="Kirkby Council")
    form = contact_form(call, council=str(council.pk), council_name="Newcastle City Council")
    assert not form.is_valid()
    assert form.errors["council_name"] == [
        "You chose Kirkby Council from the list and also typed a council name. "
        "Clear the name, or choose “My council is not listed”."
    ]


def test_the_form_and_the_workflow_refuse_both_with_the_same_words(call):
    council = CouncilFactory(name="Kirkby Council")
    form = contact_form(call, council=str(council.pk), council_name="Newcastle City Council")
    form.is_valid()
    with pytest.raises(ValidationError) as caught:
        workflow.eoi_council_check(council=council, council_name="Newcastle City Council")
    assert caught.value.code == "eoi_council_and_name"
    assert form.errors["council_name"] == caught.value.messages


def test_the_workflow_refuses_both_and_writes_nothing(call):
    council = CouncilFactory()
    with pytest.raises(ValidationError) as caught:
        eoi_submit(call, council=council, council_name="Newcastle City Council", token=uuid.uuid4())
    assert caught.value.code == "eoi_council_and_name"
    assert ExpressionOfInterest.objects.count() == 0


def test_a_name_of_151_characters_is_too_long_and_150_is_not(call):
    assert contact_form(call, council="not-listed", council_name="N" * 150).is_valid()
    form = contact_form(call, council="not-listed", council_name="N" * 151)
    assert form.errors["council_name"] == ["Council name must be 150 characters or fewer"]


def test_a_listed_council_alone_and_a_name_alone_are_both_fine(call):
    council = CouncilFactory()
    listed = contact_form(call, council=str(council.pk), council_name="")
    assert listed.is_valid() and listed.cleaned_data["council"] == council
    named = contact_form(call, council="not-listed", council_name="  Newcastle City Council ")
    assert named.is_valid() and named.cleaned_data["council"] is None
    assert named.cleaned_data["council_name"] == "Newcastle City Council"


# --- the page, without JavaScript ----------------------------------------------------------------------


def test_without_javascript_not_listed_is_an_option_and_the_name_field_is_on_the_page(client, call):
    html = client.get(eoi_form_url(call)).content.decode()
    assert '<option value="not-listed">My council is not listed</option>' in html
    assert 'name="council_name"' in html
    assert "If your council is not listed, its name" in html


def test_an_error_elsewhere_keeps_the_typed_name(client, call):
    response = post_form(client, call, council_name="Newcastle City Council", contact_email="not an email")
    html = response.content.decode()
    assert 'value="Newcastle City Council"' in html
    assert '<option value="not-listed" selected>' in html


def test_both_chosen_comes_back_with_the_error_linked_and_the_name_kept(client, call):
    council = CouncilFactory(name="Kirkby Council")
    response = post_form(client, call, council=council.pk, council_name="Newcastle City Council")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "#id_council_name",
        "You chose Kirkby Council from the list and also typed a council name. "
        "Clear the name, or choose “My council is not listed”.",
    ) in [(href, " ".join(text.split())) for href, text in summary_links(html)]
    assert 'value="Newcastle City Council"' in html
    assert f'<option value="{council.pk}" selected>' in html


def test_not_listed_with_an_empty_name_is_an_error_linked_to_the_name(client, call):
    html = post_form(client, call, council_name="").content.decode()
    assert ("#id_council_name", NEEDS_NAME) in summary_links(html)


def test_a_hostile_name_is_kept_escaped_through_an_error_and_on_the_check_page(client, call):
    html = post_form(client, call, council_name=HOSTILE, contact_email="bad").content.decode()
    assert "<script>alert" not in html
    assert f'value="{escape(HOSTILE)}"' in html
    response = post_form(client, call, council_name=HOSTILE)
    assert response.status_code == 302
    check = client.get(eoi_check_url(call)).content.decode()
    assert "<script>alert" not in check and escape(HOSTILE) in check
    assert "Not in our list of councils" in check


def test_the_check_page_shows_the_typed_name_and_it_is_what_is_saved(client, call):
    submit_eoi(client, call, council_name="Newcastle City Council")
    eoi = ExpressionOfInterest.objects.get()
    assert (eoi.council, eoi.council_name) == (None, "Newcastle City Council")


# --- the page, with JavaScript (what the search box sends) ----------------------------------------------


def test_continue_with_a_typed_name_and_no_choice_says_so_and_gives_the_text_back(client, call):
    response = post_form(client, call, council="", council_name="", council_query="Newcastle City Council")
    html = response.content.decode()
    message = str(COUNCIL_NOT_CHOSEN % {"name": "Newcastle City Council"})
    assert ("#id_council", escape(message)) in [(href, " ".join(text.split())) for href, text in summary_links(html)]
    assert 'data-typed="Newcastle City Council"' in html


def test_a_hostile_or_huge_search_text_is_escaped_and_cut_short(client, call):
    html = post_form(client, call, council="", council_name="", council_query=HOSTILE).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert f'data-typed="{escape(HOSTILE)}"' in html
    html = post_form(client, call, council="", council_name="", council_query="N" * 5000).content.decode()
    assert "N" * 151 not in html
    assert f'data-typed="{"N" * 150}"' in html


def test_the_search_text_is_ignored_once_a_council_is_chosen(client, call):
    council = CouncilFactory(name="Kirkby Council")
    response = post_form(client, call, council=council.pk, council_name="", council_query="Kirkby Council")
    assert response.status_code == 302
    response = post_form(client, call, council_name="Newcastle City Council", council_query="My council is not listed")
    assert response.status_code == 302


def test_the_search_box_is_told_where_the_name_goes_and_how_to_offer_not_listed(client, call):
    html = client.get(eoi_form_url(call)).content.decode()
    assert 'data-name-input="id_council_name"' in html
    assert 'data-not-listed-with-name="My council is not listed: send “{name}”"' in html
