// Training takes from under a second (the default pack) to half a minute (Banking77-sized data) of
// pure CPU. On the worker's main thread that would stall every ticket in flight and let BullMQ
// think its jobs had died, so it runs in a worker thread and only the finished state comes back.
import { Worker } from 'node:worker_threads';
import { IntentClassifier, type ClassifierState, type LabelledText } from '../../nlp/intent-classifier.js';

const ENTRY = new URL('./classifier-thread.mjs', import.meta.url);

export function trainInThread(examples: readonly LabelledText[]): Promise<IntentClassifier> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { examples } });
    let settled = false;
    worker.once('message', (state: ClassifierState) => {
      settled = true;
      void worker.terminate();
      try {
        resolve(IntentClassifier.restore(state));
      } catch (err) {
        reject(err);
      }
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`classifier training thread exited with code ${code}`));
    });
  });
}
