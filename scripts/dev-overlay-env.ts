/**
 * Prints, for the container test, how the rendered dev overlay runs each pod of
 * ours: one JSON line per Deployment and the migration Job with its image, its
 * port, its memory limit, its UID and its environment as the kubelet would give
 * it (envFrom the ConfigMap, secretKeyRef/configMapKeyRef resolved against the
 * Secret generated from secrets.env.example, literal values). Optional keys that
 * are absent are left out, as the kubelet does.
 */
import type { IContainer, IPodSpec } from 'kubernetes-models/v1';
import { overlayDir, withExampleEnv } from '../k8s/test/app-catalog';
import { renderKustomization } from '../k8s/test/kustomize-renderer';

const objects = renderKustomization(overlayDir('dev'), { envFile: withExampleEnv });
const data = (kind: string, name: string | undefined): Record<string, string> => {
  const obj = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!obj) throw new Error(`dev overlay: no ${kind} ${String(name)}`);
  const raw = (obj['data'] ?? {}) as Record<string, string>;
  if (kind !== 'Secret') return raw;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Buffer.from(v.replace(/\n/g, ''), 'base64').toString()]),
  );
};

function environment(c: IContainer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const from of c.envFrom ?? []) {
    if (from.configMapRef) Object.assign(env, data('ConfigMap', from.configMapRef.name));
    if (from.secretRef) Object.assign(env, data('Secret', from.secretRef.name));
  }
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef;
    if (e.value !== undefined) env[e.name] = e.value;
    else if (ref) {
      const value = data(e.valueFrom?.secretKeyRef ? 'Secret' : 'ConfigMap', ref.name)[ref.key];
      if (value !== undefined) env[e.name] = value;
      else if (!ref.optional) throw new Error(`dev overlay: ${e.name} refers to a missing key ${ref.key}`);
    }
  }
  return env;
}

for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'Job')) {
  const pod = (o['spec'] as { template: { spec: IPodSpec } }).template.spec;
  const c = pod.containers[0];
  process.stdout.write(
    `${JSON.stringify({
      name: o.metadata.name,
      kind: o.kind,
      image: c.image,
      command: c.command ?? null,
      port: c.ports?.find((p) => p.name === 'http')?.containerPort ?? null,
      memory: c.resources?.limits?.['memory'],
      user: c.securityContext?.runAsUser ?? pod.securityContext?.runAsUser,
      readOnly: c.securityContext?.readOnlyRootFilesystem === true,
      env: environment(c),
    })}\n`,
  );
}
