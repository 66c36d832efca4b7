import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IPodSpec } from 'kubernetes-models/v1';
import { isRecord, loadManifestFile, loadYamlData } from './manifest-loader';
import { K8sObject } from './manifest.types';
import { strategicMerge } from './strategic-merge';

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}
interface PatchRef {
  path: string;
  target?: { kind?: string; name?: string };
}
interface Kustomization {
  resources?: string[];
  patches?: PatchRef[];
  images?: ImageOverride[];
  replicas?: Array<{ name: string; count: number }>;
  namespace?: string;
}

// Fields this renderer understands. Anything else in a kustomization is an error
// here, so the test never passes by ignoring a transformer it does not implement.
const SUPPORTED = new Set(['apiVersion', 'kind', 'resources', 'patches', 'images', 'replicas', 'namespace']);

export function readKustomization(dir: string): Kustomization {
  const data = loadYamlData(join(dir, 'kustomization.yaml'));
  const unsupported = Object.keys(data).filter((k) => !SUPPORTED.has(k));
  if (unsupported.length > 0) {
    throw new Error(`${dir}/kustomization.yaml: unsupported fields ${unsupported.join(', ')}`);
  }
  return data as Kustomization;
}

/** Every file or directory a kustomization names, resolved, with whether it exists. */
export function referencedPaths(dir: string): Array<{ path: string; exists: boolean }> {
  const k = readKustomization(dir);
  const paths = [...(k.resources ?? []), ...(k.patches ?? []).map((p) => p.path)].map((p) => join(dir, p));
  return paths.map((path) => ({ path, exists: existsSync(path) }));
}

/** Renders a kustomization directory the way `kubectl kustomize` would, for our subset. */
export function renderKustomization(dir: string): K8sObject[] {
  const k = readKustomization(dir);
  let objects = (k.resources ?? []).flatMap((r) => loadResource(join(dir, r)));
  for (const ref of k.patches ?? []) {
    for (const patch of loadManifestFile(join(dir, ref.path))) {
      objects = applyPatch(objects, patch, ref.target);
    }
  }
  for (const r of k.replicas ?? []) setReplicas(objects, r.name, r.count);
  for (const image of k.images ?? []) overrideImage(objects, image);
  if (k.namespace) for (const o of objects) o.metadata.namespace = k.namespace;
  return objects;
}

function loadResource(path: string): K8sObject[] {
  if (!existsSync(path)) throw new Error(`resource ${path} does not exist`);
  if (statSync(path).isDirectory()) return renderKustomization(path);
  return loadManifestFile(path).map((o) => structuredClone(o));
}

function applyPatch(objects: K8sObject[], patch: K8sObject, target?: PatchRef['target']): K8sObject[] {
  const kind = target?.kind ?? patch.kind;
  const name = target?.name ?? patch.metadata.name;
  let matched = false;
  const out = objects.map((o) => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    matched = true;
    const { metadata, ...rest } = patch;
    const merged = strategicMerge(o, { ...rest, metadata: { ...metadata, name: o.metadata.name } });
    return merged as K8sObject;
  });
  if (!matched) throw new Error(`patch ${kind}/${name} matches no resource`);
  return out;
}

function setReplicas(objects: K8sObject[], name: string, count: number): void {
  const target = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name);
  if (!target || !isRecord(target['spec'])) throw new Error(`replicas: no Deployment ${name}`);
  target['spec']['replicas'] = count;
}

/** Image name without tag or digest (a registry port's colon is not a tag). */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0];
  const slash = noDigest.lastIndexOf('/');
  const colon = noDigest.lastIndexOf(':');
  return colon > slash ? noDigest.slice(0, colon) : noDigest;
}

function overrideImage(objects: K8sObject[], o: ImageOverride): void {
  let used = false;
  for (const obj of objects) {
    const pod = ((obj['spec'] as { template?: { spec?: IPodSpec } } | undefined)?.template?.spec);
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      if (!c.image || imageName(c.image) !== o.name) continue;
      used = true;
      const name = o.newName ?? o.name;
      const keptRef = c.image.slice(imageName(c.image).length); // ':tag', '@digest' or ''
      c.image = o.digest ? `${name}@${o.digest}` : o.newTag ? `${name}:${o.newTag}` : `${name}${keptRef}`;
    }
  }
  // kustomize ignores an unused override; we refuse it, since it is almost always a typo.
  if (!used) throw new Error(`images: ${o.name} is used by no container`);
}
