import { IDeployment } from 'kubernetes-models/apps/v1';
import { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { IPodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { IPodSpec, IService, IServiceAccount } from 'kubernetes-models/v1';
import { Finding, finding, K8sObject } from './manifest.types';
import { isDependency, resolvePort } from './workload-policy';

/** Names of ConfigMaps/Secrets mapped to the keys they hold. */
export type KeyCatalog = ReadonlyMap<string, ReadonlySet<string>>;

export function keyCatalog(objects: K8sObject[], kind: 'ConfigMap' | 'Secret'): KeyCatalog {
  const out = new Map<string, Set<string>>();
  for (const o of objects.filter((x) => x.kind === kind)) {
    const data = { ...((o['data'] as object) ?? {}), ...((o['stringData'] as object) ?? {}) };
    out.set(o.metadata.name, new Set(Object.keys(data)));
  }
  return out;
}

/** A selector matches when every one of its labels is on the target (and it is not empty). */
export function selects(
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const entries = Object.entries(selector ?? {});
  return entries.length > 0 && entries.every(([k, v]) => labels?.[k] === v);
}

const byKind = <T>(objects: K8sObject[], kind: string): Array<{ obj: K8sObject; spec: T }> =>
  objects.filter((o) => o.kind === kind).map((o) => ({ obj: o, spec: o as unknown as T }));

function podSpecs(objects: K8sObject[]): Array<{ obj: K8sObject; pod: IPodSpec }> {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job')
    .map((o) => ({ obj: o, pod: (o as unknown as IDeployment).spec?.template.spec as IPodSpec }))
    .filter((x) => x.pod !== undefined);
}

/** Every configMapKeyRef/secretKeyRef/envFrom names a ConfigMap/Secret (and key) that exists. */
export function checkConfigReferences(objects: K8sObject[], configs: KeyCatalog, secrets: KeyCatalog): Finding[] {
  const out: Finding[] = [];
  const check = (obj: K8sObject, kind: string, catalog: KeyCatalog, name: string | undefined, key?: string): void => {
    const keys = catalog.get(name ?? '');
    if (!keys) out.push(finding(obj, `references ${kind} ${String(name)} which does not exist`));
    else if (key !== undefined && !keys.has(key))
      out.push(finding(obj, `references ${kind} ${name} key ${key} which does not exist`));
  };
  for (const { obj, pod } of podSpecs(objects)) {
    for (const c of [...(pod.initContainers ?? []), ...pod.containers]) {
      for (const e of c.env ?? []) {
        const cm = e.valueFrom?.configMapKeyRef;
        const sec = e.valueFrom?.secretKeyRef;
        // an optional key may be absent (the pod starts without the variable)
        if (cm && !cm.optional) check(obj, 'ConfigMap', configs, cm.name, cm.key);
        if (sec && !sec.optional) check(obj, 'Secret', secrets, sec.name, sec.key);
      }
      for (const from of c.envFrom ?? []) {
        if (from.configMapRef) check(obj, 'ConfigMap', configs, from.configMapRef.name);
        if (from.secretRef) check(obj, 'Secret', secrets, from.secretRef.name);
      }
    }
  }
  return out;
}

/** Each ClusterIP Service selects exactly one workload; an app's Service targets its http port. */
export function checkServices(objects: K8sObject[], appPorts: ReadonlyMap<string, number>): Finding[] {
  const out: Finding[] = [];
  const deployments = [...byKind<IDeployment>(objects, 'Deployment'), ...byKind<IDeployment>(objects, 'StatefulSet')];
  for (const { obj, spec: svc } of byKind<IService>(objects, 'Service')) {
    if ((svc.spec?.type ?? 'ClusterIP') !== 'ClusterIP') out.push(finding(obj, 'must be type ClusterIP'));
    const targets = deployments.filter((d) => selects(svc.spec?.selector, d.spec.spec?.template.metadata?.labels));
    if (targets.length !== 1) {
      out.push(finding(obj, `selector matches ${targets.length} Deployments, expected exactly 1`));
      continue;
    }
    if (isDependency(targets[0].obj)) continue;
    const container = targets[0].spec.spec?.template.spec?.containers[0];
    const appPort = appPorts.get(obj.metadata.name);
    for (const p of svc.spec?.ports ?? []) {
      if (p.name !== 'http') out.push(finding(obj, `port ${p.port} must be named http`));
      const target = container ? resolvePort(container, p.targetPort ?? p.port) : undefined;
      if (target === undefined || target !== resolvePort(container as never, 'http')) {
        out.push(finding(obj, `targetPort ${String(p.targetPort)} is not the container's http port`));
      }
      if (appPort !== undefined && p.port !== appPort)
        out.push(finding(obj, `port ${p.port} is not the app's port ${appPort}`));
    }
  }
  return out;
}

/** Pods run under their own ServiceAccount, which exists and mounts no token. */
export function checkServiceAccounts(objects: K8sObject[]): Finding[] {
  const accounts = new Map(
    byKind<IServiceAccount>(objects, 'ServiceAccount').map((a) => [a.obj.metadata.name, a.spec]),
  );
  const out: Finding[] = [];
  for (const { obj, pod } of podSpecs(objects)) {
    const sa = accounts.get(pod.serviceAccountName ?? '');
    if (!sa) out.push(finding(obj, `ServiceAccount ${String(pod.serviceAccountName)} is not defined alongside`));
    else if (sa.automountServiceAccountToken !== false) {
      out.push(finding(obj, `ServiceAccount ${pod.serviceAccountName} must set automountServiceAccountToken: false`));
    }
  }
  return out;
}

/** Every service Deployment is covered by a PodDisruptionBudget (the dev overlay's single-pod dependencies are not). */
export function checkDisruptionBudgets(objects: K8sObject[]): Finding[] {
  const pdbs = byKind<IPodDisruptionBudget>(objects, 'PodDisruptionBudget');
  return byKind<IDeployment>(objects, 'Deployment')
    .filter((d) => !isDependency(d.obj))
    .filter(
      (d) => !pdbs.some((p) => selects(p.spec.spec?.selector?.matchLabels, d.spec.spec?.template.metadata?.labels)),
    )
    .map((d) => finding(d.obj, 'has no PodDisruptionBudget'));
}

const MONITORING = 'monitoring';
const isMonitoring = (peer: {
  podSelector?: unknown;
  ipBlock?: unknown;
  namespaceSelector?: { matchLabels?: Record<string, string> };
}): boolean =>
  !peer.podSelector &&
  !peer.ipBlock &&
  peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === MONITORING;

/**
 * Only the gateway (and Prometheus from the namespace monitoring) may reach a service's
 * port; the gateway itself is the entry point. Every service can reach PostgreSQL
 * (5432) and Redis (6379). A dev dependency has a policy restricting its ingress.
 */
export function checkNetworkPolicies(
  objects: K8sObject[],
  gateway: string,
  appPorts: ReadonlyMap<string, number>,
): Finding[] {
  const out: Finding[] = [];
  const policies = byKind<INetworkPolicy>(objects, 'NetworkPolicy');
  const workloads = [...byKind<IDeployment>(objects, 'Deployment'), ...byKind<IDeployment>(objects, 'StatefulSet')];
  for (const { obj, spec: dep } of workloads) {
    const labels = dep.spec?.template.metadata?.labels;
    const own = policies.filter((p) => selects(p.spec.spec?.podSelector.matchLabels, labels));
    if (isDependency(obj)) {
      const restricted = own.some(
        (p) =>
          p.spec.spec?.policyTypes?.includes('Ingress') &&
          (p.spec.spec.ingress ?? []).every((r) => (r.from ?? []).length > 0),
      );
      if (!restricted) out.push(finding(obj, 'no NetworkPolicy restricts its ingress to named peers'));
      continue;
    }
    const ingressRules = own.flatMap((p) => p.spec.spec?.ingress ?? []);
    const egressPorts = own.flatMap((p) =>
      (p.spec.spec?.egress ?? []).flatMap((r) => r.ports ?? []).map((x) => x.port),
    );
    if (!own.some((p) => p.spec.spec?.policyTypes?.includes('Ingress')))
      out.push(finding(obj, 'no NetworkPolicy restricts its ingress'));
    for (const port of [5432, 6379]) {
      if (!egressPorts.includes(port)) out.push(finding(obj, `NetworkPolicy egress does not allow port ${port}`));
    }
    const port = appPorts.get(obj.metadata.name);
    const allowsPort = (ports: Array<{ port?: number | string }> | undefined): boolean =>
      (ports ?? []).some((x) => x.port === port);
    if (!ingressRules.some((r) => allowsPort(r.ports)))
      out.push(finding(obj, `NetworkPolicy ingress never opens port ${String(port)}`));
    if (obj.metadata.name === gateway) continue;
    const scraped = ingressRules.some((r) => (r.from ?? []).some(isMonitoring) && allowsPort(r.ports));
    if (!scraped)
      out.push(
        finding(obj, `NetworkPolicy ingress does not admit the ${MONITORING} namespace on port ${String(port)}`),
      );
    for (const rule of ingressRules) {
      const peers = rule.from ?? [];
      const onlyGateway =
        peers.length > 0 &&
        peers.every(
          (peer) =>
            isMonitoring(peer) ||
            (!peer.ipBlock &&
              !peer.namespaceSelector &&
              peer.podSelector?.matchLabels?.['app.kubernetes.io/name'] === gateway),
        );
      if (!onlyGateway)
        out.push(finding(obj, 'NetworkPolicy ingress admits peers other than the gateway and monitoring'));
      if (!rule.ports || rule.ports.some((x) => x.port !== port)) {
        out.push(finding(obj, `NetworkPolicy ingress must be limited to port ${String(port)}`));
      }
    }
  }
  return out;
}
