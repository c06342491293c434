// After a sync stores passages, the ones without a vector from the configured model are embedded
// and their vectors stored with them. Best effort: the endpoint down, slow or refusing leaves them
// without one (search ranks them by words meanwhile) and the next sync tries again; a change of
// model embeds every passage again the same way. It never fails the sync that called it.
import type { Logger } from 'pino';
import type { Passage } from '../../domain/knowledge.js';
import type { KnowledgeRepository, PassageEmbedder } from '../../domain/ports/knowledge.js';

export interface EmbedPassagesDeps {
  knowledge: Pick<KnowledgeRepository, 'listPassagesToEmbed' | 'storeEmbeddings'>;
  embedder: PassageEmbedder;
  log: Logger;
}

/** Passages read and stored per round: a few of the embedder's batches, then their vectors are safe. */
const PAGE = 256;

/** What is embedded for a passage: where it sits (page, headings) says as much as its words. */
export const embeddingText = (p: Pick<Passage, 'pageTitle' | 'headingPath' | 'text'>): string =>
  `${[p.pageTitle, ...p.headingPath].join(' › ')}\n\n${p.text}`;

/** Stops at the first failure (the rest would likely fail too, each after a timeout). Never throws. */
export async function embedMissingPassages(deps: EmbedPassagesDeps): Promise<{ embedded: number; isComplete: boolean }> {
  const { model } = deps.embedder;
  let embedded = 0;
  let afterId: string | undefined;
  try {
    for (;;) {
      const page = await deps.knowledge.listPassagesToEmbed(model, { afterId, limit: PAGE });
      if (page.length === 0) break;
      const vectors = await deps.embedder.embed(page.map(embeddingText));
      embedded += await deps.knowledge.storeEmbeddings(
        model,
        page.map((p, i) => ({ id: p.id, vector: vectors[i]! })),
      );
      afterId = page.at(-1)!.id;
      if (page.length < PAGE) break;
    }
    if (embedded > 0) deps.log.info({ embedded, model }, 'passages embedded');
    return { embedded, isComplete: true };
  } catch (err) {
    deps.log.warn(
      { err: { message: err instanceof Error ? err.message : String(err) }, embedded, model },
      'could not embed every passage; those without a vector are ranked by words until the next sync',
    );
    return { embedded, isComplete: false };
  }
}
