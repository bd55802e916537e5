// Kustomize's folders: which files are kustomizations, and which kustomization folder a file
// belongs to. Shared by the workspace index (ids are unique per Kustomize folder) and the
// overlay-aware build (kustomize/). Files are paths or URIs, with `/` or `\` separators.

/** The names Kustomize reads as a kustomization. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Whether the file is a kustomization. */
export function isKustomization(file: string): boolean {
  return KUSTOMIZATION_NAMES.includes(file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1));
}

/** Whether the file is under the folder ('' holds everything): `/x/app2/f` is not under `/x/app`. */
export function inside(file: string, folder: string): boolean {
  return folder === '' || (file.startsWith(folder) && /[\\/]/.test(file.charAt(folder.length)));
}

/** The nearest of the folders above the file (its Kustomize folder, given the kustomizations' folders); '' when none is. */
export function nearestFolder(file: string, folders: Iterable<string>): string {
  let nearest = '';
  for (const folder of folders) if (folder.length > nearest.length && inside(file, folder)) nearest = folder;
  return nearest;
}
