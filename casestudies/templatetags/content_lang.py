"""``{% field_lang %}``: what CCIN writes, marked with its language where a Welsh page shows English.

On a Welsh page a field whose Welsh is not written shows the English (modeltranslation's
fallback); assistive technology must then read it as English, so its element gets
``lang="en-GB"``. Anywhere else (an English page, or the Welsh written) nothing is added.

    <h1{% field_lang call "title" %}>{{ call.title }}</h1>
    {% field_lang theme "name" text=True as theme_name %}  {# the value, in a <span lang> if needed #}
    {% blocktranslate with theme=theme_name %}More on {{ theme }}{% endblocktranslate %}
"""

from django.template import Library
from django.utils.html import format_html

from ..translation import fallback_tag

register = Library()


@register.simple_tag
def field_lang(obj, field: str, text: bool = False) -> str:
    """`` lang="en-GB"`` (with its leading space) where ``obj.field`` shows in another language than
    the page's, else nothing. With ``text=True``: the value itself, escaped, in a ``<span lang>``
    where it needs one (for a value inside a sentence)."""
    tag = fallback_tag(obj, field) if obj is not None else None
    if text:
        value = getattr(obj, field, "") if obj is not None else ""
        return format_html('<span lang="{}">{}</span>', tag, value) if tag else format_html("{}", value)
    return format_html(' lang="{}"', tag) if tag else ""
