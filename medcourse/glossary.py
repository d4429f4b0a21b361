"""The course's terms in English, French and Simplified Chinese.

One table is the single source of words for figures (axis labels, legends),
chapters and the grader's feedback, so a term is translated once and used the
same way everywhere. Each entry has a name and a one- or two-sentence
definition in every language; names are capitalised as axis labels are
("True positive", "Sensibilité", "灵敏度").

Design choices
--------------
- Where a quantity has a clinical and a machine-learning name, each name is an
  entry of its own: ``sensitivity``, ``recall`` and ``tpr`` are three keys
  (the same number, three vocabularies), as are ``ppv`` and ``precision``, and
  ``specificity`` and ``tnr``. A figure asks for the word its axis needs (the
  ROC curve's y axis is ``tpr``) and :func:`both` writes a pair such as
  "sensitivity (recall)" in each language's typography.
- Other spellings are aliases of the entry whose name they share:
  ``"hit rate"`` -> ``tpr``, ``"miss rate"`` -> ``fnr``, ``"fall-out"`` ->
  ``fpr``, ``"log loss"`` -> ``cross_entropy``, Keras and scikit-learn metric
  names (``"binary_accuracy"``, ``"roc_auc_score"``) -> their entries.
- :func:`get` finds an entry by key, alias, English name or abbreviation in
  any language ("PPV", "VPP"); case, spaces, hyphens and apostrophes do not
  matter. An unknown key raises :class:`KeyError` with the closest keys.
- Chinese is Simplified (zh-CN) with full-width punctuation in prose; a space
  separates Chinese from Latin letters ("ROC 曲线"). French definitions carry a
  no-break space (U+00A0) before ``; : ! ?`` and ``%`` and inside « »; the
  table is written with ordinary spaces and :func:`_entry` puts them in.
- Entries are read-only: a figure cannot change a word for every later figure
  by editing ``get(key).names`` in place. Copy with ``dict(...)`` to edit.

The module uses only the standard library (pandas inside :func:`as_table`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CATEGORIES",
    "LANGUAGES",
    "Term",
    "as_table",
    "both",
    "define",
    "get",
    "keys",
    "normalize_lang",
    "term",
]

#: The course's languages: English, French, Simplified Chinese.
LANGUAGES = ("en", "fr", "zh")
#: The categories of entries, in the order the book's glossary page lists them.
CATEGORIES = ("metric", "outcome", "curve", "calibration", "clinical", "training", "plot",
              "class")

_NBSP = "\u00a0"


class _ReadOnlyDict(dict):
    """A dict that refuses changes, so the shared table cannot be edited by accident."""

    __slots__ = ()

    def _refuse(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("glossary entries are read-only; copy one with dict(...) to change it")

    __setitem__ = __delitem__ = __ior__ = _refuse  # type: ignore[assignment]
    clear = pop = popitem = setdefault = update = _refuse  # type: ignore[assignment]

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(tuple(sorted(self.items())))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (dict(self),))

    def __copy__(self) -> _ReadOnlyDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _ReadOnlyDict:
        return self


@dataclass(frozen=True)
class Term:
    """One glossary entry: a name and a definition per language.

    Attributes
    ----------
    key : str
        The identifier other modules use, e.g. ``"ppv"``.
    names : dict of str to str
        The name in each of :data:`LANGUAGES`, capitalised as on an axis label.
    definitions : dict of str to str
        A one- or two-sentence definition in each language.
    abbreviation : dict of str to str or None
        The short form in each language (``{"en": "PPV", "fr": "VPP", "zh": "PPV"}``),
        or None when the term has none.
    aliases : tuple of str
        Other English spellings that :func:`get` resolves to this entry.
    category : str
        One of :data:`CATEGORIES`.

    The three mappings are read-only; ``dict(t.names)`` gives an editable copy.

    Examples
    --------
    >>> t = get("ppv")
    >>> t.names["fr"], t.abbreviation["fr"], t.category
    ('Valeur prédictive positive', 'VPP', 'metric')
    """

    key: str
    names: dict[str, str]
    definitions: dict[str, str]
    abbreviation: dict[str, str] | None = None
    aliases: tuple[str, ...] = ()
    category: str = "metric"

    def __post_init__(self) -> None:
        for field in ("names", "definitions", "abbreviation"):
            value = getattr(self, field)
            if value is None and field == "abbreviation":
                continue
            if not isinstance(value, dict) or set(value) != set(LANGUAGES):
                raise ValueError(f"Term {self.key!r}: {field} must map each of {LANGUAGES} to a "
                                 f"string, got {value!r}")
            object.__setattr__(self, field, _ReadOnlyDict((lang, value[lang]) for lang in LANGUAGES))
        if self.category not in CATEGORIES:
            raise ValueError(f"Term {self.key!r}: category={self.category!r} is not one of "
                             f"{', '.join(CATEGORIES)}")
        object.__setattr__(self, "aliases", tuple(self.aliases))


def _french(text: str) -> str:
    """French typography: a no-break space before ; : ! ? % and inside « »."""
    text = re.sub(r" ([:;!?%])", _NBSP + r"\1", text)
    return text.replace("« ", "«" + _NBSP).replace(" »", _NBSP + "»")


def _entry(key: str, category: str, names: tuple[str, str, str],
           definitions: tuple[str, str, str], abbreviation: tuple[str, str, str] | None = None,
           aliases: tuple[str, ...] = ()) -> Term:
    en, fr, zh = definitions
    return Term(key=key, names=dict(zip(LANGUAGES, names)),
                definitions=dict(zip(LANGUAGES, (en, _french(fr), zh))),
                abbreviation=None if abbreviation is None else dict(zip(LANGUAGES, abbreviation)),
                aliases=aliases, category=category)


_TERMS: tuple[Term, ...] = (
    # --- metrics -------------------------------------------------------------
    _entry("accuracy", "metric", ("Accuracy", "Exactitude", "准确率"), (
        "The share of all cases whose prediction is right, (TP + TN) / N. It hides which errors "
        "a model makes and looks high when a model simply predicts the majority class.",
        "Part des cas correctement classés, (VP + VN) / N. Faux ami : la « précision » n'est "
        "pas l'exactitude, c'est la part de vrais positifs parmi les cas signalés (anglais "
        "« precision ») ; l'exactitude masque le type d'erreur et paraît élevée quand le modèle "
        "prédit toujours la classe majoritaire.",
        "预测正确的病例占全部病例的比例，即 (TP + TN) / N。它掩盖了模型犯的是哪类错误，"
        "模型只要总是预测多数类就能得到很高的准确率。"),
        aliases=("acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
                 "accuracy_score")),
    _entry("error_rate", "metric", ("Error rate", "Taux d'erreur", "错误率"), (
        "The share of cases predicted wrongly, 1 − accuracy.",
        "Part des cas mal classés, soit 1 − exactitude.",
        "预测错误的病例所占比例，即 1 − 准确率。"),
        aliases=("misclassification rate",)),
    _entry("loss", "training", ("Loss", "Perte", "损失"), (
        "The number a model minimises during training; for classifiers it is usually the "
        "cross-entropy of the predicted probabilities.",
        "Quantité que le modèle minimise pendant l'entraînement ; pour un classifieur, c'est en "
        "général l'entropie croisée des probabilités prédites.",
        "模型在训练中最小化的数值；分类器通常使用预测概率的交叉熵。"),
        aliases=("loss function",)),
    _entry("cross_entropy", "metric", ("Cross-entropy", "Entropie croisée", "交叉熵"), (
        "The mean of −log(probability given to the true class). A confident wrong prediction "
        "costs far more than a hesitant one.",
        "Moyenne de −log(probabilité attribuée à la vraie classe). Une erreur commise avec "
        "assurance coûte bien plus qu'une erreur hésitante.",
        "对真实类别所给概率取 −log 后的平均值。自信的错误预测比犹豫的错误代价大得多。"),
        aliases=("log_loss", "log loss", "logistic loss", "binary_crossentropy",
                 "categorical_crossentropy", "sparse_categorical_crossentropy")),
    _entry("mean_squared_error", "metric", ("Mean squared error", "Erreur quadratique moyenne",
                                            "均方误差"), (
        "The mean of the squared differences between targets and predictions; on 0/1 labels "
        "and predicted probabilities it equals the Brier score.",
        "Moyenne des carrés des écarts entre cibles et prédictions ; sur des étiquettes 0/1 et "
        "des probabilités prédites, elle est égale au score de Brier.",
        "目标值与预测值之差的平方的平均；对 0/1 标签和预测概率而言，它等于 Brier 分数。"),
        abbreviation=("MSE", "EQM", "MSE")),
    _entry("precision", "metric", ("Precision", "Précision", "精确率"), (
        "Of the cases the model flags, the share that truly have the condition, TP / (TP + FP). "
        "Clinicians call the same number the positive predictive value.",
        "Parmi les cas signalés par le modèle, part de ceux qui ont réellement la maladie, "
        "VP / (VP + FP). En clinique, on parle de valeur prédictive positive.",
        "在模型判为阳性的病例中真正患病者的比例，即 TP / (TP + FP)。临床上称为阳性预测值。"),
        aliases=("precision_score",)),
    _entry("recall", "metric", ("Recall", "Rappel", "召回率"), (
        "Of the cases that have the condition, the share the model flags, TP / (TP + FN); the "
        "machine-learning name of sensitivity.",
        "Parmi les cas qui ont la maladie, part de ceux que le modèle signale, VP / (VP + FN) ; "
        "c'est le nom que l'apprentissage automatique donne à la sensibilité.",
        "在患病病例中被模型判为阳性的比例，即 TP / (TP + FN)；是机器学习对灵敏度的称呼。"),
        aliases=("recall_score",)),
    _entry("sensitivity", "metric", ("Sensitivity", "Sensibilité", "灵敏度"), (
        "The share of patients with the disease whom the test flags, TP / (TP + FN). A highly "
        "sensitive test rarely misses disease, so a negative result helps rule it out.",
        "Part des patients malades que le test détecte, VP / (VP + FN). Un test très sensible "
        "manque rarement la maladie : un résultat négatif aide à l'exclure.",
        "患病者中被检测判为阳性的比例，即 TP / (TP + FN)。高灵敏度的检测很少漏诊，"
        "因此阴性结果有助于排除疾病。"),
        aliases=("sensitivity_score",)),
    _entry("specificity", "metric", ("Specificity", "Spécificité", "特异度"), (
        "The share of people without the disease whom the test clears, TN / (TN + FP). A highly "
        "specific test rarely raises false alarms, so a positive result helps rule disease in.",
        "Part des personnes non malades que le test déclare négatives, VN / (VN + FP). Un test "
        "très spécifique donne peu de fausses alertes : un résultat positif aide à confirmer "
        "la maladie.",
        "未患病者中被检测判为阴性的比例，即 TN / (TN + FP)。高特异度的检测很少误报，"
        "因此阳性结果有助于确诊。"),
        aliases=("specificity_score", "selectivity")),
    _entry("ppv", "metric", ("Positive predictive value", "Valeur prédictive positive",
                             "阳性预测值"), (
        "The probability that a patient with a positive result has the disease, TP / (TP + FP). "
        "Unlike sensitivity it depends on prevalence: at the same sensitivity and specificity, "
        "the rarer the disease, the lower the PPV.",
        "Probabilité qu'un patient au résultat positif soit malade, VP / (VP + FP). "
        "Contrairement à la sensibilité, elle dépend de la prévalence : à sensibilité et "
        "spécificité égales, plus la maladie est rare, plus la VPP est basse.",
        "检测阳性者真正患病的概率，即 TP / (TP + FP)。与灵敏度不同，它依赖患病率："
        "在灵敏度和特异度相同时，疾病越少见，阳性预测值越低。"),
        abbreviation=("PPV", "VPP", "PPV")),
    _entry("npv", "metric", ("Negative predictive value", "Valeur prédictive négative",
                             "阴性预测值"), (
        "The probability that a patient with a negative result is free of the disease, "
        "TN / (TN + FN). It depends on prevalence and rises as the disease becomes rarer.",
        "Probabilité qu'un patient au résultat négatif ne soit pas malade, VN / (VN + FN). "
        "Elle dépend de la prévalence et augmente quand la maladie devient plus rare.",
        "检测阴性者确实未患病的概率，即 TN / (TN + FN)。它依赖患病率，疾病越少见，阴性预测值越高。"),
        abbreviation=("NPV", "VPN", "NPV"), aliases=("npv_score",)),
    _entry("f1", "metric", ("F1 score", "Score F1", "F1 分数"), (
        "The harmonic mean of precision and recall, 2TP / (2TP + FP + FN). It ignores true "
        "negatives.",
        "Moyenne harmonique de la précision et du rappel, 2VP / (2VP + FP + FN). Elle ignore "
        "les vrais négatifs.",
        "精确率与召回率的调和平均，即 2TP / (2TP + FP + FN)。它不考虑真阴性。"),
        aliases=("f1_score", "f-score", "f measure", "dice")),
    _entry("fbeta", "metric", ("F-beta score", "Score F-bêta", "F-beta 分数"), (
        "A weighted harmonic mean of precision P and recall R, (1 + β²)PR / (β²P + R); β > 1 "
        "weighs recall (missed cases) more, β < 1 weighs precision more.",
        "Moyenne harmonique pondérée de la précision P et du rappel R, (1 + β²)PR / (β²P + R) ; "
        "β > 1 donne plus de poids au rappel (cas manqués), β < 1 à la précision.",
        "精确率 P 与召回率 R 的加权调和平均，即 (1 + β²)PR / (β²P + R)；β > 1 更看重召回率"
        "（漏诊），β < 1 更看重精确率。"),
        aliases=("f_beta", "fbeta_score", "f-beta")),
    _entry("tpr", "metric", ("True positive rate", "Taux de vrais positifs", "真阳性率"), (
        "TP / (TP + FN), the y axis of the ROC curve; the same number as sensitivity and recall.",
        "VP / (VP + FN), l'axe vertical de la courbe ROC ; la même valeur que la sensibilité et "
        "le rappel.",
        "TP / (TP + FN)，ROC 曲线的纵轴；与灵敏度、召回率是同一个数。"),
        abbreviation=("TPR", "TVP", "TPR"), aliases=("hit rate",)),
    _entry("fpr", "metric", ("False positive rate", "Taux de faux positifs", "假阳性率"), (
        "FP / (FP + TN) = 1 − specificity, the x axis of the ROC curve: the share of healthy "
        "people who get a false alarm.",
        "FP / (FP + VN) = 1 − spécificité, l'axe horizontal de la courbe ROC : la part des "
        "personnes saines qui reçoivent une fausse alerte.",
        "FP / (FP + TN) = 1 − 特异度，ROC 曲线的横轴：健康者中收到误报的比例。"),
        abbreviation=("FPR", "TFP", "FPR"), aliases=("fall-out", "false alarm rate")),
    _entry("fnr", "metric", ("False negative rate", "Taux de faux négatifs", "假阴性率"), (
        "FN / (FN + TP) = 1 − sensitivity: the share of patients whose disease is missed.",
        "FN / (FN + VP) = 1 − sensibilité : la part des malades dont la maladie est manquée.",
        "FN / (FN + TP) = 1 − 灵敏度：患病者中被漏诊的比例。"),
        abbreviation=("FNR", "TFN", "FNR"), aliases=("miss rate",)),
    _entry("tnr", "metric", ("True negative rate", "Taux de vrais négatifs", "真阴性率"), (
        "TN / (TN + FP); the same number as specificity.",
        "VN / (VN + FP) ; la même valeur que la spécificité.",
        "TN / (TN + FP)；与特异度是同一个数。"),
        abbreviation=("TNR", "TVN", "TNR")),
    _entry("prevalence", "metric", ("Prevalence", "Prévalence", "患病率"), (
        "The share of people in a population who have the condition. PPV and NPV change with "
        "it, and a test set's prevalence is rarely the clinic's.",
        "Part des personnes d'une population qui ont la maladie. La VPP et la VPN varient avec "
        "elle, et la prévalence d'un jeu de test est rarement celle de la clinique.",
        "人群中患有该病的人所占比例。阳性和阴性预测值随之变化，而测试集的患病率很少等于临床实际。")),
    _entry("cohen_kappa", "metric", ("Cohen's kappa", "Kappa de Cohen", "Cohen kappa 系数"), (
        "Agreement between two raters (or a model and a reader) beyond what chance would give, "
        "(pₒ − pₑ) / (1 − pₑ): 1 is perfect agreement, 0 is chance level.",
        "Accord entre deux évaluateurs (ou un modèle et un lecteur) au-delà de ce que "
        "donnerait le hasard, (pₒ − pₑ) / (1 − pₑ) : 1 est un accord parfait, 0 correspond au "
        "hasard.",
        "两位评估者（或模型与阅片者）之间超出随机水平的一致性，即 (pₒ − pₑ) / (1 − pₑ)："
        "1 为完全一致，0 为随机水平。"),
        aliases=("kappa", "cohen_kappa_score")),
    _entry("support", "metric", ("Support", "Effectif", "支持数"), (
        "The number of cases of a class in the data a metric was computed on.",
        "Nombre de cas d'une classe dans les données sur lesquelles la métrique est calculée.",
        "计算指标所用数据中某一类别的病例数。")),
    _entry("micro_average", "metric", ("Micro average", "Moyenne micro", "微平均"), (
        "An average that pools the counts of all classes and computes the metric once, so "
        "large classes dominate.",
        "Moyenne obtenue en additionnant les effectifs de toutes les classes avant de calculer "
        "la métrique une seule fois ; les grandes classes dominent.",
        "先汇总所有类别的计数，再计算一次指标；大类别占主导。"),
        aliases=("micro",)),
    _entry("macro_average", "metric", ("Macro average", "Moyenne macro", "宏平均"), (
        "The plain mean of a metric computed for each class, so every class counts equally, "
        "however rare.",
        "Moyenne simple d'une métrique calculée pour chaque classe ; chaque classe compte "
        "autant, même rare.",
        "先分别计算每个类别的指标，再取简单平均；每个类别权重相同，无论多罕见。"),
        aliases=("macro",)),
    _entry("weighted_average", "metric", ("Weighted average", "Moyenne pondérée", "加权平均"), (
        "The mean of the per-class metrics weighted by each class's number of cases.",
        "Moyenne des métriques par classe, pondérée par l'effectif de chaque classe.",
        "按各类别病例数加权的各类别指标平均值。"),
        aliases=("weighted",)),
    _entry("confidence_interval", "metric", ("Confidence interval", "Intervalle de confiance",
                                             "置信区间"), (
        "A range of values for a quantity such as an AUC that is compatible with the data; a "
        "95% interval built this way covers the true value in 95% of repeated studies.",
        "Plage de valeurs compatibles avec les données pour une grandeur comme l'AUC ; un "
        "intervalle à 95 % ainsi construit contient la vraie valeur dans 95 % des études répétées.",
        "对某个量（如 AUC）与数据相容的取值范围；按此法构造的 95% 区间在重复研究中有 95% "
        "的概率覆盖真实值。"),
        abbreviation=("CI", "IC", "CI")),
    _entry("bootstrap", "metric", ("Bootstrap", "Bootstrap", "自助法"), (
        "Estimating the uncertainty of a metric by recomputing it on many samples drawn with "
        "replacement from the test cases.",
        "Estimation de l'incertitude d'une métrique en la recalculant sur de nombreux "
        "échantillons tirés avec remise parmi les cas de test.",
        "通过从测试病例中有放回地反复抽样并重新计算指标，来估计指标的不确定性。"),
        aliases=("bootstrapping", "bootstrap_ci")),
    # --- outcomes --------------------------------------------------------------
    _entry("true_positive", "outcome", ("True positive", "Vrai positif", "真阳性"), (
        "A case with the condition that the model flags.",
        "Un cas malade que le modèle signale.",
        "患病且被模型判为阳性的病例。"), abbreviation=("TP", "VP", "TP")),
    _entry("false_positive", "outcome", ("False positive", "Faux positif", "假阳性"), (
        "A case without the condition that the model flags: a false alarm.",
        "Un cas non malade que le modèle signale : une fausse alerte.",
        "未患病却被模型判为阳性的病例：误报。"), abbreviation=("FP", "FP", "FP"),
        aliases=("false alarm",)),
    _entry("true_negative", "outcome", ("True negative", "Vrai négatif", "真阴性"), (
        "A case without the condition that the model clears.",
        "Un cas non malade que le modèle déclare négatif.",
        "未患病且被模型判为阴性的病例。"), abbreviation=("TN", "VN", "TN")),
    _entry("false_negative", "outcome", ("False negative", "Faux négatif", "假阴性"), (
        "A case with the condition that the model misses.",
        "Un cas malade que le modèle manque.",
        "患病却被模型判为阴性的病例：漏诊。"), abbreviation=("FN", "FN", "FN")),
    _entry("confusion_matrix", "outcome", ("Confusion matrix", "Matrice de confusion",
                                           "混淆矩阵"), (
        "A table that counts, for each true class (rows), how the cases were predicted "
        "(columns); its diagonal holds the correct predictions.",
        "Tableau qui compte, pour chaque vraie classe (lignes), comment les cas ont été prédits "
        "(colonnes) ; sa diagonale contient les bonnes prédictions.",
        "按真实类别（行）统计病例被预测为各类别（列）的次数的表格；对角线为正确预测。")),
    _entry("reference_standard", "outcome", ("Reference standard", "Référence diagnostique",
                                             "参考标准"), (
        "The best available way of knowing whether a case truly has the condition (biopsy, "
        "follow-up, expert consensus); the true labels come from it.",
        "Le meilleur moyen disponible de savoir si un cas est réellement malade (biopsie, "
        "suivi, consensus d'experts) ; les vraies classes en proviennent.",
        "判断病例是否真正患病的最佳可用方法（活检、随访、专家共识）；真实类别即来源于此。"),
        aliases=("ground truth", "gold standard")),
    # --- curves and thresholds -------------------------------------------------
    _entry("threshold", "curve", ("Threshold", "Seuil", "阈值"), (
        "The cutoff that turns a score into a decision: a score at or above it is a positive "
        "prediction.",
        "Valeur qui transforme un score en décision : un score supérieur ou égal au seuil est "
        "une prédiction positive.",
        "把分数转换为判定的切点：分数大于或等于阈值即判为阳性。"),
        aliases=("cutoff", "cut-off", "decision threshold")),
    _entry("roc", "curve", ("ROC curve", "Courbe ROC", "ROC 曲线"), (
        "The receiver operating characteristic curve: sensitivity against 1 − specificity at "
        "every threshold.",
        "Courbe caractéristique de fonctionnement du récepteur : la sensibilité en fonction de "
        "1 − spécificité, pour chaque seuil.",
        "受试者工作特征曲线：在每个阈值下以灵敏度对 1 − 特异度作图。"),
        abbreviation=("ROC", "ROC", "ROC"),
        aliases=("roc_curve", "receiver operating characteristic")),
    _entry("auc", "curve", ("Area under the curve (AUC)", "Aire sous la courbe (AUC)",
                            "曲线下面积（AUC）"), (
        "The area under the ROC curve: the probability that a random case with the condition "
        "scores higher than a random case without it, ties counting half. 0.5 is chance, 1 "
        "is perfect.",
        "Aire sous la courbe ROC : la probabilité qu'un cas malade tiré au hasard ait un score "
        "plus élevé qu'un cas sain tiré au hasard, les ex æquo comptant pour moitié. 0,5 "
        "correspond au hasard, 1 à la perfection.",
        "ROC 曲线下的面积：随机抽取的一名患者得分高于随机抽取的一名非患者的概率，"
        "得分相同记一半。0.5 为随机水平，1 为完美。"),
        abbreviation=("AUC", "AUC", "AUC"), aliases=("area under the curve",)),
    _entry("roc_auc", "curve", ("ROC AUC", "AUC ROC", "ROC 曲线下面积"), (
        "The AUC of the ROC curve, named so to tell it apart from the area under a "
        "precision-recall curve.",
        "L'AUC de la courbe ROC, à ne pas confondre avec l'aire sous une courbe "
        "précision-rappel.",
        "ROC 曲线的 AUC，以区别于精确率-召回率曲线下的面积。"),
        abbreviation=("AUROC", "AUROC", "AUROC"),
        aliases=("auc_roc", "roc_auc_score", "area under the roc curve")),
    _entry("pr_curve", "curve", ("Precision-recall curve", "Courbe précision-rappel",
                                 "精确率-召回率曲线"), (
        "Precision against recall at every threshold; more telling than the ROC curve when "
        "positives are rare.",
        "La précision en fonction du rappel, pour chaque seuil ; plus parlante que la courbe "
        "ROC quand les positifs sont rares.",
        "在每个阈值下以精确率对召回率作图；当阳性病例稀少时比 ROC 曲线更有信息量。"),
        abbreviation=("PR curve", "Courbe PR", "PR 曲线"),
        aliases=("precision_recall_curve",)),
    _entry("average_precision", "curve", ("Average precision", "Précision moyenne",
                                          "平均精确率"), (
        "A summary of the precision-recall curve: the precision at each threshold weighted by "
        "the gain in recall there. A model scoring at random gets about the prevalence.",
        "Résumé de la courbe précision-rappel : la précision à chaque seuil, pondérée par le "
        "gain de rappel à ce seuil. Un modèle au hasard obtient environ la prévalence.",
        "精确率-召回率曲线的概括：各阈值处的精确率按该处召回率的增量加权求和。"
        "随机打分的模型约等于患病率。"),
        abbreviation=("AP", "AP", "AP"), aliases=("average_precision_score", "pr_auc")),
    _entry("youden_index", "curve", ("Youden index", "Indice de Youden", "约登指数"), (
        "J = sensitivity + specificity − 1: the height of an ROC point above the chance "
        "diagonal. The threshold that maximises it weighs a miss and a false alarm equally.",
        "J = sensibilité + spécificité − 1 : la hauteur d'un point ROC au-dessus de la "
        "diagonale du hasard. Le seuil qui le maximise donne le même poids à un cas manqué et "
        "à une fausse alerte.",
        "J = 灵敏度 + 特异度 − 1：ROC 点高出随机对角线的距离。使其最大的阈值意味着漏诊与误报同等重要。"),
        aliases=("youden", "youden_j", "youden's j", "youden_threshold")),
    _entry("operating_point", "curve", ("Operating point", "Point de fonctionnement",
                                        "工作点"), (
        "A chosen threshold together with the sensitivity and specificity it gives.",
        "Un seuil choisi, avec la sensibilité et la spécificité qu'il donne.",
        "选定的阈值及其对应的灵敏度和特异度。")),
    _entry("chance", "curve", ("Chance", "Hasard", "随机水平"), (
        "What a model that ignores the image would achieve, e.g. the diagonal of the ROC plot.",
        "Ce qu'obtiendrait un modèle qui ignore l'image, par exemple la diagonale du graphique "
        "ROC.",
        "忽略图像内容的模型所能达到的水平，例如 ROC 图中的对角线。"),
        aliases=("chance level", "random classifier", "no skill")),
    # --- calibration -----------------------------------------------------------
    _entry("calibration", "calibration", ("Calibration", "Calibration", "校准"), (
        "Agreement between predicted probabilities and observed frequencies: of the cases given "
        "70%, about 70% should have the condition.",
        "Accord entre probabilités prédites et fréquences observées : parmi les cas à qui l'on "
        "donne 70 %, environ 70 % devraient être malades.",
        "预测概率与观测频率之间的一致性：被给出 70% 概率的病例中，约 70% 应当患病。")),
    _entry("reliability_diagram", "calibration", ("Reliability diagram",
                                                  "Diagramme de fiabilité", "可靠性图"), (
        "A plot of the observed frequency of the condition against the mean predicted "
        "probability, bin by bin; a calibrated model lies on the diagonal.",
        "Graphique de la fréquence observée de la maladie en fonction de la probabilité prédite "
        "moyenne, tranche de probabilité par tranche ; un modèle calibré suit la diagonale.",
        "按概率分箱，以观测到的患病频率对平均预测概率作图；校准良好的模型落在对角线上。"),
        aliases=("calibration curve", "calibration plot")),
    _entry("ece", "calibration", ("Expected calibration error",
                                  "Erreur de calibration attendue", "期望校准误差"), (
        "The mean gap between predicted probability and observed frequency over the bins of a "
        "reliability diagram, each bin weighted by its number of cases; 0 is perfect.",
        "Écart moyen entre probabilité prédite et fréquence observée sur les tranches d'un "
        "diagramme de fiabilité, chaque tranche pondérée par son nombre de cas ; 0 est parfait.",
        "可靠性图各分箱中预测概率与观测频率之差按病例数加权的平均值；0 为完美。"),
        abbreviation=("ECE", "ECE", "ECE"), aliases=("expected_calibration_error",)),
    _entry("brier_score", "calibration", ("Brier score", "Score de Brier", "Brier 分数"), (
        "The mean squared difference between predicted probabilities and 0/1 outcomes; lower "
        "is better, and it rewards both discrimination and calibration.",
        "Moyenne des carrés des écarts entre probabilités prédites et issues 0/1 ; plus il est "
        "bas, mieux c'est, et il récompense discrimination et calibration.",
        "预测概率与 0/1 结局之差的平方的平均；越低越好，同时反映区分度与校准。"),
        aliases=("brier", "brier_score_loss")),
    _entry("perfect_calibration", "calibration", ("Perfect calibration", "Calibration parfaite",
                                                  "完美校准"), (
        "The diagonal of a reliability diagram, where observed frequency equals predicted "
        "probability.",
        "Diagonale du diagramme de fiabilité, où la fréquence observée est égale à la "
        "probabilité prédite.",
        "可靠性图中的对角线，即观测频率等于预测概率。")),
    _entry("mean_predicted_probability", "calibration", (
        "Mean predicted probability", "Probabilité prédite moyenne", "平均预测概率"), (
        "The average of the predicted probabilities of the cases in a bin.",
        "Moyenne des probabilités prédites des cas d'une tranche de probabilité.",
        "某一分箱内病例预测概率的平均值。")),
    _entry("fraction_of_positives", "calibration", (
        "Fraction of positives", "Proportion de positifs", "阳性比例"), (
        "The observed share of cases with the condition in a bin.",
        "Part observée des cas malades dans une tranche de probabilité.",
        "某一分箱内实际患病病例所占比例。"), aliases=("observed frequency",)),
    # --- clinical ---------------------------------------------------------------
    _entry("screening", "clinical", ("Screening", "Dépistage", "筛查"), (
        "Testing people without symptoms to find disease early; a screening cutoff favours "
        "sensitivity, since a missed case is costly and positives get a second test.",
        "Examen de personnes sans symptômes pour trouver la maladie tôt ; un seuil de dépistage "
        "privilégie la sensibilité, car un cas manqué coûte cher et les positifs passent un "
        "second examen.",
        "对无症状人群进行检测以早期发现疾病；筛查阈值偏重灵敏度，因为漏诊代价高，"
        "阳性者还会接受进一步检查。"),
        aliases=("screening_point",)),
    _entry("confirmation", "clinical", ("Confirmatory testing", "Examen de confirmation",
                                        "确诊检查"), (
        "Testing to establish a diagnosis before treatment; its cutoff favours specificity, so "
        "that few healthy people are labelled ill.",
        "Examen destiné à établir un diagnostic avant traitement ; son seuil privilégie la "
        "spécificité, afin que peu de personnes saines soient déclarées malades.",
        "治疗前用于确立诊断的检查；其阈值偏重特异度，使健康者很少被误判为患病。"),
        aliases=("confirmatory test", "confirmation_point")),
    _entry("referral", "clinical", ("Referral", "Orientation vers un clinicien", "转诊"), (
        "Passing a case the model is unsure about to a clinician instead of predicting.",
        "Confier à un clinicien un cas sur lequel le modèle hésite, au lieu de prédire.",
        "把模型没有把握的病例交给临床医生处理，而不是直接给出预测。"),
        aliases=("deferral", "abstention")),
    _entry("coverage", "clinical", ("Coverage", "Couverture", "覆盖率"), (
        "The share of cases the model decides on itself rather than refers.",
        "Part des cas que le modèle tranche lui-même au lieu de les orienter.",
        "模型自行判定（而非转诊）的病例所占比例。")),
    _entry("missed_diagnosis", "clinical", ("Missed diagnosis", "Diagnostic manqué", "漏诊"), (
        "A case with a disease that the model assigns to a class without it, e.g. a malignant "
        "nodule called benign or normal.",
        "Un cas atteint d'une maladie que le modèle range dans une classe sans cette maladie, "
        "par exemple un nodule malin déclaré bénin ou normal.",
        "患有某病却被模型归入不含该病的类别的病例，例如恶性结节被判为良性或正常。"),
        aliases=("missed_diagnoses", "missed case")),
    _entry("cost_matrix", "clinical", ("Cost matrix", "Matrice de coûts", "代价矩阵"), (
        "A table giving the cost of each prediction (columns) for each true class (rows); the "
        "diagonal, the correct predictions, usually costs nothing.",
        "Tableau donnant le coût de chaque prédiction (colonnes) pour chaque vraie classe "
        "(lignes) ; la diagonale, celle des bonnes prédictions, ne coûte en général rien.",
        "给出每个真实类别（行）被预测为各类别（列）之代价的表格；对角线即正确预测，通常代价为零。")),
    _entry("severity_weighted_error", "clinical", ("Severity-weighted error",
                                                   "Erreur pondérée par la gravité",
                                                   "按严重程度加权的错误"), (
        "The mean cost per case when each error is weighted by its clinical cost, e.g. a "
        "missed cancer costing more than a false alarm.",
        "Coût moyen par cas lorsque chaque erreur est pondérée par son coût clinique, par "
        "exemple un cancer manqué coûtant plus qu'une fausse alerte.",
        "按临床代价为每种错误加权后每个病例的平均代价，例如漏诊癌症的代价高于误报。")),
    _entry("clinical_utility", "clinical", ("Clinical utility", "Utilité clinique", "临床效用"), (
        "Whether using the model improves decisions for patients, measured for example by "
        "the net benefit of a decision curve.",
        "Le fait que l'usage du modèle améliore les décisions pour les patients, mesuré par "
        "exemple par le bénéfice net d'une courbe de décision.",
        "使用模型能否改善对患者的决策，例如用决策曲线中的净获益来衡量。")),
    _entry("net_benefit", "clinical", ("Net benefit", "Bénéfice net", "净获益"), (
        "True positives minus false positives weighted by the odds of the threshold, "
        "(TP − FP · t / (1 − t)) / N: the benefit of treating as the model says, counted in "
        "correctly treated patients per patient.",
        "Vrais positifs moins faux positifs pondérés par la cote du seuil, "
        "(VP − FP · t / (1 − t)) / N : le bénéfice de traiter selon le modèle, compté en "
        "patients correctement traités par patient.",
        "真阳性减去按阈值概率的优势（odds）t / (1 − t) 加权的假阳性，再除以总数，即 "
        "(TP − FP · t / (1 − t)) / N：按模型决定治疗所带来的获益，以每名患者中被正确治疗的人数计。")),
    _entry("decision_curve", "clinical", ("Decision curve", "Courbe de décision", "决策曲线"), (
        "Net benefit against threshold probability, compared with treating everyone and "
        "treating no one.",
        "Le bénéfice net en fonction de la probabilité seuil, comparé à traiter tout le monde "
        "ou personne.",
        "以阈值概率为横轴的净获益曲线，并与“全部治疗”和“全不治疗”两种策略比较。"),
        aliases=("decision curve analysis", "dca")),
    _entry("class_imbalance", "clinical", ("Class imbalance", "Déséquilibre des classes",
                                           "类别不平衡"), (
        "When one class has many more cases than another, as disease often does; accuracy "
        "then misleads.",
        "Situation où une classe compte bien plus de cas qu'une autre, fréquente en médecine ; "
        "l'exactitude devient alors trompeuse.",
        "某一类别的病例远多于另一类别，这在医学中很常见；此时准确率具有误导性。"),
        aliases=("imbalance", "imbalanced classes")),
    # --- training ---------------------------------------------------------------
    _entry("epoch", "training", ("Epoch", "Époque", "轮次"), (
        "One pass of training over every training image.",
        "Un passage de l'entraînement sur toutes les images d'entraînement.",
        "训练过程中完整遍历一次全部训练图像。"), aliases=("epochs",)),
    _entry("training", "training", ("Training", "Entraînement", "训练"), (
        "Fitting a model's weights to the training set; also the label of that set's curves.",
        "Ajustement des poids du modèle sur le jeu d'entraînement ; désigne aussi les courbes "
        "de ce jeu.",
        "在训练集上拟合模型权重；也指该数据集上的曲线。"),
        aliases=("train", "training set", "train set")),
    _entry("validation", "training", ("Validation", "Validation", "验证"), (
        "Cases held out from training to choose settings and stop early; they are not a test.",
        "Cas mis de côté pendant l'entraînement pour régler le modèle et arrêter tôt ; ce ne "
        "sont pas des cas de test.",
        "从训练中留出、用于选择设置和提前停止的病例；它们不是测试集。"),
        aliases=("val", "validation set", "val set")),
    _entry("test_set", "training", ("Test set", "Jeu de test", "测试集"), (
        "Cases used once, at the end, to estimate how the model will perform; they must share "
        "no patient with training.",
        "Cas utilisés une seule fois, à la fin, pour estimer les performances du modèle ; ils "
        "ne doivent partager aucun patient avec l'entraînement.",
        "仅在最后使用一次、用于估计模型表现的病例；不得与训练集共享任何患者。"),
        aliases=("test", "held-out test set")),
    _entry("learning_rate", "training", ("Learning rate", "Taux d'apprentissage", "学习率"), (
        "The size of each weight update during training.",
        "Taille de chaque mise à jour des poids pendant l'entraînement.",
        "训练中每次更新权重的步长。"), aliases=("lr",)),
    _entry("overfitting", "training", ("Overfitting", "Surapprentissage", "过拟合"), (
        "Learning the training images, noise included, instead of what generalises; training "
        "loss keeps falling while validation loss rises.",
        "Apprendre les images d'entraînement, bruit compris, plutôt que ce qui se généralise ; "
        "la perte d'entraînement baisse tandis que celle de validation remonte.",
        "记住训练图像（包括噪声）而不是学到可推广的规律；训练损失持续下降而验证损失上升。"),
        aliases=("overfit",)),
    _entry("data_leakage", "training", ("Data leakage", "Fuite de données", "数据泄漏"), (
        "Information from the test cases reaching training, e.g. the same patient or a "
        "duplicate image on both sides; it inflates every metric.",
        "Passage d'informations des cas de test vers l'entraînement, par exemple le même "
        "patient ou une image dupliquée des deux côtés ; toutes les métriques s'en trouvent "
        "gonflées.",
        "测试病例的信息进入了训练，例如同一患者或重复图像同时出现在两边；这会抬高所有指标。"),
        aliases=("leakage",)),
    _entry("augmentation", "training", ("Data augmentation", "Augmentation de données",
                                        "数据增强"), (
        "Random, label-preserving changes to training images (rotation, shift, zoom, contrast).",
        "Modifications aléatoires des images d'entraînement qui ne changent pas l'étiquette "
        "(rotation, décalage, zoom, contraste).",
        "对训练图像进行不改变标签的随机变换（旋转、平移、缩放、对比度）。")),
    _entry("oversampling", "training", ("Oversampling", "Suréchantillonnage", "过采样"), (
        "Showing the minority class more often during training, by repeating its images or, as "
        "SMOTE does, synthesising new ones; only the training set is ever oversampled.",
        "Présenter plus souvent la classe minoritaire pendant l'entraînement, en répétant ses "
        "images ou, comme SMOTE, en en synthétisant de nouvelles ; seul le jeu d'entraînement "
        "est suréchantillonné.",
        "在训练中更频繁地呈现少数类，方法是重复其图像，或像 SMOTE 那样合成新样本；"
        "只能对训练集进行过采样。"),
        aliases=("smote", "resampling")),
    _entry("class_weight", "training", ("Class weights", "Poids des classes", "类别权重"), (
        "Factors that make errors on a rare class count more in the loss, often inversely "
        "proportional to class frequency.",
        "Coefficients qui font peser davantage dans la perte les erreurs sur une classe rare, "
        "souvent inversement proportionnels à la fréquence de la classe.",
        "使稀有类别的错误在损失中占更大比重的系数，通常与类别频率成反比。"),
        aliases=("class_weights", "class weighting")),
    _entry("early_stopping", "training", ("Early stopping", "Arrêt précoce", "提前停止"), (
        "Stopping training when the validation loss has not improved for a set number of "
        "epochs, and keeping the best weights.",
        "Arrêter l'entraînement quand la perte de validation ne s'améliore plus depuis un "
        "nombre donné d'époques, et garder les meilleurs poids.",
        "当验证损失在设定的轮次内不再改善时停止训练，并保留最佳权重。")),
    _entry("transfer_learning", "training", ("Transfer learning", "Apprentissage par transfert",
                                             "迁移学习"), (
        "Starting from a network trained on another task (often ImageNet) and training only a "
        "small new head.",
        "Partir d'un réseau entraîné sur une autre tâche (souvent ImageNet) et n'entraîner "
        "qu'une petite tête nouvelle.",
        "以在其他任务（常为 ImageNet）上训练好的网络为起点，只训练一个新的小型输出头。")),
    _entry("fine_tuning", "training", ("Fine-tuning", "Ajustement fin", "微调"), (
        "Unfreezing some pretrained layers and training them further at a low learning rate.",
        "Dégeler certaines couches préentraînées et poursuivre leur entraînement avec un faible "
        "taux d'apprentissage.",
        "解冻部分预训练层，并以较低学习率继续训练。"), aliases=("finetuning",)),
    _entry("grad_cam", "training", ("Gradient-weighted class activation map",
                                    "Carte d'activation de classe pondérée par le gradient",
                                    "梯度加权类激活图"), (
        "A map of the image regions that most raised the score of a class, computed from the "
        "gradients of that score with respect to the last convolutional feature maps.",
        "Une carte des régions de l'image qui ont le plus augmenté le score d'une classe, calculée "
        "à partir des gradients de ce score par rapport aux dernières cartes de caractéristiques "
        "convolutives.",
        "一张显示哪些图像区域最能提高某一类别得分的图，由该得分对最后一层卷积特征图的梯度计算得出。"),
        abbreviation=("Grad-CAM", "Grad-CAM", "Grad-CAM"), aliases=("gradcam", "class_activation_map")),
    _entry("heatmap", "plot", ("Heatmap", "Carte de chaleur", "热力图"), (
        "An image whose colours show a value per pixel, here how much each region mattered.",
        "Une image dont les couleurs indiquent une valeur par pixel, ici l'importance de chaque "
        "région.",
        "用颜色表示每个像素数值的图像，这里表示每个区域的重要程度。"), aliases=("heat_map",)),
    # --- plot words ---------------------------------------------------------------
    _entry("predicted_label", "plot", ("Predicted label", "Classe prédite", "预测类别"), (
        "The class the model assigns to a case.",
        "La classe que le modèle attribue à un cas.",
        "模型赋予病例的类别。"), aliases=("predicted class", "y_pred")),
    _entry("true_label", "plot", ("True label", "Vraie classe", "真实类别"), (
        "The class a case really belongs to, according to the reference standard.",
        "La classe à laquelle un cas appartient réellement, selon la référence diagnostique.",
        "根据参考标准，病例实际所属的类别。"), aliases=("true class", "y_true")),
    _entry("count", "plot", ("Count", "Nombre", "数量"), (
        "How many cases fall in a cell, bar or bin.",
        "Nombre de cas dans une case, une barre ou une tranche.",
        "落在某个单元格、柱或分箱中的病例个数。")),
    _entry("score", "plot", ("Score", "Score", "分数"), (
        "The number a model outputs for a case, higher meaning more likely positive; often a "
        "probability.",
        "Nombre que le modèle produit pour un cas, d'autant plus élevé que le cas est "
        "probablement positif ; souvent une probabilité.",
        "模型对病例输出的数值，越高表示越可能为阳性；通常是概率。"),
        aliases=("predicted score", "y_score")),
    _entry("predicted_probability", "plot", ("Predicted probability", "Probabilité prédite",
                                             "预测概率"), (
        "The model's probability that a case belongs to the positive class.",
        "Probabilité, selon le modèle, qu'un cas appartienne à la classe positive.",
        "模型给出的病例属于阳性类别的概率。"), aliases=("y_prob", "probability")),
    _entry("class", "plot", ("Class", "Classe", "类别"), (
        "One of the categories a model chooses between.",
        "Une des catégories entre lesquelles le modèle choisit.",
        "模型进行选择的类别之一。")),
    _entry("classes", "plot", ("Classes", "Classes", "类别"), (
        "The categories of a task, as a legend title.",
        "Les catégories d'une tâche, en titre de légende.",
        "任务中的各个类别，用作图例标题。")),
    _entry("metric", "plot", ("Metric", "Métrique", "指标"), (
        "A number that summarises how well a model performs.",
        "Un nombre qui résume la performance d'un modèle.",
        "概括模型表现的数值。"), aliases=("metrics",)),
    _entry("value", "plot", ("Value", "Valeur", "数值"), (
        "The number a metric or another quantity takes.",
        "Le nombre que prend une métrique ou une autre grandeur.",
        "某个指标或其他量所取的数值。")),
    _entry("frequency", "plot", ("Frequency", "Fréquence", "频率"), (
        "How often something occurs, as a count or a share.",
        "Nombre ou proportion de fois où quelque chose se produit.",
        "某事发生的次数或比例。")),
    _entry("normalized", "plot", ("Normalized", "Normalisé", "归一化"), (
        "Divided by a total so that values are shares between 0 and 1.",
        "Divisé par un total pour que les valeurs soient des proportions entre 0 et 1.",
        "除以总数，使数值成为 0 到 1 之间的比例。"), aliases=("normalised",)),
    _entry("proportion", "plot", ("Proportion", "Proportion", "比例"), (
        "A part of a whole, between 0 and 1.",
        "Une part d'un tout, entre 0 et 1.",
        "整体中的一部分，介于 0 与 1 之间。"), aliases=("share", "fraction")),
    _entry("number_of_images", "plot", ("Number of images", "Nombre d'images", "图像数量"), (
        "How many images a class or a split holds.",
        "Nombre d'images d'une classe ou d'une partition.",
        "某一类别或数据划分中的图像数目。"), aliases=("n_images",)),
    # --- classes of the labs --------------------------------------------------------
    _entry("cardiomegaly", "class", ("Cardiomegaly", "Cardiomégalie", "心脏肥大"), (
        "An enlarged heart; on a posteroanterior chest X-ray, a cardiothoracic ratio above 0.5.",
        "Cœur augmenté de volume ; sur une radiographie thoracique de face (postéro-antérieure), "
        "un rapport cardiothoracique supérieur à 0,5.",
        "心脏增大；在后前位胸片上表现为心胸比大于 0.5。")),
    _entry("no_finding", "class", ("No finding", "Aucune anomalie", "无异常"), (
        "A chest X-ray labelled without any of the dataset's findings.",
        "Radiographie thoracique étiquetée sans aucune des anomalies du jeu de données.",
        "未标注数据集中任何异常的胸片。"), aliases=("no findings", "nofinding")),
    _entry("benign", "class", ("Benign", "Bénin", "良性"), (
        "A tumour or nodule that is not cancer.",
        "Une tumeur ou un nodule qui n'est pas un cancer.",
        "非癌性的肿瘤或结节。"),
        aliases=("bengin",)),  # the IQ-OTH/NCCD folder's spelling
    _entry("malignant", "class", ("Malignant", "Malin", "恶性"), (
        "Cancerous: able to invade tissue and spread.",
        "Cancéreux : capable d'envahir les tissus et de se disséminer.",
        "癌性的：能够侵袭组织并扩散。")),
    _entry("normal", "class", ("Normal", "Normal", "正常"), (
        "An image without the abnormality the task looks for.",
        "Une image sans l'anomalie recherchée par la tâche.",
        "没有该任务所寻找异常的图像。")),
    _entry("pneumonia", "class", ("Pneumonia", "Pneumonie", "肺炎"), (
        "An infection of the lung; on an X-ray, patchy or lobar opacities.",
        "Infection du poumon ; sur une radiographie, des opacités en foyers ou lobaires.",
        "肺部感染；在 X 光片上表现为斑片状或大叶性阴影。")),
)

_BY_KEY: dict[str, Term] = {t.key: t for t in _TERMS}


def _norm(text: str) -> str:
    """Lookup form: lower case; runs of spaces, hyphens and underscores as one ``_``."""
    text = re.sub(r"['’]", "", text.strip().lower())
    return re.sub(r"[\s\-_]+", "_", text)


def _build_lookup() -> dict[str, str]:
    """Spelling -> key. Keys win over aliases and names, which win over abbreviations."""
    lookup: dict[str, str] = {}
    for t in _TERMS:
        lookup[_norm(t.key)] = t.key
    for t in _TERMS:
        for spelling in (*t.aliases, t.names["en"]):
            lookup.setdefault(_norm(spelling), t.key)
    for t in _TERMS:
        for spelling in (t.abbreviation or {}).values():
            lookup.setdefault(_norm(spelling), t.key)
    return lookup


_LOOKUP: dict[str, str] = _build_lookup()

_ZH_TRADITIONAL = {"tw", "hk", "mo", "hant"}


def normalize_lang(lang: Any) -> str:
    """The course's code ``"en"``, ``"fr"`` or ``"zh"`` for a language tag.

    Parameters
    ----------
    lang : str
        ``"en"``, ``"fr"`` or ``"zh"``, or a regional tag such as ``"en-US"``,
        ``"fr_CA"``, ``"zh-CN"``, ``"zh-Hans"``; case does not matter and ``_``
        is read as ``-``.

    Returns
    -------
    str
        ``"en"``, ``"fr"`` or ``"zh"``.

    Raises
    ------
    ValueError
        For any other language, for a value that is not a string, and for
        Traditional Chinese (``"zh-TW"``, ``"zh-HK"``, ``"zh-Hant"``): the
        course has a Simplified Chinese edition only.

    Examples
    --------
    >>> normalize_lang("zh-Hans-CN"), normalize_lang("fr_CA"), normalize_lang("EN")
    ('zh', 'fr', 'en')
    >>> normalize_lang("zh-TW")
    Traceback (most recent call last):
    ...
    ValueError: lang='zh-TW' asks for Traditional Chinese; ...
    """
    if not isinstance(lang, str):
        raise ValueError(f"lang must be a language code, one of 'en', 'fr' or 'zh', got {lang!r} "
                         f"({type(lang).__name__})")
    parts = [p for p in re.split(r"[-_]", lang.strip().lower()) if p]
    if not parts or parts[0] not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a course language; expected 'en', 'fr' or 'zh' "
                         "(or a regional tag such as 'en-GB', 'fr-CA', 'zh-CN')")
    subtags = set(parts[1:])
    # an explicit script wins over the region: zh-Hans-TW is Simplified, zh-Hant-CN is not
    if parts[0] == "zh" and "hans" not in subtags and subtags & _ZH_TRADITIONAL:
        raise ValueError(f"lang={lang!r} asks for Traditional Chinese; the course is written in "
                         "Simplified Chinese only: use 'zh' (or 'zh-CN', 'zh-Hans'), 'en' or 'fr'")
    return parts[0]


def get(key: str) -> Term:
    """The entry for a key, alias, English name or abbreviation.

    Case, spaces, hyphens, underscores and apostrophes do not matter, so
    ``"Hit rate"``, ``"hit-rate"`` and ``"hit_rate"`` are the same lookup.
    Abbreviations are found in every language (``"PPV"`` and ``"VPP"``).

    Parameters
    ----------
    key : str
        What to look up.

    Returns
    -------
    Term

    Raises
    ------
    KeyError
        When nothing matches; the message names ``key`` and the closest keys.

    Examples
    --------
    >>> get("hit rate").key, get("Log-loss").key, get("VPP").key
    ('tpr', 'cross_entropy', 'ppv')
    >>> get("sensitivty")
    Traceback (most recent call last):
    ...
    KeyError: "'sensitivty' is not in the glossary; did you mean 'sensitivity' or ...?"
    """
    if not isinstance(key, str):
        raise KeyError(f"glossary keys are strings, got {key!r} ({type(key).__name__})")
    found = _LOOKUP.get(_norm(key))
    if found is not None:
        return _BY_KEY[found]
    close = difflib.get_close_matches(_norm(key), list(_LOOKUP), n=6, cutoff=0.6)
    suggestions = list(dict.fromkeys(_LOOKUP[c] for c in close))[:3]
    if suggestions:
        hint = "; did you mean " + " or ".join(repr(s) for s in suggestions) + "?"
    else:
        hint = "; glossary.keys() lists the keys"
    raise KeyError(f"{key!r} is not in the glossary{hint}")


def term(key: str, lang: str = "en", *, abbreviated: bool = False) -> str:
    """The name of a term in a language.

    Parameters
    ----------
    key : str
        A key or anything else :func:`get` accepts.
    lang : str, default "en"
        A language tag accepted by :func:`normalize_lang`.
    abbreviated : bool, default False
        Return the abbreviation (e.g. "AUC", "VPP") when the term has one,
        else the name.

    Examples
    --------
    >>> term("sensitivity", "fr")
    'Sensibilité'
    >>> term("ppv", "zh"), term("ppv", "fr", abbreviated=True), term("epoch", abbreviated=True)
    ('阳性预测值', 'VPP', 'Epoch')
    """
    t, lang = get(key), normalize_lang(lang)
    if abbreviated and t.abbreviation:
        return t.abbreviation[lang]
    return t.names[lang]


def define(key: str, lang: str = "en") -> str:
    """The one- or two-sentence definition of a term in a language.

    Examples
    --------
    >>> define("sensitivity")
    'The share of patients with the disease whom the test flags, TP / (TP + FN). ...'
    >>> define("sensitivity", "zh")[:9]
    '患病者中被检测判为'
    """
    t, lang = get(key), normalize_lang(lang)
    return t.definitions[lang]


def keys(category: str | None = None) -> list[str]:
    """All keys in table order, or those of one category.

    Parameters
    ----------
    category : str, optional
        One of :data:`CATEGORIES`.

    Raises
    ------
    ValueError
        For an unknown category; the message lists the valid ones.

    Examples
    --------
    >>> keys("class")
    ['cardiomegaly', 'no_finding', 'benign', 'malignant', 'normal', 'pneumonia']
    >>> len(keys()) == len(set(keys()))
    True
    """
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"category={category!r} is not valid; expected one of "
                         f"{', '.join(CATEGORIES)}")
    return [t.key for t in _TERMS if category is None or t.category == category]


def as_table(lang: str | None = None) -> Any:
    """The glossary as a pandas DataFrame, one row per term, in table order.

    Parameters
    ----------
    lang : str, optional
        Without it, the columns are ``key``, ``category``, ``en``, ``fr``,
        ``zh``, ``definition_en``, ``definition_fr``, ``definition_zh``. With
        it, ``key``, ``category``, ``term``, ``abbreviation`` (None where
        there is none) and ``definition`` in that language.

    Examples
    --------
    >>> table = as_table()
    >>> list(table.columns[:5]), len(table) == len(keys())
    (['key', 'category', 'en', 'fr', 'zh'], True)
    >>> as_table("zh").set_index("key").loc["auc", "term"]
    '曲线下面积（AUC）'
    """
    import pandas as pd

    if lang is None:
        rows = [{"key": t.key, "category": t.category, **t.names,
                 **{f"definition_{code}": t.definitions[code] for code in LANGUAGES}}
                for t in _TERMS]
        return pd.DataFrame(rows, columns=["key", "category", *LANGUAGES,
                                           *(f"definition_{code}" for code in LANGUAGES)])
    lang = normalize_lang(lang)
    rows = [{"key": t.key, "category": t.category, "term": t.names[lang],
             "abbreviation": t.abbreviation[lang] if t.abbreviation else None,
             "definition": t.definitions[lang]} for t in _TERMS]
    return pd.DataFrame(rows, columns=["key", "category", "term", "abbreviation", "definition"])


# Words that keep their capital inside a sentence ("Brier score", "Cohen's kappa").
_PROPER = frozenset({"brier", "cohens", "youden", "bayes", "imagenet", "grad"})


def _in_sentence(name: str, lang: str) -> str:
    """A name as written inside running text: first letter lowered, unless it is an
    acronym, holds a digit ("F1 score") or is a proper name ("Cohen's kappa")."""
    if lang == "zh" or not name:
        return name
    first = re.match(r"[^\s\-(]+", name)
    word = first.group(0) if first else name
    if (len(word) == 1 or any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])
            or _norm(word) in _PROPER):
        return name
    return name[:1].lower() + name[1:]


def both(key_clinical: str, key_ml: str, lang: str = "en") -> str:
    """A clinical name with its machine-learning twin, as a chapter's first use gives them.

    English and French write ``name (twin)`` in running-text case, keeping
    acronyms and proper names ("ROC curve", "F1 score", "Cohen's kappa");
    Chinese writes ``名称（别名）`` with full-width parentheses and no space.

    Parameters
    ----------
    key_clinical, key_ml : str
        Keys (or anything :func:`get` accepts) of the two terms.
    lang : str, default "en"

    Examples
    --------
    >>> both("sensitivity", "recall"), both("sensitivity", "recall", "fr")
    ('sensitivity (recall)', 'sensibilité (rappel)')
    >>> both("sensitivity", "recall", "zh"), both("ppv", "precision", "zh")
    ('灵敏度（召回率）', '阳性预测值（精确率）')
    """
    lang = normalize_lang(lang)
    first = _in_sentence(term(key_clinical, lang), lang)
    second = _in_sentence(term(key_ml, lang), lang)
    if lang == "zh":
        return f"{first}（{second}）"
    return f"{first} ({second})"
