"""Council data that joins: the GSS code suits the council's type, the region its nation, and
pages describe a council as a sentence would."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from casestudies.models import Council
from casestudies.models.reference import GSS_ENTITIES

from .factories import CouncilFactory

T = Council.Type
N = Council.Nation
R = Council.Region


def errors(**fields) -> dict:
    council = CouncilFactory.build(**fields)
    try:
        council.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("council_type", "nation", "region", "code"),
    [
        (T.COUNTY, N.ENGLAND, R.EAST_MIDLANDS, "E10000024"),
        (T.DISTRICT, N.ENGLAND, R.EAST, "E07000243"),
        (T.DISTRICT, N.NORTHERN_IRELAND, "", "N09000003"),
        (T.UNITARY, N.ENGLAND, R.WEST_MIDLANDS, "E06000020"),
        (T.METROPOLITAN, N.ENGLAND, R.NORTH_WEST, "E08000004"),
        (T.LONDON_BOROUGH, N.ENGLAND, R.LONDON, "E09000005"),
        (T.WELSH_UNITARY, N.WALES, "", "W06000015"),
        (T.SCOTTISH_UNITARY, N.SCOTLAND, "", "S12000036"),
        (T.TOWN_OR_PARISH, N.ENGLAND, R.SOUTH_WEST, "E04001234"),
        (T.TOWN_OR_PARISH, N.WALES, "", "W04000123"),
        (T.COMBINED_AUTHORITY, N.ENGLAND, R.NORTH_WEST, "E47000001"),
        (T.COUNCILLOR_GROUP, N.ENGLAND, R.SOUTH_EAST, ""),
        (T.METROPOLITAN, N.ENGLAND, R.NORTH_WEST, "E99000001"),  # invented (sample, tests)
    ],
)
def test_a_code_of_the_right_kind_for_the_type_is_accepted(council_type, nation, region, code):
    assert errors(council_type=council_type, nation=nation, region=region, gss_code=code, gss_code_year=None) == {}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("council_type", "region", "code", "expected"),
    [
        (T.LONDON_BOROUGH, R.LONDON, "E08000004", "The code of a London borough starts with E09."),
        (T.METROPOLITAN, R.NORTH_WEST, "E09000005", "The code of a metropolitan borough starts with E08."),
        (T.DISTRICT, R.EAST, "E06000020", "The code of a district council starts with E07 or N09."),
        (T.COUNTY, R.EAST, "E07000243", "The code of a county council starts with E10."),
    ],
)
def test_a_code_of_another_type_is_refused(council_type, region, code, expected):
    assert errors(council_type=council_type, nation=N.ENGLAND, region=region, gss_code=code) == {"gss_code": [expected]}


@pytest.mark.django_db
def test_the_region_is_checked_against_the_nation():
    assert errors(nation=N.ENGLAND, region="")["region"] == ["Choose the English region of a council in England."]
    welsh = errors(nation=N.WALES, region=R.NORTH_WEST, council_type=T.WELSH_UNITARY, gss_code="W06000015")
    assert welsh["region"] == ["Only councils in England have an English region."]
    london = errors(council_type=T.LONDON_BOROUGH, region=R.SOUTH_EAST, gss_code="E09000005")
    assert london["region"] == ["A London borough is in the London region."]


@pytest.mark.django_db
def test_the_type_is_checked_against_the_nation():
    assert errors(council_type=T.WELSH_UNITARY, nation=N.SCOTLAND, region="", gss_code="S12000036") == {
        "nation": ["There are no councils of this type in Scotland."]
    }
    assert errors(council_type=T.LONDON_BOROUGH, nation=N.WALES, region="", gss_code="")["nation"]


@pytest.mark.django_db
def test_a_code_year_needs_a_code_and_a_plausible_year():
    assert errors(council_type=T.COUNCILLOR_GROUP, gss_code="", gss_code_year=2020) == {
        "gss_code_year": ["Give the year only with a GSS code."]
    }
    assert "gss_code_year" in errors(gss_code_year=1990)


def test_every_type_has_a_rule():
    assert set(GSS_ENTITIES) == set(T.values)


@pytest.mark.parametrize(
    ("council_type", "nation", "region", "expected"),
    [
        (T.UNITARY, N.ENGLAND, R.NORTH_EAST, "a unitary authority in the North East"),
        (T.LONDON_BOROUGH, N.ENGLAND, R.LONDON, "a London borough in London"),
        (T.METROPOLITAN, N.ENGLAND, R.YORKSHIRE, "a metropolitan borough in Yorkshire and the Humber"),
        (T.WELSH_UNITARY, N.WALES, "", "a unitary authority in Wales"),
        (T.SCOTTISH_UNITARY, N.SCOTLAND, "", "a council area in Scotland"),
        (T.COUNCILLOR_GROUP, N.ENGLAND, R.EAST, "a councillor group in the East of England"),
    ],
)
def test_a_council_is_described_as_a_sentence_would(council_type, nation, region, expected):
    council = Council(council_type=council_type, nation=nation, region=region)
    assert council.description == expected


@pytest.mark.django_db
def test_the_council_page_describes_it_naturally(client):
    council = CouncilFactory(slug="tyne", council_type=T.UNITARY, region=R.NORTH_EAST, gss_code="E06000047")
    html = client.get(council.get_absolute_url()).content.decode()
    assert f"{council.name}, a unitary authority in the North East, a member" in html


@pytest.mark.django_db
def test_the_councils_the_commands_load_pass_every_rule():
    call_command("load_ccin_call", verbosity=0)
    call_command("seed_demo", "--councils", "24", "--eois", "4", "--case-studies", "2", verbosity=0)
    for council in Council.objects.all():
        council.full_clean()
    real = Council.objects.filter(is_sample=False)
    assert real.count() == 9
    assert set(real.values_list("gss_code_year", flat=True)) == {2020}


@pytest.mark.django_db
def test_the_example_membership_file_imports(tmp_path):
    from pathlib import Path

    example = Path(__file__).resolve().parent.parent / "docs" / "sample-councils.csv"
    call_command("import_councils", str(example), verbosity=0)
    assert Council.objects.count() == 6


@pytest.mark.django_db
def test_the_membership_import_reads_the_code_year_and_refuses_a_bad_one(tmp_path):
    from django.core.management.base import CommandError

    header = "name,nation,region,council_type,membership,gss_code,gss_code_year\n"
    good = tmp_path / "good.csv"
    good.write_text(header + "Oldham Council,England,North West,Metropolitan borough,full,E08000004,2020\n")
    call_command("import_councils", str(good), verbosity=0)
    assert Council.objects.get(name="Oldham Council").gss_code_year == 2020
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "Brent Council,England,London,London borough,full,E08000004,twenty\n")
    report = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_councils", str(bad), verbosity=0, stderr=report)
    assert "gss_code_year: 'twenty' is not a year" in report.getvalue()
    assert not Council.objects.filter(name="Brent Council").exists()
