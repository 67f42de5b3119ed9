// Lint fixture (ignored by the normal lint): the other half of the import cycle.
import { a } from "./cycle-a";

export const b = (): unknown => a;
