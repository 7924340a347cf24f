import { HaleError } from '../../../lib/errors';

export type OsPackageCode =
  | 'OSPKG_SPEC_INVALID'
  | 'OSPKG_DEB_INVALID'
  | 'OSPKG_REPO_INVALID'
  | 'OSPKG_UPDATE_FAILED'
  | 'OSPKG_INSTALL_FAILED'
  | 'OSPKG_REMOVE_FAILED'
  | 'OSPKG_SNAPSHOT_INVALID'
  | 'OSPKG_ROLLBACK_UNAVAILABLE';

export class OsPackageError extends HaleError<OsPackageCode> {}
