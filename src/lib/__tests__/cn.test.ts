import { describe, expect, it } from "vitest";
import { cn } from "@/lib/cn";

describe("cn", () => {
  it("lets a later Tailwind class override an earlier one of the same group", () => {
    expect(cn("bg-sky-500 text-zinc-950 h-8", "bg-red-500 text-white")).toBe("h-8 bg-red-500 text-white");
    expect(cn("h-8 w-8", "h-6")).toBe("w-8 h-6");
  });

  it("skips falsy values and keeps unrelated classes", () => {
    expect(cn("px-2", false, null, undefined, "font-medium")).toBe("px-2 font-medium");
  });
});
