"""``junit``: JUnit XML for CI test dashboards (GitLab ``artifacts:reports:junit``, Jenkins, …).

One ``<testsuite>`` per linted file, one failing ``<testcase>`` per finding; a file without
findings counts as one passing test case, so the counts tell how many files passed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from gklint.plugin import FileResult, Finding, Formatter, Location, RunResult, hookimpl, place_in_file

PACKAGE = "org.gklint"
# Characters XML 1.0 cannot carry at all, even escaped.
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return INVALID_XML.sub("\ufffd", text)


def where(location: Location) -> str:
    if location.line is not None:
        column = f", col {location.column}" if location.column is not None else ""
        return f"line {location.line}{column}"
    return place_in_file(location, "en")


def classname(path: str) -> str:
    return str(PurePosixPath(path).with_suffix("")) if PurePosixPath(path).suffix else path


def failing_case(finding: Finding, lang: str) -> ET.Element:
    case = ET.Element("testcase", name=f"{PACKAGE}.{finding.code}", classname=clean(classname(finding.path)))
    if finding.location.line is not None:
        case.set("line", str(finding.location.line))
    if finding.location.column is not None:
        case.set("column", str(finding.location.column))
    message = clean(finding.text(lang))
    failure = ET.SubElement(case, "failure", message=message, type=finding.severity.label)
    place = where(finding.location)
    failure.text = f"{place}: {message}" if place else message
    return case


def passing_case(name: str, path: str) -> ET.Element:
    return ET.Element("testcase", name=name, classname=clean(classname(path)))


def suite(result: FileResult, lang: str) -> ET.Element:
    cases = [failing_case(f, lang) for f in result.findings] or [passing_case(f"{PACKAGE}.clean", result.path)]
    failures = len(result.findings)
    element = ET.Element(
        "testsuite",
        name=clean(result.path),
        tests=str(len(cases)),
        failures=str(failures),
        errors="0",
        skipped="0",
        package=PACKAGE,
    )
    element.extend(cases)
    return element


class JunitFormatter(Formatter):
    name = "junit"
    description = "JUnit XML: a test suite per file, a failing test case per finding"
    file_extension = ".xml"

    def render(self, run: RunResult) -> str:
        suites = [suite(r, run.lang) for r in run.files if not r.skipped]
        if not suites:
            placeholder = ET.Element("testsuite", name="gklint", tests="1", failures="0", errors="0", skipped="0",
                                     package=PACKAGE)  # fmt: skip
            placeholder.append(passing_case("No errors found", "gklint"))
            suites = [placeholder]
        tests = sum(int(s.get("tests", "0")) for s in suites)
        failures = sum(int(s.get("failures", "0")) for s in suites)
        root = ET.Element("testsuites", name="gklint", tests=str(tests), failures=str(failures), errors="0")
        root.extend(suites)
        ET.indent(root, space="  ")
        body = ET.tostring(root, encoding="unicode")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


@hookimpl
def gklint_formatters() -> list[Formatter]:
    return [JunitFormatter()]
