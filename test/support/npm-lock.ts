import { createHash } from 'node:crypto';
import fs from 'node:fs';

/** The `integrity` a package-lock entry carries for a tarball (sha512 SRI). */
export const sha512Integrity = (file: string): string =>
  `sha512-${createHash('sha512').update(fs.readFileSync(file)).digest('base64')}`;
