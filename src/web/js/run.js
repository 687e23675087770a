// run.js - "will it run?": a GPU (GET /gpus), how many, a weight format,
// a context and a number of users at once make one question.  POST /fit
// answers it for the whole reference catalog at once (each model's
// weights and KV cache, the usable memory); GET /inference, once for
// each model that fits, adds its decode tokens/s bound.  The models that
// fit are drawn as bars split into weights and KV cache against the
// usable memory, and listed in a table; a problem shows under the field
// its pointer names.

const RUN_FORMATS = [
  ["bf16", "bf16 (16 bits a weight)"], ["fp16", "fp16 (16 bits)"],
  ["fp32", "fp32 (32 bits)"], ["fp8", "fp8 (8 bits)"],
  ["int8", "int8 (8 bits)"], ["int4", "int4 (4 bits)"],
  ["q8_0", "GGUF q8_0 (8.5 bits)"], ["q6_k", "GGUF q6_k (6.5625 bits)"],
  ["q5_k", "GGUF q5_k (5.5 bits)"], ["q4_k", "GGUF q4_k (4.5 bits)"],
  ["q4_0", "GGUF q4_0 (4.5 bits)"], ["q3_k", "GGUF q3_k (3.4375 bits)"],
  ["q2_k", "GGUF q2_k (2.625 bits)"],
];
// The question's fields, each with the id of its control.
const RUN_FIELDS = [["gpu", "gpu"], ["gpus", "gpu-count"],
  ["dtype", "run-dtype"], ["context", "context"], ["batch", "users"]];
const run = {
  gpus: new Map(),    // id -> GET /gpus' entry
  cache: new Map(),   // question (JSON) -> { fit, inference: [answer] }
  asked: null,        // the question last asked: an older answer is dropped
  drawn: null,        // draws the last answer again (at a new width)
};

// The question the controls ask, as POST /fit's body: a whole number
// typed is sent as a JSON number, anything else as typed, for the API
// to judge.
function runQuestion() {
  const q = { catalog: "reference" };
  for (const [field, id] of RUN_FIELDS) {
    const v = document.getElementById(id).value.trim();
    q[field] = /^[0-9]{1,15}$/.test(v) ? Number(v) : v;
  }
  return q;
}

// A decode bound as the page writes it: 32.95 -> "33.0".
function tokensPerS(v) {
  return v.toLocaleString("en-US", { minimumFractionDigits: 1,
                                     maximumFractionDigits: 1 });
}

// rows: /fit's entries of the models that fit, each with its /inference
// answer as inference; usable: /fit's memory, what the GPUs offer.  Each
// model is a bar of its weights and its KV cache, on a scale whose right
// end is usable.
function drawRun(rows, usable) {
  const svg = document.getElementById("run");
  const row = 38, top = 22, left = 4, right = 8;
  const H = top + row * rows.length + 4;
  document.getElementById("run-box").hidden = rows.length === 0;
  const W = frame(svg, H, `The ${rows.length} models that fit in the ` +
    `${usable.decimal} usable, largest first, each a bar of its weights ` +
    "and its KV cache against that memory, with its decode bound in " +
    "tokens/s. The table below gives every figure.");
  const x = linScale(0, Number(usable.bytes), left, W - right);
  svg.append(el("svg:line", { class: "limit", x1: x(Number(usable.bytes)),
                              x2: x(Number(usable.bytes)), y1: 18, y2: H }),
    el("svg:text", { x: W - right - 4, y: 14, "text-anchor": "end" },
       `usable: ${usable.decimal}`));
  // The figures beside the name where there is room; the table has them.
  const wide = W >= 560;
  rows.forEach((r, i) => {
    const y = top + i * row, w = x(Number(r.weights.bytes)) - left;
    const g = el("svg:g", { "data-model": r.name });
    g.append(
      el("svg:text", { class: "label", x: left, y: y + 12 }, r.name +
         (wide ? `: ${r.weights.decimal} + ${r.kv_cache.decimal} ` +
          (r.exact_cache ? "KV cache" : "(× 1.2 rule)") : "")),
      el("svg:text", { class: "label tps", x: W - right, y: y + 12,
                       "text-anchor": "end" },
         `≤ ${tokensPerS(r.inference.decode.tokens_per_s)} tokens/s`),
      el("svg:rect", { class: "run-weights", x: left, y: y + 17, width: w,
                       height: 14 }),
      el("svg:rect", { class: "run-cache", x: left + w, y: y + 17,
                       height: 14,
                       width: x(Number(r.kv_cache.bytes)) - left }));
    svg.append(g);
  });
}

// The table of the models that fit, the models too large, and the
// assumptions the figures rest on.
function showRun(fit, rows) {
  fillTable(document.getElementById("run-table"), rows.map((r) => [
    r.name, r.weights.decimal,
    r.kv_cache.decimal + (r.exact_cache ? "" : " (× 1.2 rule)"),
    r.required_per_gpu.decimal, r.headroom.decimal,
    tokensPerS(r.inference.decode.tokens_per_s),
    tokensPerS(r.inference.decode.batch_tokens_per_s)]));
  document.getElementById("run-table").hidden = rows.length === 0;
  document.getElementById("run-too-large").textContent =
    fit.too_large.length === 0 ? "Every model of the catalog fits." :
      "Too large: " + fit.too_large.map((m) =>
        `${m.name} (${m.shortfall.decimal} short)`).join(", ") + ".";
  document.getElementById("run-warnings").replaceChildren(
    ...rows.flatMap((r) => r.inference.warnings.map((w) =>
      el("li", {}, `${r.name}: ${w}`))));
  const decode = rows[0]?.inference.assumptions.decode;
  const moe = rows.find((r) => r.inference.decode.moe)?.inference.decode.moe;
  document.getElementById("run-assumptions").replaceChildren(
    ...[...Object.values(fit.assumptions), decode, moe].filter(Boolean)
      .map((s) => el("li", {}, s)));
}

function clearRunErrors() {
  document.getElementById("run-error").textContent = "";
  for (const [, id] of RUN_FIELDS) {
    document.getElementById(id + "-error").textContent = "";
    document.getElementById(id).removeAttribute("aria-invalid");
  }
}

// Puts a problem's detail under the field its pointer names, or under
// the form when it names none.
function showRunProblem(problem) {
  const named = RUN_FIELDS.find(([f]) => problem.pointer === "/" + f);
  if (!named) {
    document.getElementById("run-error").textContent = problem.detail;
    return;
  }
  document.getElementById(named[1]).setAttribute("aria-invalid", "true");
  document.getElementById(named[1] + "-error").textContent = problem.detail;
}

// /fit's answer to q, and /inference's for each model that fits; or the
// problem of the first that fails.  Answers are kept.
async function runAnswers(q) {
  const key = JSON.stringify(q);
  if (run.cache.has(key)) return { ok: true, data: run.cache.get(key) };
  const fit = await api("/fit", q);
  if (!fit.ok) return fit;
  const query = (name) => "/inference?" + new URLSearchParams({
    model: name, catalog: q.catalog, gpu: q.gpu, gpus: q.gpus,
    dtype: q.dtype, context: q.context, batch: q.batch });
  const inference = await Promise.all(
    fit.data.fits.map((m) => api(query(m.name))));
  const failed = inference.find((a) => !a.ok);
  if (failed) return failed;
  const data = { fit: fit.data, inference: inference.map((a) => a.data) };
  run.cache.set(key, data);
  return { ok: true, data };
}

async function runAsk() {
  const q = runQuestion(), key = JSON.stringify(q);
  run.asked = key;
  const answer = await runAnswers(q);
  if (run.asked !== key) return; // asked something else since
  answered("run");
  clearRunErrors();
  const status = document.getElementById("run-status");
  if (!answer.ok) {
    showRunProblem(answer.data);
    status.textContent = "";
    return;
  }
  const { fit, inference } = answer.data;
  const rows = fit.fits.map((m, i) => ({ ...m, inference: inference[i] }));
  const gpu = run.gpus.get(fit.gpu);
  status.textContent =
    `${fit.gpus} × ${gpu.name} (${gpu.memory} each), weights in ` +
    `${fit.dtype}, ${fit.context} tokens of context, ${fit.batch} at ` +
    `once: ${fit.count} of the catalog's models fit in the ` +
    `${fit.memory.decimal} usable (${fit.utilization} of each GPU), ` +
    `${fit.too_large.length} do not.`;
  drawRun(rows, fit.memory);
  showRun(fit, rows);
  run.drawn = () => drawRun(rows, fit.memory);
  drawn("run");
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
  onResize(() => run.drawn?.());
  return runAsk();
}
