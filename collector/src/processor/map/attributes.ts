import type { AttrValue, Attributes } from '../../receiver/otlp-http/otlp-model.js';

/*
 * Typed reads of OTLP attributes, trying up to four keys in order (different instrumentations
 * name the same thing differently). Fixed optional parameters rather than `...keys`: these run
 * about twenty times per span, and a rest parameter allocates an array per call.
 */

export function str(attrs: Attributes, k1: string, k2?: string, k3?: string, k4?: string): string | null {
  let v = strOf(attrs.get(k1));
  if (v === null && k2 !== undefined) v = strOf(attrs.get(k2));
  if (v === null && k3 !== undefined) v = strOf(attrs.get(k3));
  if (v === null && k4 !== undefined) v = strOf(attrs.get(k4));
  return v;
}

function strOf(v: AttrValue | undefined): string | null {
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  return null;
}

export function num(attrs: Attributes, k1: string, k2?: string): number | null {
  let v = numOf(attrs.get(k1));
  if (v === null && k2 !== undefined) v = numOf(attrs.get(k2));
  return v;
}

function numOf(v: AttrValue | undefined): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

export function bool(attrs: Attributes, k1: string, k2?: string, k3?: string): boolean | null {
  let v = boolOf(attrs.get(k1));
  if (v === null && k2 !== undefined) v = boolOf(attrs.get(k2));
  if (v === null && k3 !== undefined) v = boolOf(attrs.get(k3));
  return v;
}

function boolOf(v: AttrValue | undefined): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return null;
}
