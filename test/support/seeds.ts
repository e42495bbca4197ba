import { loadSeedFile } from '../../src/sandbox/index.ts';

/**
 * The default seed plus OPS, a second project on the same site and workflow (one that
 * config/projects.yaml does not map): to tell project filters and project scope apart.
 */
export function seedWithOpsProject() {
  const seed = loadSeedFile();
  return {
    ...seed,
    projects: [
      ...seed.projects,
      {
        id: '10001',
        key: 'OPS',
        name: 'Operações',
        issueTypes: [{ id: '10011', name: 'Tarefa', description: '' }],
      },
    ],
  };
}
