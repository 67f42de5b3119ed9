/**
 * Runs `run` once the next frame is painted (a task after the next animation frame); returns a
 * cancel. For work that reads or changes layout but need not be in the frame a change is
 * painted in: there the layout is already clean, so reading it costs nothing.
 */
export function afterPaint(run: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(run)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
