"""GK702 on the parts lists real reports write: 其中, 包括, 包含, 分别为; and GK7 on the real openings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_json
from tests.test_narrative import narrative_findings

CORPUS = ROOT.parent / "shared" / "corpus"


def _parts(tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str) -> list[tuple[str, str, str]]:
    found = narrative_findings(tmp_path, capsys, sentence, select="GK702")
    return [(f["message_id"], f["expected"], f["actual"]) for f in found]


@pytest.mark.parametrize(
    ("sentence", "finding"),
    [
        # an item with its own "共计" count is still an item of the list
        (
            "全年主动公开政府信息共600条，包括政策文件250条，工作动态230条，解读及回应信息共计130条。",
            ("exceeds", "600", "610"),
        ),
        ("全年主动公开政府信息共600条，包含政策文件350条、工作动态260条。", ("exceeds", "600", "610")),
        ("全年主动公开政府信息共600条，分别为政策文件250条、工作动态300条。", ("falls_short", "600", "550")),
        ("全年发布各类信息880条（其中：政策文件420条、工作动态470条）。", ("exceeds", "880", "890")),
        # a breakdown in brackets belongs to its item, not to the list
        ("主动公开信息400条，其中通知公告250条（含人事信息90条），工作动态160条。", ("exceeds", "400", "410")),
        (
            "全年共公开政府信息500条（其中机构职能类信息30条，财政资金类信息45条，"
            "重点项目类信息120条，其他应主动公开的信息306条）。",
            ("exceeds", "500", "501"),
        ),
        # the list in the next sentence, opened by 其中
        ("主动公开政府信息60条。其中，工作动态信息43条、财政信息20条。", ("exceeds", "60", "63")),
        # the sum stated after the list
        ("发布工作动态信息43条、财政信息20条，共计60条。", ("exceeds", "60", "63")),
        ("主动公开政府信息60条，主要包括工作动态信息43条、财政信息20条。", ("exceeds", "60", "63")),
        ("主动公开政府信息60条，具体为工作动态信息43条、财政信息20条。", ("exceeds", "60", "63")),
        ("主动公开政府信息六十条，其中工作动态信息四十三条、财政信息二十条。", ("exceeds", "60", "63")),
    ],
)
def test_parts_that_do_not_add_up(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str, finding: tuple[str, str, str]
) -> None:
    assert _parts(tmp_path, capsys, sentence) == [finding]


@pytest.mark.parametrize(
    "sentence",
    [
        "全年主动公开政府信息共600条，包括政策文件250条、工作动态230条、解读及回应信息共计120条。",
        "全年主动公开政府信息共600条，包括政策文件250条，工作动态230条，解读及回应信息共计120条。",
        "全年主动公开政府信息共600条，分别为政策文件250条、工作动态350条。",
        "全年主动公开政府信息共600条，其中政策文件250条、工作动态300条。",  # 其中 may list only some
        "全年主动公开政府信息共600条，包括政策文件250条、工作动态300条等。",
        "全年主动公开政府信息共600条，分别为政策文件、工作动态各300条。",  # the parts are not counted one by one
        "全年主动公开政府信息共600条，分别为政策文件250条、工作动态250条，发布政策解读30条。",
        "主动公开信息300余条，其中政策文件200条，工作动态190条。",  # 余: not an exact whole
        "主动公开信息300条，其中政策文件200条。",  # a single part
        "主动公开信息300条，其中政策文件占60%，工作动态占50%。",
        "主动公开信息300条，其中政策文件200条，工作动态90条，自2019年以来累计公开信息5000条。",
        "主动公开信息300条，其中政策文件200条，工作动态90条，2022年公开信息280条。",
        # the parts belong to the count before the nearest one
        "共收到申请20件，办结18件，其中自然人申请15件、法人申请5件。",
        # once the parts reach the whole the list is complete; a second breakdown follows
        "共收到申请20件，其中自然人申请15件、法人申请5件，予以公开18件、不予公开2件。",
        "本年公开信息850条，其中政策文件50条、工作动态800条，发布信息解读30条。",
        "主动公开政府信息1200条，其中政策文件50条、工作动态800条，发布政策解读30条，回应社会关切400条。",
        "收到申请和咨询分别为10件、5件。",  # no whole before 分别为
        # channels one item may go out on together: their counts overlap
        "全年发布各类信息880条（其中：门户网站420条、政务微博470条）。",
        "门户网站发布信息320条、微信公众号发布260条、微博发布180条，合计500条（去除重复发布）。",
        # a breakdown of one part, not a part
        "全年主动公开政府信息60条，其中工作动态43条，含图片新闻20条、视频新闻5条，通知公告10条，人事信息7条。",
        # the parts of all the applications handled, new and carried in
        "共收到政府信息公开申请38件，上年结转3件，其中予以公开15件、部分公开4件、不予公开5件、无法提供12件、其他处理5件。",
        # something new after the list: an answer, or a count larger than the whole
        "主动公开政府信息60条，其中工作动态信息40条、财政信息10条，答复网民留言35条。",
        "主动公开政府信息60条，其中工作动态信息40条、财政信息10条，通过政务微信发布信息120条。",
        "发布工作动态信息43条、财政信息17条，共计60条。",
        "发布工作动态信息43条、财政信息20条等，合计超过60条。",
        "本报告包括总体情况、主动公开政府信息情况等六个部分。",
    ],
)
def test_lists_that_add_up_or_cannot_be_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sentence: str
) -> None:
    assert _parts(tmp_path, capsys, sentence) == []


def test_the_parts_of_a_breakdown_are_not_read_as_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sentence = "本局共收到政府信息公开申请123件，包括通过互联网收到申请100件、通过信函收到申请23件。"
    assert narrative_findings(tmp_path, capsys, sentence) == []


def _labelled(folder: str) -> dict[str, dict[str, list[str]]]:
    path = CORPUS / folder / "expected.json"
    if not path.is_file():
        pytest.skip("the labelled corpus (../shared/corpus) is not present")
    return dict(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("folder", ["openings", "full"])
def test_no_narrative_finding_on_real_reports_beyond_their_labels(
    capsys: pytest.CaptureFixture[str], folder: str
) -> None:
    labels = _labelled(folder)
    _, data = run_json(capsys, str(CORPUS / folder), "--select", "GK7")
    for finding in data["findings"]:
        label = labels.get(Path(finding["path"]).name)
        if label is None:
            continue  # an unlabelled report (pingtan-2020 really states 2602 items whose parts make 2603)
        assert finding["code"] in {*label["must"], *label["may"]}, finding["message"]
