// `npm run bench`: every benchmark in turn. Each prints its method, machine and results.
await import('./keyChoice.js');
