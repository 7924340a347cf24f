import { HaleError } from '../../../lib/errors';

export type PythonEnvCode =
  | 'PYENV_BUILD_FAILED'
  | 'PYENV_INSTALL_FAILED'
  | 'PYENV_IMPORT_AUDIT_FAILED'
  | 'PYENV_NO_PREVIOUS'
  | 'PYENV_LAYOUT_INVALID';

export class PythonEnvError extends HaleError<PythonEnvCode> {}
