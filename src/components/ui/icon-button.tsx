/**
 * A square button with only an icon: its label is both the accessible name and, with the
 * optional keyboard hint, the tooltip.
 */
import type { ButtonHTMLAttributes, Ref } from "react";
import { cn } from "@/lib/cn";
import { Tooltip } from "./tooltip";

type IconButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** Accessible name of the button. */
  label: string;
  /** Tooltip text; defaults to the label. */
  tooltip?: string;
  ref?: Ref<HTMLButtonElement>;
};

export function IconButton({ label, tooltip, className, type = "button", ref, ...props }: IconButtonProps) {
  return (
    <Tooltip content={tooltip ?? label}>
      <button
        ref={ref}
        type={type}
        aria-label={label}
        className={cn(
          "flex h-8 w-8 shrink-0 items-center justify-center rounded-md text-zinc-400 hover:bg-zinc-800 hover:text-zinc-100",
          "focus-visible:outline-2 focus-visible:outline-sky-400 disabled:pointer-events-none disabled:opacity-40",
          className,
        )}
        {...props}
      />
    </Tooltip>
  );
}
