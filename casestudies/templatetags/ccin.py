"""Template filters and tags for CCIN pages: GOV.UK-style times, the error summary's links, kept fragments."""

import hashlib
import json
from collections.abc import Iterable

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.template import Library, Node, TemplateSyntaxError
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..language import language_tag
from ..languages import lang_attribute, language_of, officer_language

register = Library()

# As django.utils.html.json_script: inside <script>, these can never end the element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def lang_attr(text) -> str:
    """`` lang="cy"`` (or ``"en-GB"``) for a text not in the page's language, else nothing.

    ``text``: a ``CaseStudyText`` (``case_study.shown``, ``case_study.texts``) or a language code."""
    code = getattr(text, "language", text)
    if not code or language_of(code) == officer_language():
        return ""
    return format_html(' lang="{}"', lang_attribute(code))


@register.filter
def json_ld(value) -> str:
    """``value`` as a ``<script type="application/ld+json">`` element, escaped as ``json_script``
    escapes (``json_script`` itself can only write ``type="application/json"``, which search
    engines do not read as structured data). A data block: the CSP's script-src does not apply."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{data}</script>')  # noqa: S308 - escaped above


@register.filter(name="language_tag")
def language_tag_filter(code: str) -> str:
    """A language code as ``lang`` writes it: ``en-gb`` -> ``en-GB``."""
    return language_tag(code)


@register.filter(expects_localtime=True)
def time_of_day(value) -> str:
    """A time as GOV.UK (and GOV.WALES) writes it, in local time: "5pm", "9:30am", "midday", "midnight".
    "am" and "pm" are the same in Welsh (Django's Welsh "y.b."/"y.h." is not the house style)."""
    if not value:
        return ""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    if value.hour == 0 and value.minute == 0:
        return _("midnight")
    return dateformat.format(value, "f") + ("am" if value.hour < 12 else "pm")


def _is_item(value) -> bool:
    return isinstance(value, tuple | list) and len(value) == 2 and isinstance(value[0], str)


def _form_errors(form: forms.BaseForm) -> list[tuple[str, str]]:
    items = []
    first = next(iter(form.visible_fields()), None)
    for error in form.non_field_errors():
        items.append((f"#{first.auto_id}" if first is not None and first.auto_id else "", error))
    for field in form:
        for error in field.errors:
            items.append((f"#{field.auto_id}" if field.auto_id and not field.is_hidden else "", error))
    return items


@register.filter
def error_summary_items(forms_or_form) -> list[tuple[str, str]]:
    """(href, message) for every error of a form, a formset, or a list of either, in page order.

    Field errors link to the field (``#id_<name>``, or ``#id_<prefix>-<name>`` in a formset);
    errors of the whole form link to its first field, as the GOV.UK error summary asks.
    (href, message) pairs a view has already built pass through unchanged.
    """
    if isinstance(forms_or_form, forms.BaseForm):
        return _form_errors(forms_or_form)
    if isinstance(forms_or_form, forms.BaseFormSet):
        first = next(iter(forms_or_form.forms), None)
        first_field = next(iter(first.visible_fields()), None) if first is not None else None
        href = f"#{first_field.auto_id}" if first_field is not None and first_field.auto_id else ""
        items = [(href, error) for error in forms_or_form.non_form_errors()]
        for form in forms_or_form.forms:
            items.extend(_form_errors(form))
        return items
    if isinstance(forms_or_form, Iterable) and not isinstance(forms_or_form, str):
        items = []
        for item in forms_or_form:
            if _is_item(item):
                items.append((item[0], item[1]))
            else:
                items.extend(error_summary_items(item))
        return items
    return []


@register.filter(expects_localtime=True)
def moment(value) -> str:
    """A deadline or opening time in words, in local time: "5pm on Friday 7 August 2020"."""
    if not value:
        return ""
    return _("%(time)s on %(date)s") % {"time": time_of_day(value), "date": dateformat.format(value, "l j F Y")}


class KeepPublicNode(Node):
    def __init__(self, nodelist, parts):
        self.nodelist, self.parts = nodelist, parts

    def render(self, context):
        from casestudies import public_cache

        parts = [str(part.resolve(context)) for part in self.parts]
        name = "fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        return public_cache.remember(name, lambda: self.nodelist.render(context))


@register.tag
def keep_public(parser, token):
    """``{% keep_public "name" value … %}…{% endkeep_public %}``: the enclosed HTML, rendered once for
    each distinct list of values and kept by ``public_cache.remember`` (once per language) until anything
    public changes (or midnight). Everything the enclosed part shows must come from public data
    and from the values named: it is the same for every request that names the same values."""
    parts = token.split_contents()[1:]
    if not parts:
        raise TemplateSyntaxError("keep_public needs a name")
    nodelist = parser.parse(("endkeep_public",))
    parser.delete_first_token()
    return KeepPublicNode(nodelist, [parser.compile_filter(part) for part in parts])
