/**
 * `npm start`: the playground. Until the simulator lands it builds the bundles and says so.
 */
import { buildFunctions } from './build.ts';

const built = await buildFunctions({ quiet: true });
for (const fn of built) console.log(`built ${fn.name} (${(fn.bytes / 1024).toFixed(1)} KiB)`);
console.log('The playground (simulated AWS account) is not available yet.');
