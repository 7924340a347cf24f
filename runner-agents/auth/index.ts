/** Signed, authorized runner actions: the control plane signs, the runner verifies and checks RBAC. */
export { RunnerAuthError, type RunnerAuthCode } from './errors';
export {
  actionStatement,
  parseSignedAction,
  signAction,
  type Action,
  type SignedAction,
} from './signed-action';
export { verifyAction, type TrustedControlKey, type VerifyActionOptions } from './verify-action';
export { ReplayGuard } from './replay-guard';
export { authorize, loadRbacPolicy, neededPermissions, type Needed, type RbacPolicy } from './rbac';
