// Tenant paths: node names from the root joined by `/`. A `/` or `\` inside a name is escaped with `\`.

export function escapeName(name: string): string {
  return name.replace(/[\\/]/g, (c) => `\\${c}`);
}

export function joinPath(names: string[]): string {
  return names.map(escapeName).join('/');
}

export function splitPath(path: string): string[] {
  const names: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i];
    if (c === '\\' && i + 1 < path.length) current += path[++i];
    else if (c === '/') {
      names.push(current.trim());
      current = '';
    } else current += c;
  }
  names.push(current.trim());
  return names.filter((n) => n !== '');
}

/** The path in canonical form (trimmed names, single separators), for lookups. */
export function normalizePath(path: string): string {
  return joinPath(splitPath(path));
}

/** Whether `path` is `tenant` or a node below it (names compared one by one, so "A/B" is not below "A/Bc"). */
export function isWithin(path: string, tenant: string): boolean {
  const names = splitPath(path);
  const above = splitPath(tenant);
  return above.length <= names.length && above.every((name, i) => names[i] === name);
}
