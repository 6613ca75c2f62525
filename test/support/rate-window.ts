/**
 * Rate limits count in whole minutes of the clock: a test that sends N requests and expects the N+1th to be refused
 * must not straddle two minutes. Waits for the next minute when too little of this one is left.
 */
export async function awaitFreshWindow(secondsNeeded = 20): Promise<void> {
  const now = new Date();
  const left = 60 - now.getUTCSeconds() - now.getUTCMilliseconds() / 1000;
  if (left < secondsNeeded) await new Promise((r) => setTimeout(r, left * 1000 + 250));
}
