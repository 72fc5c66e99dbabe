export * from './record.js';
export * from './errors.js';
export * from './pipeline.js';
export { loadPackageJson } from './load-json.js';
