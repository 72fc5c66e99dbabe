/**
 * The rules engine's one clock, in ms since the epoch: `RuleEngineOptions.now` when given (tests
 * run simulated time with it), the wall clock otherwise. Every time the engine evaluates, saves or
 * stamps goes through it, except `arrivalCap` below, which reads the wall clock on purpose.
 */
export type Clock = () => number;

export const wallClock: Clock = Date.now;

/**
 * The latest time a record is evaluated at: its arrival here. Deliberately the later of the
 * engine's clock and the wall clock, since `now` may be a simulated clock running behind: a
 * record stamped by a real producer must not count as "from the future" merely because a test or
 * replay clock lags. A record dated later (a producer clock running ahead) is evaluated as if
 * dated at its arrival, so the records that arrive after it sort after it: it can neither push
 * them out of its group's reorder window nor cancel their streak from the future. The collector
 * already sets times beyond its --max-clock-skew to the receive time; this also covers smaller
 * skews and any other producer.
 */
export function arrivalCap(now: number): number {
  return Math.max(now, Date.now());
}
