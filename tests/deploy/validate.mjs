// validate.mjs - reads the YAML that `kubectl kustomize deploy/kubernetes`
// prints on stdin, validates every object against the Kubernetes OpenAPI
// schemas (kubernetes-models, offline), and checks what the deployment
// promises: 3 replicas, probes on /healthz and /readyz, resource requests
// and limits, a locked-down security context, a PDB, an HPA on CPU.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const docs = yaml.loadAll(readFileSync(0, "utf8")).filter(Boolean);
let passed = 0;
let failed = 0;
const check = (what, ok) => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "ok" : "FAIL"}: ${what}`);
};

for (const doc of docs) {
  const path = `${doc.apiVersion}/${doc.kind}`; // apps/v1/Deployment
  const module = await import(`kubernetes-models/${path}`);
  const Model = module[doc.kind] ?? module.default;
  try {
    new Model(doc).validate();
    check(`${doc.kind}/${doc.metadata.name} matches the ${doc.apiVersion} schema`, true);
  } catch (err) {
    check(`${doc.kind}/${doc.metadata.name}: ${err.message}`, false);
  }
}

const find = (kind) => docs.find((d) => d.kind === kind);
const deployment = find("Deployment");
const pod = deployment?.spec.template.spec;
const container = pod?.containers?.[0];
check("every kind is there",
  ["ConfigMap", "Deployment", "Service", "HorizontalPodAutoscaler",
   "PodDisruptionBudget"].every((k) => find(k)));
check("3 replicas", deployment?.spec.replicas === 3);
check("liveness on /healthz",
  container?.livenessProbe?.httpGet?.path === "/healthz");
check("readiness on /readyz",
  container?.readinessProbe?.httpGet?.path === "/readyz");
check("requests and limits for CPU and memory",
  ["requests", "limits"].every((k) =>
    container?.resources?.[k]?.cpu && container?.resources?.[k]?.memory));
const sc = container?.securityContext ?? {};
check("non-root", pod?.securityContext?.runAsNonRoot === true &&
  pod?.securityContext?.runAsUser !== 0);
check("read-only root filesystem", sc.readOnlyRootFilesystem === true);
check("no privilege escalation", sc.allowPrivilegeEscalation === false);
check("all capabilities dropped",
  JSON.stringify(sc.capabilities?.drop) === '["ALL"]');
check("the config comes from the ConfigMap",
  pod?.volumes?.some((v) => v.configMap?.name === find("ConfigMap")?.metadata.name));
check("the Service selects the pods",
  Object.entries(find("Service")?.spec.selector ?? {}).every(
    ([k, v]) => deployment.spec.template.metadata.labels[k] === v));
check("the HPA scales the Deployment on CPU",
  find("HorizontalPodAutoscaler")?.spec.scaleTargetRef.name ===
    deployment?.metadata.name &&
  find("HorizontalPodAutoscaler")?.spec.metrics?.[0]?.resource?.name === "cpu");
check("the PDB keeps replicas up",
  find("PodDisruptionBudget")?.spec.minAvailable >= 1);

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
