import type { InputHTMLAttributes, Ref } from "react";
import { cn } from "@/lib/cn";

export function Input({ className, ref, ...props }: InputHTMLAttributes<HTMLInputElement> & { ref?: Ref<HTMLInputElement> }) {
  return (
    <input
      ref={ref}
      className={cn(
        "h-9 w-full rounded-md border border-zinc-700 bg-zinc-900 px-3 text-sm text-zinc-100 placeholder:text-zinc-500",
        "focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/40",
        "aria-invalid:border-red-500/70",
        className,
      )}
      {...props}
    />
  );
}
