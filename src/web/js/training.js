// training.js - the curve's right axis in days or money: with a GPU
// picked (GET /gpus), how many, an mfu (empty: the API's default) and an
// optional price a GPU-hour, POST /training answers for each point of the
// curve (its parameters and tokens) how many days it takes on those GPUs,
// or what it costs.  42 points a question, each answer kept; a problem
// shows under the field its pointer names.

// The question's fields, each with the id of its control.
const TRAIN_FIELDS = [["gpu", "train-gpu"], ["gpus", "train-gpus"],
  ["mfu", "train-mfu"], ["price_per_gpu_hour", "train-price"]];
const training = {
  cache: new Map(),   // question and point (JSON) -> /training's answer
  asked: null,        // the question last asked: an older answer is dropped
};

// The controls' question, as POST /training's fields, or null without a
// GPU.  A count typed as digits is sent as a number; mfu and the price
// as typed (the API reads "0.39"); an empty field is not sent.
function trainingQuestion() {
  const q = {};
  for (const [field, id] of TRAIN_FIELDS) {
    const v = document.getElementById(id).value.trim();
    if (v !== "") q[field] = field === "gpus" && /^[0-9]{1,15}$/.test(v)
      ? Number(v) : v;
  }
  return q.gpu ? q : null;
}

async function trainingAt(q, p) {
  const body = { ...q, parameters: p.parameters, tokens: p.tokens };
  const key = JSON.stringify(body);
  let answer = training.cache.get(key);
  if (!answer) {
    answer = await api("/training", body);
    if (answer.ok) training.cache.set(key, answer);
  }
  return answer;
}

// 10^e as the right axis labels it: 0.001, 1, 10K; 1e-5 below 0.001.
function tickLabel(e) {
  if (e >= 0) return powerLabel(e);
  return e >= -3 ? (10 ** e).toFixed(-e) : "1e" + e;
}

// A day count or a cost as the table writes it: three figures.
function threeFigures(v) {
  return v.toLocaleString("en-US", { maximumSignificantDigits: 3 });
}

// The axis of /training's answers: by, point -> answer.
function trainingAxis(by, first) {
  const money = first.cost !== null;
  const on = `${first.gpus} × ${first.gpu.name} at mfu ${first.mfu}`;
  const value = money ? (p) => by.get(p).cost.total
    : (p) => by.get(p).time.days;
  return {
    title: money ? "cost" : "days", column: money ? "cost" : "days",
    value, tick: tickLabel, cell: (p) => threeFigures(value(p)),
    says: money ? `The right axis: what each point costs on ${on}, at ` +
      `${first.cost.price_per_gpu_hour} a GPU-hour (in the price's ` +
      "currency)." : `The right axis: the days each point takes on ${on}.`,
  };
}

function clearTrainingErrors() {
  document.getElementById("train-error").textContent = "";
  for (const [, id] of TRAIN_FIELDS) {
    document.getElementById(id + "-error").textContent = "";
    document.getElementById(id).removeAttribute("aria-invalid");
  }
}

function showTrainingProblem(problem) {
  const named = TRAIN_FIELDS.find(([f]) => problem.pointer === "/" + f);
  const id = named ? named[1] : null;
  if (id) document.getElementById(id).setAttribute("aria-invalid", "true");
  document.getElementById(id ? id + "-error" : "train-error").textContent =
    problem.detail;
}

async function askTraining() {
  if (curve.answers.length === 0) return; // the curve failed
  const q = trainingQuestion(), key = JSON.stringify(q);
  training.asked = key;
  const points = fits().flatMap((l) => l.points);
  const answers = q ? await Promise.all(points.map((p) => trainingAt(q, p)))
    : [];
  if (training.asked !== key) return; // asked something else since
  answered("curve");
  clearTrainingErrors();
  const failed = answers.find((a) => !a.ok);
  if (failed) {
    showTrainingProblem(failed.data);
    return;
  }
  curve.axis = q ? trainingAxis(new Map(points.map((p, i) =>
    [p, answers[i].data])), answers[0].data) : FLOP_AXIS;
  document.getElementById("train-status").textContent = curve.axis.says;
  showFits();
  drawCurve();
  drawn("curve");
}

// gpus: GET /gpus' answer.
function startTraining(gpus) {
  const select = document.getElementById("train-gpu");
  for (const g of gpus.gpus)
    select.append(el("option", { value: g.id }, `${g.name} (${g.memory})`));
  const form = document.getElementById("train-form");
  form.addEventListener("input", debounce(askTraining, 300));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    askTraining();
  });
}
