// The editor's open documents over the disk, as the workspace's source of files
// (core/workspace/source.ts): a check reading another file (a kustomization's resources, a path a
// manifest names) sees the text the editor shows, saved or not, and a file opened but not saved yet.

import * as path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileSource } from '../core';
import { DiskSource } from '../node/diskSource';
import { pathToUri, uriToPath } from './paths';

export class DocumentSource implements FileSource {
  private readonly disk = new DiskSource();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  read(file: string): string | undefined {
    return this.documents.get(pathToUri(file))?.getText() ?? this.disk.read(file);
  }

  exists(file: string): boolean {
    return !!this.documents.get(pathToUri(file)) || this.disk.exists(file);
  }

  isFolder(file: string): boolean {
    return this.disk.isFolder(file);
  }

  list(folder: string): string[] {
    const open = this.documents.keys().flatMap((uri) => {
      const file = uriToPath(uri);
      return file && path.dirname(file) === folder ? [path.basename(file)] : [];
    });
    return [...new Set([...this.disk.list(folder), ...open])];
  }

  /** Open documents whose text is not what the disk holds (unsaved edits, or never saved). */
  unsaved(folder: string): string[] {
    return this.documents.keys().flatMap((uri) => {
      const file = uriToPath(uri);
      return file && file.startsWith(folder + path.sep) && this.documents.get(uri)!.getText() !== this.disk.read(file) ? [file] : [];
    });
  }
}
