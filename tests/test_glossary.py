"""The trilingual glossary: complete, consistent, and looked up the way plots and chapters need."""

from __future__ import annotations

import ast
import copy
import dataclasses
import inspect
import pickle
import re
import subprocess
import sys

import pandas as pd
import pytest

from medcourse import glossary as g

KEYS = g.keys()
CJK = re.compile(r"[\u3400-\u9fff]")

# Traditional-only characters and their Simplified forms. The zh edition is
# Simplified (zh-CN): none of the left-hand characters may appear. Characters
# written the same in both scripts (率, 度, 值, 阈 ...) are fine.
TRADITIONAL_TO_SIMPLIFIED = {
    "靈": "灵", "確": "确", "準": "准", "陽": "阳", "陰": "阴", "預": "预", "測": "测",
    "實": "实", "際": "际", "線": "线", "錯": "错", "誤": "误", "診": "诊", "斷": "断",
    "類": "类", "質": "质", "學": "学", "習": "习", "訓": "训", "練": "练", "驗": "验",
    "證": "证", "試": "试", "圖": "图", "數": "数", "據": "据", "積": "积", "陣": "阵",
    "過": "过", "擬": "拟", "損": "损", "輪": "轮", "閾": "阈", "異": "异", "惡": "恶",
    "臟": "脏", "腫": "肿", "權": "权", "標": "标", "檢": "检", "點": "点", "間": "间",
    "區": "区", "頻": "频", "對": "对", "應": "应", "與": "与", "選": "选", "變": "变",
    "計": "计", "總": "总", "較": "较", "遷": "迁", "強": "强", "轉": "转",
    "篩": "筛", "決": "决", "綜": "综", "結": "结", "節": "节", "癥": "症", "為": "为",
}
TRADITIONAL = "".join(TRADITIONAL_TO_SIMPLIFIED)

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


# ---------------------------------------------------------------------------
# The table is complete
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("key", REQUIRED)
def test_required_key_exists(key):
    assert key in KEYS
    assert g.get(key).key == key


def test_keys_are_unique():
    assert len(KEYS) == len(set(KEYS))


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_names_are_unique_within_a_language(lang):
    names = [g.term(k, lang).casefold() for k in KEYS]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    assert duplicated == []


def test_chinese_names_are_unique_but_for_class_and_classes():
    # Chinese has no plural: "Class" and "Classes" are both 类别, the only shared name.
    names = [g.term(k, "zh") for k in KEYS]
    duplicated = {n: [k for k in KEYS if g.term(k, "zh") == n] for n in names
                  if names.count(n) > 1}
    assert duplicated == {"类别": ["class", "classes"]}


@pytest.mark.parametrize("lang", g.LANGUAGES)
@pytest.mark.parametrize("key", KEYS)
def test_every_term_has_a_name_and_a_definition(key, lang):
    t = g.get(key)
    name, definition = t.names[lang], t.definitions[lang]
    assert isinstance(name, str) and name.strip() == name and name
    assert isinstance(definition, str) and definition.strip() == definition
    assert len(definition) >= (5 if lang == "zh" else 10) and "  " not in definition and "  " not in name
    assert not name.endswith((".", "。"))  # names are labels, not sentences
    assert definition.endswith("。" if lang == "zh" else ".")
    if t.abbreviation is not None:
        assert t.abbreviation[lang].strip() == t.abbreviation[lang] != ""


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("key", KEYS)
def test_latin_names_are_in_sentence_case_as_on_axis_labels(key, lang):
    name = g.term(key, lang)
    assert name[0].isupper(), name
    assert not CJK.search(name + g.define(key, lang))  # no Chinese left in en/fr


@pytest.mark.parametrize("key", KEYS)
def test_translations_are_real_translations(key):
    t = g.get(key)
    assert t.definitions["fr"] != t.definitions["en"]
    assert t.definitions["zh"] != t.definitions["en"]
    assert CJK.search(t.names["zh"]), t.names["zh"]
    assert CJK.search(t.definitions["zh"])


@pytest.mark.parametrize("key", KEYS)
def test_chinese_is_simplified(key):
    t = g.get(key)
    text = t.names["zh"] + t.definitions["zh"] + "".join((t.abbreviation or {}).values())
    found = sorted(set(text) & set(TRADITIONAL))
    assert found == [], f"Traditional characters {found} in {key!r}; use " + "".join(
        TRADITIONAL_TO_SIMPLIFIED[c] for c in found)


def test_the_simplified_forms_are_the_ones_used():
    zh = "".join(g.term(k, "zh") + g.define(k, "zh") for k in KEYS)
    for simplified in "灵阳阴预测类线误诊验证练图数据":
        assert simplified in zh
    # 率 is the same character in both scripts and is used, e.g. in 召回率 and 患病率
    assert g.term("recall", "zh") == "召回率" and g.term("prevalence", "zh") == "患病率"


@pytest.mark.parametrize("key", KEYS)
def test_french_typography(key):
    fr = g.define(key, "fr")
    # a no-break space (U+00A0 or U+202F), never a plain space or none, before ; : ! ? %
    bad = re.findall(r".{0,12}(?<![\u00a0\u202f])[;:!?%]", fr)
    assert bad == [], bad
    assert "« " not in fr and " »" not in fr
    assert "«" not in fr or "«\u00a0" in fr


@pytest.mark.parametrize("key", KEYS)
def test_chinese_typography(key):
    for text in (g.term(key, "zh"), g.define(key, "zh")):
        # prose punctuation next to a Chinese character is full-width: ，。：；（）
        bad = re.findall(r"[\u4e00-\u9fff][,;:.!?()]|[,;:!?()][\u4e00-\u9fff]", text)
        assert bad == [], (text, bad)


# ---------------------------------------------------------------------------
# The course's terminology and correct definitions
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("key, en, fr, zh", [
    ("sensitivity", "Sensitivity", "Sensibilité", "灵敏度"),
    ("recall", "Recall", "Rappel", "召回率"),
    ("specificity", "Specificity", "Spécificité", "特异度"),
    ("precision", "Precision", "Précision", "精确率"),
    ("ppv", "Positive predictive value", "Valeur prédictive positive", "阳性预测值"),
    ("npv", "Negative predictive value", "Valeur prédictive négative", "阴性预测值"),
    ("accuracy", "Accuracy", "Exactitude", "准确率"),
    ("roc", "ROC curve", "Courbe ROC", "ROC 曲线"),
    ("auc", "Area under the curve (AUC)", "Aire sous la courbe (AUC)", "曲线下面积（AUC）"),
    ("confusion_matrix", "Confusion matrix", "Matrice de confusion", "混淆矩阵"),
    ("threshold", "Threshold", "Seuil", "阈值"),
    ("prevalence", "Prevalence", "Prévalence", "患病率"),
    ("true_positive", "True positive", "Vrai positif", "真阳性"),
    ("false_positive", "False positive", "Faux positif", "假阳性"),
    ("true_negative", "True negative", "Vrai négatif", "真阴性"),
    ("false_negative", "False negative", "Faux négatif", "假阴性"),
    ("calibration", "Calibration", "Calibration", "校准"),
    ("loss", "Loss", "Perte", "损失"),
    ("epoch", "Epoch", "Époque", "轮次"),
    ("f1", "F1 score", "Score F1", "F1 分数"),
    ("predicted_label", "Predicted label", "Classe prédite", "预测类别"),
    ("classes", "Classes", "Classes", "类别"),
    ("cardiomegaly", "Cardiomegaly", "Cardiomégalie", "心脏肥大"),
    ("no_finding", "No finding", "Aucune anomalie", "无异常"),
    ("benign", "Benign", "Bénin", "良性"),
    ("malignant", "Malignant", "Malin", "恶性"),
    ("normal", "Normal", "Normal", "正常"),
    ("pneumonia", "Pneumonia", "Pneumonie", "肺炎"),
])
def test_course_terminology(key, en, fr, zh):
    assert [g.term(key, lang) for lang in g.LANGUAGES] == [en, fr, zh]


@pytest.mark.parametrize("key, en, fr, zh", [
    ("ppv", "PPV", "VPP", "PPV"),
    ("npv", "NPV", "VPN", "NPV"),
    ("auc", "AUC", "AUC", "AUC"),
    ("tpr", "TPR", "TVP", "TPR"),
    ("true_positive", "TP", "VP", "TP"),
    ("ece", "ECE", "ECE", "ECE"),
])
def test_abbreviations(key, en, fr, zh):
    assert [g.term(key, lang, abbreviated=True) for lang in g.LANGUAGES] == [en, fr, zh]


def test_abbreviated_falls_back_to_the_name():
    assert g.get("epoch").abbreviation is None
    assert g.term("epoch", "fr", abbreviated=True) == "Époque"


@pytest.mark.parametrize("key, fragments", [
    ("sensitivity", ("TP / (TP + FN)", "VP / (VP + FN)", "TP / (TP + FN)")),
    ("recall", ("TP / (TP + FN)", "VP / (VP + FN)", "TP / (TP + FN)")),
    ("tpr", ("TP / (TP + FN)", "VP / (VP + FN)", "TP / (TP + FN)")),
    ("specificity", ("TN / (TN + FP)", "VN / (VN + FP)", "TN / (TN + FP)")),
    ("precision", ("TP / (TP + FP)", "VP / (VP + FP)", "TP / (TP + FP)")),
    ("ppv", ("TP / (TP + FP)", "prévalence", "患病率")),
    ("npv", ("TN / (TN + FN)", "prévalence", "患病率")),
    ("fpr", ("1 − specificity", "1 − spécificité", "1 − 特异度")),
    ("accuracy", ("(TP + TN) / N", "(VP + VN) / N", "(TP + TN) / N")),
    ("auc", ("ties counting half", "ex æquo comptant pour moitié", "得分相同记一半")),
    ("threshold", ("at or above", "supérieur ou égal", "大于或等于")),
    ("f1", ("harmonic mean", "Moyenne harmonique", "调和平均")),
])
def test_definitions_state_the_right_formula(key, fragments):
    for lang, fragment in zip(g.LANGUAGES, fragments):
        assert fragment in g.define(key, lang)


def test_accuracy_warns_about_the_french_false_friend():
    fr = g.define("accuracy", "fr")
    assert "Faux ami" in fr and "«\u00a0précision\u00a0»" in fr


# ---------------------------------------------------------------------------
# Lookup
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("spelling, key", [
    ("hit rate", "tpr"), ("Hit-Rate", "tpr"), ("TPR", "tpr"), ("true positive rate", "tpr"),
    ("miss rate", "fnr"), ("fall-out", "fpr"), ("FPR", "fpr"), ("TFP", "fpr"),
    ("log_loss", "cross_entropy"), ("log loss", "cross_entropy"), ("Log-Loss", "cross_entropy"),
    ("binary_crossentropy", "cross_entropy"), ("binary_accuracy", "accuracy"),
    ("roc_auc_score", "roc_auc"), ("AUROC", "roc_auc"), ("f1_score", "f1"), ("F1", "f1"),
    ("PPV", "ppv"), ("VPP", "ppv"), ("vpn", "npv"), ("Cohen's kappa", "cohen_kappa"),
    ("cohens kappa", "cohen_kappa"), ("youden_j", "youden_index"), ("Bengin", "benign"),
    ("No Finding", "no_finding"), ("no-finding", "no_finding"), ("  Cutoff ", "threshold"),
    ("calibration curve", "reliability_diagram"), ("confirmatory testing", "confirmation"),
    ("Sensitivity", "sensitivity"), ("recall", "recall"), ("ground truth", "reference_standard"),
])
def test_aliases_resolve(spelling, key):
    assert g.get(spelling).key == key


def test_clinical_and_ml_names_are_separate_entries():
    # the same number under three vocabularies: three entries, so each figure names it its way
    assert len({g.get(k).key for k in ("sensitivity", "recall", "tpr")}) == 3
    assert len({g.get(k).key for k in ("specificity", "tnr")}) == 2
    assert len({g.get(k).key for k in ("ppv", "precision")}) == 2


@pytest.mark.parametrize("key", KEYS)
def test_every_spelling_of_a_term_finds_that_term(key):
    t = g.get(key)
    spellings = [t.key, t.names["en"], *t.aliases, *(t.abbreviation or {}).values()]
    for spelling in spellings:
        assert g.get(spelling) is t, f"{spelling!r} finds {g.get(spelling).key!r}, not {key!r}"
        assert g.get(spelling.upper()) is t


def test_unknown_key_names_it_and_suggests_close_matches():
    with pytest.raises(KeyError, match="'sensitivty' is not in the glossary; did you mean "
                                        "'sensitivity'"):
        g.get("sensitivty")
    with pytest.raises(KeyError, match="'precison' .* did you mean 'precision'"):
        g.term("precison", "fr")
    with pytest.raises(KeyError, match="'xyzzy' is not in the glossary; glossary.keys"):
        g.define("xyzzy")
    with pytest.raises(KeyError, match="not in the glossary"):
        g.get("")


@pytest.mark.parametrize("bad", [3, None, b"auc", ["auc"]])
def test_non_string_key_is_refused(bad):
    with pytest.raises(KeyError, match="glossary keys are strings, got"):
        g.get(bad)


# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("code, expected", [
    ("en", "en"), ("EN", "en"), ("en-US", "en"), ("EN-us", "en"), ("en_GB", "en"),
    ("fr", "fr"), ("Fr", "fr"), ("fr-FR", "fr"), ("fr_CA", "fr"), (" fr ", "fr"),
    ("zh", "zh"), ("ZH", "zh"), ("zh-CN", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"),
    ("zh-hans-cn", "zh"), ("zh-Hans-CN", "zh"), ("zh-SG", "zh"), ("zh-Hans-TW", "zh"),
])
def test_normalize_lang_accepts(code, expected):
    assert g.normalize_lang(code) == expected


@pytest.mark.parametrize("code", ["de", "", "english", "es-ES", "e", "cn", "-"])
def test_normalize_lang_rejects_other_languages(code):
    with pytest.raises(ValueError) as exc:
        g.normalize_lang(code)
    message = str(exc.value)
    assert f"lang={code!r} is not a course language" in message
    assert "'en', 'fr' or 'zh'" in message


@pytest.mark.parametrize("code", ["zh-TW", "zh_tw", "zh-HK", "zh-Hant", "zh-hant-tw",
                                  "zh-Hant-CN"])
def test_normalize_lang_rejects_traditional_chinese(code):
    with pytest.raises(ValueError) as exc:
        g.normalize_lang(code)
    message = str(exc.value)
    assert repr(code) in message and "Traditional Chinese" in message
    assert "Simplified Chinese only" in message and "'zh'" in message


@pytest.mark.parametrize("bad", [None, 3, b"en", ["en"]])
def test_normalize_lang_rejects_non_strings(bad):
    with pytest.raises(ValueError, match=re.escape(f"got {bad!r}")) as exc:
        g.normalize_lang(bad)
    assert "'en', 'fr' or 'zh'" in str(exc.value)


@pytest.mark.parametrize("func", [g.term, g.define])
def test_lookups_validate_the_language(func):
    assert func("auc", "zh-CN") == func("auc", "zh")
    with pytest.raises(ValueError, match="'de'"):
        func("auc", "de")


# ---------------------------------------------------------------------------
# both()
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("clinical, ml, lang, expected", [
    ("sensitivity", "recall", "en", "sensitivity (recall)"),
    ("sensitivity", "recall", "fr", "sensibilité (rappel)"),
    ("sensitivity", "recall", "zh", "灵敏度（召回率）"),
    ("sensitivity", "recall", "zh-CN", "灵敏度（召回率）"),
    ("ppv", "precision", "en", "positive predictive value (precision)"),
    ("ppv", "precision", "fr", "valeur prédictive positive (précision)"),
    ("ppv", "precision", "zh", "阳性预测值（精确率）"),
    ("specificity", "tnr", "fr", "spécificité (taux de vrais négatifs)"),
    # acronyms, digits and proper names keep their capitals
    ("roc", "auc", "en", "ROC curve (area under the curve (AUC))"),
    ("f1", "fbeta", "en", "F1 score (F-beta score)"),
    ("cohen_kappa", "brier_score", "en", "Cohen's kappa (Brier score)"),
    ("cohen_kappa", "brier_score", "fr", "kappa de Cohen (score de Brier)"),
])
def test_both_follows_each_language(clinical, ml, lang, expected):
    assert g.both(clinical, ml, lang) == expected


def test_both_uses_full_width_parentheses_in_chinese_only():
    zh = g.both("sensitivity", "recall", "zh")
    assert "（" in zh and "(" not in zh and " " not in zh
    assert "（" not in g.both("sensitivity", "recall", "fr")


# ---------------------------------------------------------------------------
# keys() and as_table()
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("category", g.CATEGORIES)
def test_keys_by_category(category):
    chosen = g.keys(category)
    assert chosen, f"no term in {category!r}"
    assert all(g.get(k).category == category for k in chosen)
    assert chosen == [k for k in KEYS if k in chosen]  # table order


def test_categories_partition_the_table():
    assert g.keys("class") == ["cardiomegaly", "no_finding", "benign", "malignant", "normal",
                               "pneumonia"]
    assert set(g.keys("outcome")) >= {"true_positive", "false_negative", "confusion_matrix"}
    assert sorted(k for c in g.CATEGORIES for k in g.keys(c)) == sorted(KEYS)
    assert g.keys() is not g.keys()  # a fresh list each time


@pytest.mark.parametrize("bad", ["metrics", "Metric", "", 3])
def test_unknown_category_lists_the_valid_ones(bad):
    with pytest.raises(ValueError, match=re.escape(f"category={bad!r} is not valid")) as exc:
        g.keys(bad)
    assert all(c in str(exc.value) for c in g.CATEGORIES)


def test_as_table_all_languages():
    full = g.as_table()
    assert isinstance(full, pd.DataFrame)
    assert list(full.columns) == ["key", "category", "en", "fr", "zh", "definition_en",
                                  "definition_fr", "definition_zh"]
    assert full.shape == (len(KEYS), 8)
    assert list(full["key"]) == KEYS
    row = full.set_index("key").loc["sensitivity"]
    assert (row["en"], row["fr"], row["zh"]) == ("Sensitivity", "Sensibilité", "灵敏度")
    assert row["definition_fr"] == g.define("sensitivity", "fr")


@pytest.mark.parametrize("lang", ["en", "fr-FR", "zh-Hans"])
def test_as_table_one_language(lang):
    table = g.as_table(lang)
    code = g.normalize_lang(lang)
    assert list(table.columns) == ["key", "category", "term", "abbreviation", "definition"]
    assert table.shape == (len(KEYS), 5)
    indexed = table.set_index("key")
    assert indexed.loc["npv", "abbreviation"] == g.term("npv", code, abbreviated=True)
    assert pd.isna(indexed.loc["epoch", "abbreviation"])
    assert list(indexed["term"]) == [g.term(k, code) for k in KEYS]
    assert list(indexed["definition"]) == [g.define(k, code) for k in KEYS]


def test_as_table_refuses_a_bad_language():
    with pytest.raises(ValueError, match="'zh-TW'"):
        g.as_table("zh-TW")


# ---------------------------------------------------------------------------
# Entries are values that cannot be edited by accident
# ---------------------------------------------------------------------------


def test_term_is_frozen_and_read_only():
    t = g.get("ppv")
    with pytest.raises(dataclasses.FrozenInstanceError):
        t.key = "npv"
    with pytest.raises(TypeError, match="read-only"):
        t.names["en"] = "changed"
    with pytest.raises(TypeError, match="read-only"):
        t.definitions.update(en="changed")
    with pytest.raises(TypeError, match="read-only"):
        t.abbreviation.pop("fr")
    assert g.term("ppv") == "Positive predictive value"
    editable = dict(t.names)
    editable["en"] = "PPV"
    assert g.term("ppv") == "Positive predictive value"


def test_term_is_a_hashable_picklable_value():
    t = g.get("auc")
    assert isinstance(t.names, dict) and t.names == dict(t.names)
    assert {t, g.get("AUC")} == {t}
    assert pickle.loads(pickle.dumps(t)) == t
    assert copy.deepcopy(t) == t
    assert dataclasses.asdict(t)["names"]["zh"] == "曲线下面积（AUC）"
    assert isinstance(t.aliases, tuple)


def test_term_checks_its_fields():
    names = {"en": "X", "fr": "X", "zh": "甲"}
    with pytest.raises(ValueError, match="names must map each of"):
        g.Term(key="x", names={"en": "X"}, definitions=names)
    with pytest.raises(ValueError, match="category='metrics' is not one of"):
        g.Term(key="x", names=names, definitions=names, category="metrics")


# ---------------------------------------------------------------------------
# The module stays light
# ---------------------------------------------------------------------------


def test_module_imports_only_the_standard_library():
    tree = ast.parse(inspect.getsource(g))
    top_level = set()
    for node in tree.body:  # module level only: pandas is imported inside as_table
        if isinstance(node, ast.Import):
            top_level |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top_level.add(node.module.split(".")[0])
    assert top_level - {"__future__"} <= set(sys.stdlib_module_names)


def test_import_loads_neither_pandas_nor_tensorflow():
    code = ("import sys, medcourse.glossary as g; g.term('auc', 'zh'); "
            "print(sorted(m for m in ('pandas', 'numpy', 'tensorflow', 'keras', 'matplotlib') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
