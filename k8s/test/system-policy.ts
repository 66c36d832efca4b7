import { APP_PORTS } from './app-catalog';
import { describe, Finding, finding, K8sObject } from './manifest.types';
import { validateModel } from './model-validation';
import { checkConfigMapData } from './pod-policy';
import {
  checkConfigReferences,
  checkDisruptionBudgets,
  checkNetworkPolicies,
  checkServiceAccounts,
  checkServices,
  KeyCatalog,
  keyCatalog,
} from './reference-policy';
import { checkDeployment, checkMigrationJob } from './workload-policy';

/**
 * Every rule, applied to one set of objects meant to be applied together (a base
 * file plus its ConfigMap, the whole base, or a rendered overlay). `secrets` is the
 * key catalog of the operator-created Secret, read from secrets.example.yaml.
 */
export function checkManifestSet(objects: K8sObject[], secrets: KeyCatalog): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const obj of objects) {
    const id = `${obj.metadata.namespace ?? ''}/${describe(obj)}`;
    if (seen.has(id)) out.push(finding(obj, 'is defined twice'));
    seen.add(id);
    out.push(...validateModel(obj));
    if (obj.kind === 'Secret') out.push(finding(obj, 'Secrets are created by operators, never shipped in manifests'));
    if (obj.kind === 'ConfigMap') out.push(...checkConfigMapData(obj));
    if (obj.kind === 'Deployment') out.push(...checkDeployment(obj, APP_PORTS.get(obj.metadata.name)));
    if (obj.kind === 'Job') out.push(...checkMigrationJob(obj));
  }
  out.push(
    ...checkConfigReferences(objects, keyCatalog(objects, 'ConfigMap'), secrets),
    ...checkServices(objects, APP_PORTS),
    ...checkServiceAccounts(objects),
    ...checkDisruptionBudgets(objects),
    ...checkNetworkPolicies(objects, 'gateway', APP_PORTS),
  );
  return out;
}

/** Readable one-line-per-finding text, so a failing expect shows what is wrong. */
export function formatFindings(findings: Finding[]): string[] {
  return findings.map((f) => `${f.where}: ${f.problem}`);
}
