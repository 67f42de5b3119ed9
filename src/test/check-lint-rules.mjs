// Proves the import rules in eslint.config.js still fire (run by `make lint`): a rule that
// silently stops matching (a renamed folder, a resolver that no longer resolves `@/`) would
// otherwise let every boundary break without a sound.
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = fileURLToPath(new URL("../..", import.meta.url));
const eslint = new ESLint({ cwd: root, ignore: false });

/** Lints `code` as if it lived at `file` (the imports resolve to real files). */
async function ruleIds(file, code) {
  const [result] = code === null ? await eslint.lintFiles([file]) : await eslint.lintText(code, { filePath: `${root}/${file}` });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

const cases = [
  {
    what: "a feature importing another feature",
    file: "src/features/home/lint-fixture.ts",
    code: 'import { Dashboard } from "@/features/dashboard/components/dashboard";\nexport const x = Dashboard;\n',
    expect: "import-x/no-restricted-paths",
  },
  {
    what: "src/lib importing a store",
    file: "src/lib/lint-fixture.ts",
    code: 'import { useClusterStore } from "@/stores/cluster-store";\nexport const x = useClusterStore;\n',
    expect: "import-x/no-restricted-paths",
  },
  {
    what: "src/components importing a feature",
    file: "src/components/ui/lint-fixture.ts",
    code: 'import { HomePage } from "@/features/home/components/home-page";\nexport const x = HomePage;\n',
    expect: "import-x/no-restricted-paths",
  },
  {
    what: "an import cycle",
    file: "src/test/lint-fixtures/cycle-a.ts",
    code: null,
    expect: "import-x/no-cycle",
  },
  {
    what: "a feature importing a store (allowed)",
    file: "src/features/home/lint-fixture.ts",
    code: 'import { useClusterStore } from "@/stores/cluster-store";\nexport const x = useClusterStore;\n',
    expect: null,
  },
];

let failed = 0;
for (const c of cases) {
  const ids = await ruleIds(c.file, c.code);
  const importRules = ids.filter((id) => id.startsWith("import-x/") || !id.includes("/"));
  const ok = c.expect ? ids.includes(c.expect) : importRules.length === 0;
  if (!ok) failed++;
  console.log(`${ok ? "ok  " : "FAIL"} ${c.what}: ${c.expect ?? "no import error"} (reported: ${ids.join(", ") || "nothing"})`);
}
console.log(`${cases.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
