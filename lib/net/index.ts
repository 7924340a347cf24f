export { freePort, isPortInUse } from './ports';
