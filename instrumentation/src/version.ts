/* Generated from package.json by scripts/generate-version.mjs. Do not edit. */
/** This package's version, as the instrumentation scope's version. */
export const INSTRUMENTATION_VERSION = '0.1.0';
