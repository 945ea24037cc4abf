"""The service's first email wording in Welsh (issue 16), beside ``email_wording.DEFAULTS``: the same
kinds and the same placeholders. A Welsh speaker should read it before launch (README)."""

PRIVATE_CY = (
    "Mae'r ddolen hon yn breifat i'ch cyngor: peidiwch â'i rhannu y tu hwnt i'r bobl sy'n ysgrifennu'r "
    "astudiaeth achos."
)
QUESTIONS_CY = "Oes gennych chi gwestiynau? Anfonwch e-bost at {contact_email}."

DEFAULTS_CY: dict[str, tuple[str, str]] = {
    "eoi_acknowledgement": (
        "Mae eich datganiad o ddiddordeb {reference} wedi dod i law – {call}",
        "Annwyl {contact_name},\n\nDiolch am eich datganiad o ddiddordeb ar gyfer “{call}” ar ran {council}.\n\n"
        "Eich cyfeirnod yw {reference}. Nodwch y cyfeirnod hwn os byddwch yn cysylltu â ni.\n\n"
        "Rydych wedi cynnig:\n{contributions}\n\n"
        "Beth sy'n digwydd nesaf\nBydd y grŵp llywio yn dewis amrywiaeth o gyfraniadau ar draws y themâu. "
        "Byddwn yn rhoi gwybod i bob cyngor a yw wedi cael gwahoddiad i ysgrifennu astudiaeth achos yn ystod yr "
        "wythnos sy'n dechrau ar {notified_week}.\nBydd pob cyngor a wahoddwyd yn ysgrifennu astudiaeth achos o "
        "ryw {words} gair erbyn {deadline}.\n\n" + QUESTIONS_CY,
    ),
    "eoi_saved": (
        "Eich datganiad o ddiddordeb heb ei orffen – {call}",
        "Rydych wedi cadw datganiad o ddiddordeb ar gyfer “{call}” i'w orffen yn nes ymlaen. Nid yw wedi cael ei "
        "anfon eto.\n\n"
        "Defnyddiwch y ddolen hon i ddod yn ôl at eich atebion:\n{link}\n\n"
        "Mae'r ddolen yn gweithio tan y dyddiad cau, {eoi_deadline} (amser y DU). Ar ôl hynny, bydd atebion heb "
        "eu gorffen yn cael eu dileu.\nGall unrhyw un sydd â'r ddolen weld a newid yr atebion hyn, felly peidiwch "
        "â'i rhannu y tu hwnt i'ch cyngor.\n\n" + QUESTIONS_CY,
    ),
    "case_study_invitation": (
        "Gwahoddiad i ysgrifennu astudiaeth achos ar gyfer {call}",
        "Annwyl {contact_name},\n\nHoffai'r grŵp llywio i chi ysgrifennu astudiaeth achos ar gyfer “{call}” ar y "
        "thema “{theme}”.\n{message}\n\n"
        "Ysgrifennwch tua {words} gair (rhwng {words_min} a {words_max}).\n"
        "Y dyddiad cau yw {deadline}.\n\n"
        "Ysgrifennwch a chyflwynwch eich astudiaeth achos yma. " + PRIVATE_CY + "\n{link}\n\n" + QUESTIONS_CY,
    ),
    "contribution_declined": (
        "Eich cyfraniad – {call} ({reference})",
        "Annwyl {contact_name},\n\nDiolch am gynnig cyfraniad ar y thema “{theme}” ar gyfer “{call}”.\n\n"
        "Cawsom lawer mwy o gyfraniadau cryf nag sydd lle iddynt yn y cyhoeddiad, a bu'n rhaid i'r grŵp llywio "
        "ddewis amrywiaeth ar draws y themâu a'r gwledydd. Mae'n ddrwg gennym na allwn wahodd astudiaeth achos "
        "ar sail y cyfraniad hwn y tro hwn.\n{message}\n\n"
        "Gobeithio y byddwch yn rhannu eich gwaith â'r rhwydwaith mewn ffyrdd eraill, ac yn cymryd rhan mewn "
        "galwadau yn y dyfodol.\n\n" + QUESTIONS_CY,
    ),
    "case_study_reminder": (
        "Nodyn atgoffa: eich astudiaeth achos ar gyfer {call}",
        "Annwyl {contact_name},\n\nDyma nodyn i'ch atgoffa bod y grŵp llywio wedi eich gwahodd i ysgrifennu "
        "astudiaeth achos ar gyfer “{call}” ar y thema “{theme}”, ac nid yw wedi dod i law eto.\n{changes_hint}\n\n"
        "Ysgrifennwch tua {words} gair (rhwng {words_min} a {words_max}).\nY dyddiad cau yw {deadline}.\n\n"
        "Ysgrifennwch a chyflwynwch eich astudiaeth achos yma. Mae unrhyw beth a gadwyd gennych o'r blaen yn "
        "dal yno. " + PRIVATE_CY + "\n{link}\n\n" + QUESTIONS_CY,
    ),
    "case_study_deadline_extended": (
        "Mwy o amser i ysgrifennu eich astudiaeth achos ar gyfer {call}: tan {deadline}",
        "Annwyl {contact_name},\n\nMae gennych bellach tan {deadline} (amser y DU) i ysgrifennu a chyflwyno eich "
        "astudiaeth achos ar gyfer “{call}” ar y thema “{theme}”.\n{note}\n\n"
        "Ysgrifennwch a chyflwynwch eich astudiaeth achos yma. Mae unrhyw beth a gadwyd gennych o'r blaen yn "
        "dal yno. " + PRIVATE_CY + "\n{link}\n\n" + QUESTIONS_CY,
    ),
    "case_study_link_reissued": (
        "Dolen newydd i'ch astudiaeth achos ar gyfer {call}",
        "Annwyl {contact_name},\n\nDyma ddolen breifat newydd i'ch astudiaeth achos ar gyfer “{call}” ar y thema "
        "“{theme}”. Nid yw unrhyw ddolen a anfonwyd gennym o'r blaen yn gweithio mwyach; mae unrhyw beth a "
        "gadwyd gennych yn dal yno.\n{link}\n\n"
        "Y dyddiad cau yw {deadline} (amser y DU).\n" + PRIVATE_CY + "\n\n" + QUESTIONS_CY,
    ),
    "case_study_submitted": (
        "Mae eich astudiaeth achos ar gyfer {call} wedi dod i law",
        "Annwyl {contact_name},\n\nDiolch: mae eich astudiaeth achos “{title}” ar gyfer “{call}” wedi dod i law.\n\n"
        "Bydd y golygyddion yn ei darllen. Os byddan nhw eisiau unrhyw newidiadau, byddan nhw'n anfon e-bost "
        "atoch, a gallwch wneud y newidiadau gyda'r un ddolen breifat:\n{link}\n\n"
        "Rydym yn bwriadu cyhoeddi'r astudiaethau achos ym mis {publication_month}.\n\n" + QUESTIONS_CY,
    ),
    "case_study_submitted_editors": (
        "Astudiaeth achos wedi'i chyflwyno: {title} ({council})",
        "Mae {council} wedi cyflwyno astudiaeth achos ar gyfer “{call}”.\n\nTeitl: {title}\nThema: {theme}\n"
        "Hyd: {word_count} gair\n\nDarllenwch hi ar y tudalennau gweinyddu, ac yna gallwch ofyn am newidiadau, "
        "ei chymeradwyo neu ei chyhoeddi:\n{admin_link}\n",
    ),
    "case_study_changes_requested": (
        "Cais am newidiadau i'ch astudiaeth achos ar gyfer {call}",
        "Annwyl {contact_name},\n\nDiolch am eich astudiaeth achos “{title}”. Mae'r golygyddion wedi'i darllen a "
        "hoffen nhw gael rhai newidiadau:\n\n{note}\n\n"
        "Gwnewch y newidiadau, a chyflwynwch yr astudiaeth achos eto erbyn {deadline} (amser y DU). Mae'r "
        "sylwadau hefyd i'w gweld ar frig eich ffurflen:\n{link}\n\n" + QUESTIONS_CY,
    ),
    "case_study_approved": (
        "Mae eich astudiaeth achos ar gyfer {call} wedi'i chymeradwyo",
        "Annwyl {contact_name},\n\nNewyddion da: mae'r golygyddion wedi cymeradwyo eich astudiaeth achos "
        "“{title}”.\n\n"
        "Rydym yn bwriadu ei chyhoeddi {publication_date}. Byddwn yn anfon y ddolen gyhoeddus atoch drwy e-bost "
        "pan fydd wedi'i chyhoeddi.\n\n" + QUESTIONS_CY,
    ),
    "case_study_published": (
        "Mae eich astudiaeth achos “{title}” wedi'i chyhoeddi",
        "Annwyl {contact_name},\n\nMae eich astudiaeth achos “{title}” bellach wedi'i chyhoeddi fel rhan o "
        "astudiaethau achos CCIN, “{call}”. Dyma ei thudalen gyhoeddus, i'w rhannu:\n{public_link}\n\n"
        "Trwydded: {licence}.\n"
        "Gofynnir i unrhyw un sy'n ei hailddefnyddio ei chydnabod fel hyn:\n{attribution}\n\n" + QUESTIONS_CY,
    ),
    "case_study_unpublished": (
        "Mae eich astudiaeth achos “{title}” wedi'i thynnu oddi ar y wefan",
        "Annwyl {contact_name},\n\nMae'r golygyddion wedi tynnu eich astudiaeth achos “{title}” oddi ar y "
        "tudalennau cyhoeddus am y tro. Dyma'r rheswm a roddwyd ganddyn nhw:\n\n{note}\n\n"
        "Os oes gennych gwestiynau, neu pan fydd yn barod i'w chyhoeddi eto, anfonwch e-bost at "
        "{contact_email}.\n",
    ),
}
