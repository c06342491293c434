// Runs in a worker thread: trains one classifier and sends back its state.
import { parentPort, workerData } from 'node:worker_threads';
import { IntentClassifier, type LabelledText } from '../../nlp/intent-classifier.js';

const { examples } = workerData as { examples: LabelledText[] };
parentPort!.postMessage(IntentClassifier.train(examples).toState());
