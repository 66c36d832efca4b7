import { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { Finding, finding, K8sObject } from './manifest.types';

// Env names that hold credentials. DATABASE_URL/REDIS_URL carry a password in their
// userinfo, so any value shaped like scheme://user:pass@host counts as well.
const SECRET_NAME = /(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)/i;
const SECRET_URL_NAMES = new Set(['DATABASE_URL', 'REDIS_URL', 'ALERT_WEBHOOK_URL']);
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/@\s]*:[^/@\s]+@/i;

export function looksSecret(name: string, value?: string): boolean {
  return SECRET_NAME.test(name) || SECRET_URL_NAMES.has(name) || (value !== undefined && URL_WITH_PASSWORD.test(value));
}

/** A pinned reference: an explicit tag other than latest, or a digest. */
export function checkImage(obj: K8sObject, container: IContainer): Finding[] {
  const image = container.image ?? '';
  if (image === '') {
    return [finding(obj, `container ${container.name} has no image`)];
  }
  if (/@sha256:[0-9a-f]{64}$/.test(image)) {
    return [];
  }
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) {
    return [finding(obj, `container ${container.name} image ${image} has no tag (means latest)`)];
  }
  if (lastSegment.slice(colon + 1) === 'latest') {
    return [finding(obj, `container ${container.name} image ${image} uses :latest`)];
  }
  return [];
}

/** Pod and container hardening; a container setting overrides the pod's. `uid`: the UID it must run as. */
export function checkSecurity(obj: K8sObject, pod: IPodSpec, uid = 1000): Finding[] {
  const out: Finding[] = [];
  const podCtx = pod.securityContext ?? {};
  if (podCtx.seccompProfile?.type !== 'RuntimeDefault') {
    out.push(finding(obj, 'pod seccompProfile must be RuntimeDefault'));
  }
  if (pod.automountServiceAccountToken !== false) {
    out.push(finding(obj, 'pod must set automountServiceAccountToken: false'));
  }
  for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
    const ctx = c.securityContext ?? {};
    const at = `container ${c.name}`;
    if ((ctx.runAsNonRoot ?? podCtx.runAsNonRoot) !== true) out.push(finding(obj, `${at} must runAsNonRoot`));
    if ((ctx.runAsUser ?? podCtx.runAsUser) !== uid) out.push(finding(obj, `${at} must runAsUser ${uid}`));
    if (ctx.readOnlyRootFilesystem !== true) out.push(finding(obj, `${at} must have readOnlyRootFilesystem`));
    if (ctx.allowPrivilegeEscalation !== false) out.push(finding(obj, `${at} must disallow privilege escalation`));
    if (ctx.privileged === true) out.push(finding(obj, `${at} must not be privileged`));
    if (!(ctx.capabilities?.drop ?? []).includes('ALL')) out.push(finding(obj, `${at} must drop ALL capabilities`));
    if ((ctx.capabilities?.add ?? []).length > 0) out.push(finding(obj, `${at} must not add capabilities`));
    if (ctx.seccompProfile && ctx.seccompProfile.type !== 'RuntimeDefault') {
      out.push(finding(obj, `${at} overrides seccompProfile to ${ctx.seccompProfile.type}`));
    }
  }
  return out;
}

export function checkResources(obj: K8sObject, container: IContainer): Finding[] {
  const out: Finding[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const res of ['cpu', 'memory']) {
      if (container.resources?.[kind]?.[res] === undefined) {
        out.push(finding(obj, `container ${container.name} has no ${kind}.${res}`));
      }
    }
  }
  return out;
}

/** Credentials must come from a Secret, never from an inline value. */
export function checkEnvSecrets(obj: K8sObject, container: IContainer): Finding[] {
  const out: Finding[] = [];
  for (const env of container.env ?? []) {
    if (env.value !== undefined && looksSecret(env.name, env.value)) {
      out.push(finding(obj, `container ${container.name} env ${env.name} is inline; use a secretKeyRef`));
    }
    if (env.valueFrom?.configMapKeyRef && looksSecret(env.name)) {
      out.push(finding(obj, `container ${container.name} env ${env.name} comes from a ConfigMap; use a Secret`));
    }
  }
  return out;
}

/** Non-secret settings only: a ConfigMap holding a credential is a leak. */
export function checkConfigMapData(obj: K8sObject): Finding[] {
  const data = (obj['data'] ?? {}) as Record<string, string>;
  return Object.entries(data)
    .filter(([key, value]) => looksSecret(key, value))
    .map(([key]) => finding(obj, `ConfigMap key ${key} looks like a credential; put it in the Secret`));
}
