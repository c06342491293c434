// A DeliveryQueue that records what would be posted. Like the BullMQ one, a delivery's job id is
// deliveryJobId(), so enqueuing the same delivery twice makes one job.
import type { Delivery, DeliveryQueue } from '../../src/domain/ports/chat.js';
import type { Priority } from '../../src/domain/ticket.js';
import { deliveryJobId } from '../../src/pipeline/jobs/job-contracts.js';

export interface RecordingDeliveryQueue extends DeliveryQueue {
  /** Each job, in the order it was first enqueued. */
  readonly jobs: { delivery: Delivery; priority: Priority }[];
  /** The jobs' deliveries. */
  deliveries(): Delivery[];
}

export function createRecordingDeliveryQueue(): RecordingDeliveryQueue {
  const byId = new Map<string, { delivery: Delivery; priority: Priority }>();
  const jobs: { delivery: Delivery; priority: Priority }[] = [];
  return {
    jobs,
    deliveries: () => jobs.map((j) => j.delivery),
    async enqueue(delivery, priority) {
      const id = deliveryJobId(delivery);
      if (byId.has(id)) return;
      const job = { delivery: structuredClone(delivery), priority };
      byId.set(id, job);
      jobs.push(job);
    },
  };
}
