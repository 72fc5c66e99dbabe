/** One line of the doctor's report. `fail` makes the exit code 1. */
export type Level = 'ok' | 'fail' | 'warn' | 'info' | 'skip';

export interface Finding {
  level: Level;
  title: string;
  detail: string;
}
