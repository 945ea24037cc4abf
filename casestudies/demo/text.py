"""Invented places, people and words for sample content (see content.py). Nothing here is real."""

import random

from django.utils.text import slugify

from ..models import Call, Council, Theme
from ..models.case_studies import Licence
from ..words import count_words

PLACES = [
    "Northmoor", "Eastbrook", "Westhaven", "Ashdale", "Kingsmere", "Brackenfold", "Cresswick", "Dunmere",
    "Fallowfield Vale", "Greystow", "Hollinbridge", "Ivybank", "Larkhollow", "Marshby", "Netherwold",
    "Oakhurst Fen", "Pennyrigg", "Quarrington Moor", "Redmarsh", "Sallowby", "Thornwick", "Ullerdale",
    "Wyndham Cross", "Yarrowmere",
]  # fmt: skip
WELSH_PLACES = ["Glanrhyd", "Cwm Tawel", "Aberllyn", "Pontyfelin"]
SCOTTISH_PLACES = ["Strathmuir", "Inverbrae", "Glenlochar", "Kilmarden"]

# (type, nation, name pattern)
COUNCIL_KINDS = [
    (Council.Type.METROPOLITAN, "england", "{place} Metropolitan Borough Council"),
    (Council.Type.DISTRICT, "england", "{place} District Council"),
    (Council.Type.UNITARY, "england", "{place} Council"),
    (Council.Type.LONDON_BOROUGH, "england", "London Borough of {place}"),
    (Council.Type.WELSH_UNITARY, "wales", "{place} County Borough Council"),
    (Council.Type.COUNTY, "england", "{place} County Council"),
    (Council.Type.DISTRICT, "england", "{place} Borough Council"),
    (Council.Type.SCOTTISH_UNITARY, "scotland", "{place} Council"),
    (Council.Type.TOWN_OR_PARISH, "england", "{place} Town Council"),
    (Council.Type.METROPOLITAN, "england", "{place} Borough Council"),
    (Council.Type.COUNCILLOR_GROUP, "england", "{place} Labour and Co-operative Group"),
    (Council.Type.UNITARY, "england", "{place} City Council"),
]
# Sample councils get GSS codes in the unused "99" range, so they never join with real areas.
GSS_LETTER = {"england": "E", "wales": "W", "scotland": "S"}

FIRST_NAMES = ["Asha", "Ben", "Carys", "Dev", "Ella", "Femi", "Gwen", "Harpreet", "Iain", "Jo", "Kamal", "Lowri"]
LAST_NAMES = ["Adeyemi", "Bryce", "Chowdhury", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal", "Jones"]
ROLES = [
    "Policy officer",
    "Head of communities",
    "Partnerships manager",
    "Cabinet member",
    "Community development worker",
]

SUBJECTS = [
    "The council", "Volunteers", "Residents", "Our community hub", "Ward councillors", "Local food banks",
    "The voluntary sector", "Housing officers", "Tenants' groups", "Local businesses", "The credit union",
    "Youth workers", "Faith groups", "Care workers",
]  # fmt: skip
VERBS = [
    "worked with", "supported", "listened to", "trained", "funded", "brought together", "shared data with",
    "delivered meals for", "phoned", "designed services with", "checked on", "made space for",
]  # fmt: skip
OBJECTS = [
    "older neighbours", "families who were shielding", "people sleeping rough", "small traders", "carers",
    "young people", "tenants", "people on low incomes", "new volunteers", "community groups", "local schools",
    "mutual aid groups",
]  # fmt: skip
TAILS = [
    "every week", "throughout the lockdown", "within days", "from the first week", "across every ward",
    "with very little notice", "in their own languages", "seven days a week", "as equal partners",
]  # fmt: skip
REFLECTIONS = [
    "We learned that trust matters more than process.",
    "People told us they felt heard for the first time.",
    "Decisions were made closer to the people they affect.",
    "Staff from different teams worked as one.",
    "We want to keep this way of working after the pandemic.",
    "Co-operation made the difference.",
    "Not everything worked, and we have shared what did not.",
]
# One per theme of the 2020 call, in its order, so a title fits its theme.
TITLE_STARTS = [
    "A mutual aid network", "Neighbourhood food hubs", "Partners as equals", "Making PPE locally",
    "Emergency grants without the paperwork", "A community-led recovery plan", "Care at home, together",
    "Homes for everyone", "Local spending for local jobs", "Greener streets after lockdown",
    "Council services online in a week", "Phone friends for shielding residents",
]  # fmt: skip
WITHDRAWN_NOTE = "The council withdrew this contribution by email."
CHANGE_NOTES = [
    "Please say more about what residents did, and shorten the opening paragraph.",
    "Could you add the outcomes in numbers, and name your partners?",
]


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.2:
        return rng.choice(REFLECTIONS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."


def demo_text(rng: random.Random, *, words: int, paragraph_every: int = 0) -> str:
    """About ``words`` words (never fewer, at most one sentence more), in whole sentences."""
    sentences, count = [], 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += count_words(sentence)
    if not paragraph_every:
        return " ".join(sentences)
    return "\n\n".join(" ".join(sentences[i : i + paragraph_every]) for i in range(0, len(sentences), paragraph_every))


def demo_text_in_range(rng: random.Random, *, low: int, high: int, paragraph_every: int = 0) -> str:
    """Whole sentences, between ``low`` and ``high`` words."""
    for _ in range(100):
        text = demo_text(rng, words=rng.randint(low, max(low, high - 15)), paragraph_every=paragraph_every)
        if low <= count_words(text) <= high:
            return text
    raise ValueError(f"Cannot write sample text of {low} to {high} words.")


def place_of(name: str) -> str:
    """The invented place in a sample council's name: "Northmoor" for "Northmoor District Council"."""
    for _, _, pattern in COUNCIL_KINDS:
        before, after = pattern.split("{place}")
        if name.startswith(before) and name.endswith(after):
            return name[len(before) : len(name) - len(after)]
    return name


def case_study_text(rng: random.Random, *, call: Call, place: str, theme: Theme, full: bool, number: int) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    body = (
        demo_text_in_range(
            rng, low=call.case_study_words_min + 20, high=call.case_study_words_max - 20, paragraph_every=4
        )
        if full
        else demo_text(rng, words=rng.randint(60, 180), paragraph_every=4)
    )
    return {
        "title": f"{TITLE_STARTS[(theme.order - 1) % len(TITLE_STARTS)]} in {place}"[:120],
        "standfirst": demo_text(rng, words=25)[:400],
        "body": body,
        "partners": f"{place} Community Food Network, local mutual aid groups and the {place} Credit Union.",
        "outcomes": demo_text(rng, words=40),
        "enquiry_name": f"{first} {last}",
        "enquiry_role": rng.choice(ROLES),
        "enquiry_email": f"{first}.{last}@{slugify(place)}.example.org".lower(),
        "enquiry_consent": number % 2 == 0,  # half consent to publishing the contact
        "licence": rng.choice(
            [Licence.CC_BY, Licence.CC_BY, Licence.OGL, Licence.CC_BY_NC, Licence.ALL_RIGHTS_RESERVED]
        ),
    }


# --- the sample call and publication in Welsh -----------------------------------------------------

# The sample call's texts in Welsh ({earlier}: the round's month, as in the English title).
CALL_CY = {
    "title_cy": "Cymdogaethau ac adferiad{earlier}",
    "summary_cy": (
        "Cynnwys enghreifftiol: galwad a ddyfeisiwyd, gyda chynghorau a ddyfeisiwyd, i ddangos sut mae'r "
        "gwasanaeth yn gweithio."
    ),
    "purpose_cy": (
        "Cynnwys enghreifftiol yw'r alwad hon, a wnaed ar gyfer arddangosiadau. Mae'r cynghorau, y bobl a'r "
        "astudiaethau achos ynddi wedi'u dyfeisio.\n\nMae'n gofyn sut mae cynghorau a thrigolion yn cydweithio "
        "ar adferiad."
    ),
    "how_to_take_part_cy": (
        "Anfonwch ddatganiad o ddiddordeb gydag un cyfraniad neu fwy o 50 i 75 gair.\n\n"
        "Os cewch wahoddiad, ysgrifennwch astudiaeth achos o tua 300 gair."
    ),
}
PUBLICATION_CY = {
    "title_cy": "Cymdogaethau ac adferiad{earlier}: astudiaethau achos enghreifftiol",
    "introduction_cy": (
        "Cynnwys enghreifftiol: mae'r astudiaethau achos hyn wedi'u dyfeisio, i ddangos sut olwg sydd ar gyhoeddiad."
    ),
}

# The sample publication's perspective essay, in both languages (the 2020 report had a Welsh one).
PERSPECTIVE = {
    "title_en_gb": "A perspective from Wales",
    "title_cy": "Safbwynt o Gymru",
    "author_en_gb": "Eleri Morgan (an invented author)",
    "author_cy": "Eleri Morgan (awdur a ddyfeisiwyd)",
    "body_en_gb": (
        "Sample content: this essay is invented, to show how a publication carries a perspective in English "
        "and in Welsh.\n\n"
        "In Wales, councils worked within the Well-being of Future Generations (Wales) Act 2015, which already "
        "asks public bodies to involve people and to work together. Many of the responses in this collection "
        "grew from partnerships that were in place before the pandemic.\n\n"
        "What changed was the pace. Community groups, town and community councils and county councils shared "
        "what they knew within days, and decisions that had taken months were made in a week. The lesson we "
        "draw is that co-operation is quicker when trust has been built beforehand."
    ),
    "body_cy": (
        "Cynnwys enghreifftiol: dyfeisiwyd y traethawd hwn i ddangos sut mae cyhoeddiad yn cynnwys safbwynt yn "
        "Saesneg ac yn Gymraeg.\n\n"
        "Yng Nghymru, roedd cynghorau'n gweithio o fewn Deddf Llesiant Cenedlaethau'r Dyfodol (Cymru) 2015, sydd "
        "eisoes yn gofyn i gyrff cyhoeddus gynnwys pobl a chydweithio. Tyfodd llawer o'r ymatebion yn y casgliad "
        "hwn o bartneriaethau a oedd ar waith cyn y pandemig.\n\n"
        "Yr hyn a newidiodd oedd y cyflymder. Rhannodd grwpiau cymunedol, cynghorau tref a chymuned a chynghorau "
        "sir yr hyn a wyddent o fewn dyddiau, a gwnaed mewn wythnos benderfyniadau a oedd wedi cymryd misoedd. "
        "Y wers a ddysgwn yw bod cydweithredu'n gyflymach pan fo ymddiriedaeth wedi'i meithrin ymlaen llaw."
    ),
}
