"""The one definition of a word, shared with static/js/word-count.js.

A word is a maximal run of characters that are not white space. "White space" is the
union of what Python's ``str.split()`` and JavaScript's ``\\s`` treat as space, so that the
server and the browser count every input alike: Python adds U+FEFF (which JavaScript
counts as space) and JavaScript adds U+001C–U+001F and U+0085 (which Python does).
"""

import re

_WORD = re.compile(r"[^\s\ufeff]+")


def count_words(text: str | None) -> int:
    if not text:
        return 0
    return sum(1 for _ in _WORD.finditer(text))
