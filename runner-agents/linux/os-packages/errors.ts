import { HaleError } from '../../../lib/errors';

export type OsPackageCode =
  | 'OSPKG_SPEC_INVALID'
  | 'OSPKG_DEB_INVALID'
  | 'OSPKG_REPO_INVALID'
  | 'OSPKG_UPDATE_FAILED'
  | 'OSPKG_INSTALL_FAILED'
  | 'OSPKG_REMOVE_FAILED';

export class OsPackageError extends HaleError<OsPackageCode> {}
