// Where a workspace's files come from. The core reads no disk: the CLI gives it the disk
// (node/diskSource.ts), the language server the editor's open documents over the disk
// (lsp/documentSource.ts), so a check reading other files (a kustomization's resources, the paths
// a manifest names) sees what the editor shows. Paths are absolute, as the platform writes them.

export interface FileSource {
  /** A file's text; undefined when there is none, or it cannot be read. */
  read(file: string): string | undefined;
  /** Whether a file or a folder is there. */
  exists(path: string): boolean;
  /** Whether it is a folder. */
  isFolder(path: string): boolean;
  /** The names in a folder; empty when it is none. */
  list(folder: string): string[];
}
