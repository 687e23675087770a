// parameter.mjs - "what a parameter is" in chromium, at 1280 and 390 px.
// The network: the arithmetic, the total, the table and the diagram's
// terms are POST /count's for the sizes in the editor, from 784 -> 128 ->
// 10 (101,770) through edits, an added and a removed layer, biases off
// and a size the API refuses; typing sends one request, and sizes
// already counted none.  Where a model's parameters live: every
// reference model with an architecture is listed, and its table, total
// and bar are /count's for its whole config.json, from a body holding
// only fields /architectures lists.  Nothing overflows at 390 px.
// Usage: node --test parameter.mjs   (MODELSCALE_BIN names the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  WIDTHS, answer, ask, assertNoOverflow, closePage, grouped, openPage,
  screenshot, tableRows, useBrowser,
} from "./lib.mjs";

const env = useBrowser();
const CONFIG = join(import.meta.dirname, "..", "..", "config");
const mlp = (layers, bias = true) =>
  (bias ? { model_type: "mlp", layers } : { model_type: "mlp", layers, bias });

// The network as the page shows it.
const shownNetwork = (page) => page.evaluate(() => ({
  total: document.getElementById("net-total").textContent,
  arithmetic: document.getElementById("arithmetic").textContent,
  bands: [...document.querySelectorAll("#net .band")].map((g) =>
    [...g.querySelectorAll("text")].map((t) => t.textContent)),
  sizes: [...document.querySelectorAll("#net .size")].map((t) =>
    t.textContent),
  filled: [...document.querySelectorAll("#net .column")].map((g) =>
    g.querySelectorAll(".node.bias").length),
}));

// Asserts the page shows what /count answered (a): the arithmetic, the
// total, a table row and a diagram band per layer, and the sizes.
async function assertShows(page, a) {
  const shown = await shownNetwork(page);
  assert.equal(shown.arithmetic, a.arithmetic);
  assert.equal(shown.total, `${grouped(a.parameters)} parameters`);
  assert.deepEqual(await tableRows(page, "#net-table"), a.layers.map(
    (l, i) => [`${i + 1} → ${i + 2}`,
               `${grouped(l.in)} × ${grouped(l.out)}`, grouped(l.weights),
               grouped(l.biases), grouped(l.parameters)]));
  assert.deepEqual(shown.sizes, [a.layers[0].in, ...a.layers.map((l) =>
    l.out)].map(grouped));
  a.layers.forEach((l, i) => {
    // the terms where there is room for them, else the band's number
    const terms = [`${grouped(l.in)} × ${grouped(l.out)}`,
                   `= ${grouped(l.weights)} weights`];
    if (shown.bands[i][0] !== `${i + 1}`)
      assert.deepEqual(shown.bands[i], terms);
    // a column's nodes are filled (carry biases) when its layer has them
    assert.equal(shown.filled[i + 1] > 0, l.biases > 0);
  });
  assert.equal(shown.filled[0], 0, "inputs carry no biases");
}

// Waits until the arithmetic is no longer before.
const changed = (page, before) => page.waitForFunction((b) =>
  document.getElementById("arithmetic").textContent !== b, before);
const countRequests = (page) => page.requests.filter((r) =>
  r.url().endsWith("/count") && r.method() === "POST");

for (const width of WIDTHS) {
  test(`the network's count follows its sizes at ${width} px`, async () => {
    const page = await openPage(env, width);
    const first = await ask(env, "/count", mlp([784, 128, 10]));
    // 784 × 128 + 128 + 128 × 10 + 10 = 100,352 + 128 + 1,280 + 10
    assert.equal(first.parameters, 101770);
    await assertShows(page, first);
    assert.match(await page.textContent("#arithmetic"), /= 101,770$/);
    await assertNoOverflow(page, "784-128-10");
    if (width === 1280)
      await screenshot(page.locator("#network"), "page-parameter.png");

    // Typing 256 over 128 sends one request, after the typing stops.
    const sent = countRequests(page).length;
    let before = first.arithmetic;
    await page.locator("#size-1").fill("");
    await page.locator("#size-1").pressSequentially("256", { delay: 40 });
    await changed(page, before);
    await page.waitForTimeout(400);
    assert.equal(countRequests(page).length, sent + 1);
    await assertShows(page, await ask(env, "/count", mlp([784, 256, 10])));
    // The same sizes again: nothing is sent.
    await page.locator("#size-1").fill("256");
    await page.waitForTimeout(500);
    assert.equal(countRequests(page).length, sent + 1);

    // A layer added before the output, then removed.
    before = await page.textContent("#arithmetic");
    await page.click("#add-layer");
    await changed(page, before);
    await assertShows(page, await ask(env, "/count",
                                      mlp([784, 256, 64, 10])));
    await assertNoOverflow(page, "784-256-64-10");
    before = await page.textContent("#arithmetic");
    await page.click("button[aria-label='Remove layer 3']");
    await changed(page, before);
    await assertShows(page, await ask(env, "/count", mlp([784, 256, 10])));

    // Without biases.
    before = await page.textContent("#arithmetic");
    await page.click("#bias");
    await changed(page, before);
    await assertShows(page, await ask(env, "/count",
                                      mlp([784, 256, 10], false)));
    await page.click("#bias");
    await page.waitForFunction(() => /\+ 10 =/.test(
      document.getElementById("arithmetic").textContent));

    // A size the API refuses: its detail next to the field.
    await page.locator("#size-1").fill("abc");
    const problem = await answer(env, "/count", mlp([784, "abc", 10]));
    assert.equal(problem.status, 422);
    await page.waitForFunction((d) => document.getElementById(
      "size-1-error").textContent === d, problem.data.detail);
    assert.equal(await page.getAttribute("#size-1", "aria-invalid"), "true");
    assert.equal(await page.textContent("#net-total"), "not counted");
    await assertNoOverflow(page, "a refused size");
    await closePage(env, page);
  });

  test(`a layer's input tells its terms at ${width} px`, async () => {
    const page = await openPage(env, width);
    const a = await ask(env, "/count", mlp([784, 128, 10]));
    await page.focus("#size-0");
    await page.keyboard.press("Tab"); // to layer 2's size
    assert.equal(await page.evaluate(() => document.activeElement.id),
                 "size-1");
    const l = a.layers[0];
    assert.equal(await page.textContent("#net-readout"),
      `Layer 2: ${grouped(l.out)} nodes, each with ${grouped(l.in)} ` +
      `weights in and a bias: ${grouped(l.weights)} + ` +
      `${grouped(l.biases)} = ${grouped(l.parameters)} parameters.`);
    assert.equal(await page.locator("#net .column.on").count(), 1);
    await closePage(env, page);
  });
}

// name -> the config.json of the reference catalog's model, whole.
function referenceConfigs() {
  const catalog = JSON.parse(readFileSync(
    join(CONFIG, "catalogs", "reference.json"), "utf8"));
  return new Map(catalog.models.filter((m) => m.architecture).map((m) =>
    [m.name, JSON.parse(readFileSync(join(CONFIG, "architectures",
                                          `${m.architecture}.json`)))]));
}

// The breakdown as the page shows it, once it shows model name.
async function shownParts(page, name) {
  await page.waitForFunction((n) => document.getElementById(
    "parts-total").textContent.startsWith(n + ":"), name);
  return page.evaluate(() => ({
    total: document.getElementById("parts-total").textContent,
    sent: JSON.parse(document.getElementById("parts-config").textContent),
    segments: [...document.querySelectorAll("#parts rect.part[data-part]")]
      .map((r) => [r.dataset.part, Number(r.getAttribute("width"))]),
    active: Number(document.querySelector("#parts rect.active")
      ?.getAttribute("width") ?? -1),
  }));
}

async function assertParts(page, name, config, fields, models) {
  const a = await ask(env, "/count", config);
  const shown = await shownParts(page, name);
  assert.equal(a.parameters, models.get(name).parameters,
               `${name}: /count and the catalog differ`);
  assert.deepEqual(await tableRows(page, "#parts-table"),
    Object.entries(a.breakdown).map(([k, p]) => [
      k === "mlp" ? "MLP" : k.replaceAll("_", " "), grouped(p.parameters),
      p.formatted, `${p.percent.toFixed(2)}%`]));
  assert.ok(shown.total.includes(`${grouped(a.parameters)} parameters ` +
                                 `(${a.formatted})`), shown.total);
  // Only what the model_type reads was sent.
  for (const k of Object.keys(shown.sent))
    assert.ok(k === "model_type" || fields.get(a.model_type).has(k),
              `${name}: sent ${k}`);
  // A segment per part, in order, as wide as its share.
  assert.deepEqual(shown.segments.map((s) => s[0]), Object.keys(a.breakdown));
  const span = shown.segments.reduce((t, s) => t + s[1], 0);
  shown.segments.forEach(([k, w]) => assert.ok(Math.abs(
    w - span * Number(a.breakdown[k].parameters) / a.parameters) < 0.01, k));
  if (a.active_parameters !== undefined) {
    assert.ok(shown.total.includes(`${grouped(a.active_parameters)} ` +
      `(${a.active_formatted}) active per token`), shown.total);
    assert.ok(Math.abs(shown.active -
      span * a.active_parameters / a.parameters) < 0.01, "the active bar");
  } else {
    assert.equal(shown.active, -1);
  }
}

for (const width of WIDTHS) {
  test(`where a model's parameters live, at ${width} px`, async () => {
    const page = await openPage(env, width);
    const configs = referenceConfigs();
    const catalog = await ask(env, "/models?catalog=reference");
    const models = new Map(catalog.models.map((m) => [m.name, m]));
    const types = await ask(env, "/architectures");
    const fields = new Map(types.architectures.map((t) =>
      [t.model_type, new Set(t.fields.map((f) => f.name))]));
    const listed = await page.$$eval("#part-model option", (os) =>
      os.map((o) => o.value));
    assert.deepEqual(listed, catalog.models.filter((m) => m.exact)
      .map((m) => m.name));
    // Every model at the desktop width; a dense, a MoE and DeepSeek-V3's
    // shared experts on a phone.
    const picks = width === 1280 ? listed
      : ["llama-2-7b", "mixtral-8x7b", "deepseek-v3"];
    for (const name of picks) {
      await page.selectOption("#part-model", name);
      await assertParts(page, name, configs.get(name), fields, models);
      if (width === 390) await assertNoOverflow(page, name);
      if (width === 1280 && name === "mixtral-8x7b")
        await screenshot(page.locator("#breakdown"), "page-breakdown.png");
    }
    await closePage(env, page);
  });
}
