import type { AttrValue, Attributes } from '../../receiver/otlp-http/otlp-model.js';

/** Typed reads of OTLP attributes, trying several keys in order (different instrumentations). */
export function str(attrs: Attributes, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  return null;
}

export function num(attrs: Attributes, ...keys: string[]): number | null {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  }
  return null;
}

export function bool(attrs: Attributes, ...keys: string[]): boolean | null {
  for (const k of keys) {
    const v = attrs[k];
    if (typeof v === 'boolean') return v;
    if (v === 'true') return true;
    if (v === 'false') return false;
  }
  return null;
}

export function firstString(v: AttrValue | undefined): string | null {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return null;
}
