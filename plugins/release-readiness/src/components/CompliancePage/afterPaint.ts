/**
 * Runs `fn` once the browser has painted what was just committed: after its
 * next animation frame, in a task of its own. Work started from a React effect
 * this way (the pickers' first render, catalog lookups) cannot delay the
 * paint of the rows. Returns a function that cancels it if it has not run.
 *
 * @internal
 */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(fn, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
