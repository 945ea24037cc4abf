"""Import CCIN's membership list from a CSV file: all of it, or none of it.

Columns (header on line 1, any order):

    name,slug,nation,region,council_type,membership,gss_code,website,is_steering_group,gss_code_year

``name``, ``nation``, ``council_type`` and ``membership`` are required. ``slug`` may be
blank (it is made from the name); ``region`` (required in England, blank elsewhere),
``gss_code`` (its first three characters must suit the type: ``Council.clean``),
``gss_code_year`` (the year of the ONS code list, e.g. 2020) and ``website`` may be blank;
``is_steering_group`` takes yes/no, true/false, 1/0 or blank (no). Nation, region, type and
membership take the stored value or the label shown in admin, in any case ("north_west",
"north west" or "North West"). Optional columns may be left out of the header: a
column that is not there leaves that field of an existing council as it is.

Every row is checked with the model's ``full_clean()``, and names and slugs must not repeat
within the file. If any row is bad, nothing is loaded and each problem is printed as
``line N: field: message`` (N counts physical lines, the header is line 1). Otherwise
councils are created or updated, matched by slug, in one transaction.
"""

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from casestudies import public_cache
from casestudies.models import Council

REQUIRED_COLUMNS = ("name", "nation", "council_type", "membership")
OPTIONAL_COLUMNS = ("slug", "region", "gss_code", "website", "is_steering_group", "gss_code_year")
COLUMNS = (
    "name",
    "slug",
    "nation",
    "region",
    "council_type",
    "membership",
    "gss_code",
    "website",
    "is_steering_group",
    "gss_code_year",
)
CHOICE_COLUMNS = {
    "nation": Council.Nation,
    "region": Council.Region,
    "council_type": Council.Type,
    "membership": Council.Membership,
}
TRUE_WORDS = {"yes", "true", "1"}
FALSE_WORDS = {"no", "false", "0", ""}
MAX_FILE_BYTES = 10 * 1024 * 1024
# The longest value a cell may hold: the csv module's default, set here for the read because the
# limit is process-wide and other libraries change it (frictionless raises it on import).
MAX_VALUE_CHARACTERS = 131_072


@dataclass
class ParsedRow:
    line: int
    values: dict[str, str]


@dataclass
class Problems:
    items: list[tuple[int, str, str]] = field(default_factory=list)

    def add(self, line: int, where: str, message: str) -> None:
        self.items.append((line, where, message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def lines(self) -> list[str]:
        return [f"line {line}: {where}: {message}" for line, where, message in sorted(self.items, key=lambda i: i[0])]


def _key(text: str) -> str:
    """How a choice is matched: case, underscores, hyphens and extra spaces do not matter."""
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


def _choice_lookup(choices) -> dict[str, str]:
    """Stored values and English labels, normalised by _key, to stored values."""
    with translation.override("en"):
        lookup = {_key(str(label)): value for value, label in choices.choices}
    lookup.update({_key(value): value for value in choices.values})
    return lookup


def read_rows(text: str, problems: Problems) -> list[ParsedRow]:
    """Split the CSV text into rows keyed by column, noting problems of the file's shape."""
    previous = csv.field_size_limit(MAX_VALUE_CHARACTERS)
    try:
        return _read_rows(text, problems)
    finally:
        csv.field_size_limit(previous)


def _read_rows(text: str, problems: Problems) -> list[ParsedRow]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        raw_header = next(reader)
    except csv.Error as error:
        problems.add(1, "header", _csv_message(error))
        return []
    header = [column.strip().casefold() for column in raw_header]
    seen = set()
    for position, column in enumerate(header, start=1):
        if not column:
            problems.add(1, "header", f"column {position} has no name")
        elif column in seen:
            problems.add(1, "header", f"column {column!r} appears more than once")
        elif column not in COLUMNS:
            problems.add(1, "header", f"unknown column {column!r}; the columns are: {', '.join(COLUMNS)}")
        seen.add(column)
    missing = [column for column in REQUIRED_COLUMNS if column not in seen]
    if missing:
        problems.add(1, "header", f"missing required column(s): {', '.join(missing)}")
        return []

    rows = []
    previous_line = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.add(previous_line + 1, "row", _csv_message(error))
            break
        line, previous_line = previous_line + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue  # blank lines are allowed
        if len(record) != len(header):
            problems.add(line, "row", f"has {len(record)} values but the header has {len(header)} columns")
            continue
        values = {column: cell.strip() for column, cell in zip(header, record, strict=True) if column in COLUMNS}
        rows.append(ParsedRow(line=line, values=values))
    return rows


def _csv_message(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return f"a value is longer than {MAX_VALUE_CHARACTERS} characters"
    return f"this is not valid CSV ({error})"


def build_councils(rows: list[ParsedRow], problems: Problems) -> list[tuple[Council, str]]:
    """A checked, unsaved Council for each row, with "created", "updated" or "unchanged"."""
    lookups = {column: _choice_lookup(choices) for column, choices in CHOICE_COLUMNS.items()}
    slugs = [row.values.get("slug") or slugify(row.values["name"]) for row in rows]
    existing = {council.slug: council for council in Council.objects.filter(slug__in=slugs)}
    names_seen: dict[str, int] = {}
    slugs_seen: dict[str, int] = {}
    result = []
    for row, slug in zip(rows, slugs, strict=True):
        values = row.values
        own_errors: dict[str, str] = {}
        data = {"name": values["name"], "slug": slug}
        for column, lookup in lookups.items():
            if column not in values:
                continue
            raw = values[column]
            if raw == "" and column == "region":
                data[column] = ""
            elif _key(raw) in lookup:
                data[column] = lookup[_key(raw)]
            else:
                with translation.override("en"):
                    allowed = ", ".join(str(label) for label in CHOICE_COLUMNS[column].labels)
                own_errors[column] = f"{raw!r} is not one of: {allowed}" if raw else "This field cannot be blank."
        for column in ("gss_code", "website"):
            if column in values:
                data[column] = values[column].upper() if column == "gss_code" else values[column]
        if "gss_code_year" in values:
            year = values["gss_code_year"]
            if year.isascii() and year.isdigit():
                data["gss_code_year"] = int(year)
            elif year == "":
                data["gss_code_year"] = None
            else:
                own_errors["gss_code_year"] = f"{year!r} is not a year"
        if "is_steering_group" in values:
            flag = values["is_steering_group"].casefold()
            if flag in TRUE_WORDS:
                data["is_steering_group"] = True
            elif flag in FALSE_WORDS:
                data["is_steering_group"] = False
            else:
                own_errors["is_steering_group"] = f"{values['is_steering_group']!r} is not yes, no, true, false, 1 or 0"

        name_key = values["name"].casefold()
        if name_key and name_key in names_seen:
            own_errors["name"] = f"{values['name']!r} is also on line {names_seen[name_key]}"
        names_seen.setdefault(name_key, row.line)
        if slug and slug in slugs_seen:
            own_errors["slug"] = f"{slug!r} is also on line {slugs_seen[slug]}"
        slugs_seen.setdefault(slug, row.line)

        council = existing.get(slug)
        outcome = "created"
        if council is None:
            council = Council()
        else:
            outcome = "updated"
            before = {name: getattr(council, name) for name in data}
        for name, value in data.items():
            if name not in own_errors:
                setattr(council, name, value)
        if outcome == "updated" and all(getattr(council, name) == before[name] for name in data):
            outcome = "unchanged"

        try:
            if own_errors:
                # The model's cross-field rules assume the fields are sound, so only the
                # field checks run until the problems above are fixed.
                council.clean_fields(exclude=set(own_errors))
            else:
                council.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                for message in messages:
                    problems.add(row.line, "row" if name == NON_FIELD_ERRORS else name, message)
        for name, message in own_errors.items():
            problems.add(row.line, name, message)
        result.append((council, outcome))
    return result


class Command(BaseCommand):
    help = (
        "Import councils from a CSV file with the columns "
        "name,slug,nation,region,council_type,membership,gss_code,website,is_steering_group,gss_code_year. "
        "If any row is bad nothing is loaded and every problem is listed by line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 CSV file; the first line is the header.")

    def handle(self, *args, file, **options):
        text = self.read_text(Path(file))
        problems = Problems()
        rows = read_rows(text, problems)
        councils = build_councils(rows, problems) if rows else []
        if problems:
            for line in problems.lines():
                self.stderr.write(line)
            raise CommandError(f"{len(problems.items)} problem(s) in {file}; no councils were loaded.")
        if not councils:
            raise CommandError(f"{file} has a header but no councils; nothing was loaded.")
        counts = {"created": 0, "updated": 0, "unchanged": 0}
        with transaction.atomic():
            for council, outcome in councils:
                if outcome != "unchanged":
                    council.save()
                counts[outcome] += 1
            public_cache.public_pages_changed()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(councils)} council(s) from {file}: {counts['created']} created, "
                f"{counts['updated']} updated, {counts['unchanged']} unchanged."
            )
        )

    def read_text(self, path: Path) -> str:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                raise CommandError(f"{path} is {size} bytes; the most this command reads is {MAX_FILE_BYTES}.")
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise CommandError(f"There is no file {path}.") from error
        except IsADirectoryError as error:
            raise CommandError(f"{path} is a folder, not a CSV file.") from error
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        try:
            text = data.decode("utf-8-sig")  # removes the byte order mark Excel adds
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise CommandError(
                f"line {line}: file: this is not UTF-8 text. Save the file as 'CSV UTF-8' and try again."
            ) from error
        if not text.strip():
            raise CommandError(f"{path} is empty. It needs a header line ({','.join(COLUMNS)}) and a line per council.")
        return text
