"""Admin → Expressions of interest → an EOI whose council was not listed → "Make a council record".

One page: the council's name (the name the council gave, to correct), type, nation, English
region, GSS code and membership, and a note. Saving it calls
``workflow.eoi_council_create``, which makes the record, links the EOI and its case
studies to it and writes the EOI's history, in one transaction.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Council
from ..workflow import eoi_council_create

ADD_COUNCIL = "casestudies.add_council"
URL_NAME = "casestudies_expressionofinterest_council_create"


class EoiCouncilCreateForm(forms.ModelForm):
    note = forms.CharField(
        label=_("Note for the history (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Council
        fields = ("name", "council_type", "nation", "region", "gss_code", "membership")


def may_create(model_admin, request, eoi) -> bool:
    """Whether this user may see and use the step for this EOI (a courtesy: the workflow guards)."""
    return (
        eoi is not None
        and eoi.council_id is None
        and model_admin.has_change_permission(request, eoi)
        and request.user.has_perm(ADD_COUNCIL)
    )


def council_create_url(eoi) -> str:
    return reverse(f"admin:{URL_NAME}", args=[eoi.pk])


def council_create_view(model_admin):
    def view(request, object_id):
        eoi = model_admin.get_object(request, unquote(object_id))
        if eoi is None:
            raise Http404
        if not (model_admin.has_change_permission(request, eoi) and request.user.has_perm(ADD_COUNCIL)):
            raise PermissionDenied
        change_url = reverse("admin:casestudies_expressionofinterest_change", args=[eoi.pk])
        initial = {"name": eoi.council_name, "membership": Council.Membership.NONE}
        form = EoiCouncilCreateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            note = form.cleaned_data.pop("note", "")
            try:
                council = eoi_council_create(eoi=eoi, by=request.user, council=form.save(commit=False), note=note)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                text = gettext("Made the council record “%(council)s” and linked %(eoi)s to it.") % {
                    "council": council.name,
                    "eoi": eoi.reference,
                }
                model_admin.message_user(request, text, messages.SUCCESS)
                return HttpResponseRedirect(change_url)
        context = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": eoi,
            "form": form,
            "title": gettext("Make a council record for %(eoi)s") % {"eoi": eoi.reference},
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/casestudies/expressionofinterest/council_create.html", context)

    return view
