/**
 * Menus (Radix): a dropdown menu opened from a button and a context menu opened by
 * right-click / Shift+F10. Both move focus into the menu, support arrow keys, Home/End and
 * type-ahead, close on Escape or a click outside and return focus to the trigger.
 */
import * as ContextMenuPrimitive from "@radix-ui/react-context-menu";
import * as DropdownMenuPrimitive from "@radix-ui/react-dropdown-menu";
import type { ComponentProps } from "react";
import { cn } from "@/lib/cn";

const panel = "z-50 min-w-56 rounded-lg border border-zinc-700 bg-zinc-900 p-1 text-sm shadow-2xl shadow-black/60";
const item = cn(
  "flex w-full cursor-default items-center rounded-md px-2.5 py-1.5 text-left text-zinc-200 outline-none select-none",
  "data-[highlighted]:bg-zinc-800 data-[disabled]:pointer-events-none data-[disabled]:opacity-40",
);
const dangerItem = "text-red-300 data-[highlighted]:bg-red-500/15";
const labelClass = "truncate px-2.5 pt-1 pb-1.5 text-[11px] font-medium text-zinc-500";

export const DropdownMenu = DropdownMenuPrimitive.Root;
export const DropdownMenuTrigger = DropdownMenuPrimitive.Trigger;

export function DropdownMenuContent({ className, ...props }: ComponentProps<typeof DropdownMenuPrimitive.Content>) {
  return (
    <DropdownMenuPrimitive.Portal>
      <DropdownMenuPrimitive.Content sideOffset={4} align="end" className={cn(panel, className)} {...props} />
    </DropdownMenuPrimitive.Portal>
  );
}

export function DropdownMenuItem({ className, danger, ...props }: ComponentProps<typeof DropdownMenuPrimitive.Item> & { danger?: boolean }) {
  return <DropdownMenuPrimitive.Item className={cn(item, danger && dangerItem, className)} {...props} />;
}

export const ContextMenu = ContextMenuPrimitive.Root;
export const ContextMenuTrigger = ContextMenuPrimitive.Trigger;

export function ContextMenuContent({ className, ...props }: ComponentProps<typeof ContextMenuPrimitive.Content>) {
  return (
    <ContextMenuPrimitive.Portal>
      <ContextMenuPrimitive.Content collisionPadding={4} className={cn(panel, className)} {...props} />
    </ContextMenuPrimitive.Portal>
  );
}

export function ContextMenuItem({ className, danger, ...props }: ComponentProps<typeof ContextMenuPrimitive.Item> & { danger?: boolean }) {
  return <ContextMenuPrimitive.Item className={cn(item, danger && dangerItem, className)} {...props} />;
}

export function ContextMenuLabel({ className, ...props }: ComponentProps<typeof ContextMenuPrimitive.Label>) {
  return <ContextMenuPrimitive.Label className={cn(labelClass, className)} {...props} />;
}
