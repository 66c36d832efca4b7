import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { IJob } from 'kubernetes-models/batch/v1';
import { IDeployment } from 'kubernetes-models/apps/v1';
import {
  APPS,
  appFile,
  BASE_DIR,
  SECRET_TEMPLATE_FILE,
  baseConfigMap,
  MIGRATION_JOB,
  RELEASE_VERSION,
} from './app-catalog';
import { renderKustomization, referencedPaths } from './kustomize-renderer';
import { loadManifestFile } from './manifest-loader';
import { validateModel } from './model-validation';
import { keyCatalog } from './reference-policy';
import { checkManifestSet, formatFindings } from './system-policy';

const secretTemplate = loadManifestFile(SECRET_TEMPLATE_FILE);
const secretKeys = keyCatalog(secretTemplate, 'Secret');
const configMap = baseConfigMap();
const yamlFiles = readdirSync(BASE_DIR).filter((f) => f.endsWith('.yaml'));
const manifestFiles = yamlFiles.filter((f) => f !== 'kustomization.yaml');

describe('base manifests', () => {
  it.each(manifestFiles)('%s parses and every object passes the Kubernetes schema', (file) => {
    const objects = loadManifestFile(join(BASE_DIR, file));
    expect(objects.length).toBeGreaterThan(0);
    expect(formatFindings(objects.flatMap(validateModel))).toEqual([]);
  });

  it('kustomization.yaml names only files that exist: every manifest except the secret template, and config.env', () => {
    const referenced = referencedPaths(BASE_DIR);
    expect(referenced.filter((r) => !r.exists)).toEqual([]);
    const names = referenced.map((r) => r.path.slice(BASE_DIR.length + 1)).sort();
    const expected = [...manifestFiles.filter((f) => f !== 'secrets.example.yaml'), 'config.env'].sort();
    expect(names).toEqual(expected);
  });

  it('the whole base passes every policy, its ConfigMap generated with a name hash every reference follows', () => {
    const objects = renderKustomization(BASE_DIR);
    const configMaps = objects.filter((o) => o.kind === 'ConfigMap').map((o) => o.metadata.name);
    expect(configMaps).toEqual([expect.stringMatching(/^mdi-config-[a-z0-9]{10}$/)]);
    expect(formatFindings(checkManifestSet(objects, secretKeys))).toEqual([]);
    expect(
      objects
        .filter((o) => o.kind === 'Deployment')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(APPS.map((a) => a.name).sort());
  });

  describe.each(APPS.map((a) => [a.name, a.port] as const))('%s.yaml on its own', (app, port) => {
    const objects = loadManifestFile(appFile(app));

    it('holds its ServiceAccount, Deployment, Service, PodDisruptionBudget and NetworkPolicy', () => {
      const kinds = objects
        .filter((o) => o.metadata.name === app)
        .map((o) => o.kind)
        .sort();
      expect(kinds).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    });

    it('passes every policy with only the ConfigMap and Secret beside it', () => {
      expect(formatFindings(checkManifestSet([...objects, ...configMap], secretKeys))).toEqual([]);
    });

    it(`pins ghcr.io/mdi/${app} and listens on ${port}`, () => {
      const dep = objects.find((o) => o.kind === 'Deployment') as unknown as IDeployment;
      const container = dep.spec?.template.spec?.containers[0];
      expect(container?.image).toBe(`ghcr.io/mdi/${app}:${RELEASE_VERSION}`);
      expect(container?.ports).toEqual([{ name: 'http', containerPort: port, protocol: 'TCP' }]);
      expect(dep.spec?.replicas).toBe(2);
    });
  });

  it('the gateway points at each service by its Service name and port', () => {
    const all = renderKustomization(BASE_DIR);
    const gateway = all.find((o) => o.kind === 'Deployment' && o.metadata.name === 'gateway') as unknown as IDeployment;
    const env = gateway.spec?.template.spec?.containers[0].env ?? [];
    const urls = Object.fromEntries(
      env
        .filter(
          (e) => e.name.endsWith('_SERVICE_URL') || e.name.endsWith('_INGESTOR_URL') || e.name.endsWith('_MONITOR_URL'),
        )
        .map((e) => [e.name, e.value]),
    );
    expect(urls).toEqual({
      POLYGON_INGESTOR_URL: 'http://polygon-ingestor:3001',
      ALPACA_MONITOR_URL: 'http://alpaca-monitor:3002',
      QUALITY_SERVICE_URL: 'http://quality-service:3003',
    });
    for (const value of Object.values(urls)) {
      const url = new URL(String(value));
      const svc = all.find((o) => o.kind === 'Service' && o.metadata.name === url.hostname);
      expect((svc?.['spec'] as { ports: Array<{ port: number }> }).ports[0].port).toBe(Number(url.port));
    }
  });

  it('gives INTERNAL_API_TOKEN (required) from the Secret to the services with write endpoints and the gateway, and to no other', () => {
    const all = renderKustomization(BASE_DIR);
    const holders = all
      .filter((o) => o.kind === 'Deployment')
      .flatMap((o) => {
        const env = (o as unknown as IDeployment).spec?.template.spec?.containers[0].env ?? [];
        const token = env.find((e) => e.name === 'INTERNAL_API_TOKEN');
        return token ? [[o.metadata.name, token.valueFrom?.secretKeyRef]] : [];
      });
    const reference = { name: 'mdi-secrets', key: 'INTERNAL_API_TOKEN' };
    expect(Object.fromEntries(holders)).toEqual({
      gateway: reference,
      'polygon-ingestor': reference,
      'quality-service': reference,
    });
    expect(secretKeys.get('mdi-secrets')?.has('INTERNAL_API_TOKEN')).toBe(true);
  });

  it('the migration Job runs the storage migrations once, with only DATABASE_URL from the Secret', () => {
    const job = loadManifestFile(join(BASE_DIR, 'migrate-job.yaml')).find((o) => o.kind === 'Job') as unknown as IJob;
    const container = job.spec?.template.spec?.containers[0];
    expect(container?.image).toBe(`ghcr.io/mdi/migrate:${RELEASE_VERSION}`);
    // the version in its name: a new release's Job never collides with the last one
    expect(job.metadata?.name).toBe(MIGRATION_JOB);
    expect(MIGRATION_JOB).toMatch(/^mdi-migrate-\d+-\d+-\d+/);
    expect(container?.command).toEqual(['node', '/app/migrate.js']);
    expect(container?.env?.map((e) => [e.name, e.valueFrom?.secretKeyRef?.key])).toEqual([
      ['DATABASE_URL', 'DATABASE_URL'],
    ]);
    expect(job.spec?.backoffLimit).toBeGreaterThan(0);
    expect(job.spec?.ttlSecondsAfterFinished).toBeGreaterThan(0);
  });

  it('the secret template holds placeholders only', () => {
    const data = secretTemplate[0]['stringData'] as Record<string, string>;
    expect(Object.keys(data).length).toBeGreaterThan(0);
    for (const value of Object.values(data)) expect(value).toContain('CHANGE_ME');
  });

  it('every setting of the shared design that is not a credential is in the ConfigMap', () => {
    const keys = [...(keyCatalog(configMap, 'ConfigMap').get('mdi-config') ?? [])];
    expect(keys).toEqual(
      expect.arrayContaining([
        'POLYGON_BASE_URL',
        'POLYGON_RATE_LIMIT_PER_MINUTE',
        'ALPACA_BASE_URL',
        'ALPACA_UPDATE_INTERVAL',
        'DATA_INGESTION_ACTIVE_SYMBOLS',
        'DATA_INGESTION_CACHE_TTL',
        'DATA_INGESTION_MAX_RETRIES',
        'ENABLE_HISTORICAL_BACKFILL',
        'ENABLE_REALTIME_TRADING',
        'DATA_QUALITY_CHECK_INTERVAL',
        'MAX_MISSING_DATA_THRESHOLD',
        'ANOMALY_DETECTION_ENABLED',
        'LOG_LEVEL',
      ]),
    );
  });
});
