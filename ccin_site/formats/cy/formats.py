"""Welsh date and number formats: Django's own (django/conf/locale/cy/formats.py), with the house's
long forms. Django writes times as "5 y.h."; GOV.WALES writes "5pm" (the ``time_of_day`` filter),
so the formats that show a time use the 24-hour clock instead of "P".

Names come from catalogues: Django's cy catalogue gives the month and day names, and ours
(locale/cy) corrects the two it has wrong for running text: days as "dydd Gwener", not
"Dydd Gwener", and "Gorffennaf" (July), which Django spells "Gorffenaf" (casestudies/dates.py).
"""

from django.conf.locale.cy.formats import *  # noqa: F403 - Django's Welsh formats, changed below

DATE_FORMAT = "j F Y"  # 7 Awst 2020
TIME_FORMAT = "H:i"  # 17:00
DATETIME_FORMAT = "j F Y, H:i"  # 7 Awst 2020, 17:00
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 07/08/2020 17:00
