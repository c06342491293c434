// GitHub-style heading anchors for Markdown, so a cited passage links to the same fragment GitHub (and
// most Markdown sites) render. marked v18 no longer ships a slugger, and github-slugger is one regex
// and a counter, so this is written here rather than added as a dependency.

/** Everything GitHub keeps in a slug: letters, marks, digits, underscores, hyphens and spaces. */
const DROPPED = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu;

/**
 * A slugger for one page: lower-cased text, punctuation dropped, each space a hyphen; a repeated slug
 * gets -1, -2 … as GitHub numbers them. Every heading of the page must pass through it, in order, even
 * ones whose anchor is not used, or the numbering drifts from GitHub's. A heading with nothing left
 * (only emoji or punctuation) gets no anchor rather than an empty one.
 */
export function createSlugger(): (text: string) => string | null {
  const occurrences = new Map<string, number>();
  return (text) => {
    const base = text.toLowerCase().replace(DROPPED, '').replace(/ /g, '-');
    if (base === '') return null;
    let slug = base;
    // As github-slugger counts: "a", "a" and then a literal "a-1" heading become a, a-1 and a-1-1.
    while (occurrences.has(slug)) {
      const count = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, count);
      slug = `${base}-${count}`;
    }
    occurrences.set(slug, 0);
    return slug;
  };
}
