/**
 * Tooltip (Radix): opens on hover and on keyboard focus, closes on Escape. The text is also
 * kept on the trigger as `data-tooltip`, so tests and E2E checks can read it without hovering.
 */
import * as TooltipPrimitive from "@radix-ui/react-tooltip";
import type { ReactElement, ReactNode } from "react";
import { cn } from "@/lib/cn";

type TooltipProps = {
  /** What the tooltip says; nothing renders the trigger alone. */
  content: ReactNode;
  /** One element that can hold a ref (a button, a span, …). */
  children: ReactElement;
  side?: "top" | "right" | "bottom" | "left";
  className?: string;
};

export function Tooltip({ content, children, side = "bottom", className }: TooltipProps) {
  if (content === null || content === undefined || content === "" || content === false) return children;
  return (
    <TooltipPrimitive.Provider delayDuration={400} skipDelayDuration={200}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild data-tooltip={typeof content === "string" ? content : undefined}>
          {children}
        </TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={6}
            collisionPadding={8}
            className={cn(
              "z-[60] max-w-sm rounded-md border border-zinc-700 bg-zinc-800 px-2 py-1 text-xs leading-5 whitespace-pre-line text-zinc-100 shadow-lg shadow-black/40",
              className,
            )}
          >
            {content}
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
