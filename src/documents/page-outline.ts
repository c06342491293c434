// From a page read as a run of headed blocks to sections with heading paths. Shared by Markdown and
// HTML so both follow one rule for the page's own heading:
//   a page with exactly one h1 is titled by it, so that h1 is not repeated as the first entry of every
//   section's heading path (text under it has an empty path and links to the page, not to an anchor);
//   a page with several h1s uses them as top-level sections, and each stays in the paths below it.

/** A heading as the page has it: level 1–6, its plain text, and the fragment that links to it, if any. */
export interface Heading {
  depth: number;
  text: string;
  anchor: string | null;
}

/** The text between one heading (null: the start of the page) and the next, in page order. */
export interface HeadedBlock {
  heading: Heading | null;
  text: string;
}

/** A section before the size rule: its place in the page's outline and its own text. */
export interface Section {
  headingPath: string[];
  anchor: string | null;
  text: string;
}

/** A page's sections and the title it gives itself, if any. */
export interface OutlinedPage {
  title: string | null;
  sections: Section[];
}

/**
 * Heading paths for each block, and the page's title: the one declared by the document
 * (front matter, `<title>`) if any, else its first h1, else null (the caller falls back to the URL).
 */
export function outline(blocks: readonly HeadedBlock[], declaredTitle: string | null): OutlinedPage {
  const topHeadings = blocks.flatMap((block) => (block.heading?.depth === 1 ? [block.heading] : []));
  const pageHeading = topHeadings.length === 1 ? topHeadings[0] : undefined;
  const open: Heading[] = [];
  const sections = blocks.map((block): Section => {
    const heading = block.heading;
    if (heading === null) return { headingPath: open.map((h) => h.text), anchor: null, text: block.text };
    while ((open.at(-1)?.depth ?? 0) >= heading.depth) open.pop();
    const isPageHeading = heading === pageHeading;
    if (!isPageHeading && heading.text !== '') open.push(heading);
    return { headingPath: open.map((h) => h.text), anchor: isPageHeading ? null : heading.anchor, text: block.text };
  });
  return { title: nonEmpty(declaredTitle) ?? nonEmpty(topHeadings[0]?.text) ?? null, sections };
}

const nonEmpty = (text: string | null | undefined): string | null => (text ? text : null);
