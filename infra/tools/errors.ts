import { HaleError } from '../../lib/errors';

export type ToolErrorCode = 'TOOL_UNAVAILABLE' | 'TOOL_BUILD_FAILED';

/** A tool Hale runs could not be found or built; `details.output` carries go's last output lines. */
export class ToolError extends HaleError<ToolErrorCode> {}
