"""The open data as a standard validator reads it: ``frictionless validate`` on the Data Package
(every file against its Table Schema) and on each file alone, with no hints."""

import json

import pytest
from django.urls import reverse
from frictionless import Package, Resource, validate

from casestudies import opendata
from casestudies.models import CaseStudy, Council

from .collection_helpers import published_case_study
from .factories import CallFactory, CouncilFactory, PrincipleFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SITE = "https://ccin.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def files(client, tmp_path, monkeypatch):
    """Given published case studies of every awkward kind, downloaded as a reader would (into the
    working folder: frictionless refuses absolute paths as unsafe, as its command line would)."""
    monkeypatch.chdir(tmp_path)
    call = CallFactory()
    theme = ThemeFactory(name="Food; and “security”", slug="food")
    principles = [PrincipleFactory(name="Co-production", slug="co-production"), PrincipleFactory(slug="learning")]
    cardiff = CouncilFactory(
        name="Cardiff Council",
        slug="cardiff",
        nation=Council.Nation.WALES,
        region="",
        council_type=Council.Type.WELSH_UNITARY,
        gss_code="W06000015",
        gss_code_year=2020,
    )
    group = CouncilFactory(
        name="Kingsmere Labour and Co-operative Group", council_type=Council.Type.COUNCILLOR_GROUP, gss_code=""
    )
    published_case_study(
        call=call,
        title='=HYPERLINK("http://evil.example") — Café <b>',
        council=cardiff,
        theme=theme,
        principles=principles,
        licence=CaseStudy.Licence.OGL,
        standfirst='+44 and -1, "quoted", with a\nnewline',
        enquiry_name="Priya Shah",
        enquiry_email="priya@example.org",
        enquiry_consent=True,
    )
    published_case_study(call=call, title="A group's work", council=group, theme=theme)
    published_case_study(call=call, title="No principles", licence=CaseStudy.Licence.ALL_RIGHTS_RESERVED)
    names = {
        "datapackage.json": "casestudies:open-data-package",
        "case-studies.csv": "casestudies:open-data-csv",
        "case-studies-excel.csv": "casestudies:open-data-csv-excel",
        "case-studies.json": "casestudies:open-data-json",
    }
    for name, url_name in names.items():
        response = client.get(reverse(url_name))
        assert response.status_code == 200, name
        (tmp_path / name).write_bytes(response.content)
    return tmp_path


def errors_of(report) -> list:
    return [error for task in report.tasks for error in task.errors] + list(report.errors)


def test_the_data_package_and_every_file_in_it_validate(files):
    report = validate("datapackage.json")
    assert report.valid, errors_of(report)
    assert [task.stats["rows"] for task in report.tasks] == [3, 3, 3]


@pytest.mark.parametrize("name", ["case-studies.csv", "case-studies-excel.csv", "case-studies.json"])
def test_each_file_validates_on_its_own_without_hints(files, name):
    report = validate(name)
    assert report.valid, errors_of(report)


@pytest.mark.parametrize("name", ["case-studies.csv", "case-studies-excel.csv", "case-studies.json"])
def test_each_file_reads_as_a_table_of_one_row_per_case_study(files, name):
    """``frictionless validate --type table``: the JSON too (a list of objects, not a wrapper)."""
    report = validate(name, type="table")
    assert report.valid, errors_of(report)
    assert report.tasks[0].stats["rows"] == 3
    assert report.tasks[0].stats["fields"] == len(opendata.FIELDS)


def test_the_package_describes_types_formats_the_gss_pattern_and_the_data_licence(files):
    package = Package("datapackage.json")
    assert package.licenses == [opendata.DATA_LICENCE]
    csv_schema = package.get_resource("case-studies-csv").schema
    json_schema = package.get_resource("case-studies-json").schema
    assert csv_schema.field_names == json_schema.field_names == list(opendata.FIELDS)
    assert csv_schema.get_field("council_gss_code").constraints["pattern"] == r"^[EWSN]\d{8}$"
    assert csv_schema.get_field("published_at").type == "datetime"
    assert csv_schema.get_field("published_at").format == "%Y-%m-%dT%H:%M:%SZ"
    assert csv_schema.get_field("id").type == "integer"
    assert csv_schema.get_field("is_sample").type == "boolean"
    assert csv_schema.get_field("principles").type == "string"
    assert json_schema.get_field("principles").type == "array"
    assert all(field.description for field in csv_schema.fields)
    descriptor = json.loads((files / "datapackage.json").read_text())
    assert descriptor["homepage"] == f"{SITE}/open-data/"
    assert descriptor["version"] == f"{opendata.SCHEMA_VERSION}.0.0"


def test_a_bad_gss_code_would_be_caught_by_the_schema(files):
    """The schema really checks: a code that breaks the pattern is reported."""
    text = (files / "case-studies.csv").read_text().replace("W06000015", "W6-15")
    (files / "case-studies.csv").write_text(text)
    report = validate("datapackage.json")
    assert not report.valid
    assert {error.type for error in errors_of(report)} == {"constraint-error"}


def test_the_excel_csv_starts_with_a_byte_order_mark_and_reads_the_same(files):
    plain = (files / "case-studies.csv").read_bytes()
    excel = (files / "case-studies-excel.csv").read_bytes()
    assert excel == b"\xef\xbb\xbf" + plain
    rows = Resource("case-studies-excel.csv", encoding="utf-8-sig").read_rows()
    assert rows[0]["title"].startswith("'=HYPERLINK") and "Café" in rows[0]["title"]


def test_the_gss_code_year_is_given_only_with_a_code(files):
    records = {row["council_name"]: row for row in json.loads((files / "case-studies.json").read_text())}
    assert records["Cardiff Council"]["council_gss_code_year"] == 2020
    group = records["Kingsmere Labour and Co-operative Group"]
    assert group["council_gss_code"] is None and group["council_gss_code_year"] is None
