"""Pages in one language, their visible text, and the catalogue's strings found in them (issue 16)."""

import os
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import polib
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def compile_catalogue() -> None:
    """locale/cy/LC_MESSAGES/django.mo from the .po when missing or older (``make`` does the same);
    written aside and moved into place, so that two test workers never read half a file."""
    target = CATALOGUE.with_suffix(".mo")
    if CATALOGUE.exists() and (not target.exists() or target.stat().st_mtime < CATALOGUE.stat().st_mtime):
        partial = target.with_suffix(f".mo.{os.getpid()}")
        subprocess.run(["msgfmt", "--check", "-o", str(partial), str(CATALOGUE)], check=True)
        partial.replace(target)


class LanguageClient(Client):
    """A test client that asks for every address in ``language``: /cy/… for Welsh."""

    def __init__(self, prefix: str, **kwargs):
        super().__init__(**kwargs)
        self.prefix = prefix

    def generic(self, method, path, *args, **kwargs):
        if self.prefix and not path.startswith(self.prefix + "/"):
            path = self.prefix + path
        return super().generic(method, path, *args, **kwargs)


# Where a page shows words: text, and these attributes (data-* too: the wording scripts show).
_SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
_DATA_ATTRIBUTES_OF_DATA = {"data-typed", "data-module", "data-name-input", "data-word-count-for"}


class _Words(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        # <code>: names a machine reads (open data's column names: title, body, language).
        if tag in ("script", "style", "code"):
            self.hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if not value:
                continue
            shown = name in _SHOWN_ATTRIBUTES or (name.startswith("data-") and name not in _DATA_ATTRIBUTES_OF_DATA)
            button_value = name == "value" and (
                tag == "button" or attributes.get("type") in ("submit", "button", "reset")
            )
            if shown or button_value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden and data.strip():
            self.chunks.append(data)


_PAGE_LANGUAGE = re.compile(r'<html[^>]*\slang="([^"]*)"')


def _without_other_languages(html: str) -> str:
    """``html`` without the elements marked as another language than the page's (the language
    switch: "Cymraeg" on an English page is Welsh on purpose, and says so with ``lang``)."""
    page = _PAGE_LANGUAGE.search(html)
    language = re.escape(page.group(1)) if page else ""
    marked = re.compile(rf'<(?!html)(\w+)\b[^>]*\slang="(?!{language}")[^"]*"[^>]*>.*?</\1>', re.DOTALL)
    return marked.sub("", html)


def shown_text(html: str) -> list[str]:
    """The page's words as a reader (or a screen reader, or a script) meets them, in chunks."""
    parser = _Words()
    parser.feed(_without_other_languages(html))
    return [" ".join(chunk.split()) for chunk in parser.chunks]


_PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]*>")


def _pieces(message: str) -> list[str]:
    """The fixed words of a message: what is left between placeholders and tags."""
    return [" ".join(piece.split()) for piece in _PLACEHOLDER.split(message) if piece.strip()]


# A language's own name is shown in that language on every page by design (the switch; the
# language a council writes in, offered as "English" / "Cymraeg" as GOV.UK names languages).
ENDONYMS = {"Cymraeg", "English"}


class Phrases:
    """The messages of one side of the catalogue (English msgids or Welsh msgstrs) that differ
    from the other side (an untranslated English message differs: its Welsh is missing), as
    fixed pieces to look for in a page."""

    def __init__(self, side: str):
        self.messages: dict[str, tuple[str, str]] = {}
        for entry in polib.pofile(str(CATALOGUE)):
            english = [entry.msgid, entry.msgid_plural] if entry.msgid_plural else [entry.msgid]
            welsh = [entry.msgstr_plural[key] for key in sorted(entry.msgstr_plural)] or [entry.msgstr]
            if not entry.msgid or (side == "cy" and not all(welsh)):
                continue  # no Welsh to look for; on a Welsh page its English shows, and is found
            mine, theirs = (english, welsh) if side == "en" else (welsh, english)
            where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences)
            for text in mine:
                if text not in theirs:
                    self.messages.setdefault(text, (where, "\n".join(theirs)))

    def found_in(self, html: str) -> dict[str, str]:
        """Each message of this side seen in ``html``, with where the source uses it.

        A message of one or two words must be a whole chunk of text by itself ("Menu"); a longer one is
        found by any fixed piece of three words or more ("Skip to main content") that the other
        language's version does not also contain (names, "CCIN")."""
        chunks = shown_text(html)
        joined = "\n".join(chunks)
        found = {}
        for message, (where, other) in self.messages.items():
            if message in ENDONYMS:
                continue
            pieces = [piece for piece in _pieces(message) if piece not in other]
            long_pieces = [piece for piece in pieces if len(piece.split()) >= 3]
            if long_pieces:
                hit = any(re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", joined) for piece in long_pieces)
            else:
                hit = any(chunk.strip(" .,:;()“”\"'") in pieces for chunk in chunks)
            if hit:
                found[message] = where
        return found
