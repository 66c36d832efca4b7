import { IDeployment } from 'kubernetes-models/apps/v1';
import { IContainer } from 'kubernetes-models/v1';
import { APPS, BASE_DIR, OVERLAYS, overlayDir, SECRET_TEMPLATE_FILE } from './app-catalog';
import { referencedPaths, renderKustomization } from './kustomize-renderer';
import { loadManifestFile } from './manifest-loader';
import { K8sObject } from './manifest.types';
import { keyCatalog } from './reference-policy';
import { checkManifestSet, formatFindings } from './system-policy';

const secretKeys = keyCatalog(loadManifestFile(SECRET_TEMPLATE_FILE), 'Secret');
const deployment = (objects: K8sObject[], name: string): IDeployment =>
  objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name) as unknown as IDeployment;
const container = (objects: K8sObject[], name: string): IContainer =>
  deployment(objects, name).spec?.template.spec?.containers[0] as IContainer;
const memoryMi = (q: string | number | undefined): number => {
  const m = /^(\d+)(Mi|Gi)$/.exec(String(q));
  if (!m) throw new Error(`unexpected memory quantity ${String(q)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

describe.each(OVERLAYS.map((o) => [o]))('overlay %s', (overlay) => {
  const dir = overlayDir(overlay);
  const rendered = renderKustomization(dir);

  it('names only files that exist', () => {
    expect(referencedPaths(dir).filter((r) => !r.exists)).toEqual([]);
  });

  it('renders to objects that pass the schema and every policy', () => {
    expect(rendered.length).toBe(renderKustomization(BASE_DIR).length);
    expect(formatFindings(checkManifestSet(rendered, secretKeys))).toEqual([]);
  });

  it(`puts everything in namespace mdi-${overlay}`, () => {
    expect(new Set(rendered.map((o) => o.metadata.namespace))).toEqual(new Set([`mdi-${overlay}`]));
  });

  it('the migration step (selected by component label, see README) brings everything its Job needs', () => {
    const step = rendered.filter((o) => ['config', 'migration'].includes(o.metadata.labels?.['app.kubernetes.io/component'] ?? ''));
    expect(step.map((o) => o.kind).sort()).toEqual(['ConfigMap', 'Job', 'NetworkPolicy', 'ServiceAccount']);
    expect(formatFindings(checkManifestSet(step, secretKeys))).toEqual([]);
  });

  it('keeps several replicas of every service', () => {
    for (const app of APPS) expect(deployment(rendered, app.name).spec?.replicas).toBeGreaterThanOrEqual(2);
  });
});

describe('overlay values', () => {
  const dev = renderKustomization(overlayDir('dev'));
  const prod = renderKustomization(overlayDir('prod'));
  const base = renderKustomization(BASE_DIR);

  it('dev runs release candidates with debug logs and without live trading', () => {
    for (const app of APPS) expect(container(dev, app.name).image).toBe(`ghcr.io/mdi/${app.name}:0.2.0-rc.1`);
    const job = dev.find((o) => o.kind === 'Job') as unknown as { spec: { template: { spec: { containers: IContainer[] } } } };
    expect(job.spec.template.spec.containers[0].image).toBe('ghcr.io/mdi/migrate:0.2.0-rc.1');
    const data = dev.find((o) => o.kind === 'ConfigMap')?.['data'] as Record<string, string>;
    expect(data['LOG_LEVEL']).toBe('debug');
    expect(data['ENABLE_REALTIME_TRADING']).toBe('false');
    // keys the patch does not name survive the merge
    expect(data['POLYGON_RATE_LIMIT_PER_MINUTE']).toBe('4');
  });

  it('prod runs three replicas of released images with more memory than base', () => {
    for (const app of APPS) {
      expect(deployment(prod, app.name).spec?.replicas).toBe(3);
      expect(container(prod, app.name).image).toBe(`ghcr.io/mdi/${app.name}:0.1.0`);
      const prodMem = memoryMi(container(prod, app.name).resources?.limits?.['memory']);
      expect(prodMem).toBeGreaterThan(memoryMi(container(base, app.name).resources?.limits?.['memory']));
    }
  });

  it('a resources patch leaves the rest of the container (probes, env, security) intact', () => {
    const before = container(base, 'quality-service');
    const after = container(prod, 'quality-service');
    expect(after.readinessProbe).toEqual(before.readinessProbe);
    expect(after.env).toEqual(before.env);
    expect(after.securityContext).toEqual(before.securityContext);
    expect(after.resources?.requests).toEqual({ cpu: '500m', memory: '512Mi' });
  });
});
