/** Where action results appear (sonner): bottom right, dark, with rich colours for success and failure. */
import { Toaster as Sonner } from "sonner";

export function Toaster() {
  return <Sonner theme="dark" position="bottom-right" richColors closeButton duration={5000} toastOptions={{ className: "text-[13px]" }} />;
}
