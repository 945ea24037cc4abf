"""The invited council's case study pages, opened by its private link: form → check → confirmation.

The link names one case study (``links.case_study_from_token``); nothing here looks a case
study up any other way, so a link can only ever show or change its own. What the page does
depends on the link and the case study:

- a tampered, truncated or never-issued link: 404, "this link does not work";
- a revoked link (a newer one was issued, or the editors withdrew it): 410 Gone, "this link
  has been replaced";
- submitted, approved, published or unpublished: read-only, "with the editors" (200);
- past its deadline (the call's, or the extension set in the admin): read-only, "editing has
  closed", the saved draft shown and kept (200);
- otherwise the form. "Save draft" saves any length; "Continue" saves, then lists what must
  be put right before submitting, or goes on to the check page.

A post that cannot be saved never loses what was typed: invalid input comes back in the
form with the errors, and so does a post whose image could not be stored (a full disk: nothing
is saved, the form says to save again without the image); a post after the deadline or once
the case study is with the editors is refused (403) with everything typed shown back to copy; a save from a stale tab is
refused (409) with both the newer saved text and the typed text on the page. Submitting is
one transaction and happens once (``workflow.case_study_submit``).
Every response is ``Cache-Control: private, no-store``, and sends its address (which holds the
token) as a referrer only to this site: ``Referrer-Policy: same-origin`` (``no-referrer`` would make
browsers send ``Origin: null``, which fails the CSRF check).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .. import emails, images, links, selectors
from ..forms_case_study import TEXT_FIELDS, CaseStudyForm
from ..languages import Language, lang_attribute, officer_language
from ..models import CaseStudy
from ..models.case_studies import WELSH_TWINS
from ..words import count_words
from ..workflow import case_study_problems, case_study_save, case_study_submit, case_study_text_languages

# Where an error summary link should land: the first checkbox or radio of a group.
FIELD_ANCHORS = {"principles": "id_principles_1", "licence": "id_licence_1", "language": "id_language_1"}
NOT_SAVED = gettext_lazy("Your changes have not been saved.")


# --- what the pages show ---------------------------------------------------------------------


def answer_rows(*, case_study: CaseStudy, typed=None) -> list[dict]:
    """The case study as rows of a summary list. With ``typed`` (a POST), what was typed instead."""
    call = case_study.call
    if typed is None:
        values = {field: getattr(case_study, field) for field in TEXT_FIELDS}
        theme = case_study.theme.name
        principles = [p.name for p in case_study.principles.all()]
    else:
        values = {field: typed.get(field, "") for field in TEXT_FIELDS}
        values["enquiry_consent"] = bool(typed.get("enquiry_consent"))
        theme = selectors.call_theme_name(call=call, theme_id=_int(typed.get("theme")))
        principles = selectors.principle_names(ids=[_int(pk) for pk in typed.getlist("principles")])
    licence = dict(CaseStudy.Licence.choices).get(values["licence"], "")
    contact = [str(values[f]) for f in ("enquiry_name", "enquiry_role", "enquiry_email") if values[f]]
    language = values["language"] if values["language"] in CaseStudy.TextLanguage.values else case_study.language
    languages = case_study_text_languages(language)
    both = len(languages) > 1

    def row_in(text_language: str, key: str, label, welsh_label, **extra) -> dict:
        """One text field in one language, marked with it (``lang``) when it is not the page's."""
        field = key if text_language == Language.EN else WELSH_TWINS[key]
        row = {"key": field, "label": welsh_label if field != key and both else label, "value": values[field]}
        row["lang"] = lang_attribute(text_language) if text_language != officer_language() else ""
        if key == "body":
            row["words"] = count_words(values[field])
        return {**row, **extra}

    rows = [
        {
            "key": "language",
            "label": _("Language"),
            "value": dict(CaseStudy.TextLanguage.choices).get(language, ""),
        },
        *(
            row
            for text_language in languages
            for row in (
                row_in(text_language, "title", _("Title"), _("Title in Welsh")),
                row_in(text_language, "standfirst", _("Standfirst"), _("Standfirst in Welsh")),
                row_in(text_language, "body", _("Case study"), _("Case study in Welsh"), paragraphs=True),
            )
        ),
        {"key": "theme", "label": _("Theme"), "value": theme},
        {"key": "principles", "label": _("Co-operative principles shown"), "list": principles},
        *(row_in(lang, "partners", _("Partners"), _("Partners in Welsh"), paragraphs=True) for lang in languages),
        *(
            row_in(lang, "outcomes", _("Outcomes and learning"), _("Outcomes and learning in Welsh"), paragraphs=True)
            for lang in languages
        ),
        {"key": "enquiry_name", "label": _("Contact for enquiries"), "list": contact},
        {
            "key": "enquiry_consent",
            "label": _("Publish the contact"),
            "value": _("Yes, publish it") if values["enquiry_consent"] else _("No, do not publish it"),
        },
        {"key": "licence", "label": _("Licence"), "value": licence},
        {"key": "image", "label": _("Image"), "image": typed is None and bool(case_study.image)},
        *(
            row_in(lang, "image_alt", _("Image description (alt text)"), _("Image description in Welsh (alt text)"))
            for lang in languages
        ),
        {"key": "image_credit", "label": _("Image credit"), "value": values["image_credit"]},
    ]
    for row in rows:
        row["anchor"] = FIELD_ANCHORS.get(row["key"], f"id_{row['key']}")
        if "list" in row:
            row["kind"] = "list"
        elif "image" in row:
            row["kind"] = "image"
        else:
            row["kind"] = "paragraphs" if row.get("paragraphs") else "text"
    if typed is not None:  # a file cannot be shown back: it was not kept
        rows = [row for row in rows if row["key"] != "image"]
    return rows


def _shown(row: dict):
    value = row.get("value")
    return (str(value).replace("\r\n", "\n").strip() if value is not None else None, row.get("list"))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def form_error_items(form: CaseStudyForm, first: list | None = None) -> list[tuple[str, str]]:
    """(href, message) for the error summary, in the order of the form."""
    items = [("", message) for message in first or []]
    items += [("", message) for message in form.non_field_errors()]
    for name in form.fields:
        for message in form.errors.get(name, []):
            if name == "version":
                items.append(("", _("The page was out of date. Save again to keep what you typed.")))
                continue
            items.append((f"#{FIELD_ANCHORS.get(name, form[name].auto_id)}", message))
    return items


def problem_items(problems: dict, *, url: str = "") -> list[tuple[str, str]]:
    return [
        (f"{url}#{FIELD_ANCHORS.get(field, f'id_{field}')}", message)
        for field, messages_ in problems.items()
        for message in messages_
    ]


def form_bound_to(case_study: CaseStudy) -> CaseStudyForm:
    """The form filled in with what is saved, ready to carry errors (after a save, or for a conflict)."""
    data = MultiValueDict()
    for field, value in CaseStudyForm.initial_for(case_study).items():
        if field == "principles":
            data.setlist(field, value)
        elif field == "enquiry_consent":
            if value:
                data[field] = "on"
        else:
            data[field] = "" if value is None else str(value)
    return CaseStudyForm(data, case_study=case_study)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def render_link_problem(request, problem: links.LinkProblem):
    status = 410 if problem is links.LinkProblem.REVOKED else 404
    return render(request, "casestudies/case_study_link_problem.html", {"problem": str(problem)}, status=status)


# --- the pages -----------------------------------------------------------------------------------


class CaseStudyLinkMixin:
    """Opens the case study the link names, or answers with the link's problem."""

    def dispatch(self, request, *args, **kwargs):
        self.token = kwargs["token"]
        case_study, problem = links.case_study_from_token(self.token, queryset=selectors.case_study_for_link_queryset())
        if problem is not None:
            return _private(render_link_problem(request, problem))
        self.case_study = case_study
        self.call = case_study.call
        return _private(super().dispatch(request, *args, **kwargs))

    @property
    def is_closed(self) -> bool:
        return not self.call.case_study_is_open(extended_to=self.case_study.deadline_extended_to)

    def url(self, name: str) -> str:
        return reverse(f"casestudies:case-study-{name}", kwargs={"token": self.token})

    def page_context(self, **extra) -> dict:
        return {
            "case_study": self.case_study,
            "call": self.call,
            "contact_email": self.call.contact_email,
            "deadline": self.case_study.deadline,
            "edit_url": self.url("edit"),
            "check_url": self.url("check"),
            "image_url": self.url("image-thumbnail") if self.case_study.image else "",
            **extra,
        }

    def render_locked(self, *, typed=None, status: int = 200):
        """Read-only: with the editors, or past the deadline. Anything typed is shown back."""
        reason = "with_editors" if not self.case_study.is_editable_by_council else "closed"
        context = self.page_context(
            reason=reason,
            rows=answer_rows(case_study=self.case_study),
            typed_rows=answer_rows(case_study=self.case_study, typed=typed) if typed is not None else None,
            public_url=self.case_study.get_absolute_url() if self.case_study.is_published else "",
        )
        return render(self.request, "casestudies/case_study_locked.html", context, status=status)


class CaseStudyEditView(CaseStudyLinkMixin, View):
    template_name = "casestudies/case_study_form.html"

    def get(self, request, *args, **kwargs):
        if not self.case_study.is_editable_by_council or self.is_closed:
            return self.render_locked()
        form = CaseStudyForm(initial=CaseStudyForm.initial_for(self.case_study), case_study=self.case_study)
        return self.render_form(form)

    def render_form(self, form, *, errors=(), status=200, **extra):
        change_request = None
        if self.case_study.status == CaseStudy.Status.CHANGES_REQUESTED:
            change_request = selectors.case_study_latest_change_request(case_study=self.case_study)
        context = self.page_context(
            form=form,
            errors=list(errors),
            page_has_errors=bool(errors),
            change_request=change_request,
            **extra,
        )
        return render(self.request, self.template_name, context, status=status)

    def post(self, request, *args, **kwargs):
        if not self.case_study.is_editable_by_council or self.is_closed:
            return self.render_locked(typed=request.POST, status=403)
        form = CaseStudyForm(request.POST, request.FILES, case_study=self.case_study)
        if not form.is_valid():
            upload = request.FILES.get("image")
            unsaved = upload.name if upload is not None and "image" not in form.errors else ""
            return self.render_form(form, errors=form_error_items(form, [NOT_SAVED]), unsaved_upload=unsaved)
        data = form.cleaned_data
        try:
            saved = case_study_save(
                case_study=self.case_study,
                changes=form.changes,
                expected_version=data["version"],
                theme=data["theme"],
                principles=data["principles"],
                image=data["image"],
                remove_image=data.get("remove_image", False),
            )
        except ValidationError as error:
            code = getattr(error, "code", None)
            if code == "case_study_stale":
                return self.render_conflict(request.POST)
            if code in {"case_study_closed", "case_study_not_editable"}:
                self.case_study.refresh_from_db()
                return self.render_locked(typed=request.POST, status=403)
            if code == "image_not_stored":  # e.g. a full disk: nothing saved, everything typed shown back
                form.add_error("image", error)
                return self.render_form(form, errors=form_error_items(form, [NOT_SAVED]))
            raise
        if request.POST.get("action") == "continue":
            problems = case_study_problems(case_study=saved)
            if problems:
                form = form_bound_to(saved)
                form.is_valid()
                for field, field_messages in problems.items():
                    for message in field_messages:
                        form.add_error(field, message)
                saved_note = _("Your draft has been saved. Before you can continue:")
                return self.render_form(form, errors=form_error_items(form, [saved_note]))
            return redirect(self.url("check"))
        messages.success(
            request,
            _("Your draft has been saved. You can come back to it with the link in your email."),
        )
        return redirect(self.url("edit"))

    def render_conflict(self, typed):
        """Another tab (or an editor) saved first: show the newer text and what was typed, save nothing."""
        current = selectors.case_study_for_link_get(pk=self.case_study.pk)
        self.case_study = current
        saved_rows = {row["key"]: row for row in answer_rows(case_study=current)}
        conflicts = [
            {"label": mine["label"], "saved": saved_rows.get(mine["key"], {"kind": "text"}), "typed": mine}
            for mine in answer_rows(case_study=current, typed=typed)
            if mine["key"] not in saved_rows or _shown(saved_rows[mine["key"]]) != _shown(mine)
        ]
        data = typed.copy()
        data["version"] = str(current.version)  # saving again now is a deliberate choice, made with both in view
        form = CaseStudyForm(data, case_study=current)
        form.is_valid()
        note = _(
            "Your changes have not been saved. The newer saved version and what you typed are both below. "
            "To keep what you typed, check it and save again; to keep the saved version, open the link again."
        )
        errors = [
            (
                "#conflict",
                _("This case study was changed somewhere else (perhaps in another tab) after you opened it."),
            ),
            ("", note),
        ]
        return self.render_form(form, errors=errors, status=409, conflicts=conflicts)


class CaseStudyCheckView(CaseStudyLinkMixin, View):
    template_name = "casestudies/case_study_check.html"

    def get(self, request, *args, **kwargs):
        if self.case_study.status == CaseStudy.Status.SUBMITTED:
            return redirect(self.url("confirmation"))
        if not self.case_study.is_editable_by_council or self.is_closed:
            return redirect(self.url("edit"))
        return self.render_check()

    def render_check(self, *, errors=None, status=200):
        problems = case_study_problems(case_study=self.case_study)
        items = list(errors or []) + problem_items(problems, url=self.url("edit"))
        context = self.page_context(
            rows=answer_rows(case_study=self.case_study),
            errors=items,
            page_has_errors=bool(items),
            can_submit=not problems,
        )
        return render(request=self.request, template_name=self.template_name, context=context, status=status)

    def post(self, request, *args, **kwargs):
        if self.case_study.status == CaseStudy.Status.SUBMITTED:  # a double click: the first one stands
            return redirect(self.url("confirmation"))
        try:
            case_study_submit(case_study=self.case_study, expected_version=_int(request.POST.get("version")))
        except ValidationError as error:
            self.case_study = selectors.case_study_for_link_get(pk=self.case_study.pk)
            code = getattr(error, "code", None)
            if code == "case_study_closed":
                return self.render_locked(status=403)
            if code == "case_study_not_editable":
                return redirect(self.url("edit"))
            if code == "case_study_stale":
                return self.render_check(errors=[("", message) for message in error.messages], status=409)
            return self.render_check()  # the problems: listed from the case study as it is
        return redirect(self.url("confirmation"))


class CaseStudyConfirmationView(CaseStudyLinkMixin, View):
    def get(self, request, *args, **kwargs):
        if self.case_study.status != CaseStudy.Status.SUBMITTED:
            return redirect(self.url("edit"))
        context = self.page_context(
            eoi=self.case_study.contribution.eoi,
            confirmation_sent=emails.email_was_sent(kind="case_study_submitted", about=self.case_study),
        )
        return render(request, "casestudies/case_study_confirmation.html", context)


class CaseStudyPrivateImageView(CaseStudyLinkMixin, View):
    size = "thumbnail"

    def get(self, request, *args, **kwargs):
        if self.size not in images.SIZES:
            raise Http404
        field = self.case_study.image if self.size == "display" else self.case_study.image_thumbnail
        return images.image_response(field, cache_control="private, no-store")
