import { isRecord } from './manifest-loader';

/** Runs the schema over `data`; may throw on a schema violation (reported elsewhere). */
export type SchemaValidate = (data: unknown) => void;

interface Visit {
  /** Property names the schema asked the object for (its declared properties). */
  read: Set<string>;
  /** The schema enumerated the object's keys: a map (additionalProperties), any key allowed. */
  enumerated: boolean;
}

/**
 * Every field of `value` that its schema does not declare, as a path
 * (`spec.template.spec.containers[0].readinessprobe`).
 *
 * kubernetes-models ships its JSON schemas compiled to Ajv validators without
 * `additionalProperties: false`, so they accept any extra key. The compiled code
 * asks an object for exactly the properties its schema declares (`data.spec`,
 * `data.replicas`, ...) and enumerates the keys of maps (labels, data, limits).
 * Running the validator over a recording proxy therefore yields, for every object
 * it descended into, the schema's property set; a key outside that set is unknown.
 * An object the validator never looked into (free-form, or below an unknown key)
 * is not judged.
 */
export function unknownFields(value: unknown, validate: SchemaValidate): string[] {
  const visits = new Map<string, Visit>();
  const visit = (path: string): Visit => {
    let v = visits.get(path);
    if (!v) visits.set(path, (v = { read: new Set(), enumerated: false }));
    return v;
  };
  const wrap = (target: unknown, path: string): unknown => {
    if (typeof target !== 'object' || target === null) return target;
    const children = new Map<PropertyKey, unknown>();
    return new Proxy(target as object, {
      get(obj, key, receiver) {
        const child: unknown = Reflect.get(obj, key, receiver);
        if (typeof key !== 'string') return child;
        if (!Array.isArray(obj)) visit(path).read.add(key);
        if (!children.has(key)) children.set(key, wrap(child, childPath(obj, path, key)));
        return children.get(key);
      },
      ownKeys(obj) {
        visit(path).enumerated = true;
        return Reflect.ownKeys(obj);
      },
    });
  };
  try {
    validate(wrap(value, ''));
  } catch {
    // type errors are the schema check's findings; the reads made so far still count
  }

  const unknown: string[] = [];
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (!isRecord(node)) return;
    const v = visits.get(path);
    if (!v) return;
    for (const key of Object.keys(node)) {
      const p = childPath(node, path, key);
      if (!v.enumerated && !v.read.has(key)) unknown.push(p);
      else walk(node[key], p);
    }
  };
  walk(value, '');
  return unknown;
}

function childPath(parent: object, path: string, key: string): string {
  if (Array.isArray(parent)) return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}
