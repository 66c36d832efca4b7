import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageName, referencedPaths, renderKustomization } from './kustomize-renderer';
import { strategicMerge } from './strategic-merge';

describe('strategicMerge', () => {
  it('merges maps key by key and deletes keys set to null', () => {
    expect(strategicMerge({ a: 1, b: { c: 2, d: 3 }, e: 5 }, { b: { d: 4 }, e: null, f: 6 })).toEqual({
      a: 1,
      b: { c: 2, d: 4 },
      f: 6,
    });
  });

  it('merges lists of named items by name and appends new ones', () => {
    const base = { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] };
    const patch = { env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] };
    expect(strategicMerge(base, patch)).toEqual({
      env: [{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }],
    });
  });

  it('replaces lists without names', () => {
    expect(strategicMerge({ args: ['a', 'b'] }, { args: ['c'] })).toEqual({ args: ['c'] });
  });

  it('leaves both inputs untouched', () => {
    const base = { spec: { containers: [{ name: 'x', image: 'i:1' }] } };
    const patch = { spec: { containers: [{ name: 'x', image: 'i:2' }] } };
    const merged = strategicMerge(base, patch) as typeof base;
    merged.spec.containers[0].image = 'changed';
    expect(base.spec.containers[0].image).toBe('i:1');
    expect(patch.spec.containers[0].image).toBe('i:2');
  });
});

describe('imageName', () => {
  it.each([
    ['ghcr.io/mdi/gateway:0.1.0', 'ghcr.io/mdi/gateway'],
    ['registry.local:5000/mdi/gateway', 'registry.local:5000/mdi/gateway'],
    ['registry.local:5000/mdi/gateway:1.2', 'registry.local:5000/mdi/gateway'],
    [`ghcr.io/mdi/gateway@sha256:${'b'.repeat(64)}`, 'ghcr.io/mdi/gateway'],
  ])('%s -> %s', (image, name) => expect(imageName(image)).toBe(name));
});

describe('renderKustomization on small fixtures', () => {
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: web, image: "ghcr.io/x/web:1.0", env: [{name: A, value: "1"}]}
`;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'k8s-render-'));
    write('base/web.yaml', deployment);
    write('base/kustomization.yaml', 'resources: [web.yaml]\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('applies patches, replicas, images and namespace', () => {
    write('ov/patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: web, env: [{name: B, value: "2"}]}]}}}\n');
    write('ov/kustomization.yaml', [
      'namespace: test',
      'resources: [../base]',
      'patches: [{path: patch.yaml}]',
      'replicas: [{name: web, count: 4}]',
      'images: [{name: ghcr.io/x/web, newTag: "2.0"}]',
    ].join('\n'));
    const [web] = renderKustomization(join(root, 'ov'));
    expect(web.metadata.namespace).toBe('test');
    const spec = web['spec'] as { replicas: number; template: { spec: { containers: Array<{ image: string; env: unknown[] }> } } };
    expect(spec.replicas).toBe(4);
    expect(spec.template.spec.containers[0].image).toBe('ghcr.io/x/web:2.0');
    expect(spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
  });

  it('refuses a patch that matches nothing', () => {
    write('ov/patch.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec: {replicas: 1}\n');
    write('ov/kustomization.yaml', 'resources: [../base]\npatches: [{path: patch.yaml}]\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('patch Deployment/api matches no resource');
  });

  it('refuses an image override no container uses, and replicas for a missing Deployment', () => {
    write('ov/kustomization.yaml', 'resources: [../base]\nimages: [{name: ghcr.io/x/webb, newTag: "2"}]\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('images: ghcr.io/x/webb is used by no container');
    write('ov/kustomization.yaml', 'resources: [../base]\nreplicas: [{name: api, count: 2}]\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('replicas: no Deployment api');
  });

  it('refuses fields it does not implement rather than ignoring them', () => {
    write('ov/kustomization.yaml', 'resources: [../base]\nconfigMapGenerator: []\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('unsupported fields configMapGenerator');
  });

  it('reports referenced files that do not exist', () => {
    write('ov/kustomization.yaml', 'resources: [../base, missing.yaml]\npatches: [{path: nope.yaml}]\n');
    expect(referencedPaths(join(root, 'ov')).filter((r) => !r.exists).map((r) => r.path)).toEqual([
      join(root, 'ov', 'missing.yaml'),
      join(root, 'ov', 'nope.yaml'),
    ]);
    expect(() => renderKustomization(join(root, 'ov'))).toThrow(/missing.yaml does not exist/);
  });
});
