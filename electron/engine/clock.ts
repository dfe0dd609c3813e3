/** Time as the engine sees it. Tests pass a clock they can set; everything else uses systemClock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
