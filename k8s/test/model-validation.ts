import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { describe, Finding, finding, K8sObject } from './manifest.types';
import { unknownFields } from './unknown-fields';

interface Validatable {
  validate(): void;
}

// Only the kinds we ship are known; anything else is reported rather than
// silently accepted, so a typo in apiVersion or kind cannot slip through.
const MODELS: Record<string, (obj: K8sObject) => Validatable> = {
  'v1/Namespace': (o) => new Namespace(o as never),
  'v1/ConfigMap': (o) => new ConfigMap(o as never),
  'v1/Secret': (o) => new Secret(o as never),
  'v1/Service': (o) => new Service(o as never),
  'v1/ServiceAccount': (o) => new ServiceAccount(o as never),
  'apps/v1/Deployment': (o) => new Deployment(o as never),
  'apps/v1/StatefulSet': (o) => new StatefulSet(o as never),
  'batch/v1/Job': (o) => new Job(o as never),
  'policy/v1/PodDisruptionBudget': (o) => new PodDisruptionBudget(o as never),
  'networking.k8s.io/v1/NetworkPolicy': (o) => new NetworkPolicy(o as never),
};

const kind = (obj: K8sObject): string => `${obj.apiVersion}/${obj.kind}`;

/**
 * A Secret's data as the API server decodes it: Go's base64 decoder skips line
 * breaks, and kustomize writes long values in 70-character lines, which the schema's
 * "byte" format alone would refuse.
 */
function unwrapSecretData(obj: K8sObject): K8sObject {
  const data = obj['data'] as Record<string, unknown> | undefined;
  if (!data) return obj;
  const unwrapped = Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/[\r\n]/g, '') : v]),
  );
  return { ...obj, data: unwrapped };
}

/**
 * Validates an object against the Kubernetes OpenAPI schema of its apiVersion/kind:
 * types and formats, and every field name (a misspelled `readinessprobe:` is named
 * by its path, where the API server would drop it or refuse it).
 */
export function validateModel(obj: K8sObject): Finding[] {
  const build = MODELS[`${obj.apiVersion}/${obj.kind}`];
  if (!build) {
    return [finding(obj, `unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`)];
  }
  const model = build(kind(obj) === 'v1/Secret' ? unwrapSecretData(obj) : obj);
  const out = unknownFields(obj, (data) => model.validate.call(data)).map((path) =>
    finding(obj, `unknown field ${path}`),
  );
  try {
    model.validate();
  } catch (error) {
    out.push({ where: describe(obj), problem: `schema: ${(error as Error).message}` });
  }
  return out;
}
