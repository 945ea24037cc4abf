"""import_councils: a CSV of members loads whole, or not at all with every problem by line."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from casestudies.models import Council

from .factories import CouncilFactory

pytestmark = pytest.mark.django_db

HEADER = "name,slug,nation,region,council_type,membership,gss_code,website,is_steering_group"
GOOD = "Northmoor Borough Council,northmoor,England,North West,Metropolitan borough,Full member,E99000001,,no"
SAMPLE_FILE = Path(__file__).resolve().parent.parent / "docs" / "sample-councils.csv"


def write(tmp_path, text: str | bytes, name: str = "councils.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8", newline="")
    return path


def run(path) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_councils", str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(path) -> tuple[str, str]:
    """Run, expect refusal, and check nothing was loaded. Returns (CommandError message, stderr)."""
    before = list(Council.objects.order_by("pk").values())
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_councils", str(path), stdout=StringIO(), stderr=err)
    assert list(Council.objects.order_by("pk").values()) == before
    return str(raised.value), err.getvalue()


def csv_of(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


# --- the happy path ---------------------------------------------------------------------------


def test_the_sample_file_loads_and_labels_or_values_are_both_understood(tmp_path):
    out, err = run(SAMPLE_FILE)

    assert "Imported 6 council(s)" in out and "6 created, 0 updated, 0 unchanged" in out
    assert err == ""
    northmoor = Council.objects.get(slug="northmoor")
    assert (northmoor.nation, northmoor.region, northmoor.council_type, northmoor.membership) == (
        "england",
        "north_west",
        "metropolitan_borough",
        "full",
    )
    eastbrook = Council.objects.get(name="Eastbrook District Council")
    assert eastbrook.slug == "eastbrook-district-council"  # made from the name
    assert (eastbrook.region, eastbrook.membership, eastbrook.is_steering_group) == (
        "east_midlands",
        "associate",
        False,
    )
    glanrhyd = Council.objects.get(slug="glanrhyd")
    assert (glanrhyd.nation, glanrhyd.region, glanrhyd.council_type) == ("wales", "", "welsh_unitary")
    group = Council.objects.get(slug="kingsmere-labour-and-co-op-group")
    assert (group.council_type, group.gss_code) == ("councillor_group", "")
    assert not Council.objects.filter(is_sample=True).exists()


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    run(SAMPLE_FILE)
    before = list(Council.objects.order_by("pk").values())

    out, _ = run(SAMPLE_FILE)

    assert "0 created, 0 updated, 6 unchanged" in out
    assert list(Council.objects.order_by("pk").values()) == before


def test_existing_councils_are_updated_by_slug(tmp_path):
    CouncilFactory(slug="northmoor", name="Northmoor Council", membership="associate", gss_code="", region="london")
    untouched = CouncilFactory(slug="elsewhere")
    path = write(tmp_path, csv_of(GOOD, "Ashdale Council,ashdale,wales,,welsh unitary,AFFILIATE,W99000002,,yes"))

    out, _ = run(path)

    assert "1 created, 1 updated, 0 unchanged" in out
    northmoor = Council.objects.get(slug="northmoor")
    assert (northmoor.name, northmoor.membership, northmoor.gss_code, northmoor.region) == (
        "Northmoor Borough Council",
        "full",
        "E99000001",
        "north_west",
    )
    assert Council.objects.get(slug="ashdale").is_steering_group is True
    assert Council.objects.get(pk=untouched.pk).name == untouched.name


def test_a_column_left_out_of_the_header_leaves_that_field_alone(tmp_path):
    CouncilFactory(slug="northmoor", name="Northmoor Borough Council", website="https://www.northmoor.example.org")
    path = write(
        tmp_path, "name,slug,nation,council_type,membership\nNorthmoor Borough Council,northmoor,england,unitary,full\n"
    )

    run(path)

    assert Council.objects.get(slug="northmoor").website == "https://www.northmoor.example.org"


def test_a_utf8_bom_and_windows_line_endings_are_read(tmp_path):
    text = csv_of(GOOD, "Ynys Môn Town Council,,Wales,,town or parish council,affiliate,,,").replace("\n", "\r\n")
    path = write(tmp_path, b"\xef\xbb\xbf" + text.encode("utf-8"))

    out, _ = run(path)

    assert "2 created" in out
    assert Council.objects.get(slug="northmoor").name == "Northmoor Borough Council"
    assert Council.objects.get(slug="ynys-mon-town-council").is_steering_group is False


@pytest.mark.parametrize("flag,expected", [("yes", True), ("TRUE", True), ("1", True), ("No", False), ("0", False)])
def test_steering_group_flag_accepts_yes_no_true_false_one_zero(tmp_path, flag, expected):
    path = write(tmp_path, csv_of(GOOD[: -len("no")] + flag))
    run(path)
    assert Council.objects.get().is_steering_group is expected


# --- refusals: nothing is loaded and every problem names its line -------------------------


@pytest.mark.parametrize(
    "row,expected",
    [
        (GOOD.replace("E99000001", "E0800004"), "line 3: gss_code: Enter an ONS GSS code"),
        (GOOD.replace("E99000001", "W99000001"), "line 3: gss_code: The code's first letter does not match"),
        (GOOD.replace("England,North West", "Wales,North West"), "line 3: region: Only councils in England"),
        (GOOD.replace("England", "Engand"), "line 3: nation: 'Engand' is not one of: England, Wales"),
        (GOOD.replace("Metropolitan borough", "Parish"), "line 3: council_type: 'Parish' is not one of"),
        (GOOD.replace("Full member", ""), "line 3: membership: This field cannot be blank."),
        (GOOD[: -len("no")] + "maybe", "line 3: is_steering_group: 'maybe' is not yes, no"),
        (GOOD.replace("Northmoor Borough Council", ""), "line 3: name: This field cannot be blank."),
        (GOOD.replace(",northmoor,", ",North Moor!,"), "line 3: slug: Enter a valid “slug”"),
        (GOOD.replace(",,no", ",not a url,no"), "line 3: website: Enter a valid URL."),
        (GOOD.replace("Northmoor Borough Council", "N" * 151), "line 3: name: Ensure this value has at most 150"),
        (GOOD + ",extra", "line 3: row: has 10 values but the header has 9 columns"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_field_and_nothing_loads(tmp_path, row, expected):
    other = "Eastbrook District Council,eastbrook,England,East Midlands,District,full,E99000002,,no"
    path = write(tmp_path, csv_of(other, row))

    message, err = run_failing(path)

    assert expected in err
    assert "no councils were loaded" in message
    assert "line 2:" not in err  # the good row is not blamed


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    path = write(
        tmp_path,
        csv_of(
            GOOD,
            GOOD.replace("Northmoor Borough Council", "Eastbrook Council")
            .replace("northmoor", "eastbrook")
            .replace("E99000001", "E9900001"),
            "",  # a blank line still counts as a line
            GOOD.replace("England", "Narnia").replace("northmoor", "westhaven").replace("Northmoor", "Westhaven"),
        ),
    )

    message, err = run_failing(path)

    assert err.splitlines() == [
        "line 3: gss_code: Enter an ONS GSS code: the letter E, W, S or N followed by eight digits, like E08000004.",
        "line 5: nation: 'Narnia' is not one of: England, Wales, Scotland, Northern Ireland",
    ]
    assert message.startswith("2 problem(s)")


def test_names_and_slugs_must_not_repeat_within_the_file(tmp_path):
    same_name = GOOD.replace(",northmoor,", ",northmoor-2,").replace("E99000001", "E99000002")
    same_slug = GOOD.replace("Northmoor Borough Council", "Another Council").replace("E99000001", "E99000003")
    path = write(tmp_path, csv_of(GOOD, same_name, same_slug.upper().replace("NORTHMOOR", "northmoor")))

    _, err = run_failing(path)

    assert "line 3: name: 'Northmoor Borough Council' is also on line 2" in err
    assert "line 4: slug: 'northmoor' is also on line 2" in err


def test_a_name_already_used_by_another_council_is_refused(tmp_path):
    CouncilFactory(name="Northmoor Borough Council", slug="old-northmoor")
    _, err = run_failing(write(tmp_path, csv_of(GOOD)))
    assert "line 2: name: Council with this Name already exists." in err


def test_line_numbers_count_physical_lines_when_a_value_spans_lines(tmp_path):
    multi_line = '"Eastbrook\nDistrict Council",eastbrook,England,East Midlands,District,full,,,no'
    path = write(tmp_path, csv_of(multi_line, GOOD.replace("E99000001", "bad")))

    _, err = run_failing(path)

    assert err.startswith("line 4: gss_code:")


def test_a_missing_file_is_refused(tmp_path):
    message, _ = run_failing(tmp_path / "nowhere.csv")
    assert "There is no file" in message


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\r\n\r\n  \n"])
def test_an_empty_file_is_refused(tmp_path, content):
    message, _ = run_failing(write(tmp_path, content))
    assert "is empty" in message


def test_a_header_without_rows_is_refused(tmp_path):
    message, _ = run_failing(write(tmp_path, HEADER + "\n"))
    assert "has a header but no councils" in message


def test_missing_required_columns_are_named(tmp_path):
    path = write(tmp_path, "name,slug,region\nNorthmoor Borough Council,northmoor,north_west\n")
    _, err = run_failing(path)
    assert err.strip() == "line 1: header: missing required column(s): nation, council_type, membership"


def test_an_unknown_extra_column_is_an_error(tmp_path):
    path = write(tmp_path, HEADER + ",colour\n" + GOOD + ",blue\n")
    _, err = run_failing(path)
    assert "line 1: header: unknown column 'colour'" in err


def test_a_repeated_column_is_an_error(tmp_path):
    path = write(tmp_path, HEADER + ",name\n" + GOOD + ",Again\n")
    _, err = run_failing(path)
    assert "line 1: header: column 'name' appears more than once" in err


def test_a_huge_field_is_reported_not_crashed_on(tmp_path):
    huge = GOOD.replace("Northmoor Borough Council", "x" * 200_000)
    path = write(tmp_path, csv_of(GOOD.replace("northmoor", "a").replace("Northmoor", "A"), huge))

    _, err = run_failing(path)

    assert err.startswith("line 3: row: a value is longer than 131072 characters")


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, csv_of(GOOD, "Ynys Môn Council,,Wales,,welsh_unitary,full,,,").encode("cp1252"))
    message, _ = run_failing(path)
    assert message.startswith("line 3: file: this is not UTF-8 text")


def test_a_malformed_quote_is_reported(tmp_path):
    path = write(tmp_path, csv_of('"Northmoor" Borough Council,northmoor,England,East Midlands,District,full,,,no'))
    _, err = run_failing(path)
    assert err.startswith("line 2: row: this is not valid CSV")
