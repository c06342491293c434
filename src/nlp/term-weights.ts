// How much a term weighs in a similar-ticket vector: sublinear term frequency × smoothed IDF.

/**
 * Counts live in the low bits of postings (`slot << TF_BITS | count`) and document entries
 * (`termId << TF_BITS | count`): one small integer each. More than 15 counts as 15.
 */
export const TF_BITS = 4;
export const TF_SLOTS = 1 << TF_BITS;
export const TF_MASK = TF_SLOTS - 1;
/** Sublinear term frequency, 1 + ln(count), by count. */
export const TF_WEIGHT = Float64Array.from({ length: TF_SLOTS }, (_, count) => (count === 0 ? 0 : 1 + Math.log(count)));

/**
 * Smoothed IDF (as scikit-learn's): 1 for a term in every document, more for rarer ones. The count
 * may be a slightly stale one (see TfidfPostings), hence the max: weights stay ≥ 1, so cosines
 * stay in [0, 1].
 */
export const idfOf = (df: number, docCount: number): number => Math.log((1 + Math.max(docCount, df)) / (1 + df)) + 1;
