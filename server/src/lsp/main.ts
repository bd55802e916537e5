// Entry of the language server: `node dist/server.js --stdio` (or --node-ipc from VS Code).

import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
