// network.js - "what a parameter is": the guide's small_neural_net
// (784 -> 128 -> 10) as a diagram whose lines are the weights and whose
// filled nodes carry the biases, with the count spelled out by POST
// /count ({"model_type": "mlp", "layers": [...]}).  The sizes can be
// edited; the count follows them, one request after the typing stops,
// none for sizes already counted.

const MAX_SIZES = 8; // more columns than this do not fit a phone
const SHOWN = 7;     // nodes drawn in a column; the rest are "⋮"
const net = {
  box: document.getElementById("layers"),
  answer: null,    // the /count answer on screen
  focus: -1,       // the column whose input has the focus, or -1
  sent: "",        // the last body sent, as text
  answers: new Map(), // body text -> answer, so nothing is asked twice
  control: null,   // aborts the request in flight
};

// The positions of the nodes drawn for a layer of size nodes, between
// top and bottom: all of them up to SHOWN, else the first SHOWN - 2, a
// gap ("⋮") and the last.
function nodeRows(size, top, bottom) {
  const drawnCount = Math.min(size, SHOWN);
  const step = drawnCount > 1 ? (bottom - top) / (SHOWN - 1) : 0;
  const mid = (top + bottom) / 2 - (step * (drawnCount - 1)) / 2;
  const ys = [];
  for (let i = 0; i < drawnCount; i++) ys.push(mid + i * step);
  return { ys, gap: size > SHOWN ? ys.splice(SHOWN - 2, 1)[0] : null };
}

// The diagram of answer's layers: a column of nodes per size, every
// drawn node of one column joined to every drawn node of the next (each
// line a weight), a label over each band (in × out = weights) and under
// each column (its size and biases).
function drawNetwork() {
  const a = net.answer;
  const svg = document.getElementById("net");
  const sizes = [a.layers[0].in, ...a.layers.map((l) => l.out)];
  const H = 290, top = 64, bottom = 214;
  const W = frame(svg, H, `A network of ${sizes.length} layers of ` +
    `${sizes.map(grouped).join(", ")} nodes. ` + a.layers.map((l, i) =>
      `Layer ${i + 1} to ${i + 2}: ${grouped(l.in)} × ${grouped(l.out)} ` +
      `= ${grouped(l.weights)} weights, drawn as lines, and ` +
      `${grouped(l.biases)} biases, carried by the filled nodes`)
      .join("; ") + `. ${a.arithmetic}.`);
  const x = linScale(0, sizes.length - 1, 40, W - 40);
  const cols = sizes.map((s) => nodeRows(s, top, bottom));
  const fits = x(1) - x(0) >= 110; // room for the labels of a band
  a.layers.forEach((l, i) => {
    const on = net.focus === i || net.focus === i + 1 ? " on" : "";
    const g = el("svg:g", { class: "band" + on, "data-layer": i });
    for (const y1 of cols[i].ys)
      for (const y2 of cols[i + 1].ys)
        g.append(el("svg:line", { x1: x(i), y1, x2: x(i + 1), y2 }));
    const mx = (x(i) + x(i + 1)) / 2;
    g.append(el("svg:text", { x: mx, y: 22, class: "term",
                              "text-anchor": "middle" },
                fits ? `${grouped(l.in)} × ${grouped(l.out)}` : `${i + 1}`),
             el("svg:text", { x: mx, y: 40, class: "term weights",
                              "text-anchor": "middle" },
                fits ? `= ${grouped(l.weights)} weights` : ""));
    svg.append(g);
  });
  sizes.forEach((s, i) => {
    const on = net.focus === i ? " on" : "";
    const g = el("svg:g", { class: "column" + on });
    const biased = i > 0 && a.layers[i - 1].biases > 0;
    for (const cy of cols[i].ys)
      g.append(el("svg:circle", { cx: x(i), cy, r: 6,
                                  class: biased ? "node bias" : "node" }));
    if (cols[i].gap !== null)
      g.append(el("svg:text", { x: x(i), y: cols[i].gap + 5,
                                "text-anchor": "middle" }, "⋮"));
    const anchor = i === 0 ? "start" : i === sizes.length - 1 ? "end"
                                                              : "middle";
    const lx = i === 0 ? x(i) - 30 : i === sizes.length - 1 ? x(i) + 30 : x(i);
    // Without room for two lines each, the sizes alone, staggered.
    g.append(el("svg:text", { x: lx, y: bottom + 34 + (!fits && i % 2) * 18,
                              "text-anchor": anchor, class: "size" },
                grouped(s)));
    if (fits)
      g.append(el("svg:text", { x: lx, y: bottom + 52, "text-anchor": anchor,
                                class: "term biases" }, i === 0 ? "inputs"
                  : `+ ${grouped(a.layers[i - 1].biases)} biases`));
    svg.append(g);
  });
}

// The readout under the diagram: what the focused column holds.
function describeFocus() {
  const a = net.answer, i = net.focus;
  const out = document.getElementById("net-readout");
  if (!a || i < 0 || i > a.layers.length) {
    out.textContent = "Each line is a weight, one for each pair of nodes " +
      "in neighbouring layers; each filled node adds a bias.";
  } else if (i === 0) {
    out.textContent = `Layer 1: ${grouped(a.layers[0].in)} inputs, the ` +
      "pixels of a 28 × 28 image; inputs carry no parameters.";
  } else {
    const l = a.layers[i - 1];
    out.textContent = `Layer ${i + 1}: ${grouped(l.out)} nodes, each ` +
      `with ${grouped(l.in)} weights in and ` +
      (l.biases > 0 ? "a bias: " : "no bias: ") +
      `${grouped(l.weights)} + ${grouped(l.biases)} = ` +
      `${grouped(l.parameters)} parameters.`;
  }
}

function showCount() {
  const a = net.answer;
  document.getElementById("net-total").textContent =
    `${grouped(a.parameters)} parameters`;
  document.getElementById("arithmetic").textContent = a.arithmetic;
  fillTable(document.getElementById("net-table"), a.layers.map((l, i) => [
    `${i + 1} → ${i + 2}`, `${grouped(l.in)} × ${grouped(l.out)}`,
    grouped(l.weights), grouped(l.biases), grouped(l.parameters)]));
  drawNetwork();
  describeFocus();
}

function sizeInputs() {
  return [...net.box.querySelectorAll("input")];
}

// The body POST /count takes: sizes as typed, whole numbers as numbers,
// anything else as the text, for the API to name what is wrong.
function netBody() {
  const layers = sizeInputs().map((i) =>
    /^[0-9]{1,15}$/.test(i.value) ? Number(i.value) : i.value);
  const body = { model_type: "mlp", layers };
  if (!document.getElementById("bias").checked) body.bias = false;
  return body;
}

function netProblem(problem) {
  const m = /^\/layers\/(\d+)$/.exec(problem.pointer || "");
  const input = m && sizeInputs()[Number(m[1])];
  if (input) {
    input.setAttribute("aria-invalid", "true");
    document.getElementById(input.id + "-error").textContent = problem.detail;
  } else {
    document.getElementById("net-error").textContent =
      problem.detail || problem.title;
  }
  document.getElementById("net-total").textContent = "not counted";
  document.getElementById("arithmetic").textContent = "";
}

// Counts the sizes in the form, unless they are what was last asked.
async function count() {
  const body = netBody(), text = JSON.stringify(body);
  if (text === net.sent) return;
  net.sent = text;
  net.control?.abort();
  for (const input of sizeInputs()) input.removeAttribute("aria-invalid");
  net.box.querySelectorAll(".error").forEach((e) => { e.textContent = ""; });
  document.getElementById("net-error").textContent = "";
  let answer = net.answers.get(text);
  if (!answer) {
    net.control = new AbortController();
    try {
      answer = await api("/count", body, net.control.signal);
    } catch (e) {
      return; // a newer count is on its way
    }
    if (answer.ok) net.answers.set(text, answer);
  }
  answered("network");
  if (!answer.ok) {
    net.sent = ""; // the same sizes may be asked again
    netProblem(answer.data);
    return;
  }
  net.answer = answer.data;
  showCount();
  drawn("network");
}
const countSoon = debounce(count, 300);

// The editor: one input per size, labelled by its place; the hidden
// layers can be removed, and one can be added before the output.
function addSize(value, before) {
  const box = el("div", { class: "field size" });
  const input = el("input", { type: "text", inputmode: "numeric",
                              autocomplete: "off", spellcheck: "false" });
  input.value = String(value);
  input.addEventListener("input", countSoon);
  const remove = el("button", { type: "button", class: "remove" }, "Remove");
  remove.addEventListener("click", () => {
    box.remove();
    relabelSizes();
    count();
  });
  const inline = el("div", { class: "inline" });
  inline.append(input, remove);
  box.append(el("label"), inline,
             el("span", { class: "error", "aria-live": "polite" }));
  net.box.insertBefore(box, before || null);
  relabelSizes();
}

function relabelSizes() {
  const boxes = [...net.box.children];
  boxes.forEach((box, i) => {
    const input = box.querySelector("input");
    input.id = `size-${i}`;
    input.setAttribute("aria-describedby", `size-${i}-error`);
    box.querySelector(".error").id = `size-${i}-error`;
    const last = i === boxes.length - 1;
    box.querySelector("label").setAttribute("for", input.id);
    box.querySelector("label").textContent = `Layer ${i + 1}` +
      (i === 0 ? " (inputs)" : last ? " (outputs)" : "");
    const remove = box.querySelector(".remove");
    remove.hidden = i === 0 || last;
    remove.setAttribute("aria-label", `Remove layer ${i + 1}`);
  });
  document.getElementById("add-layer").disabled = boxes.length >= MAX_SIZES;
}

function focusColumn(i) {
  net.focus = i;
  if (net.answer) {
    drawNetwork();
    describeFocus();
  }
}

async function startNetwork() {
  for (const s of [784, 128, 10]) addSize(s);
  document.getElementById("add-layer").addEventListener("click", () => {
    const boxes = net.box.children;
    addSize(64, boxes[boxes.length - 1]);
    count();
    boxes[boxes.length - 2].querySelector("input").focus();
  });
  document.getElementById("bias").addEventListener("change", count);
  net.box.addEventListener("focusin", (e) => {
    if (e.target.tagName === "INPUT")
      focusColumn(sizeInputs().indexOf(e.target));
  });
  net.box.addEventListener("focusout", () => focusColumn(-1));
  onResize(() => net.answer && drawNetwork());
  await count();
}
