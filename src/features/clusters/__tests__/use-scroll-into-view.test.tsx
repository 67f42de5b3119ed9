import { act, render } from "@testing-library/react";
import { useRef } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useScrollIntoView } from "../hooks/use-scroll-into-view";

// jsdom has no IntersectionObserver: a stand-in the test drives (the browser's edge, not ours).
type Callback = (entries: Array<{ intersectionRatio: number }>) => void;
const observers: Array<{ callback: Callback; root: Element | null; nodes: Element[] }> = [];
class FakeObserver {
  private readonly me: (typeof observers)[number];
  constructor(callback: Callback, options: { root: Element | null }) {
    this.me = { callback, root: options.root, nodes: [] };
    observers.push(this.me);
  }
  observe(node: Element) {
    this.me.nodes.push(node);
  }
  disconnect() {
    this.me.nodes = [];
  }
}

function Tab({ active }: { active: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useScrollIntoView(ref, active);
  return (
    <div role="tablist">
      <div ref={ref} data-testid="tab" />
    </div>
  );
}

const painted = () => act(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 10))));
const say = (ratio: number) => act(() => observers.at(-1)!.callback([{ intersectionRatio: ratio }]));

describe("useScrollIntoView", () => {
  let scrolled: ReturnType<typeof vi.fn>;
  const original = Element.prototype.scrollIntoView;
  beforeEach(() => {
    observers.length = 0;
    vi.stubGlobal("IntersectionObserver", FakeObserver);
    scrolled = vi.fn();
    Element.prototype.scrollIntoView = scrolled as unknown as Element["scrollIntoView"];
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    Element.prototype.scrollIntoView = original;
  });

  it("watches the element within its tab strip", () => {
    const { getByTestId, getByRole } = render(<Tab active={false} />);
    expect(observers.at(-1)!.nodes).toEqual([getByTestId("tab")]);
    expect(observers.at(-1)!.root).toBe(getByRole("tablist"));
  });

  it("scrolls after the paint when the element is not wholly in sight, and not when it is", async () => {
    const { rerender } = render(<Tab active={false} />);
    await say(0.4);
    rerender(<Tab active />);
    expect(scrolled).not.toHaveBeenCalled();
    await painted();
    expect(scrolled).toHaveBeenCalledTimes(1);

    rerender(<Tab active={false} />);
    await say(1);
    rerender(<Tab active />);
    await painted();
    expect(scrolled).toHaveBeenCalledTimes(1);
  });

  it("scrolls as before while the observer has not said yet", async () => {
    render(<Tab active />);
    await painted();
    expect(scrolled).toHaveBeenCalledWith({ block: "nearest", inline: "nearest" });
  });
});
