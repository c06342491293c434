// SLA metrics as the domain names them (sla/policy.ts) and as the database enum does.
import type { SlaMetric } from '../../sla/policy.js';
import type { SlaMetric as DbSlaMetric } from '../../generated/prisma/client.js';

export const SLA_METRIC_TO_DB: Record<SlaMetric, DbSlaMetric> = {
  firstResponse: 'FIRST_RESPONSE',
  nextResponse: 'NEXT_RESPONSE',
  resolution: 'RESOLUTION',
};

export const SLA_METRIC_FROM_DB: Record<DbSlaMetric, SlaMetric> = {
  FIRST_RESPONSE: 'firstResponse',
  NEXT_RESPONSE: 'nextResponse',
  RESOLUTION: 'resolution',
};
