"""Word counting: one table of awkward inputs, with counts worked out by hand.

tests/browser/test_word_count_browser.py runs static/js/word-count.js over the same table,
so the server and the browser are held to the same answers.
"""

import pytest

from casestudies.words import count_words

# A text of exactly 10,000 words, by construction: each word is followed by one separator,
# cycling through every kind of white space the two languages know, and the words include
# punctuation, emoji and CJK. 10,000 is the number of words written, not a count taken.
_LONG_WORDS = ["co-operative", "council", "hub", "🎉", "合作", "résumé", "£1,000", "well-being", "—", "ok."]
_LONG_SEPARATORS = [" ", "\n", "\t", "\r\n", "\u00a0", "\u3000", "\ufeff", "\x85", "\x1f", " \u2028 ", "\u202f"]
TEN_THOUSAND_WORDS = "".join(
    _LONG_WORDS[i % len(_LONG_WORDS)] + _LONG_SEPARATORS[i % len(_LONG_SEPARATORS)] for i in range(10_000)
)

# (id, text, words) — every count written by hand.
WORD_COUNT_CASES = [
    ("empty", "", 0),
    ("none", None, 0),
    ("only-spaces", "     ", 0),
    ("one-word", "co-operation", 1),
    ("spaces-around-and-between", "  two   words  ", 2),
    ("tabs", "tab\tseparated\twords", 3),
    ("newlines", "line\nbreaks\nhere\n", 3),
    ("crlf", "windows\r\nline\r\nendings", 3),
    ("vertical-tab-form-feed", "a\x0bb\x0cc", 3),
    ("paragraphs", "\n\n  Para one.\n\nPara two.  \n", 4),
    ("nbsp-u00a0", "non\u00a0breaking\u00a0space", 3),
    (
        "en-quad-to-hair-space-u2000-u200a",
        "a\u2000b\u2001c\u2002d\u2003e\u2004f\u2005g\u2006h\u2007i\u2008j\u2009k\u200al",
        12,
    ),
    ("line-and-paragraph-separators-u2028-u2029", "line\u2028separator\u2029paragraph", 3),
    ("narrow-nbsp-u202f", "10\u202fkm away", 3),
    ("medium-math-space-u205f", "maths\u205fspace", 2),
    ("ideographic-space-u3000", "全角\u3000スペース", 2),
    ("ogham-space-u1680", "ogham\u1680space", 2),
    ("bom-ufeff", "\ufeffbyte\ufefforder mark\ufeff", 3),
    ("next-line-u0085", "next\u0085line", 2),
    ("separators-u001c-u001f", "a\x1cb\x1dc\x1ed\x1fe", 5),
    (
        "every-white-space-and-nothing-else",
        " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2005\u200a\u2028\u2029\u202f\u205f\u3000\ufeff",
        0,
    ),
    ("zero-width-space-u200b-is-not-space", "zero\u200bwidth", 1),
    ("zero-width-space-alone-is-a-word", "\u200b", 1),
    ("zero-width-spaces-between-spaces", "a \u200b b", 3),
    ("word-joiner-u2060", "word\u2060joiner", 1),
    ("mongolian-vowel-separator-u180e", "a\u180eb", 1),
    ("punctuation-runs", "Wait... what?!  --  ok.", 4),
    ("punctuation-only", "!!! ??? ...", 3),
    ("hyphenated", "co-operative, council-led, well-being", 3),
    ("em-dash-without-spaces", "co-operation\u2014not competition", 2),
    ("em-dash-with-spaces", "co-operation \u2014 not competition", 4),
    ("en-dash-range", "2020\u20132021 and 50 \u2013 75", 5),
    ("emoji", "I \u2764\ufe0f co-ops \U0001f389", 4),
    ("emoji-zwj-family", "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 family", 2),
    ("emoji-skin-tone-pair", "\U0001f44d\U0001f3fd\U0001f44d\U0001f3fd great", 2),
    (
        "flags-uk-and-wales",
        "\U0001f1ec\U0001f1e7 \U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Wales",
        3,
    ),
    ("combining-marks", "cafe\u0301 nai\u0308ve", 2),
    ("combining-mark-alone", "a \u0301 b", 3),
    ("arabic-rtl", "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645", 2),
    ("hebrew-with-rtl-mark", "\u05e9\u05dc\u05d5\u05dd\u200f \u05e2\u05d5\u05dc\u05dd", 2),
    ("cjk-without-spaces", "合作社理事会", 1),
    ("cjk-with-full-width-punctuation", "你好，世界。", 1),
    ("welsh", "Cyngor Sir Ddinbych \u2014 cydweithio", 5),
    ("money-and-numbers", "£1,000 on 1.5m PPE items (2020)", 6),
    ("url-and-email", "See https://councils.coop or email comms@councils.coop.", 5),
    ("ten-thousand-words", TEN_THOUSAND_WORDS, 10_000),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(text, n) for _, text, n in WORD_COUNT_CASES], ids=[c[0] for c in WORD_COUNT_CASES]
)
def test_count_words_counts_runs_of_non_space(text, expected):
    assert count_words(text) == expected


def test_the_table_has_at_least_25_cases_with_distinct_ids():
    ids = [case[0] for case in WORD_COUNT_CASES]
    assert len(ids) >= 25
    assert len(set(ids)) == len(ids)


def test_the_long_text_is_long():
    assert len(TEN_THOUSAND_WORDS) > 60_000
