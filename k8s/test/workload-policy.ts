import { IDeployment } from 'kubernetes-models/apps/v1';
import { IJob } from 'kubernetes-models/batch/v1';
import { IContainer, IProbe } from 'kubernetes-models/v1';
import { Finding, finding, K8sObject } from './manifest.types';
import { checkEnvSecrets, checkImage, checkResources, checkSecurity } from './pod-policy';

/** Components that are not our services: the dev overlay's database, cache and provider simulator. */
export const DEPENDENCY_COMPONENTS = new Set(['database', 'cache', 'simulator']);
export const isDependency = (obj: K8sObject): boolean =>
  DEPENDENCY_COMPONENTS.has(obj.metadata.labels?.['app.kubernetes.io/component'] ?? '');

const LIVE_PATH = '/health/live';
const READY_PATH = '/health/ready';

/** Resolves a probe or Service port (number or port name) against a container. */
export function resolvePort(container: IContainer, port: number | string | undefined): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function checkProbe(obj: K8sObject, c: IContainer, label: string, probe: IProbe | undefined, path: string): Finding[] {
  if (!probe) return [finding(obj, `container ${c.name} has no ${label}`)];
  const get = probe.httpGet;
  if (!get) return [finding(obj, `container ${c.name} ${label} is not an HTTP check`)];
  const out: Finding[] = [];
  if (get.path !== path) out.push(finding(obj, `container ${c.name} ${label} checks ${get.path}, expected ${path}`));
  const port = resolvePort(c, get.port);
  const http = resolvePort(c, 'http');
  if (port === undefined || port !== http) {
    out.push(finding(obj, `container ${c.name} ${label} port ${String(get.port)} is not the http port`));
  }
  return out;
}

/**
 * A service Deployment: pinned image, hardened pod, resources, secrets by reference,
 * liveness and readiness on their distinct endpoints, and the app's port everywhere.
 */
export function checkDeployment(obj: K8sObject, expectedPort: number | undefined): Finding[] {
  const dep = obj as unknown as IDeployment;
  const pod = dep.spec?.template.spec;
  if (!pod) return [finding(obj, 'has no pod template spec')];
  const out: Finding[] = [...checkSecurity(obj, pod)];
  if (expectedPort === undefined) out.push(finding(obj, 'is not one of the known apps'));
  if ((dep.spec?.replicas ?? 1) < 2) out.push(finding(obj, 'needs at least 2 replicas'));
  if (!pod.serviceAccountName) out.push(finding(obj, 'has no serviceAccountName'));

  const selector = dep.spec?.selector.matchLabels ?? {};
  const labels = dep.spec?.template.metadata?.labels ?? {};
  if (Object.keys(selector).length === 0) out.push(finding(obj, 'has an empty selector'));
  for (const [k, v] of Object.entries(selector)) {
    if (labels[k] !== v) out.push(finding(obj, `selector ${k}=${v} does not match the pod labels`));
  }

  for (const c of pod.containers) {
    out.push(...checkImage(obj, c), ...checkResources(obj, c), ...checkEnvSecrets(obj, c));
    out.push(...checkProbe(obj, c, 'livenessProbe', c.livenessProbe, LIVE_PATH));
    out.push(...checkProbe(obj, c, 'readinessProbe', c.readinessProbe, READY_PATH));
    if (!c.startupProbe) out.push(finding(obj, `container ${c.name} has no startupProbe`));
    const http = resolvePort(c, 'http');
    if (http === undefined) out.push(finding(obj, `container ${c.name} has no port named http`));
    else if (expectedPort !== undefined && http !== expectedPort) {
      out.push(finding(obj, `container ${c.name} listens on ${http}, the app's port is ${expectedPort}`));
    }
    const portEnv = c.env?.find((e) => e.name === 'PORT')?.value;
    if (http !== undefined && portEnv !== String(http)) {
      out.push(finding(obj, `container ${c.name} env PORT=${String(portEnv)} differs from containerPort ${http}`));
    }
  }
  return out;
}

/** The migration Job: one-off, bounded retries, cleaned up, same hardening as the services. */
export function checkMigrationJob(obj: K8sObject): Finding[] {
  const job = obj as unknown as IJob;
  const pod = job.spec?.template.spec;
  if (!pod) return [finding(obj, 'has no pod template spec')];
  const out: Finding[] = [...checkSecurity(obj, pod)];
  if (job.spec?.backoffLimit === undefined) out.push(finding(obj, 'has no backoffLimit'));
  if (job.spec?.ttlSecondsAfterFinished === undefined) out.push(finding(obj, 'has no ttlSecondsAfterFinished'));
  if (pod.restartPolicy !== 'Never' && pod.restartPolicy !== 'OnFailure') {
    out.push(finding(obj, 'restartPolicy must be Never or OnFailure'));
  }
  for (const c of pod.containers) {
    out.push(...checkImage(obj, c), ...checkResources(obj, c), ...checkEnvSecrets(obj, c));
  }
  return out;
}

/**
 * A dev dependency (PostgreSQL, Redis, the simulator): pinned image, resources, probes
 * and the same hardening, under the UID its image runs as (the simulator is ours: 1000).
 */
export function checkDependency(obj: K8sObject): Finding[] {
  const pod = (obj as unknown as IDeployment).spec?.template.spec;
  if (!pod) return [finding(obj, 'has no pod template spec')];
  const uid = pod.securityContext?.runAsUser;
  const out: Finding[] = [...checkSecurity(obj, pod, uid === undefined ? 1000 : uid)];
  if (uid === undefined || uid === 0) out.push(finding(obj, 'pod must set a non-root runAsUser'));
  if (!pod.serviceAccountName) out.push(finding(obj, 'has no serviceAccountName'));
  for (const c of pod.containers) {
    out.push(...checkImage(obj, c), ...checkResources(obj, c), ...checkEnvSecrets(obj, c));
    if (!c.readinessProbe) out.push(finding(obj, `container ${c.name} has no readinessProbe`));
    if (!c.livenessProbe) out.push(finding(obj, `container ${c.name} has no livenessProbe`));
  }
  return out;
}

/** Prometheus finds each service's /metrics on its http port through the pod annotations. */
export function checkScrapeAnnotations(obj: K8sObject): Finding[] {
  const dep = obj as unknown as IDeployment;
  const annotations = dep.spec?.template.metadata?.annotations ?? {};
  const container = dep.spec?.template.spec?.containers[0];
  const http = container ? resolvePort(container, 'http') : undefined;
  const out: Finding[] = [];
  if (annotations['prometheus.io/scrape'] !== 'true')
    out.push(finding(obj, 'pod template lacks prometheus.io/scrape: "true"'));
  if (annotations['prometheus.io/path'] !== '/metrics')
    out.push(finding(obj, 'pod template prometheus.io/path is not /metrics'));
  if (annotations['prometheus.io/port'] !== String(http)) {
    out.push(
      finding(
        obj,
        `pod template prometheus.io/port ${String(annotations['prometheus.io/port'])} is not the http port ${String(http)}`,
      ),
    );
  }
  return out;
}
