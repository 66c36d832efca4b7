/** One Kubernetes object as parsed from YAML, before or after model validation. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  [field: string]: unknown;
}

/** An object with the file it came from, so a finding can say where to look. */
export interface SourcedObject {
  source: string;
  object: K8sObject;
}

/** A policy violation: where, and what is wrong. Checkers return these, never throw. */
export interface Finding {
  where: string;
  problem: string;
}

export function describe(obj: K8sObject): string {
  return `${obj.kind}/${obj.metadata.name}`;
}

export function finding(obj: K8sObject, problem: string): Finding {
  return { where: describe(obj), problem };
}
