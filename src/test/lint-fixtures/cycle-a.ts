// Lint fixture (ignored by the normal lint): half of an import cycle that check-lint-rules.mjs expects to be reported.
import { b } from "./cycle-b";

export const a = () => b();
