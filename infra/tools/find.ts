import fs from 'node:fs';
import path from 'node:path';

/** Tool cache: `$HALE_TOOLS_DIR`, else `<repo>/.tools` (also from the compiled `dist/` tree). */
export function defaultToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HALE_TOOLS_DIR) return env.HALE_TOOLS_DIR;
  const inDist = __dirname.includes(`${path.sep}dist${path.sep}`);
  return path.resolve(__dirname, '..', '..', ...(inDist ? ['..'] : []), '.tools');
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return undefined;
}
