import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvFile } from './kustomize-renderer';
import { K8sObject } from './manifest.types';

/** The services and their ports (docs/ARCHITECTURE.md, Services); the manifests must agree. */
export const APPS = [
  { name: 'gateway', port: 3000 },
  { name: 'polygon-ingestor', port: 3001 },
  { name: 'alpaca-monitor', port: 3002 },
  { name: 'quality-service', port: 3003 },
] as const;

export const APP_PORTS: ReadonlyMap<string, number> = new Map(APPS.map((a) => [a.name, a.port]));

export const K8S_ROOT = join(__dirname, '..');
export const BASE_DIR = join(K8S_ROOT, 'base');
export const OVERLAYS = ['dev', 'prod'] as const;
export const overlayDir = (name: string): string => join(K8S_ROOT, 'overlays', name);

export const CONFIG_ENV = join(BASE_DIR, 'config.env');

/** The ConfigMap mdi-config as base's configMapGenerator makes it, before the name hash (for one app file alone). */
export function baseConfigMap(): K8sObject[] {
  const data = Object.fromEntries(parseEnvFile(readFileSync(CONFIG_ENV, 'utf8'), CONFIG_ENV));
  const labels = { 'app.kubernetes.io/component': 'config', 'app.kubernetes.io/part-of': 'mdi' };
  return [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'mdi-config', labels }, data }];
}

/** The release version: the root package.json's, which names every image tag and the migration Job. */
export const RELEASE_VERSION: string = (
  JSON.parse(readFileSync(join(K8S_ROOT, '..', 'package.json'), 'utf8')) as { version: string }
).version;
export const MIGRATION_JOB = `mdi-migrate-${RELEASE_VERSION.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
/** Images built by `npm run images` (scripts/images.sh) and referenced by the manifests. */
export const IMAGE_REGISTRY = 'ghcr.io/mdi';
export const IMAGES = [
  'gateway',
  'polygon-ingestor',
  'alpaca-monitor',
  'quality-service',
  'migrate',
  'provider-sim',
] as const;

/** Env files of the overlays are git-ignored; the tests render with the committed `.example`. */
export const withExampleEnv = (path: string): string => (path.endsWith('secrets.env') ? `${path}.example` : path);
export const SECRET_TEMPLATE_FILE = join(BASE_DIR, 'secrets.example.yaml');
export const appFile = (app: string): string => join(BASE_DIR, `${app}.yaml`);
