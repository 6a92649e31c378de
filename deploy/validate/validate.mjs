#!/usr/bin/env node
// Offline checks of the Kubernetes manifests under deploy/k8s, for CI without a cluster:
// YAML syntax, the Kubernetes schema of every object (kubernetes-models), kustomization paths, and
// the references between objects that `kubectl apply` would accept but the pods would trip over.
//
//   node validate.mjs [--no-kubectl] [ROOT]   ROOT = repository root (default: two levels up)
//   node validate.mjs --self-test             breaks a copy on purpose and expects each break caught
//
// When kubectl is on PATH, every kustomization is also rendered with `kubectl kustomize` and the
// result checked the same way (patches are only partial objects before rendering).

import { validate as validateDockerfile } from "dockerfile-utils";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const SCRIPT = fileURLToPath(import.meta.url);
const DEFAULT_ROOT = path.resolve(path.dirname(SCRIPT), "..", "..");
const K8S_DIR = path.join("deploy", "k8s");
const PROPERTIES = path.join("src", "main", "resources", "application.properties");

// Read by EnvironmentConfigSourceFactory or the image's entrypoint rather than through a ${NAME}
// reference in application.properties.
const FIXED_ENV = ["DATABASE_URL", "DB_POOL_SIZE", "DB_MAX_OVERFLOW", "DB_ECHO", "JWT_PRIVATE_KEY_FILE", "JWT_PUBLIC_KEY_FILE", "JAVA_OPTS"];

// Each probe on its own endpoint: a liveness probe on readiness would restart every pod during a
// database outage.
const PROBE_PATHS = {
  startupProbe: "/q/health/started",
  readinessProbe: "/q/health/ready",
  livenessProbe: "/q/health/live",
};

// Health and metrics live on the management interface, never on the app port the Service and Ingress reach.
const METRICS_PATH = "/q/metrics";

const KUSTOMIZATION_FILES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const PLACEHOLDER = /REPLACE_ME|CHANGE_ME/;
const WORKLOAD_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod"]);

// ---------------------------------------------------------------------------------------------
// Small helpers

const isMap = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const asArray = (v) => (Array.isArray(v) ? v : []);
const describe = (o) => [o.obj.kind, o.obj.metadata?.name ?? o.obj.metadata?.generateName].filter(Boolean).join(" ");

function walkYamlFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walkYamlFiles(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out.sort();
}

// Kubernetes reads manifests as YAML 1.1 (sigs.k8s.io/yaml): unquoted on/off/yes/no are booleans
// there, so they are parsed the same way here and a ConfigMap value like BACKUP_CRON: off fails.
function parseYamlDocuments(text) {
  const docs = YAML.parseAllDocuments(text, { version: "1.1", prettyErrors: true, uniqueKeys: true });
  const problems = [];
  const values = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    for (const e of [...doc.errors, ...doc.warnings]) problems.push(e.message.split("\n")[0]);
    if (doc.errors.length === 0) values.push(doc.toJS({ maxAliasCount: 50 }));
  }
  return { problems, values };
}

function labelsMatch(selector, labels) {
  if (!isMap(selector)) return false;
  const matchLabels = isMap(selector.matchLabels) ? selector.matchLabels : selector.matchExpressions ? {} : selector;
  labels = labels ?? {};
  for (const [k, v] of Object.entries(matchLabels)) if (labels[k] !== v) return false;
  for (const e of asArray(selector.matchExpressions)) {
    const has = Object.hasOwn(labels, e.key);
    const values = asArray(e.values);
    if (e.operator === "In" && !(has && values.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && values.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return Object.keys(matchLabels).length > 0 || asArray(selector.matchExpressions).length > 0;
}

function podTemplateOf(obj) {
  if (obj.kind === "CronJob") return obj.spec?.jobTemplate?.spec?.template;
  if (obj.kind === "Pod") return { metadata: obj.metadata, spec: obj.spec };
  return obj.spec?.template;
}

function containersOf(podSpec) {
  return [...asArray(podSpec?.initContainers), ...asArray(podSpec?.containers)];
}

function portMatches(port, container) {
  return asArray(container.ports).some((p) => (typeof port === "number" ? p.containerPort === port : p.name === port));
}

function containerPortNumber(port, container) {
  return typeof port === "number" ? port : asArray(container.ports).find((p) => p.name === port)?.containerPort;
}

function imageRepository(image) {
  const withoutDigest = String(image).split("@")[0];
  const lastSlash = withoutDigest.lastIndexOf("/");
  const colon = withoutDigest.lastIndexOf(":");
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

// A value is a placeholder when it names one and carries nothing that looks like key material or
// a password; base64 `data:` is decoded first.
function realLookingReason(value) {
  const text = String(value ?? "");
  if (text.trim() === "") return null;
  if (!PLACEHOLDER.test(text)) return "is not a placeholder (REPLACE_ME / CHANGE_ME)";
  const credentials = /^[a-z][a-z0-9+.-]*:\/\/([^/@\s]*)@/i.exec(text);
  if (credentials && credentials[1].includes(":") && !PLACEHOLDER.test(credentials[1].split(":").slice(1).join(":"))) {
    return "has a URL password that is not a placeholder";
  }
  const rest = text.replace(/-----(BEGIN|END) [A-Z ]+-----/g, "").replace(/REPLACE_ME|CHANGE_ME/g, "");
  if (/[A-Za-z0-9+/=]{24,}/.test(rest)) return "contains what looks like key material next to the placeholder";
  return null;
}

function secretEntries(secret) {
  const entries = [];
  for (const [k, v] of Object.entries(isMap(secret.stringData) ? secret.stringData : {})) entries.push([k, v]);
  for (const [k, v] of Object.entries(isMap(secret.data) ? secret.data : {})) {
    entries.push([k, Buffer.from(String(v ?? ""), "base64").toString("utf8")]);
  }
  return entries;
}

// The port of the management interface (health, metrics) by default.
function applicationPorts(root) {
  const text = fs.readFileSync(path.join(root, PROPERTIES), "utf8");
  const port = (property) => {
    const m = new RegExp(`^${property.replace(/\./g, "\\.")}=\\$\\{[A-Z_]+:([0-9]+)\\}`, "m").exec(text);
    return m ? Number(m[1]) : undefined;
  };
  return { management: port("quarkus.management.port") };
}

function allowedEnvNames(root) {
  const file = path.join(root, PROPERTIES);
  const text = fs.readFileSync(file, "utf8");
  const names = new Set(FIXED_ENV);
  for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) names.add(m[1]);
  return names;
}

// Custom resources of operators the manifests use, by API group: their models come in packages of their own.
const CUSTOM_RESOURCE_MODELS = { "monitoring.coreos.com": "@kubernetes-models/prometheus-operator" };

async function loadModel(apiVersion, kind) {
  if (!/^([a-z0-9.-]+\/)?v\d+((alpha|beta)\d+)?$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return null;
  const models = CUSTOM_RESOURCE_MODELS[apiVersion.split("/")[0]] ?? "kubernetes-models";
  try {
    const mod = await import(`${models}/${apiVersion}/${kind}`);
    return mod[kind] ?? null;
  } catch {
    return null;
  }
}

async function schemaErrors(obj) {
  const Model = await loadModel(String(obj.apiVersion), String(obj.kind));
  if (!Model) return [`no schema for apiVersion ${obj.apiVersion} kind ${obj.kind} (kubernetes-models)`];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    if (Array.isArray(e.errors) && e.errors.length > 0) {
      return e.errors.map((x) => `schema: ${x.instancePath || "/"} ${x.message}${x.params?.missingProperty ? ` (${x.params.missingProperty})` : ""}`);
    }
    return [`schema: ${e.message}`];
  }
}

// ---------------------------------------------------------------------------------------------
// The validator

class Report {
  constructor() {
    this.byFile = new Map(); // rel path -> { objects: [], errors: [], notes: [], rendered }
    this.extra = []; // renders that could not run
  }
  file(rel, rendered = false) {
    if (!this.byFile.has(rel)) this.byFile.set(rel, { objects: [], errors: [], notes: [], rendered });
    return this.byFile.get(rel);
  }
  error(rel, msg) {
    this.file(rel).errors.push(msg);
  }
  get errorCount() {
    let n = 0;
    for (const f of this.byFile.values()) n += f.errors.length;
    return n;
  }
}

export async function validate(root, { kubectl = true } = {}) {
  const report = new Report();
  const k8sRoot = path.join(root, K8S_DIR);
  const rel = (p) => path.relative(root, p) || ".";

  let envNames;
  try {
    envNames = allowedEnvNames(root);
  } catch (e) {
    report.error(PROPERTIES, `cannot read the application's variables: ${e.message}`);
    envNames = new Set(FIXED_ENV);
  }
  let ports = {};
  try {
    ports = applicationPorts(root);
  } catch {
    /* reported above */
  }
  if (ports.management === undefined) report.error(PROPERTIES, "quarkus.management.port=${MANAGEMENT_PORT:<port>} not found: health and metrics must be on the management interface");
  if (!fs.existsSync(k8sRoot)) {
    report.error(K8S_DIR, "directory not found");
    return report;
  }

  // 1. Parse every file.
  const files = walkYamlFiles(k8sRoot);
  const objects = []; // { file, rel, obj }
  for (const file of files) {
    const r = rel(file);
    report.file(r);
    const { problems, values } = parseYamlDocuments(fs.readFileSync(file, "utf8"));
    for (const p of problems) report.error(r, `YAML: ${p}`);
    for (const obj of values) {
      if (obj === null || obj === undefined) continue;
      if (!isMap(obj) || typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
        report.error(r, "not a Kubernetes object (a mapping with apiVersion and kind)");
        continue;
      }
      objects.push({ file, rel: r, obj });
      report.file(r).objects.push(describe({ obj }));
    }
  }

  // 2. Kustomizations: paths, patches, images, generators, Secrets among resources.
  const kustomizations = objects.filter((o) => o.obj.apiVersion.startsWith("kustomize.config.k8s.io/"));
  const patchFiles = new Set();
  const inResources = new Set(); // files some kustomization deploys
  const kustomizationDirs = new Set(kustomizations.map((k) => path.dirname(k.file)));

  for (const k of kustomizations) {
    const dir = path.dirname(k.file);
    const spec = k.obj;
    const checkPath = (entry, what) => {
      if (typeof entry !== "string" || entry === "") {
        report.error(k.rel, `${what}: not a path: ${JSON.stringify(entry)}`);
        return null;
      }
      if (/^[a-z]+:\/\//i.test(entry) || entry.startsWith("github.com/")) {
        report.error(k.rel, `${what}: remote ${entry} cannot be checked offline; vendor it into the repository`);
        return null;
      }
      const target = path.resolve(dir, entry);
      if (!fs.existsSync(target)) {
        report.error(k.rel, `${what}: ${entry} does not exist (${rel(target)})`);
        return null;
      }
      return target;
    };
    for (const entry of [...asArray(spec.resources), ...asArray(spec.components)]) {
      const target = checkPath(entry, "resources");
      if (!target) continue;
      if (fs.statSync(target).isDirectory()) {
        if (!KUSTOMIZATION_FILES.some((f) => fs.existsSync(path.join(target, f)))) {
          report.error(k.rel, `resources: ${entry} is a directory without a kustomization.yaml`);
        }
      } else {
        inResources.add(target);
      }
    }
    for (const p of asArray(spec.patches)) {
      if (!isMap(p)) {
        report.error(k.rel, `patches: entry must be a mapping with path or patch`);
        continue;
      }
      if (p.path !== undefined) {
        const target = checkPath(p.path, "patches");
        if (target) patchFiles.add(target);
      } else if (typeof p.patch !== "string") {
        report.error(k.rel, "patches: entry has neither path nor patch");
      }
    }
    for (const p of asArray(spec.patchesStrategicMerge)) {
      if (typeof p === "string" && !p.includes("\n")) {
        const target = checkPath(p, "patchesStrategicMerge");
        if (target) patchFiles.add(target);
      }
    }
    for (const p of asArray(spec.patchesJson6902)) {
      if (isMap(p) && p.path !== undefined) {
        const target = checkPath(p.path, "patchesJson6902");
        if (target) patchFiles.add(target);
      }
    }
    for (const gen of [...asArray(spec.configMapGenerator), ...asArray(spec.secretGenerator)]) {
      for (const f of [...asArray(gen?.files), ...asArray(gen?.envs)]) {
        checkPath(String(f).includes("=") ? String(f).split("=").slice(1).join("=") : f, "generator files");
      }
    }
    for (const gen of asArray(spec.secretGenerator)) {
      for (const lit of asArray(gen?.literals)) {
        const [key, ...value] = String(lit).split("=");
        const why = realLookingReason(value.join("="));
        if (why) report.error(k.rel, `secretGenerator ${gen.name}: literal ${key} ${why}; real secrets do not belong in the repository`);
      }
    }
  }

  // Objects a kustomization would deploy, following resource directories (for patch targets and images).
  const objectsByFile = new Map();
  for (const o of objects) {
    if (!objectsByFile.has(o.file)) objectsByFile.set(o.file, []);
    objectsByFile.get(o.file).push(o);
  }
  const treeCache = new Map();
  const resourceTree = (dir, seen = new Set()) => {
    if (treeCache.has(dir)) return treeCache.get(dir);
    if (seen.has(dir)) return [];
    seen.add(dir);
    const k = kustomizations.find((x) => path.dirname(x.file) === dir);
    const out = [];
    for (const entry of k ? [...asArray(k.obj.resources), ...asArray(k.obj.components)] : []) {
      if (typeof entry !== "string") continue;
      const target = path.resolve(dir, entry);
      if (!fs.existsSync(target)) continue;
      if (fs.statSync(target).isDirectory()) out.push(...resourceTree(target, seen));
      else out.push(...(objectsByFile.get(target) ?? []));
    }
    treeCache.set(dir, out);
    return out;
  };

  for (const k of kustomizations) {
    const dir = path.dirname(k.file);
    const tree = resourceTree(dir);
    const exists = (kind, name) => tree.some((o) => o.obj.kind === kind && o.obj.metadata?.name === name);
    for (const p of asArray(k.obj.patches)) {
      if (!isMap(p)) continue;
      const t = p.target;
      if (isMap(t) && t.kind && t.name && !/[*?[]/.test(t.name) && !exists(t.kind, t.name)) {
        report.error(k.rel, `patches: target ${t.kind} ${t.name} is not among the resources`);
      }
      if (p.path !== undefined && !isMap(t)) {
        for (const po of objectsByFile.get(path.resolve(dir, String(p.path))) ?? []) {
          if (!exists(po.obj.kind, po.obj.metadata?.name)) {
            report.error(k.rel, `patches: ${p.path} patches ${describe(po)}, which is not among the resources`);
          }
        }
      }
    }
    const repositories = new Set();
    for (const o of tree) for (const c of containersOf(podTemplateOf(o.obj)?.spec)) if (c.image) repositories.add(imageRepository(c.image));
    for (const img of asArray(k.obj.images)) {
      if (!repositories.has(img?.name)) {
        report.error(k.rel, `images: ${img?.name} matches no container image among the resources (${[...repositories].join(", ") || "none"}), so it changes nothing`);
      }
    }
  }

  // 3. Schema of every full object (patches are partial until rendered).
  const full = objects.filter((o) => !o.obj.apiVersion.startsWith("kustomize.config.k8s.io/") && !patchFiles.has(o.file));
  const patches = objects.filter((o) => patchFiles.has(o.file));
  for (const o of full) for (const e of await schemaErrors(o.obj)) report.error(o.rel, `${describe(o)}: ${e}`);
  for (const o of patches) {
    if (!o.obj.metadata?.name) report.error(o.rel, `patch ${o.obj.kind} has no metadata.name to say what it patches`);
    report.file(o.rel).notes.push("patch");
  }

  // 4. Secrets: templates hold placeholders only, and no kustomization deploys one.
  for (const o of objects.filter((x) => x.obj.kind === "Secret" && x.obj.apiVersion === "v1")) {
    for (const [key, value] of secretEntries(o.obj)) {
      const why = realLookingReason(value);
      if (why) report.error(o.rel, `Secret ${o.obj.metadata?.name}: ${key} ${why}; real secrets do not belong in the repository`);
    }
    if (inResources.has(o.file)) {
      report.error(o.rel, `Secret ${o.obj.metadata?.name} is listed in a kustomization's resources: \`kubectl apply -k\` would overwrite the real Secret with these placeholders (create it with kubectl create secret, see the template)`);
    }
  }

  // 5. References between the objects, on the files as they are.
  for (const o of full) {
    if (o.obj.metadata?.namespace !== undefined && o.obj.kind !== "Namespace") {
      report.error(o.rel, `${describe(o)}: metadata.namespace is set; the namespace comes from the overlay or \`kubectl -n\``);
    }
  }
  checkReferences(full, patches, envNames, (r, m) => report.error(r, m), { sameImage: true, ports });

  // 5a. The NetworkPolicy is part of the base, so that no installation runs without it.
  const baseDir = path.join(k8sRoot, "base");
  const baseTree = resourceTree(baseDir);
  if (kustomizationDirs.has(baseDir) && !baseTree.some((o) => o.obj.kind === "NetworkPolicy")) {
    report.error(rel(path.join(baseDir, "kustomization.yaml")), "resources: no NetworkPolicy; the API pods must admit only the ingress controller (and monitoring on the management port)");
  }

  // 5a'. Alerts say how bad and what happened: a severity to route by, a summary and a description to act on.
  for (const o of full.filter((x) => x.obj.kind === "PrometheusRule")) {
    for (const group of asArray(o.obj.spec?.groups)) {
      for (const rule of asArray(group.rules).filter((r) => r.alert !== undefined)) {
        const what = `${describe(o)}: alert ${rule.alert}`;
        if (!["critical", "warning", "info"].includes(rule.labels?.severity)) report.error(o.rel, `${what} has no severity label (critical, warning or info)`);
        if (!rule.annotations?.summary || !rule.annotations?.description) report.error(o.rel, `${what} lacks a summary or description annotation`);
        if (!/\bacademy_[a-z_]+\b/.test(String(rule.expr ?? ""))) report.error(o.rel, `${what} watches none of the service's academy_* metrics`);
      }
    }
  }

  // 5b. The image the manifests run: its Dockerfile linted, and its user and port those of the Deployment.
  checkDockerfile(root, objects, report);

  // 6. Render with kubectl where available: patches applied, the result checked again.
  if (kubectl) {
    const kubectlPath = findOnPath("kubectl");
    const secretTemplates = full.filter((o) => o.obj.kind === "Secret");
    for (const dir of [...kustomizationDirs].sort()) {
      const label = `${rel(dir)} (kubectl kustomize)`;
      if (!kubectlPath) {
        report.extra.push(`${label}: kubectl not found, overlay patches checked by name only`);
        continue;
      }
      const run = spawnSync(kubectlPath, ["kustomize", dir], { encoding: "utf8", timeout: 60000 });
      const errors = [];
      let count = 0;
      if (run.status !== 0) {
        errors.push(`render failed: ${(run.stderr || run.error?.message || "").trim().split("\n").slice(0, 5).join(" | ")}`);
      } else {
        const { problems, values } = parseYamlDocuments(run.stdout);
        errors.push(...problems.map((p) => `rendered YAML: ${p}`));
        const rendered = values.filter(isMap).map((obj) => ({ file: dir, rel: label, obj }));
        count = rendered.length;
        for (const o of rendered) for (const e of await schemaErrors(o.obj)) errors.push(`${describe(o)}: ${e}`);
        // The real Secret is never rendered; its template stands in for it.
        const templates = secretTemplates.filter((s) => !rendered.some((r) => r.obj.kind === "Secret" && r.obj.metadata?.name === s.obj.metadata?.name));
        checkReferences([...rendered, ...templates], [], envNames, (_r, m) => errors.push(m), { sameImage: false, ports });
      }
      report.file(label, true).objects.push(`${count} objects`);
      for (const e of errors) report.error(label, e);
    }
  }
  return report;
}

function findOnPath(cmd) {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, cmd);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* next */
    }
  }
  return null;
}

function checkReferences(objects, patches, envNames, error, { sameImage, ports = {} }) {
  const ofKind = (kind) => objects.filter((o) => o.obj.kind === kind);
  const find = (kind, name) => ofKind(kind).find((o) => o.obj.metadata?.name === name);
  const configMaps = ofKind("ConfigMap");
  const secrets = ofKind("Secret");
  const pvcs = ofKind("PersistentVolumeClaim");
  const workloads = objects.filter((o) => WORKLOAD_KINDS.has(o.obj.kind) && podTemplateOf(o.obj)?.spec);
  const deployments = workloads.filter((o) => o.obj.kind === "Deployment");
  const podLabels = (o) => podTemplateOf(o.obj)?.metadata?.labels ?? {};
  const images = []; // { image, rel, where, deployment }

  const secretKeys = (name) => {
    const s = secrets.find((x) => x.obj.metadata?.name === name);
    return s ? new Set(secretEntries(s.obj).map(([k]) => k)) : null;
  };
  const configMapKeys = (name) => {
    const c = configMaps.find((x) => x.obj.metadata?.name === name);
    return c ? new Set([...Object.keys(c.obj.data ?? {}), ...Object.keys(c.obj.binaryData ?? {})]) : null;
  };
  const checkEnvName = (o, where, name) => {
    if (!envNames.has(name)) error(o.rel, `${where}: environment variable ${name} is not read by the application (see ${PROPERTIES})`);
  };

  for (const w of workloads) {
    const template = podTemplateOf(w.obj);
    const podSpec = template.spec;
    const podSc = podSpec.securityContext ?? {};
    const volumes = new Map(asArray(podSpec.volumes).map((v) => [v.name, v]));
    const where = describe(w);

    if (w.obj.kind === "Deployment" && !labelsMatch(w.obj.spec?.selector, podLabels(w))) {
      error(w.rel, `${where}: spec.selector does not match the pod template's labels`);
    }
    for (const t of asArray(podSpec.topologySpreadConstraints)) {
      if (t.labelSelector && !labelsMatch(t.labelSelector, podLabels(w))) {
        error(w.rel, `${where}: topologySpreadConstraints labelSelector does not match the pod's own labels, so it spreads nothing`);
      }
    }
    if (podSc.runAsUser === 0) error(w.rel, `${where}: pod securityContext.runAsUser is 0 (root)`);

    for (const v of volumes.values()) {
      if (v.persistentVolumeClaim && !pvcs.some((p) => p.obj.metadata?.name === v.persistentVolumeClaim.claimName)) {
        error(w.rel, `${where}: volume ${v.name} claims PersistentVolumeClaim ${v.persistentVolumeClaim.claimName}, which is not defined`);
      }
      if (v.secret) {
        const keys = secretKeys(v.secret.secretName);
        if (!keys) error(w.rel, `${where}: volume ${v.name} uses Secret ${v.secret.secretName}, which has no template (secret.example.yaml)`);
        else for (const item of asArray(v.secret.items)) if (!keys.has(item.key)) error(w.rel, `${where}: volume ${v.name}: Secret ${v.secret.secretName} has no key ${item.key}`);
      }
      if (v.configMap) {
        const keys = configMapKeys(v.configMap.name);
        if (!keys && !v.configMap.optional) error(w.rel, `${where}: volume ${v.name} uses ConfigMap ${v.configMap.name}, which is not defined`);
        else if (keys) for (const item of asArray(v.configMap.items)) if (!keys.has(item.key)) error(w.rel, `${where}: volume ${v.name}: ConfigMap ${v.configMap.name} has no key ${item.key}`);
      }
    }

    for (const c of containersOf(podSpec)) {
      const cw = `${where} container ${c.name}`;
      const sc = c.securityContext ?? {};
      images.push({ image: c.image, rel: w.rel, where: cw, deployment: w.obj.kind === "Deployment" });

      const runAsNonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
      const runAsUser = sc.runAsUser ?? podSc.runAsUser;
      if (runAsNonRoot !== true) error(w.rel, `${cw}: runAsNonRoot must be true`);
      if (runAsUser === 0) error(w.rel, `${cw}: runAsUser is 0 (root)`);
      if (sc.readOnlyRootFilesystem !== true) error(w.rel, `${cw}: securityContext.readOnlyRootFilesystem must be true`);
      if (sc.allowPrivilegeEscalation !== false) error(w.rel, `${cw}: securityContext.allowPrivilegeEscalation must be false`);
      if (!asArray(sc.capabilities?.drop).includes("ALL")) error(w.rel, `${cw}: securityContext.capabilities.drop must include ALL`);

      const mounts = asArray(c.volumeMounts);
      for (const m of mounts) if (!volumes.has(m.name)) error(w.rel, `${cw}: volumeMount ${m.name} (${m.mountPath}) refers to no volume of the pod`);
      if (sc.readOnlyRootFilesystem === true && !mounts.some((m) => m.mountPath === "/tmp" && !m.readOnly)) {
        error(w.rel, `${cw}: with a read-only root filesystem the JVM and uploads need a writable volume at /tmp`);
      }

      for (const e of asArray(c.env)) {
        checkEnvName(w, cw, e.name);
        const sk = e.valueFrom?.secretKeyRef;
        if (sk) {
          const keys = secretKeys(sk.name);
          if (!keys) error(w.rel, `${cw}: env ${e.name}: secretKeyRef to Secret ${sk.name}, which has no template (secret.example.yaml)`);
          else if (!keys.has(sk.key)) error(w.rel, `${cw}: env ${e.name}: Secret ${sk.name} has no key ${sk.key} (add it to the template)`);
        }
        const ck = e.valueFrom?.configMapKeyRef;
        if (ck) {
          const keys = configMapKeys(ck.name);
          if (!keys) error(w.rel, `${cw}: env ${e.name}: configMapKeyRef to ConfigMap ${ck.name}, which is not defined`);
          else if (!keys.has(ck.key)) error(w.rel, `${cw}: env ${e.name}: ConfigMap ${ck.name} has no key ${ck.key}`);
        }
      }
      for (const ef of asArray(c.envFrom)) {
        const prefix = ef.prefix ?? "";
        if (ef.configMapRef) {
          const cm = find("ConfigMap", ef.configMapRef.name);
          if (!cm) {
            if (!ef.configMapRef.optional) error(w.rel, `${cw}: envFrom ConfigMap ${ef.configMapRef.name} is not defined`);
            continue;
          }
          for (const key of Object.keys(cm.obj.data ?? {})) checkEnvName(cm, `ConfigMap ${cm.obj.metadata.name} (envFrom of ${cw})`, prefix + key);
        }
        if (ef.secretRef) {
          const keys = secretKeys(ef.secretRef.name);
          if (!keys) error(w.rel, `${cw}: envFrom Secret ${ef.secretRef.name} has no template (secret.example.yaml)`);
          else for (const key of keys) checkEnvName(w, `${cw} envFrom Secret ${ef.secretRef.name}`, prefix + key);
        }
      }

      for (const probeName of Object.keys(PROBE_PATHS)) {
        const probe = c[probeName];
        if (!probe) {
          if (w.obj.kind === "Deployment" && asArray(podSpec.containers).includes(c)) error(w.rel, `${cw}: ${probeName} is missing`);
          continue;
        }
        if (!probe.httpGet) {
          error(w.rel, `${cw}: ${probeName} must be an httpGet on ${PROBE_PATHS[probeName]}`);
          continue;
        }
        if (probe.httpGet.path !== PROBE_PATHS[probeName]) {
          error(w.rel, `${cw}: ${probeName} path ${probe.httpGet.path} is not ${PROBE_PATHS[probeName]}`);
        }
        if (!portMatches(probe.httpGet.port, c)) error(w.rel, `${cw}: ${probeName} port ${probe.httpGet.port} is not a declared containerPort (name or number)`);
        else if (ports.management !== undefined && containerPortNumber(probe.httpGet.port, c) !== ports.management) {
          error(w.rel, `${cw}: ${probeName} port ${probe.httpGet.port} is not the management port ${ports.management} (quarkus.management.port), where health is served`);
        }
      }
      if (w.obj.kind === "Deployment" && ports.management !== undefined && asArray(podSpec.containers).includes(c)
          && !asArray(c.ports).some((p) => p.containerPort === ports.management)) {
        error(w.rel, `${cw}: no containerPort ${ports.management}, the management port (quarkus.management.port) of health and metrics`);
      }
    }
  }

  // Prometheus scrapes metrics where they are served: the management port.
  for (const d of deployments) {
    const annotations = podTemplateOf(d.obj)?.metadata?.annotations ?? {};
    if (annotations["prometheus.io/scrape"] !== "true") continue;
    if (ports.management !== undefined && Number(annotations["prometheus.io/port"]) !== ports.management) {
      error(d.rel, `${describe(d)}: prometheus.io/port ${annotations["prometheus.io/port"]} is not the management port ${ports.management}, where metrics are served`);
    }
    if (annotations["prometheus.io/path"] !== METRICS_PATH) error(d.rel, `${describe(d)}: prometheus.io/path ${annotations["prometheus.io/path"]} is not ${METRICS_PATH}`);
  }

  // Overlay patches are partial objects: their variable names are still checked.
  for (const p of patches) {
    if (p.obj.kind === "ConfigMap") {
      const consumed = workloads.some((w) => containersOf(podTemplateOf(w.obj).spec).some((c) => asArray(c.envFrom).some((ef) => ef.configMapRef?.name === p.obj.metadata?.name)));
      if (consumed) for (const key of Object.keys(p.obj.data ?? {})) checkEnvName(p, `patch of ConfigMap ${p.obj.metadata?.name}`, key);
    }
    for (const c of containersOf(podTemplateOf(p.obj)?.spec)) for (const e of asArray(c.env)) checkEnvName(p, `patch of ${describe(p)} container ${c.name}`, e.name);
  }

  for (const s of ofKind("Service")) {
    const where = describe(s);
    const selector = s.obj.spec?.selector;
    if (!isMap(selector) || Object.keys(selector).length === 0) {
      error(s.rel, `${where}: has no selector`);
      continue;
    }
    const selected = deployments.filter((d) => labelsMatch(selector, podLabels(d)));
    if (selected.length === 0) error(s.rel, `${where}: selector ${JSON.stringify(selector)} matches the pods of no Deployment`);
    for (const other of workloads.filter((x) => x.obj.kind !== "Deployment")) {
      if (labelsMatch(selector, podLabels(other))) {
        error(s.rel, `${where}: selector also matches the pods of ${describe(other)} (${other.rel}), which serve no HTTP: traffic would go there`);
      }
    }
    for (const port of asArray(s.obj.spec?.ports)) {
      const target = port.targetPort ?? port.port;
      for (const d of selected) {
        const containers = asArray(podTemplateOf(d.obj).spec.containers);
        if (!containers.some((c) => portMatches(target, c))) {
          error(s.rel, `${where}: port ${port.name ?? port.port} targetPort ${target} is not a containerPort (name or number) of ${describe(d)}`);
        } else if (ports.management !== undefined && containers.some((c) => portMatches(target, c) && containerPortNumber(target, c) === ports.management)) {
          error(s.rel, `${where}: port ${port.name ?? port.port} reaches the management port ${ports.management}; health and metrics must not be routable through a Service or Ingress`);
        }
      }
    }
  }

  // Every rule names who and which port: a rule without peers or ports admits everyone, or every port.
  for (const np of ofKind("NetworkPolicy")) {
    const where = describe(np);
    const selected = deployments.filter((d) => labelsMatch(np.obj.spec?.podSelector, podLabels(d)));
    if (selected.length === 0) error(np.rel, `${where}: podSelector matches the pods of no Deployment`);
    if (!asArray(np.obj.spec?.policyTypes).includes("Ingress")) error(np.rel, `${where}: policyTypes lacks Ingress, so it restricts no incoming connection`);
    for (const [i, rule] of asArray(np.obj.spec?.ingress).entries()) {
      if (asArray(rule.from).length === 0) error(np.rel, `${where}: ingress rule ${i} has no from: it admits every pod and address`);
      if (asArray(rule.ports).length === 0) error(np.rel, `${where}: ingress rule ${i} has no ports: it opens every port`);
      const numbers = new Set();
      for (const p of asArray(rule.ports)) {
        for (const d of selected) {
          const containers = asArray(podTemplateOf(d.obj).spec.containers);
          const c = containers.find((x) => portMatches(p.port, x));
          if (!c) error(np.rel, `${where}: ingress rule ${i} port ${p.port} is not a containerPort (name or number) of ${describe(d)}`);
          else numbers.add(containerPortNumber(p.port, c));
        }
      }
      if (ports.management !== undefined && numbers.has(ports.management) && [...numbers].some((n) => n !== ports.management)) {
        error(np.rel, `${where}: ingress rule ${i} opens the management port ${ports.management} to the same peers as the app: health and metrics are for monitoring only`);
      }
    }
  }

  for (const pdb of ofKind("PodDisruptionBudget")) {
    if (!deployments.some((d) => labelsMatch(pdb.obj.spec?.selector, podLabels(d)))) {
      error(pdb.rel, `${describe(pdb)}: selector matches the pods of no Deployment`);
    }
  }

  for (const ing of ofKind("Ingress")) {
    const backends = [];
    if (ing.obj.spec?.defaultBackend?.service) backends.push(ing.obj.spec.defaultBackend.service);
    for (const rule of asArray(ing.obj.spec?.rules)) for (const p of asArray(rule.http?.paths)) if (p.backend?.service) backends.push(p.backend.service);
    for (const b of backends) {
      const svc = find("Service", b.name);
      if (!svc) {
        error(ing.rel, `${describe(ing)}: backend Service ${b.name} is not defined`);
        continue;
      }
      const ok = asArray(svc.obj.spec?.ports).some((p) => (b.port?.name !== undefined ? p.name === b.port.name : p.port === b.port?.number));
      if (!ok) error(ing.rel, `${describe(ing)}: backend port ${b.port?.name ?? b.port?.number} is not a port of Service ${b.name}`);
    }
  }

  // The Jobs must know the same migrations and backup format as the service they operate on.
  if (sameImage && images.length > 0) {
    const reference = images.find((i) => i.deployment) ?? images[0];
    for (const i of images) {
      if (i.image !== reference.image) {
        error(i.rel, `${i.where}: image ${i.image} is not the one image of the Deployment and the Jobs (${reference.image}, ${reference.where} in ${reference.rel})`);
      }
    }
  }
}

const DOCKERFILE = path.join("deploy", "docker", "Dockerfile");
const SECRET_ENV = /^(DATABASE_URL|ADMIN_PASSWORD|ADMIN_EMAIL)$|PASSWORD|SECRET|PRIVATE_KEY$/;

// dockerfile-utils (the linter of the Dockerfile language server) for syntax and practice; every
// diagnostic counts, warnings included. Then the contract with the manifests: a numeric non-root USER
// equal to the pods' runAsUser, the Deployment's containerPort EXPOSEd, no secret baked into ENV/ARG,
// and an ENTRYPOINT that execs java, so that SIGTERM reaches the JVM for its graceful shutdown.
function checkDockerfile(root, objects, report) {
  const file = path.join(root, DOCKERFILE);
  const rel = DOCKERFILE;
  if (!fs.existsSync(file)) {
    report.error(rel, "not found");
    return;
  }
  report.file(rel).notes.push("Dockerfile");
  const text = fs.readFileSync(file, "utf8");
  for (const d of validateDockerfile(text)) {
    // Diagnostics carry the language server protocol's severity: 1 is an error, 2 a warning.
    const severity = d.severity === 1 ? "error" : "warning";
    report.error(rel, `line ${d.range.start.line + 1}: lint ${severity}: ${d.message}`);
  }
  const instructions = text.replace(/\\\n/g, " ").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  const args = (keyword) => instructions.filter((l) => l.toUpperCase().startsWith(keyword + " ")).map((l) => l.slice(keyword.length + 1).trim());
  const users = args("USER");
  const user = users.at(-1)?.split(":")[0];
  const deployment = objects.find((o) => o.obj.kind === "Deployment");
  const runAsUser = deployment?.obj.spec?.template?.spec?.securityContext?.runAsUser;
  if (!user || !/^[0-9]+$/.test(user) || user === "0") {
    report.error(rel, `the last USER must be a numeric non-root uid (Kubernetes checks runAsNonRoot by number), not ${user ?? "missing"}`);
  } else if (runAsUser !== undefined && Number(user) !== runAsUser) {
    report.error(rel, `USER ${user} is not the Deployment's runAsUser ${runAsUser}`);
  }
  const exposed = new Set(args("EXPOSE").flatMap((a) => a.split(/\s+/)).map((p) => Number(p.split("/")[0])));
  for (const c of containersOf(deployment?.obj.spec?.template?.spec ?? {})) {
    for (const port of asArray(c.ports)) {
      if (!exposed.has(port.containerPort)) report.error(rel, `EXPOSE lacks the Deployment's containerPort ${port.containerPort}`);
    }
  }
  for (const a of [...args("ENV"), ...args("ARG")]) {
    for (const [, name] of a.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=/g)) {
      if (SECRET_ENV.test(name)) report.error(rel, `${name} is set in the image; secrets come from the environment at run time`);
    }
  }
  const entrypoint = args("ENTRYPOINT").at(-1) ?? "";
  if (!/exec java/.test(entrypoint)) {
    report.error(rel, "ENTRYPOINT must exec java, so that SIGTERM reaches the JVM rather than a shell");
  }
}

function printReport(report) {
  const entries = [...report.byFile.entries()].sort(([a], [b]) => a.localeCompare(b));
  const files = entries.filter(([, f]) => !f.rendered);
  const renders = entries.filter(([, f]) => f.rendered);
  for (const [name, f] of [...files, ...renders]) {
    const what = [...f.notes, ...f.objects].join(", ") || "no objects";
    console.log(`${f.errors.length ? "FAIL" : "ok  "} ${name} (${what})`);
    for (const e of f.errors) console.log(`       - ${e}`);
  }
  for (const line of report.extra) console.log(`skip ${line}`);
  const n = report.errorCount;
  console.log(`\n${files.length} files and ${renders.length} renders checked, ${n} error${n === 1 ? "" : "s"}: ${n ? "FAILED" : "all manifests valid"}`);
}

// ---------------------------------------------------------------------------------------------
// Self-test: each breakage on a fresh copy must make the validator exit 1 with a matching message.

function editYaml(file, mutate) {
  const text = fs.readFileSync(file, "utf8");
  const doc = YAML.parseDocument(text, { version: "1.1" });
  mutate(doc);
  fs.writeFileSync(file, doc.toString());
}

function replaceText(file, from, to) {
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${file}: text to replace not found: ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

const C0 = ["spec", "template", "spec", "containers", 0];
const BREAKAGES = [
  ["wrong probe path", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "readinessProbe", "httpGet", "path"], "/q/health/readiness")), /readinessProbe path \/q\/health\/readiness/],
  ["liveness on the readiness endpoint", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "livenessProbe", "httpGet", "path"], "/q/health/ready")), /livenessProbe path \/q\/health\/ready is not/],
  ["probe on an undeclared port", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "startupProbe", "httpGet", "port"], "admin")), /startupProbe port admin/],
  ["probe on the app port", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "readinessProbe", "httpGet", "port"], "http")), /readinessProbe port http is not the management port 9000/],
  ["no management containerPort", "base/deployment.yaml", (f) => editYaml(f, (d) => d.deleteIn([...C0, "ports", 1])), /no containerPort 9000/],
  ["metrics scraped on the app port", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "template", "metadata", "annotations", "prometheus.io/port"], "8080")), /prometheus\.io\/port 8080 is not the management port/],
  ["Service routing to the management port", "base/service.yaml", (f) => editYaml(f, (d) => d.get("spec").get("ports").add({ name: "management", port: 9000, targetPort: "management" })), /reaches the management port 9000/],
  ["NetworkPolicy left out of the base", "base/kustomization.yaml", (f) => replaceText(f, "  - networkpolicy.yaml\n", ""), /resources: no NetworkPolicy/],
  ["NetworkPolicy rule open to everyone", "base/networkpolicy.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "ingress", 0, "from"])), /ingress rule 0 has no from/],
  ["NetworkPolicy rule opening every port", "base/networkpolicy.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "ingress", 1, "ports"])), /ingress rule 1 has no ports/],
  ["NetworkPolicy opening the management port to the ingress", "base/networkpolicy.yaml", (f) => editYaml(f, (d) => d.getIn(["spec", "ingress", 0, "ports"]).add({ port: "management", protocol: "TCP" })), /opens the management port 9000 to the same peers/],
  ["NetworkPolicy selecting no pods", "base/networkpolicy.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "podSelector", "matchLabels", "app.kubernetes.io/component"], "web")), /NetworkPolicy academy-api: podSelector matches the pods of no Deployment/],
  ["missing liveness probe", "base/deployment.yaml", (f) => editYaml(f, (d) => d.deleteIn([...C0, "livenessProbe"])), /livenessProbe is missing/],
  ["wrong targetPort", "base/service.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "ports", 0, "targetPort"], "web")), /targetPort web/],
  ["Service selector matching no pods", "base/service.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "selector", "app.kubernetes.io/component"], "web")), /matches the pods of no Deployment/],
  ["Service selector also matching Job pods", "jobs/backup.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "template", "metadata", "labels", "app.kubernetes.io/component"], "api")), /also matches the pods of Job/],
  ["PDB selector matching no pods", "base/pdb.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "selector", "matchLabels", "app.kubernetes.io/name"], "academy")), /PodDisruptionBudget .* matches the pods of no Deployment/],
  ["unknown env var in the ConfigMap", "base/configmap.yaml", (f) => editYaml(f, (d) => d.setIn(["data", "DB_POOL_MAX"], "20")), /DB_POOL_MAX is not read/],
  ["unknown env var in the Deployment", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "env", 3, "name"], "JWT_PRIVATE_KEY_PATH")), /JWT_PRIVATE_KEY_PATH is not read/],
  ["unknown env var in an overlay patch", "overlays/example/config.yaml", (f) => editYaml(f, (d) => d.setIn(["data", "BACKUP_KEPP"], "30")), /BACKUP_KEPP is not read/],
  ["schema: replicas \"two\"", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "replicas"], "two")), /\/spec\/replicas must be integer/],
  ["schema: unquoted BACKUP_CRON off (YAML 1.1 boolean)", "base/configmap.yaml", (f) => replaceText(f, 'BACKUP_CRON: "0 0 2 * * ?"', "BACKUP_CRON: off"), /\/data\/BACKUP_CRON must be string/],
  ["YAML syntax error", "base/pvc.yaml", (f) => replaceText(f, "  accessModes:\n", "  accessModes: [\n"), /YAML:/],
  ["missing resource in kustomization", "base/kustomization.yaml", (f) => editYaml(f, (d) => d.get("resources").add("hpa.yaml")), /resources: hpa\.yaml does not exist/],
  ["missing patch file in overlay", "overlays/example/kustomization.yaml", (f) => editYaml(f, (d) => d.setIn(["patches", 0, "path"], "replica.yaml")), /patches: replica\.yaml does not exist/],
  ["patch of a resource that does not exist", "overlays/example/replicas.yaml", (f) => editYaml(f, (d) => d.setIn(["metadata", "name"], "academy")), /patches: replicas\.yaml patches Deployment academy, which is not among the resources/],
  ["overlay image name matching nothing", "overlays/example/kustomization.yaml", (f) => editYaml(f, (d) => d.setIn(["images", 0, "name"], "registry.example.com/academy")), /changes nothing/],
  ["secretKeyRef to a key the Secret template lacks", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "env", 0, "valueFrom", "secretKeyRef", "key"], "DB_URL")), /has no key DB_URL/],
  ["volumeMount of an undeclared volume", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "volumeMounts", 1, "name"], "backup")), /volumeMount backup .* refers to no volume/],
  ["PVC that does not exist", "jobs/restore.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "template", "spec", "volumes", 1, "persistentVolumeClaim", "claimName"], "academy-backup")), /PersistentVolumeClaim academy-backup, which is not defined/],
  ["Job on another image", "jobs/migrate-status.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "image"], "registry.example.com/data-detective-academy:1.0.1")), /image registry\.example\.com\/data-detective-academy:1\.0\.1 is not the one image/],
  ["writable root filesystem", "jobs/backup.yaml", (f) => editYaml(f, (d) => d.setIn([...C0, "securityContext", "readOnlyRootFilesystem"], false)), /readOnlyRootFilesystem must be true/],
  ["running as root", "base/deployment.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "template", "spec", "securityContext", "runAsUser"], 0)), /runAsUser is 0/],
  ["real-looking value in the Secret template", "base/secret.example.yaml", (f) => editYaml(f, (d) => d.setIn(["stringData", "ADMIN_PASSWORD"], "Tr0ub4dor&3-horse")), /ADMIN_PASSWORD is not a placeholder/],
  ["Secret template listed in resources", "base/kustomization.yaml", (f) => editYaml(f, (d) => d.get("resources").add("secret.example.yaml")), /listed in a kustomization's resources/],
  ["Dockerfile running as root", "../docker/Dockerfile", (f) => replaceText(f, "USER 185:185", "USER root"), /last USER must be a numeric non-root uid/],
  ["Dockerfile user other than the pods'", "../docker/Dockerfile", (f) => replaceText(f, "USER 185:185", "USER 1001"), /USER 1001 is not the Deployment's runAsUser 185/],
  ["secret baked into the image", "../docker/Dockerfile", (f) => replaceText(f, "    BACKUP_DIR=/backups \\", "    DATABASE_URL=postgresql://u:p@db/academy \\"), /DATABASE_URL is set in the image/],
  ["port not exposed", "../docker/Dockerfile", (f) => replaceText(f, "EXPOSE 8080 8443 9000", "EXPOSE 8443 9000"), /EXPOSE lacks the Deployment's containerPort 8080/],
  ["shell entrypoint without exec", "../docker/Dockerfile", (f) => replaceText(f, "exec java", "java"), /ENTRYPOINT must exec java/],
  ["Dockerfile lint warning", "../docker/Dockerfile", (f) => replaceText(f, "WORKDIR /deployments", "MAINTAINER academy\nWORKDIR /deployments"), /lint warning: MAINTAINER has been deprecated/],
  ["alert without a severity", "monitoring/prometheusrule.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "groups", 0, "rules", 0, "labels", "severity"])), /alert AcademyBackupMissing has no severity label/],
  ["schema: alert rule without expr", "monitoring/prometheusrule.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "groups", 0, "rules", 1, "expr"])), /schema: .*expr/],
  ["namespace hard-coded in the base", "base/service.yaml", (f) => editYaml(f, (d) => d.setIn(["metadata", "namespace"], "academy")), /metadata\.namespace is set/],
];

async function selfTest() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-validate-"));
  const pristine = path.join(work, "pristine");
  const copyTree = (to) => {
    fs.cpSync(path.join(DEFAULT_ROOT, K8S_DIR), path.join(to, K8S_DIR), { recursive: true });
    fs.mkdirSync(path.dirname(path.join(to, PROPERTIES)), { recursive: true });
    fs.copyFileSync(path.join(DEFAULT_ROOT, PROPERTIES), path.join(to, PROPERTIES));
    fs.mkdirSync(path.dirname(path.join(to, DOCKERFILE)), { recursive: true });
    fs.copyFileSync(path.join(DEFAULT_ROOT, DOCKERFILE), path.join(to, DOCKERFILE));
  };
  // --no-kubectl: each breakage must be caught by this file's own checks, on any machine.
  const runOn = (root) => spawnSync(process.execPath, [SCRIPT, "--no-kubectl", root], { encoding: "utf8", timeout: 120000 });
  let passed = 0;
  let failed = 0;
  try {
    copyTree(pristine);
    const baseline = runOn(pristine);
    if (baseline.status === 0) {
      passed++;
      console.log("ok      unbroken copy passes");
    } else {
      failed++;
      console.log(`FAILED  unbroken copy does not pass (exit ${baseline.status}); the breakages below prove nothing:\n${baseline.stdout}${baseline.stderr}`);
    }
    for (const [i, [name, file, breakIt, expected]] of BREAKAGES.entries()) {
      const root = path.join(work, `case-${i}`);
      copyTree(root);
      try {
        breakIt(path.join(root, K8S_DIR, file));
      } catch (e) {
        failed++;
        console.log(`FAILED  ${name}: could not apply the breakage: ${e.message}`);
        continue;
      }
      const run = runOn(root);
      const output = `${run.stdout}${run.stderr}`;
      const line = output.split("\n").find((l) => expected.test(l));
      if (run.status === 1 && line) {
        passed++;
        console.log(`caught  ${name}\n          ${line.trim().replace(/^- /, "")}`);
      } else {
        failed++;
        console.log(`MISSED  ${name} (${file}): exit ${run.status}, no line matching ${expected}\n${output.replace(/^/gm, "    ")}`);
      }
      fs.rmSync(root, { recursive: true, force: true });
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`\nself-test: ${passed} passed, ${failed} failed`);
  return failed === 0;
}

// ---------------------------------------------------------------------------------------------

async function main(argv) {
  const args = argv.slice(2);
  if (args.includes("--help") || args.includes("-h")) {
    console.log("usage: node validate.mjs [--no-kubectl] [ROOT] | --self-test");
    return 0;
  }
  if (args.includes("--self-test")) return (await selfTest()) ? 0 : 1;
  const unknown = args.filter((a) => a.startsWith("-") && a !== "--no-kubectl");
  if (unknown.length) {
    console.error(`unknown option ${unknown.join(" ")}; usage: node validate.mjs [--no-kubectl] [ROOT] | --self-test`);
    return 2;
  }
  const root = path.resolve(args.find((a) => !a.startsWith("-")) ?? DEFAULT_ROOT);
  const report = await validate(root, { kubectl: !args.includes("--no-kubectl") });
  printReport(report);
  return report.errorCount ? 1 : 0;
}

process.exitCode = await main(process.argv);
