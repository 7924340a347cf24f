export { startLiveTraffic } from '../../cli/demo-traffic';
