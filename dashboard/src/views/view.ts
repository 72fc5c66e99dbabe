import type { Route } from '../router.js';

/** A page view: draws itself into `root` and returns a function that tears it down. */
export type MountView = (root: HTMLElement, route: Route) => () => void;
