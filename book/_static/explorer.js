/* medcourse threshold explorer: runs in the static site, no Python kernel.
 *
 * A page holds <div class="mc-explorer" data-config='{...}'> written by
 * medcourse.book.ThresholdExplorer: the stored demo labels and scores and the
 * words of the page's language. A slider sets the cutoff (score >= cutoff is
 * positive, as everywhere in the course); the table shows TP, FP, TN, FN and
 * sensitivity, specificity, PPV and NPV at the test set's own prevalence; a
 * prevalence input recomputes PPV and NPV with Bayes' rule for another setting.
 */
(function () {
  "use strict";

  function counts(labels, scores, cutoff) {
    var c = { tp: 0, fp: 0, tn: 0, fn: 0 };
    for (var i = 0; i < scores.length; i++) {
      var positive = scores[i] >= cutoff;
      if (labels[i] === 1) { if (positive) c.tp++; else c.fn++; }
      else { if (positive) c.fp++; else c.tn++; }
    }
    return c;
  }

  function ratio(a, b) { return b > 0 ? a / b : NaN; }

  function rates(c, prevalence) {
    var sens = ratio(c.tp, c.tp + c.fn), spec = ratio(c.tn, c.tn + c.fp);
    var out = {
      sensitivity: sens, specificity: spec,
      ppv: ratio(c.tp, c.tp + c.fp), npv: ratio(c.tn, c.tn + c.fn)
    };
    if (prevalence !== null) {
      out.ppv_at = ratio(sens * prevalence, sens * prevalence + (1 - spec) * (1 - prevalence));
      out.npv_at = ratio(spec * (1 - prevalence), spec * (1 - prevalence) + (1 - sens) * prevalence);
    }
    return out;
  }

  function fmt(x, lang) {
    if (isNaN(x)) return "—";
    var text = (100 * x).toFixed(1);
    if (lang === "fr") return text.replace(".", ",") + "\u202f%";
    return text + "%";
  }

  function cell(tag, text, cls) {
    var el = document.createElement(tag);
    el.textContent = text;
    if (cls) el.className = cls;
    return el;
  }

  function build(root) {
    var cfg = JSON.parse(root.getAttribute("data-config"));
    var words = cfg.words, lang = cfg.lang;
    var labels = cfg.y_true, scores = cfg.y_score;
    var sample = labels.reduce(function (a, b) { return a + b; }, 0) / labels.length;
    root.textContent = "";

    var cutLabel = cell("label", words.threshold + ": ");
    var cutValue = cell("output", "");
    cutValue.setAttribute("data-role", "cutoff");
    var slider = document.createElement("input");
    slider.type = "range"; slider.min = "0"; slider.max = "1"; slider.step = "0.01";
    slider.value = String(cfg.threshold);
    slider.setAttribute("aria-label", words.threshold);
    cutLabel.appendChild(cutValue);
    cutLabel.appendChild(slider);

    var prevLabel = cell("label", words.prevalence + " (%): ");
    var prevalence = document.createElement("input");
    prevalence.type = "number"; prevalence.min = "0.1"; prevalence.max = "99.9"; prevalence.step = "0.1";
    prevalence.value = (100 * cfg.prevalence).toFixed(1);
    prevalence.setAttribute("data-role", "prevalence");
    prevLabel.appendChild(prevalence);

    var table = document.createElement("table");
    function row(name, role) {
      var tr = document.createElement("tr");
      tr.appendChild(cell("th", name));
      var td = cell("td", "");
      td.setAttribute("data-role", role);
      tr.appendChild(td);
      table.appendChild(tr);
    }
    row(words.tp, "tp"); row(words.fp, "fp"); row(words.tn, "tn"); row(words.fn, "fn");
    row(words.sensitivity, "sensitivity"); row(words.specificity, "specificity");
    row(words.ppv + " (" + words.sample + " " + fmt(sample, lang) + ")", "ppv");
    row(words.npv + " (" + words.sample + " " + fmt(sample, lang) + ")", "npv");
    row(words.ppv + " (" + words.prevalence_short + ")", "ppv_at");
    row(words.npv + " (" + words.prevalence_short + ")", "npv_at");

    root.appendChild(cutLabel);
    root.appendChild(prevLabel);
    root.appendChild(table);

    function update() {
      var cutoff = parseFloat(slider.value);
      var p = parseFloat(prevalence.value) / 100;
      if (!(p > 0 && p < 1)) p = null;
      var c = counts(labels, scores, cutoff);
      var r = rates(c, p);
      cutValue.textContent = cutoff.toFixed(2);
      ["tp", "fp", "tn", "fn"].forEach(function (k) {
        root.querySelector('[data-role="' + k + '"]').textContent = String(c[k]);
      });
      ["sensitivity", "specificity", "ppv", "npv", "ppv_at", "npv_at"].forEach(function (k) {
        root.querySelector('[data-role="' + k + '"]').textContent = fmt(r[k] === undefined ? NaN : r[k], lang);
      });
    }
    slider.addEventListener("input", update);
    prevalence.addEventListener("input", update);
    update();
    root.setAttribute("data-ready", "true");
  }

  function start() {
    var roots = document.querySelectorAll(".mc-explorer[data-config]");
    for (var i = 0; i < roots.length; i++) build(roots[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
