// BM25+ over fielded documents with postings in typed arrays: what passage search scores with. It
// computes the same scores minisearch computed for passage-index.ts (its `calcBM25Score`: per field,
// IDF from the number of documents holding the term in that field, the field's length counted in
// distinct terms, weighted by the field's boost and the query term's weight), but touches only the
// postings of the query's terms and keeps only the best `limit` documents, so a term found in a
// quarter of 100,000 passages costs a pass over typed arrays rather than an object per document.
// Documents are added and replaced by id; a removed document is marked dead, its postings dropped
// once dead entries make up half of a list, and internal numbers reassigned when dead ones pile up.

export interface Bm25Params {
  /** Term-frequency saturation. */
  k: number;
  /** Length normalisation. */
  b: number;
  /** The floor of one occurrence (the "+" of BM25+). */
  d: number;
}

/** One term to look up: `weight` multiplies its scores, and a document holding it matched query term `source`. */
export interface QueryEntry {
  term: string;
  weight: number;
  source: number;
}

export interface Bm25Hit {
  id: string;
  score: number;
  /** The distinct `source`s of the entries the document holds, ascending. */
  sources: number[];
}

export interface Bm25Postings {
  /** Adds a document (replacing one with the same id); `fields[f]` is field f's terms, repeats included. */
  add(id: string, fields: readonly (readonly string[])[]): void;
  /** Whether the id was indexed (and is now removed). */
  remove(id: string): boolean;
  has(id: string): boolean;
  readonly size: number;
  /** Indexed terms (of live documents or not) one insertion, deletion or substitution away from `term`. */
  termsOneEditFrom(term: string): string[];
  /**
   * The `limit` documents of highest summed score over the entries, best first. Equal scores: the
   * one matching more distinct sources first, then the one reached first (entries in order, fields
   * in order, documents in order of addition), the order minisearch returned them in.
   */
  search(entries: readonly QueryEntry[], limit: number): Bm25Hit[];
}

/** One field's documents for one term, ascending by internal number. */
interface Postings {
  docs: Int32Array;
  freqs: Uint32Array;
  /** Entries in use. */
  n: number;
  /** Entries of live documents (the term's document frequency in this field). */
  live: number;
}

const INITIAL_POSTINGS = 4;
const INITIAL_DOCS = 1024;
/** Above this many results a sort of the matches beats insertion into a sorted list. */
const SELECTION_LIMIT = 1024;

function grown<T extends Int32Array | Uint32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}

/** Whether `a` and `b` differ by exactly one insertion, deletion or substitution. */
export function isOneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short.charCodeAt(i) === long.charCodeAt(i)) i++;
  // Skip the one differing character: in both strings when the lengths are equal, else in the longer.
  const j = short.length === long.length ? i + 1 : i;
  return short.slice(j) === long.slice(i + 1);
}

export function createBm25Postings(options: { boosts: readonly number[]; bm25: Bm25Params }): Bm25Postings {
  const fieldCount = options.boosts.length;
  const { k, b, d } = options.bm25;
  const termIds = new Map<string, number>();
  const termsByLength = new Map<number, string[]>();
  /** postings[field][termId] */
  const postings: (Postings | undefined)[][] = Array.from({ length: fieldCount }, () => []);

  // Per internal document number.
  let ids: (string | undefined)[] = [];
  let docTerms: (Int32Array[] | undefined)[] = [];
  let fieldLengths: Float64Array[] = Array.from({ length: fieldCount }, () => new Float64Array(INITIAL_DOCS));
  let alive = new Uint8Array(INITIAL_DOCS);
  let nextDoc = 0;
  const byId = new Map<string, number>();
  const totalLength = new Float64Array(fieldCount);
  let dead = 0;
  /**
   * Per field and document, `k × (1 − b + b × length / average length)`: the same for every term, so
   * computed once per change of the averages (at the first search after adds or removals).
   */
  let norms: Float64Array[] = Array.from({ length: fieldCount }, () => new Float64Array(0));
  let normsStale = true;

  // Search scratch, sized to the document numbers and reused: a document's slots are valid only
  // when its stamp is the current search's.
  let scores = new Float64Array(INITIAL_DOCS);
  let stamps = new Uint32Array(INITIAL_DOCS);
  let lastSource = new Int32Array(INITIAL_DOCS);
  let sourceCounts = new Int32Array(INITIAL_DOCS);
  let touched = new Int32Array(INITIAL_DOCS);
  let epoch = 0;

  const ensureDocs = (size: number) => {
    fieldLengths = fieldLengths.map((a) => grown(a, size));
    alive = grown(alive, size);
    scores = grown(scores, size);
    stamps = grown(stamps, size);
    lastSource = grown(lastSource, size);
    sourceCounts = grown(sourceCounts, size);
    touched = grown(touched, size);
  };

  const termId = (term: string): number => {
    let id = termIds.get(term);
    if (id === undefined) {
      id = termIds.size;
      termIds.set(term, id);
      const sameLength = termsByLength.get(term.length);
      if (sameLength) sameLength.push(term);
      else termsByLength.set(term.length, [term]);
    }
    return id;
  };

  const compact = (list: Postings) => {
    let w = 0;
    for (let r = 0; r < list.n; r++) {
      const doc = list.docs[r]!;
      if (alive[doc] === 0) continue;
      list.docs[w] = doc;
      list.freqs[w] = list.freqs[r]!;
      w++;
    }
    list.n = w;
  };

  /** Gives live documents the numbers 0…size−1 in their order, dropping dead ones everywhere. */
  const renumber = () => {
    const to = new Int32Array(nextDoc).fill(-1);
    let n = 0;
    for (let doc = 0; doc < nextDoc; doc++) if (alive[doc] === 1) to[doc] = n++;
    for (const field of postings) {
      for (const list of field) {
        if (!list) continue;
        compact(list);
        for (let j = 0; j < list.n; j++) list.docs[j] = to[list.docs[j]!]!;
      }
    }
    const oldIds = ids;
    const oldTerms = docTerms;
    const oldLengths = fieldLengths;
    ids = new Array<string | undefined>(n);
    docTerms = new Array<Int32Array[] | undefined>(n);
    fieldLengths = oldLengths.map(() => new Float64Array(Math.max(INITIAL_DOCS, n)));
    alive = new Uint8Array(Math.max(INITIAL_DOCS, n));
    for (let doc = 0; doc < nextDoc; doc++) {
      const now = to[doc]!;
      if (now < 0) continue;
      ids[now] = oldIds[doc];
      docTerms[now] = oldTerms[doc];
      for (let f = 0; f < fieldCount; f++) fieldLengths[f]![now] = oldLengths[f]![doc]!;
      alive[now] = 1;
      byId.set(oldIds[doc]!, now);
    }
    nextDoc = n;
    dead = 0;
  };

  const remove = (id: string): boolean => {
    const doc = byId.get(id);
    if (doc === undefined) return false;
    normsStale = true;
    byId.delete(id);
    alive[doc] = 0;
    ids[doc] = undefined;
    const terms = docTerms[doc]!;
    docTerms[doc] = undefined;
    for (let f = 0; f < fieldCount; f++) {
      totalLength[f] = totalLength[f]! - fieldLengths[f]![doc]!;
      for (const t of terms[f]!) {
        const list = postings[f]![t]!;
        list.live--;
        if ((list.n - list.live) * 2 > list.n) compact(list);
      }
    }
    dead++;
    if (dead > 1024 && dead > byId.size) renumber();
    return true;
  };

  return {
    add(id, fields) {
      remove(id);
      normsStale = true;
      const doc = nextDoc++;
      ensureDocs(nextDoc);
      ids[doc] = id;
      byId.set(id, doc);
      alive[doc] = 1;
      const terms: Int32Array[] = [];
      for (let f = 0; f < fieldCount; f++) {
        const counts = new Map<number, number>();
        for (const term of fields[f] ?? []) {
          const t = termId(term);
          counts.set(t, (counts.get(t) ?? 0) + 1);
        }
        // minisearch's field length: the number of distinct terms.
        fieldLengths[f]![doc] = counts.size;
        totalLength[f] = totalLength[f]! + counts.size;
        const field = postings[f]!;
        for (const [t, freq] of counts) {
          let list = field[t];
          if (!list) {
            list = { docs: new Int32Array(INITIAL_POSTINGS), freqs: new Uint32Array(INITIAL_POSTINGS), n: 0, live: 0 };
            field[t] = list;
          }
          if (list.n === list.docs.length) {
            list.docs = grown(list.docs, list.n + 1);
            list.freqs = grown(list.freqs, list.n + 1);
          }
          list.docs[list.n] = doc;
          list.freqs[list.n] = freq;
          list.n++;
          list.live++;
        }
        terms.push(Int32Array.from(counts.keys()));
      }
      docTerms[doc] = terms;
    },
    remove,
    has: (id) => byId.has(id),
    get size() {
      return byId.size;
    },
    termsOneEditFrom(term) {
      const found: string[] = [];
      for (let length = term.length - 1; length <= term.length + 1; length++) {
        for (const candidate of termsByLength.get(length) ?? []) if (isOneEditApart(term, candidate)) found.push(candidate);
      }
      return found;
    },
    search(entries, limit) {
      const total = byId.size;
      if (limit <= 0 || total === 0) return [];
      epoch = (epoch + 1) >>> 0;
      if (epoch === 0) {
        stamps.fill(0);
        epoch = 1;
      }
      if (normsStale) {
        norms = fieldLengths.map((lengths, f) => {
          const avgFieldLength = totalLength[f]! / total;
          const norm = new Float64Array(nextDoc);
          for (let doc = 0; doc < nextDoc; doc++) norm[doc] = k * (1 - b + (b * lengths[doc]!) / avgFieldLength);
          return norm;
        });
        normsStale = false;
      }
      let touchedCount = 0;
      for (const { term, weight, source } of entries) {
        const t = termIds.get(term);
        if (t === undefined) continue;
        for (let f = 0; f < fieldCount; f++) {
          const list = postings[f]![t];
          if (!list || list.live === 0) continue;
          const matching = list.live;
          const invDocFreq = Math.log(1 + (total - matching + 0.5) / (matching + 0.5));
          const boost = weight * options.boosts[f]!;
          const norm = norms[f]!;
          const { docs, freqs, n } = list;
          for (let j = 0; j < n; j++) {
            const doc = docs[j]!;
            if (alive[doc] === 0) continue;
            const termFreq = freqs[j]!;
            // As minisearch's calcBM25Score, operand for operand, so the floating-point sums agree.
            const rawScore = invDocFreq * (d + (termFreq * (k + 1)) / (termFreq + norm[doc]!));
            const score = boost * rawScore;
            if (stamps[doc] !== epoch) {
              stamps[doc] = epoch;
              scores[doc] = score;
              lastSource[doc] = source;
              sourceCounts[doc] = 1;
              touched[touchedCount++] = doc;
            } else {
              scores[doc] = scores[doc]! + score;
              if (lastSource[doc] !== source) {
                lastSource[doc] = source;
                sourceCounts[doc] = sourceCounts[doc]! + 1;
              }
            }
          }
        }
      }
      const best = topDocs(touched, touchedCount, limit, scores, sourceCounts);
      return best.map((doc) => ({ id: ids[doc]!, score: scores[doc]!, sources: sourcesOf(doc, entries) }));
    },
  };

  function sourcesOf(doc: number, entries: readonly QueryEntry[]): number[] {
    const found = new Set<number>();
    for (const { term, source } of entries) {
      if (found.has(source)) continue;
      const t = termIds.get(term);
      if (t === undefined) continue;
      for (let f = 0; f < fieldCount; f++) {
        const list = postings[f]![t];
        if (list && holds(list, doc)) {
          found.add(source);
          break;
        }
      }
    }
    return [...found].sort((x, y) => x - y);
  }
}

/** Binary search: the postings are ascending by document number. */
function holds(list: Postings, doc: number): boolean {
  let lo = 0;
  let hi = list.n - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const at = list.docs[mid]!;
    if (at === doc) return true;
    if (at < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The `limit` best of the first `count` documents in `docs` (higher score, then more sources, then
 * earlier in `docs`), best first, by insertion into a short sorted list rather than a sort of all.
 */
function topDocs(docs: Int32Array, count: number, limit: number, scores: Float64Array, sources: Int32Array): number[] {
  const beats = (a: number, z: number) => scores[a]! > scores[z]! || (scores[a] === scores[z] && sources[a]! > sources[z]!);
  if (limit > SELECTION_LIMIT) {
    // A stable sort keeps equal documents in the order reached.
    return Array.from(docs.subarray(0, count))
      .sort((a, z) => (beats(a, z) ? -1 : beats(z, a) ? 1 : 0))
      .slice(0, limit);
  }
  const top: number[] = [];
  for (let i = 0; i < count; i++) {
    const doc = docs[i]!;
    if (top.length === limit && !beats(doc, top[limit - 1]!)) continue;
    if (top.length === limit) top.pop();
    let at = top.length;
    while (at > 0 && beats(doc, top[at - 1]!)) at--;
    top.splice(at, 0, doc);
  }
  return top;
}
