import path from 'node:path';

/**
 * Where a blue/green service's traffic router keeps its files on this host:
 * `<data_dir>/runner/routers/<service>.{sock,json,router.json,state.json,log}` — the control socket,
 * the persisted route state, the router's config, and its process state and log (ProcessDriver).
 */
export function routerPaths(dataDir: string, service: string) {
  const dir = path.join(dataDir, 'runner', 'routers');
  return {
    dir,
    socket: path.join(dir, `${service}.sock`),
    stateFile: path.join(dir, `${service}.json`),
    configFile: path.join(dir, `${service}.router.json`),
  };
}

export type RouterPaths = ReturnType<typeof routerPaths>;
