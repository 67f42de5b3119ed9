// The shown shell tab's terminal in the real app: its screen (xterm's DOM renderer keeps the
// text in the DOM), typing into it, and an `echo` round trip.

export function terminal(session) {
  /** The screen text of the shown terminal, one string per row; null when none is shown. */
  const rows = () =>
    session.execute(`const t = [...document.querySelectorAll('[data-testid="terminal"]')].find((e) => e.offsetParent !== null); return t ? [...t.querySelectorAll('.xterm-rows > div')].map((r) => r.textContent) : null;`);

  /** Types `text` into the shown terminal (a newline runs it). */
  const type = async (text) => {
    const textarea = await session.waitFor("the terminal's input", async () => (await session.findAll('[data-testid="terminal-tab"]:not(.hidden) .xterm-helper-textarea'))[0]);
    await session.type(textarea, text);
  };

  /** Runs `echo <marker>` in the shown terminal and waits for a row that is exactly the marker. */
  const echo = async (marker, timeoutMs = 20_000) => {
    await type(`echo ${marker}\n`);
    await session.waitFor(`the shell to answer ${marker}`, async () => (await rows())?.some((r) => r.trim() === marker), timeoutMs);
  };

  return { rows, type, echo };
}
