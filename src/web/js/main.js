// main.js - starts every picture at once: each asks its own questions
// and shows its own errors, so one that fails leaves the others drawn.
// When all have drawn (or failed), <html> gets data-ready, which the
// browser tests wait for.

// What a picture reads that is not its own question; null, with the
// problem shown in where, when it cannot be had.
async function shared(path, where) {
  const { ok, data } = await api(path);
  if (!ok) document.getElementById(where).textContent = data.detail;
  return ok ? data : null;
}

function start() {
  const types = shared("/architectures", "parts-error");
  const models = shared("/models?catalog=reference", "parts-error");
  Promise.allSettled([
    startNetwork(),
    models.then(async (m) => {
      const t = await types;
      if (m && t) await startParts(m, t);
    }),
    startCompare(),
    startCurve(models),
    shared("/gpus", "run-status").then((gpus) => {
      if (!gpus) return null;
      startTraining(gpus);
      return startRun(gpus);
    }),
  ]).then(() => { document.documentElement.dataset.ready = "true"; });
}

start();
