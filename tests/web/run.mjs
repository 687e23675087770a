// run.mjs - "will it run?" in chromium, at 1280 and 390 px.  For the
// question the controls ask (a GPU, how many, a weight format, a context,
// users at once), the models drawn and tabled are POST /fit's that fit,
// in its order, each bar's weights and KV cache the API's bytes on the
// scale of the usable memory, and each decode bound /inference's for that
// model, fetched here for the same question.  A GPU and a format changed
// redraw from the new answers, a question asked before is not asked
// again, and a refused field shows the API's detail under that field.
// Nothing overflows at 390 px.
// Usage: node --test run.mjs   (MODELSCALE_BIN names the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  WIDTHS, answer, ask, assertNoOverflow, closePage, openPage, screenshot,
  tableRows, useBrowser,
} from "./lib.mjs";

const env = useBrowser();
const tps = (v) => v.toLocaleString("en-US", { minimumFractionDigits: 1,
                                              maximumFractionDigits: 1 });

// The API's answers to a question: /fit's, and /inference's per model
// that fits.
async function expected(q) {
  const fit = await ask(env, "/fit", { catalog: "reference", ...q });
  const inference = await Promise.all(fit.fits.map((m) => ask(env,
    "/inference?" + new URLSearchParams({ model: m.name,
      catalog: "reference", ...q }))));
  return { fit, inference };
}

// The bars as drawn: the usable line's x, and each model's rectangles.
const shownBars = (page) => page.evaluate(() => {
  const n = (e, a) => Number(e.getAttribute(a));
  const rect = (g, cls) => [n(g.querySelector(cls), "x"),
                            n(g.querySelector(cls), "width")];
  return {
    limit: n(document.querySelector("#run line.limit"), "x1"),
    width: document.getElementById("run").viewBox.baseVal.width,
    bars: [...document.querySelectorAll("#run g[data-model]")].map((g) => ({
      name: g.dataset.model, label: g.querySelector("text").textContent,
      tps: g.querySelector("text.tps").textContent,
      weights: rect(g, ".run-weights"), cache: rect(g, ".run-cache") })),
  };
});

// Waits for the page to show question q, then asserts every figure is
// the API's answer to it.
async function assertRun(page, q) {
  const { fit, inference } = await expected(q);
  const gpu = (await ask(env, "/gpus")).gpus.find((g) => g.id === q.gpu);
  const status = `${q.gpus} × ${gpu.name} (${gpu.memory} each), weights ` +
    `in ${q.dtype}, ${q.context} tokens of context, ${q.batch} at once: ` +
    `${fit.count} of the catalog's models fit in the ` +
    `${fit.memory.decimal} usable (${fit.utilization} of each GPU), ` +
    `${fit.too_large.length} do not.`;
  await page.waitForFunction((s) => document.getElementById("run-status")
    .textContent === s, status);
  assert.ok(fit.count > 0, "a question some model fits");
  assert.deepEqual(await tableRows(page, "#run-table"), fit.fits.map(
    (m, i) => [m.name, m.weights.decimal, m.kv_cache.decimal +
      (m.exact_cache ? "" : " (× 1.2 rule)"), m.required_per_gpu.decimal,
      m.headroom.decimal, tps(inference[i].decode.tokens_per_s),
      tps(inference[i].decode.batch_tokens_per_s)]));
  const shown = await shownBars(page);
  const left = 4, span = shown.limit - left;
  const usable = Number(fit.memory.bytes);
  assert.deepEqual(shown.bars.map((b) => b.name),
                   fit.fits.map((m) => m.name));
  fit.fits.forEach((m, i) => {
    const b = shown.bars[i];
    const w = span * Number(m.weights.bytes) / usable;
    const c = span * Number(m.kv_cache.bytes) / usable;
    assert.ok(Math.abs(b.weights[0] - left) < 1e-6, m.name);
    assert.ok(Math.abs(b.weights[1] - w) < 1e-3, `${m.name} weights`);
    assert.ok(Math.abs(b.cache[0] - (left + w)) < 1e-3, `${m.name} cache`);
    assert.ok(Math.abs(b.cache[1] - c) < 1e-3, `${m.name} cache width`);
    assert.ok(b.weights[1] + b.cache[1] <= span + 1e-6, `${m.name} fits`);
    // the figures beside the name where there is room
    assert.equal(b.label, shown.width < 560 ? m.name : `${m.name}: ` +
      `${m.weights.decimal} + ${m.kv_cache.decimal} ` +
      (m.exact_cache ? "KV cache" : "(× 1.2 rule)"));
    assert.equal(b.tps, `≤ ${tps(inference[i].decode.tokens_per_s)} ` +
                 "tokens/s");
  });
  assert.equal(await page.textContent("#run-too-large"), fit.too_large
    .length === 0 ? "Every model of the catalog fits." : "Too large: " +
    fit.too_large.map((m) => `${m.name} (${m.shortfall.decimal} short)`)
      .join(", ") + ".");
  const said = await page.$$eval("#run-assumptions li", (lis) =>
    lis.map((li) => li.textContent));
  const moe = inference.find((a) => a.decode.moe)?.decode.moe;
  assert.deepEqual(said, [...Object.values(fit.assumptions),
    inference[0].assumptions.decode, ...(moe ? [moe] : [])]);
  assert.deepEqual(await page.$$eval("#run-warnings li", (lis) =>
    lis.map((li) => li.textContent)), fit.fits.flatMap((m, i) =>
    inference[i].warnings.map((w) => `${m.name}: ${w}`)));
}

// The requests the page sent to /fit and /inference.
const asked = (page) => page.requests.filter((r) =>
  ["/fit", "/inference"].includes(new URL(r.url()).pathname)).length;

for (const width of WIDTHS) {
  test(`will it run? at ${width} px`, async () => {
    const page = await openPage(env, width);
    const first = (await ask(env, "/gpus")).gpus[0].id;
    const start = { gpu: first, gpus: 1, dtype: "bf16", context: 4096,
                    batch: 1 };
    await assertRun(page, start);
    await assertNoOverflow(page, "will it run?");

    // A GPU and a format changed redraw from the new answers.
    await page.selectOption("#gpu", "l4");
    await page.selectOption("#run-dtype", "int4");
    await assertRun(page, { ...start, gpu: "l4", dtype: "int4" });
    await page.fill("#gpu-count", "2");
    await page.fill("#context", "32768");
    await page.fill("#users", "4");
    await assertRun(page, { gpu: "l4", gpus: 2, dtype: "int4",
                            context: 32768, batch: 4 });
    await assertNoOverflow(page, "on two L4s");
    if (width === 1280)
      await screenshot(page.locator("#run-title"), "page-run.png", page);

    // Back to the first question: answered from what the page kept.
    const before = asked(page);
    await page.fill("#gpu-count", "1");
    await page.fill("#context", "4096");
    await page.fill("#users", "1");
    await page.selectOption("#run-dtype", "bf16");
    await page.selectOption("#gpu", first);
    await assertRun(page, start);
    assert.equal(asked(page), before, "a question asked again");

    // A refused field: the API's detail under it.
    for (const [id, field, value] of [["context", "context", "0"],
                                      ["gpu-count", "gpus", "5000"],
                                      ["users", "batch", "many"]]) {
      const typed = /^\d+$/.test(value) ? Number(value) : value;
      const problem = await answer(env, "/fit", { catalog: "reference",
                                                  ...start, [field]: typed });
      assert.equal(problem.status, 422);
      assert.equal(problem.data.pointer, "/" + field);
      await page.fill("#" + id, value);
      await page.waitForFunction(([e, d]) => document.getElementById(e)
        .textContent === d, [id + "-error", problem.data.detail]);
      assert.equal(await page.getAttribute("#" + id, "aria-invalid"),
                   "true");
      await assertNoOverflow(page, `${id} refused`);
      await page.fill("#" + id, String(start[field]));
      await assertRun(page, start);
      assert.equal(await page.textContent(`#${id}-error`), "");
    }
    await closePage(env, page);
  });
}
