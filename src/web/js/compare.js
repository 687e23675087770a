// compare.js - the comparison: loads a catalog (GET /catalogs, then
// GET /compare?catalog=...&include=memory), draws the table and a
// log-scale bar chart with the memory of each model's weights in the
// chosen dtype beside its bar, and sends the form to POST /compare
// (a mixture of experts with its active parameters), showing each
// problem+json error next to the field its JSON Pointer names.

const rows = document.getElementById("rows");
const formError = document.getElementById("form-error");
const dtype = document.getElementById("dtype");
const catalog = document.getElementById("catalog");
let shown = null; // the answer on screen, and the model to highlight

function drawTable(models, type) {
  fillTable(document.getElementById("table"), models.map((m) => [
    m.name, grouped(m.parameters),
    m.active_formatted
      ? `${m.formatted}, ${m.active_formatted} active` : m.formatted,
    m.ratio_to_smallest_formatted, m.memory.weights[type].decimal,
    m.memory.inference[type].decimal]));
}

// One bar per model, across: its length log10(parameters) of the plot's
// width, with a line and a label at the powers of ten, the model's name
// above its bar and the memory of its weights in type after it.  Drawn
// in pixels, so its text is as large on a phone as on a desktop.
function drawChart(models, highlight, type) {
  const svg = document.getElementById("chart");
  const row = 36, top = 24, left = 8, right = 72;
  const H = top + row * models.length + 8;
  const W = frame(svg, H,
    `Bar chart of parameter counts on a logarithmic scale, with the ` +
    `memory of the weights in ${type}: ` +
    models.map((m) => `${m.name} ${m.formatted}, ` +
               m.memory.weights[type].decimal).join("; "));
  const maxExp = Math.max(1, Math.ceil(Math.log10(
    Math.max(...models.map((m) => Number(m.parameters))))));
  const x = logScale(1, 10 ** maxExp, left, W - right);
  for (const e of decades(0, maxExp, W - left - right, 34)) {
    const gx = x(10 ** e);
    svg.append(el("svg:line", { class: "grid", x1: gx, x2: gx, y1: top - 4,
                                y2: H - 8 }),
      el("svg:text", { x: gx, y: top - 8, "text-anchor":
                       e === 0 ? "start" : "middle" }, powerLabel(e)));
  }
  models.forEach((m, i) => {
    const y = top + i * row;
    const len = Math.max(2, x(Number(m.parameters)) - left);
    const memory = m.memory.weights[type].decimal;
    const bar = el("svg:rect", {
      class: "bar" + (m.name === highlight ? " new" : ""),
      x: left, y: y + 17, width: len, height: 13,
      "data-name": m.name, "data-parameters": m.parameters });
    bar.append(el("svg:title", {},
                  `${m.name}: ${m.formatted}, ${memory} in ${type}`));
    svg.append(bar,
      el("svg:text", { class: "label", x: left, y: y + 13 },
         `${m.name} ${m.formatted}`),
      el("svg:text", { class: "memory", x: left + len + 4, y: y + 28,
                       "data-name": m.name }, memory));
  });
}

function show(result, highlight) {
  shown = { result, highlight };
  document.getElementById("summary").textContent = result.summary;
  drawTable(result.models, dtype.value);
  drawChart(result.models, highlight, dtype.value);
}

const FIELDS = [
  ["name", (i) => `Model ${i}`],
  ["parameters", (i) => `Parameters of model ${i}`],
  ["active_parameters",
   (i) => `Active parameters of model ${i} (if MoE)`],
];

// A row of the form: a name, a count and, for a mixture of experts, its
// active count, each with its label and a place for its error, and a
// button that removes the row.
function addRow(name, parameters, active) {
  const row = el("div", { class: "row" });
  [name, parameters, active].forEach((value, f) => {
    const box = el("div", { class: "field" });
    const input = el("input", { type: "text", name: FIELDS[f][0],
                                autocomplete: "off", spellcheck: "false" });
    input.value = value || "";
    box.append(el("label"), input,
               el("span", { class: "error", "aria-live": "polite" }));
    row.append(box);
  });
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
        FIELDS.find((f) => f[0] === input.name)[1](i + 1);
    });
    row.querySelector(".remove").setAttribute("aria-label",
                                              `Remove model ${i + 1}`);
  });
}

function clearErrors() {
  formError.textContent = "";
  rows.querySelectorAll(".error").forEach((e) => { e.textContent = ""; });
  for (const input of rows.querySelectorAll("input"))
    input.removeAttribute("aria-invalid");
}

// Puts a problem's detail next to the field its pointer names
// (/models/2/parameters), or above the buttons for anything else.
function showProblem(problem) {
  const m = /^\/models\/(\d+)\/(name|parameters|active_parameters)$/
    .exec(problem.pointer || "");
  const input = m && document.getElementById(`model-${m[1]}-${m[2]}`);
  if (input) {
    input.setAttribute("aria-invalid", "true");
    document.getElementById(input.id + "-error").textContent = problem.detail;
    input.focus();
  } else {
    formError.textContent = problem.detail || problem.title;
  }
}

// The form's models as POST /compare takes them: an empty active count
// is not given, anything else is sent as typed, for the API to judge.
function formModels() {
  return [...rows.children].map((row) => {
    const value = (name) => row.querySelector(`input[name=${name}]`).value;
    const model = { name: value("name"), parameters: value("parameters") };
    if (value("active_parameters") !== "")
      model.active_parameters = value("active_parameters");
    return model;
  });
}

async function compare(event) {
  event.preventDefault();
  clearErrors();
  const models = formModels();
  const body = { models, sort: document.getElementById("sort").value,
                 include: ["memory"] };
  const { ok, data } = await api("/compare", body);
  answered("compare");
  if (!ok) {
    showProblem(data);
    return;
  }
  show(data, models.length > 0 ? models[models.length - 1].name : null);
  drawn("compare");
}

// Shows the catalog chosen in the select, and puts its models in the form.
async function loadCatalog() {
  const query = new URLSearchParams({ catalog: catalog.value,
                                      include: "memory" });
  const { ok, data } = await api("/compare?" + query);
  answered("compare");
  if (!ok) {
    formError.textContent = data.detail;
    return;
  }
  clearErrors();
  rows.replaceChildren();
  for (const m of data.models)
    addRow(m.name, String(m.parameters),
           m.active_parameters ? String(m.active_parameters) : "");
  show(data, null);
  drawn("compare");
}

async function startCompare() {
  document.getElementById("form").addEventListener("submit", compare);
  document.getElementById("add").addEventListener("click", () => {
    addRow("", "", "").querySelector("input").focus();
  });
  dtype.addEventListener("change", () => show(shown.result, shown.highlight));
  catalog.addEventListener("change", loadCatalog);
  onResize(() => shown && drawChart(shown.result.models, shown.highlight,
                                    dtype.value));
  const { ok, data } = await api("/catalogs");
  if (!ok) {
    formError.textContent = data.detail;
    return;
  }
  for (const c of data.catalogs)
    catalog.append(el("option", { value: c.name, title: c.description },
                      `${c.name} (${c.count} models)`));
  await loadCatalog();
}
