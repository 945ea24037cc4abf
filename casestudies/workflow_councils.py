"""A council that was not listed when its EOI came in, made a council record by an editor.

(Kept beside workflow.py, whose EOI section it belongs to, until that module is a package.)
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import public_cache
from .models import CaseStudy, Council, ExpressionOfInterest, StatusChange

EOI_ALREADY_HAS_COUNCIL = _("This expression of interest is already linked to the council %(council)s.")
# The EOI's history row when its council is made a record: from "not listed" to "listed".
NOT_LISTED, LISTED = "not listed", "listed"


def eoi_council_create(*, eoi: ExpressionOfInterest, by, council: Council, note: str = "") -> Council:
    """Make a not-listed council a council record and link the EOI (and its case studies) to it.

    ``council`` is an unsaved Council with the editor's name, type, nation, region and GSS code;
    it is checked (``full_clean``) and saved with a unique slug. In one transaction: the EOI is
    locked and refused if it already has a council; the EOI and every case study from it are
    linked to the new record; the EOI's history gets a row (who, when, the name the council gave,
    the note). From then on its case studies have a council page, nation and region, and codes.
    Nothing is written if anything is refused.
    """
    with transaction.atomic():
        locked = ExpressionOfInterest.objects.select_for_update().select_related("call").get(pk=eoi.pk)
        if locked.council_id is not None:
            current = Council.objects.get(pk=locked.council_id)
            raise ValidationError(
                EOI_ALREADY_HAS_COUNCIL, code="eoi_already_has_council", params={"council": current.name}
            )
        council.slug = council.slug or _unique_slug(council.name)
        council.is_sample = council.is_sample or locked.call.is_sample
        council.full_clean()
        council.save()
        given_name, locked.council, locked.council_name = locked.council_name, council, ""
        locked.save(update_fields=["council", "council_name"])
        CaseStudy.objects.filter(contribution__eoi=locked).update(council=council)
        StatusChange.objects.create(
            content_type=ContentType.objects.get_for_model(locked),
            object_id=locked.pk,
            from_status=NOT_LISTED,
            to_status=LISTED,
            by=by if getattr(by, "pk", None) else None,
            note=_history_note(given_name, council, note),
        )
        public_cache.public_pages_changed()
        return council


def _unique_slug(name: str) -> str:
    base = slugify(name)[:150] or "council"
    slug, n = base, 2
    while Council.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _history_note(given_name: str, council: Council, note: str) -> str:
    said = gettext("Council record “%(council)s” made from the name given, “%(given)s”.") % {
        "council": council.name,
        "given": given_name,
    }
    return f"{said}\n{note.strip()}" if note.strip() else said
