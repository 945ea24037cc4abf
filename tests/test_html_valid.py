"""Every page type is valid HTML, as the Nu HTML Checker (vnu.jar, from the npm package vnu-jar,
run with the system's Java; scripts/system-deps.sh installs Java) judges it.

One run of the checker over every page, so that the Java start-up is paid once."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from casestudies import links
from casestudies.models import CaseStudy

from .case_study_helpers import case_study_post, edit_url, invited_case_study, page_url
from .collection_helpers import published_case_study
from .eoi_helpers import eoi_check_url, eoi_form_url, eoi_post
from .factories import PrincipleFactory
from .test_publication import publication  # noqa: F401 - the fixture

VNU = Path(__file__).resolve().parent.parent / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.django_db


def nu_errors(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Each page's errors (line: message), by page name; pages without errors are left out."""
    java = shutil.which("java")
    assert java, "Java is missing: scripts/system-deps.sh tests (make test runs it)"
    assert VNU.exists(), f"{VNU} is missing: npm ci (make test runs it)"
    files = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.as_uri()] = name
    result = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--format",
            "json",
            "--errors-only",
            *(str(folder / f"page{n}.html") for n in range(len(pages))),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        name = files.get(message.get("url", "").replace("file:/", "file:///", 1), message.get("url"))
        errors.setdefault(name, []).append(f"{message.get('lastLine')}: {message['message']}")
    return errors


def test_the_checker_finds_the_errors_an_audit_found(tmp_path):
    bad = (
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<p><time datetime="2026-12-05T06:45:20.753614+00:00">5 December</time></p>'
        '<input type="text" name="phone" type="tel"></body></html>'
    )
    (errors,) = nu_errors({"bad": bad}, tmp_path).values()
    assert any("fraction of a second" in error for error in errors)
    assert any("Duplicate attribute" in error for error in errors)


def public_pages(client, publication) -> dict[str, str]:  # noqa: F811 - the fixture
    case_study = CaseStudy.objects.published().filter(enquiry_consent=True).first()
    get = {
        "home": "/",
        "call": publication.call.get_absolute_url(),
        "case study list": reverse("casestudies:case-study-list"),
        "case study list, filtered": reverse("casestudies:case-study-list") + "?theme=community-hubs&page=1",
        "search": reverse("casestudies:case-study-search") + "?q=apples",
        "search, nothing found": reverse("casestudies:case-study-search") + "?q=zzzz",
        "case study": case_study.get_absolute_url(),
        "theme": case_study.theme.get_absolute_url(),
        "council": reverse("casestudies:council-detail", kwargs={"slug": case_study.council.slug}),
        "principle": reverse("casestudies:principle-detail", kwargs={"slug": case_study.principles.first().slug}),
        "publication": publication.get_absolute_url(),
        "open data": reverse("casestudies:open-data"),
        "privacy": reverse("casestudies:privacy"),
        "accessibility": reverse("casestudies:accessibility"),
        "404": "/no-such-page/",
    }
    pages = {}
    for name, url in get.items():
        response = client.get(url)
        assert response.status_code == (404 if name == "404" else 200), name
        pages[name] = response.content.decode()
    pages["500"] = render_to_string("500.html")
    too_many = {f"f{i}": "1" for i in range(3000)}
    pages["400"] = Client(raise_request_exception=False).post(eoi_form_url(publication.call), too_many).content.decode()
    return pages


def eoi_pages(client, call) -> dict[str, str]:
    pages = {"EOI form": client.get(eoi_form_url(call)).content.decode()}
    pages["EOI form with errors"] = client.post(
        eoi_form_url(call), eoi_post(call, contact_email="nope")
    ).content.decode()
    client.post(eoi_form_url(call), eoi_post(call))
    check = client.get(eoi_check_url(call))
    pages["EOI check"] = check.content.decode()
    sent = client.post(eoi_check_url(call), {"submission_token": check.context["token"]}, follow=True)
    pages["EOI confirmation"] = sent.content.decode()
    other = Client()
    pages["EOI saved"] = other.post(eoi_form_url(call), eoi_post(call, action="save")).content.decode()
    return pages


def case_study_pages(client, call) -> dict[str, str]:
    PrincipleFactory()
    case_study = invited_case_study(call=call)
    pages = {"case study form": client.get(edit_url(case_study)).content.decode()}
    bad = case_study_post(case_study, title="", enquiry_email="not an email")
    pages["case study form with errors"] = client.post(edit_url(case_study), bad).content.decode()
    client.post(edit_url(case_study), case_study_post(case_study))
    case_study.refresh_from_db()
    pages["case study check"] = client.get(page_url(case_study, "check")).content.decode()
    sent = client.post(page_url(case_study, "check"), {"version": case_study.version}, follow=True)
    pages["case study confirmation"] = sent.content.decode()
    pages["case study read-only"] = client.get(edit_url(case_study)).content.decode()
    pages["private link problem"] = client.get(
        f"/write/{links.case_study_link_token(case_study)[:-4]}abcd/"
    ).content.decode()
    return pages


def test_every_page_type_is_valid_html(client, publication, call, tmp_path):  # noqa: F811 - the fixture
    published_case_study(call=publication.call, title="Apples and pears")
    pages = {**public_pages(client, publication), **eoi_pages(Client(), call), **case_study_pages(Client(), call)}
    errors = nu_errors(pages, tmp_path)
    assert errors == {}, json.dumps(errors, indent=2)


def test_the_phone_field_is_one_tel_input_so_phones_show_a_number_pad(client, call):
    html = client.get(eoi_form_url(call)).content.decode()
    (phone,) = [tag for tag in html.split("<input")[1:] if 'name="contact_phone"' in tag]
    assert phone.count("type=") == 1
    assert phone.startswith(' type="tel"')
