"""Traditional-script copies (mirror sites, Taiwan-style wording) read as the Simplified template.

The Traditional labels below are written out by hand, independently of gklint's fold table, so that a
character or word the table lacks shows up here as a label typo."""

from __future__ import annotations

import random
from pathlib import Path

from gklint.config import Layer, Resolver
from gklint.runner import Linter
from gklint.text import normalize_label
from tests.render.synth import consistent_values, make_content
from tests.render.text import pipe_rows
from tests.test_roundtrip import PLUGINS, RULESETS

TRADITIONAL = {
    "一、本年新收政府信息公开申请数量": "一、本年新收政府資訊公開申請數量",
    "二、上年结转政府信息公开申请数量": "二、上年結轉政府資訊公開申請數量",
    "三、本年度办理结果": "三、本年度辦理結果",
    "（一）予以公开": "（一）予以公開",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公開（區分處理的，只計這一情形，不計其他情形）",  # noqa: E501
    "（三）不予公开": "（三）不予公開",
    "1.属于国家秘密": "1.屬於國家秘密",
    "2.其他法律行政法规禁止公开": "2.其他法律行政法規禁止公開",
    "3.危及“三安全一稳定”": "3.危及“三安全一穩定”",
    "4.保护第三方合法权益": "4.保護第三方合法權益",
    "5.属于三类内部事务信息": "5.屬於三類內部事務資訊",
    "6.属于四类过程性信息": "6.屬於四類過程性資訊",
    "7.属于行政执法案卷": "7.屬於行政執法案卷",
    "8.属于行政查询事项": "8.屬於行政查詢事項",
    "（四）无法提供": "（四）無法提供",
    "1.本机关不掌握相关政府信息": "1.本機關不掌握相關政府資訊",
    "2.没有现成信息需要另行制作": "2.沒有現成資訊需要另行製作",
    "3.补正后申请内容仍不明确": "3.補正後申請內容仍不明確",
    "（五）不予处理": "（五）不予處理",
    "1.信访举报投诉类申请": "1.信訪舉報投訴類申請",
    "2.重复申请": "2.重複申請",
    "3.要求提供公开出版物": "3.要求提供公開出版物",
    "4.无正当理由大量反复申请": "4.無正當理由大量反覆申請",
    "5.要求行政机关确认或重新出具已获取信息": "5.要求行政機關確認或重新出具已獲取資訊",
    "（六）其他处理": "（六）其他處理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "1.申請人無正當理由逾期不補正、行政機關不再處理其政府資訊公開申請",  # noqa: E501
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": "2.申請人逾期未按收費通知要求繳納費用、行政機關不再處理其政府資訊公開申請",  # noqa: E501
    "（七）总计": "（七）總計",
    "四、结转下年度继续办理": "四、結轉下年度繼續辦理",
    "行政规范性文件": "行政規範性檔案",
    "本年制发件数": "本年製發件數",
    "本年废止件数": "本年廢止件數",
    "现行有效件数": "現行有效件數",
    "本年处理决定数量": "本年處理決定數量",
    "行政事业性收费": "行政事業性收費",
    "本年收费金额（单位：万元）": "本年收費金額（單位：萬元）",
    "社会公益组织": "社會公益組織",
    "法律服务机构": "法律服務機構",
    "科研机构": "科研機構",
    "商业企业": "商業企業",
    "总计": "總計",
    "行政复议": "行政復議",
    "行政诉讼": "行政訴訟",
    "未经复议直接起诉": "未經復議直接起訴",
    "复议后起诉": "復議後起訴",
    "结果维持": "結果維持",
    "结果纠正": "結果糾正",
    "其他结果": "其他結果",
    "尚未审结": "尚未審結",
    "二、主动公开政府信息情况": "二、主動公開政府資訊情況",
    "三、收到和处理政府信息公开申请情况": "三、收到和處理政府資訊公開申請情況",
    "四、政府信息公开行政复议、行政诉讼情况": "四、政府資訊公開行政復議、行政訴訟情況",
    "五、存在的主要问题及改进情况": "五、存在的主要問題及改進情況",
    "六、其他需要报告的事项": "六、其他需要報告的事項",
}


def test_every_label_written_in_traditional_folds_to_the_template() -> None:
    unfolded = {t: s for s, t in TRADITIONAL.items() if normalize_label(t) != normalize_label(s)}
    assert unfolded == {}


def test_the_variants_a_converter_writes_fold_too() -> None:
    """OpenCC writes 秘 as 祕 (國家祕密), the form Taiwan's standard uses."""
    assert normalize_label("1.屬於國家祕密") == normalize_label("1.属于国家秘密")


def test_a_traditional_copy_of_a_report_binds_and_lints_as_the_original(tmp_path: Path) -> None:
    values = consistent_values(random.Random(8), 0.5)
    text = pipe_rows(make_content(values))
    for simplified in sorted(TRADITIONAL, key=len, reverse=True):
        text = text.replace(simplified, TRADITIONAL[simplified])
    path = tmp_path / "mirror.txt"
    path.write_text(text, encoding="utf-8")

    result = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path)

    assert [f.code for f in result.findings] == []


_PINYIN_OF = {"處": "chù", "費": "fèi", "議": "yì", "機": "jī", "關": "guān", "報": "bào", "數": "shù", "萬": "wàn"}


def test_a_mirror_with_pinyin_after_its_characters_lints_as_the_original(tmp_path: Path) -> None:
    """A mirror site's copy with pinyin after some characters (信息處(chù)理費, 復議(yì)後起訴): its prose
    is read without the pinyin (§六's fee statement), its labels and an amount written with its
    Traditional unit (36.5萬元) as written plainly."""
    values = consistent_values(random.Random(9), 0.5)
    text = pipe_rows(make_content(values)).replace("本局2023年度未收取信息处理费。", "本局2023年度未收取信息處理費。")
    fee = values["active"]["fees"]["amount"]
    text = text.replace(f"| 行政事业性收费 | {fee} |", f"| 行政事业性收费 | {fee}萬元 |")
    for simplified in sorted(TRADITIONAL, key=len, reverse=True):
        text = text.replace(simplified, TRADITIONAL[simplified])
    mirror = "".join(ch + (f"({_PINYIN_OF[ch]})" if ch in _PINYIN_OF else "") for ch in text)
    assert "處(chù)理費(fèi)" in mirror and "復議(yì)後起訴" in mirror and "萬(wàn)元" in mirror
    path = tmp_path / "mirror.txt"
    path.write_text(mirror, encoding="utf-8")

    result = Linter(PLUGINS, Resolver(RULESETS, Layer("test"))).lint_file(path)

    assert [f.code for f in result.findings] == []
