// access.mjs - the whole page in chromium, at 1280 and 390 px: what it
// weighs (under 100 KB with its script and style sheet, printed), how
// long each picture takes to draw after its answer (printed from the
// page's performance measures: a benchmark, not a timed assertion),
// contrast of at least 4.5:1 for every text and every coloured mark,
// every control reached with Tab and each picture worked from the
// keyboard, a text alternative a screen reader reaches for each chart,
// and the controls of "will it run?" from GET /gpus.  Nothing overflows
// at 390 px.
// Usage: node --test access.mjs   (MODELSCALE_BIN names the binary)
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  WIDTHS, ask, assertNoOverflow, closePage, openPage, useBrowser,
} from "./lib.mjs";

const env = useBrowser();
const PICTURES = ["network", "parts", "compare", "curve", "run"];

test("the page and its files weigh under 100 KB", async () => {
  let total = 0;
  for (const path of ["/", "/app.js", "/app.css"]) {
    const bytes = (await (await fetch(env.server.url + path))
      .arrayBuffer()).byteLength;
    console.log(`${path}: ${bytes} bytes`);
    total += bytes;
  }
  console.log(`the page, its script and its style: ${total} bytes`);
  assert.ok(total < 100000, `${total} bytes`);
});

// The last measure of each picture: ms from its answer to its drawing.
const drawTimes = (page) => page.evaluate((names) => Object.fromEntries(
  names.map((n) => [n, performance.getEntriesByName(n, "measure")
    .at(-1)?.duration])), PICTURES);

// Texts and coloured marks whose contrast with what is behind them is
// under 4.5:1 (WCAG 2's relative luminance).
const lowContrast = (page) => page.evaluate(() => {
  const rgb = (s) => s.match(/[\d.]+/g).map(Number);
  const lum = (c) => {
    const f = (v) => {
      const x = v / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const behind = (e) => {
    for (let n = e; n; n = n.parentElement) {
      const c = rgb(getComputedStyle(n).backgroundColor);
      if (c.length < 4 || c[3] > 0) return c;
    }
    return [255, 255, 255];
  };
  const bad = [];
  // e's colour against what is behind it: behind its SVG, or behind
  // itself (a text), or behind its box (a mark, painted by its own
  // background).
  const check = (e, colour, what, mark) => {
    const k = ratio(rgb(colour), behind(e instanceof SVGElement
      ? e.ownerSVGElement : mark ? e.parentElement : e));
    if (k < 4.5) bad.push(`${what} ${colour}: ${k.toFixed(2)}`);
  };
  const texts = document.createTreeWalker(document.body,
                                          NodeFilter.SHOW_TEXT);
  while (texts.nextNode()) {
    const e = texts.currentNode.parentElement;
    if (!texts.currentNode.textContent.trim()) continue;
    if (e.getClientRects().length === 0) continue; // not drawn
    const style = getComputedStyle(e);
    check(e, e instanceof SVGElement ? style.fill : style.color,
          `"${texts.currentNode.textContent.trim().slice(0, 24)}"`);
  }
  for (const m of document.querySelectorAll(
    "svg .bar, svg .part, svg .loss, svg .compute, svg .point, " +
    "svg .picked, svg .node, svg .model, svg .run-weights, svg .run-cache, " +
    ".swatch, .key")) {
    const s = getComputedStyle(m);
    const paint = m instanceof SVGElement
      ? (s.fill === "none" || s.fill === "rgb(255, 255, 255)"
        ? s.stroke : s.fill)
      : (m.classList.contains("key") ? s.borderTopColor
        : s.backgroundColor);
    check(m, paint, `mark .${m.getAttribute("class")}`, true);
  }
  return bad;
});

for (const width of WIDTHS) {
  test(`draw times, contrast and text alternatives at ${width} px`,
       async () => {
    const page = await openPage(env, width);
    const times = await drawTimes(page);
    for (const n of PICTURES) {
      assert.equal(typeof times[n], "number", `${n} was measured`);
      console.log(`${width} px: ${n} drawn ${times[n].toFixed(1)} ms ` +
                  "after its answer");
    }
    assert.deepEqual(await lowContrast(page), []);
    // Each chart is an image named by its description, and each has a
    // table of its figures too.
    for (const [svg, table, says] of [
      ["#net", "#net-table", "101,770"], ["#parts", "#parts-table", "MLP"],
      ["#chart", "#table", "small_neural_net"],
      ["#curve", "#curve-table", "epoch-2024"],
      ["#run", "#run-table", "tokens/s"]]) {
      const aria = await page.locator(svg).ariaSnapshot();
      assert.match(aria, /^- '?img "/, svg);
      assert.ok(aria.includes(says), `${svg}: ${aria}`);
      assert.ok(await page.locator(`${table} tbody tr`).count() > 0, table);
    }
    for (const summary of await page.locator("#scaling summary").all())
      await summary.click();
    assert.ok(await page.locator("#curve-table").isVisible());
    assert.ok(await page.locator("#placed-table").isVisible());
    await assertNoOverflow(page, "the curve's tables open");
    await closePage(env, page);
  });

  test(`every control is reached and worked from the keyboard at ${width} px`,
       async () => {
    const page = await openPage(env, width);
    const controls = await page.$$eval(
      "a[href], button, input, select, summary", (es) => es
        .filter((e) => !e.disabled && e.getClientRects().length > 0)
        .map((e) => e.id || e.textContent.trim()));
    const reached = [];
    await page.focus("h1"); // not focusable: Tab starts from the top
    for (let i = 0; i < controls.length + 5; i++) {
      await page.keyboard.press("Tab");
      reached.push(await page.evaluate(() => document.activeElement.id ||
        document.activeElement.textContent.trim()));
    }
    for (const c of controls) assert.ok(reached.includes(c), `${c} by Tab`);

    // A catalog model picked with the arrow keys.
    const before = await page.textContent("#parts-total");
    await page.focus("#part-model");
    await page.keyboard.press("ArrowDown");
    const picked = await page.inputValue("#part-model");
    await page.waitForFunction((p) => document.getElementById("parts-total")
      .textContent.startsWith(p + ":"), picked);
    assert.notEqual(await page.textContent("#parts-total"), before);

    // The comparison's form sent with Enter.
    await page.fill("#model-0-parameters", "30");
    await page.focus("#model-0-parameters");
    await page.keyboard.press("Enter");
    const models = await page.$$eval("#rows .row", (rs) => rs.map((r) => ({
      name: r.querySelector("[name=name]").value,
      parameters: r.querySelector("[name=parameters]").value })));
    const want = await ask(env, "/compare", { models, include: ["memory"] });
    await page.waitForFunction((s) => document.getElementById("summary")
      .textContent === s, want.summary);

    // Will it run?: the GPU picked with the arrow keys.
    const gpus = (await ask(env, "/gpus")).gpus;
    await page.focus("#gpu");
    await page.keyboard.press("ArrowDown");
    await page.waitForFunction((g) => document.getElementById("run-status")
      .textContent.includes(g.name + " (" + g.memory), gpus[1]);
    await assertNoOverflow(page, "after the keyboard");
    await closePage(env, page);
  });

  test(`will it run?: its controls at ${width} px`, async () => {
    const page = await openPage(env, width);
    const gpus = (await ask(env, "/gpus")).gpus;
    assert.deepEqual(await page.$$eval("#gpu option", (os) => os.map(
      (o) => [o.value, o.textContent])), gpus.map((g) =>
      [g.id, `${g.name} (${g.memory})`]));
    // the weight formats of issue 16, llama.cpp's uniform ones among them
    assert.deepEqual((await page.$$eval("#run-dtype option", (os) =>
      os.map((o) => o.value))).sort(), ["bf16", "fp16", "fp32", "fp8",
      "int4", "int8", "q2_k", "q3_k", "q4_0", "q4_k", "q5_k", "q6_k",
      "q8_0"]);
    const last = gpus[gpus.length - 1];
    await page.selectOption("#gpu", last.id);
    await page.fill("#gpu-count", "8");
    await page.fill("#context", "32768");
    await page.fill("#users", "16");
    await page.selectOption("#run-dtype", "q4_k");
    await page.waitForFunction((g) => document.getElementById("run-status")
      .textContent.startsWith(`8 × ${g.name} (${g.memory} each), weights ` +
        "in q4_k, 32768 tokens of context, 16 at once"), last);
    await assertNoOverflow(page, "will it run?");
    await closePage(env, page);
  });
}
