/** The one search / filter field: a magnifier, a text input and, when there is text, a clear button. */
import { SearchIcon, XIcon } from "lucide-react";
import type { InputHTMLAttributes, Ref } from "react";
import { cn } from "@/lib/cn";

type SearchInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "onChange" | "value" | "size"> & {
  value: string;
  onValueChange: (value: string) => void;
  /** `sm` for toolbars, `md` for page search. */
  size?: "sm" | "md";
  /** Shows a clear (×) button while there is text. */
  clearable?: boolean;
  clearTestId?: string;
  ref?: Ref<HTMLInputElement>;
};

export function SearchInput({ value, onValueChange, size = "md", clearable, clearTestId, className, ref, ...props }: SearchInputProps) {
  const small = size === "sm";
  return (
    <div className={cn("relative", className)}>
      <SearchIcon size={small ? 14 : 16} aria-hidden="true" className={cn("pointer-events-none absolute top-1/2 -translate-y-1/2 text-zinc-500", small ? "left-2.5" : "left-3")} />
      <input
        ref={ref}
        type="search"
        spellCheck={false}
        autoComplete="off"
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        className={cn(
          "w-full rounded-md border border-zinc-800 bg-zinc-900 text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none",
          "[&::-webkit-search-cancel-button]:hidden",
          small ? "h-8 pr-2 pl-8 text-xs" : "h-9 pr-9 pl-9 text-sm",
        )}
        {...props}
      />
      {clearable && value ? (
        <button
          type="button"
          aria-label="Clear search"
          data-testid={clearTestId}
          onClick={() => onValueChange("")}
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-400"
        >
          <XIcon size={14} />
        </button>
      ) : null}
    </div>
  );
}
