/** File-system helpers shared by the store and the runners. */
export { writeFileAtomic } from './atomic-write';
