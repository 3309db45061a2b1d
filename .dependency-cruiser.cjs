// The layer rule (CONTRIBUTING.md): clumio/ ← core/ ← restorers/ ← schemas/ ← workflows/ ← handlers/, local/.
// A folder imports only from folders below it, type-only imports included; no file takes part in a cycle.
const layers = ['clumio', 'core', 'restorers', 'schemas', 'workflows'];
const top = ['handlers', 'local'];

const upward = layers.map((layer, i) => ({
  name: `layer-${layer}`,
  comment: `${layer}/ imports only from the layers below it (${layers.slice(0, i).join(', ') || 'none'})`,
  severity: 'error',
  from: { path: `^${layer}/` },
  to: { path: `^(${[...layers.slice(i + 1), ...top].join('|')})/` },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'layer-handlers',
      comment: 'handlers/ wire workflows/ into Lambda; they never import the local CLI, runner or simulator',
      severity: 'error',
      from: { path: '^handlers/' },
      to: { path: '^local/' },
    },
    {
      name: 'layer-local',
      comment: 'local/ runs handlers through the runner by name from serverless.yml, never by import',
      severity: 'error',
      from: { path: '^local/' },
      to: { path: '^handlers/' },
    },
    {
      name: 'simulator-independent',
      comment:
        'the simulator checks the client, the restorers and the workflows: it must not agree with them by construction',
      severity: 'error',
      from: { path: '^local/simulator/' },
      to: { path: '^(clumio|restorers|schemas|workflows)/' },
    },
    {
      name: 'no-circular',
      comment: 'no import cycle between files',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.serverless|\\.esbuild|coverage|runs)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
