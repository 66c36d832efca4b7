import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDeployment } from 'kubernetes-models/apps/v1';
import { IContainer } from 'kubernetes-models/v1';
import {
  APPS,
  BASE_DIR,
  IMAGE_REGISTRY,
  IMAGES,
  MIGRATION_JOB,
  OVERLAYS,
  overlayDir,
  RELEASE_VERSION,
  withExampleEnv,
} from './app-catalog';
import { imageName, parseEnvFile, readKustomization, referencedPaths, renderKustomization } from './kustomize-renderer';
import { K8sObject } from './manifest.types';
import { keyCatalog } from './reference-policy';
import { checkManifestSet, formatFindings } from './system-policy';

const render = (overlay: string): K8sObject[] => renderKustomization(overlayDir(overlay), { envFile: withExampleEnv });
const deployment = (objects: K8sObject[], name: string): IDeployment =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as IDeployment;
const container = (objects: K8sObject[], name: string): IContainer =>
  deployment(objects, name).spec?.template.spec?.containers[0] as IContainer;
const memoryMi = (q: string | number | undefined): number => {
  const m = /^(\d+)(Mi|Gi)$/.exec(String(q));
  if (!m) throw new Error(`unexpected memory quantity ${String(q)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};
const podImages = (objects: K8sObject[]): string[] =>
  objects.flatMap((o) =>
    (
      (o['spec'] as { template?: { spec?: { containers: IContainer[] } } } | undefined)?.template?.spec?.containers ??
      []
    ).map((c) => String(c.image)),
  );
const configData = (objects: K8sObject[]): Record<string, string> =>
  objects.find((o) => o.kind === 'ConfigMap')?.['data'] as Record<string, string>;
const secretData = (objects: K8sObject[]): Record<string, string> =>
  Object.fromEntries(
    Object.entries(objects.find((o) => o.kind === 'Secret')?.['data'] as Record<string, string>).map(([k, v]) => [
      k,
      Buffer.from(v, 'base64').toString(),
    ]),
  );

describe.each(OVERLAYS.map((o) => [o]))('overlay %s', (overlay) => {
  const dir = overlayDir(overlay);
  const rendered = render(overlay);
  const secrets = keyCatalog(rendered, 'Secret');

  it('names only files that exist (secrets.env is git-ignored: its .example stands in)', () => {
    expect(
      referencedPaths(dir)
        .filter((r) => !r.exists)
        .map((r) => r.path),
    ).toEqual([join(dir, 'secrets.env')]);
    expect(readFileSync(join(dir, '..', '..', '.gitignore'), 'utf8')).toContain('overlays/*/secrets.env');
  });

  it('renders to objects that pass the schema and every policy', () => {
    expect(formatFindings(checkManifestSet(rendered, secrets))).toEqual([]);
  });

  it(`brings its Namespace and puts everything in mdi-${overlay}`, () => {
    const ns = rendered.filter((o) => o.kind === 'Namespace');
    expect(ns.map((o) => o.metadata.name)).toEqual([`mdi-${overlay}`]);
    expect(new Set(rendered.filter((o) => o.kind !== 'Namespace').map((o) => o.metadata.namespace))).toEqual(
      new Set([`mdi-${overlay}`]),
    );
  });

  it('generates the ConfigMap and the Secret with name hashes that every pod reference follows', () => {
    const generated = rendered
      .filter((o) => o.kind === 'ConfigMap' || o.kind === 'Secret')
      .map((o) => o.metadata.name)
      .sort();
    expect(generated).toEqual([
      expect.stringMatching(/^mdi-config-[a-z0-9]{10}$/),
      expect.stringMatching(/^mdi-secrets-[a-z0-9]{10}$/),
    ]);
    const refs = JSON.stringify(rendered.filter((o) => o.kind !== 'ConfigMap' && o.kind !== 'Secret'));
    expect(refs).not.toMatch(/"name":"mdi-(config|secrets)"/);
    const kustomization = readKustomization(dir);
    expect(kustomization.secretGenerator?.map((g) => g.envs)).toEqual([['secrets.env']]);
  });

  it('the Secret example holds every key a pod reads, with values the services accept', () => {
    const data = secretData(rendered);
    expect(data['DATABASE_URL']).toMatch(/^postgres(ql)?:\/\/\S+$/);
    expect(new URL(data['DATABASE_URL']).pathname.length).toBeGreaterThan(1);
    expect(data['REDIS_URL']).toMatch(/^rediss?:\/\/\S+$/);
    for (const token of ['INTERNAL_API_TOKEN', 'GATEWAY_ADMIN_TOKEN'])
      expect(data[token].length).toBeGreaterThanOrEqual(16);
    expect(data['INTERNAL_API_TOKEN']).not.toBe(data['GATEWAY_ADMIN_TOKEN']);
    for (const key of ['POLYGON_API_KEY', 'ALPACA_API_KEY', 'ALPACA_SECRET_KEY']) expect(data[key]).toMatch(/^\S+$/);
  });

  it('every image of ours is one of IMAGES, tagged with the package version; the migration Job is named after it', () => {
    const ours = podImages(rendered).filter((i) => i.startsWith(`${IMAGE_REGISTRY}/`));
    expect(ours.length).toBeGreaterThanOrEqual(5);
    for (const image of ours) {
      expect(image).toBe(`${imageName(image)}:${RELEASE_VERSION}`);
      expect(IMAGES).toContain(imageName(image).slice(IMAGE_REGISTRY.length + 1));
    }
    // npm run images builds every one of them
    const script = readFileSync(join(BASE_DIR, '..', '..', 'scripts', 'images.sh'), 'utf8');
    for (const name of IMAGES) expect(script).toMatch(new RegExp(`^  "${name} dist/`, 'm'));
    expect(script).toContain(`REGISTRY=\${IMAGE_REGISTRY:-${IMAGE_REGISTRY}}`);
    expect(rendered.filter((o) => o.kind === 'Job').map((o) => o.metadata.name)).toEqual([MIGRATION_JOB]);
  });

  it('the migration step (selected by component label, see README) brings everything its Job needs', () => {
    const step = rendered.filter((o) =>
      ['config', 'migration'].includes(o.metadata.labels?.['app.kubernetes.io/component'] ?? ''),
    );
    expect(step.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Job', 'NetworkPolicy', 'Secret', 'ServiceAccount']);
    expect(formatFindings(checkManifestSet(step, secrets))).toEqual([]);
  });

  it('keeps several replicas of every service', () => {
    for (const app of APPS) expect(deployment(rendered, app.name).spec?.replicas).toBeGreaterThanOrEqual(2);
  });
});

describe('overlay values', () => {
  const dev = render('dev');
  const prod = render('prod');
  const base = renderKustomization(BASE_DIR);

  it('dev is a working system: in-cluster PostgreSQL and Redis with volumes, the simulator, services pointed at them', () => {
    const sets = dev.filter((o) => o.kind === 'StatefulSet') as unknown as Array<{
      metadata: { name: string };
      spec: { volumeClaimTemplates: unknown[]; template: { spec: { containers: IContainer[] } } };
    }>;
    expect(Object.fromEntries(sets.map((s) => [s.metadata.name, s.spec.template.spec.containers[0].image]))).toEqual({
      postgres: 'postgres:15',
      redis: 'redis:7',
    });
    for (const s of sets) expect(s.spec.volumeClaimTemplates).toHaveLength(1);
    expect(container(dev, 'provider-sim').image).toBe(`${IMAGE_REGISTRY}/provider-sim:${RELEASE_VERSION}`);
    const config = configData(dev);
    expect(config['POLYGON_BASE_URL']).toBe('http://provider-sim:4010');
    expect(config['ALPACA_BASE_URL']).toBe('http://provider-sim:4010');
    expect(config['LOG_LEVEL']).toBe('debug');
    // keys the overlay does not name survive the merge
    expect(config['POLYGON_RATE_LIMIT_PER_MINUTE']).toBe('4');
    const secret = secretData(dev);
    const db = new URL(secret['DATABASE_URL']);
    expect([db.hostname, db.port, decodeURIComponent(db.password)]).toEqual([
      'postgres',
      '5432',
      secret['POSTGRES_PASSWORD'],
    ]);
    expect(new URL(secret['REDIS_URL']).hostname).toBe('redis');
    for (const name of ['postgres', 'redis', 'provider-sim'])
      expect(dev.some((o) => o.kind === 'Service' && o.metadata.name === name)).toBe(true);
    const sim = parseEnvFile(readFileSync(withExampleEnv(join(overlayDir('dev'), 'secrets.env')), 'utf8'), 'dev');
    expect(Object.fromEntries(sim).POLYGON_API_KEY).toBe('sim-polygon-key');
  });

  it('prod points at managed PostgreSQL and Redis and the real providers, and ships no database', () => {
    expect(prod.filter((o) => o.kind === 'StatefulSet')).toEqual([]);
    const config = configData(prod);
    expect(config['POLYGON_BASE_URL']).toBe('https://api.polygon.io');
    expect(config['ALPACA_BASE_URL']).toBe('https://paper-api.alpaca.markets');
    const secret = secretData(prod);
    expect(new URL(secret['DATABASE_URL']).hostname).not.toBe('postgres');
    expect(new URL(secret['REDIS_URL']).hostname).not.toBe('redis');
  });

  it('prod runs three replicas with more memory than base', () => {
    for (const app of APPS) {
      expect(deployment(prod, app.name).spec?.replicas).toBe(3);
      const prodMem = memoryMi(container(prod, app.name).resources?.limits?.['memory']);
      expect(prodMem).toBeGreaterThan(memoryMi(container(base, app.name).resources?.limits?.['memory']));
    }
  });

  // The quality-service's memory against its batch size: quality-memory.spec.ts.

  it('a resources patch leaves the rest of the container (probes, env, security) intact', () => {
    const before = container(base, 'quality-service');
    const after = container(prod, 'quality-service');
    expect(after.readinessProbe).toEqual(before.readinessProbe);
    expect(after.securityContext).toEqual(before.securityContext);
    expect(after.env?.map((e) => e.name)).toEqual(before.env?.map((e) => e.name));
    expect(after.resources?.requests).toEqual({ cpu: '500m', memory: '768Mi' });
  });
});
