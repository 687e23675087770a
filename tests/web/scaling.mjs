// scaling.mjs - diminishing returns in chromium, at 1280 and 390 px: the
// curve's points are GET /scaling's compute-optimal models for budgets
// from 1e17 to 1e27 FLOP every half decade, for both fits, in the table
// and on the chart (in order, hollow where the API says extrapolation,
// inside the shading exactly when outside the fits' parameters); the
// slider, moved with the keyboard, marks and describes the API's
// compute-optimal models of its budget; the catalog's models with
// published tokens are placed where the axes put GET /scaling's loss for
// their parameters and tokens, and tabled.  With a GPU, the right axis
// is each point's days (or, with a price, its cost) as POST /training
// answers for its parameters and tokens, drawn where the axis's ticks
// say, each question asked once; a refused mfu shows under its field.
// Nothing overflows at 390 px.
// Usage: node --test scaling.mjs   (MODELSCALE_BIN names the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  WIDTHS, answer, ask, assertNoOverflow, closePage, openPage, screenshot,
  tableRows, useBrowser,
} from "./lib.mjs";

const env = useBrowser();

// 10^e as an amount the API reads: 10^17.5 -> "3.16e17".
function budget(e) {
  const whole = Math.floor(e);
  return (10 ** (e - whole)).toPrecision(3) + "e" + whole;
}
const scaling = (e) => ask(env, "/scaling?compute=" + budget(e));

// The chart's points and marks, per fit (by class fit-0, fit-1).
const shownCurve = (page) => page.evaluate(() => {
  const attr = (e, a) => Number(e.getAttribute(a));
  const fit = (i) => ({
    points: [...document.querySelectorAll(`#curve .point.fit-${i}`)].map(
      (c) => ({ x: attr(c, "cx"), y: attr(c, "cy"),
                outside: c.classList.contains("outside") })),
    picked: [...document.querySelectorAll(`#curve .picked.fit-${i}`)].map(
      (c) => ({ x: attr(c, "cx"), y: attr(c, "cy"), fit: c.dataset.fit })),
  });
  const shades = [...document.querySelectorAll("#curve rect.extrap")].map(
    (r) => [attr(r, "x"), attr(r, "x") + attr(r, "width")]);
  return { fits: [fit(0), fit(1)], shades,
           labels: [...document.querySelectorAll("#curve text")].map(
             (t) => t.textContent) };
});

// Asserts the slider's readout and marks are the API's answer a for its
// budget, and that each mark is on its fit's curve where the budget is
// one of the curve's.
async function assertPicked(page, a, curveIndex) {
  await page.waitForFunction((c) => document.getElementById("budget-text")
    .textContent.startsWith(c + " FLOP ("), a.compute_formatted);
  assert.ok((await page.textContent("#budget-text")).includes(
    a.predictions[0].training_pf_days.toLocaleString(
      "en-US", { maximumFractionDigits: 1 }) + " PF-days"));
  const items = await page.$$eval("#budget-models li", (lis) =>
    lis.map((li) => li.textContent));
  const shown = await shownCurve(page);
  a.predictions.forEach((p, i) => {
    assert.equal(items[i], `${p.fit}: ${p.parameters_formatted} parameters ` +
      `on ${p.tokens_formatted} tokens (${p.tokens_per_parameter.toFixed(1)}` +
      ` a parameter), loss ${p.loss.toFixed(3)}` +
      (p.extrapolation ? `. ${p.extrapolation}.` :
        ", inside the fits' range."));
    assert.equal(shown.fits[i].picked.length, 1);
    assert.equal(shown.fits[i].picked[0].fit, p.fit);
    if (curveIndex !== undefined) {
      const on = shown.fits[i].points[curveIndex];
      assert.equal(shown.fits[i].picked[0].x, on.x);
      assert.equal(shown.fits[i].picked[0].y, on.y);
    }
  });
}

// Asserts the catalog's models with published tokens are placed at the
// parameters and loss /scaling answers for them, by each fit, as the
// axes' ticks read, hollow where it says extrapolation, named without
// overlaps where named, and every one in the table.
async function assertPlaced(page) {
  const models = await ask(env, "/models?catalog=reference");
  const known = models.models.filter((m) => m.tokens);
  assert.ok(known.length > 0, "some model has published tokens");
  const answers = await Promise.all(known.map((m) => ask(env, "/scaling?" +
    new URLSearchParams({ parameters: m.parameters, tokens: m.tokens }))));
  assert.deepEqual(await tableRows(page, "#placed-table"), known.map(
    (m, i) => {
      const [p, ...more] = answers[i].predictions;
      return [m.name, p.parameters_formatted, p.tokens_formatted,
              p.tokens_per_parameter.toFixed(1),
              ...[p, ...more].map((q) => q.loss.toFixed(3))];
    }));
  assert.ok((await page.textContent("#placed-text")).startsWith(
    `${known.length} of the reference catalog's ${models.count} models ` +
    "have published training tokens"));
  const shown = await page.evaluate(() => {
    const n = (e, a) => Number(e.getAttribute(a));
    const ticks = (cls, data, a, off) => [...document.querySelectorAll(
      `#curve text.${cls}`)].map((t) => [Number(t.dataset[data]),
                                         n(t, a) - off]);
    return {
      x: ticks("tick-x", "e", "x", 0), y: ticks("tick-y", "v", "y", 4),
      placed: [...document.querySelectorAll("#curve g.placed")].map((g) =>
        ({ name: g.dataset.model, marks: [...g.querySelectorAll("rect")]
          .map((r) => ({ fit: r.dataset.fit, x: n(r, "x") + 4,
                         y: n(r, "y") + 4,
                         outside: r.classList.contains("outside") })) })),
      labels: [...document.querySelectorAll("#curve text.model-label")]
        .map((t) => { const b = t.getBBox();
          return [t.textContent, b.x, b.y, b.x + b.width, b.y + b.height];
        }),
    };
  });
  // v's place on an axis, from its first and last ticks
  const at = (ticks, v) => {
    const [[v1, p1], [v2, p2]] = [ticks[0], ticks.at(-1)];
    return p1 + (v - v1) * (p2 - p1) / (v2 - v1);
  };
  assert.deepEqual(shown.placed.map((m) => m.name), known.map((m) => m.name));
  shown.placed.forEach((m, i) => answers[i].predictions.forEach((p, j) => {
    const mark = m.marks[j];
    assert.equal(mark.fit, p.fit);
    assert.equal(mark.outside, p.extrapolation !== null, m.name);
    assert.ok(Math.abs(mark.x - at(shown.x, Math.log10(p.parameters))) < 0.01,
              `${m.name} ${p.fit} x`);
    assert.ok(Math.abs(mark.y - at(shown.y, p.loss)) < 0.01,
              `${m.name} ${p.fit} y`);
  }));
  assert.ok(shown.labels.length > 0, "some model is named");
  shown.labels.forEach(([name, ...a], i) => {
    assert.ok(known.some((m) => m.name === name), name);
    for (const [other, ...b] of shown.labels.slice(i + 1))
      assert.ok(a[2] <= b[0] || b[2] <= a[0] || a[3] <= b[1] || b[3] <= a[1],
                `${name} covers ${other}`);
  });
}

for (const width of WIDTHS) {
  test(`the curve, its shading and the slider at ${width} px`, async () => {
    const page = await openPage(env, width);
    const exps = [];
    for (let e = 17; e <= 27; e += 0.5) exps.push(e);
    const answers = await Promise.all(exps.map(scaling));
    // The table: the budgets' compute-optimal models, both fits.
    assert.deepEqual(await tableRows(page, "#curve-table"), answers.map(
      (a) => [a.compute_formatted, ...a.predictions.flatMap((p) =>
        [p.parameters_formatted, p.tokens_formatted, p.loss.toFixed(3),
         p.training_flops_formatted])]));
    const shown = await shownCurve(page);
    const range = answers[0].range.parameters;
    for (const i of [0, 1]) {
      const pts = answers.map((a) => a.predictions[i]);
      const drawn = shown.fits[i].points;
      assert.equal(drawn.length, pts.length);
      drawn.forEach((d, k) => {
        assert.equal(d.outside, pts[k].extrapolation !== null, `${i}/${k}`);
        if (k === 0) return;
        // more parameters to the right, lower loss lower down
        assert.equal(Math.sign(d.x - drawn[k - 1].x),
                     Math.sign(pts[k].parameters - pts[k - 1].parameters));
        assert.equal(Math.sign(d.y - drawn[k - 1].y),
                     Math.sign(pts[k - 1].loss - pts[k].loss));
      });
      // A point is in the shading exactly when its parameters are
      // outside the fits' range.
      drawn.forEach((d, k) => {
        const shaded = shown.shades.some(([a, b]) => d.x > a && d.x < b);
        const outside = pts[k].parameters < range.min ||
          pts[k].parameters > range.max;
        assert.equal(shaded, outside, `${i}/${k}`);
      });
    }
    assert.equal(shown.shades.length, 2);
    assert.ok(shown.labels.some((t) => t.startsWith("extrap")));
    assert.ok(shown.labels.includes("training FLOP"));
    await assertPlaced(page);

    // The slider: 1e23 unless moved; four steps right is 1e24, a budget
    // of the curve's (index 14), whose marks must be its points.
    await assertPicked(page, await scaling(23), 12);
    await page.focus("#budget");
    for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
    await assertPicked(page, await scaling(24), 14);
    // A quarter decade, between the curve's budgets.
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("ArrowLeft");
    await assertPicked(page, await scaling(23.25));
    await page.keyboard.press("End");
    await assertPicked(page, await scaling(27), 20);
    await page.keyboard.press("Home");
    await assertPicked(page, await scaling(17), 0);
    assert.equal(await page.getAttribute("#budget", "aria-valuetext"),
                 "1.00e17 FLOP");
    await assertNoOverflow(page, "the curve");
    if (width === 1280) {
      await page.keyboard.press("End");
      for (let i = 0; i < 16; i++) await page.keyboard.press("ArrowLeft");
      await assertPicked(page, await scaling(23), 12);
      await screenshot(page.locator("#scaling"), "page-scaling.png");
    }
    await closePage(env, page);
  });
}

// The right axis as drawn: its title, its ticks (exponent, y of 10^e)
// and each fit's dashed line's points.
const shownAxis = (page) => page.evaluate(() => ({
  title: document.querySelector("#curve text.axis2").textContent,
  ticks: [...document.querySelectorAll("#curve text.tick2")].map((t) =>
    [Number(t.dataset.e), Number(t.getAttribute("y")) - 4]),
  lines: [0, 1].map((i) => document.querySelector(`#curve .compute.fit-${i}`)
    .getAttribute("d").slice(1).split("L").map((xy) =>
      xy.split(",").map(Number))),
}));

// What the page says of the right axis, for a /training answer t.
function axisSays(t) {
  const on = `${t.gpus} × ${t.gpu.name} at mfu ${t.mfu}`;
  return t.cost === null
    ? `The right axis: the days each point takes on ${on}.`
    : `The right axis: what each point costs on ${on}, at ` +
      `${t.cost.price_per_gpu_hour} a GPU-hour (in the price's currency).`;
}

// Asserts point k of each fit shows on the right axis, and in the table,
// the figure of pick (a /training answer -> number) for that point, once
// the page says it shows question's answers.
async function assertAxis(page, question, k, title, pick) {
  const a = await scaling(17 + k / 2);
  const t = await Promise.all(a.predictions.map((p) => ask(env,
    "/training", { ...question, parameters: p.parameters,
                   tokens: p.tokens })));
  await page.waitForFunction((s) => document.getElementById("train-status")
    .textContent === s, axisSays(t[0]));
  assert.equal(await page.textContent("#curve text.axis2"), title);
  const shown = await shownAxis(page);
  const [[e1, y1], [e2, y2]] = [shown.ticks[0], shown.ticks.at(-1)];
  const row = (await tableRows(page, "#curve-table"))[k];
  a.predictions.forEach((p, i) => {
    const v = pick(t[i]);
    assert.equal(row[4 + 4 * i], v.toLocaleString("en-US",
      { maximumSignificantDigits: 3 }), `${title} of ${p.fit}`);
    const y = y1 + (Math.log10(v) - e1) * (y2 - y1) / (e2 - e1);
    assert.ok(Math.abs(shown.lines[i][k][1] - y) < 0.1,
              `${p.fit} at ${shown.lines[i][k][1]}, not ${y}`);
  });
}

const trainingAsked = (page) => page.requests.filter((r) =>
  new URL(r.url()).pathname === "/training").length;

for (const width of WIDTHS) {
  test(`the right axis in days and money at ${width} px`, async () => {
    const page = await openPage(env, width);
    assert.equal(trainingAsked(page), 0, "nothing asked without a GPU");
    await page.selectOption("#train-gpu", "h100-sxm");
    await page.fill("#train-gpus", "8");
    const days = { gpu: "h100-sxm", gpus: 8 };
    await assertAxis(page, days, 12, "days", (a) => a.time.days);
    const once = trainingAsked(page);
    assert.ok(once <= 42, `${once} requests for 42 points`);

    await page.fill("#train-price", "2.5");
    await assertAxis(page, { ...days, price_per_gpu_hour: "2.5" }, 20,
                     "cost", (a) => a.cost.total);
    await page.fill("#train-mfu", "0.3");
    await assertAxis(page, { ...days, price_per_gpu_hour: "2.5",
                             mfu: "0.3" }, 0, "cost", (a) => a.cost.total);
    await assertNoOverflow(page, "the cost axis");

    // A refused mfu: the API's detail under it, and the last axis kept.
    const refused = await answer(env, "/training", { ...days, mfu: "1.5",
      parameters: 70000000000 });
    assert.equal(refused.data.pointer, "/mfu");
    await page.fill("#train-mfu", "1.5");
    await page.waitForFunction((d) => document.getElementById(
      "train-mfu-error").textContent === d, refused.data.detail);
    assert.equal(await page.getAttribute("#train-mfu", "aria-invalid"),
                 "true");

    // Back to days: asked before, so answered from what the page kept.
    const before = trainingAsked(page);
    await page.fill("#train-mfu", "");
    await page.fill("#train-price", "");
    await assertAxis(page, days, 12, "days", (a) => a.time.days);
    assert.equal(await page.textContent("#train-mfu-error"), "");
    assert.equal(trainingAsked(page), before, "a question asked again");
    await page.selectOption("#train-gpu", "");
    await page.waitForFunction(() => document.querySelector(
      "#curve text.axis2").textContent === "training FLOP");
    await closePage(env, page);
  });
}
