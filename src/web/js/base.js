// app.js - the page's one script, joined by cmake/page_script.cmake from
// the files of src/web/js/ (base.js first, main.js last).  base.js holds
// what every picture shares: building elements, asking the API, numbers
// as people read them, charts drawn at the width they are shown, and the
// performance marks the browser tests read.  Every figure the page shows
// comes from an API answer; nothing is loaded from elsewhere.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const UNITS = ["", "K", "M", "B", "T", "Q", "Qi"];

function el(tag, attrs, text) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVG, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// 101770 or "101770" -> "101,770", exact past 2^53 too.
function grouped(n) {
  return BigInt(n).toLocaleString("en-US");
}

// 1000 -> "1K", 10^12 -> "1T": the labels of a chart's powers of ten.
function powerLabel(exp) {
  if (exp >= 3 * UNITS.length) return "1e" + exp;
  return "1" + "0".repeat(exp % 3) + UNITS[Math.floor(exp / 3)];
}

// Asks the API: GET path, or POST body to it when body is given.
// Resolves to { ok, data }: the answer, or its problem+json, or a problem
// of the page's own when the server cannot be reached.  An abort (signal)
// rejects, so that an answer nobody waits for is never drawn.
async function api(path, body, signal) {
  const init = body === undefined ? { signal } : {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body), signal };
  let answer;
  try {
    answer = await fetch(path, init);
    return { ok: answer.ok, data: await answer.json() };
  } catch (e) {
    if (e.name === "AbortError") throw e;
    return { ok: false, data: { detail: answer
      ? `The server answered ${answer.status} without JSON.`
      : "The server could not be reached." } };
  }
}

// fn, called ms after the last of a run of calls, with that call's
// arguments: edits as fast as one types send one request.
function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// The time from an API answer to the picture drawn from it, as a
// performance measure named for the picture (the browser tests print it).
function answered(name) {
  performance.mark(name + ":answer");
}
function drawn(name) {
  performance.mark(name + ":drawn");
  performance.measure(name, name + ":answer", name + ":drawn");
}

// Sets svg's viewBox to the width of its box in CSS pixels, and height,
// so that one unit is one pixel and text is drawn at the size the style
// sheet gives it, at any width.  Empties it but for its <desc>, which is
// set to desc; returns the width.
function frame(svg, height, desc) {
  const width = Math.max(240, Math.floor(svg.parentElement.clientWidth));
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.replaceChildren(el("svg:desc", { id: svg.id + "-desc" }, desc));
  svg.setAttribute("aria-labelledby", svg.id + "-desc");
  return width;
}

// A log10 scale taking [lo, hi] onto the pixels [a, b].
function logScale(lo, hi, a, b) {
  const l0 = Math.log10(lo), span = Math.log10(hi) - l0;
  return (v) => a + ((Math.log10(v) - l0) / span) * (b - a);
}

// A linear scale taking [lo, hi] onto the pixels [a, b].
function linScale(lo, hi, a, b) {
  return (v) => a + ((v - lo) / (hi - lo)) * (b - a);
}

// Every `every`th power of ten from lo to hi (exponents), so that labels
// of `width` pixels each keep apart over `pixels`.
function decades(lo, hi, pixels, width) {
  const every = Math.max(1, Math.ceil((hi - lo) * width / pixels));
  const out = [];
  for (let e = Math.ceil(lo / every) * every; e <= hi; e += every)
    out.push(e);
  return out;
}

// Fills table's body with rows, each an array of cell texts whose first
// is the row's header.  Each cell carries its column's heading
// (data-label), which the style sheet shows beside it when a phone
// stacks a row's cells.  A cell may be a node instead of a text.
// The roles keep it a table to a screen reader when a phone's style sheet
// makes its parts blocks.
function fillTable(table, rows) {
  const heads = [...table.tHead.rows[0].cells].map((c) => {
    c.setAttribute("role", "columnheader");
    return c.textContent;
  });
  table.setAttribute("role", "table");
  table.tBodies[0].replaceChildren(...rows.map((cells) => {
    const tr = el("tr", { role: "row" });
    cells.forEach((cell, i) => {
      const td = el(i === 0 ? "th" : "td", i === 0
        ? { scope: "row", role: "rowheader", "data-label": heads[i] }
        : { class: "num", role: "cell", "data-label": heads[i] });
      td.append(cell);
      tr.append(td);
    });
    return tr;
  }));
}

// The pictures drawn at the width they are shown redraw when it changes.
const redraws = [];
function onResize(fn) {
  redraws.push(fn);
}
{
  const main = document.querySelector("main");
  let width = main.clientWidth;
  new ResizeObserver(debounce(() => {
    if (main.clientWidth === width) return;
    width = main.clientWidth;
    for (const fn of redraws) fn();
  }, 100)).observe(main);
}
