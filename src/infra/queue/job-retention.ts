/**
 * How long finished jobs of the once-per-id queues (outcomes, deliveries, alerts) are kept: a day
 * after success, so a late duplicate with the same job id still finds the job and is ignored; a week
 * after failure, for inspection.
 */
export const KEEP_FOR_DEDUPE = { removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } } as const;
