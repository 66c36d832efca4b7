import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
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
interface Generator {
  name: string;
  behavior?: 'create' | 'merge' | 'replace';
  envs?: string[];
  literals?: string[];
  type?: string;
  options?: { labels?: Record<string, string>; annotations?: Record<string, string>; disableNameSuffixHash?: boolean };
}
interface Kustomization {
  resources?: string[];
  configMapGenerator?: Generator[];
  secretGenerator?: Generator[];
  patches?: PatchRef[];
  images?: ImageOverride[];
  replicas?: Array<{ name: string; count: number }>;
  namespace?: string;
}

// Fields this renderer understands. Anything else in a kustomization is an error
// here, so the test never passes by ignoring a transformer it does not implement.
const SUPPORTED = new Set([
  'apiVersion',
  'kind',
  'resources',
  'patches',
  'images',
  'replicas',
  'namespace',
  'configMapGenerator',
  'secretGenerator',
]);
const GENERATOR_FIELDS = new Set(['name', 'behavior', 'envs', 'literals', 'type', 'options']);
const GENERATOR_OPTIONS = new Set(['labels', 'annotations', 'disableNameSuffixHash']);

/** Kinds that live outside any namespace: the namespace transformer leaves them alone. */
const CLUSTER_SCOPED = new Set(['Namespace']);

export interface RenderOptions {
  /**
   * Maps an env file a generator names to the file to read. The offline tests read
   * the committed `<file>.example` in place of a git-ignored secrets file.
   */
  envFile?: (path: string) => string;
}

/** ConfigMaps and Secrets made by a generator, whose names get the content hash suffix. */
const generated = new WeakSet<K8sObject>();
export const isGenerated = (obj: K8sObject): boolean => generated.has(obj);

export function readKustomization(dir: string): Kustomization {
  const data = loadYamlData(join(dir, 'kustomization.yaml'));
  const unsupported = Object.keys(data).filter((k) => !SUPPORTED.has(k));
  if (unsupported.length > 0) {
    throw new Error(`${dir}/kustomization.yaml: unsupported fields ${unsupported.join(', ')}`);
  }
  for (const g of [...asList(data['configMapGenerator']), ...asList(data['secretGenerator'])]) {
    const extra = [
      ...Object.keys(g).filter((k) => !GENERATOR_FIELDS.has(k)),
      ...Object.keys(isRecord(g['options']) ? g['options'] : {})
        .filter((k) => !GENERATOR_OPTIONS.has(k))
        .map((k) => `options.${k}`),
    ];
    if (extra.length > 0)
      throw new Error(
        `${dir}/kustomization.yaml: generator ${String(g['name'])}: unsupported fields ${extra.join(', ')}`,
      );
  }
  return data as Kustomization;
}

/** Every file or directory a kustomization names, resolved, with whether it exists. */
export function referencedPaths(dir: string): Array<{ path: string; exists: boolean }> {
  const k = readKustomization(dir);
  const envs = [...(k.configMapGenerator ?? []), ...(k.secretGenerator ?? [])].flatMap((g) => g.envs ?? []);
  const paths = [...(k.resources ?? []), ...(k.patches ?? []).map((p) => p.path), ...envs].map((p) => join(dir, p));
  return paths.map((path) => ({ path, exists: existsSync(path) }));
}

/**
 * Renders a kustomization directory the way `kubectl kustomize` would, for our subset:
 * generated ConfigMaps and Secrets get kustomize's content-hash name suffix and every
 * pod reference to them is renamed, so a changed value rolls the pods that read it.
 */
export function renderKustomization(dir: string, options: RenderOptions = {}): K8sObject[] {
  const objects = renderLayer(dir, options);
  const renames = new Map<string, string>();
  for (const o of objects) {
    if (!generated.has(o) || o.metadata.annotations?.[NO_HASH] === 'true') continue;
    if (o.metadata.annotations?.[NO_HASH]) delete o.metadata.annotations[NO_HASH];
    const hashed = `${o.metadata.name}-${nameHash(o)}`;
    renames.set(`${o.kind}/${o.metadata.name}`, hashed);
    o.metadata.name = hashed;
  }
  for (const o of objects) {
    if (o.metadata.annotations && Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
    renameReferences(o, renames);
  }
  return objects;
}

// Carries disableNameSuffixHash from a generator to the final naming step.
const NO_HASH = 'renderer.internal/no-hash';

function renderLayer(dir: string, options: RenderOptions): K8sObject[] {
  const k = readKustomization(dir);
  let objects = (k.resources ?? []).flatMap((r) => loadResource(join(dir, r), options));
  for (const g of k.configMapGenerator ?? []) objects = generate(objects, 'ConfigMap', g, dir, options);
  for (const g of k.secretGenerator ?? []) objects = generate(objects, 'Secret', g, dir, options);
  for (const ref of k.patches ?? []) {
    for (const patch of loadManifestFile(join(dir, ref.path))) {
      objects = applyPatch(objects, patch, ref.target);
    }
  }
  for (const r of k.replicas ?? []) setReplicas(objects, r.name, r.count);
  for (const image of k.images ?? []) overrideImage(objects, image);
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  return objects;
}

function loadResource(path: string, options: RenderOptions): K8sObject[] {
  if (!existsSync(path)) throw new Error(`resource ${path} does not exist`);
  if (statSync(path).isDirectory()) return renderLayer(path, options);
  return loadManifestFile(path).map((o) => structuredClone(o));
}

function asList(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** KEY=VALUE lines as kustomize reads an env file: blank lines and `#` comments skipped, the value verbatim. */
export function parseEnvFile(text: string, source: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').trimStart();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`${source}:${i + 1}: expected KEY=VALUE`);
    const key = line.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) throw new Error(`${source}:${i + 1}: ${key} is not a valid key`);
    out.push([key, line.slice(eq + 1)]);
  });
  return out;
}

function generatorData(g: Generator, dir: string, options: RenderOptions): Record<string, string> {
  const data: Record<string, string> = {};
  const add = ([key, value]: [string, string], source: string): void => {
    if (key in data) throw new Error(`${source}: key ${key} is set twice in generator ${g.name}`);
    data[key] = value;
  };
  for (const env of g.envs ?? []) {
    const named = join(dir, env);
    const path = options.envFile ? options.envFile(named) : named;
    if (!existsSync(path)) throw new Error(`generator ${g.name}: env file ${path} does not exist`);
    for (const kv of parseEnvFile(readFileSync(path, 'utf8'), path)) add(kv, path);
  }
  for (const literal of g.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq <= 0) throw new Error(`generator ${g.name}: literal ${literal} is not KEY=VALUE`);
    add([literal.slice(0, eq), literal.slice(eq + 1)], `${dir}/kustomization.yaml`);
  }
  return data;
}

/**
 * Base64 as kustomize writes a generated Secret's value: 70-character lines, each
 * ended by a newline once the encoding reaches 70 characters. The name hash covers
 * this text, so the suffix matches kustomize's only when the wrapping does too.
 */
export function kustomizeBase64(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64');
  if (encoded.length < 70) return encoded;
  return (encoded.match(/.{1,70}/g) ?? []).map((line) => `${line}\n`).join('');
}

function generate(
  objects: K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  g: Generator,
  dir: string,
  options: RenderOptions,
): K8sObject[] {
  const values = generatorData(g, dir, options);
  const data =
    kind === 'Secret' ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, kustomizeBase64(v)])) : values;
  const existing = objects.find((o) => o.kind === kind && o.metadata.name === g.name);
  const behavior = g.behavior ?? 'create';
  if (behavior === 'create' && existing)
    throw new Error(`generator ${kind}/${g.name}: already exists (use behavior merge or replace)`);
  if (behavior !== 'create' && !existing)
    throw new Error(`generator ${kind}/${g.name}: behavior ${behavior} but no such ${kind} to ${behavior}`);
  if (behavior !== 'create' && !generated.has(existing as K8sObject)) {
    // kustomize merges into it but then never adds the hash suffix, so pods would not roll
    throw new Error(
      `generator ${kind}/${g.name}: merges into a ${kind} that no generator made, so it would get no name hash`,
    );
  }
  const metadata: K8sObject['metadata'] = {
    ...(existing ? structuredClone(existing.metadata) : { name: g.name }),
  };
  if (g.options?.labels) metadata.labels = { ...metadata.labels, ...g.options.labels };
  const annotations = { ...metadata.annotations, ...g.options?.annotations };
  if (g.options?.disableNameSuffixHash) annotations[NO_HASH] = 'true';
  metadata.annotations = annotations;
  const merged = behavior === 'merge' ? { ...(existing?.['data'] as Record<string, string>), ...data } : data;
  const obj: K8sObject = { apiVersion: 'v1', kind, metadata, data: merged };
  if (kind === 'Secret') obj['type'] = g.type ?? (existing?.['type'] as string | undefined) ?? 'Opaque';
  generated.add(obj);
  return existing ? objects.map((o) => (o === existing ? obj : o)) : [...objects, obj];
}

/**
 * kustomize's name suffix: the first 10 hex digits of the SHA-256 of the JSON of
 * `{data, kind, name, type}` (Go's encoding: sorted keys, < > & escaped), with
 * 0 1 3 a e mapped to g h k m t. kustomize 5 hashes with an empty name; the suffixes
 * match `kubectl kustomize` (kustomize v5.5.0) output for the same data.
 */
export function nameHash(obj: K8sObject): string {
  const data = (obj['data'] ?? {}) as Record<string, string>;
  const doc: Record<string, unknown> =
    obj.kind === 'Secret'
      ? { data, kind: 'Secret', name: '', type: obj['type'] ?? '' }
      : { data, kind: obj.kind, name: '' };
  const hex = createHash('sha256').update(goJson(doc)).digest('hex');
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

function goJson(value: unknown): string {
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${goJson(k)}:${goJson(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Points every pod reference (env, envFrom, volumes) at the hashed names. */
function renameReferences(obj: K8sObject, renames: ReadonlyMap<string, string>): void {
  const pod = (obj['spec'] as { template?: { spec?: IPodSpec } } | undefined)?.template?.spec;
  if (!pod || renames.size === 0) return;
  const rename = (kind: string, name: string | undefined): string | undefined =>
    name === undefined ? undefined : (renames.get(`${kind}/${name}`) ?? name);
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    for (const e of c.env ?? []) {
      const cm = e.valueFrom?.configMapKeyRef;
      const sec = e.valueFrom?.secretKeyRef;
      if (cm) cm.name = rename('ConfigMap', cm.name);
      if (sec) sec.name = rename('Secret', sec.name);
    }
    for (const from of c.envFrom ?? []) {
      if (from.configMapRef) from.configMapRef.name = rename('ConfigMap', from.configMapRef.name);
      if (from.secretRef) from.secretRef.name = rename('Secret', from.secretRef.name);
    }
  }
  for (const v of pod.volumes ?? []) {
    if (v.configMap) v.configMap.name = rename('ConfigMap', v.configMap.name);
    if (v.secret) v.secret.secretName = rename('Secret', v.secret.secretName);
  }
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
    const pod = (obj['spec'] as { template?: { spec?: IPodSpec } } | undefined)?.template?.spec;
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
