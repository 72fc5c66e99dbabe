/** A plain object read from the SDK or a response body; nothing about its shape is assumed. */
export type Obj = Record<string, unknown>;

export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null;
