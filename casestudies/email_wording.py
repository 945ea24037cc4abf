"""The wording of every email, as data CCIN edits per call: subject and body with named placeholders.

``EmailWording`` rows (models/audit.py) hold each call's wording, every version kept; the newest
is used. A call without its own wording uses ``DEFAULTS`` (the service's first wording; its Welsh
is ``email_wording_cy.DEFAULTS_CY``, both given by ``default_wording``). Filling is
done by ``fill``, which knows only the named keys of ``PLACEHOLDERS``: no template syntax, no
attribute or index access, no format specs; the HTML version is built from the filled text with
everything escaped (``text_to_html``).

Each version has an English and a Welsh subject and text (``subject_en_gb``, ``subject_cy``, …;
casestudies/translation.py). The English is required; the Welsh is written as a pair or not at
all, and ``wording_texts`` sends the Welsh pair only where both are written, so an email is
never half in one language.
"""

import string
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import public_cache

# Every placeholder any email may use, with what it becomes (shown to the editors).
PLACEHOLDERS = {
    "contact_name": _("the name of the council's contact"),
    "council": _("the council's name"),
    "call": _("the call's title"),
    "contact_email": _("the call's contact address (CCIN)"),
    "reference": _("the EOI's reference, e.g. CCIN-2020-0042"),
    "contributions": _("the contributions offered, numbered, with their themes"),
    "theme": _("the contribution's theme"),
    "title": _("the case study's title"),
    "deadline": _("the case study's deadline (UK time)"),
    "eoi_deadline": _("the EOI deadline (UK time)"),
    "notified_week": _("the week councils are told"),
    "words": _("the case study length asked for"),
    "words_min": _("the fewest words accepted"),
    "words_max": _("the most words accepted"),
    "word_count": _("the case study's length in words"),
    "publication_month": _("the month the call plans to publish"),
    "publication_date": _("when publication is planned: “on 1 October 2020”, or “in October 2020”"),
    "link": _("the council's private link"),
    "public_link": _("the public page of the case study"),
    "admin_link": _("the case study's page in the admin"),
    "licence": _("the case study's licence"),
    "attribution": _("the suggested attribution line"),
    "note": _("the note the editor wrote"),
    "changes_hint": _("while changes are requested: a line saying the editors' comments are on the form"),
    "message": _("a personal message added on the confirmation page (may be empty)"),
}

COMMON = ("call", "contact_email")


@dataclass(frozen=True)
class Kind:
    subject: str
    body: str
    placeholders: tuple[str, ...]
    required: tuple[str, ...] = ()

    @property
    def allowed(self) -> frozenset[str]:
        return frozenset((*COMMON, *self.placeholders))


PRIVATE = "This link is private to your council: do not share it outside the people writing the case study."
QUESTIONS = "Questions? Email {contact_email}."

DEFAULTS: dict[str, Kind] = {
    "eoi_acknowledgement": Kind(
        "We have your expression of interest {reference} – {call}",
        'Dear {contact_name},\n\nThank you for your expression of interest in "{call}" on behalf of {council}.\n\n'
        "Your reference is {reference}. Please quote it if you contact us.\n\nYou offered:\n{contributions}\n\n"
        "What happens next\nThe steering group will choose a spread of contributions across the themes. "
        "We will tell every council whether it has been invited to write a case study in the week commencing "
        "{notified_week}.\nInvited councils write a case study of about {words} words by {deadline}.\n\n" + QUESTIONS,
        ("contact_name", "council", "reference", "contributions", "notified_week", "words", "deadline"),
        ("reference",),
    ),
    "eoi_saved": Kind(
        "Your unfinished expression of interest – {call}",
        'You saved an expression of interest for "{call}" to finish later. It has not been sent yet.\n\n'
        "Use this link to come back to your answers:\n{link}\n\n"
        "The link works until the deadline, {eoi_deadline} (UK time). After that, unfinished answers are "
        "deleted.\nAnyone with the link can see and change these answers, so do not share it outside your "
        "council.\n\n" + QUESTIONS,
        ("link", "eoi_deadline"),
        ("link",),
    ),
    "case_study_invitation": Kind(
        "You are invited to write a case study for {call}",
        'Dear {contact_name},\n\nThe steering group would like you to write a case study for "{call}" on '
        '"{theme}".\n{message}\n\nWrite about {words} words (between {words_min} and {words_max}).\n'
        "The deadline is {deadline}.\n\nWrite and submit it here. " + PRIVATE + "\n{link}\n\n" + QUESTIONS,
        (
            "contact_name",
            "council",
            "reference",
            "theme",
            "words",
            "words_min",
            "words_max",
            "deadline",
            "link",
            "message",
        ),
        ("link",),
    ),
    "contribution_declined": Kind(
        "Your contribution to {call} ({reference})",
        'Dear {contact_name},\n\nThank you for offering a contribution on "{theme}" to "{call}".\n\n'
        "We received many more strong contributions than the publication has room for, and the steering group "
        "had to choose a spread across the themes and nations. We are sorry that we cannot invite a case study "
        "on this contribution this time.\n{message}\n\nWe hope you will share your work with the network in "
        "other ways, and take part in future calls.\n\n" + QUESTIONS,
        ("contact_name", "council", "reference", "theme", "message"),
    ),
    "case_study_reminder": Kind(
        "Reminder: your case study for {call}",
        "Dear {contact_name},\n\nThis is a reminder that the steering group invited you to write a case study for "
        '"{call}" on "{theme}", and we have not yet received it.\n{changes_hint}\n\n'
        "Write about {words} words (between {words_min} and {words_max}).\nThe deadline is {deadline}.\n\n"
        "Write and submit it here. Anything you saved before is still there. " + PRIVATE + "\n{link}\n\n" + QUESTIONS,
        (
            "contact_name",
            "council",
            "theme",
            "title",
            "words",
            "words_min",
            "words_max",
            "deadline",
            "link",
            "changes_hint",
        ),
        ("link",),
    ),
    "case_study_deadline_extended": Kind(
        "More time for your case study for {call}: until {deadline}",
        "Dear {contact_name},\n\nYou now have until {deadline} (UK time) to write and submit your case study for "
        '"{call}" on "{theme}".\n{note}\n\nWrite and submit it here. Anything you saved before is still there. '
        + PRIVATE
        + "\n{link}\n\n"
        + QUESTIONS,
        ("contact_name", "council", "theme", "title", "deadline", "link", "note"),
        ("link",),
    ),
    "case_study_link_reissued": Kind(
        "A new link to your case study for {call}",
        'Dear {contact_name},\n\nHere is a new private link to your case study for "{call}" on "{theme}". Any link '
        "we sent before no longer works; anything you saved is kept.\n{link}\n\n"
        "The deadline is {deadline} (UK time).\n" + PRIVATE + "\n\n" + QUESTIONS,
        ("contact_name", "council", "theme", "title", "deadline", "link"),
        ("link",),
    ),
    "case_study_submitted": Kind(
        "We have your case study for {call}",
        'Dear {contact_name},\n\nThank you: we have received your case study "{title}" for "{call}".\n\n'
        "The editors will read it. If they would like any changes, they will email you, and you can make them "
        "with the same private link:\n{link}\n\nWe plan to publish the case studies in {publication_month}.\n\n"
        + QUESTIONS,
        ("contact_name", "council", "theme", "title", "link", "publication_month", "word_count"),
        ("link",),
    ),
    "case_study_submitted_editors": Kind(
        "Case study submitted: {title} ({council})",
        '{council} has submitted its case study for "{call}".\n\nTitle: {title}\nTheme: {theme}\n'
        "Length: {word_count} words\n\nRead it, then request changes, approve or publish it in the admin:\n"
        "{admin_link}\n",
        ("council", "theme", "title", "word_count", "admin_link"),
        ("admin_link",),
    ),
    "case_study_changes_requested": Kind(
        "Changes requested to your case study for {call}",
        'Dear {contact_name},\n\nThank you for your case study "{title}". The editors have read it and would like '
        "some changes:\n\n{note}\n\nPlease make the changes and submit it again by {deadline} (UK time). The "
        "comments are also shown at the top of your form:\n{link}\n\n" + QUESTIONS,
        ("contact_name", "council", "theme", "title", "deadline", "link", "note"),
        ("link", "note"),
    ),
    "case_study_approved": Kind(
        "Your case study for {call} is approved",
        'Dear {contact_name},\n\nGood news: the editors have approved your case study "{title}".\n\n'
        "We plan to publish it {publication_date}. We will email you the public link when it is published.\n\n"
        + QUESTIONS,
        ("contact_name", "council", "theme", "title", "publication_date", "publication_month"),
    ),
    "case_study_published": Kind(
        'Your case study "{title}" is published',
        'Dear {contact_name},\n\nYour case study "{title}" is now published in the CCIN case studies "{call}". '
        "Here is its public page, to share:\n{public_link}\n\nLicence: {licence}.\n"
        "Anyone who reuses it is asked to credit it like this:\n{attribution}\n\n" + QUESTIONS,
        ("contact_name", "council", "theme", "title", "public_link", "licence", "attribution"),
        ("public_link",),
    ),
    "case_study_unpublished": Kind(
        'Your case study "{title}" has been taken down',
        'Dear {contact_name},\n\nThe editors have taken your case study "{title}" off the public pages for now. '
        "They said why:\n\n{note}\n\nIf you have questions, or when it can go back up, email {contact_email}.\n",
        ("contact_name", "council", "theme", "title", "note"),
        ("note",),
    ),
}

UNKNOWN_PLACEHOLDER = _("{%(name)s} is not a placeholder this email can use. It can use: %(allowed)s.")
BAD_PLACEHOLDER = _(
    "“%(text)s” is not a placeholder: write a name in braces, like {council}, with nothing else inside. "
    "To show a brace itself, write it twice: {{ or }}."
)
UNBALANCED = _("A brace is not closed or not opened. To show a brace itself, write it twice: {{ or }}.")
REQUIRED_MISSING = _("This email must include {%(name)s}.")
WELSH_INCOMPLETE = _("Write both the Welsh subject and the Welsh text, or leave both empty: the English is then sent.")


def _pieces(text: str):
    try:
        return list(string.Formatter().parse(text))
    except ValueError as error:
        raise ValidationError(UNBALANCED, code="unbalanced") from error


def placeholders_in(text: str) -> list[str]:
    """The placeholder names used in ``text``; refuses anything that is not a plain ``{name}``."""
    names = []
    for _literal, name, spec, conversion in _pieces(text):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValidationError(BAD_PLACEHOLDER, code="bad_placeholder", params={"text": shown})
        names.append(name)
    return names


def wording_check(*, kind: str, subject: str, body: str) -> None:
    """Refuse an unknown placeholder, anything but a plain ``{name}``, or a missing required one."""
    spec = DEFAULTS[kind]
    errors: dict[str, list] = {}
    for field, text in (("subject", subject), ("body", body)):
        try:
            for name in placeholders_in(text):
                if name not in spec.allowed:
                    allowed = ", ".join("{" + n + "}" for n in sorted(spec.allowed))
                    raise ValidationError(
                        UNKNOWN_PLACEHOLDER, code="unknown_placeholder", params={"name": name, "allowed": allowed}
                    )
        except ValidationError as error:
            errors.setdefault(field, []).append(error)
    if "body" not in errors:
        used = set(placeholders_in(subject) if "subject" not in errors else []) | set(placeholders_in(body))
        for name in spec.required:
            if name not in used:
                errors.setdefault("body", []).append(
                    ValidationError(REQUIRED_MISSING, code="required_placeholder", params={"name": name})
                )
    if errors:
        raise ValidationError(errors)


def wording_check_in_each_language(*, kind: str, subject: str, body: str, subject_cy="", body_cy="") -> None:
    """``wording_check`` on the English and, where any is written, the Welsh (which must be a pair).
    Errors are keyed by the model's fields: ``subject_en_gb``, ``body_en_gb``, ``subject_cy``, ``body_cy``."""
    errors: dict[str, list] = {}
    for language, pair in (("en_gb", (subject, body)), ("cy", (subject_cy or "", body_cy or ""))):
        if language == "cy" and not any(pair):
            continue
        if language == "cy" and not all(pair):
            missing = "subject_cy" if not pair[0] else "body_cy"
            errors[missing] = [ValidationError(WELSH_INCOMPLETE, code="welsh_incomplete")]
            continue
        try:
            wording_check(kind=kind, subject=pair[0], body=pair[1])
        except ValidationError as error:
            for field, messages in error.error_dict.items():
                errors[f"{field}_{language}"] = messages
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class DefaultWording:
    """The service's first wording of one kind, in both languages, shaped as an ``EmailWording``."""

    subject_en_gb: str
    body_en_gb: str
    subject_cy: str
    body_cy: str


def default_wording(kind: str) -> DefaultWording:
    """``DEFAULTS[kind]`` with its Welsh (``email_wording_cy.DEFAULTS_CY``)."""
    from .email_wording_cy import DEFAULTS_CY

    subject_cy, body_cy = DEFAULTS_CY[kind]
    return DefaultWording(DEFAULTS[kind].subject, DEFAULTS[kind].body, subject_cy, body_cy)


def wording_texts(wording) -> tuple[str, str]:
    """(subject, text) of an ``EmailWording`` in the active language where both are written in it,
    else in English: never a Welsh subject over an English text."""
    from .translation import content_language

    suffix = content_language().replace("-", "_")
    subject, body = getattr(wording, f"subject_{suffix}"), getattr(wording, f"body_{suffix}")
    if subject and body:
        return subject, body
    return wording.subject_en_gb, wording.body_en_gb


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each ``{name}`` replaced by ``values[name]`` (a string); nothing else is read."""
    out = []
    for literal, name, _spec, _conversion in _pieces(text):
        out.append(literal)
        if name is not None:
            out.append(str(values.get(name, "")))
    return "".join(out)


def text_to_html(text: str, *, call=None) -> str:
    """The HTML version of a filled text: every character escaped, then links and paragraphs added."""
    # urlize escapes every character that is not part of a link it makes; linebreaks adds only <p> and <br>.
    body = mark_safe(linebreaks(urlize(text, nofollow=True, autoescape=True)))  # noqa: S308
    return render_to_string("email/_from_text.html", {"body": body, "call": call})


def _moment(value) -> str:
    from .templatetags.ccin import moment

    return moment(value) if value else ""


def placeholder_values(context: dict) -> dict[str, str]:
    """Every placeholder's text for one email, from the context its workflow function gives."""
    call = context.get("call")
    eoi = context.get("eoi")
    contribution = context.get("contribution")
    case_study = context.get("case_study")
    values = {name: "" for name in PLACEHOLDERS}
    values["note"] = context.get("note") or ""
    values["message"] = context.get("message") or ""
    values["link"] = context.get("link") or ""
    values["public_link"] = context.get("public_link") or ""
    if call is not None:
        values.update(
            call=call.title,
            contact_email=call.contact_email,
            eoi_deadline=_moment(call.eoi_deadline_at),
            notified_week=date_format(call.councils_notified_week, "j F Y"),
            words=str(call.case_study_words_target),
            words_min=str(call.case_study_words_min),
            words_max=str(call.case_study_words_max),
            deadline=_moment(call.case_study_deadline_at),
            publication_month=date_format(call.publication_month, "F Y"),
        )
        planned = context.get("publication_planned")
        values["publication_date"] = (
            _("on %(day)s") % {"day": date_format(planned, "j F Y")}
            if planned
            else _("in %(month)s") % {"month": values["publication_month"]}
        )
    if eoi is not None:
        values.update(contact_name=eoi.contact_name, council=eoi.council_display, reference=eoi.reference)
    if contribution is not None:
        values["theme"] = contribution.theme.name
    if context.get("contributions"):
        values["contributions"] = "\n".join(
            f"{n}. {item.theme.name}\n{item.description}" for n, item in enumerate(context["contributions"], start=1)
        )
    if case_study is not None:
        values.update(
            title=str(case_study.title),
            theme=case_study.theme.name if case_study.theme_id else values["theme"],
            deadline=_moment(context.get("deadline") or case_study.deadline),
            licence=str(case_study.get_licence_display()),
            attribution=str(case_study.attribution or _("All rights reserved.")),
            word_count=str(context.get("word_count") or case_study.word_count),
        )
        if case_study.pk:
            from django.urls import reverse

            values["admin_link"] = settings.SITE_URL + reverse(
                "admin:casestudies_casestudy_change", args=[case_study.pk]
            )
        if case_study.status == case_study.Status.CHANGES_REQUESTED:
            values["changes_hint"] = str(
                _("The editors asked for some changes: you will see their comments when you open the link below.")
            )
        if not values["council"]:
            values["council"] = case_study.council_name
    if context.get("token"):
        from django.urls import reverse

        values["link"] = settings.SITE_URL + reverse("casestudies:case-study-edit", kwargs={"token": context["token"]})
    return values


def wording_kept(*, call, kind: str):
    """The wording in use for ``call`` and ``kind`` (its newest version), or None: kept with the
    public pages (``public_cache.remember_shared``), so an email costs no query for it. Every write of a
    version (below) starts a new generation; another server sees it within a second."""
    from .models import EmailWording

    return public_cache.remember_shared(
        f"email-wording:{call.pk}:{kind}", lambda: EmailWording.objects.current(call=call, kind=kind)
    )


# --- writes: a new version, and a new call's starting wording -------------------------------------


def email_wording_save(*, call, kind: str, subject: str, body: str, subject_cy="", body_cy="", by=None):
    """Keep a new version of ``kind``'s wording for ``call`` (checked first); earlier versions stay.
    ``subject`` and ``body`` are the English; ``subject_cy`` and ``body_cy`` the Welsh, if written."""
    from .models import EmailWording

    wording_check_in_each_language(kind=kind, subject=subject, body=body, subject_cy=subject_cy, body_cy=body_cy)
    public_cache.public_pages_changed()  # the version in use changes (wording_kept)
    return EmailWording.objects.create(
        call=call,
        kind=kind,
        subject_en_gb=subject,
        body_en_gb=body,
        subject_cy=subject_cy or "",
        body_cy=body_cy or "",
        created_by=by,
    )


# The columns of one version's wording, in English and Welsh.
WORDING_FIELDS = ("subject_en_gb", "body_en_gb", "subject_cy", "body_cy")


def email_wording_start(*, call, by=None) -> int:
    """Give a call that has no wording of an email the last call's current wording of it (or, for
    the first call, the service's ``DEFAULTS``). Returns how many versions were made."""
    from .models import Call, EmailWording

    have = set(EmailWording.objects.filter(call=call).values_list("kind", flat=True))
    previous = (
        Call.objects.exclude(pk=call.pk).filter(email_wordings__isnull=False).order_by("-eoi_opens_at", "-pk").first()
    )
    source = EmailWording.objects.current_for_call(previous) if previous else {}
    made = 0
    for kind in DEFAULTS:
        if kind in have:
            continue
        found = source.get(kind)
        texts = {name: getattr(found, name) for name in WORDING_FIELDS} if found else asdict(default_wording(kind))
        EmailWording.objects.create(call=call, kind=kind, created_by=by, **texts)
        made += 1
    if made:
        public_cache.public_pages_changed()  # the version in use changes (wording_kept)
    return made
