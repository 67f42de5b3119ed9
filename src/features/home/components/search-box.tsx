import { useRef } from "react";
import { SearchInput } from "@/components/ui/search-input";
import { Tooltip } from "@/components/ui/tooltip";
import { useSearchShortcut } from "../hooks/use-search-shortcut";
import { useDiscoveryStore } from "../stores/use-discovery-store";

export function SearchBox() {
  const query = useDiscoveryStore((s) => s.query);
  const setQuery = useDiscoveryStore((s) => s.setQuery);
  const inputRef = useRef<HTMLInputElement>(null);
  useSearchShortcut(inputRef);

  return (
    <div className="relative w-full max-w-md">
      <Tooltip content="Search by context, cluster, server, user, namespace or file ( / or Ctrl+F )">
        <SearchInput
          ref={inputRef}
          role="searchbox"
          aria-label="Search contexts"
          aria-keyshortcuts="/ Control+F"
          placeholder="Search contexts…"
          value={query}
          onValueChange={(value) => {
            setQuery(value);
            if (!value) inputRef.current?.focus();
          }}
          clearable
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            if (query) setQuery("");
            else e.currentTarget.blur();
          }}
        />
      </Tooltip>
      {query ? null : (
        <kbd className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 rounded border border-zinc-700 px-1.5 font-mono text-[10px] text-zinc-500">/</kbd>
      )}
    </div>
  );
}
