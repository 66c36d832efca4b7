import { IDeployment } from 'kubernetes-models/apps/v1';
import { IContainer } from 'kubernetes-models/v1';
import { withExampleEnv } from './app-catalog';
import { renderKustomization } from './kustomize-renderer';

/** A memory quantity in Mi (only the Mi and Gi forms the manifests use). */
export const mebibytes = (q: string | number | undefined): number => {
  const m = /^(\d+)(Mi|Gi)$/.exec(String(q));
  if (!m) throw new Error(`unexpected memory quantity ${String(q)}`);
  return Number(m[1]) * (m[2] === 'Gi' ? 1024 : 1);
};

/** The first container of a Deployment as a layer renders it (overlays with their example env). */
export const containerOf = (dir: string, deployment: string): IContainer => {
  const rendered = renderKustomization(dir, { envFile: withExampleEnv }).find(
    (o) => o.kind === 'Deployment' && o.metadata.name === deployment,
  ) as unknown as IDeployment;
  return rendered.spec?.template.spec?.containers[0] as IContainer;
};
