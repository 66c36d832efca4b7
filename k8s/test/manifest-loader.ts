import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { K8sObject } from './manifest.types';

/**
 * Parses every YAML document of a text. A syntax error, an empty document or a
 * document without apiVersion/kind/metadata.name throws with the source named:
 * a manifest we cannot read is a failure, never something to skip.
 */
export function parseManifests(text: string, source: string): K8sObject[] {
  const objects: K8sObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      throw new Error(`${source} document ${index}: ${doc.errors.map((e) => e.message).join('; ')}`);
    }
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) {
      return; // a trailing '---' leaves an empty document; kubectl ignores it too
    }
    objects.push(asObject(value, `${source} document ${index}`));
  });
  return objects;
}

export function loadManifestFile(path: string): K8sObject[] {
  return parseManifests(readFileSync(path, 'utf8'), path);
}

/** Reads a single-document YAML file as plain data (kustomization.yaml). */
export function loadYamlData(path: string): Record<string, unknown> {
  const docs = parseAllDocuments(readFileSync(path, 'utf8'));
  if (docs.length !== 1 || docs[0].errors.length > 0) {
    throw new Error(`${path}: expected exactly one valid YAML document`);
  }
  const value: unknown = docs[0].toJS();
  if (!isRecord(value)) {
    throw new Error(`${path}: expected a mapping at the top level`);
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown, where: string): K8sObject {
  if (!isRecord(value)) {
    throw new Error(`${where}: not a mapping`);
  }
  const metadata = value['metadata'];
  if (typeof value['apiVersion'] !== 'string' || typeof value['kind'] !== 'string') {
    throw new Error(`${where}: missing apiVersion or kind`);
  }
  if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || metadata['name'] === '') {
    throw new Error(`${where}: missing metadata.name`);
  }
  return value as K8sObject;
}
