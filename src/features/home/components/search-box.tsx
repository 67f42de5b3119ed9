import { useRef } from "react";
import { SearchIcon, XIcon } from "lucide-react";
import { useDiscoveryStore } from "../stores/use-discovery-store";
import { useSearchShortcut } from "../hooks/use-search-shortcut";

export function SearchBox() {
  const query = useDiscoveryStore((s) => s.query);
  const setQuery = useDiscoveryStore((s) => s.setQuery);
  const inputRef = useRef<HTMLInputElement>(null);
  useSearchShortcut(inputRef);

  return (
    <div className="relative w-full max-w-md">
      <SearchIcon className="pointer-events-none absolute top-1/2 left-3 -translate-y-1/2 text-zinc-500" />
      <input
        ref={inputRef}
        type="search"
        role="searchbox"
        aria-label="Search contexts"
        aria-keyshortcuts="/ Control+F"
        placeholder="Search contexts…"
        title="Search by context, cluster, server, user, namespace or file ( / or Ctrl+F )"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== "Escape") return;
          e.preventDefault();
          if (query) setQuery("");
          else e.currentTarget.blur();
        }}
        spellCheck={false}
        autoComplete="off"
        className="h-9 w-full rounded-md border border-zinc-800 bg-zinc-900 pr-9 pl-9 text-sm text-zinc-100 placeholder:text-zinc-500 focus:border-sky-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-500/30 [&::-webkit-search-cancel-button]:hidden"
      />
      {query ? (
        <button
          type="button"
          aria-label="Clear search"
          onClick={() => {
            setQuery("");
            inputRef.current?.focus();
          }}
          className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-400"
        >
          <XIcon width={14} height={14} />
        </button>
      ) : (
        <kbd className="pointer-events-none absolute top-1/2 right-2.5 -translate-y-1/2 rounded border border-zinc-700 px-1.5 font-mono text-[10px] text-zinc-500">
          /
        </kbd>
      )}
    </div>
  );
}
