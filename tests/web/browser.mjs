// browser.mjs - the comparison in a real browser: Debian's chromium,
// headless, driven by playwright-core, at 1280 and 390 px.  The page
// loads with the built-in catalog; the chart has a bar per model,
// lengths ordered like the counts, each with the memory of its weights
// in the chosen dtype beside it; another catalog can be chosen; adding
// 1.8T updates the table, the chart and the summary; a mixture of
// experts typed with its active count shows the API's active count; an
// invalid count, or an active count above the total, shows the API's
// error next to its field; the table and the chart fit a phone without
// overflowing it; and a page on another origin (a second port) can
// fetch /compare through CORS when the server lists it, and cannot when
// it is not listed.
// Usage: node --test browser.mjs   (MODELSCALE_BIN names the binary)
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import {
  WIDTHS, answer, ask, assertNoOverflow, closePage, openPage, screenshot,
  tableRows, useBrowser,
} from "./lib.mjs";

let allowed, other;

// A page on its own origin that calls the modelscale server.
function originServer() {
  return new Promise((resolve) => {
    const s = createServer((req, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<!doctype html><title>other origin</title>");
    });
    s.listen(0, "127.0.0.1", () => resolve(s));
  });
}

// The server lists the first of the two origins.
const env = useBrowser(async () => {
  allowed = await originServer();
  other = await originServer();
  return ["--cors-origins", `http://127.0.0.1:${allowed.address().port}`];
});
after(() => {
  allowed?.close();
  other?.close();
});

// The bars as the chart drew them: name, count, length.
const bars = (page) => page.$$eval("#chart rect.bar", (rects) => rects.map((r) => ({
  name: r.dataset.name, count: Number(r.dataset.parameters),
  length: Number(r.getAttribute("width")) })));

// The memory drawn beside each bar, and the table's weights column.
const memoryLabels = (page) => page.$$eval("#chart text.memory", (ts) => ts.map((t) => t.textContent));
const weightsColumn = async (page) => (await tableRows(page, "#table")).map((r) => r[4]);

// What the API says each model's weights take in dtype.
async function weights(query, dtype) {
  const a = await ask(env, `/compare?include=memory&${query}`);
  return a.models.map((m) => m.memory.weights[dtype].decimal);
}

function assertOrderedLikeCounts(list) {
  for (const a of list)
    for (const b of list)
      if (a.count < b.count)
        assert.ok(a.length < b.length, `${a.name} (${a.count}) is not shorter than ${b.name} (${b.count})`);
}

// Sends the form and waits for the table to end with the model named.
async function send(page, name) {
  await page.click("#compare");
  await page.waitForFunction((n) => document.querySelector(
    "#table tbody tr:last-child th").textContent === n, name);
}

for (const width of WIDTHS) {
  test(`the page shows the catalog, a bar per model, and the summary at ${width} px`, async () => {
    const page = await openPage(env, width);
    const catalog = await ask(env, "/compare");
    assert.equal(await page.locator("#table tbody tr").count(), catalog.count);
    assert.equal(await page.textContent("#summary"), catalog.summary);
    const drawn = await bars(page);
    assert.deepEqual(drawn.map((b) => b.name), catalog.models.map((m) => m.name));
    assertOrderedLikeCounts(drawn);
    // bf16 unless chosen: 6B parameters take 12.0 GB.
    assert.deepEqual(await memoryLabels(page), await weights("catalog=default", "bf16"));
    assert.ok((await memoryLabels(page)).includes("12.0 GB"));
    await assertNoOverflow(page, "the default catalog");
    const comparison = page.locator("#comparison");
    if (width === 1280) await screenshot(comparison, "page-compare.png");
    else await screenshot(comparison, "page-phone.png", page);
    await closePage(env, page);
  });

  test(`the memory beside each bar follows the chosen dtype and catalog at ${width} px`, async () => {
    const page = await openPage(env, width);
    await page.selectOption("#dtype", "int4");
    const int4 = await weights("catalog=default", "int4");
    assert.deepEqual(await memoryLabels(page), int4);
    assert.deepEqual(await weightsColumn(page), int4);
    assert.ok(int4.includes("3.0 GB")); // 6B parameters, half a byte each
    await page.selectOption("#catalog", "reference");
    const reference = await ask(env, "/models?catalog=reference");
    await page.waitForFunction((n) => document.querySelectorAll("#chart rect.bar").length === n,
                               reference.count);
    assert.deepEqual((await bars(page)).map((b) => b.name), reference.models.map((m) => m.name));
    assertOrderedLikeCounts(await bars(page));
    assert.deepEqual(await memoryLabels(page), await weights("catalog=reference", "int4"));
    assert.equal(await page.locator("#rows .row").count(), reference.count);
    // A mixture of experts of the catalog comes into the form with its
    // active count.
    const moe = reference.models.findIndex((m) => m.active_parameters);
    assert.equal(await page.inputValue(`#model-${moe}-active_parameters`),
                 String(reference.models[moe].active_parameters));
    await assertNoOverflow(page, "the reference catalog");
    if (width === 1280)
      await screenshot(page.locator("#chart"), "page-reference.png");
    await closePage(env, page);
  });

  test(`adding 1.8T updates the table, the chart and the summary at ${width} px`, async () => {
    const page = await openPage(env, width);
    await page.click("#add");
    const row = page.locator("#rows .row").last();
    await row.locator("input[name=name]").fill("gpt-4-class");
    await row.locator("input[name=parameters]").fill("1.8T");
    await send(page, "gpt-4-class");
    const models = await page.$$eval("#rows .row", (rs) => rs.map((r) => ({
      name: r.querySelector("[name=name]").value,
      parameters: r.querySelector("[name=parameters]").value })));
    // 1.8T / 3 = 600,000,000,000
    assert.equal(await page.textContent("#summary"),
                 (await ask(env, "/compare", { models })).summary);
    const last = page.locator("#table tbody tr").last();
    assert.equal(await last.locator("th").textContent(), "gpt-4-class");
    assert.equal(await last.locator("td").nth(1).textContent(), "1.8T");
    const drawn = await bars(page);
    assert.equal(drawn.length, 8);
    assert.equal(Math.max(...drawn.map((b) => b.length)), drawn.find((b) => b.name === "gpt-4-class").length);
    assertOrderedLikeCounts(drawn);
    await assertNoOverflow(page, "with gpt-4-class");
    await closePage(env, page);
  });

  test(`a mixture of experts typed with its active count at ${width} px`, async () => {
    const page = await openPage(env, width);
    await page.click("#add");
    const row = page.locator("#rows .row").last();
    await row.locator("input[name=name]").fill("my-moe");
    await row.locator("input[name=parameters]").fill("46.7B");
    await row.locator("input[name=active_parameters]").fill("12.9B");
    await send(page, "my-moe");
    const models = await page.$$eval("#rows .row", (rs) => rs.map((r) => {
      const v = (n) => r.querySelector(`[name=${n}]`).value;
      const m = { name: v("name"), parameters: v("parameters") };
      if (v("active_parameters")) m.active_parameters = v("active_parameters");
      return m;
    }));
    const want = await ask(env, "/compare", { models, include: ["memory"] });
    const moe = want.models.find((m) => m.name === "my-moe");
    assert.equal(moe.active_formatted, "12.9B");
    const rows = await tableRows(page, "#table");
    assert.deepEqual(rows.at(-1).slice(0, 3),
                     ["my-moe", BigInt(moe.parameters).toLocaleString("en-US"),
                      `${moe.formatted}, ${moe.active_formatted} active`]);
    // More active parameters than in all: the API's error, at its field.
    const active = row.locator("input[name=active_parameters]");
    await active.fill("50B");
    models.at(-1).active_parameters = "50B";
    const problem = await answer(env, "/compare", { models, include: ["memory"] });
    assert.equal(problem.data.pointer, `/models/${models.length - 1}/active_parameters`);
    await page.click("#compare");
    const error = page.locator(`#model-${models.length - 1}-active_parameters-error`);
    await page.waitForFunction((id) => document.getElementById(id).textContent !== "",
                               `model-${models.length - 1}-active_parameters-error`);
    assert.equal(await error.textContent(), problem.data.detail);
    assert.equal(await active.getAttribute("aria-invalid"), "true");
    await assertNoOverflow(page, "an active count refused");
    await closePage(env, page);
  });

  test(`an invalid count shows the API's error next to its field at ${width} px`, async () => {
    const page = await openPage(env, width);
    const third = page.locator("#rows .row").nth(2).locator("input[name=parameters]");
    await third.fill("6.7X");
    await page.click("#compare");
    const error = page.locator("#model-2-parameters-error");
    await page.waitForFunction(() => document.getElementById("model-2-parameters-error").textContent !== "");
    assert.match(await error.textContent(), /"6\.7X".*is not a count/);
    assert.equal(await third.getAttribute("aria-invalid"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "model-2-parameters");
    // Its label names it, for screen readers.
    assert.equal(await page.locator("label[for=model-2-parameters]").textContent(), "Parameters of model 3");
    await assertNoOverflow(page, "an invalid count");
    await closePage(env, page);
  });
}

// Fetches /compare from a page served by origin; returns the summary, or
// the error the browser gave.
async function fetchFrom(origin) {
  const page = await env.browser.newPage();
  await page.goto(`http://127.0.0.1:${origin.address().port}/`);
  const got = await page.evaluate(async (url) => {
    try {
      const r = await fetch(url + "/compare");
      return (await r.json()).summary;
    } catch (e) {
      return "blocked: " + e.message;
    }
  }, env.server.url);
  await page.close();
  return got;
}

test("another origin reads /compare through CORS only when listed", async () => {
  assert.equal(await fetchFrom(allowed), "Largest model is 228,333,333,333x bigger than smallest");
  assert.match(await fetchFrom(other), /^blocked: /);
});
