// Temperature scaling: one parameter T that makes softmax(z / T) match how often the model is
// right, fitted on messages the model was not trained on (Guo et al. 2017).
import { softmax } from './softmax-regression.js';

/** Mean negative log-likelihood of the true labels at temperature T. */
function nll(allLogits: readonly Float64Array[], labels: readonly number[], temperature: number): number {
  let total = 0;
  for (let n = 0; n < allLogits.length; n++) {
    const p = softmax(Float64Array.from(allLogits[n]!), temperature);
    total -= Math.log(Math.max(p[labels[n]!]!, 1e-12));
  }
  return total / allLogits.length;
}

/** The temperature in [0.05, 20] with the lowest held-out NLL (golden-section search on log T). */
export function fitTemperature(allLogits: readonly Float64Array[], labels: readonly number[]): number {
  if (allLogits.length === 0) return 1;
  const phi = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(allLogits, labels, Math.exp(a));
  let fb = nll(allLogits, labels, Math.exp(b));
  for (let i = 0; i < 40; i++) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(allLogits, labels, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(allLogits, labels, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}
