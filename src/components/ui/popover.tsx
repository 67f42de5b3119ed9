/**
 * Popover (Radix): a non-modal panel anchored to its trigger; Escape or a click outside
 * closes it and focus returns to the trigger.
 */
import * as PopoverPrimitive from "@radix-ui/react-popover";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

export const Popover = PopoverPrimitive.Root;
export const PopoverTrigger = PopoverPrimitive.Trigger;

export function PopoverContent({ className, ...props }: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        sideOffset={4}
        align="end"
        collisionPadding={8}
        className={cn("z-50 w-72 rounded-lg border border-zinc-700 bg-zinc-900 p-3 text-sm shadow-2xl shadow-black/60 outline-none", className)}
        {...props}
      />
    </PopoverPrimitive.Portal>
  );
}
