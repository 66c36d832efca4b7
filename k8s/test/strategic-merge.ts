import { isRecord } from './manifest-loader';

type Named = Record<string, unknown> & { name: string };

const isNamedList = (list: unknown[]): list is Named[] =>
  list.every((item) => isRecord(item) && typeof item['name'] === 'string');

/**
 * A small subset of kubectl's strategic merge: maps merge key by key, a null in the
 * patch deletes the key, lists whose items all carry a `name` (containers, env, ports,
 * volumes, volumeMounts) merge item by item on it, and any other list is replaced.
 * Returns a new value; neither input is modified.
 */
export function strategicMerge(base: unknown, patch: unknown): unknown {
  if (isRecord(base) && isRecord(patch)) {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = key in base ? strategicMerge(base[key], value) : structuredClone(value);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && isNamedList(base) && isNamedList(patch)) {
    const out: unknown[] = base.map((item) => {
      const match = patch.find((p) => p.name === item.name);
      return match ? strategicMerge(item, match) : structuredClone(item);
    });
    for (const item of patch) {
      if (!base.some((b) => b.name === item.name)) out.push(structuredClone(item));
    }
    return out;
  }
  return structuredClone(patch);
}
