"""An admin page for subject access and erasure requests: find everything held about one
email address, download it as JSON, or erase it. Superusers (CCIN comms) only."""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..personal_data import personal_data_erase, personal_data_export


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        max_length=254,
        error_messages={"required": gettext_lazy("Enter the email address the request is about")},
    )
    confirm_erase = forms.BooleanField(
        required=False, label=gettext_lazy("I have checked the request and want to erase this person's data")
    )
    withdraw_published_consent = forms.BooleanField(
        required=False,
        label=gettext_lazy("Also remove them as the published enquiry contact of published case studies"),
    )


def personal_data_view(request):
    if not request.user.is_superuser:
        raise PermissionDenied
    form = PersonalDataForm(request.POST or request.GET or None)
    held = None
    if form.is_bound and form.is_valid():
        email = form.cleaned_data["email"]
        action = request.POST.get("action", "find")
        if request.method == "POST" and action == "export":
            data = json.dumps(personal_data_export(email=email), indent=2, ensure_ascii=False)
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="personal-data-{slugify(email)}.json"'
            return response
        if request.method == "POST" and action == "erase":
            if not form.cleaned_data["confirm_erase"]:
                form.add_error("confirm_erase", _("Tick the box to confirm the erasure"))
            else:
                counts = personal_data_erase(
                    email=email, withdraw_published_consent=form.cleaned_data["withdraw_published_consent"]
                )
                messages.success(
                    request,
                    _(
                        "Erased: %(eois)s expression(s) of interest, %(contacts)s case study contact(s), "
                        "%(saved)s unfinished expression(s) of interest, %(emails)s email record(s)."
                    )
                    % {
                        "eois": counts["expressions_of_interest"],
                        "contacts": counts["case_study_contacts"],
                        "saved": counts["unfinished_expressions_of_interest"],
                        "emails": counts["emails"],
                    },
                )
                return redirect(reverse("admin-personal-data") + "?" + "email=" + email)
        held = personal_data_export(email=email)
    context = {
        **admin.site.each_context(request),
        "title": _("Personal data requests"),
        "form": form,
        "held": held,
    }
    return TemplateResponse(request, "admin/personal_data.html", context)
