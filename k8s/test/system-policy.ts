import { APP_PORTS } from './app-catalog';
import { isGenerated } from './kustomize-renderer';
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
import {
  checkDependency,
  checkDeployment,
  checkMigrationJob,
  checkScrapeAnnotations,
  isDependency,
} from './workload-policy';

/**
 * Every rule, applied to one set of objects meant to be applied together (a base
 * file plus its ConfigMap, the whole base, or a rendered overlay). `secrets` is the
 * key catalog of the Secret: secrets.example.yaml's for base, the generated one's for an overlay.
 */
export function checkManifestSet(objects: K8sObject[], secrets: KeyCatalog): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const obj of objects) {
    const id = `${obj.metadata.namespace ?? ''}/${describe(obj)}`;
    if (seen.has(id)) out.push(finding(obj, 'is defined twice'));
    seen.add(id);
    out.push(...validateModel(obj));
    // A generated Secret comes from an overlay's git-ignored env file, never from a committed value.
    if (obj.kind === 'Secret' && !isGenerated(obj))
      out.push(
        finding(obj, 'Secrets are generated from an env file or created by operators, never shipped in manifests'),
      );
    if (obj.kind === 'ConfigMap') out.push(...checkConfigMapData(obj));
    if ((obj.kind === 'Deployment' || obj.kind === 'StatefulSet') && isDependency(obj))
      out.push(...checkDependency(obj));
    else if (obj.kind === 'StatefulSet')
      out.push(finding(obj, 'a StatefulSet must be a labelled dev dependency (database, cache)'));
    else if (obj.kind === 'Deployment') {
      out.push(...checkDeployment(obj, APP_PORTS.get(obj.metadata.name)), ...checkScrapeAnnotations(obj));
    }
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
