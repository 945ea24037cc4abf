"""The expression of interest journey: form → check your answers → confirmation.

What the officer has typed is kept in their session between steps (a draft), so the
check page's "Change" links and the add/remove buttons never lose anything. The final
submit carries a one-time token, so a double click or a resend makes one EOI.
"""

import re
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from .. import emails, links, selectors, workflow
from ..forms import CONTRIBUTIONS_READ_AT_MOST, EoiContactForm, contribution_formset_class
from ..models import Call, ExpressionOfInterest
from ..ratelimit import rate_limit_hit
from ..words import count_words

CONTACT_FIELDS = (
    "council",
    "council_name",
    "council_query",  # the text typed in the council search box (JavaScript), given back on errors
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)
PREFIX = "contributions"
CONTRIBUTION_KEY = re.compile(rf"^{PREFIX}-(\d+)-(theme|description)$")
# The confirmation page finds the EOI just sent from this signed cookie, for this long.
CONFIRMED_COOKIE = "ccin-eoi-sent"
CONFIRMED_SECONDS = 24 * 3600


# --- the draft kept in the session ---------------------------------------------------------


def _draft_key(call: Call) -> str:
    return f"eoi-draft-{call.pk}"


def _text(post, name: str) -> str:
    # A NUL character is never meaningful in a form, and PostgreSQL cannot store one.
    return post.get(name, "").replace("\x00", "")


def draft_from_post(post) -> dict:
    """What was typed, as plain data: contact fields and a list of contributions."""
    contact = {name: _text(post, name) for name in CONTACT_FIELDS}
    try:
        total = int(post.get(f"{PREFIX}-TOTAL_FORMS", "1"))
    except ValueError:
        total = 1
    total = max(1, min(total, CONTRIBUTIONS_READ_AT_MOST))
    contributions = [
        {"theme": _text(post, f"{PREFIX}-{i}-theme"), "description": _text(post, f"{PREFIX}-{i}-description")}
        for i in range(total)
    ]
    return {"contact": contact, "contributions": contributions}


def draft_as_post(draft: dict) -> dict:
    data = dict(draft["contact"])
    data[f"{PREFIX}-TOTAL_FORMS"] = str(len(draft["contributions"]))
    data[f"{PREFIX}-INITIAL_FORMS"] = "0"
    for i, item in enumerate(draft["contributions"]):
        data[f"{PREFIX}-{i}-theme"] = item["theme"]
        data[f"{PREFIX}-{i}-description"] = item["description"]
    return data


def load_draft(request, call: Call) -> dict | None:
    """This session's answers for ``call``; None, and forgotten, if they have been sent already."""
    draft = request.session.get(_draft_key(call))
    token = request.session.get(_token_key(call))
    if draft and token and selectors.eoi_exists_for_token(token=token):
        forget_draft(request, call)
        return None
    return draft


def store_draft(request, call: Call, draft: dict) -> None:
    """Keep the answers. Changed answers are a new submission: the check page gives them a new token."""
    request.session[_draft_key(call)] = draft
    request.session.pop(_token_key(call), None)


def draft_token(request, call: Call) -> str:
    """The one-time submission token for this session's EOI, made when first needed."""
    key = _token_key(call)
    if key not in request.session:
        request.session[key] = str(uuid.uuid4())
    return request.session[key]


def forget_draft(request, call: Call) -> None:
    request.session.pop(_draft_key(call), None)
    request.session.pop(_token_key(call), None)
    request.session.pop(_saved_key(call), None)


def _saved_key(call: Call) -> str:
    return f"eoi-saved-{call.pk}"


def _token_key(call: Call) -> str:
    return f"eoi-token-{call.pk}"


def confirmed_eoi_id(request, call: Call) -> int | None:
    """The EOI this browser has just sent to ``call``, from the signed cookie the submit set."""
    value = request.get_signed_cookie(CONFIRMED_COOKIE, default="", salt=CONFIRMED_COOKIE, max_age=CONFIRMED_SECONDS)
    call_id, _sep, eoi_id = value.partition(":")
    if call_id != str(call.pk) or not eoi_id.isdigit():
        return None
    return int(eoi_id)


# --- shared page pieces ------------------------------------------------------------------------


def bound_forms(call: Call, data: dict):
    return EoiContactForm(data, call=call), contribution_formset_class(call)(data, call=call)


def unbound_forms(call: Call, draft: dict | None, focus_index: int | None = None):
    contact = EoiContactForm(initial=(draft or {}).get("contact"), call=call)
    formset = contribution_formset_class(call)(initial=(draft or {}).get("contributions") or [{}], call=call)
    if focus_index is not None and focus_index < len(formset.forms):
        formset.forms[focus_index].fields["theme"].widget.attrs["autofocus"] = True
    return contact, formset


def error_list(contact: EoiContactForm, formset) -> list[dict]:
    """Every error, in page order, as (link, message) for the GOV.UK error summary."""
    errors = []
    for name, field_errors in contact.errors.items():
        target = "council" if name == "__all__" else name
        errors += [(f"#{contact[target].auto_id}", message) for message in field_errors]
    for message in formset.non_form_errors():
        errors.append(("#contributions", message))
    for index, form in enumerate(formset.forms, start=1):
        for name, field_errors in form.errors.items():
            target = "theme" if name == "__all__" else name
            errors += [
                (f"#{form[target].auto_id}", _("Contribution %(n)s: %(message)s") % {"n": index, "message": message})
                for message in field_errors
            ]
    return errors


def answers(call: Call, draft: dict) -> dict:
    """The draft in human terms, for the check page and the closed page."""
    choices = selectors.eoi_form_choices(call=call)
    council_labels = {str(pk): council.name for pk, council in choices["councils"].items()}
    contact = draft["contact"]
    theme_names = {str(pk): theme.name for pk, theme in choices["themes"].items()}
    council = council_labels.get(contact.get("council", ""), "")
    not_listed = contact.get("council") == "not-listed" or not council
    if not_listed:  # the name given, else (given back when the form is closed) what was typed in the search
        council = contact.get("council_name", "").strip() or contact.get("council_query", "").strip()
    return {
        "council": council,
        "council_not_listed": not_listed and bool(council),
        "contact": contact,
        "contributions": [
            {
                "theme": theme_names.get(item["theme"], ""),
                "description": item["description"],
                "words": count_words(item["description"]),
                "index": index,
            }
            for index, item in enumerate(draft["contributions"])
        ],
    }


def render_unavailable(request, call: Call, draft: dict | None = None):
    """The form is not open: say when it opens, or that it closed, and give back anything typed."""
    state = call.eoi_state()
    context = {"call": call, "eoi_state": state, "answers": answers(call, draft) if draft else None}
    return render(request, "casestudies/eoi_unavailable.html", context)


def render_refused(request, call: Call, reason: str, status: int):
    return render(request, "casestudies/eoi_refused.html", {"call": call, "reason": reason}, status=status)


# --- the pages -----------------------------------------------------------------------------------


class EoiFormView(View):
    """The form: council, contact, and one or more contributions added and removed on the page."""

    template_name = "casestudies/eoi_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = selectors.call_get_kept(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def render_form(self, contact, formset, errors=(), status=200):
        context = {
            "call": self.call,
            "contact_form": contact,
            "formset": formset,
            "errors": list(errors),
            "page_has_errors": bool(errors),
            "max_contributions": self.call.max_contributions_per_eoi,
            "can_add": len(formset.forms) < self.call.max_contributions_per_eoi,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        if not self.call.eoi_is_open():
            return render_unavailable(request, self.call, load_draft(request, self.call))
        # Coming back from the check page or a saved link: show what was typed, without
        # complaining about what is not finished yet.
        return self.render_form(*unbound_forms(self.call, load_draft(request, self.call)))

    def post(self, request, *args, **kwargs):
        draft = draft_from_post(request.POST)
        if not self.call.eoi_is_open():
            return render_unavailable(request, self.call, draft)
        if request.POST.get("website", "").strip():
            return render_refused(request, self.call, "honeypot", status=400)
        action = request.POST.get("action", "continue")
        contributions = draft["contributions"]
        if action == "add":
            if len(contributions) < self.call.max_contributions_per_eoi:
                contributions.append({"theme": "", "description": ""})
            store_draft(request, self.call, draft)
            return self.render_form(*unbound_forms(self.call, draft, focus_index=len(contributions) - 1))
        if action == "save":
            return self.save_for_later(draft)
        if action.startswith("remove-"):
            index = action.removeprefix("remove-")
            if index.isdigit() and int(index) < len(contributions) and len(contributions) > 1:
                del contributions[int(index)]
            store_draft(request, self.call, draft)
            return self.render_form(*unbound_forms(self.call, draft))
        contact, formset = bound_forms(self.call, draft_as_post(draft))
        store_draft(request, self.call, draft)
        if contact.is_valid() and formset.is_valid():
            return redirect("casestudies:eoi-check", slug=self.call.slug)
        return self.render_form(contact, formset, error_list(contact, formset))

    def save_for_later(self, draft: dict):
        """Keep what was typed, whatever its state, and email a link to come back to it."""
        store_draft(self.request, self.call, draft)
        contact = EoiContactForm(draft_as_post(draft), call=self.call)
        contact.is_valid()
        email_errors = contact.errors.get("contact_email")
        if email_errors or not draft["contact"].get("contact_email", "").strip():
            message = _("Enter your email address so that we can send you a link to come back to your answers")
            for name in list(contact.errors):
                del contact.errors[name]
            contact.add_error("contact_email", message)
            _unused, formset = unbound_forms(self.call, draft)
            return self.render_form(contact, formset, [(f"#{contact['contact_email'].auto_id}", message)])
        saved = workflow.eoi_save_for_later(
            call=self.call,
            answers=draft,
            contact_email=contact.cleaned_data["contact_email"],
            saved_id=self.request.session.get(_saved_key(self.call)),
        )
        self.request.session[_saved_key(self.call)] = saved.pk
        sent = emails.email_was_sent(kind="eoi_saved", about=saved)
        context = {"call": self.call, "saved": saved, "link_sent": sent}
        return render(self.request, "casestudies/eoi_saved.html", context)


class EoiResumeView(View):
    """The private link from a "save and come back later" email: reopens that EOI's answers."""

    def get(self, request, *args, **kwargs):
        call = selectors.call_get_kept(slug=kwargs["slug"])
        saved = links.saved_eoi_from_token(kwargs["token"], call=call)
        if saved is None:
            return render(request, "casestudies/eoi_link_invalid.html", {"call": call}, status=404)
        answers = saved.answers if isinstance(saved.answers, dict) else {}
        draft = {
            "contact": {name: str(answers.get("contact", {}).get(name, "")) for name in CONTACT_FIELDS},
            "contributions": [
                {"theme": str(item.get("theme", "")), "description": str(item.get("description", ""))}
                for item in answers.get("contributions", [])[:CONTRIBUTIONS_READ_AT_MOST]
                if isinstance(item, dict)
            ]
            or [{"theme": "", "description": ""}],
        }
        if not call.eoi_is_open():
            return render_unavailable(request, call, draft)
        store_draft(request, call, draft)
        request.session[_saved_key(call)] = saved.pk
        messages.info(request, _("Your saved answers are back. Finish them, then continue to check and send."))
        return redirect("casestudies:eoi-start", slug=call.slug)


class EoiCheckView(View):
    """Check your answers, then submit. The submit is idempotent by its one-time token."""

    template_name = "casestudies/eoi_check.html"

    def dispatch(self, request, *args, **kwargs):
        self.call = selectors.call_get_kept(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        draft = load_draft(request, self.call)
        if not self.call.eoi_is_open():
            return render_unavailable(request, self.call, draft)
        if not draft:
            return redirect("casestudies:eoi-start", slug=self.call.slug)
        contact, formset = bound_forms(self.call, draft_as_post(draft))
        if not (contact.is_valid() and formset.is_valid()):
            return redirect("casestudies:eoi-start", slug=self.call.slug)
        context = {
            "call": self.call,
            "answers": answers(self.call, draft),
            "token": draft_token(request, self.call),
            "form_url": reverse("casestudies:eoi-start", kwargs={"slug": self.call.slug}),
        }
        return render(request, self.template_name, context)

    def post(self, request, *args, **kwargs):
        """The final submit. It writes one transaction and nothing else: the session is only read.

        The answers stay in the session until the confirmation page (or, if that is never
        seen, the next visit to the form) finds them sent and forgets them; the confirmation
        page finds the EOI from a signed cookie. So a submission costs one commit.
        """
        token = request.POST.get("submission_token", "")
        try:
            token = uuid.UUID(token)
        except ValueError:
            return redirect("casestudies:eoi-start", slug=self.call.slug)
        draft = request.session.get(_draft_key(self.call))
        if not draft:
            existing = selectors.eoi_for_token(call=self.call, token=token)
            if existing:  # a resend after the answers were forgotten: the first submission stands
                return self.confirmed(existing)
            messages.warning(request, _("Your answers had expired. Please check them and continue."))
            return redirect("casestudies:eoi-start", slug=self.call.slug)
        if rate_limit_hit(request, scope="eoi-submit", limit=settings.EOI_SUBMISSIONS_PER_HOUR, window_seconds=3600):
            return render_refused(request, self.call, "rate_limit", status=429)
        contact, formset = bound_forms(self.call, draft_as_post(draft))
        if not self.call.eoi_is_open():
            return render_unavailable(request, self.call, draft)
        if not (contact.is_valid() and formset.is_valid()):
            return redirect("casestudies:eoi-start", slug=self.call.slug)
        data = contact.cleaned_data
        try:
            eoi, _created = workflow.eoi_submit(
                call=self.call,
                council=data["council"],
                council_name=data["council_name"],
                contact_name=data["contact_name"],
                contact_role=data["contact_role"],
                contact_email=data["contact_email"],
                contact_phone=data["contact_phone"],
                contributions=[
                    workflow.ContributionInput(
                        theme=form.cleaned_data["theme"], description=form.cleaned_data["description"]
                    )
                    for form in formset.forms
                ],
                submission_token=token,
                at=timezone.now(),
                saved_eoi_id=request.session.get(_saved_key(self.call)),
            )
        except ValidationError as error:
            if error.code in {"eoi_closed", "eoi_not_yet_open"}:
                return render_unavailable(request, self.call, draft)
            raise
        return self.confirmed(eoi)

    def confirmed(self, eoi: ExpressionOfInterest):
        response = redirect("casestudies:eoi-confirmation", slug=self.call.slug)
        response.set_signed_cookie(
            CONFIRMED_COOKIE,
            f"{self.call.pk}:{eoi.pk}",
            salt=CONFIRMED_COOKIE,
            max_age=CONFIRMED_SECONDS,
            path=reverse("casestudies:eoi-confirmation", kwargs={"slug": self.call.slug}),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response


class EoiConfirmationView(View):
    template_name = "casestudies/eoi_confirmation.html"

    def get(self, request, *args, **kwargs):
        call = selectors.call_get_kept(slug=kwargs["slug"])
        eoi_pk = confirmed_eoi_id(request, call)
        if eoi_pk is None:
            return redirect(call.get_absolute_url())
        load_draft(request, call)  # the answers were sent: forget them now
        eoi = selectors.eoi_for_confirmation(call=call, eoi_id=eoi_pk)
        if eoi is None:
            return redirect(call.get_absolute_url())
        sent = emails.email_was_sent(kind="eoi_acknowledgement", about=eoi)
        return render(request, self.template_name, {"call": call, "eoi": eoi, "acknowledgement_sent": sent})
