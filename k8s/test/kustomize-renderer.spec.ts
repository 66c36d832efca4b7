import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IContainer } from 'kubernetes-models/v1';
import { imageName, kustomizeBase64, parseEnvFile, referencedPaths, renderKustomization } from './kustomize-renderer';
import { K8sObject } from './manifest.types';
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
    const base = {
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '2' },
      ],
    };
    const patch = {
      env: [
        { name: 'B', value: '3' },
        { name: 'C', value: '4' },
      ],
    };
    expect(strategicMerge(base, patch)).toEqual({
      env: [
        { name: 'A', value: '1' },
        { name: 'B', value: '3' },
        { name: 'C', value: '4' },
      ],
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
    write(
      'ov/patch.yaml',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {template: {spec: {containers: [{name: web, env: [{name: B, value: "2"}]}]}}}\n',
    );
    write(
      'ov/kustomization.yaml',
      [
        'namespace: test',
        'resources: [../base]',
        'patches: [{path: patch.yaml}]',
        'replicas: [{name: web, count: 4}]',
        'images: [{name: ghcr.io/x/web, newTag: "2.0"}]',
      ].join('\n'),
    );
    const [web] = renderKustomization(join(root, 'ov'));
    expect(web.metadata.namespace).toBe('test');
    const spec = web['spec'] as {
      replicas: number;
      template: { spec: { containers: Array<{ image: string; env: unknown[] }> } };
    };
    expect(spec.replicas).toBe(4);
    expect(spec.template.spec.containers[0].image).toBe('ghcr.io/x/web:2.0');
    expect(spec.template.spec.containers[0].env).toEqual([
      { name: 'A', value: '1' },
      { name: 'B', value: '2' },
    ]);
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
    write('ov/kustomization.yaml', 'resources: [../base]\ncommonLabels: {a: b}\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('unsupported fields commonLabels');
    write('ov/kustomization.yaml', 'resources: [../base]\nconfigMapGenerator: [{name: c, files: [x.txt]}]\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('generator c: unsupported fields files');
  });

  it('generates a ConfigMap and a Secret with name hashes, and renames every reference to them', () => {
    write(
      'base/web.yaml',
      deployment.replace(
        'env: [{name: A, value: "1"}]',
        'envFrom: [{configMapRef: {name: cfg}}], env: [{name: T, valueFrom: {secretKeyRef: {name: sec, key: T}}}]',
      ),
    );
    write('base/cfg.env', '# comment\n\nA=1\nB=2 "q" é\n');
    write(
      'base/kustomization.yaml',
      'resources: [web.yaml]\nconfigMapGenerator: [{name: cfg, envs: [cfg.env], options: {labels: {x: y}}}]\n',
    );
    write('ov/cfg.env', 'B=3\nC=4 & <x>\n');
    write('ov/sec.env', 'T=abc\n');
    write(
      'ov/kustomization.yaml',
      [
        'namespace: test',
        'resources: [../base, ns.yaml]',
        'configMapGenerator: [{name: cfg, behavior: merge, envs: [cfg.env]}]',
        'secretGenerator: [{name: sec, envs: [sec.env]}]',
      ].join('\n'),
    );
    write('ov/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: test}\n');
    const base = renderKustomization(join(root, 'base'));
    // the suffixes are the ones `kubectl kustomize` (kustomize v5.5.0) gives for these files
    expect(base.find((o) => o.kind === 'ConfigMap')?.metadata).toEqual({ name: 'cfg-gmfdb4c2hf', labels: { x: 'y' } });
    const objects = renderKustomization(join(root, 'ov'));
    const cm = objects.find((o) => o.kind === 'ConfigMap') as K8sObject;
    const secret = objects.find((o) => o.kind === 'Secret') as K8sObject;
    expect(cm.metadata.name).toBe('cfg-h76ktfdbt9');
    expect(cm['data']).toEqual({ A: '1', B: '3', C: '4 & <x>' });
    expect(secret).toMatchObject({
      metadata: { name: 'sec-698g6h29bm', namespace: 'test' },
      type: 'Opaque',
      data: { T: 'YWJj' },
    });
    const container = (
      objects.find((o) => o.kind === 'Deployment')?.['spec'] as { template: { spec: { containers: IContainer[] } } }
    ).template.spec.containers[0];
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'cfg-h76ktfdbt9' } }]);
    expect(container.env?.[0].valueFrom?.secretKeyRef).toEqual({ name: 'sec-698g6h29bm', key: 'T' });
    // a Namespace is cluster-scoped: the namespace transformer leaves it alone
    expect(objects.find((o) => o.kind === 'Namespace')?.metadata).toEqual({ name: 'test' });
  });

  it('a changed value changes the name, so the pods that read it roll', () => {
    write('base/cfg.env', 'A=1\n');
    write('base/kustomization.yaml', 'resources: [web.yaml]\nconfigMapGenerator: [{name: cfg, envs: [cfg.env]}]\n');
    const before = renderKustomization(join(root, 'base')).find((o) => o.kind === 'ConfigMap')?.metadata.name;
    write('base/cfg.env', 'A=2\n');
    const after = renderKustomization(join(root, 'base')).find((o) => o.kind === 'ConfigMap')?.metadata.name;
    expect(before).toMatch(/^cfg-/);
    expect(after).toMatch(/^cfg-/);
    expect(after).not.toBe(before);
  });

  it('wraps long Secret values at 70 characters as kustomize does', () => {
    expect(kustomizeBase64('short')).toBe('c2hvcnQ=');
    const long = kustomizeBase64('x'.repeat(60));
    expect(long.split('\n').map((l) => l.length)).toEqual([70, 10, 0]);
    expect(Buffer.from(long.replace(/\n/g, ''), 'base64').toString()).toBe('x'.repeat(60));
  });

  it('refuses a merge into a ConfigMap no generator made (kustomize would add no hash), and env files that do not exist', () => {
    write('base/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {A: "1"}\n');
    write('base/kustomization.yaml', 'resources: [web.yaml, cm.yaml]\n');
    write('ov/cfg.env', 'A=2\n');
    write(
      'ov/kustomization.yaml',
      'resources: [../base]\nconfigMapGenerator: [{name: cfg, behavior: merge, envs: [cfg.env]}]\n',
    );
    expect(() => renderKustomization(join(root, 'ov'))).toThrow('merges into a ConfigMap that no generator made');
    write('ov/kustomization.yaml', 'resources: [../base]\nsecretGenerator: [{name: s, envs: [missing.env]}]\n');
    expect(() => renderKustomization(join(root, 'ov'))).toThrow(/env file .*missing.env does not exist/);
    expect(
      renderKustomization(join(root, 'ov'), { envFile: () => join(root, 'ov/cfg.env') }).find(
        (o) => o.kind === 'Secret',
      )?.metadata.name,
    ).toMatch(/^s-/);
  });

  it('reads env files as kustomize does and names a bad line', () => {
    expect(parseEnvFile('# c\n\n  A=1\nB=x=y\nC=\n', 'f')).toEqual([
      ['A', '1'],
      ['B', 'x=y'],
      ['C', ''],
    ]);
    expect(() => parseEnvFile('A=1\nnot a pair\n', 'f.env')).toThrow('f.env:2: expected KEY=VALUE');
  });

  it('reports referenced files that do not exist', () => {
    write('ov/kustomization.yaml', 'resources: [../base, missing.yaml]\npatches: [{path: nope.yaml}]\n');
    expect(
      referencedPaths(join(root, 'ov'))
        .filter((r) => !r.exists)
        .map((r) => r.path),
    ).toEqual([join(root, 'ov', 'missing.yaml'), join(root, 'ov', 'nope.yaml')]);
    expect(() => renderKustomization(join(root, 'ov'))).toThrow(/missing.yaml does not exist/);
  });
});
