"""The site configuration: found in the working folder or named, read strictly, located errors."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT
from qa_check.certificates.site import (
    CONFIG_NAME,
    MAX_CONFIG_BYTES,
    MAX_URL_CHARS,
    NO_SITE,
    Conditioning,
    Equipment,
    Issuer,
    Lab,
    Site,
    load_site,
    read_site,
)
from qa_check.core.errors import ConfigError, QaCheckError


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty working folder."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def png(path: Path, size: tuple[int, int] = (300, 100), mode: str = "RGB") -> Path:
    Image.new(mode, size, "navy").save(path, "PNG")
    return path


def problems(text: str) -> list[str]:
    """What loading ``text`` as ./qa-check.toml says, one line per problem."""
    Path(CONFIG_NAME).write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_site()
    return [str(problem) for problem in caught.value.problems]


def test_no_configuration_is_an_empty_site(here: Path) -> None:
    assert load_site() == NO_SITE == Site()
    assert (NO_SITE.issuer, NO_SITE.approver, NO_SITE.valid_months) == (None, None, None)


def test_the_working_folders_file_is_found_and_an_explicit_one_wins(here: Path) -> None:
    Path(CONFIG_NAME).write_text('[issuer]\nname = "Here"\n', encoding="utf-8")
    other = here / "other.toml"
    other.write_text('[issuer]\nname = "There"\n', encoding="utf-8")
    assert load_site() == Site(Issuer("Here"))
    assert load_site(other) == Site(Issuer("There"))


def test_the_shipped_example_reads() -> None:
    site = read_site(ROOT / "examples" / "qa-check.toml")
    assert site.issuer is not None
    assert site.issuer.name == "东莞示例包装测试实验室 Dongguan Example Packaging Test Lab"
    assert site.issuer.address == (
        "Building 3, 18 Industrial Road, Songshan Lake, Dongguan, Guangdong, China"
    )
    assert site.issuer.accreditation == "Lab registration no. DG-QA-0001 (example)"
    assert (site.approver, site.valid_months) == ("王芳 Wang Fang, QA manager", 12)
    assert site.verify_url is None  # the lab is fictional: its example address is a comment
    assert site.issuer.logo is not None
    with Image.open(io.BytesIO(site.issuer.logo)) as logo:
        assert (logo.format, logo.size) == ("JPEG", (240, 80))
        corner = logo.getpixel((1, 1))  # transparent in the PNG: white on the page
    assert isinstance(corner, tuple) and min(corner) >= 250


@pytest.mark.parametrize(
    ("text", "site"),
    [
        ("# nothing configured yet\n", NO_SITE),
        ("[issuer]\nname = '  Lab 1  '\n", Site(Issuer("Lab 1"))),
        ('[issuer]\nname = "实验室"\naddress = "东莞"\n', Site(Issuer("实验室", "东莞"))),
        ('[issuer]\nname = "Lab"\naccreditation = "No. 7"\n', Site(Issuer("Lab", None, "No. 7"))),
        ('[signatory]\napprover = "Wang Fang"\n', Site(approver="Wang Fang")),
        ("[certificate]\nvalid_months = 120\n", Site(valid_months=120)),
        ("[certificate]\nvalid_months = 1\n", Site(valid_months=1)),
        (
            '[certificate]\nverify_url = "https://qa.example.com/verify"\n',
            Site(verify_url="https://qa.example.com/verify"),
        ),
        (
            "[certificate]\nverify_url = ' http://10.0.0.7:8080/qa/check/ '\n",
            Site(verify_url="http://10.0.0.7:8080/qa/check/"),
        ),
        (
            '[certificate]\nverify_url = "https://qa.example.com"\n',
            Site(verify_url="https://qa.example.com"),
        ),
        ("[signatory]\n[certificate]\n", NO_SITE),
        ('issuer = {name = "Lab", address = "Road 1"}\n', Site(Issuer("Lab", "Road 1"))),
        ('issuer.name = "Lab"\n', Site(Issuer("Lab"))),
        ('\ufeff[issuer]\r\nname = "Lab"\r\n', Site(Issuer("Lab"))),  # Notepad's BOM and CR LF
    ],
)
def test_tables_and_keys_are_optional_and_text_is_stripped(
    here: Path, text: str, site: Site
) -> None:
    Path(CONFIG_NAME).write_text(text, encoding="utf-8", newline="")
    assert load_site() == site


LONG = "x" * 201
NESTED = "a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            '[issuer]\nname = "Lab\n',
            ["qa-check.toml:2: invalid TOML: Illegal character '\\n' (column 12)"],
            id="a string not closed",
        ),
        pytest.param(
            "[issuer]\nname =\n",
            ["qa-check.toml:2: invalid TOML: Invalid value (column 7)"],
            id="no value",
        ),
        pytest.param(
            '[issuer]\nname = "a"\n\n[issuer]\nname = "b"\n',
            ["qa-check.toml:4: invalid TOML: Cannot declare ('issuer',) twice (column 8)"],
            id="a table twice",
        ),
        pytest.param(
            "[certificate]\nvalid_months = 6\nvalid_months = 7\n",
            ["qa-check.toml:3: invalid TOML: Cannot overwrite a value (column 17)"],
            id="a key twice",
        ),
        pytest.param(
            "[issuer]\nname = ",
            ["qa-check.toml:2: invalid TOML: Invalid value (at end of document)"],
            id="the end: its last line",
        ),
        pytest.param(
            NESTED, ["qa-check.toml: invalid TOML: nested too deeply to read"], id="nested"
        ),
        pytest.param(
            '[isuser]\nname = "Lab"\n', ["qa-check.toml:1 [isuser]: unknown field"], id="table"
        ),
        pytest.param(
            '[issuer]\nname = "Lab"\nadress = "Road 1"\n',
            ["qa-check.toml:3 [issuer.adress]: unknown field"],
            id="key",
        ),
        pytest.param(
            "valid_months = 6\n",
            ["qa-check.toml:1 [valid_months]: unknown field"],
            id="a key outside its table",
        ),
        pytest.param(
            '[issuer]\naddress = "Road 1"\n',
            ["qa-check.toml:1 [issuer.name]: required"],
            id="an issuer without a name",
        ),
        pytest.param(
            "[issuer]\nname = 5\n",
            ["qa-check.toml:2 [issuer.name]: expected text, got a number"],
            id="a number for text",
        ),
        pytest.param(
            "[issuer]\nname = 1979-05-27\n",
            ["qa-check.toml:2 [issuer.name]: expected text, got a date or time"],
            id="a date for text",
        ),
        pytest.param(
            'issuer = "Lab"\n',
            [
                "qa-check.toml:1 [issuer]: expected a group of fields"
                " (key: value lines indented beneath), got text"
            ],
            id="text for a table",
        ),
        pytest.param(
            '[certificate]\nvalid_months = "12"\n',
            [
                "qa-check.toml:2 [certificate.valid_months]: '12' is not a whole number:"
                " write digits only, e.g. 3"
            ],
            id="months as text",
        ),
        pytest.param(
            "[certificate]\nvalid_months = 6.5\n",
            [
                "qa-check.toml:2 [certificate.valid_months]: 6.5 is not a whole number:"
                " write digits only, e.g. 3"
            ],
            id="months not whole",
        ),
        pytest.param(
            "[certificate]\nvalid_months = 0\n",
            ["qa-check.toml:2 [certificate.valid_months]: must be at least 1, got 0"],
            id="no months",
        ),
        pytest.param(
            "[certificate]\nvalid_months = 121\n",
            ["qa-check.toml:2 [certificate.valid_months]: must be at most 120, got 121"],
            id="over ten years",
        ),
        pytest.param(
            '[issuer]\nname = "Lab\\nOne"\n',
            [
                "qa-check.toml:2 [issuer.name]: 'Lab\\nOne' is not valid here:"
                " use text without line breaks or control characters"
            ],
            id="a line break",
        ),
        pytest.param(
            '[signatory]\napprover = "Wang\\u202eFang"\n',
            [
                "qa-check.toml:2 [signatory.approver]: 'Wang\\u202eFang' is not valid here:"
                " use text without line breaks or control characters"
            ],
            id="a bidi override",
        ),
        pytest.param(
            f'[issuer]\nname = "Lab"\naddress = "{LONG * 2}"\n',
            ["qa-check.toml:3 [issuer.address]: too long: at most 300 characters, got 402"],
            id="too long",
        ),
        pytest.param(
            '[issuer]\nname = "   "\n',
            ["qa-check.toml:2 [issuer.name]: empty: write something here"],
            id="blank",
        ),
        pytest.param(
            '[issuer]\nname = "Lab \U0001f600"\n',
            ["qa-check.toml:2 [issuer.name]: the certificate font cannot show '😀' (U+1F600)"],
            id="a character the font lacks",
        ),
        pytest.param(
            '[certificate]\nvalid_months = 0\n[signatory]\napprover = ""\n'
            f'[issuer]\nname = "{LONG}"\n',
            [
                "qa-check.toml:2 [certificate.valid_months]: must be at least 1, got 0",
                "qa-check.toml:4 [signatory.approver]: empty: write something here",
                "qa-check.toml:6 [issuer.name]: too long: at most 200 characters, got 201",
            ],
            id="every problem, in line order",
        ),
        pytest.param(
            'issuer = {name = "Lab", adress = "Road 1"}\n',
            ["qa-check.toml:1 [issuer.adress]: unknown field"],
            id="inline: the table's line",
        ),
        pytest.param(
            '[issuer]\nname = "Lab"\n"adress" = "Road 1"\n',
            ["qa-check.toml:1 [issuer.adress]: unknown field"],
            id="a quoted key: its table's line",
        ),
        pytest.param(
            '[issuer]\nname = "Lab"\naddress = """\nadress = 1\n"""\nadress = "Road 1"\n',
            ["qa-check.toml:1 [issuer.adress]: unknown field"],
            id="a key that seems written twice: its table's line",
        ),
        pytest.param(
            'other.name = "Lab"\nother.address = "Road 1"\n',
            ["qa-check.toml [other]: unknown field"],
            id="dotted twice: no line rather than a guess",
        ),
    ],
)
def test_a_problem_names_its_line_and_key(here: Path, text: str, expected: list[str]) -> None:
    assert problems(text) == expected


URL_HINT = (
    "use an http:// or https:// address with a host name, without spaces, query or fragment,"
    " e.g. https://qa.example.com/verify"
)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        pytest.param("http://", f"'http://' is not valid here: {URL_HINT}", id="no host"),
        pytest.param(
            "https:///verify",
            f"'https:///verify' is not valid here: {URL_HINT}",
            id="no host, a path",
        ),
        pytest.param(
            "qa.example.com/verify",
            f"'qa.example.com/verify' is not valid here: {URL_HINT}",
            id="no scheme",
        ),
        pytest.param(
            "https://qa.example.com/my verify",
            f"'https://qa.example.com/my verify' is not valid here: {URL_HINT}",
            id="a space",
        ),
        pytest.param(
            "https://qa.example.com/\\u0007",
            f"'https://qa.example.com/\\x07' is not valid here: {URL_HINT}",
            id="a control character",
        ),
        pytest.param(
            "javascript:alert(1)",
            f"'javascript:alert(1)' is not valid here: {URL_HINT}",
            id="javascript",
        ),
        pytest.param(
            "ftp://qa.example.com/",
            f"'ftp://qa.example.com/' is not valid here: {URL_HINT}",
            id="ftp",
        ),
        pytest.param(
            "https://user@qa.example.com/",
            f"'https://user@qa.example.com/' is not valid here: {URL_HINT}",
            id="a user name",
        ),
        pytest.param(
            "https://qa.example.com/verify?id=",
            f"'https://qa.example.com/verify?id=' is not valid here: {URL_HINT}",
            id="a query: the id is appended as a path segment",
        ),
        pytest.param(
            "https://qa.例子.com/",
            f"'https://qa.例子.com/' is not valid here: {URL_HINT}",
            id="not ASCII",
        ),
        pytest.param(
            "https://qa.example.com/" + "v" * (MAX_URL_CHARS - 22),
            f"too long: at most {MAX_URL_CHARS} characters, got {MAX_URL_CHARS + 1}",
            id="too long",
        ),
        pytest.param("", "empty: write something here", id="empty"),
    ],
)
def test_a_verification_address_is_an_http_address_with_a_host(
    here: Path, url: str, message: str
) -> None:
    text = f'[certificate]\nvalid_months = 6\nverify_url = "{url}"\n'
    assert problems(text) == [f"qa-check.toml:3 [certificate.verify_url]: {message}"]


def test_the_longest_verification_address_is_taken(here: Path) -> None:
    url = "https://qa.example.com/" + "v" * (MAX_URL_CHARS - 23)
    assert len(url) == MAX_URL_CHARS
    Path(CONFIG_NAME).write_text(f'[certificate]\nverify_url = "{url}"\n', encoding="utf-8")
    assert load_site() == Site(verify_url=url)


@pytest.mark.parametrize(
    ("logo", "make", "message"),
    [
        ("logo.png", None, "no logo file logo.png"),
        ("pics/logo.png", None, "no logo file pics/logo.png"),
        (
            "pics",
            lambda p: p.mkdir(),
            "pics is not a regular file: a folder, pipe or device cannot be a logo",
        ),
        (
            "notes.png",
            lambda p: p.write_text("not an image", encoding="utf-8"),
            "'notes.png': not a readable JPEG or PNG image",
        ),
        (
            "huge.png",
            lambda p: png(p, (13000, 13000), "1"),
            "'huge.png': more than 50 million pixels, too large to read",
        ),
        ("", None, "empty: write something here"),
        (
            "logo\\u0000.png",
            None,
            "'logo\\x00.png' is not valid here: use text without line breaks or control characters",
        ),
    ],
)
def test_a_logo_that_cannot_be_shown_is_located(
    here: Path, logo: str, make: Callable[[Path], object] | None, message: str
) -> None:
    if make is not None:
        make(here / logo)
    text = f'[issuer]\nname = "Lab"\nlogo = "{logo}"\n'
    assert problems(text) == [f"qa-check.toml:3 [issuer.logo]: {message}"]


def test_the_logo_is_found_beside_the_configuration_as_a_thumbnail(here: Path) -> None:
    folder = here / "site"
    folder.mkdir()
    png(folder / "big-logo.png", (1200, 400))
    (folder / "linked.png").symlink_to("big-logo.png")
    config = folder / "qa-check.toml"
    config.write_text('[issuer]\nname = "Lab"\nlogo = "linked.png"\n', encoding="utf-8")
    site = load_site(config)
    assert site.issuer is not None and site.issuer.logo is not None
    with Image.open(io.BytesIO(site.issuer.logo)) as logo:
        assert (logo.format, logo.size) == ("JPEG", (480, 160))


def _gbk(path: Path) -> None:
    path.write_bytes('[issuer]\nname = "实验室"\n'.encode("gbk"))


def _large(path: Path) -> None:
    path.write_text("#" * (MAX_CONFIG_BYTES + 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (None, ": cannot read file: No such file or directory"),
        (lambda p: p.mkdir(), ": cannot read file: Is a directory"),
        (lambda p: p.write_text("  \n", encoding="utf-8"), ": file is empty"),
        (_large, f": file is {MAX_CONFIG_BYTES + 1:,} bytes; the limit is {MAX_CONFIG_BYTES:,}"),
        (_gbk, ":2: not valid UTF-8 text (character 10 of the line)"),
    ],
    ids=["missing", "a folder", "empty", "too large", "not UTF-8"],
)
def test_a_file_that_cannot_be_read_is_a_config_error(
    here: Path, make: Callable[[Path], object] | None, message: str
) -> None:
    path = here / "site.toml"
    if make is not None:
        make(path)
    with pytest.raises(ConfigError) as caught:
        load_site(path)
    assert isinstance(caught.value, QaCheckError)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"{path}{message}")


@pytest.mark.parametrize(
    "make",
    [lambda p: p.mkdir(), lambda p: p.symlink_to("nowhere.toml")],
    ids=["a folder", "a dangling link"],
)
def test_something_named_like_the_configuration_is_not_passed_over(
    here: Path, make: Callable[[Path], object]
) -> None:
    make(here / CONFIG_NAME)
    assert os.path.lexists(CONFIG_NAME)
    with pytest.raises(ConfigError, match="cannot read file"):
        load_site()


def test_the_sites_time_zone_is_a_zone_the_tz_database_knows(here: Path) -> None:
    Path(CONFIG_NAME).write_text('[site]\ntimezone = " Asia/Shanghai "\n', encoding="utf-8")
    assert load_site() == Site(timezone="Asia/Shanghai")
    assert problems('[site]\ntimezone = "Mars/Olympus"\n') == [
        "qa-check.toml:2 [site.timezone]: 'Mars/Olympus' is not valid here: use a time zone name"
        " from the tz database, e.g. Asia/Shanghai or America/Los_Angeles"
    ]


# --- a lab's test report: [report], [conditioning], [[equipment]] -----------------------------


@pytest.mark.parametrize(
    ("text", "lab"),
    [
        ('[report]\nprefix = "DGL"\n', Lab("DGL-{year}-{seq:06d}")),
        ('[report]\nnumber = "R{seq}"\n', Lab("R{seq}")),
        ('[report]\nprefix = "Q{"\nnumber = "{prefix}{seq}"\n', Lab("Q{{{seq}")),
        (
            '[conditioning]\nstandard = "ISO 2233"\ntemperature_c = 23\nhumidity_rh = 50.5\n'
            "hours = 24\n",
            Lab(conditioning=Conditioning("ISO 2233", 23.0, 50.5, 24.0)),
        ),
        (
            '[[equipment]]\nname = "Drop tester"\nasset = "DT-01"\ncalibration = "C-1"\n'
            'due = 2027-04-30\n\n[[equipment]]\nname = "Balance"\n',
            Lab(
                equipment=(
                    Equipment("Drop tester", "DT-01", "C-1", date(2027, 4, 30)),
                    Equipment("Balance"),
                )
            ),
        ),
        ("[report]\n", Lab("-{year}-{seq:06d}")),
    ],
)
def test_a_labs_tables_are_read_into_its_lab(here: Path, text: str, lab: Lab) -> None:
    Path(CONFIG_NAME).write_text(text, encoding="utf-8")
    assert load_site() == Site(lab=lab)


def test_the_shipped_lab_example_reads_with_every_report_field() -> None:
    site = read_site(ROOT / "examples" / "lab" / "qa-check.toml")
    assert site.lab == Lab(
        "DGL-{year}-{seq:06d}",
        Conditioning("ISO 2233", 23.0, 50.0, 24.0),
        (
            Equipment("Drop tester", "DT-01", "CAL-2026-0412", date(2027, 4, 30)),
            Equipment("Compression tester", "CT-02", "CAL-2026-0388", date(2027, 3, 31)),
        ),
    )
    assert site.issuer is not None and site.issuer.logo is not None
    assert (site.approver, site.timezone) == ("王芳 Wang Fang, QA manager", "Asia/Shanghai")


NUMBER_HINT = (
    "is not valid here: use a report number format with {seq} once, and maybe {prefix} and"
    " {year}, e.g. {prefix}-{year}-{seq:06d}"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[report]\nnumber = "{prefix}-{year}"\n',
            f"2 [report.number]: '{{prefix}}-{{year}}' {NUMBER_HINT}",
        ),
        (
            '[report]\nnumber = "{seq}-{seq}"\n',
            f"2 [report.number]: '{{seq}}-{{seq}}' {NUMBER_HINT}",
        ),
        ('[report]\nnumber = "{seq!r}"\n', f"2 [report.number]: '{{seq!r}}' {NUMBER_HINT}"),
        ('[report]\nnumber = "{seq:Q}"\n', f"2 [report.number]: '{{seq:Q}}' {NUMBER_HINT}"),
        ('[report]\nnumber = "{seq.real}"\n', f"2 [report.number]: '{{seq.real}}' {NUMBER_HINT}"),
        (
            '[report]\nnumber = "{other}{seq}"\n',
            f"2 [report.number]: '{{other}}{{seq}}' {NUMBER_HINT}",
        ),
        ('[report]\nnumber = "{seq"\n', f"2 [report.number]: '{{seq' {NUMBER_HINT}"),
        ('[report]\nprefx = "A"\n', "2 [report.prefx]: unknown field"),
        (
            "[conditioning]\nhumidity_rh = 150\n",
            "2 [conditioning.humidity_rh]: must be at most 100.0, got 150",
        ),
        ('[conditioning]\nhours = "24"\n', "2 [conditioning.hours]: expected a number, got text"),
        ('[conditioning]\nstandard = "ISO\\n2233"\n', "2 [conditioning.standard]: 'ISO\\n2233'"),
        ('[[equipment]]\nasset = "DT-01"\n', "1 [equipment[0].name]: required"),
        (
            '[[equipment]]\nname = "A"\n\n[[equipment]]\nname = "B"\ndue = "2027-04-30"\n',
            "6 [equipment[1].due]: '2027-04-30' is not a date: write it like 2026-12-01"
            " (year-month-day)",
        ),
        ('[[equipment]]\nname = "A"\ncolour = "red"\n', "3 [equipment[0].colour]: unknown field"),
        ('equipment = "Drop tester"\n', "1 [equipment]: expected a list"),
    ],
)
def test_a_wrong_lab_table_is_an_error_at_its_line_and_key(
    here: Path, text: str, expected: str
) -> None:
    [said] = problems(text)
    assert said.startswith(f"qa-check.toml:{expected}"), said
