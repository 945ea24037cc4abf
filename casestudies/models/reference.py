"""Reference data kept in the database: member councils, themes and co-operative principles."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

GSS_CODE_VALIDATOR = RegexValidator(
    r"^[EWSN]\d{8}\Z",
    _("Enter an ONS GSS code: the letter E, W, S or N followed by eight digits, like E08000004."),
    code="invalid_gss",
)


class Nation(models.TextChoices):
    ENGLAND = "england", _("England")
    WALES = "wales", _("Wales")
    SCOTLAND = "scotland", _("Scotland")
    NORTHERN_IRELAND = "northern_ireland", _("Northern Ireland")


class Region(models.TextChoices):
    """The nine English regions. Councils in Wales, Scotland and Northern Ireland leave this blank."""

    NORTH_EAST = "north_east", _("North East")
    NORTH_WEST = "north_west", _("North West")
    YORKSHIRE = "yorkshire_and_the_humber", _("Yorkshire and the Humber")
    EAST_MIDLANDS = "east_midlands", _("East Midlands")
    WEST_MIDLANDS = "west_midlands", _("West Midlands")
    EAST = "east_of_england", _("East of England")
    LONDON = "london", _("London")
    SOUTH_EAST = "south_east", _("South East")
    SOUTH_WEST = "south_west", _("South West")


class CouncilQuerySet(models.QuerySet):
    def real(self):
        return self.filter(is_sample=False)

    def steering_group(self):
        return self.filter(is_steering_group=True)


class CouncilType(models.TextChoices):
    COUNTY = "county", _("County council")
    DISTRICT = "district", _("District council")
    UNITARY = "unitary", _("Unitary authority")
    METROPOLITAN = "metropolitan_borough", _("Metropolitan borough")
    LONDON_BOROUGH = "london_borough", _("London borough")
    WELSH_UNITARY = "welsh_unitary", _("Welsh unitary authority")
    SCOTTISH_UNITARY = "scottish_unitary", _("Scottish unitary authority")
    TOWN_OR_PARISH = "town_or_parish", _("Town or parish council")
    COMBINED_AUTHORITY = "combined_authority", _("Combined authority")
    COUNCILLOR_GROUP = "councillor_group", _("Councillor group")


# The ONS entity codes (a GSS code's first three characters) that each type of council's area has:
# county E10, non-metropolitan district E07 (Northern Ireland's districts N09), unitary E06,
# metropolitan district E08, London borough E09, Welsh principal area W06, Scottish council area
# S12, parish E04 or Welsh community W04, combined authority E47 (the Greater London Authority
# E61). The letter gives the nation, so this table also says in which nations each type exists.
GSS_ENTITIES = {
    CouncilType.COUNTY: ("E10",),
    CouncilType.DISTRICT: ("E07", "N09"),
    CouncilType.UNITARY: ("E06",),
    CouncilType.METROPOLITAN: ("E08",),
    CouncilType.LONDON_BOROUGH: ("E09",),
    CouncilType.WELSH_UNITARY: ("W06",),
    CouncilType.SCOTTISH_UNITARY: ("S12",),
    CouncilType.TOWN_OR_PARISH: ("E04", "W04"),
    CouncilType.COMBINED_AUTHORITY: ("E47", "E61"),
    CouncilType.COUNCILLOR_GROUP: (),
}
# Entity code 99 is one ONS does not use: invented councils (sample content, tests and the
# example membership file) have codes like E99000001, so they can never join with a real area.
INVENTED_GSS_ENTITY = "99"
GSS_LETTERS = {"E": Nation.ENGLAND, "W": Nation.WALES, "S": Nation.SCOTLAND, "N": Nation.NORTHERN_IRELAND}

# How a sentence names each type and each place: "a unitary authority in the North East".
TYPE_PHRASES = {
    CouncilType.COUNTY: _("a county council"),
    CouncilType.DISTRICT: _("a district council"),
    CouncilType.UNITARY: _("a unitary authority"),
    CouncilType.METROPOLITAN: _("a metropolitan borough"),
    CouncilType.LONDON_BOROUGH: _("a London borough"),
    CouncilType.WELSH_UNITARY: _("a unitary authority"),
    CouncilType.SCOTTISH_UNITARY: _("a council area"),
    CouncilType.TOWN_OR_PARISH: _("a town or parish council"),
    CouncilType.COMBINED_AUTHORITY: _("a combined authority"),
    CouncilType.COUNCILLOR_GROUP: _("a councillor group"),
}
PLACE_PHRASES = {
    Region.NORTH_EAST: _("the North East"),
    Region.NORTH_WEST: _("the North West"),
    Region.YORKSHIRE: _("Yorkshire and the Humber"),
    Region.EAST_MIDLANDS: _("the East Midlands"),
    Region.WEST_MIDLANDS: _("the West Midlands"),
    Region.EAST: _("the East of England"),
    Region.LONDON: _("London"),
    Region.SOUTH_EAST: _("the South East"),
    Region.SOUTH_WEST: _("the South West"),
}


class Membership(models.TextChoices):
    FULL = "full", _("Full member")
    ASSOCIATE = "associate", _("Associate member")
    AFFILIATE = "affiliate", _("Affiliate member")
    NONE = "none", _("Not a member")


class Council(models.Model):
    """A CCIN member: a council, a combined authority or a councillor group."""

    Type = CouncilType

    Membership = Membership

    Nation = Nation
    Region = Region

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    nation = models.CharField(_("nation"), max_length=20, choices=Nation.choices)
    region = models.CharField(
        _("English region"), max_length=30, choices=Region.choices, blank=True, help_text=_("England only.")
    )
    council_type = models.CharField(_("type"), max_length=30, choices=Type.choices)
    membership = models.CharField(_("CCIN membership"), max_length=12, choices=Membership.choices)
    gss_code = models.CharField(
        _("ONS GSS code"),
        max_length=9,
        blank=True,
        validators=[GSS_CODE_VALIDATOR],
        help_text=_("The ONS code of the council's area, e.g. E08000004. Blank for councillor groups."),
    )
    gss_code_year = models.PositiveSmallIntegerField(
        _("year of the GSS code"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2011), MaxValueValidator(2100)],
        help_text=_(
            "The year of the ONS code list the code comes from (e.g. 2020), so that data can be joined across "
            "reorganisations that changed codes."
        ),
    )
    website = models.URLField(_("website"), blank=True)
    is_steering_group = models.BooleanField(_("on the steering group"), default=False)
    is_sample = models.BooleanField(
        _("sample content"), default=False, help_text=_("Invented for demonstration; marked as sample wherever shown.")
    )

    objects = CouncilQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        constraints = [
            models.CheckConstraint(condition=Q(nation__in=Nation.values), name="council_nation_known"),
            models.CheckConstraint(
                condition=Q(region="") | Q(nation=Nation.ENGLAND, region__in=Region.values),
                name="council_region_only_in_england",
            ),
            models.CheckConstraint(condition=Q(council_type__in=CouncilType.values), name="council_type_known"),
            models.CheckConstraint(condition=Q(membership__in=Membership.values), name="council_membership_known"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("casestudies:council-detail", kwargs={"slug": self.slug})

    @property
    def place(self) -> str:
        """The region for English councils, else the nation: what a reader means by 'where'."""
        return self.get_region_display() if self.region else self.get_nation_display()

    @property
    def description(self) -> str:
        """What it is and where, as a sentence says it: "a unitary authority in the North East"."""
        place = PLACE_PHRASES.get(self.region) or self.get_nation_display()
        return _("%(kind)s in %(place)s") % {"kind": TYPE_PHRASES[self.council_type], "place": place}

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.region and self.nation != Nation.ENGLAND:
            errors["region"] = _("Only councils in England have an English region.")
        elif self.nation == Nation.ENGLAND and not self.region:
            errors["region"] = _("Choose the English region of a council in England.")
        elif self.council_type == CouncilType.LONDON_BOROUGH and self.region != Region.LONDON:
            errors["region"] = _("A London borough is in the London region.")
        entities = GSS_ENTITIES.get(self.council_type, ())
        nations = {GSS_LETTERS[entity[0]] for entity in entities}
        if nations and self.nation not in nations:
            errors["nation"] = _("There are no councils of this type in %(nation)s.") % {
                "nation": self.get_nation_display()
            }
        elif self.gss_code:
            errors.update(self._gss_code_errors(entities))
        if self.gss_code_year and not self.gss_code:
            errors["gss_code_year"] = _("Give the year only with a GSS code.")
        if errors:
            raise ValidationError(errors)

    def _gss_code_errors(self, entities) -> dict:
        if self.council_type == CouncilType.COUNCILLOR_GROUP:
            return {"gss_code": _("A councillor group has no area code of its own; leave this blank.")}
        if GSS_LETTERS.get(self.gss_code[0]) != self.nation:
            return {"gss_code": _("The code's first letter does not match the council's nation.")}
        if self.gss_code[:3] not in entities and self.gss_code[1:3] != INVENTED_GSS_ENTITY:
            return {
                "gss_code": _("The code of %(kind)s starts with %(prefixes)s.")
                % {"kind": TYPE_PHRASES[self.council_type], "prefixes": _(" or ").join(entities)}
            }
        return {}


class Theme(models.Model):
    """A theme a call asks about. Admin-editable; shown in ``order``."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("casestudies:theme-detail", kwargs={"slug": self.slug})


class Principle(models.Model):
    """One of CCIN's co-operative principles. The summary is ours until CCIN's wording is pasted in."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    summary = models.TextField(_("summary"), help_text=_("One sentence."))
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("co-operative principle")
        verbose_name_plural = _("co-operative principles")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("casestudies:principle-detail", kwargs={"slug": self.slug})


class StaffProfile(models.Model):
    """What the service knows of a staff user beyond Django's user: the council they work for.

    A reviewer linked to a council may not score or decide that council's contributions;
    the workflow functions enforce it.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ccin_profile", verbose_name=_("user")
    )
    council = models.ForeignKey(
        Council,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_profiles",
        verbose_name=_("works for"),
        help_text=_("The member council this person works for, if any. They cannot review its contributions."),
    )

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self):
        return str(self.user)
