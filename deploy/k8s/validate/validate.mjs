// Validates rendered Kubernetes manifests offline (`kubectl kustomize … | node validate.mjs`, or a file as argument;
// `--json <file>` also writes the objects there as a JSON array, for tests that read them).
// Kubernetes' own kinds and KEDA's are checked by kubernetes-models; the operators' kinds (CloudNativePG, RabbitMQ) against
// the openAPIV3Schema of their CustomResourceDefinitions, vendored in crds/ from the operators' releases, with unknown
// fields refused as the API server's strict field validation refuses them. Exits 1 and says why on the first bad object.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { validate as validateObjectMeta } from "@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args.splice(jsonAt, 2)[1] : undefined;
const input = readFileSync(args[0] ?? 0, "utf8");

// Where each API group's models are; a group not listed has no schema here, and its objects are refused.
const modelPackages = {
  "": "kubernetes-models/v1",
  apps: "kubernetes-models/apps",
  batch: "kubernetes-models/batch",
  policy: "kubernetes-models/policy",
  autoscaling: "kubernetes-models/autoscaling",
  "networking.k8s.io": "kubernetes-models/networking.k8s.io",
  "rbac.authorization.k8s.io": "kubernetes-models/rbac.authorization.k8s.io",
  "keda.sh": "@kubernetes-models/keda/keda.sh",
};

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const crdSchemas = new Map();
for (const file of readdirSync(path.join(here, "crds")).filter((name) => name.endsWith(".yaml"))) {
  for (const document of parseAllDocuments(readFileSync(path.join(here, "crds", file), "utf8"))) {
    const crd = document.toJS();
    if (crd?.kind !== "CustomResourceDefinition") continue;
    for (const version of crd.spec.versions) {
      const schema = strict(structuredClone(version.schema.openAPIV3Schema));
      crdSchemas.set(`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`, ajv.compile(schema));
    }
  }
}

// An object schema that names its properties accepts no others, unless it says it keeps unknown fields.
function strict(schema) {
  if (!schema || typeof schema !== "object") return schema;
  if (schema.format && !ajv.formats[schema.format]) ajv.addFormat(schema.format, true);
  if (schema.properties && schema.additionalProperties === undefined && !schema["x-kubernetes-preserve-unknown-fields"])
    schema.additionalProperties = false;
  for (const value of Object.values(schema.properties ?? {})) strict(value);
  if (schema.items) strict(schema.items);
  if (typeof schema.additionalProperties === "object") strict(schema.additionalProperties);
  for (const key of ["allOf", "anyOf", "oneOf"]) for (const part of schema[key] ?? []) strict(part);
  return schema;
}

const said = (errors) => errors.map((error) => `${error.instancePath || "/"} ${error.message}${error.params?.additionalProperty ? `: ${error.params.additionalProperty}` : ""}`).join("; ");

const counts = new Map();
const objects = [];
let failures = 0;
for (const document of parseAllDocuments(input)) {
  if (document.errors.length > 0) {
    console.error(`not YAML: ${document.errors.map((error) => error.message).join("; ")}`);
    failures++;
    continue;
  }
  const object = document.toJS();
  if (object === null) continue;
  objects.push(object);
  const name = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
  const [group, version] = object.apiVersion?.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  try {
    const crd = crdSchemas.get(`${group}/${version}/${object.kind}`);
    if (crd) {
      if (!validateObjectMeta(object.metadata ?? {})) throw new Error(`metadata: ${said(validateObjectMeta.errors)}`);
      if (!crd(object)) throw new Error(said(crd.errors));
    } else if (group in modelPackages) {
      const models = await import(group === "" ? modelPackages[group] : `${modelPackages[group]}/${version}`);
      const Model = models[object.kind];
      if (!Model) throw new Error(`no model for ${object.kind} in ${object.apiVersion}`);
      new Model(object).validate();
    } else {
      throw new Error(`no schema for ${object.apiVersion} here (add its CRD to crds/ or its models to package.json)`);
    }
    counts.set(object.kind, (counts.get(object.kind) ?? 0) + 1);
  } catch (error) {
    console.error(`${name}: ${error.message}`);
    failures++;
  }
}

if (jsonFile) writeFileSync(jsonFile, JSON.stringify(objects));
const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
console.log(`${total} objects valid: ${[...counts].map(([kind, count]) => `${count} ${kind}`).join(", ")}`);
if (failures > 0 || total === 0) {
  console.error(failures > 0 ? `${failures} objects invalid` : "no objects to validate");
  process.exit(1);
}
