// lib.mjs - what the browser tests share: the server and Debian's
// chromium (headless, through playwright-core) started once per file,
// the page opened at a width and waited for until every picture is
// drawn, the API asked directly for the figures the page must show, the
// check that nothing overflows the viewport, and screenshots into
// SCREENSHOT_DIR when it is set (ctest: the build folder;
// scripts/screenshots.sh: docs/), nowhere when it is not.
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer } from "./server.mjs";

export const WIDTHS = [1280, 390];
const SHOTS = process.env.SCREENSHOT_DIR;

// Starts the server (with args: its flags, or a function that gives
// them once the file's own before hooks have run) and the browser before
// the file's tests, and stops them after; the returned object is filled
// in by then.
export function useBrowser(args = []) {
  const env = {};
  before(async () => {
    env.server = await startServer(process.env.MODELSCALE_BIN,
      typeof args === "function" ? await args() : args);
    env.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu",
             "--disable-background-networking",
             "--disable-component-update", "--no-first-run"],
    });
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

// The page at width, once every picture has drawn from its answers (the
// page marks <html> data-ready then).
// Requests that leave the server, and script errors, fail the test.
export async function openPage(env, width) {
  const page = await env.browser.newPage({
    viewport: { width, height: 900 } });
  page.requests = [];
  page.errors = [];
  page.on("request", (r) => page.requests.push(r));
  page.on("pageerror", (e) => page.errors.push(e.message));
  await page.goto(env.server.url + "/");
  await page.waitForSelector("html[data-ready]", { state: "attached" });
  return page;
}

// Closes page after checking that it ran without script errors and
// asked nothing of another server.
export async function closePage(env, page) {
  assert.deepEqual(page.errors, []);
  const away = page.requests.map((r) => r.url())
    .filter((u) => !u.startsWith(env.server.url));
  assert.deepEqual(away, [], "a request left the server");
  await page.close();
}

// The API's answer, { ok, status, data }: GET path, or POST body to it.
export async function answer(env, path, body) {
  const init = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) };
  const r = await fetch(env.server.url + path, init);
  return { ok: r.ok, status: r.status, data: await r.json() };
}

// The API's answer, which must be a success.
export async function ask(env, path, body) {
  const a = await answer(env, path, body);
  assert.ok(a.ok, `${path}: ${a.status} ${JSON.stringify(a.data)}`);
  return a.data;
}

// 101770 -> "101,770", as the page writes counts.
export const grouped = (n) => BigInt(n).toLocaleString("en-US");

// Fails, naming them, if elements stick out of the viewport sideways, or
// the page scrolls sideways.  SVG text counts: a label cut off at a
// chart's edge sticks out of it.
export async function assertNoOverflow(page, what) {
  const out = await page.evaluate(() => {
    const bad = [];
    const W = document.documentElement.clientWidth;
    for (const e of document.querySelectorAll("body *")) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if (r.right > W + 0.5 || r.left < -0.5)
        bad.push(`${e.tagName.toLowerCase()}#${e.id}.${e.getAttribute(
          "class")} "${(e.textContent || "").slice(0, 30)}" ` +
          `${r.left.toFixed(1)}..${r.right.toFixed(1)} of ${W}`);
    }
    if (document.documentElement.scrollWidth > W)
      bad.push(`the page is ${document.documentElement.scrollWidth} wide`);
    return bad;
  });
  assert.deepEqual(out, [], `${what}: overflows the viewport`);
}

// A screenshot of an element (a locator) as SHOTS/name, if SHOTS is set;
// with page, of page's viewport with the element at its top instead.
export async function screenshot(target, name, page) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  const path = join(SHOTS, name);
  if (page) {
    await target.evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path });
  } else {
    await target.screenshot({ path });
  }
}

// The texts of the cells of table (a selector), row by row.
export const tableRows = (page, table) => page.$$eval(
  `${table} tbody tr`, (trs) => trs.map((tr) =>
    [...tr.cells].map((c) => c.textContent)));
