import { HomePage } from "@/features/home/components/home-page";

export function App() {
  return <HomePage />;
}
