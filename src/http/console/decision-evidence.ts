// What the pipeline decided for a ticket and why, read from its 'triaged' event (audit data is read
// defensively: older tickets lack fields, a pipeline error records only the reason) and the candidate
// replies stored with it (which one was sent, and by which answer-confidence model).
import { z } from 'zod';
import type { StoredCandidate } from '../../domain/ports/learning.js';

const num = z.number().nullable().catch(null);
const str = z.string().nullable().catch(null);

const ZTriaged = z.object({
  decision: str,
  reason: str,
  intent: str,
  confidence: num,
  answerConfidence: num,
  mode: str,
  thresholds: z.object({ autoResolve: num, used: num }).partial().nullable().catch(null),
  top: z.array(z.object({ intent: z.string(), p: z.number().optional(), probability: z.number().optional() }).loose()).catch([]),
  candidates: z
    .array(
      z.object({
        kind: z.string(),
        source: z.string().catch(''),
        intent: str,
        answerConfidence: num,
        features: z.record(z.string(), z.number()).catch({}),
      }),
    )
    .catch([]),
  passages: z.array(z.object({ title: z.string(), link: str, answerConfidence: num })).catch([]),
  suggestedReply: str,
  suggestedReplyConfidence: num,
  replySource: str,
  error: str,
});

export interface CandidateEvidence {
  rank: number;
  kind: string;
  source: string;
  intent: string | null;
  answerConfidence: number | null;
  /** The features answer confidence was computed from: why it scored what it did. */
  features: [string, number][];
  sent: boolean;
  modelVersion: string | null;
}

export interface DecisionEvidence {
  decision: string | null;
  reason: string | null;
  intent: string | null;
  confidence: number | null;
  answerConfidence: number | null;
  mode: string | null;
  threshold: number | null;
  candidates: CandidateEvidence[];
  passages: { title: string; link: string | null; answerConfidence: number | null }[];
  suggestedReply: string | null;
  suggestedReplyConfidence: number | null;
  error: string | null;
}

export function decisionEvidence(triaged: unknown, stored: readonly StoredCandidate[]): DecisionEvidence | null {
  if (typeof triaged !== 'object' || triaged === null) return null;
  const d = ZTriaged.partial().parse(triaged);
  const byRank = new Map(stored.map((c) => [c.rank, c]));
  return {
    decision: d.decision ?? null,
    reason: d.reason ?? null,
    intent: d.intent ?? null,
    confidence: d.confidence ?? null,
    answerConfidence: d.answerConfidence ?? null,
    mode: d.mode ?? null,
    threshold: d.thresholds?.used ?? d.thresholds?.autoResolve ?? null,
    candidates: (d.candidates ?? []).map((c, rank) => ({
      rank,
      kind: c.kind,
      source: c.source,
      intent: c.intent,
      answerConfidence: c.answerConfidence,
      features: Object.entries(c.features),
      sent: byRank.get(rank)?.sent ?? false,
      modelVersion: byRank.get(rank)?.modelVersion ?? null,
    })),
    passages: d.passages ?? [],
    suggestedReply: d.suggestedReply?.trim() ? d.suggestedReply : null,
    suggestedReplyConfidence: d.suggestedReplyConfidence ?? null,
    error: d.error ?? null,
  };
}
