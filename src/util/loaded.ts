//! Which heavy parts of the program this process has loaded (DOSSIER_TRACE reports them: a build with
//! nothing to write must load no writer, no font and no pdf-lib). A module marks itself when evaluated.
const loaded = new Set<string>();

export function markLoaded(part: string): void {
  loaded.add(part);
}

export function loadedParts(): string[] {
  return [...loaded].sort();
}
