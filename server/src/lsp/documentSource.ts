// The editor's open documents over the disk, as the workspace's source of files
// (core/workspace/source.ts): a check reading another file (a kustomization's resources, a path a
// manifest names) sees the text the editor shows, saved or not. A document whose file is not on
// disk is a deleted file, as the editor shows it ("deleted", not unsaved): the editor keeps, and
// even reopens, such documents after their tabs close, and a plan that read them would push
// monitors git no longer has.

import * as path from 'node:path';
import { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FileSource } from '../core';
import { DiskSource } from '../node/diskSource';
import { pathToUri, uriToPath } from './paths';

export class DocumentSource implements FileSource {
  private readonly disk = new DiskSource();

  constructor(private readonly documents: TextDocuments<TextDocument>) {}

  /** The file's open document, unless the file is gone from disk (see above). */
  open(file: string): TextDocument | undefined {
    const document = this.documents.get(pathToUri(file));
    return document && this.disk.exists(file) ? document : undefined;
  }

  read(file: string): string | undefined {
    return this.open(file)?.getText() ?? this.disk.read(file);
  }

  exists(file: string): boolean {
    return this.disk.exists(file);
  }

  isFolder(file: string): boolean {
    return this.disk.isFolder(file);
  }

  list(folder: string): string[] {
    return this.disk.list(folder);
  }

  /**
   * The folder's files with unsaved edits: those of `named` (the URIs the editor says it holds
   * unsaved) whose file is there, else each open document whose text is not what the disk holds.
   */
  unsaved(folder: string, named?: string[]): string[] {
    const inFolder = (file: string | undefined): file is string => !!file && file.startsWith(folder + path.sep);
    if (named) {
      return named.flatMap((uri) => {
        const file = uriToPath(uri);
        return inFolder(file) && this.open(file) ? [file] : [];
      });
    }
    return this.documents.keys().flatMap((uri) => {
      const file = uriToPath(uri);
      const text = inFolder(file) ? this.disk.read(file) : undefined;
      return text !== undefined && this.documents.get(uri)!.getText() !== text ? [file!] : [];
    });
  }
}
