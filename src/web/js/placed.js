// placed.js - the catalog on the curve: each reference model whose
// authors published its training tokens (GET /models' tokens) is placed
// at its parameters and the loss GET /scaling predicts at those
// parameters and its own tokens, by each fit: a diamond a fit, hollow
// where the API says extrapolation, named where there is room, and every
// one in a table.  One request a model, once.  curve.placed holds each
// as { model: GET /models' entry, scaling: its /scaling answer }.

// Its name beside a mark at (x, y), on the right or else the left, unless
// it would cover a mark or a name drawn before (boxes in taken) or leave
// the plot.
function placeLabel(svg, c, x, y, name, taken) {
  const text = el("svg:text", { class: "model-label", x: x + 7, y: y + 4 },
                  name);
  svg.append(text);
  const w = text.getComputedTextLength();
  for (const [x1, anchor] of [[x + 7, "start"], [x - 7 - w, "end"]]) {
    const box = [x1, y - 8, x1 + w, y + 6];
    const clear = box[0] >= c.left && box[2] <= c.right &&
      !taken.some((t) => box[0] < t[2] && t[0] < box[2] && box[1] < t[3] &&
                         t[1] < box[3]);
    if (!clear) continue;
    text.setAttribute("x", anchor === "start" ? x1 : x1 + w);
    text.setAttribute("text-anchor", anchor);
    taken.push(box);
    return;
  }
  text.remove();
}

// Draws the placed models on svg with the curve's scales c.
function drawPlaced(svg, c) {
  const taken = [];
  for (const { model, scaling } of curve.placed) {
    const g = el("svg:g", { class: "placed", "data-model": model.name });
    scaling.predictions.forEach((p, i) => {
      const x = c.x(p.parameters), y = c.y(p.loss);
      taken.push([x - 6, y - 6, x + 6, y + 6]);
      g.append(el("svg:rect", { class: `model fit-${i}` +
        (p.extrapolation ? " outside" : ""), x: x - 4, y: y - 4, width: 8,
        height: 8, transform: `rotate(45 ${x} ${y})`, "data-fit": p.fit }));
    });
    svg.append(g);
  }
  // names after every mark, so that a name is never under a mark drawn
  // after it; the first fit's mark carries it
  for (const { model, scaling } of curve.placed) {
    const p = scaling.predictions[0];
    placeLabel(svg, c, c.x(p.parameters), c.y(p.loss), model.name, taken);
  }
}

function showPlaced(models) {
  const heads = document.getElementById("placed-table").tHead.rows[0].cells;
  curve.placed[0].scaling.predictions.forEach((p, i) => {
    heads[4 + i].textContent = `${p.fit}: loss`;
  });
  fillTable(document.getElementById("placed-table"), curve.placed.map(
    ({ model, scaling: { predictions: [p, ...more] } }) => [model.name,
      p.parameters_formatted, p.tokens_formatted,
      p.tokens_per_parameter.toFixed(1),
      ...[p, ...more].map((q) => q.loss.toFixed(3))]));
  document.getElementById("placed-text").textContent =
    `${curve.placed.length} of the reference catalog's ${models.count} ` +
    "models have published training tokens: each is placed at its " +
    "parameters and the loss each fit predicts for its own tokens " +
    "(diamonds, hollow where that is an extrapolation), named where " +
    "there is room. A mixture of experts is placed by its total " +
    "parameters, though the fits were made on dense models.";
}

// models: GET /models?catalog=reference's answer.
async function placeCatalog(models) {
  const known = models.models.filter((m) => m.tokens);
  if (known.length === 0) return;
  const answers = await Promise.all(known.map((m) => api("/scaling?" +
    new URLSearchParams({ parameters: m.parameters, tokens: m.tokens }))));
  answered("curve");
  const failed = answers.find((a) => !a.ok);
  if (failed) {
    document.getElementById("curve-error").textContent = failed.data.detail;
    return;
  }
  curve.placed = known.map((m, i) => ({ model: m, scaling: answers[i].data }));
  showPlaced(models);
  drawCurve();
  drawn("curve");
}
