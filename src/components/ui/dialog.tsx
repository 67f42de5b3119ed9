/**
 * Modal dialog (Radix): focus moves inside on open (to `[data-autofocus]` if there is one),
 * Tab is trapped, the rest of the window is inert (hidden from assistive tech, no pointer),
 * Escape or a click outside closes, and focus returns to where it was.
 */
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { XIcon } from "lucide-react";
import { useRef, type ReactNode } from "react";
import { cn } from "@/lib/cn";

type DialogProps = {
  open: boolean;
  onClose: () => void;
  title: string;
  /** Shown in the header above the title: the cluster's guard label, for a dialog about one cluster. */
  badge?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  className?: string;
};

export function Dialog({ open, onClose, title, badge, description, children, className }: DialogProps) {
  // Our dialogs are opened from many places (shortcuts, menus, rows), not from a Radix
  // trigger, so remember what had focus when one opened and give focus back to it.
  const returnTo = useRef<HTMLElement | null>(null);
  return (
    <DialogPrimitive.Root open={open} onOpenChange={(next) => !next && onClose()}>
      <DialogPrimitive.Portal>
        <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/60 backdrop-blur-[2px]" />
        <DialogPrimitive.Content
          // Without a description, say so (Radix would otherwise point at a missing element).
          {...(description ? {} : { "aria-describedby": undefined })}
          onOpenAutoFocus={(event) => {
            returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
            const target = (event.currentTarget as HTMLElement | null)?.querySelector<HTMLElement>("[data-autofocus]");
            if (!target) return;
            event.preventDefault();
            target.focus();
          }}
          onCloseAutoFocus={(event) => {
            const previous = returnTo.current;
            returnTo.current = null;
            if (!previous?.isConnected) return;
            event.preventDefault();
            previous.focus();
          }}
          className={cn(
            "fixed top-[12vh] left-1/2 z-50 w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 rounded-xl border border-zinc-800 bg-zinc-900 p-5 shadow-2xl shadow-black/50 outline-none",
            className,
          )}
        >
          <div className="mb-4 flex items-start justify-between gap-4">
            <div className="min-w-0">
              {badge ? <div className="mb-1.5 flex flex-wrap items-center gap-1.5">{badge}</div> : null}
              <DialogPrimitive.Title className="text-base font-semibold text-zinc-100">{title}</DialogPrimitive.Title>
              {description ? (
                <DialogPrimitive.Description asChild>
                  <div className="mt-1 text-sm text-zinc-400">{description}</div>
                </DialogPrimitive.Description>
              ) : null}
            </div>
            <DialogPrimitive.Close
              aria-label="Close"
              className="-m-1 rounded-md p-1 text-zinc-500 hover:bg-zinc-800 hover:text-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-400"
            >
              <XIcon size={16} />
            </DialogPrimitive.Close>
          </div>
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    </DialogPrimitive.Root>
  );
}
