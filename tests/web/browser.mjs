// browser.mjs - the comparison page in a real browser: Debian's chromium,
// headless, driven by playwright-core.  The page loads with the built-in
// catalog; the chart has a bar per model, heights ordered like the
// counts, each with the memory of its weights in the chosen dtype above
// it; another catalog can be chosen; adding 1.8T updates the table, the
// chart and the summary; an
// invalid count shows the API's error next to its field; and a page on
// another origin (a second port) can fetch /compare through CORS when
// the server lists it, and cannot when it is not listed.  Screenshots at
// desktop and phone width go to SCREENSHOT_DIR when it is set (ctest: the
// build folder; scripts/screenshots.sh: docs/, for the README), and
// nowhere when it is not: the test writes nothing into the source tree.
// Usage: node --test browser.mjs   (MODELSCALE_BIN names the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

const SHOTS = process.env.SCREENSHOT_DIR;
let server, browser, allowed, other;

// A full-page screenshot of page as SHOTS/name, if SHOTS is set.
async function screenshot(page, name) {
  if (SHOTS) {
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, name), fullPage: true });
  }
}

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

before(async () => {
  allowed = await originServer();
  other = await originServer();
  server = await startServer(process.env.MODELSCALE_BIN, [
    "--cors-origins", `http://127.0.0.1:${allowed.address().port}`]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update",
           "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  allowed?.close();
  other?.close();
});

// The bars as the chart drew them: name, count, height.
const bars = (page) => page.$$eval("#chart rect.bar", (rects) => rects.map((r) => ({
  name: r.dataset.name, count: Number(r.dataset.parameters),
  height: Number(r.getAttribute("height")) })));

// The memory drawn above each bar, and the table's weights column.
const memoryLabels = (page) => page.$$eval("#chart text.memory", (ts) => ts.map((t) => t.textContent));
const weightsColumn = (page) => page.$$eval("#table tbody tr", (trs) => trs.map((tr) => tr.cells[4].textContent));

// What the API says each model's weights take in dtype.
async function weights(query, dtype) {
  const answer = await (await fetch(`${server.url}/compare?include=memory&${query}`)).json();
  return answer.models.map((m) => m.memory.weights[dtype].decimal);
}

function assertOrderedLikeCounts(list) {
  for (const a of list)
    for (const b of list)
      if (a.count < b.count)
        assert.ok(a.height < b.height, `${a.name} (${a.count}) is not lower than ${b.name} (${b.count})`);
}

test("the page shows the catalog, a bar per model, and the summary", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(server.url + "/");
  await page.waitForSelector("#table tbody tr");
  const catalog = await (await fetch(server.url + "/compare")).json();
  assert.equal(await page.locator("#table tbody tr").count(), catalog.count);
  assert.equal(await page.textContent("#summary"), catalog.summary);
  const drawn = await bars(page);
  assert.deepEqual(drawn.map((b) => b.name), catalog.models.map((m) => m.name));
  assertOrderedLikeCounts(drawn);
  // bf16 unless chosen: 6B parameters take 12.0 GB.
  assert.deepEqual(await memoryLabels(page), await weights("catalog=default", "bf16"));
  assert.ok((await memoryLabels(page)).includes("12.0 GB"));
  assert.ok(requests.every((u) => u.startsWith(server.url)), `a request left the server: ${requests}`);
  await screenshot(page, "page-desktop.png");
  await page.close();
});

test("the memory next to each bar follows the chosen dtype and catalog", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await page.goto(server.url + "/");
  await page.waitForSelector("#chart text.memory");
  await page.selectOption("#dtype", "int4");
  const int4 = await weights("catalog=default", "int4");
  assert.deepEqual(await memoryLabels(page), int4);
  assert.deepEqual(await weightsColumn(page), int4);
  assert.ok(int4.includes("3.0 GB")); // 6B parameters, half a byte each
  await page.selectOption("#catalog", "reference");
  const reference = await (await fetch(server.url + "/models?catalog=reference")).json();
  await page.waitForFunction((n) => document.querySelectorAll("#chart rect.bar").length === n,
                             reference.count);
  assert.deepEqual((await bars(page)).map((b) => b.name), reference.models.map((m) => m.name));
  assert.deepEqual(await memoryLabels(page), await weights("catalog=reference", "int4"));
  assert.equal(await page.locator("#rows .row").count(), reference.count);
  await screenshot(page, "page-reference.png");
  await page.close();
});

test("adding 1.8T updates the table, the chart and the summary", async () => {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
  await page.goto(server.url + "/");
  await page.waitForSelector("#table tbody tr");
  const before = await page.textContent("#summary");
  await page.click("#add");
  const row = page.locator("#rows .row").last();
  await row.locator("input[name=name]").fill("gpt-4-class");
  await row.locator("input[name=parameters]").fill("1.8T");
  await page.click("#compare");
  await page.waitForFunction((b) => document.getElementById("summary").textContent !== b, before);
  assert.equal(await page.textContent("#summary"),
               "Largest model is 600,000,000,000x bigger than smallest");
  const last = page.locator("#table tbody tr").last();
  assert.equal(await last.locator("th").textContent(), "gpt-4-class");
  assert.equal(await last.locator("td").nth(1).textContent(), "1.8T");
  const drawn = await bars(page);
  assert.equal(drawn.length, 8);
  assert.equal(Math.max(...drawn.map((b) => b.height)), drawn.find((b) => b.name === "gpt-4-class").height);
  assertOrderedLikeCounts(drawn);
  await page.close();
});

test("an invalid count shows the API's error next to its field", async () => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.goto(server.url + "/");
  await page.waitForSelector("#table tbody tr");
  await screenshot(page, "page-phone.png");
  const third = page.locator("#rows .row").nth(2).locator("input[name=parameters]");
  await third.fill("6.7X");
  await page.click("#compare");
  const error = page.locator("#model-2-parameters-error");
  await error.waitFor();
  await page.waitForFunction(() => document.getElementById("model-2-parameters-error").textContent !== "");
  assert.match(await error.textContent(), /"6\.7X".*is not a count/);
  assert.equal(await third.getAttribute("aria-invalid"), "true");
  assert.equal(await page.evaluate(() => document.activeElement.id), "model-2-parameters");
  // Its label names it, for screen readers.
  assert.equal(await page.locator("label[for=model-2-parameters]").textContent(), "Parameters of model 3");
  await page.close();
});

// Fetches /compare from a page served by origin; returns the summary, or
// the error the browser gave.
async function fetchFrom(origin) {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${origin.address().port}/`);
  const got = await page.evaluate(async (url) => {
    try {
      const r = await fetch(url + "/compare");
      return (await r.json()).summary;
    } catch (e) {
      return "blocked: " + e.message;
    }
  }, server.url);
  await page.close();
  return got;
}

test("another origin reads /compare through CORS only when listed", async () => {
  assert.equal(await fetchFrom(allowed), "Largest model is 228,333,333,333x bigger than smallest");
  assert.match(await fetchFrom(other), /^blocked: /);
});
