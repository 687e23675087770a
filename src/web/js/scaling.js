// scaling.js - diminishing returns: for compute budgets from 1e17 to
// 1e27 FLOP, every half decade, GET /scaling?compute=... gives each fit's
// compute-optimal model (parameters, tokens, predicted loss, training
// FLOPs, whether it extrapolates).  The chart draws each fit's loss
// against parameters (left axis) and the training compute that buys them
// (right axis; training.js puts days or cost there), shades the
// parameters outside the fits' range, marks the compute-optimal models
// of the budget the slider picks, and (placed.js) the catalog's models.

const BUDGETS = []; // exponents of the curve's budgets
for (let e = 17; e <= 27; e += 0.5) BUDGETS.push(e);
// The right axis: its title, a point's value, the label of a power of
// ten, the table's column (its heading after the fit's name, and a
// point's cell), and what it shows in words.
const FLOP_AXIS = {
  title: "training FLOP", column: "training FLOP",
  value: (p) => p.training_flops,
  tick: (e) => "1e" + e,
  cell: (p) => p.training_flops_formatted,
  says: "The right axis: the training FLOP of each point.",
};
const curve = {
  answers: [],        // the /scaling answers of BUDGETS, in order
  picked: null,       // the answer of the slider's budget
  cache: new Map(),   // budget text -> answer, so nothing is asked twice
  slider: document.getElementById("budget"),
  axis: FLOP_AXIS,    // the right axis: FLOP_AXIS, or training.js's
  placed: [],         // placed.js's catalog models: [{ model, scaling }]
};

// 10^e as the API reads an amount, without "+": 10^21.25 -> "1.78e21".
function budgetText(e) {
  const whole = Math.floor(e);
  return (10 ** (e - whole)).toPrecision(3) + "e" + whole;
}

async function scalingAt(e) {
  const text = budgetText(e);
  let answer = curve.cache.get(text);
  if (!answer) {
    answer = await api("/scaling?" + new URLSearchParams({ compute: text }));
    if (answer.ok) curve.cache.set(text, answer);
  }
  return answer;
}

// Each fit's points, one per budget: [{ fit, points: [prediction] }].
function fits() {
  return curve.answers[0].predictions.map((p, i) => ({
    fit: p, points: curve.answers.map((a) => a.predictions[i]) }));
}

// The chart's box and scales for width W: x, parameters (log); y, loss;
// y2, the right axis (log); each spanning the points in whole steps (x and
// y the placed models' predictions too).
function curveScales(W, points, placed) {
  const all = points.concat(placed);
  const c = { H: 360, left: 44, right: W - 50, top: 26, bottom: 316 };
  const lg = (f, v) => f(Math.log10(v));
  c.nLo = lg(Math.floor, Math.min(...all.map((p) => p.parameters)));
  c.nHi = lg(Math.ceil, Math.max(...all.map((p) => p.parameters)));
  c.x = logScale(10 ** c.nLo, 10 ** c.nHi, c.left, c.right);
  c.lossLo = Math.floor(Math.min(...all.map((p) => p.loss)) * 2) / 2;
  c.lossHi = Math.ceil(Math.max(...all.map((p) => p.loss)) * 2) / 2;
  c.y = linScale(c.lossLo, c.lossHi, c.bottom, c.top);
  const values = points.map(curve.axis.value);
  c.cLo = lg(Math.floor, Math.min(...values));
  c.cHi = lg(Math.ceil, Math.max(...values));
  c.y2 = logScale(10 ** c.cLo, 10 ** c.cHi, c.bottom, c.top);
  return c;
}

// The shaded extrapolation between x1 and x2, labelled if there is room.
function shade(svg, c, x1, x2, anchor) {
  if (x2 - x1 < 1) return;
  svg.append(el("svg:rect", { class: "extrap", x: x1, y: c.top,
                              width: x2 - x1, height: c.bottom - c.top }));
  if (x2 - x1 >= 36)
    svg.append(el("svg:text", { class: "term", x: anchor === "start"
      ? x1 + 4 : x2 - 4, y: c.top + 14, "text-anchor": anchor },
      x2 - x1 >= 90 ? "extrapolation" : "extrap."));
}

// The grid, the three axes' labels and their titles.
function curveAxes(svg, c, W) {
  for (let v = c.lossLo; v <= c.lossHi + 1e-9; v += 0.5)
    svg.append(el("svg:line", { class: "grid", x1: c.left, x2: c.right,
                                y1: c.y(v), y2: c.y(v) }),
      el("svg:text", { x: c.left - 6, y: c.y(v) + 4, "text-anchor": "end",
                       class: "tick-y", "data-v": v }, v.toFixed(1)));
  for (const e of decades(c.nLo, c.nHi, c.right - c.left, 36))
    svg.append(el("svg:line", { class: "grid", x1: c.x(10 ** e),
                                x2: c.x(10 ** e), y1: c.top, y2: c.bottom }),
      el("svg:text", { x: c.x(10 ** e), y: c.bottom + 16, class: "tick-x",
                       "data-e": e, "text-anchor": "middle" }, powerLabel(e)));
  for (const e of decades(c.cLo, c.cHi, c.bottom - c.top, 16))
    svg.append(el("svg:text", { x: c.right + 6, y: c.y2(10 ** e) + 4,
                                class: "term tick2", "data-e": e },
                  curve.axis.tick(e)));
  svg.append(
    el("svg:text", { x: c.left - 6, y: 14, "text-anchor": "end" }, "loss"),
    el("svg:text", { class: "axis2", x: W - 4, y: 14,
                     "text-anchor": "end" }, curve.axis.title),
    el("svg:text", { x: (c.left + c.right) / 2, y: c.H - 6,
                     "text-anchor": "middle" }, "parameters"));
}

function drawCurve() {
  const svg = document.getElementById("curve");
  const lines = fits(), range = curve.answers[0].range;
  const W = frame(svg, 360, "Predicted loss against parameters for the " +
    "compute-optimal model of each budget, for the fits " +
    lines.map((l) => l.fit.fit).join(" and ") + ", with the " +
    `${curve.axis.title} on the right axis; parameters outside the fits' ` +
    "range are shaded as an extrapolation" + (curve.placed.length
      ? "; the catalog's models with published training tokens are " +
        "diamonds at their predicted loss" : "") +
    ". The tables below give every point.");
  const c = curveScales(W, lines.flatMap((l) => l.points),
    curve.placed.flatMap((m) => m.scaling.predictions));
  shade(svg, c, c.left, Math.max(c.left, c.x(range.parameters.min)),
        "start");
  shade(svg, c, Math.min(c.right, c.x(range.parameters.max)), c.right,
        "end");
  curveAxes(svg, c, W);
  lines.forEach((l, i) => {
    const path = (fy) => l.points.map((p, k) => (k ? "L" : "M") +
      `${c.x(p.parameters).toFixed(1)},${fy(p).toFixed(1)}`).join("");
    svg.append(el("svg:path", { class: `compute fit-${i}`,
                                d: path((p) => c.y2(curve.axis.value(p))) }),
               el("svg:path", { class: `loss fit-${i}`,
                                d: path((p) => c.y(p.loss)) }));
    for (const p of l.points)
      svg.append(el("svg:circle", { class: `point fit-${i}` +
        (p.extrapolation ? " outside" : ""), cx: c.x(p.parameters),
        cy: c.y(p.loss), r: 3.5 }));
  });
  curve.picked?.predictions.forEach((p, i) => {
    const px = c.x(p.parameters);
    if (px < c.left || px > c.right) return;
    svg.append(el("svg:line", { class: `marker fit-${i}`, x1: px, x2: px,
                                y1: c.top, y2: c.bottom }),
      el("svg:circle", { class: `picked fit-${i}`, cx: px, cy: c.y(p.loss),
                         r: 7, "data-fit": p.fit }));
  });
  drawPlaced(svg, c);
}

// The fits named with their formulas and sources, under the chart.
function showFits() {
  const list = document.getElementById("curve-fits");
  list.replaceChildren(...fits().map(({ fit: f }, i) => {
    const li = el("li", {}, `${f.fit}: L = ${f.E} + ${f.A} / N^${f.alpha}` +
      ` + ${f.B} / D^${f.beta}, from ${f.source}`);
    li.prepend(el("span", { class: `key fit-${i}`, "aria-hidden": "true" }));
    return li;
  }));
  const heads = document.getElementById("curve-table").tHead.rows[0].cells;
  fits().forEach(({ fit: f }, i) => ["parameters", "tokens", "loss",
    curve.axis.column].forEach((w, j) => {
    heads[1 + 4 * i + j].textContent = `${f.fit}: ${w}`;
  }));
  document.getElementById("curve-range").textContent =
    `Shaded: outside ${curve.answers[0].range.source}. Hollow points ` +
    "are extrapolations in parameters or tokens.";
  fillTable(document.getElementById("curve-table"), curve.answers.map((a) =>
    [a.compute_formatted, ...a.predictions.flatMap((p) =>
      [p.parameters_formatted, p.tokens_formatted, p.loss.toFixed(3),
       curve.axis.cell(p)])]));
}

// The slider's budget in words, and each fit's compute-optimal model.
function showPicked() {
  const a = curve.picked;
  document.getElementById("budget-text").textContent =
    `${a.compute_formatted} FLOP (` + a.predictions[0].training_pf_days
      .toLocaleString("en-US", { maximumFractionDigits: 1 }) + " PF-days)";
  document.getElementById("budget-models").replaceChildren(
    ...a.predictions.map((p, i) => {
      const li = el("li", { "data-fit": p.fit }, `${p.fit}: ` +
        `${p.parameters_formatted} parameters on ${p.tokens_formatted} ` +
        `tokens (${p.tokens_per_parameter.toFixed(1)} a parameter), ` +
        `loss ${p.loss.toFixed(3)}` + (p.extrapolation
          ? `. ${p.extrapolation}.` : ", inside the fits' range."));
      li.prepend(el("span", { class: `key fit-${i}`, "aria-hidden": "true" }));
      return li;
    }));
}

async function pickBudget() {
  const e = Number(curve.slider.value) / 4;
  curve.slider.setAttribute("aria-valuetext", budgetText(e) + " FLOP");
  const answer = await scalingAt(e);
  if (Number(curve.slider.value) / 4 !== e) return; // moved on since
  answered("curve");
  const error = document.getElementById("curve-error");
  error.textContent = answer.ok ? "" : answer.data.detail;
  if (!answer.ok) return;
  curve.picked = answer.data;
  showPicked();
  drawCurve();
  drawn("curve");
}

// models: a promise of GET /models?catalog=reference's answer (or null),
// whose models with published tokens are placed on the curve.
async function startCurve(models) {
  const answers = await Promise.all(BUDGETS.map(scalingAt));
  const failed = answers.find((a) => !a.ok);
  if (failed) {
    document.getElementById("curve-error").textContent = failed.data.detail;
    return;
  }
  curve.answers = answers.map((a) => a.data);
  showFits();
  const later = debounce(pickBudget, 120);
  curve.slider.addEventListener("input", () => {
    // the budget at once; its models when the slider rests
    document.getElementById("budget-text").textContent =
      budgetText(Number(curve.slider.value) / 4) + " FLOP";
    later();
  });
  onResize(() => drawCurve());
  await pickBudget();
  const catalog = await models;
  if (catalog) await placeCatalog(catalog);
  if (trainingQuestion()) await askTraining(); // a GPU picked meanwhile
}
