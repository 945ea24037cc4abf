"""The Welsh of what CCIN writes for the first call, "Co-operation through Covid-19" (issue 16):
the call's title and texts, the themes, the principles and the publication, beside the English in
``load_ccin_call``, which writes it where the Welsh field is empty. The terms are those of
docs/cy-glossary.md; a Welsh speaker should read it before launch."""

# The Welsh of what CCIN writes, in the terms of the service's Welsh glossary. Written where the
# Welsh field is empty; an admin's Welsh is never overwritten.
WELSH_CALL = {
    "title_cy": "Cydweithredu drwy Covid-19",
    "summary_cy": (
        "Dywedwch wrthym sut y bu i werthoedd ac egwyddorion cydweithredol lywio ymateb eich cyngor i Covid-19. "
        "Byddwn yn cyhoeddi casgliad o astudiaethau achos byr ym mis Hydref 2020."
    ),
    "purpose_cy": (
        "Mae cynghorau ar draws y rhwydwaith wedi ymateb i Covid-19 drwy weithio ochr yn ochr â thrigolion, "
        "grwpiau cymunedol, busnesau a'i gilydd. Roedd llawer o'r gwaith hwnnw'n tynnu ar werthoedd ac "
        "egwyddorion cydweithredol, yn aml heb i neb ei alw'n hynny.\n\n"
        "Mae'r set dysgu gweithredol hon yn gofyn i gynghorau sy'n aelodau rannu sut roedd gwerthoedd ac "
        "egwyddorion cydweithredol yn sail i'w hymateb, er mwyn i ni ddysgu gan ein gilydd a dangos i eraill "
        "beth mae cynghorau cydweithredol yn ei wneud mewn argyfwng.\n\n"
        "Bydd yr astudiaethau achos yn cael eu cyhoeddi gyda'i gilydd ym mis Hydref 2020, wedi'u grwpio yn ôl thema."
    ),
    "how_to_take_part_cy": (
        "Anfonwch ddatganiad o ddiddordeb atom erbyn 5pm ddydd Gwener 7 Awst 2020. Ar gyfer pob darn o waith yr "
        "hoffech ei rannu, dewiswch thema a disgrifiwch y gwaith mewn 50 i 75 gair. Gallwch gynnig mwy nag un "
        "darn o waith.\n\n"
        "Bydd y grŵp llywio yn dewis amrywiaeth o gyfraniadau ar draws y themâu. Byddwn yn rhoi gwybod i "
        "gynghorau yn ystod yr wythnos sy'n dechrau 17 Awst 2020 a ydynt wedi cael gwahoddiad i ysgrifennu "
        "astudiaeth achos.\n\n"
        "Os cewch wahoddiad, ysgrifennwch astudiaeth achos o tua 300 gair a'i hanfon atom erbyn 5pm ddydd Llun "
        "7 Medi 2020.\n\n"
        "Os oes gennych gwestiwn, anfonwch e-bost at comms@councils.coop."
    ),
}

# slug: (name, description), for THEMES.
WELSH_THEMES = {
    "community-response-hubs-and-mutual-aid": (
        "Hybiau ymateb cymunedol a chyd-gymorth",
        "Sut y sefydlodd cynghorau a thrigolion hybiau a grwpiau cyd-gymorth, er mwyn i bobl a oedd yn "
        "gwarchod neu'n hunanynysu gael help.",
    ),
    "food-distribution-and-food-security": (
        "Dosbarthu bwyd a diogeledd bwyd",
        "Cael bwyd i'r bobl yr oedd ei angen arnynt, a gwneud y cyflenwad bwyd lleol yn fwy diogel.",
    ),
    "partnerships": (
        "Partneriaethau gyda'r sectorau gwirfoddol, cymunedol a busnes",
        "Gweithio gyda grwpiau gwirfoddol a chymunedol a busnesau lleol fel partneriaid cyfartal.",
    ),
    "ppe-and-supply-resilience": (
        "Cyfarpar diogelu personol a chydnerthedd cyflenwadau",
        "Dod o hyd i gyfarpar diogelu personol a chyflenwadau eraill, eu gwneud a'u rhannu pan oedd y cyflenwad "
        "cenedlaethol yn brin.",
    ),
    "hardship-and-financial-support": (
        "Caledi a chymorth ariannol",
        "Helpu trigolion a busnesau drwy bryderon ariannol, o grantiau i gyngor.",
    ),
    "community-leadership-and-co-production": (
        "Arweinyddiaeth gymunedol a chydgynhyrchu",
        "Trigolion a chynghorwyr yn arwain yr ymateb ac yn llunio gwasanaethau gyda'r cyngor.",
    ),
    "social-care-and-health": (
        "Gofal cymdeithasol ac iechyd",
        "Cadw gwasanaethau gofal ac iechyd i fynd, gyda'r bobl sy'n eu defnyddio ac ar eu cyfer.",
    ),
    "supporting-vulnerable-residents": (
        "Cefnogi trigolion sy'n agored i niwed (cam-drin domestig, digartrefedd)",
        "Cadw pobl yn ddiogel rhag cam-drin domestig, a symud pobl oddi ar y strydoedd ac i gartrefi.",
    ),
    "local-economy-and-community-wealth-building": (
        "Ail-gydbwyso'r economi leol a chreu cyfoeth cymunedol",
        "Defnyddio gwariant ac asedau'r cyngor i gadw cyfoeth yn yr economi leol.",
    ),
    "climate-change-and-building-back-greener": (
        "Newid hinsawdd ac adfer yn wyrddach",
        "Gwneud yr adferiad yn un gwyrddach.",
    ),
    "modern-digital-and-responsive-councils": (
        "Cynghorau modern, digidol ac ymatebol",
        "Ffyrdd newydd o weithio, gwasanaethau ar-lein a phenderfyniadau cyflymach a ddaeth yn sgil yr argyfwng.",
    ),
}

# slug: (name, summary), for PRINCIPLES.
WELSH_PRINCIPLES = {
    "co-production": (
        "Cydgynhyrchu",
        "Mae trigolion a'r cyngor yn cynllunio ac yn darparu gwasanaethau gyda'i gilydd, fel partneriaid cyfartal.",
    ),
    "community-leadership": (
        "Arweinyddiaeth gymunedol a rôl newydd i gynghorwyr",
        "Mae cynghorwyr yn arwain drwy ddod â phobl at ei gilydd a helpu cymunedau i weithredu drostynt eu hunain.",
    ),
    "democratic-engagement": (
        "Ymgysylltu democrataidd",
        "Mae gan drigolion lais go iawn yn y penderfyniadau sy'n effeithio arnynt, nid mewn etholiadau yn unig.",
    ),
    "enterprise-and-social-economy": (
        "Menter a'r economi gymdeithasol",
        "Mae'r cyngor yn helpu mentrau cydweithredol, cydfuddiannol a chymdeithasol i ddechrau a thyfu.",
    ),
    "innovation": (
        "Arloesi",
        "Mae'r cyngor yn rhoi cynnig ar ffyrdd newydd o weithio, yn dysgu o'r hyn sy'n methu ac yn rhannu'r hyn "
        "sy'n gweithio.",
    ),
    "learning": (
        "Dysgu",
        "Mae cynghorau'n dysgu gan drigolion a chan ei gilydd, ac yn rhannu'r hyn a ganfyddant yn agored.",
    ),
    "maximising-social-value": (
        "Sicrhau'r gwerth cymdeithasol mwyaf",
        "Mae'r cyngor yn gwario ac yn comisiynu fel bod pobl leol, yr economi a'r amgylchedd yn elwa fwyaf.",
    ),
    "new-models-of-meeting-priority-needs": (
        "Modelau newydd o ddiwallu anghenion blaenoriaethol",
        "Caiff anghenion fel gofal, tai a bwyd eu diwallu mewn ffyrdd newydd, gyda'r bobl sy'n eu defnyddio.",
    ),
    "social-partnership": (
        "Partneriaeth gymdeithasol",
        "Mae'r cyngor yn gweithio fel partner gyda staff, undebau llafur, grwpiau cymunedol a busnesau.",
    ),
    "walking-the-talk": (
        "Arfer yr hyn a bregethir",
        "Mae'r cyngor yn rhedeg ei hun yn ôl y gwerthoedd cydweithredol y mae'n eu gofyn gan eraill.",
    ),
}

WELSH_PUBLICATION = {
    "title_cy": "Cydweithredu drwy Covid-19",
    "introduction_cy": (
        "Pan gyrhaeddodd Covid-19, trodd cynghorau cydweithredol at eu cymunedau. Mae'r astudiaethau achos hyn, "
        "a ysgrifennwyd gan gynghorau sy'n aelodau, yn dangos sut y bu i werthoedd ac egwyddorion cydweithredol "
        "lywio'r hyn a wnaethant.\n\n"
        "Maent wedi'u grwpio yn ôl thema, ac mae pob un yn enwi'r egwyddorion y mae'n eu dangos."
    ),
}
