"""An agency's level, from its name (and the report's preamble): a government (各级人民政府, which
publish by 31 March), a department (政府部门, by 31 January) or a township (乡、镇、街道, whose
deadline local rules set). The national deadline rule (GK305) and provinces' rules read it.
"""

from __future__ import annotations

from gklint.model import Report
from gklint.text import fold, lazy_pattern

# 某某乡（镇）人民政府, 某某镇, 某某街道（办事处）: two characters at least before 乡/镇, so that a
# county-level city such as 湘乡 is not taken for a township.
_TOWNSHIP = lazy_pattern(r"(?:..[乡镇](?:人民政府|政府)?|街道(?:办事处|办)?)$")
# A zone's administrative committee is its government; a city's 城市管理委员会 is a department.
_ZONE_COMMITTEE = lazy_pattern(r"区(?:管委会|管理委员会)$")
_DEPARTMENT = lazy_pattern(r"(?:局|委|办|办公室|中心|厅|部|署|室|所|站|院|会|处|馆|队|社|海关|监狱)$")
# A second name in brackets after the first (某市发展和改革委员会（某市粮食局）, 某区（开发区）).
_SECOND_NAME = lazy_pattern(r"\([^()]{2,30}\)$")
# A government by its own name (某市人民政府, 某县政府) or by its place (某市, 某区, 平潭综合实验区).
_GOVERNMENT = lazy_pattern(r"(?:人民政府|政府|省|自治区|市|区|县|旗|州|盟)(?:本级)?$")
_GOVERNMENT_OFFICE = lazy_pattern(r"政府办(?:公室)?$")
# 汇总…各单位: a report compiled from the units of a government is the government's own.
_COMPILED = lazy_pattern(r"汇总[^。；;]{0,30}?各(?:有关|相关|级)?(?:单位|部门|区|县|市|乡|镇|街道)")
_COMPILED_WITHIN = 1500  # characters of the opening where the preamble says so


def level_by_name(agency: str) -> str | None:
    """township, government or department by the agency's name alone; None when the name does not
    say (``agency_level`` also reads the report's preamble)."""
    name = fold(agency).replace(" ", "")
    if not name:
        return None
    level = _level_of_name(name)
    if level is None and _SECOND_NAME.search(name):
        level = _level_of_name(_SECOND_NAME.sub("", name))
    return level


def _level_of_name(name: str) -> str | None:
    if _TOWNSHIP.search(name):
        return "township"
    if _ZONE_COMMITTEE.search(name) or name.endswith("行政公署"):  # a prefecture's government (地区行政公署)
        return "government"
    if _DEPARTMENT.search(name):
        return "department"
    if _GOVERNMENT.search(name):
        return "government"
    return None


def _compiled_from_units(report: Report) -> bool:
    opening = ""
    for paragraph in report.document.paragraphs:
        opening += fold(paragraph.text)
        if len(opening) >= _COMPILED_WITHIN:
            break
    return bool(_COMPILED.search(opening[:_COMPILED_WITHIN]))


def agency_level(report: Report) -> str | None:
    """government (本级人民政府, 3月31日), township (乡、镇、街道: deadlines set locally), department
    (1月31日), or None when neither the name nor the preamble settles it."""
    level = level_by_name(report.agency or "")
    office = _GOVERNMENT_OFFICE.search(fold(report.agency or ""))
    if (level is None or office) and _compiled_from_units(report):
        return "government"
    return level
