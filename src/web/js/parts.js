// parts.js - where a catalog model's parameters live: the reference
// catalog's models that have an architecture (GET /models) in a list;
// the one picked is counted by POST /count from its config.json, cut to
// the fields GET /architectures says its model_type reads, and drawn as
// one bar split into its components (embeddings, attention, MLP or
// experts, norms, head...), with a second bar of the active parameters
// for a mixture of experts.  The table under it is the bar in words.

const PART_NAMES = {
  embeddings: "embeddings", position_embeddings: "position embeddings",
  attention: "attention", mlp: "MLP", experts: "experts",
  shared_experts: "shared experts", router: "router", norms: "norms",
  head: "head", pooler: "pooler", classifier: "classifier",
  weights: "weights", biases: "biases",
};
const parts = {
  select: document.getElementById("part-model"),
  fields: new Map(),  // model_type -> the fields /count reads of it
  answers: new Map(), // model name -> its /count answer
  shown: null,        // [name, answer] on screen
};

// The config of catalog model name with only what /count reads of it.
function partsConfig(name) {
  const config = CATALOG_CONFIGS[name];
  const reads = parts.fields.get(config.model_type) || new Set();
  const out = { model_type: config.model_type };
  for (const [k, v] of Object.entries(config))
    if (reads.has(k)) out[k] = v;
  return out;
}

// The bar: a segment per component, its width its share of the total,
// a label under the segments wide enough for one; for a mixture of
// experts, under it a bar of the active parameters on the same scale.
function drawParts() {
  const [name, a] = parts.shown;
  const svg = document.getElementById("parts");
  const entries = Object.entries(a.breakdown);
  const moe = a.active_parameters !== undefined;
  const H = moe ? 150 : 84, left = 4;
  const W = frame(svg, H, `Stacked bar of the ${a.formatted} parameters ` +
    `of ${name}: ` + entries.map(([k, p]) =>
      `${PART_NAMES[k] || k} ${p.formatted} (${p.percent.toFixed(2)}%)`)
      .join(", ") + (moe ? `; ${a.active_formatted} of them active per ` +
                     "token" : ""));
  const total = Number(a.parameters), span = W - 2 * left;
  let x = left;
  for (const [k, p] of entries) {
    const w = (Number(p.parameters) / total) * span;
    const rect = el("svg:rect", { class: `part part-${k}`, x, y: 8,
                                  width: w, height: 36, "data-part": k });
    rect.append(el("svg:title", {}, `${PART_NAMES[k] || k}: ${p.formatted}`));
    svg.append(rect);
    if (w >= 84)
      svg.append(el("svg:text", { x: x + w / 2, y: 62, "text-anchor":
                                  "middle" }, PART_NAMES[k] || k),
                 el("svg:text", { x: x + w / 2, y: 78, "text-anchor":
                                  "middle", class: "term" },
                    `${p.percent.toFixed(2)}%`));
    x += w;
  }
  if (moe) {
    const w = (Number(a.active_parameters) / total) * span;
    svg.append(el("svg:text", { x: left, y: 104 },
                  `active per token: ${a.active_formatted} of ${a.formatted}`),
               el("svg:rect", { class: "part active", x: left, y: 112,
                                width: Math.max(2, w), height: 30 }));
  }
}

// The layers in words: "32 dense layers of 202.4M each".
function layerWords(l) {
  let text = `${l.count} ${l.kind === "moe" ? "MoE" : l.kind} layer` +
    `${l.count === 1 ? "" : "s"} of ${l.per_layer_formatted} each`;
  if (l.kind === "moe")
    text += `: ${l.experts} experts of ${l.per_expert_formatted}, ` +
      `${l.experts_per_token} a token` +
      (l.shared_experts > 0 ? `, and ${l.shared_experts} shared` : "");
  return text;
}

function showParts() {
  const [name, a] = parts.shown;
  const total = document.getElementById("parts-total");
  total.textContent = `${name}: ${grouped(a.parameters)} parameters ` +
    `(${a.formatted}), counted as ${a.counted}` +
    (a.active_parameters !== undefined
      ? `; ${grouped(a.active_parameters)} (${a.active_formatted}) ` +
        "active per token" : "") + ".";
  const notes = [];
  if (a.layers) notes.push(a.layers.map(layerWords).join("; ") + ".");
  if (a.tied_embeddings)
    notes.push("The head is the input embedding (tied), counted once.");
  if (a.mtp_parameters !== undefined)
    notes.push(`Its ${a.mtp_layers} multi-token-prediction layer` +
      `${a.mtp_layers === 1 ? "" : "s"} (${a.mtp_formatted}) are not ` +
      "counted: the model class does not load them.");
  document.getElementById("parts-layers").textContent = notes.join(" ");
  document.getElementById("parts-assumption").textContent =
    Object.values(a.assumptions).map((s) => s + ".").join(" ");
  fillTable(document.getElementById("parts-table"),
    Object.entries(a.breakdown).map(([k, p]) => {
      const head = document.createDocumentFragment();
      head.append(el("span", { class: `swatch part-${k}`,
                               "aria-hidden": "true" }),
                  PART_NAMES[k] || k);
      return [head, grouped(p.parameters), p.formatted,
              `${p.percent.toFixed(2)}%`];
    }));
  document.getElementById("parts-config").textContent =
    JSON.stringify(partsConfig(name), null, 1);
  drawParts();
}

async function pickPart() {
  const name = parts.select.value;
  const error = document.getElementById("parts-error");
  let answer = parts.answers.get(name);
  if (!answer) {
    answer = await api("/count", partsConfig(name));
    if (answer.ok) parts.answers.set(name, answer);
  }
  if (name !== parts.select.value) return; // another was picked since
  answered("parts");
  error.textContent = answer.ok ? "" : answer.data.detail;
  if (!answer.ok) return;
  parts.shown = [name, answer.data];
  showParts();
  drawn("parts");
}

// models: GET /models?catalog=reference's; architectures: GET
// /architectures' answer.
async function startParts(models, architectures) {
  for (const t of architectures.architectures)
    parts.fields.set(t.model_type, new Set(t.fields.map((f) => f.name)));
  for (const m of models.models) {
    if (!m.exact || !CATALOG_CONFIGS[m.name]) continue;
    parts.select.append(el("option", { value: m.name }, `${m.name} (` +
      `${m.formatted}${m.kind === "moe" ? ", mixture of experts" : ""})`));
  }
  if (parts.select.querySelector("option[value='llama-2-7b']"))
    parts.select.value = "llama-2-7b";
  parts.select.addEventListener("change", pickPart);
  onResize(() => parts.shown && drawParts());
  await pickPart();
}
