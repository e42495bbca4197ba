/**
 * A configured project by its Jira key. Own keys only: a webhook or a command line naming project
 * "constructor", "toString" or "__proto__" must find nothing, not Object's prototype.
 */
export function projectByKey<T>(projects: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(projects, key) ? projects[key] : undefined;
}
