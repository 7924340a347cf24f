import { HaleError } from '../../../lib/errors';

export type NodeReleaseCode =
  | 'NODE_RELEASE_SOURCE_INVALID'
  | 'NODE_RELEASE_CACHE_FAILED'
  | 'NODE_RELEASE_INSTALL_FAILED'
  | 'NODE_RELEASE_REQUIRE_AUDIT_FAILED'
  | 'NODE_RELEASE_NO_PREVIOUS'
  | 'NODE_RELEASE_LAYOUT_INVALID';

export class NodeReleaseError extends HaleError<NodeReleaseCode> {}
