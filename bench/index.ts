// `npm run bench`: every benchmark in turn. Each prints its method, machine and results.
await import('./keyChoice.js');
await import('./gateway.js');
await import('./wholeFloor.js');
const { benchResume } = await import('./resume.js');
await benchResume();
await import('./bigBodies.js');
