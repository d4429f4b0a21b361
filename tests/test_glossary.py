"""The trilingual glossary: complete, consistent, and looked up the way plots and chapters need."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from medcourse import glossary as g

CJK = re.compile(r"[\u4e00-\u9fff]")
# characters that exist only in Traditional Chinese, paired with their Simplified forms
TRADITIONAL = "靈確準陽陰預測實際線錯誤誤診斷類別質學習訓練驗證測試圖數據"

REQUIRED = """accuracy loss cross_entropy mean_squared_error precision recall sensitivity specificity
ppv npv f1 fbeta fpr tpr fnr tnr true_positive false_positive true_negative false_negative
confusion_matrix prevalence cohen_kappa support error_rate threshold roc auc roc_auc pr_curve
average_precision youden_index operating_point chance calibration reliability_diagram ece
brier_score perfect_calibration mean_predicted_probability fraction_of_positives micro_average
macro_average weighted_average confidence_interval bootstrap screening confirmation referral
coverage missed_diagnosis cost_matrix severity_weighted_error clinical_utility class_imbalance
epoch training validation test_set learning_rate overfitting data_leakage augmentation
transfer_learning fine_tuning predicted_label true_label count score predicted_probability class
metric value frequency normalized proportion number_of_images classes cardiomegaly no_finding
benign malignant normal pneumonia""".split()


def test_required_keys_exist():
    missing = [k for k in REQUIRED if k not in g.keys()]
    assert missing == []


def test_keys_and_english_names_are_unique():
    keys = g.keys()
    assert len(keys) == len(set(keys))
    names = [g.term(k).lower() for k in keys]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("key", g.keys())
def test_every_term_is_complete_in_three_languages(key):
    t = g.get(key)
    assert t.category in g.CATEGORIES
    for lang in g.LANGUAGES:
        assert t.names[lang].strip() and t.definitions[lang].strip()
        assert t.names[lang] == t.names[lang].strip()
    assert CJK.search(t.names["zh"]) and CJK.search(t.definitions["zh"])
    assert not set(t.names["zh"] + t.definitions["zh"]) & set(TRADITIONAL)
    assert t.definitions["fr"] != t.definitions["en"]
    assert t.definitions["zh"] != t.definitions["en"]
    # the English names start with a capital, as axis labels do
    assert t.names["en"][0].isupper() and t.names["fr"][0].isupper()


@pytest.mark.parametrize("key", g.keys())
def test_typography(key):
    fr = g.define(key, "fr")
    # French: a no-break space (never a plain one, never none) before ; : ! ?
    assert not re.search(r"(?<![\u00a0\u202f])[;:!?]", fr.replace("://", "")), fr
    assert "« " not in fr and " »" not in fr
    zh = g.define(key, "zh")
    assert zh.endswith("。")
    assert not re.search(r"[\u4e00-\u9fff][,;:]", zh)  # full-width punctuation after Chinese


def test_course_terminology():
    assert [g.term("sensitivity", lang) for lang in g.LANGUAGES] == ["Sensitivity",
                                                                      "Sensibilité", "灵敏度"]
    assert g.term("specificity", "zh") == "特异度"
    assert g.term("ppv", "fr") == "Valeur prédictive positive"
    assert g.term("ppv", "fr", abbreviated=True) == "VPP"
    assert g.term("accuracy", "fr") == "Exactitude"
    assert "«\u00a0precision\u00a0»" in g.define("accuracy", "fr")  # the false friend
    assert g.term("auc", "zh") == "曲线下面积（AUC）"
    assert g.term("threshold", "fr") == "Seuil"
    assert g.term("no_finding", "fr") == "Aucune anomalie"


def test_aliases_and_abbreviations_resolve():
    assert g.get("hit rate").key == "sensitivity"
    assert g.get("log loss").key == g.get("log-loss").key == "cross_entropy"
    assert g.get("TPR").key == "tpr"
    assert g.get("VPP").key == "ppv"
    assert g.get("Bengin").key == "benign"
    assert g.get("No Finding").key == "no_finding"
    assert g.get("  Cutoff ").key == "threshold"


def test_both_follows_each_language():
    assert g.both("sensitivity", "recall") == "sensitivity (recall)"
    assert g.both("sensitivity", "recall", "fr") == "sensibilité (rappel)"
    assert g.both("sensitivity", "recall", "zh") == "灵敏度（召回率）"
    assert g.both("ppv", "precision", "zh") == "阳性预测值（精确率）"
    assert g.both("roc", "auc") == "ROC curve (area under the curve (AUC))"


@pytest.mark.parametrize("code,expected", [
    ("en", "en"), ("EN-us", "en"), ("en_GB", "en"), ("fr", "fr"), ("fr-FR", "fr"),
    ("fr_CA", "fr"), ("zh", "zh"), ("zh-CN", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"),
    ("zh-hans-cn", "zh"),
])
def test_normalize_lang_accepts(code, expected):
    assert g.normalize_lang(code) == expected


@pytest.mark.parametrize("code,message", [
    ("de", "'de' is not a course language"),
    ("", "is not a course language"),
    ("zh-TW", "Traditional Chinese"),
    ("zh-Hant", "Traditional Chinese"),
    (None, "got None"),
    (3, "got 3"),
])
def test_normalize_lang_rejects(code, message):
    with pytest.raises(ValueError, match=message):
        g.normalize_lang(code)


def test_unknown_key_suggests_close_matches():
    with pytest.raises(KeyError, match="'sensitivty' is not in the glossary; did you mean "
                                        "'sensitivity'"):
        g.get("sensitivty")
    with pytest.raises(KeyError, match="not in the glossary"):
        g.term("xyzzy", "fr")
    with pytest.raises(KeyError, match="strings"):
        g.get(3)


def test_keys_by_category_and_bad_category():
    classes = g.keys("class")
    assert classes == ["cardiomegaly", "no_finding", "benign", "malignant", "normal", "pneumonia"]
    assert set(g.keys("outcome")) >= {"true_positive", "false_negative", "confusion_matrix"}
    assert sum(len(g.keys(c)) for c in g.CATEGORIES) == len(g.keys())
    with pytest.raises(ValueError, match="category='metrics' is not valid"):
        g.keys("metrics")


def test_as_table_shapes():
    full = g.as_table()
    assert list(full.columns) == ["key", "category", "en", "fr", "zh", "definition_en",
                                  "definition_fr", "definition_zh"]
    assert len(full) == len(g.keys())
    fr = g.as_table("fr-FR")
    assert list(fr.columns) == ["key", "category", "term", "abbreviation", "definition"]
    assert fr.set_index("key").loc["npv", "abbreviation"] == "VPN"
    assert pd.isna(fr.set_index("key").loc["epoch", "abbreviation"])
