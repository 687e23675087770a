// run.js - "will it run?": a GPU (GET /gpus), how many, a weight format,
// a context and a number of users at once pick what to ask; the catalog
// models that fit are drawn as bars split into weights and KV cache
// against the usable memory, each with its decode tokens/s bound.  Those
// figures come from /fit (gpu, gpus, context, batch) and /inference,
// issue 16's, which this server does not answer yet: runAsk() is where
// the second round asks them, and drawRun() draws what they answer.

const RUN_FORMATS = [
  ["bf16", "bf16 (16 bits a weight)"], ["fp16", "fp16 (16 bits)"],
  ["fp32", "fp32 (32 bits)"], ["fp8", "fp8 (8 bits)"],
  ["int8", "int8 (8 bits)"], ["int4", "int4 (4 bits)"],
  ["q8_0", "GGUF q8_0 (8.5 bits)"], ["q6_k", "GGUF q6_k (6.5625 bits)"],
  ["q5_k", "GGUF q5_k (5.5 bits)"], ["q4_k", "GGUF q4_k (4.5 bits)"],
  ["q4_0", "GGUF q4_0 (4.5 bits)"], ["q3_k", "GGUF q3_k (3.4375 bits)"],
  ["q2_k", "GGUF q2_k (2.625 bits)"],
];
const run = { gpus: new Map() }; // id -> GET /gpus' entry

// The question the controls ask, as /fit's and /inference's fields.
function runQuestion() {
  const value = (id) => document.getElementById(id).value;
  return { catalog: "reference", gpu: value("gpu"), gpus: value("gpu-count"),
           dtype: value("run-dtype"), context: value("context"),
           batch: value("users") };
}

// rows: [{ name, weights, cache: byte figures ({ bytes, decimal }),
// tokens_per_s: text }], the models that fit; usable: the byte figure of
// the memory a serving engine may use.  Each model is a bar of its
// weights and its cache, on a scale whose right end is usable.
function drawRun(rows, usable) {
  const svg = document.getElementById("run");
  const row = 40, top = 20, left = 4, right = 8;
  const H = top + row * rows.length + 4;
  document.getElementById("run-box").hidden = false;
  const W = frame(svg, H, `The models that fit in ${usable.decimal}: ` +
    rows.map((r) => `${r.name}, weights ${r.weights.decimal} and KV cache ` +
             `${r.cache.decimal}, at most ${r.tokens_per_s} tokens/s`)
      .join("; "));
  const x = linScale(0, Number(usable.bytes), left, W - right);
  svg.append(el("svg:line", { class: "limit", x1: x(Number(usable.bytes)),
                              x2: x(Number(usable.bytes)), y1: 4, y2: H }),
    el("svg:text", { x: W - right - 4, y: 14, "text-anchor": "end" },
       `usable: ${usable.decimal}`));
  rows.forEach((r, i) => {
    const y = top + i * row, w = x(Number(r.weights.bytes)) - left;
    svg.append(
      el("svg:text", { class: "label", x: left, y: y + 12 },
         `${r.name}: ${r.weights.decimal} + ${r.cache.decimal} KV, ` +
         `≤ ${r.tokens_per_s} tokens/s`),
      el("svg:rect", { class: "run-weights", x: left, y: y + 17, width: w,
                       height: 14 }),
      el("svg:rect", { class: "run-cache", x: left + w, y: y + 17, height: 14,
                       width: x(Number(r.cache.bytes)) - left }));
  });
}

// Says what is asked; the second round asks /fit and /inference here and
// draws their answers with drawRun.
function runAsk() {
  const q = runQuestion(), gpu = run.gpus.get(q.gpu);
  document.getElementById("run-status").textContent =
    `${q.gpus} × ${gpu.name} (${gpu.memory} each), weights in ${q.dtype}, ` +
    `${q.context} tokens of context, ${q.batch} at once: which models ` +
    "fit, and how fast they decode, come from /fit and /inference, which " +
    "this version of the server does not answer yet.";
}

// gpus: GET /gpus' answer.
function startRun(gpus) {
  const select = document.getElementById("gpu");
  for (const g of gpus.gpus) {
    run.gpus.set(g.id, g);
    select.append(el("option", { value: g.id }, `${g.name} (${g.memory})`));
  }
  const format = document.getElementById("run-dtype");
  for (const [value, text] of RUN_FORMATS)
    format.append(el("option", { value }, text));
  const later = debounce(runAsk, 300);
  document.getElementById("run-form").addEventListener("input", later);
  document.getElementById("run-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runAsk();
  });
  runAsk();
}
