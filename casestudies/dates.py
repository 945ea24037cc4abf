"""Dates the house way in both languages: "5pm on Friday 7 August 2020", "5pm, dydd Gwener 7 Awst 2020".

Django's catalogues give the names of days and months. Its Welsh ones are written for a
heading ("Dydd Gwener") and spell July "Gorffenaf"; the house writes dates inside sentences,
so our catalogue (locale/cy) translates these English names again, and LOCALE_PATHS wins over
Django's own. They are listed here so that ``make messages`` keeps them in the catalogue.
"""

from django.utils.translation import gettext_noop

# Django's names (django/utils/dates.py), with the Welsh the house uses: "dydd Llun", …, "Gorffennaf".
DAY_NAMES = [
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
]
MONTH_NAMES = [gettext_noop("July")]
