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
//
// Beside the manifests: the Grafana dashboard (deploy/k8s/monitoring, every query parsed as PromQL), the
// ServiceMonitor and its Service, and the CloudNativePG overlay, whose custom resources have no published models
// and are held by hand to the fields that matter and to their references (secret and service names, ports,
// the bucket of the service's own offsite copies).

import { parser as promqlParser } from "@prometheus-io/lezer-promql";
import { validate as validateDockerfile } from "dockerfile-utils";
import { spawn, spawnSync } from "node:child_process";
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
const FIXED_ENV = ["DATABASE_URL", "DB_POOL_SIZE", "DB_MAX_OVERFLOW", "JWT_PRIVATE_KEY_FILE", "JWT_PUBLIC_KEY_FILE", "JAVA_OPTS"];

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

// CloudNativePG publishes no models (no npm package has them, and its CRDs are 1 MB of YAML to vendor): its
// resources are checked by checkCloudNativePg instead, the fields that matter and every reference between them.
const CLOUDNATIVE_PG = "postgresql.cnpg.io";
const BARMAN_CLOUD = "barmancloud.cnpg.io";
const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";
const HAND_CHECKED_GROUPS = new Set([CLOUDNATIVE_PG, BARMAN_CLOUD]);
const POSTGRES_PORT = 5432;
// What the operator generates for a Cluster (CloudNativePG's pkg/specs): the owner's Secret <cluster>-app with these
// keys, and the Services <cluster>-rw (the primary), -ro and -r; a Pooler's Service takes the Pooler's name.
const CLUSTER_APP_SECRET_KEYS = ["username", "user", "password", "dbname", "host", "port", "pgpass", "uri", "jdbc-uri", "fqdn-uri", "fqdn-jdbc-uri"];
const CLUSTER_URL_KEYS = ["uri", "fqdn-uri"];
const CLUSTER_SERVICE_SUFFIXES = ["rw", "ro", "r"];

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
  if (HAND_CHECKED_GROUPS.has(String(obj.apiVersion).split("/")[0])) return [];
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
// PromQL and Grafana dashboards

// Grafana's interval variables stand where PromQL wants a duration; any other variable sits inside a label value.
const GRAFANA_INTERVAL = /\$\{?__(rate_interval|interval|range)(_ms|_s)?\}?/g;

/** The parse error of a PromQL expression (Prometheus' own grammar, lezer-promql), or null. */
function promqlError(expression) {
  const text = String(expression ?? "").replace(GRAFANA_INTERVAL, "5m");
  if (text.trim() === "") return "empty query";
  let at = -1;
  promqlParser.parse(text).iterate({
    enter: (node) => {
      if (at < 0 && node.type.isError) at = node.from;
    },
  });
  return at < 0 ? null : `PromQL syntax error at character ${at + 1}: ${JSON.stringify(text.slice(Math.max(0, at - 25), at + 15))}`;
}

// Grafana's own variables ($__rate_interval, $__range, ...) need no definition.
const variablesUsed = (text) => [...String(text ?? "").matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]).filter((v) => !v.startsWith("__"));

/**
 * A dashboard for Grafana's sidecar (or an import): structure Grafana needs, queries bound to a data source variable
 * rather than one Grafana's data source uid, every query valid PromQL using defined variables. Which metrics the
 * queries read is checked against the service's own /q/metrics by MonitoringQueriesTest.
 */
function checkDashboard(text, error) {
  let d;
  try {
    d = JSON.parse(text);
  } catch (e) {
    error(`not JSON: ${e.message}`);
    return;
  }
  if (typeof d.uid !== "string" || d.uid === "" || d.uid.length > 40) error("uid must be set, at most 40 characters: Grafana finds the dashboard again by it");
  if (!d.title) error("no title");
  if (!Number.isInteger(d.schemaVersion) || d.schemaVersion < 36) error(`schemaVersion ${d.schemaVersion}: 36 or later (Grafana 9+), whose data source references are objects`);
  const variables = asArray(d.templating?.list);
  const sources = variables.filter((v) => v.type === "datasource" && v.query === "prometheus").map((v) => v.name);
  if (sources.length === 0) error("templating: no variable of type datasource for prometheus; the queries would be bound to one Grafana's data source");
  const defined = new Set(variables.map((v) => v.name));
  const bound = (ds) => isMap(ds) && ds.type === "prometheus" && sources.some((n) => ds.uid === `\${${n}}` || ds.uid === `$${n}`);
  const checkQuery = (what, query) => {
    const problem = promqlError(query);
    if (problem) error(`${what}: ${problem}`);
    for (const v of variablesUsed(query)) if (!defined.has(v)) error(`${what}: undefined variable $${v}`);
  };
  for (const v of variables.filter((x) => x.type === "query")) {
    if (!bound(v.datasource)) error(`variable ${v.name}: datasource is not the \${${sources[0] ?? "datasource"}} variable`);
    const query = isMap(v.query) ? v.query.query : v.query;
    // Grafana's label_values(selector, label): the selector is PromQL.
    const m = /^\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/.exec(String(query ?? ""));
    checkQuery(`variable ${v.name}`, m ? m[1] : query);
  }
  const panels = [];
  const collect = (list) => {
    for (const p of asArray(list)) {
      panels.push(p);
      collect(p.panels);
    }
  };
  collect(d.panels);
  if (panels.length === 0) error("no panels");
  const ids = new Set();
  for (const p of panels) {
    const what = `panel ${p.id} "${p.title ?? ""}"`;
    if (!Number.isInteger(p.id)) error(`${what}: id must be an integer`);
    else if (ids.has(p.id)) error(`${what}: panel id ${p.id} is used twice`);
    ids.add(p.id);
    const g = p.gridPos;
    if (!isMap(g) || ![g.x, g.y, g.w, g.h].every(Number.isInteger) || g.w < 1 || g.x < 0 || g.x + g.w > 24) error(`${what}: gridPos must place it within Grafana's 24 columns`);
    if (p.type === "row") continue;
    if (!bound(p.datasource)) error(`${what}: datasource is not the \${${sources[0] ?? "datasource"}} variable`);
    const targets = asArray(p.targets);
    if (targets.length === 0) error(`${what}: no query`);
    const refIds = new Set();
    for (const t of targets) {
      if (t.datasource !== undefined && !bound(t.datasource)) error(`${what} query ${t.refId}: datasource is not the \${${sources[0] ?? "datasource"}} variable`);
      if (!t.refId || refIds.has(t.refId)) error(`${what}: query refIds must be set and distinct`);
      refIds.add(t.refId);
      checkQuery(`${what} query ${t.refId}`, t.expr);
    }
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

  // The objects a kustomization deploys with the patches kubectl would apply that matter to the checks here without
  // kubectl: ConfigMap data merged, JSON patches (test, add, replace, remove) applied. Each directory once; a
  // failing patch is reported on the kustomization that lists it.
  const renderCache = new Map();
  const renderLite = (dir, seen = new Set()) => {
    if (renderCache.has(dir)) return renderCache.get(dir).map((o) => ({ ...o, obj: structuredClone(o.obj) }));
    if (seen.has(dir)) return [];
    seen.add(dir);
    const k = kustomizations.find((x) => path.dirname(x.file) === dir);
    const out = [];
    for (const entry of k ? asArray(k.obj.resources) : []) {
      if (typeof entry !== "string") continue;
      const target = path.resolve(dir, entry);
      if (!fs.existsSync(target)) continue;
      if (fs.statSync(target).isDirectory()) out.push(...renderLite(target, seen));
      else out.push(...(objectsByFile.get(target) ?? []).map((o) => ({ ...o, obj: structuredClone(o.obj) })));
    }
    for (const p of k ? asArray(k.obj.patches).filter((x) => isMap(x) && typeof x.path === "string") : []) {
      const file = path.resolve(dir, p.path);
      if (!fs.existsSync(file)) continue;
      if (file.endsWith(".json")) {
        const ops = readJsonPatch(file);
        if (!Array.isArray(ops)) {
          report.error(k.rel, `patches: ${p.path}: ${ops}`);
          continue;
        }
        const t = isMap(p.target) ? p.target : {};
        for (const o of out.filter((x) => (!t.kind || x.obj.kind === t.kind) && (!t.name || x.obj.metadata?.name === t.name))) {
          const problem = applyJsonPatch(o.obj, ops);
          if (problem) report.error(k.rel, `patches: ${p.path} on ${describe(o)}: ${problem}`);
        }
      } else {
        for (const po of (objectsByFile.get(file) ?? []).filter((x) => x.obj.kind === "ConfigMap")) {
          const cm = out.find((o) => o.obj.kind === "ConfigMap" && o.obj.metadata?.name === po.obj.metadata?.name);
          if (cm) cm.obj.data = { ...(cm.obj.data ?? {}), ...(po.obj.data ?? {}) };
        }
      }
    }
    renderCache.set(dir, out);
    return out.map((o) => ({ ...o, obj: structuredClone(o.obj) }));
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
  for (const o of full) {
    if (HAND_CHECKED_GROUPS.has(o.obj.apiVersion.split("/")[0])) report.file(o.rel).notes.push("no published schema: fields and references checked by hand");
    for (const e of await schemaErrors(o.obj)) report.error(o.rel, `${describe(o)}: ${e}`);
  }
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
        const problem = promqlError(rule.expr);
        if (problem) report.error(o.rel, `${what}: ${problem}`);
      }
    }
  }

  // 5c. Dashboards: JSON files of a configMapGenerator, which Grafana's sidecar loads when the ConfigMap carries
  // its label (grafana_dashboard: "1").
  for (const k of kustomizations) {
    for (const gen of asArray(k.obj.configMapGenerator)) {
      for (const f of asArray(gen?.files)) {
        const source = String(f).includes("=") ? String(f).split("=").slice(1).join("=") : String(f);
        const file = path.resolve(path.dirname(k.file), source);
        if (!source.endsWith(".json") || !fs.existsSync(file)) continue;
        const r = rel(file);
        report.file(r).notes.push(`Grafana dashboard (ConfigMap ${gen.name})`);
        checkDashboard(fs.readFileSync(file, "utf8"), (m) => report.error(r, m));
        const labels = { ...(k.obj.generatorOptions?.labels ?? {}), ...(gen.options?.labels ?? {}) };
        if (labels.grafana_dashboard !== "1") report.error(k.rel, `configMapGenerator ${gen.name}: no label grafana_dashboard: "1", so Grafana's sidecar does not load ${source}`);
      }
    }
  }

  // 5d. CloudNativePG: each kustomization that deploys a Cluster, with its own patches applied (no kubectl needed).
  for (const k of kustomizations) {
    const dir = path.dirname(k.file);
    const rendered = renderLite(dir);
    if (!rendered.some((o) => isCluster(o.obj))) continue;
    checkCloudNativePg(rendered, full.filter((o) => o.obj.kind === "Secret"), (m) => report.error(k.rel, m));
    // README: the one-off Jobs are created with the same JSON patches (kubectl patch --local --type=json).
    for (const p of asArray(k.obj.patches).filter((x) => isMap(x) && String(x.path ?? "").endsWith(".json"))) {
      const ops = readJsonPatch(path.resolve(dir, p.path));
      if (!Array.isArray(ops)) continue;
      for (const job of objects.filter((o) => o.obj.kind === "Job" && o.file.startsWith(path.join(k8sRoot, "jobs") + path.sep))) {
        const problem = applyJsonPatch(structuredClone(job.obj), ops);
        if (problem) report.error(k.rel, `patches: ${p.path} does not apply to ${describe(job)} (${job.rel}), which the README patches with it: ${problem}`);
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
        if (rendered.some((o) => isCluster(o.obj))) checkCloudNativePg(rendered, secretTemplates, (m) => errors.push(m));
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

  // The real Secrets are created by hand (their templates stand in) or by an operator (CloudNativePG's for its Clusters).
  const generated = generatedSecrets(objects);
  const secretKeys = (name) => {
    const s = secrets.find((x) => x.obj.metadata?.name === name);
    return s ? new Set(secretEntries(s.obj).map(([k]) => k)) : generated.get(name) ?? null;
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

  // Services that reach the management port: only a headless one, for the ServiceMonitor to find the pods by.
  const managementServices = new Set();
  for (const s of ofKind("Service")) {
    const where = describe(s);
    const selector = s.obj.spec?.selector;
    if (!isMap(selector) || Object.keys(selector).length === 0) {
      error(s.rel, `${where}: has no selector`);
      continue;
    }
    const selected = deployments.filter((d) => labelsMatch(selector, podLabels(d)));
    // A kustomization of Services alone (monitoring) is checked against the pods with the rest of the files.
    if (selected.length === 0 && deployments.length > 0) error(s.rel, `${where}: selector ${JSON.stringify(selector)} matches the pods of no Deployment`);
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
          managementServices.add(s.obj.metadata?.name);
          if (s.obj.spec?.clusterIP !== "None") {
            error(s.rel, `${where}: port ${port.name ?? port.port} reaches the management port ${ports.management} through a virtual IP; health and metrics must not be routable through a Service or Ingress (a headless Service, clusterIP None, for the ServiceMonitor only)`);
          } else if (asArray(s.obj.spec?.ports).length > 1) {
            error(s.rel, `${where}: the management port ${ports.management} beside other ports: whatever routes to this Service for them reaches health and metrics too`);
          }
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

  // The Prometheus Operator scrapes the endpoints of the Services a ServiceMonitor selects, by port name.
  for (const sm of ofKind("ServiceMonitor")) {
    const where = describe(sm);
    const selected = ofKind("Service").filter((s) => labelsMatch(sm.obj.spec?.selector, s.obj.metadata?.labels));
    if (selected.length === 0) error(sm.rel, `${where}: selector matches no Service (by the Service's own labels)`);
    for (const [i, ep] of asArray(sm.obj.spec?.endpoints).entries()) {
      if (ep.path !== METRICS_PATH) error(sm.rel, `${where}: endpoint ${i} path ${ep.path} is not ${METRICS_PATH}`);
      for (const s of selected) {
        const port = asArray(s.obj.spec?.ports).find((p) => p.name === ep.port);
        if (!port) {
          error(sm.rel, `${where}: endpoint ${i} port ${ep.port} is not a named port of ${describe(s)}`);
          continue;
        }
        for (const d of deployments.filter((x) => labelsMatch(s.obj.spec?.selector, podLabels(x)))) {
          for (const c of asArray(podTemplateOf(d.obj).spec.containers).filter((x) => portMatches(port.targetPort ?? port.port, x))) {
            const number = containerPortNumber(port.targetPort ?? port.port, c);
            if (ports.management !== undefined && number !== ports.management) {
              error(sm.rel, `${where}: endpoint ${i} port ${ep.port} reaches port ${number} of ${describe(d)}, not the management port ${ports.management} where ${METRICS_PATH} is served`);
            }
            // With a NetworkPolicy on the pods, Prometheus gets through only where a rule opens that port.
            const policies = ofKind("NetworkPolicy").filter((np) => labelsMatch(np.obj.spec?.podSelector, podLabels(d)));
            const opened = policies.some((np) => asArray(np.obj.spec?.ingress).some((rule) => asArray(rule.ports).some((p) => containerPortNumber(p.port, c) === number)));
            if (policies.length > 0 && !opened) error(sm.rel, `${where}: the NetworkPolicy of ${describe(d)} admits nobody to port ${number}, which this ServiceMonitor scrapes`);
          }
        }
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
      if (managementServices.has(b.name)) error(ing.rel, `${describe(ing)}: routes to Service ${b.name}, which reaches the management port ${ports.management} (health and metrics)`);
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

// ---------------------------------------------------------------------------------------------
// JSON patches (RFC 6902), as kustomize and `kubectl patch --type=json` apply them

/** The operations of a JSON patch file, or a sentence saying why there are none. */
function readJsonPatch(file) {
  try {
    const ops = JSON.parse(fs.readFileSync(file, "utf8"));
    return Array.isArray(ops) && ops.every(isMap) ? ops : "not a JSON patch (an array of operations)";
  } catch (e) {
    return `not JSON: ${e.message}`;
  }
}

/** Applies the operations to the object in place; a sentence saying which one failed, or null. */
function applyJsonPatch(target, ops) {
  for (const [i, op] of ops.entries()) {
    const where = `operation ${i} (${op.op} ${op.path})`;
    const keys = String(op.path ?? "").split("/").slice(1).map((k) => k.replace(/~1/g, "/").replace(/~0/g, "~"));
    if (keys.length === 0) return `${where}: no path`;
    let parent = target;
    for (const k of keys.slice(0, -1)) parent = isMap(parent) || Array.isArray(parent) ? parent[Array.isArray(parent) ? Number(k) : k] : undefined;
    if (!isMap(parent) && !Array.isArray(parent)) return `${where}: the path does not exist`;
    const last = keys.at(-1);
    const key = Array.isArray(parent) ? (last === "-" ? parent.length : Number(last)) : last;
    const present = Array.isArray(parent) ? Number.isInteger(key) && key >= 0 && key < parent.length : Object.hasOwn(parent, key);
    if (op.op === "test") {
      if (!present || JSON.stringify(parent[key]) !== JSON.stringify(op.value)) {
        return `${where}: test fails, the value is ${present ? JSON.stringify(parent[key]) : "absent"}, not ${JSON.stringify(op.value)}`;
      }
    } else if (op.op === "replace" || op.op === "remove") {
      if (!present) return `${where}: the path does not exist`;
      if (op.op === "replace") parent[key] = structuredClone(op.value);
      else if (Array.isArray(parent)) parent.splice(key, 1);
      else delete parent[key];
    } else if (op.op === "add") {
      if (Array.isArray(parent)) parent.splice(key, 0, structuredClone(op.value));
      else parent[key] = structuredClone(op.value);
    } else {
      return `${where}: only test, add, replace and remove are checked here`;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// CloudNativePG

const isCluster = (obj) => obj.kind === "Cluster" && String(obj.apiVersion).startsWith(`${CLOUDNATIVE_PG}/`);

/** The Secrets the operator will create for the Clusters among the objects: name -> keys. */
function generatedSecrets(objects) {
  const secrets = new Map();
  for (const c of objects.filter((o) => isCluster(o.obj) && o.obj.metadata?.name)) secrets.set(`${c.obj.metadata.name}-app`, new Set(CLUSTER_APP_SECRET_KEYS));
  return secrets;
}

/**
 * The production topology's database, held to what this service relies on: three instances with a synchronous
 * standby, WAL archived and base backups scheduled through the Barman Cloud plugin into the bucket of the service's
 * own offsite copies (and apart from them), a session-mode pooler, and the service's DATABASE_URL taken from the
 * operator's Secret (or naming one of the Cluster's services and its port).
 *
 * @param objects what one kustomization deploys, patched
 * @param templates the Secret templates (the Secrets themselves are created by hand)
 */
function checkCloudNativePg(objects, templates, error) {
  const ofKind = (group, kind) => objects.filter((o) => String(o.obj.apiVersion).startsWith(`${group}/`) && o.obj.kind === kind);
  const named = (list, name) => list.find((o) => o.obj.metadata?.name === name);
  const clusters = ofKind(CLOUDNATIVE_PG, "Cluster");
  const stores = ofKind(BARMAN_CLOUD, "ObjectStore");
  const scheduled = ofKind(CLOUDNATIVE_PG, "ScheduledBackup");
  const poolers = ofKind(CLOUDNATIVE_PG, "Pooler");
  const deployments = objects.filter((o) => o.obj.kind === "Deployment");
  const appSecrets = generatedSecrets(objects);

  // The service's settings: its ConfigMaps (envFrom) and literal env values.
  const settings = {};
  for (const d of deployments) {
    for (const c of asArray(podTemplateOf(d.obj)?.spec?.containers)) {
      for (const ef of asArray(c.envFrom)) Object.assign(settings, named(objects.filter((o) => o.obj.kind === "ConfigMap"), ef.configMapRef?.name)?.obj.data ?? {});
      for (const e of asArray(c.env)) if (e.value !== undefined) settings[e.name] = e.value;
    }
  }

  const services = new Map(); // name -> port
  for (const c of clusters) for (const suffix of CLUSTER_SERVICE_SUFFIXES) services.set(`${c.obj.metadata?.name}-${suffix}`, POSTGRES_PORT);
  for (const p of poolers) {
    if (services.has(p.obj.metadata?.name)) error(`${describe(p)}: its Service would take the name of the cluster's own ${p.obj.metadata?.name}`);
    services.set(p.obj.metadata?.name, POSTGRES_PORT);
  }
  const checkUrl = (what, value) => {
    const m = /^postgres(?:ql)?(?:\+[a-z0-9]+)?:\/\/(?:[^@/]*@)?([^/?]+)/i.exec(String(value));
    if (!m) return;
    for (const hostPort of m[1].split(",")) {
      const [, host, port] = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostPort) ?? [];
      const service = String(host).split(".")[0];
      if (!services.has(service)) error(`${what} names host ${host}, which is none of the cluster's services (${[...services.keys()].join(", ")})`);
      else if (Number(port ?? POSTGRES_PORT) !== services.get(service)) error(`${what} names port ${port} of ${service}, which listens on ${services.get(service)}`);
    }
  };

  for (const c of clusters) {
    const where = describe(c);
    const name = c.obj.metadata?.name;
    const spec = c.obj.spec ?? {};
    const instances = spec.instances;
    if (!Number.isInteger(instances) || instances < 3) error(`${where}: instances ${instances}: at least 3, a primary and two standbys, so that losing one standby neither stops writes nor leaves them unreplicated`);
    const sync = spec.postgresql?.synchronous;
    if (!isMap(sync)) {
      error(`${where}: no spec.postgresql.synchronous: with asynchronous standbys a failover can lose commits the service was told were durable`);
    } else {
      if (!["any", "first"].includes(sync.method)) error(`${where}: synchronous.method ${sync.method} is neither any (quorum) nor first (priority)`);
      // "required" stops acknowledging commits when fewer than number standbys answer: keep one standby to spare.
      const most = sync.dataDurability === "preferred" ? instances - 1 : instances - 2;
      if (!Number.isInteger(sync.number) || sync.number < 1 || sync.number > most) error(`${where}: synchronous.number ${sync.number} must be 1 to ${most} with ${instances} instances, so that one standby can be lost without stopping writes`);
    }
    const initdb = spec.bootstrap?.initdb;
    if (!initdb?.database || !initdb?.owner) error(`${where}: bootstrap.initdb needs database and owner: the operator's Secret ${name}-app holds the owner's credentials`);
    if (!spec.storage?.size && !spec.storage?.pvcTemplate) error(`${where}: storage.size is not set`);
    if (isMap(spec.backup?.barmanObjectStore)) error(`${where}: backup.barmanObjectStore, the in-tree Barman Cloud support deprecated since CloudNativePG 1.26; archive through the ${BARMAN_CLOUD_PLUGIN} plugin`);
    const plugin = asArray(spec.plugins).find((p) => p?.name === BARMAN_CLOUD_PLUGIN);
    if (!plugin) {
      error(`${where}: no ${BARMAN_CLOUD_PLUGIN} plugin: no WAL archive, so no physical backups and no point-in-time recovery`);
    } else {
      if (plugin.isWALArchiver !== true) error(`${where}: plugin ${BARMAN_CLOUD_PLUGIN} without isWALArchiver: true archives no WAL, so no point-in-time recovery`);
      if (!named(stores, plugin.parameters?.barmanObjectName)) error(`${where}: plugin parameter barmanObjectName ${plugin.parameters?.barmanObjectName} names no ObjectStore`);
    }
    if (!scheduled.some((s) => s.obj.spec?.cluster?.name === name)) error(`${where}: no ScheduledBackup for it: archived WAL restores nothing without a base backup`);
  }

  for (const s of scheduled) {
    const where = describe(s);
    const cluster = named(clusters, s.obj.spec?.cluster?.name);
    if (!cluster) error(`${where}: cluster.name ${s.obj.spec?.cluster?.name} names no Cluster`);
    if (s.obj.spec?.method !== "plugin" || s.obj.spec?.pluginConfiguration?.name !== BARMAN_CLOUD_PLUGIN) {
      error(`${where}: method ${s.obj.spec?.method}: back up with method plugin and pluginConfiguration.name ${BARMAN_CLOUD_PLUGIN}, the cluster's WAL archiver`);
    }
    if (String(s.obj.spec?.schedule ?? "").trim().split(/\s+/).length !== 6) error(`${where}: schedule ${JSON.stringify(s.obj.spec?.schedule)} must have six fields, seconds first`);
  }

  for (const p of poolers) {
    const where = describe(p);
    if (!named(clusters, p.obj.spec?.cluster?.name)) error(`${where}: cluster.name ${p.obj.spec?.cluster?.name} names no Cluster`);
    if (p.obj.spec?.pgbouncer?.poolMode !== "session") {
      error(`${where}: poolMode ${p.obj.spec?.pgbouncer?.poolMode}: transaction and statement pooling break the service (server-side prepared statements, Flyway's search_path; README "What the service needs from a pooler"); use session`);
    }
  }

  for (const st of stores) {
    const where = describe(st);
    const configuration = st.obj.spec?.configuration ?? {};
    const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(String(configuration.destinationPath ?? ""));
    const bucket = settings.BACKUP_S3_BUCKET;
    const prefix = settings.BACKUP_S3_PREFIX ?? "backups/";
    if (!m) {
      error(`${where}: destinationPath ${configuration.destinationPath} is not s3://bucket/prefix`);
    } else if (!bucket) {
      error(`${where}: the service's BACKUP_S3_BUCKET is not set: its offsite copies belong in the same store (${m[1]})`);
    } else if (m[1] !== bucket) {
      error(`${where}: bucket ${m[1]} is not BACKUP_S3_BUCKET ${bucket}, where the service's own offsite copies go`);
    } else if (m[2] === "" || m[2].startsWith(prefix) || prefix.startsWith(m[2])) {
      error(`${where}: ${configuration.destinationPath} overlaps the service's BACKUP_S3_PREFIX ${prefix}: give each its own prefix, so that neither lists or rotates the other's objects`);
    }
    if ((configuration.endpointURL ?? "") !== (settings.BACKUP_S3_ENDPOINT ?? "")) {
      error(`${where}: endpointURL ${configuration.endpointURL ?? "(AWS)"} is not the service's BACKUP_S3_ENDPOINT ${settings.BACKUP_S3_ENDPOINT ?? "(AWS)"}`);
    }
    const credentials = configuration.s3Credentials;
    if (!isMap(credentials)) {
      error(`${where}: no s3Credentials (keys from a Secret, or inheritFromIAMRole: true)`);
    } else if (credentials.inheritFromIAMRole !== true) {
      for (const [field, ref] of [["accessKeyId", credentials.accessKeyId], ["secretAccessKey", credentials.secretAccessKey]]) {
        const template = templates.find((t) => t.obj.metadata?.name === ref?.name);
        if (!template) error(`${where}: s3Credentials.${field} uses Secret ${ref?.name}, which has no template (a *.example.yaml beside it)`);
        else if (!secretEntries(template.obj).some(([key]) => key === ref.key)) error(`${where}: s3Credentials.${field}: Secret ${ref.name} has no key ${ref.key}`);
      }
    }
    if (!st.obj.spec?.retentionPolicy) error(`${where}: no retentionPolicy: base backups and WAL would pile up for ever`);
  }

  for (const d of deployments) {
    for (const c of asArray(podTemplateOf(d.obj)?.spec?.containers)) {
      const what = `${describe(d)} container ${c.name}: DATABASE_URL`;
      const e = asArray(c.env).find((x) => x.name === "DATABASE_URL");
      const ref = e?.valueFrom?.secretKeyRef;
      if (e?.value !== undefined) {
        checkUrl(what, e.value);
      } else if (!ref || !appSecrets.has(ref.name)) {
        error(`${what} comes from ${ref ? `Secret ${ref.name}` : "nowhere"}, not from the operator's ${[...appSecrets.keys()].join(" or ")}: the service would not follow the cluster's primary and credentials`);
      } else if (!CLUSTER_URL_KEYS.includes(ref.key)) {
        error(`${what}: key ${ref.key} of Secret ${ref.name} is not a URL (${CLUSTER_URL_KEYS.join(" or ")})`);
      }
    }
  }
  if (settings.DATASET_SANDBOX_DATABASE_URL) checkUrl("DATASET_SANDBOX_DATABASE_URL", settings.DATASET_SANDBOX_DATABASE_URL);
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
  ["dashboard query with a PromQL syntax error", "monitoring/dashboard.json", (f) => replaceText(f, "sum by (method, uri) (rate(", "sum by (method, uri) (rate(("), /PromQL syntax error/],
  ["dashboard bound to one Grafana's data source", "monitoring/dashboard.json", (f) => replaceText(f, '"uid": "${datasource}"', '"uid": "P1809F7CD0C75ACF3"'), /datasource is not the \$\{datasource\} variable/],
  ["dashboard query with an undefined variable", "monitoring/dashboard.json", (f) => replaceText(f, 'job=\\"$job\\"', 'job=\\"$service\\"'), /undefined variable \$service/],
  ["dashboard panel ids used twice", "monitoring/dashboard.json", (f) => replaceText(f, '"id": 3,', '"id": 2,'), /panel id 2 is used twice/],
  ["dashboard ConfigMap without the sidecar's label", "monitoring/kustomization.yaml", (f) => editYaml(f, (d) => d.deleteIn(["configMapGenerator", 0, "options", "labels"])), /no label grafana_dashboard/],
  ["alert with a PromQL syntax error", "monitoring/prometheusrule.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "groups", 0, "rules", 0, "expr"], "time() - max(academy_backup_last_success_timestamp_seconds > 26 * 3600")), /alert AcademyBackupMissing: PromQL syntax error/],
  ["ServiceMonitor on a port the Service lacks", "monitoring/servicemonitor.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "endpoints", 0, "port"], "metrics")), /endpoint 0 port metrics is not a named port of Service academy-api-metrics/],
  ["ServiceMonitor on the wrong path", "monitoring/servicemonitor.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "endpoints", 0, "path"], "/metrics")), /endpoint 0 path \/metrics is not \/q\/metrics/],
  ["NetworkPolicy shutting Prometheus out", "base/networkpolicy.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "ingress", 1])), /admits nobody to port 9000, which this ServiceMonitor scrapes/],
  ["ServiceMonitor selecting no Service", "monitoring/servicemonitor.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "selector", "matchLabels", "app.kubernetes.io/component"], "api-metrics")), /ServiceMonitor data-detective-academy: selector matches no Service/],
  ["metrics Service on the app port", "monitoring/metrics-service.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "ports", 0, "targetPort"], "http")), /reaches port 8080 of Deployment academy-api, not the management port 9000/],
  ["metrics Service with a virtual IP", "monitoring/metrics-service.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "clusterIP"])), /academy-api-metrics: port management reaches the management port 9000 through a virtual IP/],
  ["Ingress routing to the metrics Service", "overlays/example/ingress.yaml", (f) => editYaml(f, (d) => {
    d.setIn(["spec", "rules", 0, "http", "paths", 0, "backend", "service", "name"], "academy-api-metrics");
    d.setIn(["spec", "rules", 0, "http", "paths", 0, "backend", "service", "port", "name"], "management");
  }), /routes to Service academy-api-metrics, which reaches the management port 9000/],
  ["database cluster without synchronous replication", "overlays/cloudnative-pg/cluster.yaml", (f) => editYaml(f, (d) => d.deleteIn(["spec", "postgresql", "synchronous"])), /Cluster academy-db: no spec\.postgresql\.synchronous/],
  ["database cluster of one instance", "overlays/cloudnative-pg/cluster.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "instances"], 1)), /Cluster academy-db: instances 1: at least 3/],
  ["database cluster archiving no WAL", "overlays/cloudnative-pg/cluster.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "plugins", 0, "isWALArchiver"], false)), /without isWALArchiver: true/],
  ["pooler in transaction mode", "overlays/cloudnative-pg/pooler.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "pgbouncer", "poolMode"], "transaction")), /poolMode transaction: transaction and statement pooling break the service/],
  ["pooler of a cluster that does not exist", "overlays/cloudnative-pg/pooler.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "cluster", "name"], "academy-pg")), /Pooler academy-db-pooler-rw: cluster\.name academy-pg names no Cluster/],
  ["scheduled backup by the deprecated in-tree method", "overlays/cloudnative-pg/scheduledbackup.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "method"], "barmanObjectStore")), /method barmanObjectStore: back up with method plugin/],
  ["physical backups to another bucket", "overlays/cloudnative-pg/objectstore.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "configuration", "destinationPath"], "s3://academy-pg-backups/")), /bucket academy-pg-backups is not BACKUP_S3_BUCKET academy-backups/],
  ["physical backups among the service's own", "overlays/cloudnative-pg/objectstore.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "configuration", "destinationPath"], "s3://academy-backups/backups/cnpg/")), /overlaps the service's BACKUP_S3_PREFIX backups\//],
  ["backup credentials from a Secret without a template", "overlays/cloudnative-pg/objectstore.yaml", (f) => editYaml(f, (d) => d.setIn(["spec", "configuration", "s3Credentials", "accessKeyId", "name"], "aws-creds")), /s3Credentials\.accessKeyId uses Secret aws-creds, which has no template/],
  ["DATABASE_URL from a key of the operator's Secret that is no URL", "overlays/cloudnative-pg/database-url.json", (f) => replaceText(f, '"key": "uri"', '"key": "jdbc-uri"'), /key jdbc-uri of Secret academy-db-app is not a URL/],
  ["DATABASE_URL patch no longer matching the Deployment", "base/deployment.yaml", (f) => editYaml(f, (d) => d.getIn([...C0, "env"]).items.unshift(d.createNode({ name: "ENVIRONMENT", value: "production" }))), /patches: database-url\.json on Deployment academy-api: operation 0 \(test .*\): test fails/],
  ["DATABASE_URL left pointing at a hand-made database", "overlays/cloudnative-pg/kustomization.yaml", (f) => editYaml(f, (d) => d.deleteIn(["patches", 0])), /DATABASE_URL comes from Secret academy-secrets, not from the operator's academy-db-app/],
  ["a Job the DATABASE_URL patch no longer fits", "jobs/backup.yaml", (f) => editYaml(f, (d) => d.getIn([...C0, "env"]).items.unshift(d.createNode({ name: "ENVIRONMENT", value: "production" }))), /database-url\.json does not apply to Job academy-backup- .*test fails/],
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
  // --no-kubectl: each breakage must be caught by this file's own checks, on any machine. The copies are checked
  // as many at a time as there are cores, and reported in order.
  const runOn = (root) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, [SCRIPT, "--no-kubectl", root], { stdio: ["ignore", "pipe", "pipe"] });
      let output = "";
      child.stdout.on("data", (chunk) => (output += chunk));
      child.stderr.on("data", (chunk) => (output += chunk));
      const timer = setTimeout(() => child.kill(), 120000);
      child.on("close", (status) => {
        clearTimeout(timer);
        resolve({ status, output });
      });
    });
  let passed = 0;
  let failed = 0;
  try {
    copyTree(pristine);
    const baseline = await runOn(pristine);
    if (baseline.status === 0) {
      passed++;
      console.log("ok      unbroken copy passes");
    } else {
      failed++;
      console.log(`FAILED  unbroken copy does not pass (exit ${baseline.status}); the breakages below prove nothing:\n${baseline.output}`);
    }
    const check = async ([name, file, breakIt, expected], i) => {
      const root = path.join(work, `case-${i}`);
      copyTree(root);
      try {
        breakIt(path.join(root, K8S_DIR, file));
      } catch (e) {
        return { ok: false, text: `FAILED  ${name}: could not apply the breakage: ${e.message}` };
      }
      const run = await runOn(root);
      fs.rmSync(root, { recursive: true, force: true });
      const line = run.output.split("\n").find((l) => expected.test(l));
      if (run.status === 1 && line) return { ok: true, text: `caught  ${name}\n          ${line.trim().replace(/^- /, "")}` };
      return { ok: false, text: `MISSED  ${name} (${file}): exit ${run.status}, no line matching ${expected}\n${run.output.replace(/^/gm, "    ")}` };
    };
    const results = new Array(BREAKAGES.length);
    let next = 0;
    const worker = async () => {
      while (next < BREAKAGES.length) {
        const i = next++;
        results[i] = await check(BREAKAGES[i], i);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, os.availableParallelism()) }, worker));
    for (const r of results) {
      if (r.ok) passed++;
      else failed++;
      console.log(r.text);
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
