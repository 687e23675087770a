// contract.mjs - the server and docs/openapi.json cannot drift apart:
// every route is asked for real, in success and in error, and each
// answer's status, Content-Type and body are checked against the
// contract's schemas with a JSON Schema 2020-12 validator (ajv).  The
// contract's own examples must pass their schemas too, and the server
// must serve the contract byte for byte.
// Usage: node --test contract.mjs   (MODELSCALE_BIN names the binary)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { request } from "node:http";
import Ajv2020 from "ajv/dist/2020.js";
import { startServer } from "./server.mjs";

const CONTRACT = new URL("../../docs/openapi.json", import.meta.url);
const doc = JSON.parse(readFileSync(CONTRACT, "utf8"));
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addSchema(doc, "openapi.json");
let server;

before(async () => { server = await startServer(process.env.MODELSCALE_BIN); });
after(async () => { await server.stop(); });

const escape = (s) => s.replace(/~/g, "~0").replace(/\//g, "~1");

// The contract's response for path, method and status, with the JSON
// Pointer of where it sits (a $ref to components/responses followed).
function documented(path, method, status) {
  let at = `/paths/${escape(path)}/${method}/responses/${status}`;
  let response = doc.paths[path]?.[method]?.responses?.[status];
  // A method a path does not take is no operation: the contract's
  // info says it gets 405, as components/responses describes.
  if (doc.paths[path] && !doc.paths[path][method] && status === "405")
    response = { $ref: "#/components/responses/MethodNotAllowed" };
  if (response?.$ref) {
    at = response.$ref.slice(1);
    response = at.split("/").slice(1).reduce((o, k) => o[k.replace(/~1/g, "/")], doc);
  }
  return { at, response };
}

function check(path, method, status, type, body) {
  const { at, response } = documented(path, method, status);
  assert.ok(response, `${method.toUpperCase()} ${path} answered ${status}, which the contract does not list`);
  const media = type ? type.split(";")[0].trim() : null;
  if (response.content === undefined) {
    assert.equal(body.length, 0, `${status} should have no body`);
    return;
  }
  assert.ok(media in response.content,
            `${method} ${path} ${status}: ${media} is not in the contract (${Object.keys(response.content)})`);
  if (!media.endsWith("json")) return;
  const validate = ajv.getSchema(`openapi.json#${at}/content/${escape(media)}/schema`);
  const value = JSON.parse(body);
  assert.ok(validate(value), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}\n${body.slice(0, 300)}`);
}

async function ask(method, path, { body, type, headers } = {}) {
  const h = { ...(headers || {}) };
  if (type) h["Content-Type"] = type;
  const r = await fetch(server.url + path, { method, headers: h, body });
  const text = await r.text();
  check(path.split("?")[0], method.toLowerCase(), String(r.status),
        r.headers.get("content-type"), text);
  return { status: r.status, headers: r.headers, text };
}

const post = (body, type = "application/json") =>
  ask("POST", "/compare", { body: typeof body === "string" ? body : JSON.stringify(body), type });

test("every route answers as the contract says", async () => {
  for (const path of ["/compare", "/models", "/catalogs", "/architectures", "/healthz", "/readyz",
                      "/metrics", "/openapi.json", "/", "/app.js", "/app.css",
                      "/fit?memory=24GB", "/scaling?compute=1e23"]) {
    const r = await ask("GET", path);
    assert.equal(r.status, 200, path);
    if (r.headers.get("etag")) {
      const again = await ask("GET", path, { headers: { "If-None-Match": r.headers.get("etag") } });
      assert.equal(again.status, 304, path);
    }
    assert.equal((await ask("OPTIONS", path.split("?")[0])).status, 204, path);
    assert.equal((await ask("DELETE", path.split("?")[0])).status, 405, path);
  }
});

test("an unknown path gets a problem", async () => {
  const r = await fetch(server.url + "/nowhere");
  assert.equal(r.status, 404);
  assert.equal(r.headers.get("content-type"), "application/problem+json");
  const validate = ajv.getSchema("openapi.json#/components/schemas/Problem");
  assert.ok(validate(await r.json()), ajv.errorsText(validate.errors));
});

test("GET /compare with a query, and its errors", async () => {
  const ok = await ask("GET", "/compare?models=small_neural_net,large_language_model&sort=desc&precision=2&baseline=small_neural_net");
  assert.equal(ok.status, 200);
  assert.ok(JSON.parse(ok.text).models[0].ratio_to_baseline > 1);
  for (const [query, status] of [["models=gpt-9", 404], ["limit=3", 400],
                                 ["sort=up", 422], ["precision=4", 422],
                                 ["models=medium_cnn,medium_cnn", 422], ["models=", 400]])
    assert.equal((await ask("GET", "/compare?" + query)).status, status, query);
  assert.equal((await ask("GET", "/compare?q=" + "x".repeat(9000))).status, 414);
});

test("POST /compare in both shapes, and its errors", async () => {
  assert.equal((await post({ models: { gpt2: "1.5B", bert: "110M" }, sort: "asc" })).status, 200);
  assert.equal((await post({ models: [{ name: "a", parameters: 7 }, { name: "b", parameters: "1.8T" }],
                             precision: 3, baseline: "a" })).status, 200);
  for (const [body, status] of [["{\"models\":", 400], [{ models: [] }, 422],
                                [{ models: [{ name: "a", parameters: "6.7X" }] }, 422],
                                [{ models: { a: 1 }, extra: 1 }, 422],
                                [{ models: { a: 1 }, baseline: "b" }, 422]]) {
    const r = await post(body);
    assert.equal(r.status, status, JSON.stringify(body));
  }
  assert.equal((await post({ models: { a: 1 } }, "text/plain")).status, 415);
  // The 413 comes from the Content-Length alone, before any of the body
  // is read, and the server then closes the connection.  Only the
  // headers are sent: a client still writing the body may see the close
  // as a reset before it sees the answer.
  const big = await new Promise((resolve, reject) => {
    const req = request(server.url + "/compare", {
      method: "POST", headers: { "Content-Type": "application/json",
                                 "Content-Length": "1100000" } }, (res) => {
      let text = "";
      res.on("data", (c) => { text += c; });
      res.on("end", () => {
        resolve({ status: res.statusCode, type: res.headers["content-type"], text });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.setTimeout(10000, () => req.destroy(new Error("no answer in 10 s")));
    req.flushHeaders();
  });
  check("/compare", "post", String(big.status), big.type, big.text);
  assert.equal(big.status, 413);
});

test("the estimates: memory and compute, /fit, /scaling, and their errors", async () => {
  const est = await ask("GET", "/compare?catalog=reference&models=mixtral-8x7b,llama-2-70b&include=memory,compute&tokens=2T");
  assert.equal(est.status, 200);
  const mixtral = JSON.parse(est.text).models[0];
  assert.equal(mixtral.active_parameters, 12879925248);
  assert.equal(mixtral.published, 46700000000);
  assert.equal(mixtral.exact, true);
  assert.equal(mixtral.compute.tokens, 2e12);
  assert.equal((await post({ models: [{ name: "m", parameters: "46.7B", active_parameters: "12.9B" }],
                             include: ["memory"] })).status, 200);
  for (const [query, status] of [["models=llama-2-7b&catalog=nope", 404], ["include=disk", 422],
                                 ["tokens=lots", 422]])
    assert.equal((await ask("GET", "/compare?" + query)).status, status, query);
  for (const query of ["memory=80GB&dtype=int8&mode=inference", "memory=1TB&mode=training",
                       "memory=24GB&dtype=int4&catalog=default"])
    assert.equal((await ask("GET", "/fit?" + query)).status, 200, query);
  for (const [query, status] of [["", 422], ["memory=24GX", 422], ["memory=24GB&dtype=int3", 422],
                                 ["memory=24GB&mode=training&dtype=int4", 422],
                                 ["memory=24GB&catalog=nope", 404], ["memory=24GB&size=1", 400]])
    assert.equal((await ask("GET", "/fit?" + query)).status, status, query);
  for (const query of ["parameters=70B&tokens=1.4T", "parameters=1B", "compute=5.76e23"])
    assert.equal((await ask("GET", "/scaling?" + query)).status, 200, query);
  for (const [query, status] of [["", 422], ["compute=1e23&parameters=1B", 422], ["tokens=1T", 422],
                                 ["compute=-1", 422], ["compute=1e41", 422], ["n=1", 400]])
    assert.equal((await ask("GET", "/scaling?" + query)).status, status, query);
  const body = (path, b) => ask("POST", path, { body: JSON.stringify(b), type: "application/json" });
  assert.equal((await body("/fit", { memory: 80e9, dtype: "int8" })).status, 200);
  assert.equal((await body("/fit", { memory: "24GB", dtype: 8 })).status, 422);
  assert.equal((await body("/fit", { memory: "24GB", catalog: "nope" })).status, 404);
  assert.equal((await body("/scaling", { parameters: "70B", tokens: 1.4e12 })).status, 200);
  assert.equal((await body("/scaling", { parameters: [70] })).status, 422);
  assert.equal((await ask("POST", "/scaling", { body: "{", type: "application/json" })).status, 400);
});

test("/training: a cost, a budget both ways, and their errors", async () => {
  const llama = "/training?model=llama-2-7b&gpu=a100-sxm-80gb";
  const r = await ask("GET", llama + "&tokens=2T&mfu=1");
  assert.equal(r.status, 200);
  // 6 x 6,738,415,616 x 2e12 / 312e12 / 3600 = 71,991.62 A100-hours
  assert.ok(Math.abs(JSON.parse(r.text).time.gpu_hours - 71991.62) < 0.01);
  assert.equal((await ask("GET", llama, { headers: { "If-None-Match": r.headers.get("etag") } })).status, 200);
  assert.equal((await ask("GET", llama + "&tokens=2T&mfu=1",
                          { headers: { "If-None-Match": r.headers.get("etag") } })).status, 304);
  assert.equal((await ask("OPTIONS", "/training")).status, 204);
  assert.equal((await ask("DELETE", "/training")).status, 405);
  for (const query of ["model=mixtral-8x7b&catalog=reference&gpu=h100-sxm&gpus=64&mfu=0.5&dtype=fp8" +
                       "&price_per_gpu_hour=2.5&zero=3&unique_tokens=200B",
                       "parameters=7B&active_parameters=2B&tokens=1T&gpu=l4&zero=1&gpus=8",
                       "model=llama-2-7b&gpu=h100-sxm&unique_tokens=5B",
                       "days=30&gpus=1024&gpu=h100-sxm", "budget=1M&price_per_gpu_hour=2&gpu=a100-sxm-80gb",
                       "budget=1M&price_per_gpu_hour=2&gpu=a100-sxm-80gb&gpus=100&dtype=bf16&mfu=0.3"])
    assert.equal((await ask("GET", "/training?" + query)).status, 200, query);
  for (const [query, status] of [["", 422], ["model=llama-2-7b", 422], ["model=llama-2-7b&gpu=v100", 404],
                                 ["model=gpt-9&gpu=h100-sxm", 404], ["model=llama-2-7b&gpu=l4&mfu=0", 422],
                                 ["model=llama-2-7b&gpu=l4&zero=4", 422], ["model=llama-2-7b&gpu=a10g&dtype=fp8", 422],
                                 ["model=llama-2-7b&gpu=l4&tokens=1B&unique_tokens=2B", 422],
                                 ["days=1&gpu=l4", 422], ["budget=1&gpu=l4", 422], ["days=-1&gpus=1&gpu=l4", 422],
                                 ["model=llama-2-7b&days=1&gpus=1&gpu=l4", 422], ["config=x&gpu=l4", 422],
                                 ["parameters=1e18&tokens=1e23&gpu=l4", 422], ["model=llama-2-7b&gpu=l4&n=1", 400]])
    assert.equal((await ask("GET", "/training?" + query)).status, status, query);
  const body = (b) => ask("POST", "/training", { body: typeof b === "string" ? b : JSON.stringify(b),
                                                 type: "application/json" });
  assert.equal((await body({ config: { model_type: "mlp", layers: [784, 128, 10] }, gpu: "l4" })).status, 200);
  assert.equal((await body({ budget: "1M", price_per_gpu_hour: 2, gpu: "a100-sxm-80gb" })).status, 200);
  for (const [b, status] of [["{\"gpu\":", 400], [{ model: "llama-2-7b", gpu: "l4", mfu: 1.5 }, 422],
                             [{ config: { model_type: "llama" }, gpu: "l4" }, 422],
                             [{ model: "llama-2-7b", gpu: "nope" }, 404],
                             [{ model: "llama-2-7b", gpu: "l4", extra: 1 }, 422]])
    assert.equal((await body(b)).status, status, JSON.stringify(b));
  assert.equal((await ask("POST", "/training", { body: "{}", type: "text/plain" })).status, 415);
});

test("POST /count of every built-in architecture, /compare with one, and their errors", async () => {
  const dir = new URL("../../config/architectures/", import.meta.url);
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  assert.ok(files.length >= 30);
  const count = (b, type = "application/json") =>
    ask("POST", "/count", { body: typeof b === "string" ? b : JSON.stringify(b), type });
  for (const f of files) {
    const r = await count(readFileSync(new URL(f, dir), "utf8"));
    assert.equal(r.status, 200, f);
    const answer = JSON.parse(r.text);
    const parts = Object.values(answer.breakdown).reduce((n, p) => n + p.parameters, 0);
    assert.equal(parts, answer.parameters, f);
  }
  const mlp = JSON.parse((await count({ model_type: "mlp", layers: [784, 128, 10] })).text);
  assert.equal(mlp.arithmetic, "784 × 128 + 128 + 128 × 10 + 10 = 100,352 + 128 + 1,280 + 10 = 101,770");
  for (const [body, status] of [["[1]", 400], ["{\"model_type\":", 400], [{ model_type: "t5" }, 422],
                                [{ model_type: "llama" }, 422],
                                [{ model_type: "mlp", layers: [1e9, 1e9, 1e9] }, 422]])
    assert.equal((await count(body)).status, status, JSON.stringify(body));
  assert.equal((await count({ model_type: "mlp", layers: [3, 2] }, "text/plain")).status, 415);
  assert.equal((await ask("POST", "/count?x=1", { body: "{}", type: "application/json" })).status, 400);
  assert.equal((await ask("OPTIONS", "/count")).status, 204);
  assert.equal((await ask("GET", "/count")).status, 405);
  const llama = JSON.parse(readFileSync(new URL("llama-2-7b.json", dir), "utf8"));
  const cmp = await post({ models: [{ name: "l", config: llama, published: "7B" }, { name: "m", parameters: 5 }] });
  assert.equal(cmp.status, 200);
  assert.equal(JSON.parse(cmp.text).models[0].parameters, 6738415616);
  for (const m of [{ name: "l", config: llama, parameters: 1 }, { name: "l", config: { model_type: "t5" } },
                   { name: "l", config: llama, kind: "dense" }, { name: "l" }])
    assert.equal((await post({ models: [m] })).status, 422, JSON.stringify(m).slice(0, 80));
});

test("the contract's examples pass its own schemas", () => {
  let checked = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      for (const [status, resp] of Object.entries(op.responses || {})) {
        for (const [media, content] of Object.entries(resp.content || {})) {
          if (!media.endsWith("json") || !content.schema) continue;
          const validate = ajv.getSchema(
            `openapi.json#/paths/${escape(path)}/${method}/responses/${status}/content/${escape(media)}/schema`);
          const examples = [content.example, ...Object.values(content.examples || {}).map((e) => e.value)]
            .filter((e) => e !== undefined);
          for (const e of examples) {
            assert.ok(validate(e), `${method} ${path} ${status}: ${ajv.errorsText(validate.errors)}`);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked >= 10, `only ${checked} examples`);
});

test("GET /openapi.json is docs/openapi.json", async () => {
  const served = await (await fetch(server.url + "/openapi.json")).text();
  const file = readFileSync(CONTRACT, "utf8");
  // Not assert.equal: its diff of two 100 KB texts can take minutes.
  let at = 0;
  while (at < file.length && served[at] === file[at]) at++;
  assert.ok(served === file, `the served contract differs from the file at ` +
    `character ${at} (rebuild after editing docs/openapi.json)`);
});
