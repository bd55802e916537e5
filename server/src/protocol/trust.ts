// Workspace trust, as the extension tells the language server (and the CLI its child processes).

/**
 * Set (to "1") in the environment of a language server working for an untrusted workspace (VS Code's
 * Restricted Mode): no module is loaded from the workspace then, and no code of it runs.
 */
export const RESTRICTED_ENV = 'SYNTHETICS_GITOPS_RESTRICTED';
