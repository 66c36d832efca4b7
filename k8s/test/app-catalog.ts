import { join } from 'node:path';

/** The services and their ports (shared/DESIGN.md); the manifests must agree. */
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

export const CONFIG_FILE = join(BASE_DIR, 'config.yaml');
export const SECRET_TEMPLATE_FILE = join(BASE_DIR, 'secrets.example.yaml');
export const appFile = (app: string): string => join(BASE_DIR, `${app}.yaml`);
