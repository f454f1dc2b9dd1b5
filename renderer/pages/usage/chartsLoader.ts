// The charts (and with them recharts, most of the bundle) load on demand; App prefetches them.
export const loadUsageCharts = () => import('./UsageCharts').then((module) => module.UsageChart);
