// app.js - the comparison page: loads a catalog (GET /catalogs, then
// GET /compare?catalog=...&include=memory), draws the table and a
// log-scale bar chart with the memory of each model's weights in the
// chosen dtype above its bar, and sends the form to POST /compare,
// showing each problem+json error next to the field its JSON Pointer
// names.  Nothing is loaded from elsewhere.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const UNITS = ["", "K", "M", "B", "T", "Q", "Qi"];

const rows = document.getElementById("rows");
const formError = document.getElementById("form-error");
const dtype = document.getElementById("dtype");
const catalog = document.getElementById("catalog");
let shown = null; // the answer on screen, and the model to highlight

// 1000 -> "1K", 10^12 -> "1T": the labels of the chart's powers of ten.
function powerLabel(exp) {
  return "1" + "0".repeat(exp % 3) + UNITS[Math.floor(exp / 3)];
}

function el(tag, attrs, text) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVG, tag.slice(4))
    : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function drawTable(models, type) {
  const body = document.querySelector("#table tbody");
  body.replaceChildren();
  for (const m of models) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row" }, m.name),
      el("td", { class: "num" }, BigInt(m.parameters).toLocaleString("en-US")),
      el("td", { class: "num" }, m.formatted),
      el("td", { class: "num" }, m.ratio_to_smallest_formatted),
      el("td", { class: "num" }, m.memory.weights[type].decimal),
      el("td", { class: "num" }, m.memory.inference[type].decimal));
    body.append(tr);
  }
}

// One bar per model, its height log10(parameters) of the chart's height,
// with a line and a label at every power of ten, and the memory of the
// model's weights in type above it.
function drawChart(models, highlight, type) {
  const svg = document.getElementById("chart");
  const W = 800, H = 360, left = 48, top = 34, bottom = 92;
  const plotH = H - top - bottom, plotW = W - left - 48;
  const maxExp = Math.max(1, Math.ceil(Math.log10(
    Math.max(...models.map((m) => Number(m.parameters))))));
  const y = (count) => top + plotH - (Math.log10(count) / maxExp) * plotH;

  svg.replaceChildren(el("svg:desc", { id: "chart-desc" },
    `Bar chart of parameter counts on a logarithmic scale, with the ` +
    `memory of the weights in ${type}: ` +
    models.map((m) => `${m.name} ${m.formatted}, ` +
               m.memory.weights[type].decimal).join("; ")));
  for (let e = 0; e <= maxExp; e++) {
    const gy = y(10 ** e);
    svg.append(el("svg:line", { class: "grid", x1: left, x2: W - 4,
                                y1: gy, y2: gy }),
      el("svg:text", { x: left - 6, y: gy + 4, "text-anchor": "end" },
         powerLabel(e)));
  }
  const slot = plotW / models.length;
  const barW = Math.max(4, Math.min(60, slot * 0.7));
  models.forEach((m, i) => {
    const count = Number(m.parameters);
    const x = left + i * slot + (slot - barW) / 2;
    const h = Math.max(2, top + plotH - y(count));
    const bar = el("svg:rect", {
      class: "bar" + (m.name === highlight ? " new" : ""),
      x, y: top + plotH - h, width: barW, height: h,
      "data-name": m.name, "data-parameters": m.parameters });
    const memory = m.memory.weights[type].decimal;
    bar.append(el("svg:title", {}, `${m.name}: ${m.formatted}, ${memory} in ${type}`));
    const lx = x + barW / 2, ly = top + plotH + 10;
    // "335.5 GB" on two lines, number over unit, to fit a narrow bar
    const [amount, unit] = memory.split(" ");
    const label = el("svg:text", { class: "memory", x: lx, y: top + plotH - h - 16,
                                   "text-anchor": "middle", "data-name": m.name });
    label.append(el("svg:tspan", { x: lx }, amount + " "),
                 el("svg:tspan", { x: lx, dy: "1.1em" }, unit));
    svg.append(bar, label,
      el("svg:text", { class: "label", x: lx, y: ly,
                       transform: `rotate(45 ${lx} ${ly})` },
         m.name.length > 18 ? m.name.slice(0, 17) + "…" : m.name));
  });
}

function show(result, highlight) {
  shown = { result, highlight };
  document.getElementById("summary").textContent = result.summary;
  drawTable(result.models, dtype.value);
  drawChart(result.models, highlight, dtype.value);
}

// A row of the form: a name and a count, each with its label and a place
// for its error, and a button that removes the row.
function addRow(name, parameters) {
  const row = el("div", { class: "row" });
  for (const [field, label, value] of [["name", "Model", name],
                                        ["parameters", "Parameters", parameters]]) {
    const box = el("div", { class: "field" });
    const input = el("input", { type: "text", name: field,
                                autocomplete: "off", spellcheck: "false" });
    input.value = value;
    const lab = el("label", {}, label);
    const err = el("span", { class: "error", "aria-live": "polite" });
    box.append(lab, input, err);
    row.append(box);
  }
  const remove = el("button", { type: "button", class: "remove" }, "Remove");
  remove.addEventListener("click", () => { row.remove(); relabel(); });
  row.append(remove);
  rows.append(row);
  relabel();
  return row;
}

// Keeps each label, error and button tied to its input, by position.
function relabel() {
  [...rows.children].forEach((row, i) => {
    row.querySelectorAll(".field").forEach((box) => {
      const input = box.querySelector("input");
      const id = `model-${i}-${input.name}`;
      input.id = id;
      box.querySelector("label").setAttribute("for", id);
      box.querySelector(".error").id = id + "-error";
      input.setAttribute("aria-describedby", id + "-error");
      box.querySelector("label").textContent =
        (input.name === "name" ? "Model " : "Parameters of model ") + (i + 1);
    });
    row.querySelector(".remove").setAttribute("aria-label",
                                              `Remove model ${i + 1}`);
  });
}

function clearErrors() {
  formError.textContent = "";
  rows.querySelectorAll(".error").forEach((e) => { e.textContent = ""; });
  rows.querySelectorAll("input").forEach((i) => i.removeAttribute("aria-invalid"));
}

// Puts a problem's detail next to the field its pointer names
// (/models/2/parameters), or above the buttons for anything else.
function showProblem(problem) {
  const m = /^\/models\/(\d+)\/(name|parameters)$/.exec(problem.pointer || "");
  const input = m && document.getElementById(`model-${m[1]}-${m[2]}`);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    document.getElementById(input.id + "-error").textContent = problem.detail;
    input.focus();
  } else {
    formError.textContent = problem.detail || problem.title;
  }
}

async function compare(event) {
  event.preventDefault();
  clearErrors();
  const models = [...rows.children].map((row) => ({
    name: row.querySelector("input[name=name]").value,
    parameters: row.querySelector("input[name=parameters]").value,
  }));
  const body = { models, sort: document.getElementById("sort").value,
                 include: ["memory"] };
  let answer;
  try {
    answer = await fetch("/compare", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) });
  } catch (e) {
    formError.textContent = "The server could not be reached.";
    return;
  }
  const data = await answer.json();
  if (!answer.ok) {
    showProblem(data);
    return;
  }
  const last = models.length > 0 ? models[models.length - 1].name : null;
  show(data, last);
}

// Shows the catalog chosen in the select, and puts its models in the form.
async function loadCatalog() {
  const query = new URLSearchParams({ catalog: catalog.value, include: "memory" });
  const data = await (await fetch("/compare?" + query)).json();
  clearErrors();
  rows.replaceChildren();
  for (const m of data.models) addRow(m.name, String(m.parameters));
  show(data, null);
}

async function start() {
  document.getElementById("form").addEventListener("submit", compare);
  document.getElementById("add").addEventListener("click", () => {
    addRow("", "").querySelector("input").focus();
  });
  dtype.addEventListener("change", () => show(shown.result, shown.highlight));
  catalog.addEventListener("change", loadCatalog);
  const list = await (await fetch("/catalogs")).json();
  for (const c of list.catalogs)
    catalog.append(el("option", { value: c.name, title: c.description },
                      `${c.name} (${c.count} models)`));
  await loadCatalog();
}

start();
