// Ajv's validators of the schemas we validate against. Here they are compiled on first use; the
// shipped bundles replace this module with the same validators compiled at build time by Ajv's
// standalone code generation (esbuild.mjs), since compiling the http schema alone takes ~0.1 s of
// every CLI run and of a language server's first open.

import Ajv, { CodeOptions, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Schema } from './schemas';

/** The one Ajv configuration, at run time and at build time (`code.source` for standalone code). */
export function createAjv(code?: CodeOptions): Ajv {
  return addFormats(new Ajv({ allErrors: true, strict: false, verbose: false, code }));
}

let ajv: Ajv | undefined;
const compiled = new WeakMap<Schema, ValidateFunction>();

export function validatorFor(schema: Schema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = (ajv ??= createAjv()).compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}
